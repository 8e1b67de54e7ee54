"""Chart style shared by every notebook: a colour-blind-safe palette and clear labels.

The palette (``csmlib.course.style``) is Okabe and Ito's (2008), readable with the common
forms of colour blindness.
Nothing is changed globally: call :func:`style` on each figure.

Example:
    >>> import plotly.graph_objects as go
    >>> fig = style(go.Figure(go.Bar(x=["a"], y=[1])), title="Contacts", x="Hour", y="Contacts")
    >>> fig.layout.yaxis.title.text
    'Contacts'
"""

from __future__ import annotations

from typing import Any

from csmlib.course.style import PALETTE, SEQUENCE, STATUS

__all__ = ["PALETTE", "SEQUENCE", "STATUS", "style"]


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
