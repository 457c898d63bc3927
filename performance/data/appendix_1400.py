"""Seed 004's appendix 1, «فرم شاخصهای اختصاصی استان در سال 1400 (محور اشاعه فرهنگ استاندارد)»:
the form every province fills for the province-specific indicators of the standard-culture axis.
It lists two programmes and their sub-programmes; it prints no figure per indicator, only the
form's «جمع کل» (10,437), which is the plan total of the province table it details (P065,
«برش استانی شاخص اشاعه فرهنگ استاندارد-شاخصهای روابط عمومی», the note at line 2278 points here).

Read as printed, with every oddity an import finding naming its line:
- a row shifted by two columns (programme 2's number and title in the sub-programme columns; three
  sub-programmes in the number column) — kept, read by its words, reported «shifted»;
- a sub-programme printed twice in its programme (the second one is not a second indicator);
- Cyrillic letters inside a Persian word («بیلборд»): mapped to the Persian letters they look like.
"""

import re

APPENDIX_START = "پیوست 1:"
PARENT = "P065"
CYRILLIC = {"б": "ب", "о": "و", "р": "ر", "а": "ا", "д": "د"}
_NUMBER = re.compile(r"^[0-9۰-۹]+$")


def _finding(line: int, kind: str, text: str) -> dict:
    return {"line": line, "kind": kind, "text": text}


def _letters(text: str, line: int, findings: list) -> str:
    if not re.search("[\u0400-\u04ff]", text):
        return text
    fixed = "".join(CYRILLIC.get(c, c) for c in text)
    findings.append(_finding(line, "letters", f"حروف سیریلیک در «{text}» چاپ شده؛ خوانده شد «{fixed}»."))
    return fixed


def read_appendix(lines: list[str]) -> dict | None:
    """The appendix's programmes, sub-programmes, printed total and findings (lines 1-based)."""
    start = next((i for i, raw in enumerate(lines) if APPENDIX_START in raw), None)
    if start is None:
        return None
    result = {"line": start + 1, "title": "", "parent": PARENT, "programmes": [], "total": None}
    findings: list[dict] = []
    programme = None
    for i in range(start + 1, len(lines)):
        number, raw = i + 1, lines[i]
        if not raw.strip():
            continue
        if "\t" not in raw:
            result["title"] = result["title"] or raw.strip()
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if cells[0] == "ردیف":
            continue
        filled = [(column, c) for column, c in enumerate(cells) if c]
        first_column, first = filled[0]
        if first == "جمع کل":
            text = filled[1][1]
            result["total"] = {"line": number, "text": text, "value": int(text.replace(",", ""))}
            continue
        if _NUMBER.match(first):
            if first_column != 0:
                findings.append(
                    _finding(number, "shifted", "شماره و عنوان برنامه در ستون‌های ریزبرنامه چاپ شده.")
                )
            programme = {
                "number": int(first),
                "title": _letters(filled[1][1], number, findings),
                "line": number,
                "items": [],
            }
            result["programmes"].append(programme)
            filled = filled[2:]
        if not filled:
            continue
        column, title = filled[0]
        if column != 2:
            findings.append(_finding(number, "shifted", f"ریزبرنامه «{title}» در ستون ردیف چاپ شده."))
        title = _letters(title, number, findings)
        if any(item["title"] == title for item in programme["items"]):
            findings.append(
                _finding(number, "duplicate", f"ریزبرنامه «{title}» در این برنامه دو بار چاپ شده.")
            )
            continue
        programme["items"].append({"title": title, "line": number})
    n = 0
    for programme in result["programmes"]:
        for item in programme["items"]:
            n += 1
            item["code"] = f"{PARENT}-{n:02d}"
    result["findings"] = findings
    return result
