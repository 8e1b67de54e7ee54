"""Anonymise a workplace extract before analysing it or putting it in a portfolio.

:func:`anonymise` takes a table (the learner's own export, or the course's data) and returns
an :class:`AnonymisedResult`: the ``frame`` to analyse, the ``changes`` made to each column
(what and why) and the ``small_groups`` a reader could use to identify someone. It

* **pseudonymises** reference columns (the schema's ``id`` columns, such as ``agent_id`` and
  ``customer_id``) with :func:`pseudonymise`: a keyed hash, so the same person always gets the
  same pseudonym (tables still link up) but nobody without the key can reverse it;
* **redacts** free text (the schema's ``text`` columns, and other columns that look like
  sentences) with :func:`csmlib.analysis.privacy.redact_column`;
* **drops** direct identifiers: columns whose name or content says they hold names, email
  addresses, phone numbers, postal addresses, account or card numbers;
* **keeps** everything else, and says so.

The key comes from :func:`load_or_create_key`: a random key stored in one file in the
learner's own folder, never shared. Keep the key and the pseudonyms stay the same from one
extract to the next; lose it and they change.

Pseudonymised data is still personal data under UK GDPR (the organisation, which holds the
original ids, could link it back); :data:`GDPR_BASIS` explains, in plain English, what to
check before using workplace data in a portfolio.

Example:
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({
    ...     "agent_id": ["A001", "A002", "A001"], "team": ["Oak", "Oak", "Oak"],
    ...     "comment": ["Ring me on 07700 900123", "", "Great"],
    ...     "caller_email": ["a@example.com", "b@example.com", "c@example.com"]})
    >>> result = anonymise(contacts, "contacts", key=b"0123456789abcdef")
    >>> list(result.frame.columns)
    ['agent_id', 'team', 'comment']
    >>> result.frame["comment"].tolist()
    ['Ring me on [PHONE]', '', 'Great']
    >>> result.frame["agent_id"].iloc[0] == result.frame["agent_id"].iloc[2]
    True
    >>> result.changes.set_index("column")["action"].to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'agent_id': 'pseudonymised', 'team': 'kept', 'comment': 'redacted: 1 value changed',
     'caller_email': 'dropped: direct identifier'}
    >>> result.small_groups[["column", "group", "counted", "count"]].values.tolist()[0]
    ['team', 'Oak', 'agents', 2]
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from csmlib.analysis import privacy
from csmlib.data import schema

__all__ = [
    "GDPR_BASIS", "KEY_FILE", "MIN_GROUP", "PERSON_IDS", "PREFIXES", "STAFF_IDS",
    "AnonymiseError", "AnonymisedResult", "anonymise", "load_or_create_key", "pseudonymise",
]

#: The name of the key file in the learner's folder.
KEY_FILE: str = ".csmlib-pseudonym-key"
#: Groups smaller than this (people, or an agent's contacts) are flagged in ``small_groups``.
MIN_GROUP: int = 5
#: Id columns that refer to a person, with what the person is (plural, for the warnings).
PERSON_IDS: dict[str, str] = {"agent_id": "agents", "customer_id": "customers",
                              "candidate_id": "applicants"}
#: Id columns that refer to a member of staff: one with few rows is flagged too.
STAFF_IDS: tuple[str, ...] = ("agent_id",)
#: Pseudonym prefixes for the schema's id columns (others use the first letter of the name).
PREFIXES: dict[str, str] = {
    "agent_id": "AG", "customer_id": "CU", "contact_id": "CT", "complaint_id": "CP",
    "candidate_id": "AP", "evaluation_id": "EV",
}
_KIND_WORDS = {"category": "a label", "flag": "a yes/no value", "integer": "a count or score",
               "number": "a number"}
#: schema columns that describe a person's circumstances
_SENSITIVE = frozenset({"vulnerable", "age_band"})
_HEX_LENGTH = 12
_MIN_KEY_BYTES = 16
_SAMPLE = 200
#: category columns with more distinct values than this are not checked for small groups
_MAX_LEVELS = 200

GDPR_BASIS: str = """\
Using real workplace data in your portfolio: the UK GDPR basis (not legal advice)

