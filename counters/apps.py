"""Counters app config: the licence check at sign-in and at counter intake, texts, menu, a metric."""

from django.apps import AppConfig
from django.apps import apps as django_apps


class CountersConfig(AppConfig):
    name = "counters"
    verbose_name = "دفاتر پیشخوان: خوداظهاری، ارزیابی و رتبه‌بندی"

    def ready(self) -> None:
        from accounts.models import Role
        from accounts.services import register_login_check
        from core import nav
        from core.metrics import register_count_by
        from counters import notices, services
        from counters.models import Declaration

        register_login_check(services.licence_refusal)
        notices.register_texts()
        if django_apps.is_installed("desk"):
            from desk.services import register_counter_office_check

            register_counter_office_check(services.counter_office_refusal, reads=("licence",))
        nav.register_nav(
            "خوداظهاری دفتر",
            "counters:home",
            roles={Role.LICENCE_HOLDER.value},
            order=300,
            description="پرونده خوداظهاری، امتیاز و رتبه دفتر، اعتراض به امتیاز.",
        )
        nav.register_nav(
            "کارتابل ارزیابی دفاتر",
            "counters:workbench",
            roles={Role.REGION_EXPERT.value},
            order=310,
            description="پرونده‌های دفاتر منطقه به ترتیب مهلت، بررسی، عودت، تأیید و پاسخ به اعتراض.",
        )
        nav.register_nav(
            "رتبه‌بندی دفاتر پیشخوان",
            "counters:rankings",
            roles={
                Role.REGION_EXPERT.value,
                Role.PROVINCE_MANAGER.value,
                Role.HQ_PLANNER.value,
                Role.AUDITOR.value,
                Role.ADMINISTRATOR.value,
            },
            order=320,
            description="امتیاز و رتبه دفاتر به تفکیک استان و منطقه، با خروجی اکسل.",
        )
        # The regulator's staff: region experts (their regions) and HQ roles (every region).
        regulator_staff = {
            Role.REGION_EXPERT.value,
            Role.HQ_PLANNER.value,
            Role.AUDITOR.value,
            Role.ADMINISTRATOR.value,
        }
        nav.register_nav(
            "جریمه دفاتر پیشخوان",
            "counters:fines",
            roles=regulator_staff,
            order=330,
            description="جریمه تخلفات تأییدشده هر دفتر به تفکیک سال، با خروجی اکسل.",
        )
        nav.register_nav(
            "پروانه دفاتر پیشخوان",
            "counters:licences",
            roles=regulator_staff,
            order=305,
            description="ثبت، تمدید، تعلیق و لغو پروانه دفاتر و ورود پروانه‌ها از سامانه صدور پروانه.",
        )
        nav.register_nav(
            "نظارت ستاد بر دفاتر پیشخوان",
            "counters:hq",
            roles={Role.HQ_PLANNER.value, Role.ADMINISTRATOR.value},
            order=325,
            description="کار و مهلت‌های هر منطقه، اعتراض‌های بی‌پاسخ و میانگین امتیاز مناطق و استان‌ها در سال‌ها.",
        )
        register_count_by(
            name="miz_counters_declarations",
            documentation="Counter-office self-declaration files by review state.",
            queryset=Declaration.objects.all,
            field="state",
            values=Declaration.State.values,
        )
