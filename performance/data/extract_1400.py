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
# HQ rows that carry other units' totals (issue 20): «(در ستاد و استان)» is the whole
# organisation's figure, a label ending «… استانی» (staff of the provinces) the provinces' total.
OTHER_UNITS_ALL = "در ستاد و استان"
PROVINCIAL_WORDS = ("کارکنان استانی", "شرکت کنندگان استانی")
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
    printed_lines: list[dict] = []  # headings and table headers as printed (import findings)
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
            printed_lines.append({"line": number, "kind": "heading", "text": stripped.lstrip("#").strip()})
            title_lines.append(text_line)
            continue
        if is_header(raw):
            header = [raw]
            printed_lines.append({"line": number, "kind": "header", "text": " ".join(raw.split())})

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
    return {"tables": tables, "notes": notes, "printed_lines": printed_lines}


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
        expected = 1
        for row in table["rows"]:
            expected = _mark_shifted(row, expected)
            row["province"] = _row_province(row)
            if row["province"]:
                row["province_printed"] = _printed_name(row)
            row["total"] = bool(row["texts"]) and row["texts"][-1].startswith("جمع")
            figures = list(row["figures"])
            while len(figures) > n_cols and not figures[-1]:
                figures.pop()
            while len(figures) > n_cols and not figures[0] and not row["texts"]:
                figures.pop(0)  # a reversed row without labels: its empty label cells
            row["complete"] = len(figures) == n_cols and not row.get("shifted")
            row["values"] = [{"printed": cell, "value": read_value(cell)} for cell in figures]
            del row["figures"], row["empty"]
        _choose_plan_column(table)


def _mark_shifted(row: dict, expected: int) -> int:
    """A row printed right to left with its rank and its last figure in each other's place
    (T049, tests by industry: `1  79  6,088  4,837  1,251  غذایی  21`, share 21 where the rank
    belongs): marked `shifted`, left as read and reported, never repaired. Returns the next rank."""
    first = normalize_digits(row["printed"].split("\t")[0].strip())
    total = bool(row["texts"]) and row["texts"][-1].startswith("جمع")
    misplaced = not total and row["rank"] != str(expected) and first == str(expected)  # rank printed first
    if row["reversed"] and (misplaced or (total and row["rank"] and first != row["rank"])):
        row["shifted"] = True
        return expected + (0 if total else 1)
    return int(row["rank"].split("-")[0]) + 1 if row["rank"].split("-")[0].isdigit() else expected


def _printed_name(row: dict) -> str:
    """The province cell exactly as printed (Arabic letters and misprints kept)."""
    for cell in row["printed"].split("\t"):
        if clean(cell) and province_name(cell) == row["province"]:
            return " ".join(cell.split())
    return row["province"]


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
            previous_level = "hq"
            for row in table["rows"]:
                texts = [t for t in row["texts"] if t]
                level = "hq"
                if (texts and texts[-1] in LEVEL_WORDS) or (texts and texts[-1].startswith("استان (")):
                    level = LEVEL_WORDS.get(texts[-1], "provinces")
                    texts = texts[:-1]
                if texts and texts[-1].startswith("جمع"):
                    level = "provinces" if "استانی" in texts[-1] else "all"
                    texts = texts[:-1]
                if any(OTHER_UNITS_ALL in t for t in texts):
                    level = "all"  # «(در ستاد و استان)»: the whole organisation's figure
                elif any(t.endswith(PROVINCIAL_WORDS) or t in ("استان", "مخاطبین استان") for t in texts):
                    level = "provinces"  # «مدیران و کارکنان استانی»: the provinces' figure
                elif texts and set(texts) <= {"کارکنان", "مدیران"} and previous_level == "provinces":
                    level = "provinces"  # the sub-row under a provinces' row (staff under managers)
                previous_level = level
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
                # how the short row was read (its figures by column), for the checks that name it
                row["shape"] = [
                    k
                    for k, v in zip(("plan", "actual", "percent"), row["values"], strict=True)
                    if v["printed"]
                ]


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


# --- issue 20: rows the conversion left short, and figures printed twice --------------------

