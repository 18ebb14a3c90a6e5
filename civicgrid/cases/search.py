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

The rows are a plain table kept by the same code on both databases; only the index over it is
vendor-specific (migration 0008): on SQLite an FTS5 table with external content and
`detail=none` (row ids per token, no positions), kept in step by triggers; on PostgreSQL a GIN
index over `string_to_array(tokens, ' ')`, queried with `@>`. Measured at 1M cases, see
docs/scaling.md and the branch's note.
"""

from collections.abc import Iterable

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

from civicgrid.lib.codes import is_tracking_code

FTS_TABLE = "cases_search_fts"  # SQLite only
TABLE = "cases_casesearch"

_UPSERT = (
    f"INSERT INTO {TABLE} (case_id, tokens) VALUES (%s, %s) "
    "ON CONFLICT (case_id) DO UPDATE SET tokens = excluded.tokens"
)


def _hex(text: str) -> str:
    return "g".join(format(ord(c), "x") for c in text)


def tokens(*texts: str) -> str:
    """The index tokens of these texts, space-separated: characters and neighbouring pairs."""
    found: set[str] = set()
    for text in texts:
        text = (text or "").lower()
        found.update(text)
        found.update(text[i : i + 2] for i in range(len(text) - 1))
    return " ".join(sorted(_hex(t) for t in found if not t.isspace()))


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


def matching(qs, text: str):
    """Cases of qs whose tracking code is `text` or whose description or address contains it,
    found through the index; qs keeps its scope, filters and order."""
    text = text.strip()
    if not text:
        return qs
    words = query_tokens(text)
    if not words:  # only spaces inside: no token to look up (strip() leaves none outside)
        return qs.filter(Q(description__icontains=text) | Q(address__icontains=text))
    if connections[qs.db].vendor == "sqlite":
        # Each token quoted: hex digits and "g" only, so no FTS5 syntax can come through.
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        params: list = [" ".join(f'"{w}"' for w in words)]
    else:
        sql = f"SELECT case_id FROM {TABLE} WHERE string_to_array(tokens, ' ') @> %s::text[]"
        params = [words]
    exact = Q(description__icontains=text) | Q(address__icontains=text)
    if is_tracking_code(text):
        # One IN over both, not "code = x OR id IN (...)": an OR keeps PostgreSQL from a join.
        sql += " UNION SELECT id FROM cases_case WHERE code = %s"
        params.append(text.upper())
        exact |= Q(code=text.upper())
    return qs.filter(Q(pk__in=RawSQL(sql, params)), exact)
