"""The presentation kit (csmlib.ui.tables, csmlib.ui.charts): tables and charts for people."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from csmlib.ui import charts
from csmlib.ui.tables import FORMATS, Column, format_value, status_html, status_key, table


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (13647.4, "money", "£13,647"),
    (-13647.4, "money", "−£13,647"),
    (3.564, "money2", "£3.56"),
    (4531.4, "signed_money", "+£4,531"),
    (-246.4, "signed_money", "−£246"),
    (0.2, "signed_money", "£0"),
    (40724.0, "count", "40,724"),
    (171, "count", "171"),
    (4.66, "number", "4.7"),
    (6.021, "number2", "6.02"),
    (78.46, "percent", "78.5%"),
    (25.84, "signed_percent", "+25.8%"),
    (-0.84, "signed_percent", "−0.8%"),
    (4.66, "points", "+4.7 pts"),
    (pd.Timestamp("2026-04-06"), "date", "6 Apr 2026"),
    (pd.Timestamp("2026-04-06"), "weekday_date", "Mon 6 Apr 2026"),
    (pd.Timestamp("2026-01-01"), "month", "Jan 2026"),
    (pd.Timestamp("2026-04-06 10:30"), "time", "10:30"),
    (pd.Timestamp("2026-04-06 10:30"), "datetime", "6 Apr 2026 10:30"),
    (True, "flag", "Yes"),
    (False, "flag", "No"),
    ("green", "status", "✔ on target"),
    ("amber", "status", "● close"),
    ("over budget", "status", "✘ off target"),
    (float("nan"), "money", "–"),
    (None, "percent", "–"),
    (pd.NA, "count", "–"),
    (float("inf"), "count", "–"),
])
def test_each_format_reads_as_a_manager_expects(value, fmt, shown):
    assert format_value(value, fmt) == shown


def test_every_format_is_documented_and_an_unknown_one_is_refused():
    samples = {"date": pd.Timestamp("2026-01-01"), "status": "green"}
    for fmt in FORMATS:
        value = samples.get(fmt, pd.Timestamp("2026-01-01") if "date" in fmt or fmt in
                            {"month", "time"} else 1)
        assert format_value(value, fmt) not in ("", "–"), fmt
    with pytest.raises(ValueError, match="format must be one of"):
        format_value(1, "pounds")
    with pytest.raises(ValueError, match="format must be one of"):
        Column("x", "X", "pounds")
    with pytest.raises(ValueError, match="heading"):
        Column("x", "  ")


def test_money_never_has_the_pound_sign_after_the_number():
    assert not re.search(r"\d\s*£", format_value(13647, "money"))


def test_table_shows_only_chosen_columns_with_human_headings_and_no_row_numbers():
    frame = pd.DataFrame({"line": ["overtime", "salaries"], "budget_gbp": [8798.0, 288869.2],
                          "variance_pct": [25.84, 1.6], "secret": ["x", "y"]},
                         index=[7, 8])
    shown = table(frame, {"line": "Budget line", "budget_gbp": ("Budget", "money"),
                          "variance_pct": ("Over budget by", "signed_percent")})
    page = shown._repr_html_()
    assert shown.headings == ["Budget line", "Budget", "Over budget by"]
    assert shown.rows() == [["overtime", "£8,798", "+25.8%"], ["salaries", "£288,869", "+1.6%"]]
    for raw in ("budget_gbp", "variance_pct", "secret", ">7<", ">8<"):
        assert raw not in page
    assert shown.data is frame  # worked answers still compute from the frame


def test_numbers_align_right_and_text_wraps():
    shown = table(pd.DataFrame({"comment": ["a long comment " * 20], "n": [3]}),
                  {"comment": "Comment", "n": ("Comments", "count")})
    page = shown.to_html()
    assert "white-space:normal" in page and "max-width:36em" in page
    assert re.search(r"text-align:right[^>]*>3<", page)


def test_short_text_stays_on_one_line():
    shown = table(pd.DataFrame({"team": ["Team Rowan", "Team Birch"],
                                "comment": ["short", "a long comment " * 5]}),
                  {"team": "Team", "comment": "Comment"})
    cells = re.findall(r"<td style=\"([^\"]*)\">", shown.to_html())
    team_style, comment_style = cells[0], cells[1]
    assert "nowrap" in team_style and "white-space:normal" in comment_style


def test_long_tables_say_how_many_rows_are_left_out():
    shown = table(pd.DataFrame({"n": range(100)}), {"n": ("Number", "count")}, max_rows=10)
    assert len(shown.rows()) == 10
    assert "Showing the first 10 of 100 rows." in shown.to_html()


def test_notes_explain_words_under_the_table():
    shown = table(pd.DataFrame({"p": [94.3]}), {"p": ("Precision", "percent")},
                  notes=["Precision: of the comments given this theme, the share an analyst "
                         "agreed with."])
    assert "Precision: of the comments" in shown.to_html()


def test_greyed_rows_are_context_not_a_verdict():
    frame = pd.DataFrame({"kpi": ["CSAT", "Occupancy"], "status": ["green", "red"]})
    shown = table(frame, {"kpi": "Measure", "status": ("Status", "status")},
                  greyed=[False, True])
    assert shown.rows() == [["CSAT", "✔ on target"], ["Occupancy", "– context only"]]
    page = shown.to_html()
    assert "off target" not in page and "color:#6b6b6b" in page


def test_bad_table_requests_name_the_problem():
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(ValueError, match="no column 'b'"):
        table(frame, {"b": "B"})
    with pytest.raises(ValueError, match="at least one column"):
        table(frame, {})
    with pytest.raises(TypeError, match="DataFrame"):
        table([1, 2], {"a": "A"})
    with pytest.raises(ValueError, match="max_rows"):
        table(frame, {"a": "A"}, max_rows=0)
    with pytest.raises(ValueError, match="greyed"):
        table(frame, {"a": "A"}, greyed=[True, False])
    with pytest.raises(ValueError, match="Unknown status"):
        status_key("purple")


def test_status_is_never_colour_alone():
    for word in ("green", "amber", "red"):
        html = status_html(word)
        assert any(symbol in html for symbol in "✔●✘")
        assert any(words in html for words in ("on target", "close", "off target"))


def test_chart_style_keeps_legend_off_the_axis_title_and_hides_the_toolbar():
    fig = charts.style(go.FigureWidget(go.Bar(x=["a"], y=[1])), title="Calls",
                       x="Hour starting", y="Calls per hour")
    assert fig.layout.legend.y > 1 and fig.layout.legend.yanchor == "bottom"
    assert fig.layout.xaxis.automargin and fig.layout.yaxis.automargin
    assert fig._config["displayModeBar"] is False
    assert fig.layout.margin.t >= 90  # room for the title and the legend row


def test_static_chart_is_shown_without_a_toolbar():
    chart = charts.static(charts.style(go.Figure(go.Bar(x=["a"], y=[1])), title="Calls",
                                       x="Hour", y="Calls"))
    import plotly.io as pio
    before = pio.renderers.default
    try:
        pio.renderers.default = "plotly_mimetype"
        bundle = chart._repr_mimebundle_()
    finally:
        pio.renderers.default = before
    assert bundle["application/vnd.plotly.v1+json"]["config"]["displayModeBar"] is False


def test_target_line_and_legend_key_explain_themselves():
    fig = go.Figure(go.Bar(x=["09:00", "09:30"], y=[70, 85]))
    charts.target_line(fig, 80, "Standard (80%)")
    charts.legend_key(fig, "Missed the standard", charts.STATUS["bad"], pattern="/")
    names = [trace.name for trace in fig.data]
    assert names[1:] == ["Standard (80%)", "Missed the standard"]
    assert list(fig.data[1].y) == [80.0, 80.0]
    with pytest.raises(ValueError, match="label"):
        charts.target_line(fig, 80, " ")
    with pytest.raises(ValueError, match="height"):
        charts.style(go.Figure(), title="t", x="x", y="y", height=10)