Whose data it is. The contact records, complaints and staff figures you work with belong to
your organisation. Under UK GDPR your organisation is the controller: it decides how that
personal data may be used, and it answers for it. So before you take any extract for your
portfolio, ask your line manager and your organisation's data protection officer (DPO) or
information governance team. Say what you want to use, why, and who will see it.

The lawful basis is theirs to decide. Organisations often rely on legitimate interests, after
weighing them against the interests of the customers and staff in the data (a "balancing
test"). Consent is rarely the right basis at work, because people may not feel free to refuse.
Do not assume: check with your organisation's data protection officer, and keep their answer
(an email will do) with your evidence.

Follow the Article 5 principles. UK GDPR Article 5 asks for lawfulness, fairness and
transparency; purpose limitation (use the data for this assessment only); data minimisation
(take only the columns and the period you need: the anonymiser drops direct identifiers, and
you can drop more); accuracy; storage limitation (delete the extract when your assessment is
done); integrity and confidentiality (keep it on your organisation's equipment, not a personal
email or USB stick); and accountability (be able to show what you did: keep the change report).

Anonymise or pseudonymise. Replacing ids with pseudonyms and redacting free text lowers the
risk, but the result is pseudonymised, not anonymous: your organisation holds the original ids,
and small groups (a team of three, a rare complaint) can still point to a person. The ICO's
guidance on anonymisation and pseudonymisation explains the difference. Share results
(tables, charts, your findings), not rows, and never send the raw extract or the key file to
your tutor or assessor.
"""


class AnonymiseError(ValueError):
    """Bad input to the anonymiser, or a key that cannot be read or written: the message says
    what to do."""


@dataclass(frozen=True)
class AnonymisedResult:
    """What :func:`anonymise` returns.

    ``frame``: the anonymised table (a new DataFrame; the input is untouched).
    ``changes``: one row per input column, in order: ``column``, ``action`` ("pseudonymised",
    "redacted: N values changed", "dropped: direct identifier", "dropped: you chose to leave it
    out" or "kept"), ``values_changed`` (values replaced, redacted or removed: empty cells are
    not counted) and ``why`` in plain English.
    ``small_groups``: one row per group a reader could use to identify someone: ``column``,
    ``group``, ``counted`` ("agents", "customers", "contacts"...), ``count`` and ``warning``.
    """

    frame: pd.DataFrame
    changes: pd.DataFrame
    small_groups: pd.DataFrame

    def summary(self) -> str:
        """One plain-English sentence: how many columns were pseudonymised, redacted, dropped.

        Example:
            >>> import pandas as pd
            >>> r = anonymise(pd.DataFrame({"agent_id": ["A1"]}), "contacts", key=b"k" * 16)
            >>> r.summary()
            '1 column pseudonymised, 0 redacted, 0 dropped, 0 kept; 1 small group to watch.'
        """
        actions = self.changes["action"]
        counts = [int(actions.eq("pseudonymised").sum()),
                  int(actions.str.startswith("redacted").sum()),
                  int(actions.str.startswith("dropped").sum()), int(actions.eq("kept").sum())]
        groups = len(self.small_groups)
        return (f"{counts[0]} column{'s' if counts[0] != 1 else ''} pseudonymised, "
                f"{counts[1]} redacted, {counts[2]} dropped, {counts[3]} kept; {groups} small "
                f"group{'s' if groups != 1 else ''} to watch.")


# =========================================================================================
# Keys and pseudonyms
# =========================================================================================


def _check_key(key: object) -> bytes:
    if not isinstance(key, bytes | bytearray):
        raise AnonymiseError(f"key must be bytes (use load_or_create_key(folder)); got "
                             f"{type(key).__name__}.")
    if len(key) < _MIN_KEY_BYTES:
        raise AnonymiseError(f"key is too short ({len(key)} bytes; at least "
                             f"{_MIN_KEY_BYTES} are needed): use load_or_create_key(folder).")
    return bytes(key)


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or value == "" or (
        isinstance(value, float | np.floating) and np.isnan(value))


def _missing_mask(series: pd.Series) -> np.ndarray:
    """Missing cells: NaN, None, NaT, pd.NA, and empty or blank text."""
    missing = series.isna().to_numpy(dtype=bool, copy=True)
    if pd.api.types.is_object_dtype(series.dtype) or isinstance(
            series.dtype, pd.StringDtype | pd.CategoricalDtype):
        codes, distinct = pd.factorize(series, use_na_sentinel=True)
        blank = [i for i, v in enumerate(distinct) if isinstance(v, str) and not v.strip()]
        if blank:
            missing |= np.isin(codes, blank)
    return missing


def _as_text(value: object) -> str:
    """The id as text; 123.0 (an id read as a number next to blanks) becomes '123'."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, np.generic):
        value = value.item()
    return str(value).strip()


def pseudonymise(series: pd.Series, key: bytes, *, prefix: str = "A") -> pd.Series:
    """Each value replaced by ``prefix`` + the first 12 hex digits of its HMAC-SHA256 under
    ``key``: the same value always gives the same pseudonym, another key gives another one,
    and nobody without the key can work back. Missing and empty values stay as they are.

    Values are compared as text with spaces trimmed (``123``, ``123.0`` and ``" 123"`` are the
    same id). The result has the input's index and name. Two different ids that happened to
    get the same pseudonym would merge two people; that is checked, and raises.

    Example:
        >>> import pandas as pd
        >>> ids = pd.Series(["A029", None, "A029", "A030"], name="agent_id")
        >>> out = pseudonymise(ids, b"0123456789abcdef", prefix="AG")
        >>> out[0], bool(pd.isna(out[1])), out[0] == out[2], out[0] == out[3]
        ('AG107a3cf1583a', True, True, False)
        >>> pseudonymise(ids, b"another key 1234", prefix="AG")[0] == out[0]
        False
    """
    if not isinstance(series, pd.Series):
        raise AnonymiseError(f"series must be a pandas Series (one column of a table); got "
                             f"{type(series).__name__}.")
    secret = _check_key(key)
    if not isinstance(prefix, str):
        raise AnonymiseError(f"prefix must be text, such as 'AG'; got {type(prefix).__name__}.")
    missing = _missing_mask(series)
    text_dtype = (pd.api.types.is_object_dtype(series.dtype)
                  or isinstance(series.dtype, pd.StringDtype))
    out = series.copy() if text_dtype else series.astype(object)
    where = np.flatnonzero(~missing)
    if len(where):
        codes, distinct = pd.factorize(series.to_numpy(dtype=object)[where])
        if pd.api.types.infer_dtype(distinct, skipna=False) == "string":
            texts = [v.strip() for v in distinct]  # the common case, done quickly
        else:
            texts = [_as_text(v) for v in distinct]
        digest = _hmac_sha256(secret)
        names = {t: prefix + digest(t)[:_HEX_LENGTH] for t in set(texts)}
        if len(set(names.values())) < len(names):  # pragma: no cover - about 1 in 10 million
            raise AnonymiseError("Two different ids got the same pseudonym; make a new key "
                                 "with load_or_create_key in an empty folder and try again.")
        pseudonyms = np.array([names[t] for t in texts], dtype=object)
        out.iloc[where] = pseudonyms[codes]
    return out


def _hmac_sha256(key: bytes) -> Callable[[str], str]:
    """HMAC-SHA256 (RFC 2104) of texts under one key, as hex: the same as
    ``hmac.new(key, text.encode(), "sha256").hexdigest()``, about twice as fast over many
    texts because the padded key is hashed once."""
    block = hashlib.sha256(key).digest() if len(key) > 64 else key
    block = block.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def digest(text: str) -> str:
        first = inner.copy()
        first.update(text.encode("utf-8"))
        second = outer.copy()
        second.update(first.digest())
        return second.hexdigest()

    return digest


def load_or_create_key(folder: Path | str) -> bytes:
    """The pseudonym key kept in ``folder`` (the file ``.csmlib-pseudonym-key``), made the
    first time: 32 random bytes from :func:`secrets.token_bytes`, readable only by you where
    the system allows (file mode 0o600). An existing key is never overwritten. The folder is
    created if it does not exist.

    Keep the key in your own folder only: anyone with the key and a list of real ids can work
    out who each pseudonym is. If the key is lost, new pseudonyms will not match old ones.

    Example:
        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> key = load_or_create_key(folder)
        >>> len(key), load_or_create_key(folder) == key
        (32, True)
    """
    if not isinstance(folder, str | os.PathLike):
        raise AnonymiseError(f"folder must be a folder path; got {type(folder).__name__}.")
    base = Path(folder)
    if base.exists() and not base.is_dir():
        raise AnonymiseError(f"{base} is a file, not a folder: give the folder where your "
                             "portfolio work is kept.")
    path = base / KEY_FILE
    try:
        base.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o600)
    except FileExistsError:
        return _read_key(path)
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise AnonymiseError(f"Cannot write the pseudonym key in {base}: the folder is "
                                 "not writable. Choose a folder of your own that you can "
                                 "save files in.") from error
        raise AnonymiseError(f"Cannot write the pseudonym key in {base}: {error.strerror}."
                             ) from error
    with os.fdopen(handle, "wb") as file:
        file.write(key)
    return key


