"""Address text -> area: the standard address table first, then area names in the text.

Rows of a channel that sends no coordinates (the 12345 hotline, Open311's address_string) are
placed here. `place(text)` tries, in order:
1. a known address (标准地址库) equal to the normalised text, then the longest one the text
   contains: its community or grid, and its point when the table has one;
2. the longest grid name, then community name contained in the text (a name shared by
   communities of several streets counts only when the text names the street too);
3. with `streets=True`, the longest street name: a coarser placement the caller may flag.
Names are compared normalised (`normalise()`): full-width characters, spaces and punctuation,
"社区居委会"/"居委会"/"居民委员会" -> "社区", "村民委员会"/"村委会" -> "村".

The index of names and addresses is built once per process and dropped when an Area or a
KnownAddress changes (lib/cached.py), so a lookup costs no query.
"""

import threading
import unicodedata
from dataclasses import dataclass

from django.db import transaction

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area, KnownAddress
from civicgrid.lib.cached import Versioned

# Longest first: "社区居民委员会" must not become "社区社区".
_SUFFIXES = [
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
    ("村民委员会", "村"),
    ("村委会", "村"),
]
_DROP = set(" \t\r\n,，.。、;；:：'\"“”‘’()（）[]【】<>《》-—_·/\\|")
MIN_NAME = 3  # a shorter name ("新村") would match inside too many unrelated addresses
_MEMO_MAX = 50_000


