"""Unguessable public codes."""

import secrets

# Crockford-like alphabet without 0/O/1/I/L so codes read aloud over the phone are unambiguous.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def tracking_code(length: int = 16) -> str:
    """A random code: 16 characters of a 31-letter alphabet carry 79 bits."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
