"""Extract seed 004 (the 1400 annual performance report, as text) into `report_1400.json`.

Run from the project root:  python -m performance.data.extract_1400 > performance/data/report_1400.json
(`manage.py import_performance performance/data/report_1400.json` then loads it.)

The text is a PDF-to-text conversion. Tables are tab-separated; after a page break a table's rows
are often printed right-to-left (the cells in reverse order). Every figure is kept exactly as
printed (`printed`), beside its reading (`value`, a decimal string, or null for `-`, an empty
cell or words such as «حسب مورد»). How each kind of table is read, and every judgement call,
is in docs/performance.md.
"""

import json
import re
import sys
from pathlib import Path

from core.text import normalize_digits, normalize_text
from orgs.data import PROVINCE_ALIASES, PROVINCES

SEED = Path(__file__).with_name("seed_004.txt")
YEAR = 1400

RANK_RE = re.compile(r"^\d{1,2}(-\d{1,2})?$")
NUMBER_RE = re.compile(r"^%?-?[\d,]+(\.\d+)?%?$")
DASH_RE = re.compile(r"^-+$")
# Words printed in a figure's place (a plan "as the case may be", "on request", "all referred
# cases"); read as "no figure": the row keeps its other figures (usually the actual alone).
VALUE_WORDS = {"حسب مورد", "حساب مورد", "حسب درخواست", "تمام موارد ارجاعی"}
HEADER_MARKERS = {"ردیف", "ردی ف"}
LEVEL_WORDS = {"استان": "provinces", "ستاد": "hq", "پژوهشگاه": "research", "جمع": "all", "جمع کل": "all"}

# The first province table and the HQ part start at these printed headings.
PROVINCES_START = "تدوین و تجدیدنظر استاندارد ملی توسط دبیران استانها"
HQ_START = "عملکرد و برنامه مدیریت های ستاد"
APPENDIX_START = "پیوست 1:"

# HQ section headings → the org unit code of orgs.data.HQ_OFFICES (matched by the words below).
HQ_OFFICES = [
    ("دفتر تدوین استانداردهای ملی", "HQ-STD-DEV"),
    ("مطالعات تطبیقی", "HQ-INTL-STD"),
    ("آموزش و ترویج", "HQ-TRAINING"),
    ("آموزش کارکنان", "HQ-TRAINING"),
    ("صنایع فلزی", "HQ-SUP-METAL"),
    ("غیر فلزی", "HQ-SUP-NONMETAL"),
    ("مصرف انرژی", "HQ-SUP-ENERGY"),
    ("صنایع غذایی", "HQ-SUP-FOOD"),
    ("حلال", "HQ-SUP-FOOD"),
    ("کیفیت کالا و خدمات", "HQ-QA-GOODS"),
    ("صادراتی و وارداتی", "HQ-QA-TRADE"),
    ("اندازه شناسی", "HQ-METROLOGY"),
    ("روابط عمومی", "HQ-PR"),
    ("ارتباطات بینالملل", "HQ-PR"),
    ("حقوقی", "HQ-LEGAL"),
    ("ریاست", "HQ-PRESIDENCY"),
    ("تایید صلاحیت ایران", "HQ-NACI"),
    ("پاسخگویی به شکایات", "HQ-INSPECTION"),
    ("فناوری اطلاعات", "HQ-ICT"),
]

# Province tables → area, by the first words of the title that match (in this order).
AREAS = [
    ("standardisation", "استانداردسازی", ("استاندارد ملی", "بینالمللی", "پیشنویس")),
    ("training", "آموزش و ترویج", ("آموزش", "ترویج")),
    ("metrology", "اندازه‌شناسی", ("نازل", "باسکول", "سنجش", "پلمپ", "انگ ", "CNG")),
    ("sampling", "نمونه‌برداری و آزمون", ("نمونه", "آزمون")),
    ("inspection", "بازرسی", ("بازرسی", "بازدید", "نظارت", "تذکر")),
    ("certification", "صدور گواهی", ("پروانه", "گواهی", "اظهارنامه", "مجوز", "تایید صلاحیت")),
    ("communication", "اطلاع‌رسانی و ارتباطات", ("اطلاع", "فرهنگ")),
]


