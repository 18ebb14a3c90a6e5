"""Text search in the staff list, export and API through the token index (cases/search.py)."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from civicgrid.cases import search
from civicgrid.cases.filters import CaseFilter
from civicgrid.cases.models import Case, CaseSearch
from civicgrid.cases.tests.helpers import new_case

pytestmark = pytest.mark.django_db


def codes(user, **data):
    return {c.code for c in CaseFilter(data, user=user).results()}


@pytest.fixture
def texts(city):
    return {
        "trash": new_case(city, description="小区门口有一堆生活垃圾没人清理", address="3号楼"),
        "lamp": new_case(city, description="路灯不亮，晚上很黑", address="A区东门"),
        "far": new_case(city, community=3, description="路灯杆歪了", address="B区"),
    }


def test_it_finds_one_two_and_longer_chinese_queries(people, texts):
    user = people.dispatcher
    assert codes(user, q="垃圾") == {texts["trash"].code}
    assert codes(user, q="生活垃圾没人") == {texts["trash"].code}
    assert codes(user, q="灯") == {texts["lamp"].code}
    assert codes(user, q="路灯") == {texts["lamp"].code}
    assert codes(user, q="没有这个词") == set()


def test_it_checks_the_exact_text_not_only_its_pairs(people, texts):
    # 门口 and 口有 are both in the trash case, 门口有 too; 口门 is not.
    assert codes(people.dispatcher, q="门口有") == {texts["trash"].code}
    assert codes(people.dispatcher, q="口门") == set()


def test_it_finds_digits_latin_letters_punctuation_and_spaces(city, people, texts):
    user = people.dispatcher
    assert codes(user, q="3号楼") == {texts["trash"].code}
    assert codes(user, q="A区") == {texts["lamp"].code}
    assert codes(user, q="a区") == {texts["lamp"].code}  # letter case does not matter
    assert codes(user, q="不亮，晚上") == {texts["lamp"].code}
    assert codes(user, q="  路灯 ") == {texts["lamp"].code}
    spaced = new_case(city, description="门 牌 掉了")
    assert codes(user, q="门 牌") == {spaced.code}
    assert codes(user, q="门牌") == set()
    # LIKE's wildcards and escape are plain characters here.
    percent = new_case(city, description="绿化带100%枯死了", address="5_6号")
    for query in ("%", "100%", "_", "5_6", "\\"):
        assert codes(user, q=query) == ({percent.code} if query != "\\" else set()), query


@pytest.mark.parametrize(
    "query", ['"', '"垃圾', "垃圾 OR 路灯", "NEAR(垃圾)", "*", "^垃", "tokens:x", "-", "a AND"]
)
def test_fts_syntax_in_a_query_never_raises(people, texts, query):
    found = codes(people.dispatcher, q=query)
    assert found <= {c.code for c in texts.values()}


@pytest.mark.parametrize("common", [1, 10_000])
def test_a_common_word_finds_the_same_cases_read_in_list_order(people, texts, monkeypatch, common):
    # With COMMON = 1 every query counts as common and is checked row by row in list order.
    monkeypatch.setattr(search, "COMMON", common)
    user = people.dispatcher
    assert codes(user, q="路灯") == {texts["lamp"].code}
    assert codes(user, q="a区") == {texts["lamp"].code}
    assert codes(user, q="路灯杆") == set()
    assert codes(user, q=texts["trash"].code.lower()) == {texts["trash"].code}
    assert codes(user, q="没有这个词") == set()


def test_a_tracking_code_finds_its_case_exactly(people, texts):
    code = texts["trash"].code
    assert codes(people.dispatcher, q=code) == {code}
    assert codes(people.dispatcher, q=code.lower()) == {code}


def test_a_search_never_widens_the_scope(city, people, texts):
    # The third case lies in the other street: its dispatcher finds it, ours never does.
    assert codes(people.dispatcher, q="路灯杆") == set()
    assert codes(people.dispatcher, q=texts["far"].code) == set()
    other = city.dispatchers[city.streets[1].pk]
    assert codes(other, q="路灯杆") == {texts["far"].code}
    assert codes(people.outsider, q="路灯") == set()


def test_the_search_combines_with_other_filters(people, texts):
    assert codes(people.dispatcher, q="路灯", status="closed") == set()
    assert codes(people.dispatcher, q="路灯", status="reported") == {texts["lamp"].code}


def test_the_export_and_the_api_search_the_same_way(client, people, texts):
    client.force_login(people.dispatcher)
    answer = client.get("/api/v1/cases", {"q": "a区"}).json()
    assert [row["code"] for row in answer["items"]] == [texts["lamp"].code]


def test_erased_text_leaves_the_index(city, people):
    case = new_case(city, description="王阿姨家门口垃圾没人管，电话13812345678")
    assert codes(people.dispatcher, q="13812345678") == {case.code}
    call_command("pipl_erase", phone="13812345678", yes=True, stdout=io.StringIO())
    assert codes(people.dispatcher, q="13812345678") == set()
    assert codes(people.dispatcher, q="5678") == set()
    assert codes(people.dispatcher, q="门口垃圾") == {case.code}
    case.refresh_from_db()
    assert CaseSearch.objects.get(case=case).tokens == search.tokens(case.description, case.address)


def test_generated_cases_are_indexed(city, people):
    from civicgrid.cases.management.commands.generate_cases import generate

    before = Case.objects.count()
    generate(count=20, seed=1)
    assert CaseSearch.objects.count() == Case.objects.count() == before + 20
    sample = Case.objects.order_by("-pk").first()
    found = Case.objects.filter(pk=sample.pk)
    assert search.matching(found, sample.description[-6:]).get() == sample


def test_the_index_is_used(people, texts):
    sql, params = search.lookup(connection.vendor, search.query_tokens("路灯"))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            # FTS5 names a MATCH lookup "M" in its index string; a full scan would have none.
            assert re.search(rf"SCAN {search.FTS_TABLE} VIRTUAL TABLE INDEX \d+:M", plan)
        else:
            # Sequential scans off: PostgreSQL would rightly read a table of a few rows whole,
            # but the expression must be the one the GIN index covers.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "case_search_tokens" in plan
