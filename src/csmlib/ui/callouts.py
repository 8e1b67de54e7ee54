"""Call-outs: a "What to notice", "Common mistake" or "Not in this data" note whose words a
lesson computed from the data, shown as a quiet block quote.

Example:
    >>> callout("What to notice", ["Two of five targets were missed."]).data[:40]
    '<blockquote class="csm-notice" style="bo'
"""

from __future__ import annotations

import html
from typing import Any


def callout(title: str, sentences: list[str], icon: str = "",
            points: list[str] | None = None) -> Any:
    """A call-out headed ``title`` (bold), with ``sentences`` (escaped) and, under them,
    ``points`` as a bulleted list; ``icon`` goes before the title (e.g. "⚠️").

    Example:
        >>> "<li>a &amp; b</li>" in callout("Note", ["x"], points=["a & b"]).data
        True
    """
    from IPython.display import HTML

    body = " ".join(html.escape(s) for s in sentences)
    lead = f"{icon} " if icon else ""
    items = "".join(f"<li>{html.escape(p)}</li>" for p in points or [])
    listed = f'<ul style="margin:4px 0">{items}</ul>' if items else ""
    return HTML('<blockquote class="csm-notice" style="border-left:4px solid #ccc;'
                f'margin:8px 0;padding:4px 12px">{lead}<b>{html.escape(title)}.</b> {body}'
                f"{listed}</blockquote>")
