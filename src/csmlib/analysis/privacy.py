"""Find and redact UK personal data in complaint text before an extract is shared.

:func:`find_personal_data` returns the pieces of personal data it finds in one text, as
:class:`Finding` objects (kind, start, end, text); :func:`redact` replaces each with its kind
in brackets, such as ``[PHONE]``; :func:`redact_column` does the same for a whole column of a
table. :func:`evaluate` and :func:`evaluate_by_kind` measure how much it finds (recall) and how
often what it flags really is personal data (precision).

What it looks for (``KINDS``):

* ``NAME`` — a name after a title (Mr, Mrs, Ms, Miss, Mx, Dr, ...), after a cue ("my name is",
  "this is", "in the name of", "contact details:", "name:"), in a sign-off ("Regards, Jane
  Smith", "Thanks, Tom" at the end of a line), or a First Last pair written just before other
  contact details ("Jane Smith, 07700 900123").
* ``PHONE`` — UK and international numbers found by Google's ``phonenumbers`` library
  (region GB). Numbers it judges valid are kept; so are numbers it judges merely possible when
  written the UK way (starting 0, +44 or 0044, at least nine digits after the 0): Ofcom's
  ranges reserved for drama, such as 07700 900123, count as "possible" only.
* ``EMAIL``, ``POSTCODE`` (capitals anywhere; lower case only after the word "postcode"),
  ``NI_NUMBER`` (HMRC's letter rules), ``CARD`` (13-19 digits, spaces or dashes allowed, and it
  must pass the Luhn check), ``SORT_CODE`` (nn-nn-nn anywhere unless a date cue such as "on"
  comes just before it; nn nn nn or nnnnnn after "sort code"), ``ACCOUNT_NUMBER`` (8 digits
  after "account"/"a/c", or just after a sort code), ``DATE_OF_BIRTH`` (a date, or "born in"
  a year, after "born", "DOB" or "date of birth" in the same sentence), ``ADDRESS`` (house
  number, street name and a street word such as Road, Street, Lane or Close, and the town
  when a postcode or the end of the sentence follows) and ``REFERENCE`` (the customer's own
  identifiers after "customer number", "account ref", "policy number", "membership number",
  "MPAN", ...).

Decision on references: a complaint, case, order, claim, job or PCN reference (such as the
complaints table's ``CMP00012`` or "my case reference is WEC-123456") is the ORGANISATION's
reference for the case, needed to trace it, and is not redacted. Inside the organisation it
can still be linked to the customer, so a redacted extract is pseudonymised, not anonymous.

What it cannot find — check by eye before sharing:

* names with no title, cue or sign-off ("Margaret rang twice"), names written in lower case,
  and staff first names (deliberately not redacted);
* addresses without a house number and street word ("Rose Cottage, Halden"), or written in
  lower case; towns on their own;
* dates of birth without a birth word, and ages ("I'm 87");
* account or customer numbers with no cue word, and bank details in unusual layouts;
* personal data written in words ("oh seven seven..."), split across lines, or in other
  languages;
* the other way round, it cannot tell whose data it is: an organisation's own helpline
  number is flagged as ``PHONE``, and a brand after a title word ("Dr Martens boots") as
  ``NAME``;
* special category details (health, disability, religion, ...), which are personal data
  under UK GDPR but are descriptions, not patterns: "I'm having chemotherapy" stays.

Example:
    >>> redact("Please call Mrs Jane Smith on 07700 900123 or email jane@example.com.")
    'Please call [NAME] on [PHONE] or email [EMAIL].'
    >>> [f.kind for f in find_personal_data("DOB 03/04/1951, postcode LS1 4AB")]
    ['DATE_OF_BIRTH', 'POSTCODE']
    >>> find_personal_data("Complaint CMP00012: 8 weeks and £45.20 on 3 December.")
    []
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "KINDS", "LIMITS", "Finding", "evaluate", "evaluate_by_kind", "find_personal_data", "redact",
    "redact_column",
]

#: Kinds of personal data, most specific first (the order breaks ties between equal spans).
KINDS: tuple[str, ...] = (
    "CARD", "NI_NUMBER", "EMAIL", "SORT_CODE", "ACCOUNT_NUMBER", "DATE_OF_BIRTH", "PHONE",
    "POSTCODE", "ADDRESS", "REFERENCE", "NAME",
)
_RANK = {kind: i for i, kind in enumerate(KINDS)}

#: What the finder cannot find, in one plain-English note for a table or a learner.
LIMITS: str = (
    "It cannot find names with no title, cue or sign-off (\"Margaret rang twice\"), addresses "
    "without a house number and street word, dates of birth without a birth word, personal "
    "data written in words or in other languages, or health and other sensitive details told "
    "in sentences; and it cannot tell whose data it is (an organisation's helpline number is "
    "flagged too). Read an extract yourself before you share it.")


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind, where it is (``text[start:end]``) and the text."""

    kind: str
    start: int
    end: int
    text: str