# HQ rows whose twin in the opening summary prints the same activity, level and plan
# (HQ line → summary line; read from the two texts by hand).
HQ_SUMMARY_TWINS = {
    2287: 104, 2288: 106, 2289: 107, 2290: 108, 2291: 109, 2292: 110, 2294: 111, 2295: 112,
    2296: 113, 2308: 120, 2309: 123, 2310: 124, 2311: 121, 2312: 122,
    2330: 131, 2331: 132, 2332: 133, 2335: 138, 2336: 137, 2337: 136, 2338: 135,
    2963: 188, 2964: 189, 2965: 190, 2967: 191, 2968: 192, 2969: 193, 2970: 195, 2972: 196,
    2973: 201,
}  # fmt: skip
# HQ rows carrying the provinces' (or the whole organisation's) figure → the province table whose
# printed total row is the same figure (`:n`: the n-th group of a two-group table).
HQ_PROVINCE_TWINS = {
    2287: "T009", 2291: "T010", 2312: "T012:1", 2310: "T012:2",
    2330: "T013", 2331: "T014", 2332: "T015", 2336: "T016", 2358: "T016",
}  # fmt: skip
# National tables by industry → the province table by industry whose total row prints the same
# figures (industry rows in the order of its columns), or whose total row alone they repeat.
SECTOR_TWINS = {"T036": "T035", "T044": "T043", "T047": "T046", "T039": "T040", "T049": "T050"}
PERCENT_SHAPES = (("plan", "percent"), ("actual", "percent"))


def _num(cell: dict) -> float | None:
    try:
        return float(cell["value"]) if cell["value"] is not None else None
    except ValueError:
        return None


def _rounds_to(actual: float, plan: float, printed: float) -> bool:
    """The report rounds halves up, and sometimes down (see docs/performance.md, item 15)."""
    exact = actual * 100 / plan
    return printed in (int(exact + 0.5), int(exact)) and abs(exact - printed) <= 0.5 + 1e-9


def _candidates(first: float, pct: float) -> list[tuple[float, float]]:
    """Every (plan, actual) pair in whole numbers that two printed figures — one of the plan or
    the actual, then the percent — can stand for (every pair whose percent rounds to it)."""
    found = []
    if first > 0 and pct >= 0:
        low, high = int(first * max(pct - 1, 0) / 100), int(first * (pct + 1) / 100) + 1
        found += [(first, x) for x in range(low, high + 1) if _rounds_to(x, first, pct)]
    if pct > 1:
        low, high = int(first * 100 / (pct + 1)), int(first * 100 / (pct - 1)) + 1
        found += [(p, first) for p in range(max(1, low), high + 1) if _rounds_to(first, p, pct)]
    elif pct == 0 and first > 0:
        found.append((float("inf"), first))  # an actual at 0 %: any plan large enough
    elif pct > 0:
        found += [
            (p, first)
            for p in range(max(1, int(first * 50)), int(first * 200) + 2)
            if _rounds_to(first, p, pct)
        ]
    return found


def recover_short_rows(tables: list[dict]) -> None:
    """The HQ rows the conversion left short, read again: each gets `recovered` (the plan and
    actual the seed itself determines, and how) or `unread_reason` (why it cannot)."""
    summary = {r["line"]: r for t in tables if t["kind"] == "summary" for r in t["rows"]}
    totals = {}  # "T009" / "T012:2" → that province table's total row (one group's cells)
    for t in tables:
        total = next((r for r in t["rows"] if r["total"]), None) if t["kind"] == "province" else None
        if total is not None:
            totals[t["id"]] = total
            if len(total["values"]) == 6:
                totals[t["id"] + ":1"] = {**total, "values": total["values"][:3]}
                totals[t["id"] + ":2"] = {**total, "values": total["values"][3:]}
    for table in tables:
        if table["kind"] != "hq":
            continue
        keys = [c["key"] for c in table["columns"]]
        for row in table["rows"]:
            if row["complete"] or not row.get("activity"):
                continue
            printed = [v for v in row["values"] if v["printed"]]
            row.update(_recover(row, keys, printed, summary, totals))


