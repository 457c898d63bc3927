"""The built-in data-quality rules every installation starts with, and `ensure_builtin_rules()`
that creates the missing ones (rules edited in the admin are left alone)."""

from performance.models import ValidationRule

Rule = ValidationRule

# Tables of the 1400 report that print the same figure twice: a breakdown table's total (or the
# sum of its parts) must equal the activity's actual in its own table.
SAME_FIGURE = [
    ("P029:actual", "P028:actual", "بازدید فنی به تفکیک رشته صنعت = بازدید فنی از واحدهای تحت پوشش"),
    ("P035:actual", "P034:actual", "نمونه‌برداری به تفکیک رشته صنعت = نمونه‌برداری از تولید"),
    ("P043:actual", "P042:actual", "بازدید فنی طاها به تفکیک رشته = بازرسی طاها"),
    ("P046:actual", "P045:actual", "نمونه‌برداری طاها به تفکیک رشته = نمونه‌برداری طاها"),
    ("P040:actual", "P038:actual", "جمع نتایج آزمون نمونه تولیدی = آزمون نمونه از تولید"),
    ("P050:actual", "P048:actual", "جمع نتایج آزمون نمونه طاها = آزمون نمونه طاها"),
    ("P054.b01:actual + P054.b02:actual", "P053:actual", "نتایج آزمون نازل‌ها = آزمون نازل‌های سوخت مایع"),
    ("P056.b01:actual + P056.b02:actual", "P055:actual", "نتایج آزمون باسکول = آزمون باسکول"),
    ("P058.b01:actual + P058.b02:actual", "P057:actual", "نتایج آزمون وسایل سبک = آزمون وسایل سبک"),
    ("P060.b01:actual + P060.b02:actual", "P059:actual", "نتایج آزمون نازل CNG = آزمون نازل CNG"),
    ("P021.b01:actual", "P018:actual", "اقدامات: صدور اجباری = صدور پروانه اجباری"),
    ("P021.b02:actual", "P019:actual", "اقدامات: تمدید اجباری = تمدید پروانه اجباری"),
    ("P021.b03:actual", "P020:actual", "اقدامات: صدور تشویقی = صدور پروانه تشویقی"),
]


def _expr(text: str) -> str:
    return " + ".join("#{" + part.strip() + "}" for part in text.split("+"))


