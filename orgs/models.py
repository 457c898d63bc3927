"""The organisation tree (HQ, its offices, the research institute, provincial directorates),
provinces and regions, and the registry entry of each counter office."""

import re

from django.core.exceptions import ValidationError
from django.db import models

from core.modelfields import LandlineField, optional_fk
from core.prepared import Prepared
from core.text import ltr_code, normalize_identifier


class Region(models.Model):
    """One of the nine counter-office supervision regions (seed 003's appendix)."""

    code = models.SlugField("کد", max_length=20, unique=True, allow_unicode=False)
    name = models.CharField("نام", max_length=100, unique=True)
    expert_title = models.CharField("عنوان کارشناس", max_length=200, blank=True)
    phone = LandlineField("تلفن کارشناس منطقه", blank=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "منطقه"
        verbose_name_plural = "مناطق"

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    """A province; which region supervises it is editable data."""

    code = models.CharField(
        "کد", max_length=5, unique=True, help_text="کد ISO 3166-2:IR مانند IR-23 برای تهران."
    )
    name = models.CharField("نام", max_length=100, unique=True)
    phone_area_code = models.CharField("پیش‌شماره تلفن", max_length=4)
    region = optional_fk(Region, "منطقه", related_name="provinces")

    class Meta:
        ordering = ["name"]
        verbose_name = "استان"
        verbose_name_plural = "استان‌ها"

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    """A node of the organisation tree. Plans, actuals, queues and staff roles hang from here."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", "سازمان"
        HQ = "hq", "ستاد"
        HQ_OFFICE = "hq_office", "دفتر یا مرکز ستادی"
        RESEARCH = "research", "پژوهشگاه"
        PROVINCE = "province", "اداره کل استان"

    code = models.CharField("کد", max_length=30, unique=True)
    name = models.CharField("نام", max_length=200)
    short_name = models.CharField("نام کوتاه", max_length=100, blank=True)
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices)
    parent = optional_fk("self", "واحد بالادست", related_name="children")
    province = models.OneToOneField(
        Province,
        verbose_name="استان",
        on_delete=models.PROTECT,
        related_name="directorate",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField("ترتیب", default=0)
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "واحد سازمانی"
        verbose_name_plural = "واحدهای سازمانی"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="province") | models.Q(province__isnull=False),
                name="orgunit_province_kind_has_province",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.kind == self.Kind.PROVINCE and not self.province_id:
            raise ValidationError({"province": "اداره کل استان باید به یک استان وصل باشد."})
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": "واحد نمی‌تواند زیرمجموعه خودش باشد."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def ancestors(self) -> list["OrgUnit"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def province_id_above(self) -> int | None:
        """The province this unit works in: its own if it is a provincial directorate, else that of
        the nearest directorate above it; None for HQ, its offices and the research institute.
        Every filing asks it of the unit that will handle the request: the units above are read
        four levels a query (`_PROVINCES_ABOVE`), not one unit a query."""
        if self.province_id:
            return self.province_id
        node, seen = self.parent_id, set()
        while node is not None and node not in seen:
            seen.add(node)
            row = _PROVINCES_ABOVE.first_row(pk=node)
            if row is None:
                return None
            *provinces, node = row
            found = next((province for province in provinces if province), None)
            if found:
                return found
        return None

    def descendant_ids(self) -> set[int]:
        """Ids of this unit and everything under it (the tree is small: one query)."""
        return subtree_ids(unit_children(), self.pk)


# A unit's province and those of the three units above it, and the id of the fourth one up: the
# walk of `OrgUnit.province_id_above`, compiled once per process (decision 0127).
_PROVINCES_ABOVE = Prepared(
    lambda pk: OrgUnit.objects.filter(pk=pk).values_list(
        "province_id",
        "parent__province_id",
        "parent__parent__province_id",
        "parent__parent__parent__province_id",
        "parent__parent__parent__parent_id",
    ),
    OrgUnit,
    pk=int,
)


def unit_children() -> dict[int | None, list[int]]:
    """Every unit's children by the parent's id (None: the roots), in one query."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in OrgUnit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    return children


def subtree_ids(children: dict, root: int) -> set[int]:
    """`root` and every unit under it, given `unit_children()` (read once for many roots)."""
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


OFFICE_CODE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
OFFICE_CODE_MESSAGE = f"کد دفتر باید ۸ رقم به شکل {ltr_code('1108-40-72')} باشد."


def clean_office_code(value: str) -> str:
    """`۱۱۰۸-۴۰-۷۲` or `11084072` → `1108-40-72` (the format of seed 000)."""
    digits = normalize_identifier(value)
    if len(digits) == 8 and digits.isascii() and digits.isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    raise ValidationError(OFFICE_CODE_MESSAGE, code="office_code")


def validate_office_code(value: str) -> None:
    if not OFFICE_CODE_RE.match(value or ""):
        raise ValidationError(OFFICE_CODE_MESSAGE, code="office_code")


class CounterOffice(models.Model):
    """A delegated government counter office or rural ICT office: its registry entry.

    Licence, self-declaration, staff and ranking live in the offices app."""

    class Kind(models.TextChoices):
        GOVERNMENT_COUNTER = "counter", "دفتر پیشخوان خدمات دولت"
        RURAL_ICT = "rural_ict", "دفتر ICT روستایی"

    code = models.CharField("کد دفتر", max_length=10, unique=True, validators=[validate_office_code])
    name = models.CharField("نام", max_length=200)
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices)
    province = models.ForeignKey(
        Province, verbose_name="استان", on_delete=models.PROTECT, related_name="counter_offices"
    )
    city = models.CharField("شهر", max_length=100, blank=True)
    # Where the public finds the office (the list of offices that may file a service).
    address = models.CharField("نشانی", max_length=300, blank=True)
    phone = LandlineField("تلفن", blank=True)
    opening_hours = models.CharField(
        "ساعت کار", max_length=200, blank=True, help_text="مانند «شنبه تا چهارشنبه ۸ تا ۱۶، پنجشنبه ۸ تا ۱۲»."
    )
    latitude = models.DecimalField("عرض جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("طول جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "دفتر پیشخوان"
        verbose_name_plural = "دفاتر پیشخوان"

    def __str__(self) -> str:
        return f"{self.name} ({ltr_code(self.code)})"

    @property
    def region(self) -> Region | None:
        return self.province.region


class ExternalParty(models.Model):
    """A party outside the organisation that runs a workflow step of some services (P2): an
    inspection company or a testing laboratory. Staff record its answer, with its document, on the
    request; the applicant sees only the step."""

    class Kind(models.TextChoices):
        LABORATORY = "laboratory", "آزمایشگاه"
        INSPECTION = "inspection", "شرکت بازرسی"

    name = models.CharField("نام", max_length=200, unique=True)
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices)
    phone = LandlineField("تلفن", blank=True)
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "طرف بیرونی (آزمایشگاه یا شرکت بازرسی)"
        verbose_name_plural = "طرف‌های بیرونی (آزمایشگاه‌ها و شرکت‌های بازرسی)"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"