def _read_key(path: Path) -> bytes:
    try:
        key = path.read_bytes()
    except OSError as error:
        raise AnonymiseError(f"Cannot read the pseudonym key {path}: {error.strerror}. Check "
                             "that the file is yours and readable.") from error
    if len(key) < _MIN_KEY_BYTES:
        raise AnonymiseError(f"The pseudonym key {path} is damaged ({len(key)} bytes). If you "
                             "have a backup, put it back; otherwise move this file away and "
                             "a new key will be made (pseudonyms will then change).")
    return key


# =========================================================================================
# Recognising columns
# =========================================================================================

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
#: words in a column name that mean it holds a direct identifier (after splitting the name)
_IDENTIFIER_WORDS = {
    "name": "a person's name", "names": "people's names", "forename": "a person's name",
    "firstname": "a person's name", "surname": "a person's name",
    "lastname": "a person's name", "fullname": "a person's name",
    "email": "an email address", "e-mail": "an email address", "mail": "an email address",
    "phone": "a phone number", "telephone": "a phone number", "tel": "a phone number",
    "mobile": "a phone number", "msisdn": "a phone number", "cli": "a phone number",
    "ani": "a phone number", "dnis": "a phone number", "address": "an address",
    "street": "an address", "postcode": "an address", "zip": "an address",
    "iban": "bank details", "card": "a card number", "dob": "a date of birth",
    "birth": "a date of birth", "nino": "a National Insurance number",
    "passport": "a passport number", "username": "a login name", "login": "a login name",
    "ip": "an IP address",
}
#: pairs of words with the same meaning
_IDENTIFIER_PAIRS = {
    ("account", "number"): "an account number", ("account", "no"): "an account number",
    ("acct", "no"): "an account number", ("sort", "code"): "bank details",
    ("post", "code"): "an address", ("national", "insurance"): "a National Insurance number",
    ("first", "name"): "a person's name", ("last", "name"): "a person's name",
    ("caller", "id"): "a phone number",
}
#: words that make "name" harmless ("team name", "queue name"...)
_NOT_PERSONAL = {"team", "queue", "skill", "site", "product", "campaign", "course", "channel",
                 "company", "organisation", "organization", "org", "brand", "file", "reason",
                 "category", "line", "tariff", "plan", "service", "centre", "center",
                 "department", "dept", "group", "segment", "theme", "disposition", "outcome",
                 "domain", "host", "survey", "form", "report", "field", "type"}
