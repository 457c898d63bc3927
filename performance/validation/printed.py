"""The rule families on printed lines (issue 20): each printed percent against its own row's plan
and actual, each printed total against its printed parts (and each share against its counts),
each figure printed twice against its twin, each row that lost or shifted a cell, and the import
findings (province names as printed, a heading naming another year, a heading printed twice,
appendix 1's misprints and its total against P065's plan total).
Every finding names its printed line. Mixed into `_Evaluator` (uses its `d`, `add`)."""

import re
from collections import defaultdict
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from core.text import to_persian_digits
from performance.models import PrintedLine
from performance.validation.expressions import fa

# Seed 004's own misprints of province names (the import maps them; see extract_1400.MISPRINTS).
ARABIC_LETTERS = re.compile("[يك]")
YEAR_RE = re.compile(r"سال\s*(1[34]\d\d)")
FIGURES = ("plan", "actual", "total", "breakdown", "plan_other")
KEY_LABELS = {"plan": "برنامه", "actual": "عملکرد", "percent": "درصد"}
NUMBER_RE = re.compile(r"^(%?[\d۰-۹][\d۰-۹,]*(\.\d+)?%?|-+)$")


def _leading_figures(label: str) -> list[str]:
    """Figures a shifted row printed in its label cells (`138 1,200 پایش …`, line 2754)."""
    found = []
    for token in label.split():
        if not NUMBER_RE.match(token) or token.startswith("-"):
            break
        found.append(token)
    return found


def _dec(text) -> Decimal | None:
    try:
        return Decimal(text) if text is not None else None
    except ArithmeticError:
        return None


def _line(n: int) -> str:
    return f"سطر {to_persian_digits(n)}"


def _groups(columns: list[str]) -> list[tuple[int, int, int]]:
    """(plan, actual, percent) column indexes of each group of a row (two groups side by side)."""
    found = defaultdict(list)
    for i, key in enumerate(columns):
        found[key].append(i)
    return list(zip(found["plan"], found["actual"], found["percent"], strict=False))


def _rounded(value: Decimal, places: int, mode) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=mode)


def _pct(exact: Decimal) -> str:
    return fa(_rounded(exact, 2, ROUND_HALF_UP))


