"""Text search over cases' description and address through an index, on SQLite and PostgreSQL.

Chinese has no spaces and most searches are two characters (垃圾, 路灯, 占道), which a trigram
index (pg_trgm, FTS5 trigram) cannot serve. So every case has one row of tokens
(`CaseSearch`): each character of its lower-cased description and address, and each pair of
neighbouring characters. A query of two or more characters is the AND of its pairs, one
character is that character; either is a superset of the cases containing the text, which the
original case-insensitive LIKE then checks on those candidates only. Tokens are written as hex
code points ("垃圾" -> "5783g573e"), so punctuation, spaces, Latin letters and digits are
tokens like any other, no database tokenizer or locale decides what a word is, and user input
never reaches an FTS query's syntax.

A query common enough to match COMMON cases or more (垃圾 is in one case in ten) is not looked
up at all: the list is read in its own order and the LIKE checked row by row, which fills a
page within a few thousand rows, where the candidates would all be fetched and sorted (98k
for 垃圾 at 1M cases: 0.3 s on SQLite, 1.2 s on PostgreSQL). One count with a LIMIT decides.
Such a query then costs what the list costs without it, so it needs the list's order to have
an index (closed cases: see issue 17).

The rows are a plain table kept by the same code on both databases (`index()`, called by every
writer of description or address in the transaction that writes it); only the index over it
is vendor-specific (migration 0011): on SQLite an FTS5 table with external content and
`detail=none` (row ids per token, no positions), kept in step by triggers; on PostgreSQL a GIN
index over `string_to_array(tokens, ' ')`, queried with `@>` (arrays, not tsvector: no parser
between the tokens and the index).
"""

import json
from collections.abc import Iterable

from django.db import connections
from django.db.models import BooleanField, F, Func, Q, Value
from django.db.models.expressions import RawSQL

from civicgrid.lib.codes import is_tracking_code

FTS_TABLE = "cases_search_fts"  # SQLite only
TABLE = "cases_casesearch"
# From this many candidates on, a list reads its own order and checks the text instead (see
# matching()): both plans then cost about the same, a few thousand rows at 1M or 20M cases.
COMMON = 10_000

_UPSERT = (
    f"INSERT INTO {TABLE} (case_id, tokens) VALUES (%s, %s) "
    "ON CONFLICT (case_id) DO UPDATE SET tokens = excluded.tokens"
)


def _hex(text: str) -> str:
    return "g".join(format(ord(c), "x") for c in text)


_CODES: dict[str, tuple[str, bool]] = {}  # character -> (hex code point, is a space)


def _code(c: str) -> tuple[str, bool]:
    found = _CODES.get(c)
    if found is None:
        found = _CODES[c] = (format(ord(c), "x"), c.isspace())
    return found


def tokens(*texts: str) -> str:
    """The index tokens of these texts, space-separated: characters and neighbouring pairs.

    The `_hex()` of each character and pair that is not all space, each character's code
    looked up once (this runs for every case written, bulk imports included)."""
    found: set[str] = set()
    for text in texts:
        codes = [_code(c) for c in (text or "").lower()]
        found.update(code for code, space in codes if not space)
        for (a, a_space), (b, b_space) in zip(codes, codes[1:], strict=False):
            if not (a_space and b_space):
                found.add(f"{a}g{b}")
    return " ".join(sorted(found))


def query_tokens(text: str) -> list[str]:
    """The tokens every case containing `text` carries: its pairs, or its one character."""
    text = text.lower()
    if len(text) == 1:
        return [_hex(text)]
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    return sorted(_hex(p) for p in pairs if not p.isspace())


def index(rows: Iterable[tuple[int, str, str]], *, using: str = "default") -> None:
    """Store the tokens of (case id, description, address) rows, replacing older ones; call it
    in the transaction that writes the text."""
    values = [(pk, tokens(description, address)) for pk, description, address in rows]
    if values:
        with connections[using].cursor() as cursor:
            cursor.executemany(_UPSERT, values)


def reindex(cases, *, batch: int = 5000) -> int:
    """Index the cases of a queryset from their stored text (bulk writers, erasure); returns
    how many."""
    done = 0
    rows = cases.order_by().values_list("pk", "description", "address")
    chunk: list = []
    for row in rows.iterator(chunk_size=batch):
        chunk.append(row)
        if len(chunk) == batch:
            index(chunk, using=cases.db)
            done, chunk = done + len(chunk), []
    index(chunk, using=cases.db)
    return done + len(chunk)


def lookup(vendor: str, words: list[str]) -> tuple[str, list]:
    """SQL and parameters of the ids of the cases that carry all these tokens."""
    if vendor == "sqlite":
        # Each token quoted: hex digits and "g" only, so no FTS5 syntax can come through.
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return sql, [" ".join(f'"{w}"' for w in words)]
    sql = f"SELECT case_id FROM {TABLE} WHERE string_to_array(tokens, ' ') @> %s::text[]"
    return sql, [words]


def matching(qs, text: str):
    """Cases of qs whose tracking code is `text` or whose description or address contains it,
    found through the index; qs keeps its scope, filters and order."""
    text = text.strip()
    if not text:
        return qs
    code = text.upper() if is_tracking_code(text) else None
    exact = Q(Contains("description", text)) | Q(Contains("address", text))
    if code:
        exact |= Q(code=code)
    words = query_tokens(text)
    if not words:  # only spaces inside: no token to look up (strip() leaves none outside)
        return qs.filter(exact)
    using = qs.db
    sql, params = lookup(connections[using].vendor, words)
    if code:
        # One IN over both, not "code = x OR id IN (...)": an OR keeps PostgreSQL from a join.
        sql += " UNION SELECT id FROM cases_case WHERE code = %s"
        params = [*params, code]
    found = _candidates(sql, params, using)
    if found is None:
        # One case in a hundred or more: reading the list in its order and checking the text
        # finds a page within a few thousand rows, where starting from the candidates would
        # fetch and sort all of them (98k cases for 垃圾 at 1M: 0.3-1.2 s).
        return qs.filter(exact)
    return qs.filter(Q(pk__in=found), exact)


def _candidates(sql: str, params: list, using: str):
    """The cases carrying the tokens, for `pk__in`, or None when COMMON or more do.

    SQLite: the ids themselves, fetched no further than COMMON (FTS5 streams them), so that its
    planner sees how few they are; over a subquery it walks the list's order index instead and
    tests every row (146 ms for a word in no closed case at 1M). PostgreSQL: the subquery, which
    it joins well, after the planner's estimate (its statistics know each token's share;
    reading 10,000 rows to count them took 100 ms).
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            return None if plan[0]["Plan"]["Plan Rows"] >= COMMON else RawSQL(sql, params)
        cursor.execute(f"{sql} LIMIT {COMMON}", params)
        ids = [row[0] for row in cursor.fetchall()]
        return None if len(ids) >= COMMON else ids


class Contains(Func):
    """`field` contains `text`, ASCII letters in either case: LIKE on SQLite, ILIKE on the
    column on PostgreSQL, whose estimate reads the column's statistics (Django's icontains,
    UPPER(column) LIKE UPPER(text), is guessed at 37 rows of 98k and the list was sorted
    instead of read in its order)."""

    output_field = BooleanField()
    template = "(%(expressions)s ESCAPE '\\')"

    def __init__(self, field: str, text: str):
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        super().__init__(F(field), Value(f"%{escaped}%"))

    def as_sql(self, compiler, connection, **extra):
        extra["arg_joiner"] = " ILIKE " if connection.vendor == "postgresql" else " LIKE "
        return super().as_sql(compiler, connection, **extra)