# =========================================================================================
# Patterns
# =========================================================================================

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_STREET_WORDS = (
    "Road", "Rd", "Street", "St", "Avenue", "Ave", "Lane", "Ln", "Close", "Drive", "Dr", "Way",
    "Crescent", "Court", "Ct", "Place", "Pl", "Gardens", "Grove", "Rise", "View", "Terrace",
    "Hill", "Square", "Mews", "Walk", "Row", "Park", "Green", "Parade", "Vale", "Boulevard",
    "Gate", "Wharf", "Yard", "Fields", "Meadows", "Chase", "Croft",
)
#: Capitalised words that are never part of a name found by a cue.
_NOT_NAMES = frozenset({
    *_MONTHS, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "I", "The", "A", "An", "My", "Your", "Our", "We", "You", "He", "She", "They", "It", "This",
    "That", "Please", "Thanks", "Thank", "Hello", "Hi", "Dear", "Sir", "Madam", "Yes", "No",
    "Not", "Very", "Really", "Still", "Just", "So", "And", "But", "Or", "If", "When", "Why",
    "What", "How", "Ofgem", "Ofcom", "Ofwat", "FCA", "Ombudsman", "Energy", "Gas", "Power",
    "Electric", "Electricity", "Water", "Council", "Bank", "Building", "Society", "Ltd",
    "Limited", "Group", "Insurance", "Telecom", "Broadband", "Mobile", "Services", "Service",
    "Customer", "Customers", "Team", "Support", "Complaints", "Complaint", "Manager", "Direct",
    "Debit", "Universal", "Credit", "Priority", "Register", "Smart", "Meter", "British",
    "Financial", "Citizens", "Advice", "Trading", "Standards", "Royal", "Mail", "Post",
    "Office", "Account", "Number", "Reference", "Ref", "Policy", "Contact", "Details",
    "Regards", "Sincerely", "Faithfully", "Best", "Kind", "Many", "Cheers", "Email", "Phone",
    "Tel", "Mob", "Home", "Work", "Today", "Tomorrow", "Yesterday", "Christmas", "Easter",
    *_STREET_WORDS,
})
#: Words that mark an organisation rather than a person (a name containing one is rejected).
_ORG_WORDS = frozenset({
    "Energy", "Gas", "Power", "Electric", "Water", "Council", "Bank", "Ltd", "Limited",
    "Group", "Insurance", "Telecom", "Broadband", "Mobile", "Services", "Ombudsman", "Ofgem",
    "Ofcom", "Society",
})

_WORD = r"(?:[A-Z]'|Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_INITIAL = r"[A-Z]\.?"
# A name: optional initials, then one to three capitalised words on the same line.
_NAME = rf"(?:{_INITIAL}[ \t]+){{0,2}}{_WORD}(?:[ \t]+{_WORD}){{0,2}}"
_TITLE = r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord|Rev|Revd)\.?[ \t]+"

_TITLE_NAME = re.compile(rf"{_TITLE}(?P<name>(?:{_INITIAL}[ \t]+){{0,2}}{_WORD}"
                         rf"(?:[ \t]+{_WORD}){{0,2}}|{_INITIAL}(?=[\s,.]|$))")
