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
its name, column and line instead of failing later inside a lesson; its checksum is checked
too (once per file per session), so an edit that still fits the schema, or a table cut
short, is reported rather than analysed. A manifest's table files must be inside its folder.

The manifest marks the dataset as written by csmlib and lists its files: ``save`` replaces
only those, and refuses a file or a folder holding anything else, so it never deletes or
overwrites what it did not write.

Example:
    >>> contacts = load("contacts")
    >>> contacts["channel"].value_counts().index[0]
    'phone'
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import os
import pickle
import shutil
import tempfile
import uuid
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import pandas as pd

from csmlib.analysis import checks
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
FORMAT_VERSION = 3  # 3: customers gained joined_on, tenure_months, products_held
#: the mark in every manifest csmlib writes; with the manifest's list of ``files``, it tells
#: ``save`` which files in a folder are csmlib's own (and may be replaced)
WRITTEN_BY = "csmlib"
REGENERATE = "Regenerate the data with 'csm data generate'"

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
#: table files whose checksum matched, keyed by (path, mtime, size, checksum): checked once
_verified: set[tuple] = set()
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
        if not isinstance(chosen, dict):
            raise ValueError("it does not hold a choice of organisation")
        settings = _checked_settings(
            {**default_settings(), **{k: chosen[k] for k in default_settings() if k in chosen}})
    except (OSError, ValueError, TypeError) as error:
        raise DataError(
            f"{path} could not be read ({error}). Delete it to go back to the default "
            "organisation, or run use_organisation(...) again.") from error
    return settings


def _checked_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Generator settings checked by the generator and written one way (raises ValueError)."""
    seed, sector, start, days, agents = generator._validate(
        settings["seed"], settings["sector"], settings["start"], settings["days"],
        settings["agents"])
    return {"seed": seed, "sector": sector.key, "start": start.isoformat(), "days": days,
            "agents": agents}


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
    return _folder_for(settings), settings


def _folder_for(settings: dict[str, Any]) -> Path:
    repo = repository_datasets()
    if repo is not None and settings == default_settings():
        return repo
    return cache_root() / _settings_key(settings)


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
    """Write every table and the manifest to ``folder`` (staged, then moved in by renames).

    Every table is first checked against the schema: if one fails, nothing is written.
    Gzip files are written with a fixed timestamp, so the same data gives the same bytes.
    A new folder appears all at once; into an existing one, each file is moved atomically
    (an interruption is reported by the checksums on loading). The folder must be new,
    empty, or a dataset written by csmlib: only the files its manifest lists are replaced,
    and any other files are left alone. A file, or a folder holding anything else, is
    refused, so nothing of yours is ever deleted or overwritten.
    """
    checks.instance("org", org, Organisation, "an Organisation made by generate()")
    checks.instance("folder", folder, (str, os.PathLike), "a folder path such as 'my_org'")
    given = Path(folder)
    for name in TABLES:
        try:
            schema.validate(org.tables[name], name)
        except schema.SchemaError as error:
            raise DataError(f"Nothing was saved to {given}: {error}") from error
    folder, present, own = _destination(given)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".csm-", dir=folder.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; datasets are meant to be shared
    except OSError as error:
        raise DataError(f"Nothing was saved: {given} could not be created ({error}). Choose a "
                        "folder you can write to.") from error
    try:
        written = _write_dataset(org, staging, progress)
        _commit(staging, folder, present, own, written)
    except OSError as error:
        raise DataError(f"{given} could not be written ({error}). Check there is space and "
                        "that you can write there, then try again.") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return given


def check_destination(folder: str | Path) -> None:
    """Raise :class:`DataError` unless :func:`save` may write a dataset to ``folder``: it is
    new, empty, or a dataset written by csmlib (checked before spending time generating)."""
    checks.instance("folder", folder, (str, os.PathLike), "a folder path such as 'my_org'")
    _destination(Path(folder))


def _destination(given: Path) -> tuple[Path, set[str], set[str]]:
    """The folder to write (absolute), the names in it now, and which of them are csmlib's."""
    try:
        folder = given.expanduser().resolve()  # so "." has a parent to stage in
    except (OSError, RuntimeError) as error:
        raise DataError(f"{given} is not a usable folder ({error}). Choose another.") from error
    present = _folder_contents(folder, given)
    own = _own_files(folder) if present else set()
    if own is None:
        raise DataError(f"{given} already holds other files and is not a dataset written by "
                        "csmlib, so nothing was written and nothing there was changed. Choose "
                        "an empty or new folder (an earlier csmlib dataset folder is "
                        "replaced).")
    return folder, present, own