BUILTIN_RULES = [
    {
        "code": "printed-total",
        "name": "جمع چاپی هر ستون برابر جمع ۳۱ استان",
        "kind": Rule.Kind.PRINTED_TOTAL,
        "importance": Rule.Importance.HIGH,
    },
    {
        "code": "breakdown-sum",
        "name": "جمع تفکیک‌ها (رشته صنعت، نتیجه آزمون) برابر ستون جمع همان سطر",
        "kind": Rule.Kind.BREAKDOWN_SUM,
        "importance": Rule.Importance.HIGH,
    },
    {
        "code": "printed-percent",
        "name": "درصد تحقق چاپی برابر عملکرد ÷ برنامه",
        "kind": Rule.Kind.PRINTED_PERCENT,
        "importance": Rule.Importance.MEDIUM,
        "params": {"tolerance": 1},
    },
    {
        "code": "summary-detail",
        "name": "رقم جدول خلاصه برابر جمع جدول استانی همان فعالیت",
        "kind": Rule.Kind.SUMMARY_DETAIL,
        "importance": Rule.Importance.HIGH,
    },
    {
        "code": "non-negative",
        "name": "برنامه و عملکرد منفی نیست",
        "kind": Rule.Kind.BOUNDS,
        "importance": Rule.Importance.HIGH,
        "params": {"min": 0},
    },
    {
        "code": "share-at-most-100",
        "name": "درصد سهم چاپی بین ۰ و ۱۰۰",
        "kind": Rule.Kind.BOUNDS,
        "importance": Rule.Importance.MEDIUM,
        "params": {"printed_kind": "share", "min": 0, "max": 100},
    },
    {
        "code": "outlier-robust-z",
        "name": "درصد تحقق پرت در میان استان‌ها (z مقاوم بیش از ۳٫۵)",
        "kind": Rule.Kind.OUTLIER,
        "importance": Rule.Importance.LOW,
        "params": {"threshold": 3.5},
    },
    {
        "code": "ratio-band",
        "name": "درصد تحقق بیرون از بازه ۵۰ تا ۳۰۰",
        "kind": Rule.Kind.RATIO_BAND,
        "importance": Rule.Importance.LOW,
        "params": {"low": 50, "high": 300},
    },
    # issue 20: every printed figure checked, every finding named with its printed line
    {
        "code": "line-percent",
        "name": "درصد تحقق چاپی هر سطر (خلاصه، استان‌ها، ستاد) برابر عملکرد ÷ برنامه همان سطر",
        "kind": Rule.Kind.LINE_PERCENT,
        "importance": Rule.Importance.MEDIUM,
    },
    {
        "code": "line-percent-half-down",
        "name": "درصد چاپی که نیم آن به پایین گرد شده",
        "kind": Rule.Kind.LINE_PERCENT,
        "importance": Rule.Importance.LOW,
        "params": {"mode": "half_down"},
    },
    {
        "code": "line-sum",
        "name": "جمع چاپی (ستون جمع، سطر جمع) برابر جمع اجزای چاپی، و درصد سهم برابر سهم شمارش",
        "kind": Rule.Kind.LINE_SUM,
        "importance": Rule.Importance.HIGH,
    },
    {
        "code": "twin",
        "name": "رقم چاپ‌شده در دو جا (خلاصه، ستاد، جدول استانی، جدول کشوری به تفکیک رشته) یکسان",
        "kind": Rule.Kind.TWIN,
        "importance": Rule.Importance.HIGH,
    },
    {
        "code": "line-shape",
        "name": "سطری که در چاپ خانه‌ای را از دست داده یا جابه‌جا شده",
        "kind": Rule.Kind.LINE_SHAPE,
        "importance": Rule.Importance.MEDIUM,
    },
    {
        "code": "print-province-name",
        "name": "نام استان با املای نادرست یا حروف عربی چاپ شده",
        "kind": Rule.Kind.PRINT_NOTE,
        "importance": Rule.Importance.LOW,
        "params": {"check": "province_name"},
    },
    {
        "code": "print-heading",
        "name": "عنوانی که سال دیگری را نام می‌برد یا دو بار چاپ شده",
        "kind": Rule.Kind.PRINT_NOTE,
        "importance": Rule.Importance.MEDIUM,
        "params": {"check": "heading"},
    },
    {
        "code": "print-appendix",
        "name": "پیوست ۱: سطری جابه‌جا، حروف غیرفارسی یا ریزبرنامهٔ دو بار چاپ‌شده",
        "kind": Rule.Kind.PRINT_NOTE,
        "importance": Rule.Importance.LOW,
        "params": {"check": "appendix"},
    },
    {
        "code": "appendix-total",
        "name": "جمع کل پیوست ۱ برابر جمع برنامهٔ جدول استانی‌ای که شرح می‌دهد (P065)",
        "kind": Rule.Kind.PRINT_NOTE,
        "importance": Rule.Importance.HIGH,
        "params": {"check": "appendix_total"},
    },
    {
        "code": "plan-actual-pair",
        "name": "برای هر عملکرد، برنامه هم ثبت شده باشد (و برعکس)",
        "kind": Rule.Kind.EXPRESSION,
        "left": "#{*:plan}",
        "operator": Rule.Operator.COMPULSORY_PAIR,
        "right": "#{*:actual}",
        "importance": Rule.Importance.LOW,
        "missing_value_strategy": Rule.Missing.NEVER_SKIP,
    },
] + [
    {
        "code": f"same-figure-{left.split(':')[0].split('.')[0].lower()}-{right.split(':')[0].lower()}",
        "name": name,
        "kind": Rule.Kind.EXPRESSION,
        "left": _expr(left),
        "operator": Rule.Operator.EQ,
        "right": _expr(right),
        "importance": Rule.Importance.HIGH,
    }
    for left, right, name in SAME_FIGURE
]


def ensure_builtin_rules() -> None:
    """Create the built-in rules that are missing; rules edited in the admin are left alone."""
    for spec in BUILTIN_RULES:
        ValidationRule.objects.get_or_create(
            code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"}
        )