def clean(text: str) -> str:
    text = normalize_text(text or "").replace("\u200c", " ")
    text = re.sub(r"</?b>", "", text)
    return " ".join(text.replace("\\*", "*").split()).strip()


def is_value(cell: str) -> bool:
    if clean(cell) in VALUE_WORDS:
        return True
    cell = normalize_digits(cell.replace(" ", ""))
    return bool(NUMBER_RE.match(cell) or DASH_RE.match(cell))


def read_value(cell: str) -> str | None:
    """A printed cell → its decimal reading as a string, or None (`-`, empty, words)."""
    text = normalize_digits(cell.strip()).replace(" ", "")
    if not text or DASH_RE.match(text) or clean(cell) in VALUE_WORDS:
        return None
    text = text.replace(",", "").replace("%", "")
    return text


_PROVINCES = {name for _, name, _, _ in PROVINCES}
# Misprints in seed 004 itself, beyond the spellings orgs.data already knows (the row's rank
# and its place between «گیلان … همدان» leave no doubt which province is meant).
MISPRINTS = {
    "مرمغان": "هرمزگان",  # lift certificates, row 29
    "مرمزگان": "هرمزگان",  # warnings by industry, row 29
    "کهگیلویه و بویرآحمد": "کهگیلویه و بویراحمد",  # weighbridges, row 23
}
_ALIASES = {
    " ".join(k.replace("\u200c", " ").split()): v for k, v in {**PROVINCE_ALIASES, **MISPRINTS}.items()
}


def province_name(cell: str) -> str | None:
    """The canonical name of orgs.data for any spelling the report uses (the same rule as
    orgs.services.canonical_province_name, without needing Django here)."""
    text = clean(cell)
    return text if text in _PROVINCES else _ALIASES.get(text)


def split_row(line: str) -> dict:
    """One printed row → rank, label texts and figures, in reading order (right to left).

    A row reads naturally as: rank, texts, figures. If it starts with a figure that is not a
    rank followed by text, it was printed in reverse: figures (last first), texts, rank."""
    cells = [c.strip() for c in line.split("\t")]
    nonempty = [c for c in cells if c]
    first = cells[0] if cells else ""
    second = next((c for c in cells[1:] if c), "")
    natural = (not first or RANK_RE.match(normalize_digits(first))) and (not second or not is_value(second))
    if not natural and first and RANK_RE.match(normalize_digits(first)) and not is_value(second):
        natural = True
    if not first and len(nonempty) >= 2 and all(is_value(c) for c in nonempty):
        # a row continuing the one above: its label cells left empty, then its figures in
        # column order (`\t\t35\t119\t340`); a reversed row starts with a figure instead
        natural = True
    if not natural:
        cells = cells[::-1]
    # cells now read rank?, texts, figures (figures in column order)
    rank = ""
    if cells and RANK_RE.match(normalize_digits(cells[0])):
        rank, cells = normalize_digits(cells[0]), cells[1:]
    elif cells and not cells[0]:
        cells = cells[1:]
    last_text = max((i for i, c in enumerate(cells) if c and not is_value(c)), default=-1)
    texts = [clean(c) for c in cells[: last_text + 1]]
    figures = cells[last_text + 1 :]
    return {
        "reversed": not natural,
        "rank": rank,
        "texts": texts,
        "figures": figures,
        "empty": not nonempty,
    }


TEXT_COLUMN_WORDS = (
    "سنجه",
    "واحد",
    "عنوان",
    "فعالیت",
    "شرح",
    "ملاحظات",
    "عناوین",
    "ریز برنامه",
    "اهداف",
    "نوع فعالیت",
)


