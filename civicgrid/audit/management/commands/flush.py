"""Django's flush, able to empty the append-only tables: their triggers are lifted meanwhile.

Transactional tests flush the database after each test; an operator's flush empties it all
on purpose. Nothing else may delete audit rows.
"""

from django.core.management.commands import flush
from django.db import connections

from civicgrid.audit import triggers


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        triggers.drop(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.install(connection)
