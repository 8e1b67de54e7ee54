"""The course's house colours, shared by charts (``csmlib.ui.charts``) and the portfolio
export (``csmlib.course.export``), so one colour means one thing everywhere.

The palette is Okabe and Ito's (2008), readable with the common forms of colour blindness.

Example:
    >>> STATUS["bad"] == PALETTE["vermillion"]
    True
"""

from __future__ import annotations

PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
#: Default colour order for several series.
SEQUENCE: list[str] = [PALETTE[name] for name in
                       ("blue", "orange", "green", "vermillion", "sky", "purple", "yellow")]
#: Red/amber/green stand-ins that stay distinct for colour-blind readers.
STATUS: dict[str, str] = {"good": PALETTE["blue"], "warning": PALETTE["orange"],
                          "bad": PALETTE["vermillion"]}

#: Text versions of the status colours, dark enough to read on white or a light grey panel
#: (contrast at least 4.5:1, WCAG 2.2 AA for normal text): the chart colours themselves are
#: too light for words (orange on white is about 2.3:1). Same hue, so one colour still means
#: one thing.
STATUS_TEXT: dict[str, str] = {"good": "#0062A0", "warning": "#8A5A00", "bad": "#A84A00"}
#: Grey for context rows and quiet notes (5.3:1 on white).
MUTED_TEXT = "#6b6b6b"
#: The least contrast WCAG 2.2 AA asks of normal-size text.
MIN_TEXT_CONTRAST = 4.5
#: Inline CSS that hides text from the eye but keeps it for screen readers (a chart's text
#: alternative, a label that the layout shows elsewhere).
VISUALLY_HIDDEN = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;"
                   "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0")


def _luminance(colour: str) -> float:
    text = str(colour).strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    try:
        channels = [int(text[i:i + 2], 16) / 255 for i in (0, 2, 4)] if len(text) == 6 else []
    except ValueError:
        channels = []
    if not channels:
        raise ValueError(f"contrast_ratio(): colours are hex like '#0072B2' or '#444'; "
                         f"got {colour!r}.")
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str = "#ffffff") -> float:
    """WCAG contrast ratio of two hex colours, from 1 (none) to 21 (black on white).

    Example:
        >>> round(contrast_ratio("#000000", "#ffffff"), 1)
        21.0
        >>> contrast_ratio(PALETTE["orange"]) < MIN_TEXT_CONTRAST <= contrast_ratio(
        ...     STATUS_TEXT["warning"])
        True
    """
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
