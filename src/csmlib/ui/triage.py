"""The triage exercise: classify a batch of complaints, then compare with the data's labels.

The learner reads each complaint and chooses its category, severity, whether the customer is
vulnerable and the route it needs. Nothing shows the labels until they press **Check my
triage**; then each complaint gets item-by-item feedback (agreed or missed, and why the
label is what it is) and the agreement per field and overall. The logic (the batch, the
scoring, the explanations) is :mod:`csmlib.analysis.complaints`; this module only shows it.

Example:
    >>> import pandas as pd
    >>> complaints = pd.DataFrame({
    ...     "complaint_id": ["K1", "K2"], "channel": ["phone", "email"],
    ...     "description": ["My bill is wrong. Please correct this.",
    ...                     "No heating. I will go to the Energy Ombudsman."],
    ...     "category": ["billing", "supply"], "severity": ["low", "high"],
    ...     "vulnerable": [False, False],
    ...     "route": ["resolve now", "escalate: senior handler"]})
    >>> exercise = TriageExercise(complaints, n=2)
    >>> "Answered 0 of 8" in exercise.result.value
    True
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd

from csmlib.analysis import complaints as analysis
from csmlib.ui.tables import table
from csmlib.ui.widgets import CourseWidget, note

__all__ = ["FIELD_NAMES", "TriageExercise"]

#: How each triage field is named on screen.
FIELD_NAMES: dict[str, str] = {"category": "Category", "severity": "Severity",
                               "vulnerable": "Vulnerable customer", "route": "Route"}
_CHOOSE = ("Choose…", "")
_LABEL = {"description_width": "initial"}


def _block(content: str) -> str:
    return f'<div style="line-height:1.45">{content}</div>'


class TriageExercise(CourseWidget):
    """Triage ``n`` complaints from ``complaints`` (any organisation's table with the
    triage labels), then check against the labels.

    ``redact`` (optional, e.g. :func:`csmlib.analysis.privacy.redact`) is applied to each
    description before it is shown, so the exercise shows no personal data.
    ``controls`` holds one menu per complaint and field, named ``"<number> <field>"``
    (``"1 route"``), and the button ``"check"``. :meth:`answers` gives the choices as a
    table; :attr:`last_result` holds the last check
    (:class:`csmlib.analysis.complaints.TriageResult`), or None before a check or after a
    change.
    """

    def __init__(self, complaints: pd.DataFrame, n: int = 6, seed: int = 0,
                 redact: Callable[[str], str] | None = None) -> None:
        super().__init__()
        if redact is not None and not callable(redact):
            raise ValueError("redact must be a function from text to text, such as "
                             "csmlib.analysis.privacy.redact, or None.")
        self.batch = analysis.triage_sample(complaints, n=n, seed=seed)
        if redact is not None:  # what the learner reads; the labels' reasons quote it too
            self.batch["description"] = [str(redact(str(t))) for t in self.batch["description"]]
        categories = sorted(complaints["category"].dropna().astype(str).unique())
        options: dict[str, list[tuple[str, Any]]] = {
            "category": [_CHOOSE, *((c, c) for c in categories)],
            "severity": [_CHOOSE, ("low", "low"), ("medium", "medium"), ("high", "high")],
            "vulnerable": [_CHOOSE, ("yes", True), ("no", False)],
            "route": [_CHOOSE, *((r, r) for r in analysis.ROUTES)],
        }
        widths = {"category": "20em", "severity": "12em", "vulnerable": "17.5em",
                  "route": "23em"}
        parts: list[widgets.Widget] = []
        for number, row in enumerate(self.batch.itertuples(index=False), start=1):
            menus = []
            for field in analysis.TRIAGE_FIELDS:
                menu = widgets.Dropdown(options=options[field], value="",
                                        description=FIELD_NAMES[field], style=_LABEL,
                                        layout=widgets.Layout(width=widths[field]))
                self.controls[f"{number} {field}"] = menu
                menus.append(menu)
            parts.append(widgets.HTML(self._card(number, row._asdict())))
            parts.append(widgets.HBox(menus, layout=widgets.Layout(flex_flow="row wrap")))
        button = widgets.Button(description="Check my triage", icon="check",
                                button_style="primary",
                                layout=widgets.Layout(width="max-content"))
        button.on_click(lambda _button: self.check())
        self.controls["check"] = button
        self.prompt = widgets.HTML("")
        self.last_result: analysis.TriageResult | None = None
        self._checking = False
        self._finish(*parts, button, self.prompt)

    # ------------------------------------------------------------------ reading
    @property
    def size(self) -> int:
        """How many complaints are in the batch."""
        return len(self.batch)

    @staticmethod
    def _card(number: int, row: dict[str, Any]) -> str:
        channel = row.get("channel")
        how = f" · by {html.escape(str(channel))}" if channel else ""
        return (f'<div style="margin:10px 0 2px 0;line-height:1.45"><b>Complaint {number}</b>'
                f'<span style="color:#555"> · reference {html.escape(str(row["complaint_id"]))}'
                f'{how}</span><br>{html.escape(str(row["description"]))}</div>')

    def answers(self) -> pd.DataFrame:
        """The learner's choices, one row per complaint (index complaint_id); a field not
        yet chosen is None."""
        rows = {}
        for number, complaint in enumerate(self.batch["complaint_id"], start=1):
            values = {field: self.controls[f"{number} {field}"].value
                      for field in analysis.TRIAGE_FIELDS}
            rows[complaint] = {k: (None if v == "" else v) for k, v in values.items()}
        frame = pd.DataFrame.from_dict(rows, orient="index",
                                       columns=list(analysis.TRIAGE_FIELDS)).astype(object)
        frame.index.name = "complaint_id"
        return frame

    def missing(self) -> list[str]:
        """What is still to choose, as "complaint 2: severity, route"."""
        gaps = []
        for number in range(1, self.size + 1):
            fields = [FIELD_NAMES[f].lower() for f in analysis.TRIAGE_FIELDS
                      if self.controls[f"{number} {f}"].value == ""]
            if fields:
                gaps.append(f"complaint {number}: {', '.join(fields)}")
        return gaps

    # ------------------------------------------------------------------ updating
    def check(self) -> None:
        """Check the triage (the button): feedback, or a message saying what is missing."""
        self._checking = True
        try:
            self._safe_update()
        finally:
            self._checking = False

    def update(self) -> None:
        self.prompt.value = ""
        if not self._checking:
            self.last_result = None
            self.result.value = self.progress_html()
            return
        gaps = self.missing()
        if gaps:
            self.prompt.value = note("Choose every answer before checking. Still to choose: "
                                     + "; ".join(gaps) + ".")
            return
        self.last_result = analysis.triage_agreement(self.answers(), self.batch)
        self.result.value = self.feedback_html(self.last_result)

    def progress_html(self) -> str:
        total = self.size * len(analysis.TRIAGE_FIELDS)
        chosen = sum(1 for name, control in self.controls.items()
                     if name != "check" and control.value != "")
        return _block(f"<p>Answered {chosen} of {total}. Press <b>Check my triage</b> when "
                      "every complaint has all four answers: the labels stay hidden until "
                      "then.</p>")

    def feedback_html(self, result: analysis.TriageResult) -> str:
        """The scores per field and overall, then each complaint's answers and why."""
        by_field = result.by_field.assign(
            name=result.by_field["field"].map(FIELD_NAMES), share_pct=result.by_field[
                "share"] * 100)
        overall = pd.DataFrame([{"name": "Overall", "items": len(result.items),
                                 "agreed": int(result.items["agreed"].sum()),
                                 "share_pct": result.overall * 100}])
        scores = table(pd.concat([by_field, overall], ignore_index=True),
                       {"name": "Field", "items": ("Answers", "count"),
                        "agreed": ("Agreed with the label", "count"),
                        "share_pct": ("Agreement (%)", "percent")},
                       caption="Agreement with the data's labels",
                       notes=["A label is the decision recorded in the data, not the only "
                              "defensible answer: where you disagree, read why, and decide "
                              "whether the label or your reading is better."])
        parts = [f"<p><b>{html.escape(result.summary())}</b></p>", scores.to_html()]
        # one table for every complaint (fast to draw), each complaint's first row saying
        # how many of its answers agreed
        numbers = {str(c): i for i, c in enumerate(self.batch["complaint_id"], start=1)}
        keys = result.items["complaint_id"].tolist()
        agreed = result.items["agreed"].tolist()
        per = {k: (sum(a for key, a in zip(keys, agreed, strict=True) if key == k),
                   keys.count(k)) for k in dict.fromkeys(keys)}
        first = [i == 0 or keys[i - 1] != key for i, key in enumerate(keys)]
        items = result.items.assign(
            complaint=[f"Complaint {numbers.get(k, '?')} ({k}): {per[k][0]} of {per[k][1]} "
                       "agreed" if top else "" for k, top in zip(keys, first, strict=True)],
            name=[FIELD_NAMES.get(f, f) for f in result.items["field"]],
            verdict=["✔ agreed" if a else "✘ missed" for a in agreed])
        parts.append(table(
            items, {"complaint": "Complaint", "name": "Field", "answer": "Your answer",
                    "label": "Label", "verdict": "Result", "why": "Why the label"},
            caption="Complaint by complaint", max_rows=1000).to_html())
        return _block("".join(parts))

    # ------------------------------------------------------------------ static
    def intro_html(self) -> str:
        routes = pd.DataFrame({"route": list(analysis.ROUTES),
                               "when": [analysis.ROUTE_MEANING[r] for r in analysis.ROUTES]})
        severities = pd.DataFrame({"severity": list(analysis.SEVERITY_MEANING),
                                   "means": list(analysis.SEVERITY_MEANING.values())})
        return (table(routes, {"route": "Route", "when": "When and what it means"},
                      caption="The four routes, in order: the first that applies wins").to_html()
                + table(severities, {"severity": "Severity", "means": "What it looks like"},
                        caption="Severity").to_html())

    def static_html(self) -> str:
        shown = self.batch.assign(number=range(1, self.size + 1))
        columns = {"number": ("Complaint", "count"), "complaint_id": "Reference"}
        if "channel" in shown.columns:
            columns["channel"] = "Channel"
        columns["description"] = "What the customer wrote"
        return table(shown, columns, caption="The complaints to triage",
                     notes=["The labels (category, severity, vulnerable customer, route) "
                            "are shown only when you check your triage in the live "
                            "exercise."]).to_html()
