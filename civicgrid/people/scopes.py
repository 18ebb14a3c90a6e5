"""The only permission gates: `can(user, action, obj)`, `scope_filter(...)` and `holders(...)`.

A grant is one role assignment reduced to what matters: the actions it holds and the scope it
holds them over (an area subtree, a department, or both). The three functions read grants the
same way, so a page, a list, an export and a notification can never disagree:

- `can(user, action, obj)`: may this user do this to this object?
- `scope_filter(user, action, ...)`: the same question as a query filter over a model;
- `holders(action, obj)`: who may do this to this object (the audience of a notification).

Objects that can be guarded expose `scope_area_path` and `scope_department_ids(action)`; the
second is only asked for when a department grant needs it, since it may cost a query, and is
None for objects that belong to no department (an area), where only the area counts, as in
`scope_filter(..., department=None)`.
Superusers are administrators: they may do anything, but they are nobody's audience.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, Lookup, Q
from django.db.models.lookups import StartsWith

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Grant:
    actions: frozenset[str]
    area_path: str | None
    department_id: int | None

    def reaches(self, area_path: str, departments: Callable[[], frozenset[int] | None]) -> bool:
        """Does this grant cover an object at `area_path` related to these departments?
        None for departments: the object belongs to no department, so only its area counts."""
        if self.area_path is not None and not area_path.startswith(self.area_path):
            return False
        if self.department_id is None:
            return True
        ids = departments()
        return ids is None or self.department_id in ids


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def grants(user) -> tuple[Grant, ...]:
    """The user's grants, loaded once per user object (so once per request)."""
    if not _active(user):
        return ()
    cached = getattr(user, "_civicgrid_grants", None)
    if cached is None:
        cached = user._civicgrid_grants = _load_grants(user.pk)
    return cached


def _load_grants(user_id: int) -> tuple[Grant, ...]:
    """What `user.role_assignments.select_related("role", "area")` gives _grant(), in SQL
    written once: building that queryset cost 0.8 ms of every request that checks a
    permission, ten times the query."""
    from django.db import connections, router

    from civicgrid.areas.models import Area
    from civicgrid.people.models import Role, RoleAssignment

    connection = connections[router.db_for_read(RoleAssignment)]
    quote = connection.ops.quote_name
    sql = (
        f"SELECT r.{quote('actions')}, a.{quote('path')}, ra.{quote('department_id')} "
        f"FROM {quote(RoleAssignment._meta.db_table)} ra "
        f"INNER JOIN {quote(Role._meta.db_table)} r ON r.{quote('id')} = ra.{quote('role_id')} "
        f"LEFT OUTER JOIN {quote(Area._meta.db_table)} a "
        f"ON a.{quote('id')} = ra.{quote('area_id')} "
        f"WHERE ra.{quote('user_id')} = %s ORDER BY ra.{quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        rows = cursor.fetchall()
    return tuple(
        Grant(
            # JSON text on both databases (Django reads jsonb as text), a list if a driver
            # decoded it already.
            actions=frozenset(raw if isinstance(raw, list) else json.loads(raw)),
            area_path=path,
            department_id=department_id,
        )
        for raw, path, department_id in rows
    )


def _grant(row) -> Grant:
    return Grant(
        actions=frozenset(row.role.actions),
        area_path=row.area.path if row.area_id else None,
        department_id=row.department_id,
    )


def grants_for(user, action: str) -> tuple[Grant, ...]:
    return tuple(g for g in grants(user) if action in g.actions)


def sees_everything(user) -> bool:
    return _active(user) and user.is_superuser


def can(user, action: str, obj=None) -> bool:
    """May this user do this action on this object (or anywhere, when obj is None)?"""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    held = grants_for(user, action)
    if obj is None:
        return bool(held)
    area_path = obj.scope_area_path or ""
    departments = _once(lambda: obj.scope_department_ids(action))
    return any(g.reaches(area_path, departments) for g in held)


def _once(build: Callable[[], frozenset[int] | None]) -> Callable[[], frozenset[int] | None]:
    box: list[frozenset[int] | None] = []

    def get() -> frozenset[int] | None:
        if not box:
            box.append(build())
        return box[0]

    return get


def under(field: str, path: str) -> Q:
    """Rows whose materialised path `field` lies in the subtree at `path`."""
    return Q(**{f"{field}__under": path})


@CharField.register_lookup
class Under(Lookup):
    """`path__under=p`: the value starts with p.

    On SQLite LIKE is slow (it folds case) and needs no index here: the status and deadline
    indexes narrow rows better than a district's prefix, which holds every case. So there the
    prefix is the range p <= value < p', p' being p with its last character raised by one,
    which BINARY (code point) order makes exactly the strings starting with p; the unary `+`
    keeps the planner from walking the area-path index for it.
    """

    lookup_name = "under"

    def as_sql(self, compiler, connection):
        path = self.rhs
        if connection.vendor != "sqlite" or not isinstance(path, str) or not path:
            return compiler.compile(StartsWith(self.lhs, path))
        column, params = compiler.compile(self.lhs)
        after = path[:-1] + chr(ord(path[-1]) + 1)
        return f"(+{column} >= %s AND +{column} < %s)", [*params, path, *params, after]


def scope_filter(
    user,
    action: str,
    *,
    area_field: str | None = "area_path",
    department: Callable[[int], Q] | str | None = "department_id",
) -> Q:
    """The rows of a model this user may do `action` on, as one filter.

    `area_field` names the model's area-path field; `department` names its department field,
    or builds the filter for one department (a case also reaches departments summoned to it),
    or is None for models that belong to no department, where a department grant is bound by
    its area alone. Q() means every row; nothing matches without the action.
    """
    if sees_everything(user):
        return Q()
    by_department = (
        (lambda pk: Q(**{department: pk})) if isinstance(department, str) else department
    )
    q = NOTHING
    for grant in grants_for(user, action):
        part = Q()
        if grant.area_path is not None and area_field is not None:
            part &= under(area_field, grant.area_path)
        if grant.department_id is not None and by_department is not None:
            part &= by_department(grant.department_id)
        if not part:
            return Q()  # one grant covers every row: nothing else can widen it
        q |= part
    return q


def area_scope(user, action: str) -> Q:
    """Areas (by path) where the user holds `action`: a filter over `areas.Area`."""
    return scope_filter(user, action, area_field="path", department=None)


def holders(action: str, obj, *, departments: frozenset[int] | None = None) -> list[int]:
    """The active users who hold `action` over `obj`, by id; superusers are not counted.

    `departments` keeps only the grants of these departments (a whistle tells the departments
    it summons, not everybody who sees the case).
    """
    from civicgrid.people.models import RoleAssignment

    area_path = obj.scope_area_path or ""
    parts = area_path.strip("/").split("/")
    ancestors = ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]
    reach = _once(lambda: obj.scope_department_ids(action))
    rows = RoleAssignment.objects.select_related("role", "area").filter(
        Q(area__path__in=ancestors) | Q(area__isnull=True), user__is_active=True
    )
    if departments is not None:
        rows = rows.filter(department_id__in=departments)
    found = {
        row.user_id
        for row in rows
        if action in row.role.actions and _grant(row).reaches(area_path, reach)
    }
    return sorted(found)