def _recover(row: dict, keys: list[str], printed: list[dict], summary: dict, totals: dict) -> dict:
    line = row["line"]
    if set(keys) == {"actual"}:
        if len(printed) == 1 and _num(printed[0]) is not None:
            return {"shape": ["actual"], "recovered": {"actual": printed[0]["value"], "how": "one_figure"}}
        return {"unread_reason": "layout"}
    if keys != ["plan", "actual", "percent"]:
        return {"unread_reason": "narrative"}
    if row["texts"] and len(row["texts"][-1].split()) > 18 and len(printed) == 2:
        # a sentence printed in the plan column: the two figures are the actual and the percent
        return {
            "shape": ["actual", "percent"],
            "recovered": {"actual": printed[0]["value"], "how": "words_plan"},
        }
    if len(printed) != 2:
        return {"unread_reason": "shifted" if len(row["values"]) > len(printed) else "one_figure"}
    first, pct = _num(printed[0]), _num(printed[1])
    if first is None and pct is None:
        return {"shape": ["plan", "percent"], "recovered": {"how": "dashes"}}
    for twin in (summary.get(HQ_SUMMARY_TWINS.get(line)), totals.get(HQ_PROVINCE_TWINS.get(line))):
        values = [v["value"] for v in twin["values"]] if twin else []
        if len(values) == 3 and values[0::2] == [v["value"] for v in printed]:
            return {
                "shape": ["plan", "percent"],
                "recovered": {"plan": values[0], "actual": values[1], "how": f"twin:{twin['line']}"},
            }
    if first is None or pct is None:
        return {"unread_reason": "ambiguous"}
    found = sorted(set(_candidates(first, pct)))
    if len(found) == 1:
        plan, actual = found[0]
        shape = ["plan", "percent"] if plan == first else ["actual", "percent"]
        return {"shape": shape, "recovered": {"plan": _text(plan), "actual": _text(actual), "how": "percent"}}
    found = [(p, a) for p, a in found if p != float("inf")][:6]
    return {"unread_reason": "ambiguous", "candidates": [[_text(p), _text(a)] for p, a in found]}


def _text(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def _keyed(table: dict, row: dict, group: int = 0) -> dict[str, int]:
    """Column key → index into the row's values (the n-th plan/actual/percent group)."""
    if not row["complete"]:
        return {k: i for i, k in enumerate(row.get("shape", []))}
    found: dict[str, list[int]] = {}
    for i, column in enumerate(table["columns"]):
        found.setdefault(column["key"], []).append(i)
    return {k: v[group] for k, v in found.items() if len(v) > group}


def link_twins(tables: list[dict]) -> list[dict]:
    """Every pair of printed cells that must print the same figure: summary ↔ province total
    rows, summary ↔ HQ rows, HQ rows of other units' totals ↔ province total rows, national
    tables by industry ↔ province tables by industry. Each: lines, cell indexes, why."""
    rows = {r["line"]: (t, r) for t in tables for r in t["rows"]}
    by_id = {t["id"]: t for t in tables}
    twins = []

    def total_row(table_id: str):
        return next((r for r in by_id[table_id]["rows"] if r["total"]), None)

    def pair(a_line: int, b_table_row, why: str, group: int = 0, keys=("plan", "actual", "percent")):
        (ta, ra), (tb, rb) = rows[a_line], b_table_row
        ka, kb = _keyed(ta, ra), _keyed(tb, rb, group)
        if "actual" not in kb and "total" in kb:
            kb["actual"] = kb["total"]
        pairs = [[ka[k], kb[k]] for k in keys if k in ka and k in kb]
        if pairs:
            twins.append({"a": ra["line"], "b": rb["line"], "pairs": pairs, "why": why})

    for line, detail in SUMMARY_DETAIL.items():
        table_id, _, n = detail.partition(":")
        row = total_row(table_id)
        if row is not None:
            pair(line, (by_id[table_id], row), "summary_province", group=int(n or 1) - 1)
    for hq_line, summary_line in HQ_SUMMARY_TWINS.items():
        pair(summary_line, rows[hq_line], "summary_hq")
    for hq_line, detail in HQ_PROVINCE_TWINS.items():
        table_id, _, n = detail.partition(":")
        pair(hq_line, (by_id[table_id], total_row(table_id)), "hq_province", group=int(n or 1) - 1)
    for sector_id, province_id in SECTOR_TWINS.items():
        sector = by_id[sector_id]
        total = total_row(province_id)
        parts = [r for r in sector["rows"] if not r["total"]]
        if [c["key"] for c in sector["columns"]][:1] == ["actual"] and len(parts) == len(total["values"]) - 1:
            # the industry rows in the order of the province table's columns
            for i, row in enumerate(parts):
                twins.append(
                    {"a": row["line"], "b": total["line"], "pairs": [[0, i]], "why": "sector_province"}
                )
        own_total = total_row(sector_id)
        if not own_total["complete"]:
            continue
        width = 3 if sector["columns"][0]["key"] == "breakdown" else 1
        offset = 0 if width == 3 else len(total["values"]) - 1
        twins.append(
            {
                "a": own_total["line"],
                "b": total["line"],
                "pairs": [[i, offset + i] for i in range(width)],
                "why": "sector_province",
            }
        )
    return twins


def read_appendix(lines):
    from performance.data.appendix_1400 import read_appendix

    return read_appendix(lines)


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
    recover_short_rows(extracted["tables"])
    twins = link_twins(extracted["tables"])
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
        "twins": twins,
        **extracted,
        "appendix": read_appendix(text.splitlines()),
    }


def dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
