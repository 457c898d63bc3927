"""requirements.txt is what the container image installs, alone (`pip install -r requirements.txt`):
it must pin every package the runtime imports, the dependencies of its dependencies too, or the
image gets whatever version of the missing one is newest on the day it is built (django-csp's
`packaging` was missing, so the image had 26.4 where the tests ran 26.3)."""

from importlib import metadata
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def pins(path: Path) -> dict[str, str]:
    """`name==version` lines of a requirements file, by canonical name (its `-r` files included)."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found |= pins(path.parent / line[3:].strip())
        elif "==" in line:
            name, version = line.split("==", 1)
            found[canonicalize_name(Requirement(name).name)] = version.strip()
    return found


def needs(distribution: str) -> set[str]:
    """What an installed distribution requires when installed without extras, on this machine."""
    names = set()
    for spec in metadata.requires(distribution) or ():
        requirement = Requirement(spec)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            names.add(canonicalize_name(requirement.name))
    return names


def test_the_runtime_pins_hold_every_dependency_of_every_package_they_pin():
    runtime = pins(Path(settings.BASE_DIR) / "requirements.txt")
    missing = sorted(
        f"{name} (needed by {dist})" for dist in runtime for name in needs(dist) if name not in runtime
    )
    assert missing == []


def test_every_pin_is_the_version_installed_here():
    every = pins(Path(settings.BASE_DIR) / "requirements-dev.txt")
    assert {name: metadata.version(name) for name in every} == every