class PrintedChecks:
    def _lines(self) -> list[PrintedLine]:
        if not hasattr(self, "_printed_lines"):
            self._printed_lines = list(PrintedLine.objects.filter(year=self.d.year).order_by("line"))
        return self._printed_lines

    def _rows(self):
        return [p for p in self._lines() if p.kind == PrintedLine.Kind.ROW]

    def _add_line(self, rule, p: PrintedLine, *, left_label, left, right_label, right, message):
        self.add(
            rule,
            left_label=left_label,
            left=left,
            right_label=right_label,
            right=right,
            message=f"{_line(p.line)} ({p.table}) «{p.label[:80]}»: {message}",
            activity=p.activity_id,
            unit=p.org_unit_id,
            level=p.level or p.part,
            line=p.line,
        )

    # --- each printed percent against its own row ------------------------------------------

    def line_percent(self, rule):
        """`params.mode`: "half_down" reports only a .5 printed rounded down (low importance);
        otherwise every other percent that does not follow from its row's plan and actual."""
        half_down_only = rule.params.get("mode") == "half_down"
        for p in self._rows():
            if not p.complete:
                continue  # its percent was used to re-read the row; `line_shape` reports it
            for ip, ia, ipc in _groups(p.columns):
                plan, actual, printed = (
                    _dec(p.values[i]) if i < len(p.values) else None for i in (ip, ia, ipc)
                )
                if plan is None or actual is None or plan == 0:
                    continue
                exact = actual * 100 / plan
                text = p.cells[ipc] if ipc < len(p.cells) else ""
                places = len(text.split(".")[1]) if "." in text else 0
                expected = _rounded(exact, places, ROUND_HALF_UP)
                half_down = (
                    printed is not None
                    and printed == _rounded(exact, places, ROUND_FLOOR)
                    and (exact * 10 ** (places + 1)) % 10 == 5
                    and (exact * 10 ** (places + 1)) == (exact * 10 ** (places + 1)).to_integral_value()
                )
                if printed == expected or half_down != half_down_only:
                    continue
                why = (
                    "نیم به پایین گرد شده" if half_down else ("چاپ نشده" if printed is None else "برابر نیست")
                )
                self._add_line(
                    rule,
                    p,
                    left_label=f"درصد چاپی «{text}» ({_line(p.line)})",
                    left=printed,
                    right_label=f"عملکرد {fa(actual)} ÷ برنامه {fa(plan)}",
                    right=_rounded(exact, 2, ROUND_HALF_UP),
                    message=f"درصد چاپی {text or '-'} اما {fa(actual)} ÷ {fa(plan)} = {_pct(exact)} ({why})",
                )

    # --- each printed total against its printed parts -------------------------------------

    def line_sum(self, rule):
        rows = self._rows()
        by_table = defaultdict(list)
        for p in rows:
            by_table[p.table].append(p)
        for p in rows:
            if p.part == "province" and p.level == "unit":
                continue  # province rows: `breakdown-sum` compares them on the stored values
            self._row_total(rule, p)
        for table_rows in by_table.values():
            self._shares(rule, table_rows)
            if table_rows[0].part == "province":
                continue  # `printed-total` compares province tables' total rows with the values
            start = 0
            grouped = table_rows[0].part in ("hq", "summary")  # a rank starts a group there
            for i, p in enumerate(table_rows):
                if grouped and p.rank and not p.is_total:
                    start = i
                if p.is_total:
                    self._column_total(rule, p, table_rows[start:i])
                    start = i + 1

    def _row_total(self, rule, p):
        keys = p.columns
        if "total" not in keys or keys.count("breakdown") < 2 or len(p.values) != len(keys):
            return
        parts = [_dec(v) for k, v in zip(keys, p.values, strict=True) if k == "breakdown"]
        total = _dec(p.values[keys.index("total")])
        if total is None or all(v is None for v in parts):
            return
        found = sum((v for v in parts if v is not None), Decimal(0))
        if found != total:
            self._add_line(
                rule,
                p,
                left_label=f"ستون جمع ({_line(p.line)})",
                left=total,
                right_label="جمع خانه‌های همان سطر",
                right=found,
                message=f"جمع چاپی {fa(total)} اما جمع اجزای همان سطر {fa(found)}",
            )

    def _shares(self, rule, table_rows):
        """Printed shares against the counts they are shares of: a share column beside the
        counts of its row (test results), or a share of the table's total row (by industry)."""
        total_row = next((p for p in table_rows if p.is_total), None)
        for p in table_rows:
            keys = p.columns
            if "share" not in keys or len(p.values) != len(keys):
                continue
            shares = [i for i, k in enumerate(keys) if k == "share"]
            counts = [i for i, k in enumerate(keys) if k == "breakdown"]
            if len(counts) == len(shares) and "total" in keys:
                whole = _dec(p.values[keys.index("total")])
            elif "actual" in keys and total_row is not None and len(shares) == 1:
                counts = [keys.index("actual")]
                whole = _dec(total_row.values[keys.index("actual")]) if total_row.complete else None
            else:
                continue
            for i_count, i_share in zip(counts, shares, strict=True):
                count, share = _dec(p.values[i_count]), _dec(p.values[i_share])
                if whole in (None, 0) or count is None or share is None:
                    continue
                exact = count * 100 / whole
                if abs(exact - share) < 1:
                    continue
                self._add_line(
                    rule,
                    p,
                    left_label=f"درصد سهم چاپی «{p.cells[i_share]}» ({_line(p.line)})",
                    left=share,
                    right_label=f"{fa(count)} ÷ {fa(whole)}",
                    right=_rounded(exact, 2, ROUND_HALF_UP),
                    message=f"درصد سهم چاپی {p.cells[i_share]} اما {fa(count)} ÷ {fa(whole)} = {_pct(exact)}",
                )

    def _column_total(self, rule, p, parts):
        if not parts:
            return
        for key in FIGURES:
            if key not in p.columns:
                continue
            for n, index in enumerate(i for i, k in enumerate(p.columns) if k == key):
                total = _dec(p.values[index]) if index < len(p.values) else None
                found = [self._nth(q, key, n) for q in parts]
                if total is None or all(v is None for v in found):
                    continue
                summed = sum((v for v in found if v is not None), Decimal(0))
                if summed == total or (parts[0].rank and summed - (found[0] or 0) == total):
                    continue  # a group's first row may count something else (courses above participants)
                found = [v for v in found if v is not None]
                self._add_line(
                    rule,
                    p,
                    left_label=f"سطر جمع ({p.cells[index]}، {_line(p.line)})",
                    left=total,
                    right_label=(
                        f"جمع {to_persian_digits(len(found))} سطر بالای آن"
                        f" ({_line(parts[0].line)} تا {to_persian_digits(parts[-1].line)})"
                    ),
                    right=summed,
                    message=f"جمع چاپی {p.cells[index]} اما جمع سطرهای آن {fa(summed)}",
                )

    @staticmethod
    def _nth(q: PrintedLine, key: str, n: int):
        if not q.complete:
            return _dec(q.recovered.get(key))  # a short row: what its re-reading found, if anything
        indexes = [i for i, k in enumerate(q.columns) if k == key]
        if n >= len(indexes) or indexes[n] >= len(q.values):
            return None
        return _dec(q.values[indexes[n]])

    # --- each figure printed twice ---------------------------------------------------------

    WHY = {
        "summary_province": "جدول خلاصه در برابر سطر جمع جدول استانی",
        "summary_hq": "جدول خلاصه در برابر بخش ستاد",
        "hq_province": "سطر جمع واحدهای دیگر در بخش ستاد در برابر سطر جمع جدول استانی",
        "sector_province": "جدول کشوری به تفکیک رشته در برابر جدول استانی به تفکیک رشته",
    }

    def twin(self, rule):
        rows = {p.line: p for p in self._rows()}
        for p in rows.values():
            for twin in p.twins:
                other = rows.get(twin["line"])
                if other is None:
                    continue
                for mine, theirs in twin["pairs"]:
                    a = _dec(p.values[mine]) if mine < len(p.values) else None
                    b = _dec(other.values[theirs]) if theirs < len(other.values) else None
                    if a is None or b is None or a == b:
                        continue
                    key = p.columns[mine] if mine < len(p.columns) else ""
                    self._add_line(
                        rule,
                        p,
                        left_label=f"«{p.cells[mine]}» ({_line(p.line)}، {key})",
                        left=a,
                        right_label=f"«{other.cells[theirs]}» ({_line(other.line)}، {other.table})",
                        right=b,
                        message=(
                            f"{self.WHY.get(twin['why'], '')}: {p.cells[mine]} اما {_line(other.line)}"
                            f" «{other.label[:60]}» {other.cells[theirs]}"
                        ),
                    )

    # --- rows that lost or shifted a cell --------------------------------------------------

    def line_shape(self, rule):
        for p in self._rows():
            if p.complete:
                continue
            in_label = _leading_figures(p.label)
            figures = [c for c in p.cells if NUMBER_RE.match(c.replace(" ", ""))]
            if not (figures or p.recovered or p.unread_reason or len(in_label) >= 2):
                continue  # a label's continuation line, a narrative row, a plan in words alone
            got = "، ".join(c for c in p.cells if c) or "هیچ"
            if not p.cells and in_label:
                outcome = f"رقم‌های {'، '.join(in_label)} در خانه‌های عنوان چاپ شده‌اند (خانه‌ها جابه‌جا)"
            elif p.recovered.get("how") == "dashes":
                outcome = "جز خط تیره رقمی چاپ نشده"
            elif p.recovered:
                outcome = "از متن بازخوانی شد: " + "، ".join(
                    f"{label} {fa(_dec(p.recovered[k]))}"
                    for k, label in (("plan", "برنامه"), ("actual", "عملکرد"))
                    if p.recovered.get(k) is not None
                )
                how = p.recovered.get("how", "")
                if how.startswith("twin:"):
                    outcome += f" (از همتای آن در {_line(int(how[5:]))})"
            elif p.unread_reason:
                outcome = "به رقم تبدیل نشد: " + p.get_unread_reason_display()
            elif p.columns:
                read = "، ".join(
                    f"{KEY_LABELS.get(k, k)} {c}" for k, c in zip(p.columns, p.cells, strict=False)
                )
                lost = "، ".join(KEY_LABELS[k] for k in ("plan", "actual", "percent") if k not in p.columns)
                outcome = f"خوانده شد: {read}؛ افتاده: {lost}"
            else:
                outcome = "رقم افتاده حدس زده نشد"
            self._add_line(
                rule,
                p,
                left_label=f"رقم‌های چاپی ({_line(p.line)})",
                left=_dec(next((v for v in p.values if _dec(v) is not None), None)),
                right_label=f"ستون‌های جدول {p.table}",
                right=None,
                message=f"سطر کم‌خانه: {got}؛ {outcome}",
            )

    # --- import findings: names, years and headings as printed -----------------------------

    def print_note(self, rule):
        check = rule.params.get("check", "province_name")
        if check == "province_name":
            for p in self._rows():
                if not p.printed_name or p.org_unit_id is None:
                    continue
                canonical = self.d.units[p.org_unit_id].province.name
                if p.printed_name == canonical:
                    continue
                kind = "با حروف عربی" if ARABIC_LETTERS.search(p.printed_name) else "با املای نادرست"
                self._add_line(
                    rule,
                    p,
                    left_label=f"نام چاپی «{p.printed_name}»",
                    left=None,
                    right_label=f"نام درست «{canonical}»",
                    right=None,
                    message=f"نام استان {kind} چاپ شده: «{p.printed_name}» به جای «{canonical}»",
                )
            return
        if check.startswith("appendix"):
            self._appendix(rule, total=check == "appendix_total")
            return
        seen: dict[str, int] = {}
        for p in self._lines():
            if p.kind == PrintedLine.Kind.ROW:
                continue
            for year in YEAR_RE.findall(p.label.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))):
                if int(year) != self.d.year:
                    self._add_line(
                        rule,
                        p,
                        left_label=f"سال چاپی {to_persian_digits(year)}",
                        left=Decimal(year),
                        right_label="سال گزارش",
                        right=Decimal(self.d.year),
                        message=(
                            f"عنوان سال {to_persian_digits(year)} را نام می‌برد،"
                            f" نه {to_persian_digits(self.d.year)}"
                        ),
                    )
            if p.kind == PrintedLine.Kind.HEADING:
                before = seen.get(p.label)
                if before is not None and p.line - before <= 20:
                    self._add_line(
                        rule,
                        p,
                        left_label=_line(p.line),
                        left=None,
                        right_label=_line(before),
                        right=None,
                        message=f"عنوان دو بار چاپ شده (نخست در {_line(before)})",
                    )
                seen[p.label] = p.line

    APPENDIX_KINDS = {"shifted": "خانه‌ها جابه‌جا", "letters": "حروف غیرفارسی", "duplicate": "دو بار چاپ شده"}

    def _appendix(self, rule, *, total: bool):
        """Appendix 1's misprints as the import found them, or its «جمع کل» against the plan
        total of the province table it details (P065, the provinces' plans added up)."""
        for p in self._lines():
            if p.part != "appendix":
                continue
            if not total and p.note:
                self._add_line(
                    rule,
                    p,
                    left_label=_line(p.line),
                    left=None,
                    right_label=self.APPENDIX_KINDS.get(p.note, p.note),
                    right=None,
                    message=p.label,
                )
            elif total and p.columns == ["plan"] and p.activity_id in self.d.totals:
                printed = _dec(p.values[0])
                plan = self.d.province_sum(p.activity_id, self.d.totals[p.activity_id].pk, "plan")
                if printed == plan:
                    continue
                code = self.d.activities[p.activity_id].code
                self._add_line(
                    rule,
                    p,
                    left_label=f"جمع کل پیوست «{p.cells[0]}» ({_line(p.line)})",
                    left=printed,
                    right_label=f"جمع برنامهٔ استان‌ها در {code}",
                    right=plan,
                    message=f"جمع کل پیوست {p.cells[0]} اما جمع برنامهٔ {code} {fa(plan) if plan else '-'}",
                )