_CUE_NAME = re.compile(
    r"(?i:\bmy[ \t]+name[ \t]+is|\bmy[ \t]+name's|\bin[ \t]+the[ \t]+name[ \t]+of|"
    r"\bcontact[ \t]+details[ \t]*:|\bname[ \t]*:|\bsigned[ \t]*[:,]?|\bfrom[ \t]*:)"
    rf"[ \t]+(?P<name>{_NAME})")
# "this is" is weaker: one word must end the clause ("This is Tom, ...", "this is Tom from")
# so that "This is Unacceptable and ..." is not a name; two or more words always count.
_THIS_IS_NAME = re.compile(
    rf"(?i:\bthis[ \t]+is)[ \t]+(?P<name>{_WORD}(?:[ \t]+{_WORD}){{1,2}}|{_WORD}"
    r"(?=[ \t]*(?:[,.!;\n]|$|(?i:from|here|speaking|again)\b)))")
_SIGN_OFF = re.compile(
    r"(?im)(?:^|[.!?][ \t]+)[ \t]*(?:(?:kind|best|warm|warmest|many)[ \t]+)?"
    r"(?:regards|thanks|thank[ \t]+you|wishes|cheers|yours[ \t]+sincerely|"
    r"yours[ \t]+faithfully|yours[ \t]+truly|sincerely|best|all[ \t]+the[ \t]+best)"
    r"[ \t]*[,.!-]?[ \t]*\n?[ \t]*"
    rf"(?-i:(?P<name>{_NAME}))[ \t]*[.!]?[ \t]*$")
# First Last (or First Middle Last) just before other contact details: "Jane Smith, 0161 ..."
_NAME_BLOCK = re.compile(rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{1,2}})[ \t]*,[ \t]*"
                         r"(?P<gap>(?:[a-z]+[ \t]+){0,4}[a-z]*:?[ \t]*)")

_EMAIL = re.compile(r"\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                    r"\.[A-Za-z]{2,}\b")
_POSTCODE_CORE = (r"(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}"
                  r"|GIR[ \t]?0AA)")
_POSTCODE = re.compile(rf"\b{_POSTCODE_CORE}\b")
_POSTCODE_CUED = re.compile(rf"(?i:\bpost[ \t]?code\b[^.\n]{{0,12}}?)\b(?P<pc>(?i:"
                            rf"{_POSTCODE_CORE}))\b")
_NI_CORE = (r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
            r"[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D]")
_NI = re.compile(rf"\b{_NI_CORE}\b")
_NI_CUED = re.compile(rf"(?i:\b(?:national[ \t]+insurance|NI|NINO)\b[^.\n]{{0,20}}?)"
                      rf"\b(?P<ni>(?i:{_NI_CORE}))\b")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_SORT_DASHED = re.compile(r"(?<![\d/.-])\d{2}-\d{2}-\d{2}(?![\d/-]|\.\d)")
_SORT_CUED = re.compile(r"(?i:\bsort[ \t-]?code\b[^.\n\d]{0,12})"
                        r"(?P<sc>(?<!\d)\d{2}[ \t-]?\d{2}[ \t-]?\d{2}(?!\d))")
_DATE_CUE_BEFORE = re.compile(r"(?i:\b(?:on|dated?|since|from|until|till|by|before|after|"
                              r"of|issued|sent|paid|received)[ \t]+)$")
_EIGHT_DIGITS = re.compile(r"(?<![\d-])(?:\d{8}|\d{4}[ \t]\d{4}|\d{2}[ \t]\d{3}[ \t]\d{3})"
                           r"(?![\d-])")
_ACCOUNT_CUE = re.compile(r"(?i:\b(?:account|acct|acc|a/c)\b)")
_DATE = re.compile(
    r"(?<![\d/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+{_MONTH}\.?,?[ \t]+\d{{4}}"
    rf"|{_MONTH}\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}})(?![\d/-])", re.IGNORECASE)
_BORN_YEAR = re.compile(r"(?i:\bborn[ \t]+in[ \t]+)(?P<year>(?:19|20)\d{2})\b")
_BIRTH_CUE = re.compile(r"(?i:\bborn\b|\bd\.?o\.?b\b\.?|\bdate[ \t]+of[ \t]+birth\b|"
                        r"\bbirth[ \t]?date\b|\bbirthday\b)")
_SENTENCE_BREAK = re.compile(r"[.!?][ \t]+[A-Z]|\n")
_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit)[ \t]+\d+[A-Za-z]?,?[ \t]+)?"
    rf"(?<![\d£$.,:/-])\b\d{{1,4}}[A-Za-z]?,?[ \t]+(?:{_WORD}[ \t]+){{1,3}}"
    rf"(?:{'|'.join(_STREET_WORDS)})\b"
    rf"(?P<town>,[ \t]*{_WORD}(?:[ \t]+{_WORD})?(?=,?[ \t]+{_POSTCODE_CORE}\b|[ \t]*[.\n]|$))?")
