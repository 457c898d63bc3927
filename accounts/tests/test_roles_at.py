"""`roles_in_chain` / `roles_at`: the roles that count at a unit are those held there, above it for
a role that reaches down, or anywhere for an organisation-wide one; never those held elsewhere."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from accounts.selectors import EVERYWHERE, ROLE_REACH, SUBTREE, UNIT, roles_at, roles_in_chain


@st.composite
def forests(draw):
    """A random org tree: unit i's parent is an earlier unit or nobody."""
    size = draw(st.integers(1, 12))
    return [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, size)]


def chain(parents, unit):
    out = [unit]
    while parents[out[-1]] is not None:
        out.append(parents[out[-1]])
    return out


def below(parents, unit):
    """The unit and everything under it, found by walking down (not up) the tree."""
    found, stack = {unit}, [unit]
    while stack:
        node = stack.pop()
        for child, parent in enumerate(parents):
            if parent == node and child not in found:
                found.add(child)
                stack.append(child)
    return found


ALL_ROLES = [r.value for r in Role]


@given(data=st.data(), parents=forests())
def test_a_role_counts_exactly_within_its_reach(data, parents):
    role = data.draw(st.sampled_from(ALL_ROLES))
    held_in = data.draw(st.integers(0, len(parents) - 1))
    target = data.draw(st.integers(0, len(parents) - 1))
    reach = ROLE_REACH.get(role)
    expected = {
        None: False,  # counter-office, region and unscoped roles never count in a unit
        UNIT: target == held_in,
        SUBTREE: target in below(parents, held_in),
        EVERYWHERE: True,
    }[reach]
    assert (role in roles_in_chain([(role, held_in)], chain(parents, target))) == expected


@given(data=st.data(), parents=forests())
def test_roles_held_elsewhere_add_nothing(data, parents):
    target = data.draw(st.integers(0, len(parents) - 1))
    memberships = data.draw(
        st.lists(
            st.tuples(st.sampled_from(ALL_ROLES), st.one_of(st.none(), st.integers(0, len(parents) - 1))),
            max_size=6,
        )
    )
    found = roles_in_chain(memberships, chain(parents, target))
    for role in found:
        # every role found is justified by one membership whose reach covers the target
        assert any(
            r == role
            and (
                ROLE_REACH.get(r) == EVERYWHERE
                or (unit is None and r == Role.AUDITOR)
                or (unit is not None and ROLE_REACH.get(r) == UNIT and unit == target)
                or (unit is not None and ROLE_REACH.get(r) == SUBTREE and target in below(parents, unit))
            )
            for r, unit in memberships
        )


@pytest.mark.django_db
def test_roles_at_reads_the_users_memberships(make_user):
    from orgs.models import OrgUnit, Province

    root = OrgUnit.objects.create(code="R", name="سازمان", kind="organisation")
    a = OrgUnit.objects.create(
        code="A",
        name="استان الف",
        kind="province",
        parent=root,
        province=Province.objects.create(code="IR-97", name="الف", phone_area_code="097"),
    )
    b = OrgUnit.objects.create(
        code="B",
        name="استان ب",
        kind="province",
        parent=root,
        province=Province.objects.create(code="IR-96", name="ب", phone_area_code="096"),
    )
    user = make_user(role=Role.UNIT_HEAD, scope={"org_unit": a})
    user.memberships.create(role=Role.STAFF_EXPERT, org_unit=b)
    assert roles_at(user, a) == {Role.UNIT_HEAD}
    assert roles_at(user, b) == {Role.STAFF_EXPERT}
    assert roles_at(user, root) == set()
    assert roles_at(make_user(is_superuser=True), b) == {Role.ADMINISTRATOR}