def is_text_column(label: str) -> bool:
    """Header cells over label columns (activity, unit of measure, …), not figures."""
    return label.startswith(TEXT_COLUMN_WORDS)


def column_key(label: str) -> str:
    if "درصد تحقق" in label:
        return "percent"
    if "درصد سهم" in label:
        return "share"
    if "برنامه" in label and "عملکرد" not in label and "زیر برنامه" not in label:
        return "plan"
    if label.startswith("عملکرد") or label in {"عملکرد", "عملکرد سال 1400"}:
        return "actual"
    if label.startswith("جمع"):
        return "total"
    return "breakdown"


def _fill(cells: list[str]) -> list[str]:
    """A group label spans the empty cells after it (in printed order)."""
    filled, current = [], ""
    for c in cells:
        current = c or current
        filled.append(current)
    return filled


def header_columns(lines: list[str]) -> tuple[list[dict], bool]:
    """The figure columns (in reading order) of a one- or two-line header.

    Each line may be printed in either direction, independently: a header is reversed when
    it ends with «ردیف»; a second line when it starts with a label (its natural form starts
    with the empty cells under «ردیف» and «استان»)."""
    first = [clean(c) for c in lines[0].split("\t")]
    labels = [c for c in first if c]
    if len(lines) == 1 and labels and column_key(labels[-1]) == "percent":
        # a percent column spans no sub-columns: an empty cell printed after it is no column
        # (T083, public relations: four columns read for three figures left every row unread)
        while not first[-1]:
            first.pop()
    nonempty = [c for c in first if c]
    reverse = bool(nonempty) and nonempty[-1] in HEADER_MARKERS
    groups = _fill(first)
    if reverse:
        groups = groups[::-1]
    if len(lines) > 1:
        sub = [clean(c) for c in lines[1].split("\t")]
        sub_reversed = bool(sub[0]) if sub and sub[0] else (reverse if not sub or not sub[-1] else False)
        if sub_reversed:
            sub = sub[::-1]
        sub += [""] * (len(groups) - len(sub))
    else:
        sub = [""] * len(groups)
    skip = {"ردیف", "ردی ف", "استان", "نام استان", "رشته صنعت", "رشت صنعت"}
    columns = []
    for group, label in zip(groups, sub[: len(groups)], strict=False):
        if not group or group in skip or (is_text_column(group) and not label):
            continue
        if is_text_column(group) and is_text_column(label):
            continue
        columns.append({"group": group if label else "", "label": label or group})
    results = [c for c in sub if c in RESULT_LABELS]
    if len(results) >= 2:
        columns = _results_columns(results[:2], has_total=any(g.startswith("جمع") for g in groups))
    for column in columns:
        column["key"] = _key(column["group"], column["label"])
    return columns, reverse


RESULT_LABELS = {"مطابق", "مغایر", "مطابقت دارد", "مطابقت ندارد"}


def _results_columns(results: list[str], *, has_total: bool) -> list[dict]:
    """Test-results tables (conforming / not conforming, their total, and each one's share).
    Their headers were broken across lines in the conversion; the figures always come in this
    order (checked against each row: the two counts add up to the total, the shares to 100)."""
    columns = [{"group": "نتایج", "label": r} for r in results]
    if has_total:
        columns.append({"group": "", "label": "جمع"})
    columns += [{"group": "درصد سهم نتایج", "label": r} for r in results]
    return columns


def _key(group: str, label: str) -> str:
    group_key = column_key(group) if group else "breakdown"
    if group_key in {"percent", "share"}:
        return group_key
    label_key = column_key(label)
    if label_key != "breakdown":
        return label_key
    return group_key


def area_for(title: str) -> tuple[str, str]:
    for code, name, words in AREAS:
        if any(w in title for w in words):
            return code, name
    return "other", "سایر"


def hq_office_for(title: str) -> str | None:
    for words, code in HQ_OFFICES:
        if words in title:
            return code
    return None


