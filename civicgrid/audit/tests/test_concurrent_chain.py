"""Writers at the same moment each get their own place on the chain, none forks it.

PostgreSQL only: SQLite's writers already queue at BEGIN IMMEDIATE.
"""

import threading

import pytest
from django.db import connection

from civicgrid.audit.log import log
from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.audit.tests.test_verify import verify
from civicgrid.cases.models import ContactView
from civicgrid.cases.services import reveal_phone
from civicgrid.cases.tests.helpers import new_case

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections"),
    pytest.mark.django_db(transaction=True),
]

THREADS, EACH = 8, 10


def test_simultaneous_writers_keep_one_unbroken_chain(city, people, tmp_path):
    case = new_case(city)
    barrier = threading.Barrier(THREADS, timeout=30)
    errors = []

    def write():
        try:
            barrier.wait()
            for i in range(EACH):
                reveal_phone(case=case, user=people.dispatcher)
                log(Kind.EXPORT, actor=people.dispatcher, target="cases", rows=i)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert ContactView.objects.count() == THREADS * EACH
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    code, out = verify(tmp_path / "anchor.json")
    assert code == 0, out