def normalise(text: str) -> str:
    """The comparable form of an address or a name: NFKC (full-width digits and letters become
    ASCII), no spaces or punctuation, lower case, committee suffixes shortened."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = "".join(ch for ch in text if ch not in _DROP and not ch.isspace())
    for long, short in _SUFFIXES:
        text = text.replace(long, short)
    return text


@dataclass(frozen=True)
class Placement:
    """Where an address lies: a grid or a community (a street only with `streets=True`), its
    WGS-84 point when the address table knows it, and the address text as given."""

    area: Area
    lng: float | None
    lat: float | None
    address: str
    known_address_id: int | None = None

    @property
    def precise(self) -> bool:
        """Placed in a community or a grid (not only in a street)."""
        return self.area.level >= Level.COMMUNITY


@dataclass
class _Index:
    areas: dict[int, Area]
    # normalised text -> (known address id, area id, lng, lat)
    addresses: dict[str, tuple[int, int, float | None, float | None]]
    address_lengths: list[int]  # longest first
    names: dict[int, dict[str, list[int]]]  # level -> normalised name -> area pks
    name_lengths: dict[int, list[int]]
    memo: dict
    lock: threading.Lock


def _aliases(area) -> set[str]:
    name = normalise(area.name)
    found = {name}
    if area.level == Level.STREET and name.endswith("街道") and len(name) > 4:
        found.add(name.removesuffix("道"))  # 解放街道 -> 解放街
    return {n for n in found if len(n) >= MIN_NAME}


def _build() -> _Index:
    levels = (Level.STREET, Level.COMMUNITY, Level.GRID)
    areas = {
        a.pk: a
        for a in Area.objects.filter(level__in=levels).only(
            "pk", "code", "name", "level", "path", "parent_id"
        )
    }
    names: dict[int, dict[str, list[int]]] = {lv: {} for lv in levels}
    for area in areas.values():
        for alias in _aliases(area):
            names[area.level].setdefault(alias, []).append(area.pk)
    addresses = {
        text: (pk, area_id, lng, lat)
        for pk, text, area_id, lng, lat in KnownAddress.objects.values_list(
            "pk", "normalised", "area_id", "lng", "lat"
        )
    }
    return _Index(
        areas=areas,
        addresses=addresses,
        address_lengths=sorted({len(t) for t in addresses}, reverse=True),
        names=names,
        name_lengths={lv: sorted({len(n) for n in d}, reverse=True) for lv, d in names.items()},
        memo={},
        lock=threading.Lock(),
    )


index = Versioned("place-index", _build)


def _longest(text: str, table: dict, lengths: list[int]) -> list:
    """The values of the longest keys of `table` found in `text` (all of that length)."""
    for size in lengths:
        if size > len(text):
            continue
        windows = (text[i : i + size] for i in range(len(text) - size + 1))
        hits = [table[w] for w in windows if w in table]
        if hits:
            return hits
    return []


def _by_name(idx: _Index, text: str, level: int, within: list[str]) -> Area | None:
    """The one area of this level whose name the text contains (longest name first); several
    candidates are narrowed to those under an area named in the text, else none is chosen."""
    for size in idx.name_lengths[level]:
        if size > len(text):
            continue
        pks = {
            pk
            for i in range(len(text) - size + 1)
            for pk in idx.names[level].get(text[i : i + size], ())
        }
        if not pks:
            continue
        candidates = [idx.areas[pk] for pk in pks]
        if len(candidates) > 1 and within:
            candidates = [a for a in candidates if any(a.path.startswith(p) for p in within)]
        return candidates[0] if len(candidates) == 1 else None
    return None


def _place(idx: _Index, text: str, streets: bool):
    key = normalise(text)
    if len(key) < 2:
        return None
    hit = idx.addresses.get(key)
    if hit is None:
        hits = _longest(key, idx.addresses, idx.address_lengths)
        hit = hits[0] if len(hits) == 1 else None
    if hit is not None and hit[1] in idx.areas:
        return (idx.areas[hit[1]], hit[2], hit[3], hit[0])
    street = _by_name(idx, key, Level.STREET, [])
    within = [street.path] if street else []
    for level in (Level.GRID, Level.COMMUNITY):
        if (area := _by_name(idx, key, level, within)) is not None:
            return (area, None, None, None)
    if streets and street is not None:
        return (street, None, None, None)
    return None


def place(text: str, *, streets: bool = False) -> Placement | None:
    """Where an address text lies (see the module's docstring), or None when it names no known
    address or area; no query once the index is built."""
    text = (text or "").strip()
    idx = index.get()
    memo_key = (text, streets)
    found = idx.memo.get(memo_key, idx)  # idx: a sentinel that no result can equal
    if found is idx:
        found = _place(idx, text, streets)
        with idx.lock:
            if len(idx.memo) >= _MEMO_MAX:
                idx.memo.clear()
            idx.memo[memo_key] = found
    if found is None:
        return None
    area, lng, lat, known = found
    return Placement(area=area, lng=lng, lat=lat, address=text[:200], known_address_id=known)


def by_id(id) -> Placement | None:
    """The placement of one known address by its id (Open311's address_id), or None."""
    try:
        pk = int(str(id).strip())
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**31:
        return None
    row = KnownAddress.objects.filter(pk=pk).select_related("area").first()
    if row is None:
        return None
    return Placement(
        area=row.area, lng=row.lng, lat=row.lat, address=row.text, known_address_id=row.pk
    )


ADDRESS_COLUMNS = ("地址", "区划代码", "经度", "纬度")


def import_addresses(rows) -> int:
    """Add or update standard addresses from rows of (地址, 区划代码[, 经度, 纬度]); a row naming
    an unknown area, no community or grid, or a bad point raises ValueError with its line."""
    codes = dict(
        Area.objects.filter(level__in=[Level.COMMUNITY, Level.GRID]).values_list("code", "pk")
    )
    wanted: dict[str, KnownAddress] = {}
    for line, row in enumerate(rows, start=2):
        text = (row.get("地址") or "").strip()[:200]
        code = (row.get("区划代码") or "").strip()
        if len(normalise(text)) < 2 or code not in codes:
            raise ValueError(f"第 {line} 行：地址为空或区划代码 {code!r} 不是已知的社区或网格")
        try:
            lng = float(row["经度"]) if (row.get("经度") or "").strip() else None
            lat = float(row["纬度"]) if (row.get("纬度") or "").strip() else None
        except ValueError as exc:
            raise ValueError(f"第 {line} 行：经纬度不是数字") from exc
        if (lng is None) != (lat is None) or (
            lng is not None and not (-180 <= lng <= 180 and -90 <= lat <= 90)  # type: ignore[operator]
        ):
            raise ValueError(f"第 {line} 行：经纬度无效")
        wanted[normalise(text)] = KnownAddress(
            text=text, normalised=normalise(text), area_id=codes[code], lng=lng, lat=lat
        )
    with transaction.atomic():
        KnownAddress.objects.bulk_create(
            wanted.values(),
            update_conflicts=True,
            unique_fields=["normalised"],
            update_fields=["text", "area", "lng", "lat"],
            batch_size=1000,
        )
        index.invalidate()  # bulk_create sends no post_save
    return len(wanted)