def is_rule(line: str) -> bool:
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    return bool(cells) and all(DASH_RE.match(c) and len(c) > 2 for c in cells)


def is_header(line: str) -> bool:
    return any(clean(c) in HEADER_MARKERS for c in line.split("\t"))


def is_subheader(line: str) -> bool:
    cells = [c for c in line.split("\t") if c.strip()]
    return bool(cells) and not any(is_value(c) for c in cells) and not any(province_name(c) for c in cells)


def extract(text: str) -> dict:
    lines = text.split("\n")
    tables: list[dict] = []
    notes: list[dict] = []
    title_lines: list[str] = []
    headings: list[str] = []
    part = "summary"
    current = None
    i = 0
    while i < len(lines):
        raw = lines[i]
        number = i + 1
        stripped = raw.strip()
        i += 1
        if not stripped:
            continue
        if APPENDIX_START in stripped:
            break
        if "\t" not in raw:
            text_line = clean(stripped.lstrip("#").strip())
            if text_line.startswith("*"):
                notes.append({"line": number, "text": text_line})
                continue
            if PROVINCES_START in text_line:
                part = "provinces"
            if HQ_START in text_line:
                part = "hq"
            if stripped.startswith("#"):
                headings.append(text_line)
            title_lines.append(text_line)
            continue
        if is_header(raw):
            header = [raw]

            def skip_blank(i):
                while i < len(lines) and (not lines[i].strip() or is_rule(lines[i])):
                    i += 1
                return i

            i = skip_blank(i)
            if i < len(lines) and "\t" in lines[i] and is_subheader(lines[i]) and not is_header(lines[i]):
                header.append(lines[i])
                i = skip_blank(i + 1)
                # a sub-header printed twice (a page-break artefact) is read once
                if i < len(lines) and lines[i] == header[1]:
                    i = skip_blank(i + 1)
            columns, header_reversed = header_columns(header)
            title = " ".join(t for t in title_lines if t and not t.isdigit())
            if not title and current is not None:
                current["header_lines"].append(number)
                title_lines = []
                continue
            current = {
                "id": f"T{len(tables) + 1:03d}",
                "line": number,
                "part": part,
                "title": title,
                "heading": headings[-1] if headings else "",
                "columns": columns,
                "header_reversed": header_reversed,
                "header_lines": [number],
                "rows": [],
            }
            tables.append(current)
            title_lines = []
            continue
        if current is None:
            continue
        if title_lines:
            # text between two row blocks that is not a new table's title: a continuation
            # heading such as «ادامه …» after a page break; kept as the table's own note
            current.setdefault("continuations", []).append(" ".join(title_lines))
            title_lines = []
        previous = current["rows"][-1] if current["rows"] else None
        merged = _continued_row(previous, raw, number, len(current["columns"]))
        if merged is not None:
            previous.update(split_row(merged), line=previous["line"], printed=merged)
            previous["lines"] = [previous["line"], number]
            continue
        row = split_row(raw)
        if row["empty"] or all(DASH_RE.match(c or "-") for c in raw.split("\t")):
            continue
        row["line"] = number
        row["printed"] = raw
        current["rows"].append(row)
    return {"tables": tables, "notes": notes}


def _continued_row(previous: dict | None, raw: str, number: int, n_columns: int) -> str | None:
    """A row broken over two printed lines (2506–2507: plan 5 and actual 19, then the percent
    380 alone at the end of the next line): the two lines merged into one, or None.

    Only a natural row with fewer figures than columns, directly followed by a line of nothing
    but empty cells and the missing figures (its last cells), exactly as many as are missing."""
    if previous is None or previous["reversed"] or previous["line"] != number - 1:
        return None
    missing = n_columns - len(previous["figures"])
    below = [c.strip() for c in raw.split("\t")]
    while below and not below[-1]:
        below.pop()
    figures = below[-missing:] if missing > 0 else []
    if not figures or len(figures) != missing or any(below[:-missing]):
        return None
    if not all(c and is_value(c) for c in figures):
        return None
    above = previous["printed"].split("\t")
    while above and not above[-1].strip():
        above.pop()
    return "\t".join(above + figures)


