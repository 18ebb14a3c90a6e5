"""Residents' names and phones are SM4-encrypted in the database and found by digest."""

import io

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.cases.models import Case, ContactView
from civicgrid.cases.tests.helpers import new_case
from civicgrid.intake.residents import owner_key
from civicgrid.lib import crypto, rekey
from civicgrid.notify.models import Message
from civicgrid.notify.outbox import deliver_pending

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


def raw(model, pk, *columns):
    """The stored values as a database reader (or a stolen dump) sees them."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {quote(model._meta.db_table)} WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.fixture
def own_keys(settings, tmp_path):
    """A keys folder of this test's own, so rotating it touches no other test."""
    settings.VAR_DIR = tmp_path
    return tmp_path / "keys"


def test_the_case_table_holds_no_name_or_phone_in_clear(city):
    case = new_case(city, reporter_name="王阿姨", reporter_phone=PHONE)
    name, phone, digest = raw(
        Case, case.pk, "reporter_name", "reporter_phone", "reporter_phone_digest"
    )
    for value in (name, phone):
        assert "王阿姨" not in value and "5678" not in value
    assert len(digest) == 64 and PHONE not in digest
    assert phone.startswith("sm4.") and name.startswith("sm4.")
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.reporter_name, fresh.reporter_phone) == ("王阿姨", PHONE)
    assert list(Case.objects.with_phone("+86 138-1234-5678")) == [fresh]


def test_the_same_phone_twice_is_two_different_ciphertexts(city):
    first, second = new_case(city), new_case(city)
    assert raw(Case, first.pk, "reporter_phone") != raw(Case, second.pk, "reporter_phone")
    assert {c.pk for c in Case.objects.with_phone(PHONE)} == {first.pk, second.pk}


def test_the_text_message_record_holds_no_phone_or_owner_key_in_clear(city):
    case = new_case(city, reporter_phone=PHONE)
    deliver_pending()
    message = Message.objects.get(case=case)
    assert message.to == PHONE and "?k=" in message.body
    to, body = raw(Message, message.pk, "to", "body")
    assert PHONE not in to and "5678" not in to
    assert case.code not in body and owner_key(case.code) not in body


def test_an_encrypted_column_refuses_a_lookup_that_could_never_match(city):
    new_case(city)
    with pytest.raises(FieldError, match="digest"):
        Case.objects.filter(reporter_phone=PHONE).exists()
    assert not Case.objects.filter(reporter_phone="").exists()  # blank stays findable


def test_the_migration_step_encrypts_rows_written_in_clear(city):
    case = new_case(city, reporter_name="李四")
    deliver_pending()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:  # the rows as they were before the pii migration
        cursor.execute(
            f"UPDATE {quote(Case._meta.db_table)} SET reporter_name = %s, reporter_phone = %s, "
            "reporter_phone_digest = '' WHERE id = %s",
            ["李四", PHONE, case.pk],
        )
        cursor.execute(f"UPDATE {quote(Message._meta.db_table)} SET {quote('to')} = %s", [PHONE])
    assert rekey.encrypt_clear_rows(Case) == 1 and rekey.encrypt_clear_rows(Message) == 1
    assert PHONE not in raw(Case, case.pk, "reporter_phone")[0]
    assert Case.objects.with_phone(PHONE).get().reporter_name == "李四"
    assert Message.objects.get(case=case).to == PHONE
    assert rekey.encrypt_clear_rows(Case) == 0  # run twice, nothing is encrypted twice


def test_rotation_reencrypts_everything_and_keeps_it_readable(city, own_keys):
    old = new_case(city, reporter_name="王阿姨")
    deliver_pending()
    first_key = crypto.token_key(raw(Case, old.pk, "reporter_phone")[0])
    out = io.StringIO()
    call_command("rotate_pii_key", batch=1, stdout=out)
    new_key = crypto.ring().current
    assert new_key != first_key and "cases.Case：1/1" in out.getvalue()
    for model, pk, columns in (
        (Case, old.pk, ("reporter_name", "reporter_phone")),
        (Message, Message.objects.get(case=old).pk, ("to", "body")),
    ):
        assert {crypto.token_key(v) for v in raw(model, pk, *columns)} == {new_key}
    fresh = Case.objects.get(pk=old.pk)
    assert (fresh.reporter_name, fresh.reporter_phone) == ("王阿姨", PHONE)
    assert Case.objects.with_phone(PHONE).get() == fresh  # digests need no rotation
    entry = AuditEntry.objects.get(kind=Kind.KEY_ROTATE)
    assert entry.target == new_key and entry.data["rows"]["cases.Case"] == 1