def _folder_contents(folder: Path, given: Path) -> set[str]:
    """Names in ``folder`` (none if it does not exist yet); a file or device is refused."""
    if not folder.exists():
        return set()
    if not folder.is_dir():
        raise DataError(f"{given} is a file, not a folder, so nothing was written. Give a new "
                        "or empty folder for the dataset, e.g. --out my_org/.")
    try:
        return {entry.name for entry in folder.iterdir()}
    except OSError as error:
        raise DataError(f"{given} could not be read ({error}), so nothing was written. "
                        "Choose another folder.") from error


def _plain_name(name: Any) -> bool:
    return (isinstance(name, str) and name not in ("", ".", "..", MANIFEST)
            and "/" not in name and "\\" not in name and ":" not in name)


def _own_files(folder: Path) -> set[str] | None:
    """The files of ``folder`` csmlib wrote (its manifest and the files it lists), if the
    folder is a dataset written by csmlib; otherwise None.

    A manifest from before csmlib marked its datasets is recognised only when the folder
    holds nothing but the files it lists and README.md.
    """
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        tables = manifest["tables"]
        listed = [entry["file"] for entry in tables.values()]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    marked = manifest.get("written_by") == WRITTEN_BY and isinstance(manifest.get("files"),
                                                                      list)
    listed += manifest["files"] if marked else ["README.md"]
    if not all(_plain_name(name) for name in listed):
        return None
    own = {*listed, MANIFEST}
    try:
        entries = list(folder.iterdir())
    except OSError:
        return None
    if any(entry.name in own and entry.is_dir() and not entry.is_symlink()
           for entry in entries):
        return None  # a folder of yours that happens to share a file's name
    if not marked and not {entry.name for entry in entries} <= own:
        return None
    return own


def _write_dataset(org: Organisation, staging: Path,
                   progress: Callable[[str], None] | None) -> list[str]:
    """Write the tables, README and manifest into ``staging``; the names written."""
    files = {}
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
    written = [entry["file"] for entry in files.values()] + ["README.md"]
    manifest = {"format": FORMAT_VERSION, "written_by": WRITTEN_BY, "files": written,
                "organisation": org.name,
                "settings": {"seed": org.seed, "sector": org.sector,
                             "start": str(org.start), "days": org.days,
                             "agents": (org.headcount if org.headcount is not None
                                        else len(org.tables["agents"]))},
                "assumptions": org.assumptions.as_dict(),
                "hidden_truths": org.truths, "tables": files}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    (staging / "README.md").write_text(dictionary.markdown(manifest), encoding="utf-8")
    return [*written, MANIFEST]


def _commit(staging: Path, folder: Path, present: set[str], own: set[str],
            written: list[str]) -> None:
    """Put the staged dataset in ``folder``, touching only csmlib's own files.

    A new folder is the staging folder renamed (all or nothing). An existing folder is kept
    (it may be yours, or someone's working folder): each file is moved in by an atomic
    rename. The manifest goes first into a folder that had none, and last over an earlier
    one, so an interrupted save leaves a dataset whose checksums report it on loading and
    which the next save recognises and replaces.
    """
    if not folder.exists():
        staging.rename(folder)
        return
    tables = [name for name in written if name != MANIFEST]
    order = [*tables, MANIFEST] if MANIFEST in present else [MANIFEST, *tables]
    for name in order:
        os.replace(staging / name, folder / name)
    for name in own - set(written):  # files the earlier dataset listed and this one does not
        if (folder / name).is_file() or (folder / name).is_symlink():
            (folder / name).unlink()