_REFERENCE = re.compile(
    r"(?i:\b(?:customer|account|acct|policy|membership|member|client|tenancy|tenant|patient|"
    r"nhs|passport|payroll|student|supply|meter[ \t]+point|mpan|mprn|loyalty[ \t]+card)[ \t]+"
    r"(?:(?:ref(?:erence)?|number|no\.?|num|id|#)[ \t]*)?(?:(?:is|was|:|=)[ \t]*)?|"
    r"\b(?:mpan|mprn)[ \t]*:?[ \t]*)"
    r"(?P<ref>(?<![A-Za-z0-9])[A-Za-z]{0,4}[/-]?\d(?:[A-Za-z0-9/-]*[A-Za-z0-9])?)")


# =========================================================================================
# Finders, one per kind (each returns (kind, start, end) triples)
# =========================================================================================

_Span = tuple[str, int, int]


def _check_text(text: object, name: str = "text") -> str:
    if not isinstance(text, str):
        raise ValueError(f"{name} must be a str (the complaint text), got "
                         f"{type(text).__name__}.")
    return text


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _clean_name(text: str, start: int, end: int, *, cue: bool) -> _Span | None:
    """Trim non-name words off the end of a candidate; None when nothing name-like is left."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and words[-1].group().rstrip(".") in _NOT_NAMES:
        words.pop()
    if not words:
        return None
    if cue and words[0].group().rstrip(".") in _NOT_NAMES:
        return None
    if any(w.group() in _ORG_WORDS for w in words):
        return None
    stop = start + words[-1].end()
    if cue and text[stop:stop + 2] in ("'s", "’s"):  # "this is Ofgem's rule"
        return None
    return ("NAME", start, stop)


def _names(text: str) -> list[_Span]:
    spans: list[_Span] = []
    for m in _TITLE_NAME.finditer(text):
        found = _clean_name(text, m.start("name"), m.end("name"), cue=False)
        if found:
            spans.append(("NAME", m.start(), found[2]))
    for pattern in (_CUE_NAME, _THIS_IS_NAME, _SIGN_OFF):
        for m in pattern.finditer(text):
            found = _clean_name(text, m.start("name"), m.end("name"), cue=True)
            if found:
                spans.append(found)
    return spans


def _name_blocks(text: str, others: list[_Span]) -> list[_Span]:
    """First Last followed by ", " and other personal data within a few lower-case words."""
    starts = {start for _, start, _ in others}
    spans: list[_Span] = []
    for m in _NAME_BLOCK.finditer(text):
        if m.end() in starts:
            found = _clean_name(text, m.start("name"), m.end("name"), cue=True)
            if found and len(text[found[1]:found[2]].split()) >= 2:
                spans.append(found)
    return spans


def _phones(text: str) -> list[_Span]:
    if sum(ch.isdigit() for ch in text) < 7:
        return []
    import phonenumbers  # imported on first use: about 60 ms that most imports never need

    spans: list[_Span] = []
    for m in phonenumbers.PhoneNumberMatcher(text, "GB",
                                             leniency=phonenumbers.Leniency.POSSIBLE):
        number = m.number
        raw = m.raw_string.lstrip("(")
        uk_style = (number.country_code == 44 and raw.startswith(("0", "+44", "0044"))
                    and len(str(number.national_number)) >= 9
                    and phonenumbers.is_possible_number(number))
        if uk_style or phonenumbers.is_valid_number(number):
            spans.append(("PHONE", m.start, m.end))
    return spans


def _dates_of_birth(text: str) -> list[_Span]:
    spans: list[_Span] = []
    cues = [m.end() for m in _BIRTH_CUE.finditer(text)]
    if not cues:
        return spans
    candidates = [(m.start(), m.end()) for m in _DATE.finditer(text)]
    candidates += [(m.start("year"), m.end("year")) for m in _BORN_YEAR.finditer(text)]
    for start, end in candidates:
        before = [c for c in cues if start - 45 <= c <= start]
        if before and not _SENTENCE_BREAK.search(text, before[-1], start):
            spans.append(("DATE_OF_BIRTH", start, end))
    return spans


def _sort_codes(text: str) -> list[_Span]:
    spans = [("SORT_CODE", m.start("sc"), m.end("sc")) for m in _SORT_CUED.finditer(text)]
    for m in _SORT_DASHED.finditer(text):
        if not _DATE_CUE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            spans.append(("SORT_CODE", m.start(), m.end()))
    return spans


def _account_numbers(text: str, sort_codes: list[_Span]) -> list[_Span]:
    spans: list[_Span] = []
    sort_ends = {end for _, _, end in sort_codes}
    for m in _EIGHT_DIGITS.finditer(text):
        window = text[max(0, m.start() - 30):m.start()]
        cue = _ACCOUNT_CUE.search(window)
        after_sort = any(0 < m.start() - end <= 6 for end in sort_ends)
        if after_sort or (cue and not _SENTENCE_BREAK.search(window, cue.end())):
            spans.append(("ACCOUNT_NUMBER", m.start(), m.end()))
    return spans


def _cards(text: str) -> list[_Span]:
    spans: list[_Span] = []
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and _luhn(digits):
            spans.append(("CARD", m.start(), m.end()))
    return spans


def _references(text: str) -> list[_Span]:
    spans: list[_Span] = []
    for m in _REFERENCE.finditer(text):
        ref = m.group("ref")
        if sum(ch.isdigit() for ch in ref) >= 4:
            spans.append(("REFERENCE", m.start("ref"), m.end("ref")))
    return spans


def _candidates(text: str) -> list[_Span]:
    spans: list[_Span] = []
    spans += [("EMAIL", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    spans += [("POSTCODE", m.start(), m.end()) for m in _POSTCODE.finditer(text)]
    spans += [("POSTCODE", m.start("pc"), m.end("pc")) for m in _POSTCODE_CUED.finditer(text)]
    spans += [("NI_NUMBER", m.start(), m.end()) for m in _NI.finditer(text)]
    spans += [("NI_NUMBER", m.start("ni"), m.end("ni")) for m in _NI_CUED.finditer(text)]
    spans += _cards(text)
    sort_codes = _sort_codes(text)
    spans += sort_codes
    spans += _account_numbers(text, sort_codes)
    spans += _dates_of_birth(text)
    spans += _phones(text)
    spans += [("ADDRESS", m.start(), m.end()) for m in _ADDRESS.finditer(text)]
    spans += _references(text)
    spans += _names(text)
    spans += _name_blocks(text, spans)
    return spans


def _resolve(text: str, spans: Iterable[_Span]) -> list[Finding]:
    """Keep the longest span where spans overlap (ties: the more specific kind), in order."""
    chosen: list[_Span] = []
    for kind, start, end in sorted(set(spans), key=lambda s: (s[1] - s[2], _RANK[s[0]], s[1])):
        if end > start and all(end <= s or start >= e for _, s, e in chosen):
            chosen.append((kind, start, end))
    chosen.sort(key=lambda s: s[1])
    return [Finding(kind, start, end, text[start:end]) for kind, start, end in chosen]


# =========================================================================================
# Public functions
# =========================================================================================


def find_personal_data(text: str) -> list[Finding]:
    """The personal data found in ``text``: sorted by position, never overlapping.

    Where two findings overlap, the longer one is kept (on a tie, the more specific kind,
    in the order of ``KINDS``). See the module notes for what each kind covers and what
    cannot be found.

    Example:
        >>> find_personal_data("My name is Tom Reed, sort code 20-00-00 account 12345678.")
        ... # doctest: +NORMALIZE_WHITESPACE
        [Finding(kind='NAME', start=11, end=19, text='Tom Reed'),
         Finding(kind='SORT_CODE', start=31, end=39, text='20-00-00'),
         Finding(kind='ACCOUNT_NUMBER', start=48, end=56, text='12345678')]
    """
    _check_text(text)
    if not text:
        return []
    return _resolve(text, _candidates(text))


def redact(text: str) -> str:
    """``text`` with each piece of personal data replaced by its kind, e.g. ``[EMAIL]``.

    Example:
        >>> redact("Card 4111 1111 1111 1111, NI number AB 12 34 56 C. Thanks, Tom")
        'Card [CARD], NI number [NI_NUMBER]. Thanks, [NAME]'
    """
    findings = find_personal_data(text)
    parts: list[str] = []
    last = 0
    for f in findings:
        parts.append(text[last:f.start])
        parts.append(f"[{f.kind}]")
        last = f.end
    parts.append(text[last:])
    return "".join(parts)


def redact_column(values: pd.Series) -> pd.Series:
    """A whole column redacted (same index and name); missing and empty values stay as they are.

    Each distinct text is redacted once, so repeated texts cost nothing more.

    Example:
        >>> import pandas as pd
        >>> out = redact_column(pd.Series(["Email a@example.com", None, ""]))
        >>> out[0], bool(out.isna()[1]), out[2]
        ('Email [EMAIL]', True, '')
    """
    if not isinstance(values, pd.Series):
        raise ValueError(f"values must be a pandas Series (one column of a table), got "
                         f"{type(values).__name__}.")
    present = values.notna()
    bad = [v for v in values[present] if not isinstance(v, str)]
    if bad:
        raise ValueError(f"values must hold text (str) or missing values; found "
                         f"{type(bad[0]).__name__} {bad[0]!r}.")
    out = values.copy()
    texts = values[present]
    if len(texts):
        mapping = {t: redact(t) for t in pd.unique(texts)}
        out.loc[present] = texts.map(mapping)
    return out


def _as_list(values: object, name: str) -> list:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValueError(f"{name} must be a list or column of values, got "
                         f"{type(values).__name__}.")
    return list(values)


def evaluate(texts: Sequence[str] | pd.Series, labels: Sequence[bool] | pd.Series
             ) -> pd.DataFrame:
    """Text-level recall and precision of :func:`find_personal_data` against True/False labels.

    A text is *flagged* when at least one finding is made in it; missing texts count as
    empty. Two rows, ``measure`` "Recall" (of the texts labelled True, the share flagged)
    and "Precision" (of the flagged texts, the share labelled True), with ``value`` (the
    share; NaN when there is nothing to divide by), the counts behind it (``found`` out of
    ``out_of``), ``missed`` (labelled True, not flagged), ``wrongly_flagged`` (labelled False,
    flagged) and ``meaning`` (the same in plain English).

    Example:
        >>> result = evaluate(["Ring 0161 496 0000", "It took 8 weeks", "Hi, I'm Sam"],
        ...                   [True, False, True]).set_index("measure")
        >>> recall = result.loc["Recall"]
        >>> float(recall["value"]), int(recall["found"]), int(recall["out_of"])
        (0.5, 1, 2)
    """
    text_list = _as_list(texts, "texts")
    label_list = _as_list(labels, "labels")
    if len(text_list) != len(label_list):
        raise ValueError(f"texts and labels must have the same length, got {len(text_list)} "
                         f"and {len(label_list)}.")
    truth: list[bool] = []
    for value in label_list:
        if isinstance(value, bool) or (hasattr(value, "dtype") and value.dtype == bool):
            truth.append(bool(value))
        else:
            raise ValueError(f"labels must be True/False values, found {value!r}.")
    flagged = []
    for text in text_list:
        if text is None or (isinstance(text, float) and pd.isna(text)):
            flagged.append(False)
        else:
            flagged.append(bool(find_personal_data(_check_text(text, "texts"))))
    pairs = list(zip(flagged, truth, strict=True))
    tp = sum(f and t for f, t in pairs)
    fn = sum((not f) and t for f, t in pairs)
    fp = sum(f and not t for f, t in pairs)
    nan = float("nan")
    return pd.DataFrame([
        {"measure": "Recall", "value": tp / (tp + fn) if tp + fn else nan, "found": tp,
         "out_of": tp + fn, "missed": fn, "wrongly_flagged": fp,
         "meaning": f"Of the {tp + fn} texts that hold personal data, {tp} were flagged "
                    f"and {fn} missed."},
        {"measure": "Precision", "value": tp / (tp + fp) if tp + fp else nan, "found": tp,
         "out_of": tp + fp, "missed": fn, "wrongly_flagged": fp,
         "meaning": f"Of the {tp + fp} texts flagged, {tp} really hold personal data and "
                    f"{fp} do not."},
    ])


def evaluate_by_kind(items: pd.DataFrame) -> pd.DataFrame:
    """Recall and precision by kind against a labelled set with the exact pieces to find.

    ``items`` has one row per expected piece of personal data: ``text_id``, ``text``,
    ``kind`` (one of ``KINDS``) and ``value`` (the exact substring of ``text``); a text with
    nothing to find has one row with ``kind`` and ``value`` empty. An expected piece is
    ``found`` when a finding of the same kind overlaps it (``exact`` when the spans are
    equal); a finding that overlaps no expected piece of its kind is ``wrong``. One row per
    kind plus an ``ALL`` row: ``expected``, ``found``, ``exact``, ``missed``, ``findings``,
    ``wrong``, ``recall`` (found / expected) and ``precision`` (right findings / findings).

    Example:
        >>> import pandas as pd
        >>> items = pd.DataFrame({"text_id": [1, 2], "kind": ["EMAIL", ""],
        ...     "text": ["Email me: a.b@example.org", "Reading 04512 on 3 May"],
        ...     "value": ["a.b@example.org", ""]})
        >>> evaluate_by_kind(items).set_index("kind").loc["EMAIL", ["found", "wrong"]].tolist()
        [1, 0]
    """
    if not isinstance(items, pd.DataFrame):
        raise ValueError(f"items must be a DataFrame, got {type(items).__name__}.")
    missing = [c for c in ("text_id", "text", "kind", "value") if c not in items.columns]
    if missing:
        raise ValueError(f"items is missing column {missing[0]!r} (needs text_id, text, kind, "
                         f"value).")
    frame = items.fillna({"kind": "", "value": ""})
    unknown = sorted(set(frame["kind"]) - set(KINDS) - {""})
    if unknown:
        raise ValueError(f"items column 'kind' has unknown kind {unknown[0]!r}; use one of "
                         f"{', '.join(KINDS)}.")
    stats = {k: dict.fromkeys(("expected", "found", "exact", "findings", "wrong"), 0)
             for k in KINDS}
    for _, group in frame.groupby("text_id", sort=False):
        text = _check_text(group["text"].iloc[0], "items column 'text'")
        expected: list[_Span] = []
        for kind, value in zip(group["kind"], group["value"], strict=True):
            if not kind:
                continue
            start = text.find(value) if value else -1
            if start < 0:
                raise ValueError(f"items column 'value' {value!r} is not in its text "
                                 f"{text!r}.")
            expected.append((kind, start, start + len(value)))
        findings = find_personal_data(text)
        for kind, start, end in expected:
            stats[kind]["expected"] += 1
            same = [f for f in findings if f.kind == kind and f.start < end and start < f.end]
            stats[kind]["found"] += bool(same)
            stats[kind]["exact"] += any(f.start == start and f.end == end for f in same)
        for f in findings:
            stats[f.kind]["findings"] += 1
            stats[f.kind]["wrong"] += not any(
                k == f.kind and s < f.end and f.start < e for k, s, e in expected)
    rows = [{"kind": k, **v} for k, v in stats.items()]
    rows.append({"kind": "ALL", **{c: sum(v[c] for v in stats.values()) for c in stats[KINDS[0]]}})
    out = pd.DataFrame(rows)
    out["missed"] = out["expected"] - out["found"]
    right = out["findings"] - out["wrong"]
    out["recall"] = (out["found"] / out["expected"]).where(out["expected"] > 0)
    out["precision"] = (right / out["findings"]).where(out["findings"] > 0)
    return out[["kind", "expected", "found", "exact", "missed", "findings", "wrong", "recall",
                "precision"]]