def interpret(tables: list[dict]) -> None:
    """Name what each row and figure is: province or level, activity, and column."""
    for table in tables:
        if table["part"] == "provinces":
            has_provinces = sum(bool(_row_province(r)) for r in table["rows"]) >= 25
            table["kind"] = "province" if has_provinces else "sector"
        else:
            table["kind"] = table["part"]
        if table["part"] == "hq":
            table["office"] = hq_office_for(table["title"]) or hq_office_for(table["heading"])
        else:
            table["area"] = area_for(table["title"])[0]
        n_cols = len(table["columns"])
        for row in table["rows"]:
            row["province"] = _row_province(row)
            row["total"] = bool(row["texts"]) and row["texts"][-1].startswith("جمع")
            figures = list(row["figures"])
            while len(figures) > n_cols and not figures[-1]:
                figures.pop()
            while len(figures) > n_cols and not figures[0] and not row["texts"]:
                figures.pop(0)  # a reversed row without labels: its empty label cells
            row["complete"] = len(figures) == n_cols
            row["values"] = [{"printed": cell, "value": read_value(cell)} for cell in figures]
            del row["figures"], row["empty"]
        _choose_plan_column(table)


def _row_province(row: dict) -> str | None:
    for text in reversed(row["texts"]):
        name = province_name(text)
        if name:
            return name
    return None


def _choose_plan_column(table: dict) -> None:
    """A table with two plan columns: the one whose ratio to the actual reproduces the printed
    percent in most rows is the plan; the other is kept as a plan-only breakdown."""
    keys = [c["key"] for c in table["columns"]]
    if keys.count("plan") < 2 or "percent" not in keys or "actual" not in keys:
        return
    plans = [i for i, k in enumerate(keys) if k == "plan"]
    if len({table["columns"][i]["group"] for i in plans}) > 1:
        return  # two groups (two activities side by side), each with its own plan
    a, p = keys.index("actual"), keys.index("percent")
    score = dict.fromkeys(plans, 0)
    for row in table["rows"]:
        values = [v["value"] for v in row["values"]]
        if len(values) <= max(a, p, *plans) or values[a] is None or values[p] is None:
            continue
        for i in plans:
            if values[i] not in (None, "0") and round(float(values[a]) * 100 / float(values[i])) == float(
                values[p]
            ):
                score[i] += 1
    best = max(plans, key=lambda i: score[i])
    for i in plans:
        if i != best:
            table["columns"][i]["key"] = "plan_other"
    table["plan_choice"] = {"column": best, "rows_agreeing": score}


# Summary rows (by printed line) → the province table (and activity within it) they summarise;
# read from the titles by hand. Rows not listed have no province detail table.
SUMMARY_DETAIL = {
    104: "T009", 109: "T010", 113: "T011", 122: "T012:1", 124: "T012:2",
    131: "T013", 132: "T014", 133: "T015", 135: "T017", 137: "T016",
    145: "T018", 146: "T019", 147: "T020", 148: "T024", 149: "T026", 150: "T025",
    151: "T064", 154: "T022", 155: "T027", 156: "T023",
    161: "T028", 162: "T042", 163: "T030", 164: "T031", 165: "T032",
    170: "T034", 171: "T045", 172: "T038", 173: "T048",
    178: "T053", 179: "T055", 180: "T057", 181: "T059", 182: "T061", 183: "T062",
}  # fmt: skip
MEASURES = {"plan", "actual", "percent", "share", "total", "plan_other", "breakdown"}
UNITS = ("نفر ساعت", "نفر-ساعت", "نفر روز", "نفر-روز", "جلسه", "درصد")


