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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "held",
    [
        [(Role.STAFF_EXPERT, "a1")],
        [(Role.UNIT_HEAD, "a")],
        [(Role.UNIT_HEAD, "a1"), (Role.STAFF_EXPERT, "b")],
        [(Role.PROVINCE_MANAGER, "root"), (Role.STAFF_EXPERT, "a1")],
        [(Role.AUDITOR, "b"), (Role.UNIT_HEAD, "a1")],
        [(Role.AUDITOR, None)],
    ],
)
def test_roles_at_reads_the_tree_only_when_a_role_reaches_down_and_finds_what_the_whole_chain_gives(
    make_user, django_assert_num_queries, held
):
    """An expert's (or a head's at the unit itself) roles need no tree: it is not read; whoever
    asks, the roles found are those of the whole chain of ancestors (`roles_in_chain`)."""
    from orgs.models import OrgUnit

    units = {"root": OrgUnit.objects.create(code="R", name="سازمان", kind="organisation")}
    units["a"] = OrgUnit.objects.create(code="A", name="الف", kind="hq", parent=units["root"])
    units["a1"] = OrgUnit.objects.create(code="A1", name="الف ۱", kind="hq", parent=units["a"])
    units["b"] = OrgUnit.objects.create(code="B", name="ب", kind="hq", parent=units["root"])
    (role, where), *more = held
    user = make_user(role=role, scope={"org_unit": units[where]} if where else {})
    for role, where in more:
        user.memberships.create(role=role, org_unit=units[where])
    parents = {unit.pk: unit.parent_id for unit in units.values()}
    pairs = [(r, units[w].pk if w else None) for r, w in held]
    reaches_down = any(ROLE_REACH.get(r) == SUBTREE and w is not None for r, w in held)
    for name, unit in units.items():
        user = type(user).objects.get(pk=user.pk)  # a new request: nothing read yet
        whole = [unit.pk]
        while parents[whole[-1]] is not None:
            whole.append(parents[whole[-1]])
        reads_tree = reaches_down and any(
            ROLE_REACH.get(r) == SUBTREE and w is not None and units[w] != unit for r, w in held
        )
        with django_assert_num_queries(2 if reads_tree else 1):
            found = roles_at(user, unit)
            assert roles_at(user, unit) == found  # asked again: nothing read again
        assert found == roles_in_chain(pairs, whole), name
