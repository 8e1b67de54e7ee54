"""Chart style shared by every notebook: a colour-blind-safe palette and clear labels.

The palette is Okabe and Ito's (2008), readable with the common forms of colour blindness.
Nothing is changed globally: call :func:`style` on each figure.

Example:
    >>> import plotly.graph_objects as go
    >>> fig = style(go.Figure(go.Bar(x=["a"], y=[1])), title="Contacts", x="Hour", y="Contacts")
    >>> fig.layout.yaxis.title.text
    'Contacts'
"""

from __future__ import annotations

from typing import Any

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


def style(fig: Any, *, title: str, x: str, y: str, height: int = 380) -> Any:
    """Apply the course style to a plotly figure and label it; returns the same figure.

    Axis labels should carry units, e.g. ``"Wait (seconds)"``.
    """
    fig.update_layout(
        title={"text": title, "x": 0.01},
        xaxis_title=x,
        yaxis_title=y,
        colorway=SEQUENCE,
        template="plotly_white",
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        font={"size": 14},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig
