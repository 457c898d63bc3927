"""The complaints menu entries."""

from core import nav


def register() -> None:
    nav.register_nav(
        "ثبت شکایت",
        "complaints:file",
        roles={nav.SIGNED_IN},
        order=32,
        description="شکایت از واحدهای سازمان، کالای غیراستاندارد یا دفاتر پیشخوان؛ با کد رهگیری.",
    )
