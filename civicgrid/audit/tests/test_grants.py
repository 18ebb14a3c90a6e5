"""Role and permission changes and exports land in the audit log, with who made them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.cases.tests.helpers import new_case
from civicgrid.people.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db
User = get_user_model()


def entries(kind=Kind.ROLE_CHANGE, **filters):
    return list(AuditEntry.objects.filter(kind=kind, **filters).order_by("seq"))


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser("root", password="pw-root-123")
    client.force_login(admin)
    return client


def test_a_role_granted_in_admin_is_logged_with_the_admin_and_the_scope(admin_client, city):
    clerk = User.objects.create_user("clerk")
    role = Role.objects.get(code="dispatcher")
    street = city.streets[0]
    response = admin_client.post(
        reverse("admin:people_roleassignment_add"),
        {"user": clerk.pk, "role": role.pk, "area": street.pk, "department": ""},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    (entry,) = entries(target="clerk")
    assert entry.username == "root" and entry.ip == "10.1.2.3"
    assert entry.data == {"change": "role.grant", "role": "dispatcher", "scope": str(street)}


def test_a_changed_and_a_revoked_assignment_are_logged(city):
    clerk = User.objects.create_user("clerk")
    assignment = RoleAssignment.objects.create(
        user=clerk, role=Role.objects.get(code="dispatcher"), area=city.streets[0]
    )
    assignment.area = city.streets[1]
    assignment.save()
    assignment.delete()
    changes = [e.data["change"] for e in entries(target="clerk")]
    assert changes == ["role.grant", "role.change", "role.revoke"]
    change = entries(target="clerk")[1]
    assert change.username == "系统"  # no request: a command or the shell
    assert change.data["was"]["scope"] == str(city.streets[0])
    assert change.data["scope"] == str(city.streets[1])


def test_a_role_made_and_its_actions_changed_are_logged(city):
    role = Role.objects.create(code="inspector", name="巡查员", actions=["case.view"])
    role.actions = ["case.view_contact"]
    role.save()
    assert [e.data for e in entries(target="inspector")] == [
        {"change": "role.create", "actions": ["case.view"]},
        {"change": "role.actions", "added": ["case.view_contact"], "removed": ["case.view"]},
    ]


def test_superuser_staff_and_active_flags_are_logged_but_a_plain_save_is_not(city):
    user = User.objects.create_user("clerk")
    user.first_name = "张"
    user.save()
    assert entries(target="clerk") == []
    user.is_superuser = True
    user.save()
    user.is_active = False
    user.save()
    assert [e.data for e in entries(target="clerk")] == [
        {"change": "user.flags", "is_superuser": True},
        {"change": "user.flags", "is_active": False},
    ]


def test_groups_and_permissions_given_are_logged(city):
    user = User.objects.create_user("clerk")
    group = Group.objects.create(name="审核组")
    perm = Permission.objects.get(codename="view_case")
    user.groups.add(group)
    user.user_permissions.add(perm)
    group.permissions.add(perm)
    user.groups.remove(group)
    got = [(e.target, e.data["change"], e.data.get("items")) for e in entries()]
    assert got[-4:] == [
        ("clerk", "groups.add", ["审核组"]),
        ("clerk", "user_permissions.add", ["cases.view_case"]),
        ("审核组", "group_permissions.add", ["cases.view_case"]),
        ("clerk", "groups.remove", ["审核组"]),
    ]


def test_a_password_change_is_logged_and_a_login_is_not(client, city):
    user = User.objects.create_user("clerk", password="old-pass-123")
    assert client.login(username="clerk", password="old-pass-123")
    assert entries(Kind.PASSWORD_CHANGE) == []
    user.set_password("new-pass-456")
    user.save()
    (entry,) = entries(Kind.PASSWORD_CHANGE)
    assert entry.target == "clerk" and "new-pass" not in str(entry.data)


def test_an_export_is_logged_with_its_filter_and_row_count(client, city, people):
    new_case(city)
    client.force_login(people.dispatcher)
    response = client.get(reverse("cases:case-export"), {"inbox": "to_accept"})
    assert response.status_code == 200
    (entry,) = entries(Kind.EXPORT)
    assert entry.actor == people.dispatcher
    assert entry.data == {"query": "inbox=to_accept", "rows": 1}
