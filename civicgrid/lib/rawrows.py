"""Rows read by hand-written SQL on the hottest paths, turned into models as the ORM would.

Compiling a queryset costs more than running it on these paths (an API token with its owner,
a user's role grants: about 0.5-1 ms each on every API request, against 0.05 ms for the
query). `Columns` gives the column list of a model's table under an alias, and builds model
instances from a row's slice with the same converters the ORM applies (SQLite's datetimes,
JSON, encrypted fields), so what comes back is what the queryset would have returned.
"""

from collections.abc import Sequence

from django.db import models


class Columns:
    """The concrete columns of `model` in a SELECT, and the instances built from them."""

    def __init__(self, model: type[models.Model], alias: str):
        self.model = model
        self.alias = alias
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.cols = [f.get_col(alias) for f in self.fields]
        self._converters: dict[str, list] = {}  # by connection alias

    def __len__(self) -> int:
        return len(self.fields)

    def sql(self, connection) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{quote(self.alias)}.{quote(f.column)}" for f in self.fields)

    def converters(self, connection) -> list:
        found = self._converters.get(connection.alias)
        if found is None:
            found = []
            for col in self.cols:
                found.append(
                    connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                )
            self._converters[connection.alias] = found
        return found

    def convert(self, values: Sequence, connection) -> list:
        out = []
        for value, converters, col in zip(
            values, self.converters(connection), self.cols, strict=True
        ):
            for convert in converters:
                value = convert(value, col, connection)
            out.append(value)
        return out

    def build(self, values: Sequence, connection) -> models.Model:
        """The instance of this row's slice of values (loaded from `connection`)."""
        return self.model.from_db(connection.alias, self.attnames, self.convert(values, connection))
