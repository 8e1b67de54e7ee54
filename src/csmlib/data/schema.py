"""One schema for the eight tables: each column's meaning, and one way to check a table.

Example:
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"wait_s": [3]}), "contacts", ["wait_s"])
    >>> require_columns(pd.DataFrame(), "contacts", ["wait_s"])
    Traceback (most recent call last):
    ...
    csmlib.data.schema.SchemaError: The contacts table has no column 'wait_s' (How long ...
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


class SchemaError(ValueError):
    """A table does not match the schema: the message names the table, column and fix."""


def require_columns(frame: pd.DataFrame, table: str, columns: Iterable[str]) -> None:
    """Raise :class:`SchemaError` naming the first of ``columns`` that ``frame`` lacks."""
    from csmlib.data.dictionary import COLUMNS

    for column in columns:
        if column not in frame.columns:
            meaning = COLUMNS.get(table, {}).get(column, ("", ""))[1]
            about = f" ({meaning.rstrip('.')})" if meaning else ""
            raise SchemaError(f"The {table} table has no column {column!r}{about}. "
                              "Add it, or map one of your columns to it.")
