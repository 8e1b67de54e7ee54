"""Save and load an organisation's tables, and choose which organisation the course uses.

Where the data comes from, in order:

1. ``CSMLIB_DATA_DIR``: a folder of tables (e.g. a tutor's prepared organisation);
2. the learner's choice made with :func:`use_organisation` (kept in ``my_organisation.json``
   in the working folder, so every notebook follows it), generated into a cache on first use;
3. the default organisation: the repository's ``datasets/`` folder, or, for an installed
   package without it, the same data regenerated into the cache.

Tables are CSV (the contacts table gzip-compressed) with a ``manifest.json`` holding the
generator's settings, the organisation's planning assumptions and a SHA-256 checksum of each
table's CSV text. Each table is checked against the schema (``csmlib.data.schema``) when it
is saved and when it is read from disk, so a damaged or hand-edited file is reported with
its name, column and line instead of failing later inside a lesson.

Example:
    >>> contacts = load("contacts")
    >>> contacts["channel"].value_counts().index[0]
    'phone'
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from csmlib.data import dictionary, generator, schema
from csmlib.data.generator import TABLES, Organisation
from csmlib.data.planning_assumptions import Assumptions
from csmlib.data.sectors import profile

DATA_DIR_ENV = "CSMLIB_DATA_DIR"
CACHE_ENV = "CSMLIB_CACHE"
CHOICE_ENV = "CSMLIB_ORGANISATION_FILE"
CHOICE_FILENAME = "my_organisation.json"
MANIFEST = "manifest.json"
COMPRESSED = {"contacts"}
FORMAT_VERSION = 1

# How to read each table's columns, from the schema: dates and times are parsed; whole
# numbers that may be empty (survey scores) stay whole; yes/no columns that may be empty
# (not known yet) stay yes/no with gaps; free text, and labels that may be
# blank, are read word for word (a comment saying "NA" stays "NA") with blanks as "".
DATE_COLUMNS: dict[str, list[str]] = {
    table: schema.columns_of_kind(table, "datetime", "date") for table in schema.TABLES}
NULLABLE_INTS: dict[str, list[str]] = {
    table: schema.columns_of_kind(table, "integer", empty_allowed=True)
    for table in schema.TABLES}
NULLABLE_FLAGS: dict[str, list[str]] = {
    table: schema.columns_of_kind(table, "flag", empty_allowed=True) for table in schema.TABLES}
TEXT_COLUMNS: dict[str, list[str]] = {
    table: [c.name for c in columns if (c.kind == "text" and c.pattern is None) or (
        c.kind in ("id", "category") and c.empty_allowed)]
    for table, columns in schema.TABLES.items()}

_memory: dict[tuple, pd.DataFrame] = {}
_COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3


class DataError(Exception):
    """A dataset problem the learner or tutor can fix; the message says how."""


# ------------------------------------------------------------------ locations
def repository_datasets() -> Path | None:
    """The repository's ``datasets/`` folder, if this copy of csmlib sits in a checkout."""
    candidate = Path(__file__).resolve().parents[3] / "datasets"
    return candidate if (candidate / MANIFEST).exists() else None


def cache_root() -> Path:
    """Where generated organisations are kept (``$CSMLIB_CACHE`` or the user cache)."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "csmlib"


def choice_file() -> Path:
    """The file that records the learner's chosen organisation."""
    configured = os.environ.get(CHOICE_ENV, "").strip()
    return Path(configured).expanduser() if configured else Path.cwd() / CHOICE_FILENAME


def _settings_key(settings: dict[str, Any]) -> str:
    return (f"{settings['sector']}-seed{settings['seed']}-{settings['start']}"
            f"-{settings['days']}d-{settings['agents']}a-v{FORMAT_VERSION}")


