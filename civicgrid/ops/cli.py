"""Who runs a management command, for the audit log of acts that have no signed-in user."""

import getpass


def operator() -> str:
    """The operating-system account, marked as a command-line act."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "?"
    return f"manage.py:{name}"[:150]
