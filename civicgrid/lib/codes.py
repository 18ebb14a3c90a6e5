"""Unguessable public codes, and the shapes of every code a URL carries.

A URL converter per shape keeps a bad code (a NUL byte, a quote, 400 characters) out of the
views: the URL does not resolve, so the answer is a 404 before any database lookup.
"""

import re
import secrets

from django.urls import register_converter

# Crockford-like alphabet without 0/O/1/I/L so codes read aloud over the phone are unambiguous.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 16

# A tracking code as people type it: lower case is forgiven, the page shows it upper case.
_LOWER = "".join(c for c in ALPHABET if c.isalpha()).lower()
TRACKING_RE = f"[{ALPHABET}{_LOWER}]{{{TRACKING_LENGTH}}}"
# 区划代码 are digits (NBS codes, grids add three); admins may add letters, dashes, underscores.
AREA_RE = "[0-9A-Za-z_-]{1,20}"
# A workflow action's name: "accept", "deny_extension".
ACTION_RE = "[a-z][a-z_]{0,39}"


def tracking_code(length: int = TRACKING_LENGTH) -> str:
    """A random code: 16 characters of a 31-letter alphabet carry 79 bits.

    One uniform draw below 31**length spelled in base 31: the same distribution as a
    secrets.choice() per character, for one call to the OS's generator instead of sixteen."""
    n = secrets.randbelow(len(ALPHABET) ** length)
    out = []
    for _ in range(length):
        n, digit = divmod(n, len(ALPHABET))
        out.append(ALPHABET[digit])
    return "".join(out)


def is_tracking_code(text: str) -> bool:
    return re.fullmatch(TRACKING_RE, text) is not None


class _Converter:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TrackingCode(_Converter):
    regex = TRACKING_RE

    def to_python(self, value: str) -> str:
        return value.upper()


class AreaCode(_Converter):
    regex = AREA_RE


class ActionName(_Converter):
    regex = ACTION_RE


def register_converters() -> None:
    """<case_code:…>, <area_code:…> and <action:…> in the apps' URL files."""
    register_converter(TrackingCode, "case_code")
    register_converter(AreaCode, "area_code")
    register_converter(ActionName, "action")