def default_settings() -> dict[str, Any]:
    """The default organisation's generator settings."""
    return {"seed": generator.DEFAULT_SEED, "sector": generator.DEFAULT_SECTOR,
            "start": generator.DEFAULT_START, "days": generator.DEFAULT_DAYS,
            "agents": generator.DEFAULT_AGENTS}


def active_settings() -> dict[str, Any]:
    """Settings of the organisation in use (the learner's choice, or the default)."""
    path = choice_file()
    if not path.exists():
        return default_settings()
    try:
        chosen = json.loads(path.read_text(encoding="utf-8"))
        settings = {**default_settings(), **{k: chosen[k] for k in default_settings()
                                             if k in chosen}}
    except (OSError, ValueError, TypeError) as error:
        raise DataError(
            f"{path} could not be read ({error}). Delete it to go back to the default "
            "organisation, or run use_organisation(...) again.") from error
    return settings


def _locate() -> tuple[Path, dict[str, Any] | None]:
    """The folder of the data in use and, unless it is a tutor's folder, its settings."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    if configured:
        folder = Path(configured).expanduser()
        if not (folder / MANIFEST).exists():
            raise DataError(f"{DATA_DIR_ENV} points to {folder}, which has no {MANIFEST}. "
                            "Point it at a folder written by 'csm data generate'.")
        return folder, None
    settings = active_settings()
    repo = repository_datasets()
    if repo is not None and settings == default_settings():
        return repo, settings
    return cache_root() / _settings_key(settings), settings


def active_directory(progress: Callable[[str], None] | None = None) -> Path:
    """The folder holding the tables in use, generating them into the cache if needed."""
    folder, settings = _locate()
    if settings is not None and not (folder / MANIFEST).exists():
        if progress:
            progress(f"Generating the organisation ({settings['sector']}, seed "
                     f"{settings['seed']}) into {folder}: a few seconds, first time only.")
        save(generator.generate(**settings), folder)
    return folder


# -------------------------------------------------------------------- saving
def _csv_text(table: pd.DataFrame) -> str:
    return table.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d %H:%M:%S")


def save(org: Organisation, folder: str | Path,
         progress: Callable[[str], None] | None = None) -> Path:
    """Write every table and the manifest to ``folder`` (atomically: all or nothing).

    Every table is first checked against the schema: if one fails, nothing is written.
    Gzip files are written with a fixed timestamp, so the same data gives the same bytes.
    """
    folder = Path(folder)
    for name in TABLES:
        try:
            schema.validate(org.tables[name], name)
        except schema.SchemaError as error:
            raise DataError(f"Nothing was saved to {folder}: {error}") from error
    if folder.exists() and any(folder.iterdir()) and not (folder / MANIFEST).exists():
        raise DataError(f"{folder} already holds other files. Choose an empty or new folder "
                        "(an earlier dataset folder, with its manifest.json, is replaced).")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".csm-", dir=folder.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; datasets are meant to be shared
    files = {}
    try:
        for name in TABLES:
            table = org.tables[name]
            text = _csv_text(table)
            filename = f"{name}.csv.gz" if name in COMPRESSED else f"{name}.csv"
            data = text.encode("utf-8")
            if name in COMPRESSED:
                buffer = io.BytesIO()
                with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0,
                                   compresslevel=9) as handle:
                    handle.write(data)
                data = buffer.getvalue()
            (staging / filename).write_bytes(data)
            files[name] = {"file": filename, "rows": len(table),
                           "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
            if progress:
                progress(f"wrote {filename} ({len(table):,} rows)")
        manifest = {"format": FORMAT_VERSION, "organisation": org.name,
                    "settings": {"seed": org.seed, "sector": org.sector,
                                 "start": str(org.start), "days": org.days,
                                 "agents": len(org.tables["agents"])},
                    "assumptions": org.assumptions.as_dict(),
                    "hidden_truths": org.truths, "tables": files}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n",
                                        encoding="utf-8")
        (staging / "README.md").write_text(dictionary.markdown(manifest), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        staging.replace(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def read_manifest(folder: str | Path | None = None) -> dict[str, Any]:
    """The manifest of a dataset folder (default: the one in use)."""
    folder = Path(folder) if folder is not None else active_directory()
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError(f"{folder / MANIFEST} could not be read ({error}).") from error


def hidden_truths_in_use() -> dict[str, Any]:
    """The hidden truths of the organisation in use (for tutors), from its manifest."""
    return read_manifest()["hidden_truths"]


def assumptions_in_use() -> Assumptions:
    """The planning assumptions of the organisation in use (``csmlib.data.assumptions()``).

    Read from the manifest of the dataset in use; a dataset whose manifest does not record
    them (an older one), or one not generated yet, gets its sector's defaults, without
    generating anything.

    Example:
        >>> assumptions_in_use().hourly_rate_gbp
        13.5
    """
    folder, settings = _locate()
    path = folder / MANIFEST
    if not path.exists():
        return profile((settings or default_settings())["sector"]).assumptions
    key = (str(path.resolve()), path.stat().st_mtime_ns)
    if key not in _assumptions_read:
        _assumptions_read[key] = _assumptions_from(read_manifest(folder), path)
    return _assumptions_read[key]


_assumptions_read: dict[tuple[str, int], Assumptions] = {}


def _assumptions_from(manifest: dict[str, Any], path: Path) -> Assumptions:
    recorded = manifest.get("assumptions")
    if recorded is not None:
        try:
            return Assumptions.from_dict(recorded, where=str(path))
        except (TypeError, ValueError) as error:
            raise DataError(f"The assumptions in {path} are not valid: {error}") from error
    try:
        return profile(manifest.get("settings", {}).get("sector", "")).assumptions
    except ValueError as error:
        raise DataError(f"{path}: {error}") from error


def verify(folder: str | Path) -> dict[str, bool]:
    """Check each table's CSV text against the manifest's checksum.

    Example:
        >>> all(verify(repository_datasets()).values())
        True
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    result = {}
    for name, entry in manifest["tables"].items():
        raw = (folder / entry["file"]).read_bytes()
        if entry["file"].endswith(".gz"):
            raw = gzip.decompress(raw)
        result[name] = hashlib.sha256(raw).hexdigest() == entry["sha256"]
    return result