_KIND_PLURALS = {
    "CARD": "card numbers", "NI_NUMBER": "National Insurance numbers",
    "EMAIL": "email addresses", "SORT_CODE": "sort codes", "ACCOUNT_NUMBER": "account numbers",
    "DATE_OF_BIRTH": "dates of birth", "PHONE": "phone numbers", "POSTCODE": "postcodes",
    "ADDRESS": "addresses", "REFERENCE": "customer references", "NAME": "names",
}
#: words after an identifier word that make the column about the contact ("email subject")
_ABOUT_NOT_WHO = {"subject", "body", "text", "queue", "type", "count", "volume", "channel",
                  "flag", "sent", "received", "date", "time", "duration", "wait", "status"}
#: first halves of run-together names that mean a person's name ("agentname", "surname")
_NAME_OWNERS = {"agent", "customer", "caller", "employee", "staff", "advisor", "adviser",
                "first", "last", "full", "nick", "sur", "fore", "contact", "client", "member",
                "manager", "leader", "holder", "user", "person", "given", "family"}
_PERSON_NAME = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z][a-z'’-]+"
                          r"(?:\s+[A-Z][a-z'’-]+){1,2}$")


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9-]+", _CAMEL.sub(" ", str(name)).lower()) if w]


def _identifier_by_name(name: str) -> str | None:
    """What a column's name says it holds, when that is a direct identifier."""
    words = _words(name)
    for pair, what in _IDENTIFIER_PAIRS.items():
        if any(words[i:i + 2] == list(pair) for i in range(len(words))):
            return what
    for i, word in enumerate(words):
        if word in ("name", "names") and i and words[i - 1] in _NOT_PERSONAL:
            continue  # "team name", "queue name": not a person
        if i + 1 < len(words) and words[i + 1] in _ABOUT_NOT_WHO:
            continue  # "email subject", "phone queue": about the contact, not who made it
        if word in _IDENTIFIER_WORDS:
            return _IDENTIFIER_WORDS[word]
    for joined in words:  # words run together: "customeremail", "agentname"
        if joined.endswith(("name", "names")) and joined.rstrip("s")[:-4] in _NAME_OWNERS:
            return "a person's name"
        for word, what in _IDENTIFIER_WORDS.items():
            if len(word) >= 5 and word in joined and joined != word:
                return what
    return None


