"""The planner statistics task that serve enqueues: SQLite gathers none on its own."""

import pytest
from django.db import connection

from civicgrid.cases.tests.helpers import new_case
from civicgrid.ops.tasks import refresh_planner_statistics


@pytest.mark.django_db
def test_the_statistics_task_gives_sqlite_statistics_of_the_case_table(city):
    if connection.vendor != "sqlite":
        assert refresh_planner_statistics.call() == "skipped"  # autovacuum's work there
        return
    new_case(city)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert refresh_planner_statistics.call() == "analysed"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases_case'")
        assert cursor.fetchone()[0] > 0
