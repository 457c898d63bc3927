"""Issue 13 item 7: a table never widens a page on a phone. Every table of a page template sits
directly in a `.table-responsive` box, where it scrolls sideways by itself (a `.miz-stack` table
also turns into cards on a phone: miz.css). PDF templates (WeasyPrint, a fixed page) and the
admin's are not pages a phone shows. core/tests/test_demo_pages_browser.py checks the pages themselves."""

import re
from pathlib import Path

from django.conf import settings

WRAPPED = re.compile(r'<div class="[^"]*\btable-responsive\b[^"]*">\s*$')


def page_templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    found = []
    for path in root.glob("*/templates/**/*.html"):
        relative = path.relative_to(root).as_posix()
        if ".venv" in relative or "/admin/" in relative or relative.endswith("_pdf.html"):
            continue
        found.append(path)
    found += [p for p in (root / "templates").glob("**/*.html") if "admin" not in p.parts]
    return found


def unwrapped_tables(text: str) -> list[int]:
    """Line numbers of the outermost tables not placed directly in a .table-responsive box."""
    depth, lines = 0, []
    for tag in re.finditer(r"<table\b|</table>", text):
        if tag.group() == "</table>":
            depth -= 1
            continue
        if depth == 0 and not WRAPPED.search(text[: tag.start()]):
            lines.append(text.count("\n", 0, tag.start()) + 1)
        depth += 1
    return lines


def test_the_check_sees_an_unwrapped_table():
    assert unwrapped_tables("<p>x</p>\n<table><tr><td><table></table></td></tr></table>") == [2]
    assert unwrapped_tables('<div class="table-responsive">\n <table><tr><td></td></tr></table></div>') == []


def test_every_table_of_a_page_scrolls_in_its_own_box():
    templates = page_templates()
    assert len(templates) > 50
    bad = {
        p.relative_to(settings.BASE_DIR).as_posix(): lines
        for p in templates
        if (lines := unwrapped_tables(p.read_text(encoding="utf-8")))
    }
    assert not bad, f"tables outside a .table-responsive box (template: lines): {bad}"