def _sample(series: pd.Series) -> list[str]:
    values = [v for v in pd.unique(series.to_numpy(dtype=object)) if not _is_missing(v)]
    return [_as_text(v) for v in values[:_SAMPLE]]


def _content(series: pd.Series) -> tuple[str, str]:
    """('identifier' | 'text' | 'plain', why) from a sample of the column's distinct values."""
    sample = _sample(series)
    if not sample:
        return "plain", "empty"
    covered: list[float] = []
    kinds: dict[str, int] = {}
    for text in sample:
        findings = privacy.find_personal_data(text)
        covered.append(sum(f.end - f.start for f in findings) / len(text))
        for f in findings:
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
    mostly_found = np.mean([c >= 0.8 for c in covered]) >= 0.6
    names = np.mean([bool(_PERSON_NAME.match(t)) for t in sample]) >= 0.8
    main = max(kinds, key=lambda k: kinds[k]) if kinds else ""
    if mostly_found:
        return "identifier", (f"most values are {_KIND_PLURALS.get(main, main.lower())} "
                              f"(checked {len(sample)} values)")
    if names:
        return "identifier", (f"most values look like people's names (checked {len(sample)} "
                              "values)")
    wordy = np.mean([len(t) > 25 and " " in t for t in sample]) >= 0.5
    if kinds:
        found = ", ".join(_KIND_PLURALS.get(k, k.lower()) for k in sorted(kinds))
        return "text", (f"{sum(c > 0 for c in covered)} of {len(sample)} values checked hold "
                        f"personal data ({found})")
    if wordy:
        return "text", "it holds sentences, which may name people"
    return "plain", f"no personal data found in {len(sample)} values checked"


