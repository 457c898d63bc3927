"""The shape of the code (issue 21): no module in an app over 500 lines except migrations and data,
every module opening with a line that says what it holds, roles named through `Role`, and tests
that do not spy on private functions. Read as text and syntax trees; nothing is imported."""

import ast
import re
from pathlib import Path

import pytest

from accounts.models import Role

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 500
# Generated or transcribed, not written by hand: the schema's history and source data.
LEFT_OUT = {"migrations", "data"}
# A role's value spelled out where a `Role` member belongs: compared with, passed as a role or
# used as a key. "applicant" is also a field of requests (a column to sort by, a relation to
# select), so as a key it does not count.
ROLE_KEYWORDS = {"role", "role__in", "actor_role", "roles"}
FIELD_NAMES = {"applicant"}


def app_modules() -> list[Path]:
    """Every .py file of every app (a top-level folder with an apps.py) and its subpackages."""
    found = []
    for config in sorted(ROOT.glob("*/apps.py")):
        for path in sorted(config.parent.rglob("*.py")):
            if not LEFT_OUT & set(path.relative_to(ROOT).parts):
                found.append(path)
    return found


MODULES = app_modules()


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def is_test(path: Path) -> bool:
    return "tests" in path.relative_to(ROOT).parts or path.name == "conftest.py"


def test_the_walk_finds_the_apps_and_their_packages():
    names = {name(p) for p in MODULES}
    assert {"desk/selectors/queues.py", "counters/services/review.py", "performance/views/report.py"} <= names
    assert not any("/migrations/" in n or "/data/" in n for n in names)
    assert len({n.split("/")[0] for n in names}) >= 14


def test_no_module_in_an_app_is_over_500_lines():
    long = {name(p): n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by topic into a package (issue 21): {long}"


def test_every_module_opens_with_a_docstring():
    bare = [
        name(p)
        for p in MODULES
        if (tree := ast.parse(p.read_text(encoding="utf-8"))).body and ast.get_docstring(tree) is None
    ]
    assert not bare, f"say in a first-line docstring what these hold: {bare}"


def role_keyword(arg: str | None) -> bool:
    """A role argument, or a lookup across relations ending in one (`memberships__role__in`)."""
    return arg is not None and (arg in ROLE_KEYWORDS or arg.endswith(("__role", "__role__in")))


def role_strings(tree: ast.AST) -> list[int]:
    """Lines where a role's value is a bare string in a comparison, a role argument or a dict key."""
    values = set(Role.values)
    lines = []

    def spelled(node) -> bool:
        return isinstance(node, ast.Constant) and node.value in values

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            operands += [e for o in operands if isinstance(o, ast.Tuple | ast.List | ast.Set) for e in o.elts]
            lines += [o.lineno for o in operands if spelled(o)]
        elif isinstance(node, ast.keyword) and role_keyword(node.arg):
            values_given = node.value.elts if isinstance(node.value, ast.Tuple | ast.List) else [node.value]
            lines += [v.lineno for v in values_given if spelled(v)]
        elif isinstance(node, ast.Dict):
            keys = [k for k in node.keys if k is not None and spelled(k) and k.value not in FIELD_NAMES]
            lines += [k.lineno for k in keys]
    return lines


def test_role_strings_are_caught():
    source = 'if user.role == "unit_head" or x in ("auditor",):\n    f(role="hq_planner", k={"auditor": 1})'
    assert role_strings(ast.parse(source)) == [1, 1, 2, 2]
    lookups = 'User.objects.filter(memberships__role="auditor", user__memberships__role__in=["unit_head"])'
    assert role_strings(ast.parse(lookups)) == [1, 1]
    harmless = 'qs.select_related("applicant")\nf(role=Role.AUDITOR)\nCOLUMNS = {"applicant": 1}'
    assert role_strings(ast.parse(harmless)) == []


def test_roles_are_named_through_role_outside_tests():
    spelled = {
        name(p): lines
        for p in MODULES
        if not is_test(p) and (lines := role_strings(ast.parse(p.read_text(encoding="utf-8"))))
    }
    assert not spelled, f"name these roles through accounts.models.Role: {spelled}"


def private_patches(tree: ast.AST) -> list[int]:
    """Lines where a test patches a private name: `monkeypatch.setattr(obj, "_x", …)`,
    `setattr("mod._x", …)`, `mock.patch("mod._x")` or `mock.patch.object(obj, "_x")`."""
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in {"setattr", "patch", "object"}:
            continue
        for arg in node.args[:2]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                last = arg.value.rsplit(".", 1)[-1]
                if last.startswith("_") and not last.startswith("__"):
                    lines.append(node.lineno)
    return lines


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('monkeypatch.setattr(views, "_helper", f)', [1]),
        ('mock.patch("desk.services._lock")', [1]),
        ('mock.patch.object(services, "_lock")', [1]),
        ('monkeypatch.setattr(search, "MAX_RANKED", 2)', []),
        ('monkeypatch.setattr("core.views.connection", c)', []),
    ],
)
def test_private_patches_are_caught(source, found):
    assert private_patches(ast.parse(source)) == found


def test_tests_do_not_spy_on_private_functions():
    spies = {
        name(p): lines
        for p in MODULES
        if is_test(p) and (lines := private_patches(ast.parse(p.read_text(encoding="utf-8"))))
    }
    assert not spies, f"test these through public services and pages instead: {spies}"


def template_role_strings(text: str) -> list[int]:
    """Lines of a template where a role's value is compared as a bare string (`x.role == "auditor"`):
    the view or selector names the role through `Role` and hands the template a yes or no."""
    values = "|".join(sorted(Role.values))
    compared = re.compile(rf"""(?:==|!=)\s*["']({values})["']|["']({values})["']\s*(?:==|!=)""")
    return [n for n, line in enumerate(text.splitlines(), 1) if compared.search(line)]


def test_template_role_strings_are_caught():
    source = '{% if r.last_actor_role == "applicant" %}\n{% if m.role == "agent" %}'
    assert template_role_strings(source) == [1]
    assert template_role_strings("{% if 'unit_head' != user.role %}") == [1]


def test_templates_name_no_role_as_a_string():
    templates = sorted(ROOT.glob("*/templates/**/*.html")) + sorted(ROOT.glob("templates/**/*.html"))
    assert templates
    spelled = {
        name(t): lines for t in templates if (lines := template_role_strings(t.read_text(encoding="utf-8")))
    }
    assert not spelled, f"decide these roles in the view or selector, through accounts.models.Role: {spelled}"