def test_rows_under_the_old_key_stay_readable_while_a_rotation_runs(city, own_keys):
    old = new_case(city)
    crypto.add_key()  # the command has added its key and not reached this row yet
    newer = new_case(city)
    assert Case.objects.get(pk=old.pk).reporter_phone == PHONE
    tokens = [raw(Case, c.pk, "reporter_phone")[0] for c in (old, newer)]
    assert crypto.token_key(tokens[0]) != crypto.token_key(tokens[1]) == crypto.ring().current


def test_a_lost_keys_folder_fails_loudly_instead_of_showing_blanks(
    city, own_keys, settings, tmp_path
):
    case = new_case(city)
    settings.VAR_DIR = tmp_path / "restored-without-keys"
    with pytest.raises(crypto.CryptoError, match="restore the keys folder"):
        Case.objects.get(pk=case.pk)


def test_a_wrong_key_or_an_altered_value_fails_loudly(city, own_keys):
    case = new_case(city)
    key_file = own_keys / "pii_sm4_1"
    right = key_file.read_text()
    key_file.write_text("00" * 16)
    crypto.ring(reload=True)  # as a process started on this folder reads it
    with pytest.raises(crypto.CryptoError):
        Case.objects.get(pk=case.pk)
    key_file.write_text(right)
    crypto.ring(reload=True)
    token = raw(Case, case.pk, "reporter_phone")[0]
    body = token.split(".")[2]
    altered = token[: -len(body)] + ("A" if body[0] != "A" else "B") + body[1:]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET reporter_phone = %s WHERE id = %s", [altered, case.pk]
        )
    with pytest.raises(crypto.CryptoError, match="integrity"):
        Case.objects.get(pk=case.pk)


def test_admin_shows_the_phone_masked_and_points_to_the_logged_reveal(client, city):
    case = new_case(city, reporter_phone=PHONE)
    client.force_login(city.users["admin"])
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert "138****5678" in page and PHONE not in page
    assert f"/cases/{case.code}/" in page
    assert not ContactView.objects.filter(case=case).exists()
    client.post(f"/cases/{case.code}/phone/")
    assert ContactView.objects.filter(case=case, user=city.users["admin"]).exists()
    found = client.get("/admin/cases/case/", {"q": "138 1234 5678"}).content.decode()
    assert case.code in found


def test_a_key_added_by_another_process_is_used_once_the_folder_is_looked_at_again(
    city, own_keys, monkeypatch
):
    """The keys folder is looked at once every CHECK_EVERY seconds, not per value: a key
    another process adds (a rotation) encrypts new values here from the next look on."""
    from civicgrid.lib.keys import key_file

    first = new_case(city)
    first_key = crypto.token_key(raw(Case, first.pk, "reporter_phone")[0])
    monkeypatch.setattr(crypto, "CHECK_EVERY", 3600.0)
    crypto.ring(reload=True)  # looked at now: not again for an hour
    key_file(own_keys.parent, "pii_sm4_2", nbytes=16)  # as rotate_pii_key elsewhere does
    meanwhile = new_case(city)
    assert crypto.token_key(raw(Case, meanwhile.pk, "reporter_phone")[0]) == first_key
    monkeypatch.setattr(crypto, "CHECK_EVERY", 0.0)
    crypto.ring()  # the period has run out: the next value sees the folder again
    later = new_case(city)
    later_key = crypto.token_key(raw(Case, later.pk, "reporter_phone")[0])
    assert later_key != first_key
    for case in (first, meanwhile, later):  # every one stays readable
        assert Case.objects.get(pk=case.pk).reporter_phone == PHONE
