"""The responsibility matrix: which department a class in an area goes to."""

from civicgrid.catalog.models import Category, Responsibility
from civicgrid.lib.cached import Versioned
from civicgrid.people.models import Department


def _build() -> dict[str, list[tuple[int | None, object]]]:
    """Area path -> [(category id or None, department)], read once per change."""
    table: dict[str, list] = {}
    departments = {d.pk: d for d in Department.objects.all()}
    for category_id, path, department_id in Responsibility.objects.values_list(
        "category_id", "area__path", "department_id"
    ):
        table.setdefault(path, []).append((category_id, departments[department_id]))
    return table


matrix = Versioned("responsibility-matrix", _build)


def responsible_department(category: Category | None, area_path: str):
    """The department of the most specific matching row: a row naming the minor class beats one
    naming its major class, which beats a catch-all row; among equals the nearest area wins."""
    if not area_path:
        return None
    table = matrix.get()
    prefixes = [area_path[: i + 1] for i, ch in enumerate(area_path) if ch == "/"]
    best, best_rank = None, None
    for prefix in prefixes:
        for category_id, department in table.get(prefix, ()):
            if category_id is None:
                rank = (0, len(prefix))
            elif category is not None and category_id == category.pk:
                rank = (2, len(prefix))
            elif category is not None and category_id == category.parent_id:
                rank = (1, len(prefix))
            else:
                continue
            if best_rank is None or rank > best_rank:
                best, best_rank = department, rank
    return best
