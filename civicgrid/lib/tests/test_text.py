"""lib/text.visible(): what a reader sees of a text, fast path and slow path alike."""

import sys
import unicodedata

from civicgrid.lib.text import visible


def slow(text: str) -> str:
    """The rule itself, one character at a time."""
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc")
    )


def test_blank_looking_texts_are_blank():
    for text in ("\u200b\u200b\u200b\u200b", "\u3000 \u00a0\t", "\ufeff\u2060\n", ""):
        assert visible(text) == ""


def test_every_character_is_kept_or_dropped_as_the_rule_says():
    # Each code point alone, and inside a printable Chinese text, so both paths are taken.
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue  # surrogates are no characters of a str Django hands us
        ch = chr(cp)
        text = f"路灯{ch}不亮 了"
        assert visible(text) == slow(text), hex(cp)


def test_a_plain_text_loses_only_its_spaces():
    assert visible("西津路 12 号 门口垃圾") == "西津路12号门口垃圾"