def unit_of_measure(title: str) -> str:
    title = re.sub(r"\s*-\s*", "-", title)  # «نفر- ساعت», «نفر - ساعت» → «نفر-ساعت»
    for unit in UNITS:
        if unit in title:
            return unit.replace("-", " ")
    return "تعداد"


def build_activities(tables: list[dict]) -> list[dict]:
    """One activity per province table (two for a table with two groups of plan/actual/percent),
    one per HQ row; each figure column told which activity, breakdown and measure it holds."""
    activities: list[dict] = []
    hq_counts: dict[str, int] = {}
    for table in tables:
        if table["kind"] == "province":
            groups = []
            for column in table["columns"]:
                grouped = column["group"] and column_key(column["group"]) == "breakdown"
                grouped = grouped and column["key"] in {"plan", "actual", "percent"}
                group = column["group"] if grouped else ""
                if group not in groups:
                    groups.append(group)
            codes = []
            for n, group in enumerate(groups, start=1):
                suffix = f"-{n}" if len(groups) > 1 else ""
                code = f"P{table['id'][1:]}{suffix}"
                title = group or table["title"]
                activities.append(
                    {
                        "code": code,
                        "title": title,
                        "area": table["area"],
                        "scope": "provinces",
                        "unit_of_measure": unit_of_measure(table["title"]),
                        "source": f"{table['id']} (سطر {table['line']})",
                        "breakdowns": [],
                    }
                )
                codes.append(code)
            has_actual = any(c["key"] == "actual" for c in table["columns"])
            seen_actual = False
            for column in table["columns"]:
                grouped = column["group"] and column_key(column["group"]) == "breakdown"
                grouped = grouped and column["key"] in {"plan", "actual", "percent"}
                activity = activities[-len(groups) + groups.index(column["group"] if grouped else "")]
                column["activity"] = activity["code"]
                key = column["key"]
                breakdown = "total"
                measure = key
                if key == "actual":
                    if seen_actual and not grouped:
                        measure = "actual"
                        breakdown = _breakdown(activity, column["label"] + " (ستون دوم)")
                    seen_actual = True
                elif key == "total":
                    measure = "actual"
                    if has_actual:
                        breakdown = _breakdown(activity, column["label"])
                elif key == "plan_other":
                    measure = "plan"
                    breakdown = _breakdown(activity, column["label"])
                elif key == "breakdown":
                    measure = "actual"
                    label = f"{column['group']} - {column['label']}" if column["group"] else column["label"]
                    breakdown = _breakdown(activity, label)
                elif key == "share" and column["group"]:
                    breakdown = _breakdown(activity, f"نتایج - {column['label']}")
                column["measure"], column["breakdown"] = measure, breakdown
        elif table["kind"] == "hq":
            if not any(c["key"] in {"plan", "actual", "percent"} for c in table["columns"]):
                table["loaded"] = False
                continue
            office = table["office"]
            base = ""
            for row in table["rows"]:
                texts = [t for t in row["texts"] if t]
                level = "hq"
                if (texts and texts[-1] in LEVEL_WORDS) or (texts and texts[-1].startswith("استان (")):
                    level = LEVEL_WORDS.get(texts[-1], "provinces")
                    texts = texts[:-1]
                if texts and texts[-1].startswith("جمع"):
                    level = "all"
                    texts = texts[:-1]
                title = " - ".join(texts)
                if (title and level == "hq") or not base:
                    base = title or base
                if not title:
                    title = base
                elif level != "hq":
                    base = title
                row["level"] = level
                if not row["values"]:
                    continue
                same = next(
                    (
                        a
                        for a in activities
                        if a["scope"] == "hq" and a["office"] == office and a["title"] == title
                    ),
                    None,
                )
                if same is not None and level not in same["levels"]:
                    # the same activity at another level (province, research institute, HQ)
                    same["levels"].append(level)
                    row["activity"] = same["code"]
                    continue
                if same is not None:
                    # a row printed without its own label (it continues the row above):
                    # its own activity, named after that row and its printed line
                    title = f"{title} (سطر {row['line']})"
                hq_counts[office] = hq_counts.get(office, 0) + 1
                activity = {
                    "code": f"{office}-{hq_counts[office]:02d}",
                    "title": title or table["title"],
                    "area": office,
                    "scope": "hq",
                    "office": office,
                    "levels": [level],
                    "unit_of_measure": unit_of_measure(title),
                    "source": f"{table['id']} (سطر {row['line']})",
                    "breakdowns": [],
                }
                activities.append(activity)
                row["activity"] = activity["code"]
    return activities