def _columns_arg(value: Iterable[str] | None, frame: pd.DataFrame, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise AnonymiseError(f"{name} must be a list of column names, such as ['notes']; got "
                             f"{value!r}.")
    chosen = list(value)
    unknown = [c for c in chosen if c not in frame.columns]
    if unknown:
        raise AnonymiseError(f"{name} names {unknown[0]!r}, which is not a column of the "
                             f"table (it has: {', '.join(map(str, frame.columns))}).")
    return chosen


# =========================================================================================
# The anonymiser
# =========================================================================================


def anonymise(frame: pd.DataFrame, table: str, *, key: bytes,
              text_columns: Iterable[str] | None = None, drop: Iterable[str] | None = None
              ) -> AnonymisedResult:
    """Pseudonymise ids, redact free text and drop direct identifiers in a copy of ``frame``.

    ``table`` is the schema table the frame holds ("contacts", "complaints"...): its columns'
    kinds say what to do. Columns the schema does not know are judged by their name and by a
    sample of their values (up to 200 distinct ones, read with
    :func:`csmlib.analysis.privacy.find_personal_data`):

    * the schema's ``id`` columns are pseudonymised with :func:`pseudonymise` (prefixes from
      ``PREFIXES``; the same key gives the same pseudonyms in every table, so tables still
      link up);
    * the schema's ``text`` columns, the columns in ``text_columns``, and unknown columns that
      hold sentences or personal data inside text are redacted
      (:func:`~csmlib.analysis.privacy.redact_column`);
    * unknown columns whose name or values say they are names, emails, phone numbers,
      addresses, account or card numbers are dropped, and so are the columns in ``drop``
      (leave out what you do not need: data minimisation);
    * everything else is kept.

    ``small_groups`` lists groups a reader could use to single someone out: a value of a
    category column (a team, a reason, an outcome) shared by fewer than ``MIN_GROUP`` agents,
    customers or applicants, and agents with fewer than ``MIN_GROUP`` rows.

    Example:
        >>> import pandas as pd
        >>> complaints = pd.DataFrame({"complaint_id": ["CMP1", "CMP2"],
        ...     "customer_id": ["C1", "C2"], "customer_name": ["Jane Smith", "Tom Reed"],
        ...     "description": ["Call Mrs Jane Smith on 07700 900123", "Meter misread"]})
        >>> r = anonymise(complaints, "complaints", key=b"0123456789abcdef")
        >>> r.frame["description"].tolist()
        ['Call [NAME] on [PHONE]', 'Meter misread']
        >>> r.changes["action"].tolist()
        ... # doctest: +NORMALIZE_WHITESPACE
        ['pseudonymised', 'pseudonymised', 'dropped: direct identifier',
         'redacted: 1 value changed']
    """
    if not isinstance(frame, pd.DataFrame):
        raise AnonymiseError(f"frame must be a pandas DataFrame (a table); got "
                             f"{type(frame).__name__}.")
    if frame.columns.has_duplicates:
        twice = frame.columns[frame.columns.duplicated()][0]
        raise AnonymiseError(f"The table has the column {twice!r} twice; keep one.")
    try:
        known = {c.name: c for c in schema.table_columns(table)}
    except schema.SchemaError as error:
        raise AnonymiseError(str(error)) from error
    secret = _check_key(key)
    extra_text = _columns_arg(text_columns, frame, "text_columns")
    to_drop = _columns_arg(drop, frame, "drop")

    out = frame.copy()
    rows: list[dict[str, object]] = []
    for name in frame.columns:
        action, why = _decide(frame, name, known.get(str(name)), extra_text, to_drop)
        changed = 0
        if action == "pseudonymised":
            prefix = PREFIXES.get(str(name), str(name)[:1].upper() or "X")
            out[name] = pseudonymise(frame[name], secret, prefix=prefix)
            changed = int((~_missing_mask(frame[name])).sum())
        elif action == "redacted":
            before = _text_column(frame[name])
            after = privacy.redact_column(before)
            changed = int((after.fillna("") != before.fillna("")).sum())
            out[name] = after
            action = f"redacted: {changed} value{'s' if changed != 1 else ''} changed"
        elif action.startswith("dropped"):
            out = out.drop(columns=name)
            changed = int((~_missing_mask(frame[name])).sum())
        rows.append({"column": str(name), "action": action, "values_changed": changed,
                     "why": why})
    changes = pd.DataFrame(rows, columns=["column", "action", "values_changed", "why"])
    return AnonymisedResult(frame=out, changes=changes, small_groups=_small_groups(out, known))


def _decide(frame: pd.DataFrame, name: object, spec: schema.Column | None,
            extra_text: list[str], to_drop: list[str]) -> tuple[str, str]:
    label = str(name)
    if name in to_drop:
        return "dropped: you chose to leave it out", "not needed (data minimisation)"
    if spec is not None:
        if spec.kind == "id":
            who = PERSON_IDS.get(label)
            if who:
                return "pseudonymised", (f"identifies one of the {who}; the same person keeps "
                                         "the same pseudonym")
            return "pseudonymised", ("a record reference: staff could look it up and find "
                                     "the person")
        if spec.kind == "text" or name in extra_text:
            return "redacted", ("free text can name people or give their details; the "
                                "redactor misses some (names with no title or cue): read "
                                "before sharing")
        if label in _SENSITIVE:
            return "kept", ("describes a person's circumstances (it may be special category "
                            "data): show counts for groups of 5 or more, never single rows")
        if spec.kind in ("datetime", "date"):
            return "kept", ("needed for the analyses; an exact time can still point to one "
                            "contact for someone who knows it")
        return "kept", f"{_KIND_WORDS.get(spec.kind, spec.kind)}: not personal on its own"
    by_name = _identifier_by_name(label)
    if by_name:
        return "dropped: direct identifier", f"its name says it holds {by_name}"
    if name in extra_text:
        return "redacted", "you listed it as free text"
    series = frame[name]
    if not (pd.api.types.is_object_dtype(series.dtype)
            or isinstance(series.dtype, pd.StringDtype | pd.CategoricalDtype)):
        return "kept", "not in the schema; holds numbers, dates or yes/no values"
    verdict, why = _content(series)
    if verdict == "identifier":
        return "dropped: direct identifier", why
    if verdict == "text":
        return "redacted", why
    return "kept", f"not in the schema; {why}: check it by eye"


def _text_column(series: pd.Series) -> pd.Series:
    """The column as text (what redact_column needs): other values become their text."""
    values = series.astype(object)
    present = values.notna()
    odd = present & ~values.map(lambda v: isinstance(v, str))
    if odd.any():
        values = values.copy()
        values[odd] = values[odd].map(_as_text)
    return values


def _groups_column(frame: pd.DataFrame, name: str, spec: schema.Column | None) -> bool:
    if name in PERSON_IDS or (spec is not None and spec.kind != "category"):
        return False
    series = frame[name]
    if spec is None and not (pd.api.types.is_object_dtype(series.dtype)
                             or isinstance(series.dtype, pd.StringDtype | pd.CategoricalDtype)):
        return False
    return 0 < series.nunique(dropna=True) <= _MAX_LEVELS


def _small_groups(frame: pd.DataFrame, known: dict[str, schema.Column]) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    people = [p for p in PERSON_IDS if p in frame.columns]
    present = {p: ~_missing_mask(frame[p]) for p in people}
    for name in frame.columns:
        label = str(name)
        if not _groups_column(frame, label, known.get(label)):
            continue
        keep = ~_missing_mask(frame[name])
        for person in people:
            sub = frame.loc[keep & present[person], [name, person]]
            counts = sub.groupby(name, observed=True, sort=True)[person].nunique()
            who = PERSON_IDS[person]
            for group, count in counts[counts < MIN_GROUP].items():
                rows.append({"column": label, "group": group, "counted": who,
                             "count": int(count),
                             "warning": f"{label} {group!r} covers only {count} {who}: a "
                                        "figure for it is close to a figure about each of "
                                        "them. Merge it with another group or leave it out."})
    for person in (p for p in STAFF_IDS if p in frame.columns):
        ids = frame[person][present[person]]
        counts = ids.value_counts().sort_index()
        for group, count in counts[counts < MIN_GROUP].items():
            rows.append({"column": person, "group": group, "counted": "rows",
                         "count": int(count),
                         "warning": f"{person} {group} has only {count} rows: their figures "
                                    "rest on a handful of customers. Leave them out of "
                                    "per-person tables."})
    return pd.DataFrame(rows, columns=["column", "group", "counted", "count", "warning"])