def read_manifest(folder: str | Path | None = None) -> dict[str, Any]:
    """The manifest of a dataset folder (default: the one in use)."""
    folder = Path(folder) if folder is not None else active_directory()
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError(f"{path} could not be read ({error}). {REGENERATE}, or point to a "
                        "folder written by it.") from error
    if not isinstance(manifest, dict):
        raise DataError(f"{path} is not a dataset manifest (it holds no settings or tables). "
                        f"{REGENERATE}.")
    return manifest


def hidden_truths_in_use() -> dict[str, Any]:
    """The hidden truths of the organisation in use (for tutors), from its manifest."""
    folder = active_directory()
    truths = read_manifest(folder).get("hidden_truths")
    if not isinstance(truths, dict):
        raise DataError(f"{folder / MANIFEST} does not record the hidden truths. {REGENERATE}.")
    return truths


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

    A table file that is missing or cannot be read counts as not matching; a manifest that
    does not list its tables properly raises :class:`DataError`.

    Example:
        >>> all(verify(repository_datasets()).values())
        True
    """
    checks.instance("folder", folder, (str, os.PathLike), "a folder path such as 'my_org'")
    folder = Path(folder)
    manifest = read_manifest(folder)
    result = {}
    for name in _tables_of(manifest, folder):
        path, expected = _table_entry(manifest, name, folder)
        try:
            data = _table_bytes(path)
        except DataError:
            result[name] = False
            continue
        result[name] = hashlib.sha256(data).hexdigest() == expected
    return result


def _tables_of(manifest: dict[str, Any], folder: Path) -> dict[str, Any]:
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not tables:
        raise DataError(f"{folder / MANIFEST} does not list the dataset's tables (no "
                        f"'tables'). {REGENERATE}.")
    return tables


def _table_entry(manifest: dict[str, Any], table: str, folder: Path) -> tuple[Path, str]:
    """The file of ``table`` (inside ``folder``, nowhere else) and its recorded checksum."""
    where = folder / MANIFEST
    entry = _tables_of(manifest, folder).get(table)
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not isinstance(
            entry.get("sha256"), str):
        raise DataError(f"{where} does not record the {table} table's file and checksum. "
                        f"{REGENERATE}.")
    name = entry["file"]
    relative = PurePosixPath(name.replace("\\", "/"))
    outside = DataError(f"{where} names the file {name!r} for the {table} table, which is "
                        "outside the dataset's folder. A dataset's tables must be in its own "
                        f"folder: {REGENERATE}.")
    if (not name.strip() or relative.is_absolute() or PureWindowsPath(name).drive
            or ".." in relative.parts):
        raise outside
    path = folder / relative
    try:
        path.resolve().relative_to(folder.resolve())  # no way out through a link either
    except (ValueError, OSError, RuntimeError):  # outside, or a loop of links
        raise outside from None
    return path, entry["sha256"]


def _table_bytes(path: Path) -> bytes:
    """The CSV text of a table file as bytes (gzip files decompressed), or a DataError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path} is missing. {REGENERATE}.") from None
    except OSError as error:
        raise DataError(f"{path} could not be read ({error}). {REGENERATE}.") from error
    if path.name.endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise DataError(f"{path} is damaged or cut short: it is not complete gzip data "
                            f"({error}). {REGENERATE}.") from None
    return raw