def _breakdown(activity: dict, title: str) -> str:
    for b in activity["breakdowns"]:
        if b["title"] == title:
            return b["code"]
    code = f"b{len(activity['breakdowns']) + 1:02d}"
    activity["breakdowns"].append({"code": code, "title": title})
    return code


def link_summary(tables: list[dict], activities: list[dict]) -> None:
    codes = {a["code"] for a in activities}
    by_code = {a["code"]: a for a in activities}
    for table in tables:
        if table["kind"] != "summary":
            continue
        for row in table["rows"]:
            detail = SUMMARY_DETAIL.get(row["line"])
            if detail:
                table_id, _, n = detail.partition(":")
                code = f"P{table_id[1:]}" + (f"-{n}" if n else "")
                assert code in codes, code
                row["activity"] = code
                _unit_from_summary(by_code[code], row)
            texts = [t for t in row["texts"] if t]
            row["level"] = next((LEVEL_WORDS[t] for t in texts if t in LEVEL_WORDS), "all")
            if any(t.startswith("استان (") for t in texts):
                row["level"] = "provinces"
            if detail and row["level"] == "all":
                row["level"] = "provinces"
            if not row["complete"]:
                row["values"] = _summary_short_row(row["values"])


def _unit_from_summary(activity: dict, row: dict) -> None:
    """A province table whose title names no unit takes the unit its summary row prints in the
    «سنجه/ واحد فعالیت» column (T015, other external training: «نفر ساعت», summary line 133)."""
    if activity["unit_of_measure"] != "تعداد":
        return
    units = {unit_of_measure(t) for t in row["texts"] if t} - {"تعداد"}
    if len(units) == 1:
        activity["unit_of_measure"] = units.pop()


def _summary_short_row(values: list[dict]) -> list[dict]:
    """A summary row that lost a cell in the conversion. When it still prints a percent, the
    lost cell is the actual (the figures left are the plan and the percent: 16,245 and 160 for
    export declarations, whose province table prints plan 16,245, actual 25,931, 160%); when the
    percent is empty, the activity has no plan and the one figure is the actual (2,151 permits,
    56,744 lift certificates, 498 energy certificates, each its province table's actual total)."""
    empty = {"printed": "", "value": None}
    filled = [v for v in values if v["printed"]]
    if len(filled) == 2 and values and values[-1]["printed"]:
        return [filled[0], empty, filled[1]]
    if len(filled) == 1:
        return [empty, filled[0], empty]
    return (values + [empty] * 3)[:3]


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else SEED
    result = build(source.read_text(encoding="utf-8"))
    sys.stdout.write(dumps(result))
    return 0


def build(text: str) -> dict:
    extracted = extract(text)
    interpret(extracted["tables"])
    activities = build_activities(extracted["tables"])
    link_summary(extracted["tables"], activities)
    return {
        "source": "seed 004: گزارش عملکرد سال 1400 سازمان ملی استاندارد ایران و مقایسه با برنامه",
        "year": YEAR,
        "plan_version": {
            "code": "1400-v2",
            "title": "برنامه سال ۱۴۰۰ ویرایش دوم - اسفند ۹۹",
            "year": YEAR,
        },
        "areas": [{"code": c, "title": t} for c, t, _ in AREAS] + [{"code": "other", "title": "سایر"}],
        "activities": activities,
        **extracted,
    }


def dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