# ------------------------------------------------------------------- loading
def load(table: str, folder: str | Path | None = None,
         columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Load one table of the organisation in use (or of ``folder``) as a DataFrame.

    Dates are parsed, survey scores are whole numbers with gaps for "not surveyed", and
    text columns keep empty strings. Loaded tables are kept in memory, so loading again is
    instant; you get your own copy each time. ``columns`` reads only those columns (in that
    order): much quicker for the contacts table when its free-text comments are not needed.

    Example:
        >>> load("contacts", columns=["channel", "wait_s"]).columns.tolist()
        ['channel', 'wait_s']
    """
    if table not in TABLES:
        raise DataError(f"There is no table {table!r}. The tables are: {', '.join(TABLES)}.")
    folder = Path(folder) if folder is not None else active_directory(progress=print)
    manifest = read_manifest(folder)
    path = folder / manifest["tables"][table]["file"]
    if not path.exists():
        raise DataError(f"{path} is missing. Regenerate the data with 'csm data generate'.")
    wanted = None if columns is None else tuple(dict.fromkeys(columns))
    if wanted is not None:
        known = [c.name for c in schema.table_columns(table)]
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise DataError(f"The {table} table has no column {unknown[0]!r}; its columns "
                            f"are: {', '.join(known)}.")
    whole = (str(path.resolve()), table, path.stat().st_mtime, None)
    key = whole if wanted is None else (*whole[:3], wanted)
    if key not in _memory:
        if wanted is not None and whole in _memory:  # the whole table is already read
            _memory[key] = _memory[whole][list(wanted)]
        else:
            frame = _read(path, table, wanted)
            _check(frame, table, path, wanted)  # once per read from disk, not on every copy
            _memory[key] = frame
    # pandas 3 copies on write, so a shallow copy keeps the cached table safe from a learner's
    # edits without holding every table twice; older pandas needs a deep copy
    return _memory[key].copy(deep=not _COPY_ON_WRITE)


def _read(path: Path, table: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    text_columns = TEXT_COLUMNS.get(table, [])
    dtypes: dict[str, Any] = {column: "Int64" for column in NULLABLE_INTS.get(table, [])}
    dtypes.update({column: "boolean" for column in NULLABLE_FLAGS.get(table, [])})
    dtypes.update({column: "string" for column in text_columns})
    try:
        frame = pd.read_csv(path, dtype=dtypes, keep_default_na=True,
                            usecols=None if columns is None else list(columns))
        if columns is not None:
            frame = frame[list(columns)]  # in the order asked for
    except (ValueError, TypeError) as error:  # e.g. text in a survey-score column
        raise DataError(f"{path} could not be read as the {table} table ({error}). Check the "
                        "file, or regenerate the data with 'csm data generate'.") from error
    for column in text_columns:
        if column in frame:
            frame[column] = frame[column].fillna("").astype(object)
    for column in DATE_COLUMNS.get(table, []):
        if column in frame:
            frame[column] = _dates(frame[column], path, column)
    return frame


def _dates(values: pd.Series, path: Path, column: str) -> pd.Series:
    """Parse one column of dates and times, naming the first value that is not one."""
    try:
        return pd.to_datetime(values, format="ISO8601")
    except (ValueError, TypeError):
        parsed = pd.to_datetime(values, format="ISO8601", errors="coerce")
        bad = parsed.isna() & values.notna()
        row = int(bad.to_numpy().argmax())
        raise DataError(f"{path}, column {column!r}, line {row + 2}: {values.iloc[row]!r} is "
                        "not a date and time such as 2026-01-05 08:30:00. Correct the file, or "
                        "regenerate the data with 'csm data generate'.") from None


def _check(frame: pd.DataFrame, table: str, path: Path,
           columns: Sequence[str] | None = None) -> None:
    """Check a table (or ``columns`` of it) read from ``path`` against the schema; name the
    file and line."""
    try:
        schema.validate(frame, table, columns=columns)
    except schema.SchemaError as error:
        line = f" (line {error.row + 2} of the file)" if error.row is not None else ""
        raise DataError(f"{path} does not match the schema{line}. {error} Correct the file, or "
                        "regenerate the data with 'csm data generate'.") from error


def load_all(folder: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the organisation in use, by name."""
    return {name: load(name, folder) for name in TABLES}


# ------------------------------------------------------------- choosing data
def use_organisation(seed: int = generator.DEFAULT_SEED, sector: str = generator.DEFAULT_SECTOR,
                     *, start: str = generator.DEFAULT_START, days: int = generator.DEFAULT_DAYS,
                     agents: int = generator.DEFAULT_AGENTS) -> str:
    """Switch every notebook to another organisation (generated from ``seed`` and ``sector``).

    The choice is saved in ``my_organisation.json`` in the working folder, so notebooks run
    later follow it; self-checks compute their answers from it. Returns a sentence saying
    which organisation is now in use.
    """
    generator._validate(seed, sector, start, days, agents)  # clear errors before writing
    settings = {"seed": int(seed), "sector": sector.strip().lower(), "start": str(start),
                "days": int(days), "agents": int(agents)}
    path = choice_file()
    if settings == default_settings():
        path.unlink(missing_ok=True)
    else:
        path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    folder = active_directory(progress=print)
    manifest = read_manifest(folder)
    return (f"Now using {manifest['organisation']} ({settings['sector']}, seed "
            f"{settings['seed']}, {settings['days']} days from {settings['start']}).")


def use_default_organisation() -> str:
    """Go back to the course's default organisation."""
    return use_organisation()
