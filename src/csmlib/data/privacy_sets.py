"""Answer keys for measuring a personal-data finder (:mod:`csmlib.analysis.privacy`).

* :func:`handwritten` — texts written by hand in other wordings than the generator's,
  including look-alikes that are not personal data ("8 weeks", "£45.20", a complaint
  reference): the fairer guide, though written knowing how the finder works.
* :func:`generated` — fresh complaint descriptions from the generator for one sector, with
  the personal data written into each (the generator's own answer key): it shows only that
  nothing the generator writes is missed, since the generator uses few wordings.

Both give one row per expected piece: text_id, text, kind, value (a text with nothing to
find has one row with kind and value empty), the shape ``privacy.evaluate_by_kind`` reads.

Example:
    >>> key = handwritten()
    >>> list(key.columns)[:4]
    ['text_id', 'text', 'kind', 'value']
    >>> generated("energy", n=20)["text_id"].nunique()
    20
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

import numpy as np
import pandas as pd

from csmlib.analysis import checks
from csmlib.data import sectors, text

HANDWRITTEN_FILE = "privacy_examples.csv"


def handwritten() -> pd.DataFrame:
    """The hand-written answer key (text_id, text, kind, value, note)."""
    source = resources.files("csmlib.data").joinpath(HANDWRITTEN_FILE)
    with source.open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    return frame


def generated(sector: str, n: int = 300, seed: int = 11,
              personal_data_share: float = 0.6) -> pd.DataFrame:
    """``n`` fresh complaint descriptions for ``sector`` (1 to 5,000), with the personal data
    the generator wrote into each; all severities, no vulnerable customers."""
    profile = sectors.profile(sector)
    count = int(checks.number("n", n, minimum=1, maximum=5000, example="300"))
    categories = list(profile.complaint_categories)
    record: list[list[tuple[str, str]]] = []
    texts, _ = text.complaint_descriptions(
        np.random.default_rng(seed), sector=profile.key,
        categories=[categories[i % len(categories)] for i in range(count)],
        severity=[("low", "medium", "high")[i % 3] for i in range(count)],
        vulnerable=[False] * count, received=[dt.date(2026, 3, 2)] * count,
        personal_data_share=personal_data_share, record=record)
    rows = []
    for i, (description, items) in enumerate(zip(texts, record, strict=True)):
        text_id = f"{profile.key}-{i + 1:04d}"
        rows += ([(text_id, description, kind, value) for kind, value in items]
                 or [(text_id, description, "", "")])
    return pd.DataFrame(rows, columns=["text_id", "text", "kind", "value"])
