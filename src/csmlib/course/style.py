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
