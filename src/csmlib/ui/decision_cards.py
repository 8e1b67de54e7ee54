"""Customer-centric or generic? The decision cards widget (criterion 1.3).

:class:`DecisionCards` shows the cards of :mod:`csmlib.course.management_decisions` one at
a time (*Previous* / *Next*): the decision, the options A–D, and radio buttons to pick one.
*Check* judges the choice: how it manages (generic, partly or customer-centric), its effect
on the customer and on the business, the option a customer-centric manager picks and why,
and the sentence the lesson computed from the organisation's data for that decision
(``evidence[card.evidence_key]``). Nothing shows which option is preferred before the
learner checks, and a checked choice stands (the running summary counts it). At the end a
short reflection is saved as evidence for 1.3 (activity ``01-customer-centric``) with the
learner's choices as its table; a new widget loads the saved choices and reflection.

Example:
    >>> import tempfile, pathlib
    >>> from csmlib.course.portfolio import Portfolio
    >>> w = DecisionCards(portfolio=Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p"))
    >>> "customer-centric" in w.result.value.lower()   # nothing given away before Check
    False
    >>> w.controls["choice"].value = w.card.best
    >>> w.check()
    >>> "1 of 8 judged; 1 customer-centric" in w.summary.value
    True
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import ClassVar

import ipywidgets as widgets
import pandas as pd

from csmlib.course import management_decisions as md
from csmlib.course.portfolio import Evidence, Portfolio, WrittenPart
from csmlib.ui.forms import NOT_SAVED, _evidence_status, load_saved, saved_status
from csmlib.ui.tables import Table, table
from csmlib.ui.widgets import CourseWidget

__all__ = ["DecisionCards", "decisions_table"]

NOTEBOOK = "01"
CRITERIA = ("1.3",)
LETTERS = "ABCD"
#: Reflection prompt under the cards.
PROMPT = ("Which decision was hardest to judge, and why? Describe one decision at work "
          "that was (or could have been) made in a generic way, and how you would make it "
          "customer-centric: what you would measure, and what it would do for customers "
          "and for the business.")
#: How each approach is marked: an icon and words as well as a colour.
_MARKS: dict[str, tuple[str, str]] = {
    md.CUSTOMER_CENTRIC: ("\u2714", "#009E73"),
    "partly customer-centric": ("\u25cf", "#E69F00"),
    "generic": ("\u2718", "#D55E00"),
}


def decisions_table(cards: Sequence[md.DecisionCard] = md.CARDS) -> Table:
    """The decisions and their options as a kit table, without answers (the static result).

    Example:
        >>> decisions_table().headings
        ['Decision', 'The situation', 'Options']
        >>> shown = decisions_table().to_html()
        >>> any(mark in shown for mark in ("\u2714", "\u2718", "Generic management", "A customer-"))
        False
    """
    frame = md.cards_frame(cards)
    frame["number"] = [f"{i}. {t}" for i, t in enumerate(frame["title"], start=1)]
    return table(frame, {"number": "Decision", "situation": "The situation",
                         "options": "Options"},
                 notes=["Which option would a customer-centric manager choose, and what "
                        "would it do for customers and for the business? Judge each one in "
                        "the widget above to see the feedback and this organisation's data."])


class DecisionCards(CourseWidget):
    """Decision cards, one at a time, judged and saved with a reflection.

    ``controls``: ``choice`` (radio buttons A–D) and ``reflection``; ``buttons``:
    ``previous``, ``next``, ``check`` and ``save``. :meth:`check`, :meth:`go` and
    :meth:`save` do what the buttons do. ``choices`` maps a card's key to the option
    checked (from 0).
    """

    ACTIVITY: ClassVar[str] = "01-customer-centric"
    TITLE: ClassVar[str] = "Customer-centric or generic management: my decisions"
    MIN_WORDS: ClassVar[int] = 40

    def __init__(self, cards: Sequence[md.DecisionCard] = md.CARDS,
                 evidence: Mapping[str, str] | None = None, *,
                 portfolio: Portfolio | None = None) -> None:
        super().__init__()
        self.cards = tuple(cards)
        if not self.cards:
            raise ValueError("cards is empty: give at least one DecisionCard.")
        for item in self.cards:
            if not isinstance(item, md.DecisionCard):
                raise ValueError(f"cards must hold DecisionCard objects; got "
                                 f"{type(item).__name__}.")
        if evidence is not None and not isinstance(evidence, Mapping):
            raise ValueError("evidence must map each card's evidence_key to a sentence from "
                             f"the data; got {type(evidence).__name__}.")
        self.evidence = dict(evidence or {})
        self.portfolio = portfolio or Portfolio()
        self.index = 0
        self.choices: dict[str, int] = {}
        button = {"layout": widgets.Layout(width="max-content")}
        choice = widgets.RadioButtons(options=self._options(), value=None,
                                      description="Your choice",
                                      style={"description_width": "initial"})
        previous = widgets.Button(description="Previous", icon="arrow-left", **button)
        following = widgets.Button(description="Next", icon="arrow-right", **button)
        check = widgets.Button(description="Check", button_style="primary", icon="check",
                               **button)
        text = widgets.Textarea(placeholder="Type your reflection here",
                                layout=widgets.Layout(width="98%", height="8em"))
        save = widgets.Button(description="Save choices and reflection", icon="save",
                              button_style="success", **button)
        previous.on_click(lambda _b: self._act(self.go, -1))
        following.on_click(lambda _b: self._act(self.go, 1))
        check.on_click(lambda _b: self._act(self.check))
        save.on_click(lambda _b: self._act(self.save))
        self.controls = {"choice": choice, "reflection": text}
        #: the action buttons (kept out of ``controls``, which holds the values a learner sets)
        self.buttons = {"previous": previous, "next": following, "check": check, "save": save}
        self.summary = widgets.HTML("")
        self.status = widgets.HTML(NOT_SAVED)
        prompt = widgets.HTML(f"<p style='line-height:1.45'><b>Reflection</b> (criterion "
                              f"1.3, at least {self.MIN_WORDS} words): "
                              f"{html.escape(PROMPT)}</p>")
        self._load_saved()
        self.view = widgets.VBox([
            self.result, choice, widgets.HBox([check, previous, following]), self.message,
            self.summary, prompt, text, save, self.status])
        self.view.add_class("csm-widget")
        choice.observe(self._safe_update, names="value")
        text.observe(self._safe_update, names="value")
        self._show_card()

    # ------------------------------------------------------------------ state
    @property
    def card(self) -> md.DecisionCard:
        """The card on screen."""
        return self.cards[self.index]

    def _options(self) -> list[tuple[str, int]]:
        return [(LETTERS[i], i) for i in range(len(self.card.responses))]

    def judged(self) -> int:
        """How many cards have a checked choice."""
        return len(self.choices)

    def centred(self) -> int:
        """How many checked choices are the customer-centric one."""
        return sum(md.judge(c, self.choices[c.key]).customer_centric
                   for c in self.cards if c.key in self.choices)

    def summary_text(self) -> str:
        """The running summary, e.g. "3 of 8 judged; 2 customer-centric"."""
        return (f"{self.judged()} of {len(self.cards)} judged; {self.centred()} "
                "customer-centric")

    def choices_frame(self) -> pd.DataFrame:
        """The learner's choices: one row per card, with the option chosen (empty until
        checked), how it manages, and the customer-centric option."""
        rows = []
        for item in self.cards:
            chosen = self.choices.get(item.key)
            response = item.responses[chosen] if chosen is not None else None
            rows.append({
                "key": item.key, "decision": item.title,
                "chosen": LETTERS[chosen] if chosen is not None else "",
                "my_choice": response.does if response else "",
                "approach": response.approach if response else "not judged",
                "customer_centric_option": (f"{LETTERS[item.best]}) "
                                            f"{item.best_response.does}"),
                "principle": item.principle,
            })
        return pd.DataFrame(rows)

    # ---------------------------------------------------------------- actions

    def go(self, step: int) -> None:
        """Move ``step`` cards on (negative: back); stops at the first and last card."""
        self.index = min(max(self.index + int(step), 0), len(self.cards) - 1)
        self._show_card()

    def check(self) -> None:
        """Judge the option selected on the card on screen; a checked choice stands."""
        if self.card.key in self.choices:
            raise ValueError("You have already judged this decision: press Next for the "
                             "next one.")
        chosen = self.controls["choice"].value
        if chosen is None:
            raise ValueError("Pick an option (A, B, C…) first, then press Check.")
        md.judge(self.card, chosen)  # checks the choice
        self.choices[self.card.key] = chosen
        self._show_card()

    def _show_card(self) -> None:
        """Put the card on screen: its options, any saved choice, and the buttons' state."""
        choice = self.controls["choice"]
        done = self.choices.get(self.card.key)
        options = self._options()
        if list(choice.options) != options:
            choice.value = None
            choice.options = options
        choice.value = done
        choice.disabled = done is not None
        self.buttons["check"].disabled = done is not None
        self.buttons["previous"].disabled = self.index == 0
        self.buttons["next"].disabled = self.index == len(self.cards) - 1
        self._safe_update()

    # ----------------------------------------------------------------- saving
    def save(self) -> Evidence:
        """Save the choices with the reflection (replacing an earlier save)."""
        left = len(self.cards) - self.judged()
        if left:
            raise ValueError(f"Judge every decision first ({left} still to do: use Next and "
                             "Previous), then save.")
        text = self.controls["reflection"].value.strip()
        words = len(text.split())
        if words < self.MIN_WORDS:
            raise ValueError(f"{words} words so far: write at least {self.MIN_WORDS} so an "
                             "assessor can see your thinking, then press Save again.")
        entry = self.portfolio.save(
            title=self.TITLE,
            parts=[WrittenPart("How I would make a decision customer-centric", text,
                               CRITERIA, self.MIN_WORDS, "reflection")],
            table=self.choices_frame(),
            support_text=f"Decision cards: {self.summary_text()}.",
            notebook=NOTEBOOK, activity=self.ACTIVITY)
        self.status.value = saved_status(entry, self.portfolio)
        return entry

    def _load_saved(self) -> None:
        saved = load_saved(self.portfolio, self.ACTIVITY, self.message)
        if saved is None:
            return
        by_key = {c.key: c for c in self.cards}
        if saved.table is not None and {"key", "chosen"} <= set(saved.table):
            for record in saved.table.to_dict("records"):
                item = by_key.get(str(record["key"]))
                letter = "" if pd.isna(record["chosen"]) else str(record["chosen"])
                if item is not None and letter in LETTERS[:len(item.responses)] and letter:
                    self.choices[item.key] = LETTERS.index(letter)
        written = next((p.text for p in saved.parts if p.key == "reflection"), "")
        self.controls["reflection"].value = written
        self.status.value = _evidence_status(saved, just_saved=False)

    # ---------------------------------------------------------------- display
    def update(self) -> None:
        self.result.value = self.card_html()
        done = self.judged() == len(self.cards)
        tick = "\u2714 " if done else ""
        more = (" Now write your reflection below and save." if done else
                " Judge every decision, then write your reflection below and save.")
        self.summary.value = f"<p><b>{tick}{self.summary_text()}.</b>{more}</p>"

    def card_html(self) -> str:
        """The card on screen: the decision, its options, and the feedback once checked."""
        item = self.card
        options = "".join(
            f"<li><b>{LETTERS[i]})</b> {html.escape(r.does)}</li>"
            for i, r in enumerate(item.responses))
        parts = [
            f"<p style='margin:0'><small>Decision {self.index + 1} of {len(self.cards)}"
            f"</small></p><p style='margin:2px 0 6px 0'><b>{html.escape(item.title)}."
            f"</b> {html.escape(item.situation)}</p>",
            f'<ul style="list-style:none;padding-left:1em;margin:0 0 6px 0">{options}</ul>']
        chosen = self.choices.get(item.key)
        if chosen is None:
            parts.append("<p><i>Pick the option you would choose, then press Check.</i></p>")
        else:
            parts.append(self._feedback_html(md.judge(item, chosen)))
        return f'<div style="line-height:1.45">{"".join(parts)}</div>'

    def _feedback_html(self, judgement: md.Judgement) -> str:
        item, response = judgement.card, judgement.response
        icon, colour = _MARKS[response.approach]
        lines = [
            f"<p style='margin:0'><b>You chose {LETTERS[judgement.chosen]}.</b> {icon} "
            f"<b>{html.escape(judgement.verdict)}</b></p>",
            f"<p style='margin:4px 0'><b>For the customer:</b> "
            f"{html.escape(response.customer_effect)}<br><b>For the business:</b> "
            f"{html.escape(response.business_effect)}</p>"]
        if not judgement.customer_centric:
            best = item.best_response
            lines.append(
                f"<p style='margin:4px 0'><b>A customer-centric manager chooses "
                f"{LETTERS[item.best]}:</b> {html.escape(best.does)} <i>For the customer:</i> "
                f"{html.escape(best.customer_effect)} <i>For the business:</i> "
                f"{html.escape(best.business_effect)}</p>")
        lines.append(f"<p style='margin:4px 0'><b>Why:</b> {html.escape(item.why)}</p>")
        sentence = str(self.evidence.get(item.evidence_key, "") or "").strip()
        data = (html.escape(sentence) if sentence else
                "<i>No figure from this organisation's data is given for this decision.</i>")
        lines.append(f"<p style='margin:4px 0'><b>What this organisation's data says:</b> "
                     f"{data}</p>")
        lines.append(f"<p style='margin:4px 0'><b>The principle:</b> "
                     f"{html.escape(item.principle)}</p>")
        return (f'<div class="csm-feedback" style="border-left:4px solid {colour};'
                f'padding:4px 10px;margin:4px 0 8px 0">{"".join(lines)}</div>')

    def intro_html(self) -> str:
        return (f"<p><b>Customer-centric or generic?</b> (criterion 1.3) Here are "
                f"{len(self.cards)} decisions a contact-centre manager faces. For each one, "
                "pick what you would do and press <i>Check</i>: the feedback shows what "
                "your choice does for customers and for the business (retention, cost, "
                "reputation), with a figure from this organisation's data. A checked "
                "choice stands, so think before you check.</p>")

    def static_html(self) -> str:
        """Every decision with its options, without answers (for a printout)."""
        items = []
        for number, item in enumerate(self.cards, start=1):
            options = "".join(f"<li><b>{LETTERS[i]})</b> {html.escape(r.does)}</li>"
                              for i, r in enumerate(item.responses))
            items.append(
                '<div style="border-left:4px solid #56B4E9;padding:2px 10px;margin:6px 0;">'
                f"<p style='margin:2px 0'><b>{number}. {html.escape(item.title)}.</b> "
                f"{html.escape(item.situation)}</p><ul style='list-style:none;"
                f"padding-left:1em;margin:0'>{options}</ul></div>")
        return ('<div style="line-height:1.45"><p><b>The decisions</b> (for a printout, or '
                "if the widget above does not show): which option would a customer-centric "
                "manager choose, and what would it do for customers and for the business?"
                f"</p>{''.join(items)}</div>")
