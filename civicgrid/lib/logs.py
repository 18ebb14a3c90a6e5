"""Log lines that user input cannot forge.

Paths, form values and header values reach log messages (Django's "Internal Server Error:
/path" logs the decoded path). A newline in them would start a fake line such as
"[INFO] login ok"; an ANSI escape could repaint a terminal. The console formatter writes
control characters escaped, and indents tracebacks, so every line that starts at column 0 is
the start of a real record.
"""

import logging
import re

# C0 and C1 controls (CR, LF, NUL, ESC, NEL...) and the Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def escape(text: str) -> str:
    """The text on one line, its control characters spelled as Python escapes."""
    return _CONTROL.sub(_escaped, text)


def _block(text: str) -> str:
    """A traceback: its own line breaks kept, each line indented, anything else escaped."""
    return "\n".join("  " + escape(line) for line in text.split("\n"))


class SafeFormatter(logging.Formatter):
    """The console's format, with the message and its arguments escaped."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape(record.message)
        return super().formatMessage(record)

    def formatException(self, ei) -> str:
        return _block(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return _block(super().formatStack(stack_info))