# ------------------------------------------------------------------- loading
def load(table: str, folder: str | Path | None = None,
         columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Load one table of the organisation in use (or of ``folder``) as a DataFrame.

    Dates are parsed, survey scores are whole numbers with gaps for "not surveyed", and
    text columns keep empty strings. Loaded tables are kept in memory, so loading again is
    instant; you get your own copy each time. A parsed copy is also kept in the user's cache
    folder (``cache_root()/parsed``), so the next session loads it several times faster; it
    is used only while the file has the same checksum, size and time, and is replaced when
    the data is regenerated. ``columns`` reads only those columns (in that
    order): much quicker for the contacts table when its free-text comments are not needed.

    Example:
        >>> load("contacts", columns=["channel", "wait_s"]).columns.tolist()
        ['channel', 'wait_s']
    """
    if table not in TABLES:
        raise DataError(f"There is no table {table!r}. The tables are: {', '.join(TABLES)}.")
    folder = Path(folder) if folder is not None else active_directory(progress=print)
    manifest = read_manifest(folder)
    path, expected = _table_entry(manifest, table, folder)
    try:
        stat = path.stat()
    except OSError:
        raise DataError(f"{path} is missing. {REGENERATE}.") from None
    wanted = None if columns is None else tuple(dict.fromkeys(columns))
    if wanted is not None:
        known = [c.name for c in schema.table_columns(table)]
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise DataError(f"The {table} table has no column {unknown[0]!r}; its columns "
                            f"are: {', '.join(known)}.")
    file_key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, expected)
    whole = (*file_key, table, None)
    key = whole if wanted is None else (*whole[:-1], wanted)
    if key not in _memory:
        if wanted is not None and whole in _memory:  # the whole table is already read
            _memory[key] = _memory[whole][list(wanted)]
        elif (parsed := _read_parsed(table, stat, expected, wanted)) is not None:
            _memory[key] = parsed  # parsed and checked by an earlier session
            _verified.add(file_key)
        else:
            data = _table_bytes(path)
            frame = _read(path, table, wanted, data)
            _check(frame, table, path, wanted)  # once per read from disk, not on every copy
            if file_key not in _verified:  # hash the bytes already read, once per file
                if hashlib.sha256(data).hexdigest() != expected:
                    raise DataError(
                        f"{path} has been changed or damaged since it was written: its "
                        f"checksum does not match {folder / MANIFEST}. {REGENERATE} (or "
                        "restore the file).")
                _verified.add(file_key)
            _memory[key] = frame
            _write_parsed(frame, table, stat, expected, wanted)
    # pandas 3 copies on write, so a shallow copy keeps the cached table safe from a learner's
    # edits without holding every table twice; older pandas needs a deep copy
    return _memory[key].copy(deep=not _COPY_ON_WRITE)


# ------------------------------------------------------------ parsed-table cache
#: bump when the way tables are parsed changes, so older parsed copies are not used
PARSED_VERSION = 1


def _columns_tag(wanted: tuple[str, ...] | None) -> str:
    # blake2s, not sha256: sha256 is the tables' checksum, hashed once per file and session
    return "all" if wanted is None else hashlib.blake2s("\n".join(wanted).encode(),
                                                        digest_size=6).hexdigest()


def _parsed_path(table: str, expected: str, wanted: tuple[str, ...] | None) -> Path:
    """Where the parsed copy of one table file (and column choice) is kept: named by the
    file's checksum, so a changed or regenerated file never finds an old copy."""
    return (cache_root() / "parsed" / f"{table}-{expected[:24]}-{_columns_tag(wanted)}-"
            f"v{PARSED_VERSION}-pandas{pd.__version__}.pkl")


def _read_parsed(table: str, stat: os.stat_result, expected: str,
                 wanted: tuple[str, ...] | None) -> pd.DataFrame | None:
    """A table parsed and checked in an earlier session, when the file is still the same one
    (same checksum, size and modification time); None otherwise. Reading a table file takes
    most of a notebook's first cell: this copy loads several times faster.

    The copy is a pickle in the user's own cache folder (``cache_root()``), written by this
    module; anything wrong with it (missing, damaged, another file's) means it is ignored and
    the CSV is read again."""
    path = _parsed_path(table, expected, wanted)
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 - our own file in the user's cache
    except Exception:  # missing, damaged or from another version: read the CSV instead
        return None
    if not isinstance(stored, dict) or stored.get("file") != (stat.st_size, stat.st_mtime_ns,
                                                              expected):
        return None
    frame = stored.get("frame")
    return frame if isinstance(frame, pd.DataFrame) else None


def _write_parsed(frame: pd.DataFrame, table: str, stat: os.stat_result, expected: str,
                  wanted: tuple[str, ...] | None) -> None:
    """Keep a parsed copy for the next session; a cache that cannot be written (a read-only
    home, a full disk) is skipped: it only saves time."""
    path = _parsed_path(table, expected, wanted)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        with partial.open("wb") as handle:
            pickle.dump({"file": (stat.st_size, stat.st_mtime_ns, expected), "frame": frame},
                        handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        for older in path.parent.glob(f"{table}-*-{_columns_tag(wanted)}-v*.pkl"):
            if older != path:  # copies of files since regenerated: never read again
                older.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            partial.unlink()


def _read(path: Path, table: str, columns: Sequence[str] | None = None,
          data: bytes | None = None) -> pd.DataFrame:
    text_columns = TEXT_COLUMNS.get(table, [])
    dtypes: dict[str, Any] = {column: "Int64" for column in NULLABLE_INTS.get(table, [])}
    dtypes.update({column: "boolean" for column in NULLABLE_FLAGS.get(table, [])})
    dtypes.update({column: "string" for column in text_columns})
    data = _table_bytes(path) if data is None else data
    if not data.strip():
        raise DataError(f"{path} is empty: it holds no {table} table. {REGENERATE}.")
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=dtypes, keep_default_na=True,
                            usecols=None if columns is None else list(columns))
        if columns is not None:
            frame = frame[list(columns)]  # in the order asked for
    except (ValueError, TypeError, KeyError, OverflowError) as error:  # e.g. text in a score
        raise DataError(f"{path} could not be read as the {table} table ({error}). Check the "
                        "file, or regenerate the data with 'csm data generate'.") from error
    missing = [c.name for c in schema.table_columns(table)
               if c.name not in frame and (columns is None or c.name in columns)]
    if missing:
        raise DataError(f"{path} has no column {missing[0]!r}, which the {table} table needs. "
                        f"Correct the file, or regenerate the data with 'csm data generate'.")
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
class Sentence(str):
    """A sentence for people: a notebook shows it as plain text, not as a quoted string.

    It is still a ``str`` (compare it, search it, print it).

    Example:
        >>> Sentence("Now using the default organisation.")
        Now using the default organisation.
        >>> "default" in Sentence("Now using the default organisation.")
        True
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def use_organisation(seed: int = generator.DEFAULT_SEED, sector: str = generator.DEFAULT_SECTOR,
                     *, start: str = generator.DEFAULT_START, days: int = generator.DEFAULT_DAYS,
                     agents: int = generator.DEFAULT_AGENTS) -> Sentence:
    """Switch every notebook to another organisation (generated from ``seed`` and ``sector``).

    The choice is saved in ``my_organisation.json`` in the working folder, so notebooks run
    later follow it; self-checks compute their answers from it. Returns a sentence saying
    which organisation is now in use (a notebook shows it as plain text, without quotes).
    """
    # clear errors before anything is written
    settings = _checked_settings({"seed": seed, "sector": sector, "start": start, "days": days,
                                  "agents": agents})
    target = _folder_for(settings)
    if not os.environ.get(DATA_DIR_ENV, "").strip() and not (target / MANIFEST).exists():
        # generated before the choice is recorded, so a failure changes nothing
        print(f"Generating the organisation ({settings['sector']}, seed {settings['seed']}) "
              f"into {target}: a few seconds, first time only.")
        save(generator.generate(**settings), target)
    path = choice_file()
    try:
        if settings == default_settings():
            path.unlink(missing_ok=True)
        else:
            staged = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
            staged.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
            try:
                os.replace(staged, path)
            finally:
                staged.unlink(missing_ok=True)
    except OSError as error:
        raise DataError(f"{path} could not be written ({error}). Run use_organisation(...) "
                        f"from a folder you can write to, or set {CHOICE_ENV}.") from error
    folder = active_directory(progress=print)
    manifest = read_manifest(folder)
    return Sentence(f"Now using {manifest['organisation']} ({settings['sector']}, seed "
                    f"{settings['seed']}, {settings['days']} days from {settings['start']}).")


def use_default_organisation() -> Sentence:
    """Go back to the course's default organisation (returns the same kind of sentence)."""
    return use_organisation()
