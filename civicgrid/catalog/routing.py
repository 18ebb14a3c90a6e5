"""The responsibility matrix: which department a class in an area goes to."""

from civicgrid.catalog.models import Category, Responsibility


def responsible_department(category: Category | None, area_path: str):
    """The department of the most specific matching row: a row naming the minor class beats one
    naming its major class, which beats a catch-all row; among equals the nearest area wins."""
    if not area_path:
        return None
    prefixes = [area_path[: i + 1] for i, ch in enumerate(area_path) if ch == "/"]
    cat_ids = [c for c in ((category.pk, category.parent_id) if category else ()) if c]
    rows = Responsibility.objects.filter(area__path__in=prefixes).select_related(
        "department", "area"
    )
    rows = [r for r in rows if r.category_id is None or r.category_id in cat_ids]

    def rank(row):
        named = row.category_id is not None
        exact = named and row.category_id == category.pk
        return (named + exact, len(row.area.path))

    return max(rows, key=rank).department if rows else None
