"""The domain maths of customer-service management, as pure functions.

Each module takes tables (pandas DataFrames) and numbers as arguments and returns tables and
numbers: nothing here loads data, reads settings or shows a widget, so every function can be
tested on a few hand-made rows and reused on a learner's own data.

* :mod:`~csmlib.analysis.kpis` — KPIs with formulas, intervals, targets and the scorecard;
* :mod:`~csmlib.analysis.forecasting` — demand forecasts and their accuracy;
* :mod:`~csmlib.analysis.staffing` — Erlang C, shrinkage, chat concurrency, email backlog;
* :mod:`~csmlib.analysis.simulation` — a contact-centre day, call by call;
* :mod:`~csmlib.analysis.budget` — staff cost, cost per contact, variance, channel shift;
* :mod:`~csmlib.analysis.feedback` — comment themes and sentiment.

Example:
    >>> from csmlib.analysis import staffing
    >>> int(staffing.required_agents(100, 180, 0.8, 20))
    14
"""
