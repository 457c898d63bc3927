"""The complaint subjects seed 004 names: the complaint lines of HQ's inspection and complaints
area, metrology, importers and inspection companies, and the desk's own service."""

from django.db import migrations

SUBJECTS = [
    ("کالا یا خدمت غیراستاندارد", "کیفیت یا ایمنی کالایی که استاندارد اجباری دارد."),
    ("تأخیر یا کوتاهی در رسیدگی به درخواست", "پاسخ‌ندادن در مهلت توافقنامه سطح خدمت."),
    ("رفتار و پاسخگویی کارکنان", "برخورد کارکنان یا پاسخ‌ندادن واحد."),
    ("دفتر پیشخوان خدمات دولت", "کار یا هزینه دفتر پیشخوان."),
    ("اندازه‌شناسی، اوزان و مقیاس‌ها", "ترازو، پیمانه و وسایل سنجش در مراکز عرضه."),
    ("واردات و صادرات و شرکت‌های بازرسی کالا", "شکایت واردکنندگان یا خریداران از شرکت‌های بازرسی."),
    ("آسانسور و تجهیزات شهربازی", "ایمنی آسانسور، تجهیزات تفریحی و زمین بازی."),
    ("سایر", ""),
]


def seed(apps, schema_editor):
    ComplaintSubject = apps.get_model("complaints", "ComplaintSubject")
    for order, (title, description) in enumerate(SUBJECTS, start=1):
        ComplaintSubject.objects.get_or_create(title=title, defaults={"description": description, "order": order})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
