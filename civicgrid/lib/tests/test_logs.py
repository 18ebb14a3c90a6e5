"""The console log: server errors and security events reach it with DEBUG off, and user input
cannot add a line of its own (DEBUG is off in tests)."""

import io
import logging

import pytest
from django.test import Client


@pytest.fixture
def console():
    """What the configured console handler writes, instead of stderr."""
    handler = next(h for h in logging.getLogger("civicgrid").handlers if h.name == "console")
    out = io.StringIO()
    old = handler.setStream(out)
    yield out
    handler.setStream(old)


def real_lines(text: str) -> list[str]:
    """The lines that start a record: continuation lines are indented."""
    return [line for line in text.splitlines() if line and not line[0].isspace()]


@pytest.mark.django_db
def test_a_server_error_is_logged_with_its_traceback_on_one_record(console, settings):
    settings.ROOT_URLCONF = "civicgrid.lib.tests.urls_failing"
    forged = "\r\n2025-01-01 [INFO] civicgrid: all is well\x1b[2J"
    response = Client(raise_request_exception=False).get("/fail/", headers={"x-note": forged})
    assert response.status_code == 500
    log = console.getvalue()
    assert "[ERROR] django.request: Internal Server Error: /fail/" in log
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: boom\\r\n  2025-01-01 [INFO]" in log  # a continuation, indented
    assert "\x1b" not in log and len(real_lines(log)) == 1


def test_user_input_in_a_message_cannot_start_a_fake_line(console):
    log = logging.getLogger("civicgrid.intake")
    log.warning("rejected description %r from %s", "x", "a\r\n[INFO] login ok\x00\x1b[31m\u2028z")
    line = console.getvalue()
    assert line.count("\n") == 1 and "\x1b" not in line and "\x00" not in line
    assert "a\\r\\n[INFO] login ok\\x00\\x1b[31m\\u2028z" in line


def test_an_exception_message_cannot_forge_a_line_either(console):
    try:
        raise ValueError("bad code\n2025-01-01 [INFO] civicgrid: admin logged in")
    except ValueError:
        logging.getLogger("civicgrid").exception("lookup failed for %s", "X\nY")
    log = console.getvalue()
    assert real_lines(log) == [real_lines(log)[0]] and "lookup failed for X\\nY" in log
    assert "ValueError: bad code" in log


@pytest.mark.django_db
def test_a_forged_host_header_is_logged_as_a_security_event(console):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example\r\nx")
    assert response.status_code == 400
    log = console.getvalue()
    assert "django.security.DisallowedHost" in log and "evil.example\\r\\nx" in log
    assert len(real_lines(log)) == 1
