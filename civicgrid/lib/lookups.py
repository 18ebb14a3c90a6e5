"""`among()`: IN over a fixed set of codes, written into the SQL instead of bound.

SQLite uses a partial index only when the query's terms match the index condition as written,
and a bound `status IN (?, ?, ...)` matches nothing: the open-case index (case_open_deadline)
then never served a query, and with no value to estimate, the planner read the whole case
table for the supervision queue. PostgreSQL sees the same literal SQL either way.
"""

import re

from django.db.models import CharField, Lookup, Q

CODE = re.compile(r"[a-z][a-z0-9_]*")  # short English status codes: safe to write as literals


@CharField.register_lookup
class Among(Lookup):
    """`field__among=("a", "b")`: the column is one of these constant codes."""

    lookup_name = "among"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.lhs)
        codes = sorted(str(code) for code in self.rhs)
        if not codes or not all(CODE.fullmatch(code) for code in codes):
            raise ValueError(f"among() takes constant codes, not {codes!r}")
        quoted = ", ".join(f"'{code}'" for code in codes)
        return f"{column} IN ({quoted})", params


def among(field: str, codes) -> Q:
    """Rows whose `field` is one of `codes` (constants from the code, never user input)."""
    return Q(**{f"{field}__among": tuple(codes)})
