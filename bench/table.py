"""The one table printer of the benches: aligned columns, CJK characters two columns wide."""

import unicodedata


def width(text: str) -> int:
    """Terminal columns of text: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    fill = " " * max(0, cols - width(text))
    return fill + text if right else text + fill


def table(header: tuple[str, ...], rows: list[tuple[str, ...]], numeric: set[int]) -> str:
    """Header, a rule and the rows; columns in `numeric` are right-aligned."""
    cols = [max(width(r[k]) for r in [header, *rows]) for k in range(len(header))]

    def line(r):
        return "  ".join(pad(c, cols[k], right=k in numeric) for k, c in enumerate(r)).rstrip()

    return "\n".join([line(header), "  ".join("-" * c for c in cols), *(line(r) for r in rows)])


def yes_no(ok: bool) -> str:
    return "yes 是" if ok else "no 否"


FIGURES = ("figure 指标", "value 数值", "baseline 基线", "ratio 比值", "goal 目标", "meets 达标")


def figures(rows: list[tuple[str, ...]]) -> str:
    """The usual bench table: a figure, its value, the baseline, the ratio, the goal, met."""
    return table(FIGURES, rows, {1, 2, 3})
