"""The payments app's menu item: the daily reconciliation, beside the managers' desk report."""

from accounts.models import Role
from core import nav
from reports.scope import READER_ROLES


def register() -> None:
    nav.register_nav(
        "تطبیق روزانه پرداخت‌ها",
        "payments:reconcile",
        roles={Role(r).value for r in READER_ROLES},
        order=395,
        description="پرداخت‌های هر روز به تفکیک خدمت، واحد و درگاه، و ناسازگاری‌ها با گزارش درگاه.",
    )
