"""What a person can see of a text: a description of zero-width spaces is blank."""

import unicodedata


def visible(text: str) -> str:
    """The text without whitespace (NBSP and U+3000 included) and invisible format characters
    (U+200B–U+200D, U+2060, U+FEFF…): what is left is what a reader of the case sees."""
    if text.isprintable():
        # Python's printable excludes every Cc and Cf character and every space but " ", so
        # only spaces can go: most texts take this path, one C call instead of one per char.
        return text.replace(" ", "")
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc")
    )
