"""Free text for the synthetic organisation: survey comments and complaint descriptions.

A customer-service manager should read these and recognise them: "45 minutes on hold just to
ask about my bill!!", "Priya was brilliant, sorted my smart meter in no time."

How it works (no network, no models, only numpy and the standard library):

* **Vocabulary is data.** Near the top of this module are dictionaries of phrases: per sector
  and contact reason (what the customer was in touch about, and what went wrong), per comment
  theme and tone (the body of a comment), per complaint category (what happened, extra
  detail, the harm done), plus names, products, tariffs and channel wording.
* **Templates with slots.** Phrases contain slots such as ``{topic}``, ``{amount}``,
  ``{since}``, ``{agent}`` or ``{waited}``. A slot is filled from the row itself (the stated
  wait comes from ``wait_s``, dates are counted back from the row's date) or picked from a
  vocabulary list, so the same template gives many different sentences. A capitalised slot
  (``{Topic}``) gives the same value with a capital first letter.
* **Consistent by construction.** Each comment gets one theme, chosen (vectorised, with numpy)
  from weights driven by the row: a long wait makes "waiting time" likely, an unresolved
  contact "resolution", a repeat "repeat contact", a billing reason "billing and charges", a
  score of 5 "praise". The comment is then built only from that theme's templates, and only
  from templates whose tags fit the row (channel, wait, resolved, repeat), so a chat comment
  never mentions being "on hold" and "sorted it first time" never follows an unresolved
  contact.
* **Deterministic.** All randomness comes from the numpy ``Generator`` passed in: one block of
  uniform numbers is drawn up front, one row of it per output, and each row reads its own
  numbers in order. The same seed gives the same text.

Personal data in complaint descriptions is fictional and safe to publish: phone numbers only
from Ofcom's ranges reserved for drama, e-mail addresses only at ``example.com``/``.org``/
``.net``, invented names, account numbers, dates of birth and UK-format postcodes. Case,
order and claim references and staff first names are not treated as personal data.

Example:
    >>> import datetime as dt
    >>> import numpy as np
    >>> comments, themes = contact_comments(
    ...     np.random.default_rng(3), sector="energy", reasons=["billing query"],
    ...     channels=["phone"], csat=[5], resolved=[True], wait_s=[40.0], repeat=[False],
    ...     dates=[dt.date(2025, 3, 14)])
    >>> themes
    ['praise']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from csmlib.data.sectors import CHANNELS, SECTORS, profile

__all__ = [
    "CATEGORY_KEYWORDS", "LONG_WAIT_S", "MEDIA_LINES", "REASON_KEYWORDS", "ROOT_CAUSES",
    "ROOT_CAUSE_CLUES", "SEVERITIES", "THEMES", "TYPO_RATE", "complaint_descriptions",
    "contact_comments", "threatens_escalation",
]

#: The ground-truth themes of survey comments (one per comment).
THEMES: tuple[str, ...] = (
    "waiting time", "resolution", "staff attitude", "repeat contact", "billing and charges",
    "digital and app", "product or service", "praise",
)
SEVERITIES: tuple[str, ...] = ("low", "medium", "high")

#: A wait at least this long (seconds) is "long" for the channel: queue time for phone and
#: chat, time to the first reply for e-mail and social media. Half of it is "a bit of a wait".
LONG_WAIT_S: dict[str, float] = {"phone": 300.0, "chat": 240.0, "email": 86_400.0,
                                 "social": 14_400.0}

#: Share of comments with a typing slip (swapped or doubled letters, a lowercase "i", ...).
TYPO_RATE: float = 0.07

# =========================================================================================
# Vocabulary: people, places and channels
# =========================================================================================

AGENT_NAMES: tuple[str, ...] = (
    "Priya", "Jamie", "Sophie", "Tom", "Aisha", "Callum", "Megan", "Liam", "Chloe", "Raj",
    "Hannah", "Kieran", "Zara", "Owen", "Beth", "Mo", "Ellie", "Dan", "Grace", "Sam", "Fatima",
    "Connor", "Jess", "Ryan", "Amir", "Lucy", "Gemma", "Rhys", "Nadia", "Joe", "Kayleigh",
    "Marcus", "Niamh", "Adam", "Leah", "Ben", "Yusuf", "Holly", "Shaun", "Emma", "Tariq",
    "Abi", "Kerry", "Darren", "Sian", "Jordan", "Amy", "Hassan",
)
#: First names for engineers, couriers and contractors (never with a surname).
TRADE_NAMES: tuple[str, ...] = (
    "Gary", "Steve", "Dave", "Kev", "Mark", "Paul", "Jason", "Wayne", "Lee", "Craig", "Nicola",
    "Tony", "Martin", "Darren", "Stuart",
)
#: Customers' first names and surnames: full names appear only as personal data.
FIRST_NAMES: tuple[str, ...] = (
    "Margaret", "David", "Susan", "Graham", "Aisha", "Tomasz", "Chloe", "Gareth", "Priya",
    "Kwame", "Fiona", "Declan", "Yasmin", "Brian", "Sandra", "Imran", "Helen", "Stuart",
    "Joanne", "Olumide", "Rachel", "Andrew", "Nasreen", "Lewis", "Carol", "Hamza", "Bethan",
    "Ian", "Agnieszka", "Keith",
)
SURNAMES: tuple[str, ...] = (
    "Patel", "Okafor", "Hughes", "Kowalski", "Thornton", "Begum", "Nowak", "Fraser",
    "McAllister", "Davies", "Jenkins", "Ahmed", "Lloyd", "Walsh", "Osei", "Nguyen",
    "Fitzgerald", "Rahman", "Sutherland", "Pritchard", "Kaur", "Bennett", "Haddad", "Doyle",
    "Campbell", "O'Neill", "Singh", "Evans", "Mensah", "Robertson", "Chowdhury", "Gallagher",
    "Mahmood", "Whitfield", "Adeyemi", "Lewandowski", "Iqbal",
)
STREETS: tuple[str, ...] = (
    "Station Road", "Elm Grove", "Church Lane", "Victoria Street", "Mill Close", "Park Avenue",
    "Hawthorn Way", "Queens Road", "Orchard Rise", "Meadow View",
)
TOWNS: tuple[str, ...] = (
    "Ashcombe", "Wrenfield", "Larkmoor", "Fennick Bridge", "Merrowgate", "Halden", "Corbury",
)
#: Postcode areas used for UK-format postcodes.
POSTCODE_AREAS: tuple[str, ...] = (
    "LS", "M", "B", "G", "EH", "CF", "BS", "NG", "S", "L", "SO", "NE", "PL", "EX", "YO", "LE",
)
#: Ofcom numbers reserved for drama: each prefix is followed by three random digits.
DRAMA_MOBILE: str = "07700 900"
DRAMA_LANDLINES: tuple[str, ...] = (
    "0113 496 0", "0114 496 0", "0115 496 0", "0116 496 0", "0117 496 0", "0118 496 0",
    "0121 496 0", "0131 496 0", "0141 496 0", "0151 496 0", "0161 496 0", "020 7946 0",
    "01632 960",
)
EMAIL_DOMAINS: tuple[str, ...] = ("example.com", "example.com", "example.org", "example.net")

MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)

#: How each channel is described. ``waited`` uses ``{wait}``, the stated wait.
CHANNEL_TEXT: dict[str, dict[str, list[str]]] = {
    "phone": {
        "contacted": ["rang", "called", "phoned", "rang up", "called up"],
        "contact_verb": ["call", "ring"],
        "waited": ["{wait} on hold", "on hold for {wait}", "{wait} in the phone queue"],
        "quick": ["answered within a couple of minutes", "got through straight away",
                  "hardly any time on hold", "the call was answered really quickly"],
    },
    "chat": {
        "contacted": ["went on the online chat", "used the online chat", "used the web chat",
                      "messaged on the chat"],
        "contact_verb": ["come on the chat", "use the online chat"],
        "waited": ["{wait} waiting for someone to join the chat", "{wait} in the chat queue",
                   "{wait} before an agent joined the chat"],
        "quick": ["someone joined the chat almost straight away",
                  "connected to an agent on the chat in seconds", "no wait at all on the chat"],
    },
    "email": {
        "contacted": ["emailed", "sent an email", "emailed in"],
        "contact_verb": ["email", "email you"],
        "waited": ["{wait} waiting for a reply to my email", "{wait} for a reply to my email"],
        "quick": ["got a reply to my email the same day", "had a reply to my email quickly",
                  "replied to my email within a few hours"],
    },
    "social": {
        "contacted": ["messaged you on Facebook", "sent you a DM", "messaged you on X",
                      "messaged on Instagram"],
        "contact_verb": ["message you", "send a DM"],
        "waited": ["{wait} waiting for a reply to my message",
                   "{wait} for anyone to answer my DM"],
        "quick": ["replied to my message really quickly", "got a reply to my DM within the hour"],
    },
}

# =========================================================================================
# Vocabulary: contact reasons (what the customer was in touch about)
# =========================================================================================


@dataclass(frozen=True)
class ReasonText:
    """Words for one contact reason.

    ``kind`` steers themes: "billing" reasons draw billing comments, "product" reasons
    comments about the product or service, "digital" ones comments about the app/website.
    ``topics`` are noun phrases ("my latest bill"), ``issues`` clauses saying what went wrong
    ("my bill jumped to £212.40"). Every topic and issue contains one of the ``keywords``.
    """

    kind: str
    keywords: tuple[str, ...]
    topics: tuple[str, ...]
    issues: tuple[str, ...]


_BROADBAND_FAULT = ReasonText(
    "product", ("broadband", "internet", "router"),
    ("my broadband", "a broadband fault", "my internet dropping out", "my {bb_product} broadband",
     "my router", "the broadband fault I reported {day}"),
    ("my broadband has been dropping out every evening {since}",
     "the internet has been down {since}", "the router keeps restarting itself",
     "my broadband has been painfully slow {since}",
     "I've had no internet {since} and I work from home"),
)
_COMPLAINT = ReasonText(
    "service", ("complaint",),
    ("my complaint", "a complaint", "the complaint I raised on {date}",
     "my open complaint (ref {ref})", "escalating my complaint"),
    ("my complaint from {date} still hasn't had a response",
     "my complaint was closed without anyone speaking to me",
     "nobody has replied to my complaint (ref {ref})",
     "I was promised a response to my complaint within 5 days and heard nothing"),
)
_ACCOUNT_UPDATE = ReasonText(
    "digital", ("account", "details"),
    ("updating my details", "changing the name on my account", "updating the email address on "
     "my account", "adding my partner to the account", "changing my account details",
     "changing my contact details", "my account password"),
    ("my details still haven't been updated", "the name on my account is still wrong",
     "my account still shows my old email address",
     "I've asked three times to update the phone number on my account",
     "my account details are wrong on every letter"),
)
_PAYMENTS = ReasonText(
    "billing", ("payment", "direct debit"),
    ("a payment", "a card payment", "a payment of {amount}", "my direct debit",
     "changing my payment card", "my monthly payment"),
    ("my card payment of {amount} was declined but the money still left my account",
     "a payment of {amount} was taken twice", "my direct debit was taken on the wrong date",
     "a payment I made {day} isn't showing"),
)

REASONS: dict[str, dict[str, ReasonText]] = {
    "energy": {
        "billing query": ReasonText(
            "billing", ("bill",),
            ("my bill", "my latest bill", "my {month} bill", "an estimated bill",
             "a bill for {amount}", "my quarterly bill", "the {amount} bill that arrived {day}",
             "the charges on my bill", "my {tariff} bill"),
            ("my {month} bill came to {amount}, about double what I normally pay",
             "I'm still getting estimated bills even though I send readings",
             "my bill has a standing charge nobody can explain",
             "I've been billed twice for {month}",
             "the bill is {amount} and I've no idea where that figure came from",
             "my bill still shows the old tariff rate"),
        ),
        "payments and direct debit": ReasonText(
            "billing", ("direct debit", "payment"),
            ("my direct debit", "my monthly payment", "my direct debit date",
             "a missed payment", "a payment of {amount}", "setting up a direct debit",
             "a payment plan", "changing my payment date"),
            ("my direct debit went up to {amount} a month without any warning",
             "a payment of {amount} was taken twice",
             "my direct debit was taken on the wrong date",
             "my payment plan was cancelled without anyone telling me",
             "a payment I made {day} still isn't showing"),
        ),
        "meter reading": ReasonText(
            "service", ("reading",),
            ("a meter reading", "my meter readings", "submitting a meter reading",
             "the reading on my last bill", "my gas meter reading", "an estimated reading",
             "the readings I gave {day}"),
            ("the reading on my bill is miles off what my meter actually says",
             "my meter readings keep getting rejected",
             "the readings I sent {day} never made it onto my account",
             "you've used an estimated reading again instead of mine"),
        ),
        "smart meter": ReasonText(
            "product", ("smart meter", "in-home display"),
            ("my smart meter", "a smart meter installation",
             "the smart meter appointment on {date}", "my smart meter's in-home display",
             "getting a smart meter fitted", "my smart meter readings"),
            ("my smart meter hasn't sent a reading {since}",
             "the in-home display has been blank {since}",
             "the smart meter engineer didn't turn up on {date}",
             "my smart meter has gone dumb and I'm back on estimated bills",
             "the smart meter fitter left without finishing the job"),
        ),
        "moving home": ReasonText(
            "service", ("moving", "moved", "move", "new address", "new home"),
            ("moving home", "moving house on {date}", "my move to a new address",
             "setting up the account at my new home", "the final bill after moving out",
             "telling you I'm moving"),
            ("I'm still being billed for my old address after moving out on {date}",
             "my account still hasn't moved to my new address",
             "the closing reading I gave when I moved was ignored",
             "the final bill after my move is {amount}, which can't be right"),
        ),
        "tariff and switching": ReasonText(
            "billing", ("tariff", "switch"),
            ("my tariff", "switching to {tariff}", "the {tariff} tariff",
             "my fixed tariff ending", "switching to a cheaper tariff", "renewing my tariff",
             "switching my electricity to you"),
            ("I was put on the wrong tariff", "my switch to {tariff} still hasn't gone through",
             "nobody told me my {tariff} tariff was ending",
             "I was charged an exit fee of {small_amount} for switching tariff",
             "the tariff I was quoted isn't the one on my bill"),
        ),
        "broadband fault": _BROADBAND_FAULT,
        "supply problem": ReasonText(
            "product", ("supply", "gas", "electricity", "power"),
            ("a problem with my supply", "my gas supply", "a power cut",
             "my electricity supply", "my prepayment meter cutting off my supply",
             "no gas at the flat"),
            ("we've had no gas {since}", "the electricity keeps tripping out",
             "my prepayment meter cut off my supply even though I'd topped up",
             "we've had no power {since}", "the gas supply keeps cutting out"),
        ),
        "complaint": _COMPLAINT,
        "account update": _ACCOUNT_UPDATE,
    },
    "telecom": {
        "broadband fault": _BROADBAND_FAULT,
        "slow speeds": ReasonText(
            "product", ("speed", "slow"),
            ("slow speeds", "my broadband speed", "the speed of my {bb_product}",
             "slow internet", "my speeds dropping in the evening", "the speed I'm paying for"),
            ("my speed is about {low_mbps}Mb when I'm paying for {mbps}Mb",
             "the broadband is so slow I can't stream anything",
             "my speeds drop to almost nothing every evening",
             "speed tests have shown {low_mbps}Mb {since}"),
        ),
        "billing query": ReasonText(
            "billing", ("bill",),
            ("my bill", "my latest bill", "my {month} bill", "a bill for {amount}",
             "the charges on my bill", "my {bb_product} bill", "my first bill"),
            ("my {month} bill was {amount} when my contract says {small_amount} a month",
             "my bill has charges for calls I never made", "my bill went up mid-contract",
             "I'm being billed for {tv_addon} I never ordered",
             "my first bill was {amount}, nowhere near what I was quoted"),
        ),
        "new connection": ReasonText(
            "service", ("connection", "connected", "go-live"),
            ("my new connection", "getting connected", "my go-live date",
             "a new connection at my new flat", "the connection date I was given"),
            ("my new connection date has been moved twice",
             "I was told I'd be connected by {date} and I'm still waiting",
             "my go-live date came and went with nothing working",
             "nobody can tell me when I'll be connected"),
        ),
        "upgrade": ReasonText(
            "product", ("upgrad",),
            ("an upgrade", "upgrading to {bb_product}", "my upgrade", "a phone upgrade",
             "upgrading my package", "the upgrade offer I was sent"),
            ("my upgrade to {bb_product} hasn't happened even though I'm paying for it",
             "the upgrade price I was quoted isn't what I'm being charged",
             "I was told I'm not eligible for the upgrade I was sent an offer for",
             "my upgrade was cancelled without explanation"),
        ),
        "cancellation": ReasonText(
            "service", ("cancel",),
            ("cancelling my contract", "a cancellation", "cancelling my broadband",
             "cancelling {tv_addon}", "my cancellation request from {date}",
             "cancelling before the end of my contract"),
            ("I cancelled on {date} and you're still taking money",
             "my cancellation request was ignored",
             "I was charged {small_amount} to cancel when I was told it was free",
             "I keep being passed to retentions when I just want to cancel"),
        ),
        "engineer visit": ReasonText(
            "service", ("engineer",),
            ("an engineer visit", "the engineer appointment on {date}", "booking an engineer",
             "my engineer visit", "the engineer who came {day}"),
            ("the engineer didn't turn up for the {past_slot}",
             "the engineer came on {date} and left without fixing anything",
             "my engineer visit has been cancelled twice",
             "I took a day off for an engineer who never came"),
        ),
        "payments": _PAYMENTS,
        "complaint": _COMPLAINT,
        "account update": _ACCOUNT_UPDATE,
    },
    "retail": {
        "order status": ReasonText(
            "service", ("order",),
            ("my order", "order {order}", "tracking my order", "my order for a {product}",
             "the status of my order", "an order I placed {day}"),
            ("my order {order} has said 'processing' {since}",
             "nobody can tell me where my order is",
             "my order for a {product} still hasn't been dispatched",
             "my order shows as dispatched but the tracking hasn't moved {since}"),
        ),
        "delivery problem": ReasonText(
            "product", ("deliver", "courier", "parcel"),
            ("my delivery", "a missed delivery", "the delivery of my {product}",
             "a parcel marked as delivered", "my delivery slot on {date}", "the courier"),
            ("the courier marked my parcel as delivered but nothing came",
             "my {product} was left out in the rain by the courier",
             "nobody turned up for my delivery slot on {date}",
             "my delivery has been rescheduled three times",
             "the courier delivered someone else's parcel to me"),
        ),
        "returns": ReasonText(
            "service", ("return",),
            ("a return", "returning a {product}", "my return", "the return label",
             "returning order {order}", "a return collection"),
            ("the courier never collected my return", "my return label doesn't work",
             "you say my return never arrived but I've got proof of postage",
             "I was told I can't return a {product} I bought {day}"),
        ),
        "refund": ReasonText(
            "billing", ("refund",),
            ("my refund", "a refund of {amount}", "the refund for order {order}",
             "a refund for a {product}", "chasing my refund"),
            ("my refund of {amount} still hasn't arrived",
             "I was only refunded part of what I paid",
             "my refund was promised within 5 days and it's been weeks",
             "I was refunded to a card I no longer have"),
        ),
        "product question": ReasonText(
            "product", ("question", "dimensions", "stock", "colour", "care instructions",
                        "product"),
            ("a question about the {product}", "the dimensions of the {product}",
             "stock levels for the {product}", "the colour of the {product}",
             "care instructions for the {product}", "a product I'm thinking of buying"),
            ("the {product} is listed with the wrong dimensions",
             "the product page doesn't say what the {product} is made of",
             "nobody could tell me if the {product} would be back in stock",
             "the colour of the {product} looks nothing like the photos"),
        ),
        "payments": ReasonText(
            "billing", ("payment", "paying", "gift card", "charged"),
            ("a payment for order {order}", "my card payment", "paying by PayPal",
             "a payment of {amount}", "my gift card", "paying in instalments"),
            ("my card payment of {amount} was declined but the money still left my account",
             "I was charged twice for order {order}", "my gift card balance disappeared",
             "my instalment payment was taken early"),
        ),
        "complaint": _COMPLAINT,
        "account update": _ACCOUNT_UPDATE,
    },
    "council": {
        "council tax": ReasonText(
            "billing", ("council tax",),
            ("my council tax", "my council tax bill", "council tax for {month}",
             "my council tax instalments", "a council tax reminder", "my council tax band",
             "the single person discount on my council tax"),
            ("my council tax bill is {amount} and I'm sure it's wrong",
             "I got a council tax reminder even though I've paid",
             "my council tax single person discount was removed",
             "my council tax direct debit hasn't been set up",
             "I'm being chased for council tax at a property I left"),
        ),
        "bins and recycling": ReasonText(
            "product", ("bin", "recycling", "collection", "waste"),
            ("my bins", "a missed bin collection", "my {bin} collection", "a replacement {bin}",
             "recycling collections on my street", "my garden waste subscription"),
            ("my {bin} hasn't been emptied {since}",
             "the bin crew skipped our road again {day}",
             "my recycling was left behind because it was 'contaminated'",
             "I ordered a new {bin} on {date} and it hasn't arrived",
             "the crew left rubbish all over the pavement after the bin collection"),
        ),
        "housing repairs": ReasonText(
            "product", ("repair", "damp", "mould", "leak", "boiler"),
            ("a housing repair", "my repair request", "the damp in my flat",
             "a leak in my bathroom", "my broken boiler", "a repair appointment on {date}",
             "the mould in the bedroom"),
            ("the repair I reported on {date} still hasn't been done",
             "there's black mould in the bedroom and nobody has been out",
             "the leak from the flat above has been dripping {since}",
             "we've had no heating {since} because the boiler is broken",
             "the repair team didn't turn up for the {past_slot}"),
        ),
        "benefits": ReasonText(
            "service", ("benefit", "council tax support"),
            ("my housing benefit", "my benefit claim", "council tax support",
             "my housing benefit payment", "the evidence for my benefit claim",
             "a change of circumstances on my benefit claim"),
            ("my housing benefit claim has been 'being processed' {since}",
             "my housing benefit stopped without warning",
             "I sent the evidence for my benefit claim on {date} and you say you never got it",
             "my council tax support was cancelled by mistake"),
        ),
        "parking": ReasonText(
            "billing", ("parking", "permit", "pcn"),
            ("a parking ticket", "my parking permit", "a PCN I got on {date}",
             "my resident parking permit", "appealing a parking fine",
             "visitor parking permits"),
            ("I got a parking ticket on {date} while displaying a valid permit",
             "my parking permit renewal hasn't come through",
             "my appeal against the PCN was rejected without explanation",
             "the parking bays on my street have no signs"),
        ),
        "planning": ReasonText(
            "service", ("planning",),
            ("a planning application", "my planning application",
             "the planning application next door", "planning permission for an extension",
             "a planning enforcement issue"),
            ("my planning application has gone past the 8-week deadline",
             "nobody told us about the planning application next door",
             "the planning officer hasn't replied {since}",
             "my planning application was validated with the wrong address"),
        ),
        "noise report": ReasonText(
            "service", ("noise", "noisy"),
            ("a noise report", "noise from next door", "reporting noise from the flat upstairs",
             "the noise complaint I made {day}", "noisy neighbours",
             "late-night noise on my street"),
            ("the noise from next door goes on until 3am and nothing's been done",
             "I reported noise on {date} and never heard back",
             "the noise diary you sent me never got looked at",
             "the barking dog noise has gone on {since}"),
        ),
        "complaint": _COMPLAINT,
        "account update": _ACCOUNT_UPDATE,
    },
    "insurance": {
        "new claim": ReasonText(
            "service", ("claim",),
            ("a new claim", "making a claim", "my {claim_type} claim", "starting a claim",
             "a claim after {claim_event}"),
            ("it took three attempts to even log my {claim_type} claim",
             "nobody could tell me whether my {claim_type} claim is covered",
             "my new claim hasn't been given a claim number",
             "I was told to wait for a call back to start my claim"),
        ),
        "claim update": ReasonText(
            "service", ("claim",),
            ("my claim", "an update on my claim", "my claim {claim_ref}",
             "the {claim_type} claim", "progress on my claim", "my claim from {date}"),
            ("my claim {claim_ref} hasn't moved {since}",
             "the loss adjuster hasn't been in touch about my claim",
             "my claim handler never replies", "my claim has been 'under review' {since}"),
        ),
        "policy change": ReasonText(
            "service", ("policy", "cover"),
            ("changing my policy", "adding a driver to my policy", "a change to my cover",
             "updating my policy with a new car", "my policy details",
             "adding accidental damage cover"),
            ("the change to my policy still hasn't been made",
             "my policy documents still show the old car",
             "I was charged {small_amount} to change my policy and the change is wrong",
             "my new driver still isn't on the policy"),
        ),
        "renewal": ReasonText(
            "billing", ("renewal", "renew"),
            ("my renewal", "my renewal price", "renewing my {policy_type}", "my renewal quote",
             "the auto-renewal", "my renewal letter"),
            ("my renewal went up by {amount} with no claims",
             "my policy auto-renewed without anyone asking me",
             "my renewal quote was {amount} more than a new customer pays",
             "my renewal documents never arrived"),
        ),
        "payments": _PAYMENTS,
        "cancellation": ReasonText(
            "service", ("cancel",),
            ("cancelling my policy", "a cancellation", "cancelling my {policy_type}",
             "my cancellation request", "the cancellation fee"),
            ("I cancelled on {date} and you're still taking payments",
             "I was charged a {small_amount} cancellation fee nobody mentioned",
             "my cancellation hasn't been processed", "my refund after cancelling is wrong"),
        ),
        "documents": ReasonText(
            "digital", ("document", "certificate", "schedule", "paperwork"),
            ("my policy documents", "my insurance certificate", "a copy of my policy schedule",
             "my documents", "the paperwork for my {policy_type}"),
            ("my policy documents never arrived",
             "the certificate has the wrong registration on it",
             "my documents show the wrong address",
             "I've asked for my policy schedule three times"),
        ),
        "complaint": _COMPLAINT,
        "account update": _ACCOUNT_UPDATE,
    },
}

# =========================================================================================
# Vocabulary: sector details (products, charges, digital problems, references, amounts)
# =========================================================================================

_GENERIC_DIGITAL = [
    "the app keeps logging me out", "the password reset email never arrives",
    "the website is impossible to use on my phone",
    "my online account doesn't show what I was told",
]

SECTOR_TEXT: dict[str, dict[str, list[str]]] = {
    "energy": {
        "org": ["Wrenfield"],
        "tariff": ["Fixed Saver 24", "Flex Standard", "Green Fix 12", "EV Night Saver",
                   "Prepay Simple", "Fixed Saver 12"],
        "bb_product": ["Wrenfield Fibre 150", "Fibre 500", "Fibre Essentials 65"],
        "mbps": ["65", "150", "500"],
        "charge": ["an estimated bill of {amount}", "my direct debit going up to {amount} a month",
                   "a {small_amount} late payment fee", "the standing charge going up again",
                   "an exit fee of {small_amount}",
                   "being charged {amount} for a month I wasn't even living there"],
        "digital_issue": ["the app won't accept my meter readings",
                          "my online account still shows last year's balance",
                          "the app says I owe {amount} but my bill says I'm in credit",
                          "I can't log in to my online account to see my bills",
                          "the website wouldn't let me change my direct debit",
                          "the app crashes every time I try to submit a reading",
                          *_GENERIC_DIGITAL],
        "digital_task": ["submit my meter reading", "change my direct debit", "check my usage",
                         "download my bill", "update my details"],
        "followup": ["an engineer visit for the {slot}", "a call back {day_ahead}",
                     "a meter check for the {slot}", "a call back from the billing team "
                     "{day_ahead}"],
        "leave": ["Will be switching supplier.", "Looking for a new supplier.",
                  "Off to another supplier as soon as I can."],
    },
    "telecom": {
        "org": ["Larkmoor"],
        "bb_product": ["Larkmoor Fibre 300", "Full Fibre 900", "Superfast 70",
                       "Fibre 150 and Phone"],
        "tv_addon": ["Sports Extra", "Movies Plus", "Kids Pack", "Ultra HD"],
        "mbps": ["70", "150", "300", "900"],
        "charge": ["a bill of {amount} when my contract says {small_amount} a month",
                   "a mid-contract price rise", "being charged for {tv_addon} I never ordered",
                   "a {small_amount} early termination charge",
                   "{small_amount} in call charges I don't recognise",
                   "a {small_amount} engineer call-out fee"],
        "digital_issue": ["the app says there's no fault on my line when there clearly is",
                          "my online account won't let me download my bill",
                          "the speed checker on your website says everything's fine",
                          "I couldn't log in to the app to track my engineer",
                          "the online upgrade page kept erroring at checkout",
                          *_GENERIC_DIGITAL],
        "digital_task": ["check for faults on my line", "upgrade my package",
                         "track my engineer", "check my bill", "update my details"],
        "followup": ["an engineer for the {slot}", "a call back {day_ahead}",
                     "a line test and a call back {day_ahead}"],
        "leave": ["Will be leaving when my contract ends.", "Looking at other providers.",
                  "Counting the days until my contract is up."],
    },
    "retail": {
        "org": ["Fennick & Lowe"],
        "product": ["oak dining table", "velvet sofa", "cast-iron casserole dish", "floor lamp",
                    "pair of bedside tables", "24-piece dinner set", "rattan garden set",
                    "wall mirror", "bookcase", "glass coffee table", "ceramic table lamp",
                    "set of kitchen storage jars"],
        "courier": ["Parcelwise", "DRX Couriers", "Swiftroute"],
        "charge": ["a {small_amount} delivery charge on an order that should have had free "
                   "delivery", "a {small_amount} restocking fee on my return",
                   "being charged twice for order {order}",
                   "paying {amount} and seeing it reduced the next day",
                   "a {small_amount} charge for a missed delivery"],
        "digital_issue": ["the website crashed at checkout and took my money twice",
                          "the tracking link on the website hasn't updated {since}",
                          "the app won't let me start a return",
                          "my discount code wouldn't work on the website",
                          "the website said in stock and then cancelled my order",
                          *_GENERIC_DIGITAL],
        "digital_task": ["track my order", "start a return", "change my delivery date",
                         "print my return label", "update my details"],
        "followup": ["a redelivery {day_ahead}", "a call back {day_ahead}",
                     "a collection for the {slot}"],
        "leave": ["Won't be ordering again.", "Shopping elsewhere from now on."],
    },
    "council": {
        "org": ["the council"],
        "bin": ["blue recycling bin", "black bin", "brown garden waste bin", "food waste caddy",
                "glass recycling box"],
        "charge": ["a council tax bill of {amount}", "council tax going up again",
                   "paying {amount} in council tax for this level of service"],
        "digital_issue": ["the online form for reporting a missed bin kept crashing",
                          "I couldn't pay my council tax on the website",
                          "the council website kept logging me out",
                          "the parking permit portal rejected my documents",
                          "the online repairs form wouldn't let me upload photos",
                          *_GENERIC_DIGITAL],
        "digital_task": ["report a missed bin", "renew my parking permit",
                         "pay my council tax", "book a bulky waste collection",
                         "update my details"],
        "followup": ["a visit for the {slot}", "a call back {day_ahead}",
                     "an officer to call me {day_ahead}"],
        "leave": ["I'll be writing to my councillor.", "Council tax well spent, clearly."],
    },
    "insurance": {
        "org": ["Merrowgate"],
        "claim_type": ["escape of water", "storm damage", "windscreen damage", "burst pipe",
                       "accidental damage", "theft", "flood damage", "fire damage"],
        "claim_event": ["the storm", "a burst pipe", "a break-in", "a bump in a car park",
                        "a leak from the flat upstairs"],
        "policy_type": ["home insurance", "car insurance", "motor policy",
                        "home and contents cover", "Home Plus policy"],
        "charge": ["my renewal going up by {amount}", "a {small_amount} admin fee for a simple "
                   "change", "an excess of {amount} that nobody mentioned",
                   "a cancellation fee of {small_amount}",
                   "being charged {small_amount} a month for cover I didn't ask for"],
        "digital_issue": ["the online claim form kept timing out",
                          "I can't download my policy documents from the app",
                          "the app shows my claim as closed",
                          "the website quote was different from my renewal price",
                          "I couldn't upload photos of the damage on the app",
                          *_GENERIC_DIGITAL],
        "digital_task": ["start my claim", "download my documents", "add a driver",
                         "upload photos of the damage", "update my details"],
        "followup": ["a call back from the claims team {day_ahead}",
                     "a loss adjuster visit for the {slot}", "a call back {day_ahead}"],
        "leave": ["Won't be renewing.", "Shopping around at renewal."],
    },
}

_PAYMENT_CHARGES = [
    "a {small_amount} late payment fee", "being charged twice, {amount} each time",
    "a {small_amount} charge for a failed payment",
]
#: Charges that billing comments about a billing reason complain about (other reasons use
#: the sector's general "charge" list above).
REASON_CHARGES: dict[str, dict[str, list[str]]] = {
    "energy": {
        "billing query": ["an estimated bill of {amount}", "the standing charge going up again",
                          "being charged {amount} for a month I wasn't even living there",
                          "a bill of {amount} for one quarter"],
        "payments and direct debit": ["my direct debit going up to {amount} a month",
                                      "a {small_amount} late payment fee",
                                      "a {small_amount} charge for a failed direct debit"],
        "tariff and switching": ["an exit fee of {small_amount}",
                                 "the new tariff costing {small_amount} a month more than I "
                                 "was quoted",
                                 "being left on the standard rate at {amount} a month"],
    },
    "telecom": {
        "billing query": ["a bill of {amount} when my contract says {small_amount} a month",
                          "a mid-contract price rise",
                          "being charged for {tv_addon} I never ordered",
                          "{small_amount} in call charges I don't recognise"],
        "payments": _PAYMENT_CHARGES,
    },
    "retail": {
        "refund": ["a {small_amount} restocking fee taken off my refund",
                   "a refund {small_amount} short of what I paid",
                   "being refunded without the {small_amount} delivery charge"],
        "payments": ["being charged twice for order {order}",
                     "a {small_amount} delivery charge on an order that should have had free "
                     "delivery", "paying {amount} and seeing the price drop the next day"],
    },
    "council": {
        "council tax": ["a council tax bill of {amount}", "losing my single person discount",
                        "a court summons fee of {small_amount}",
                        "my council tax instalments going up to {small_amount} a month"],
        "bins and recycling": ["the {small_amount} garden waste charge",
                               "a {small_amount} charge for a replacement bin",
                               "a {small_amount} charge for a bulky waste collection that "
                               "never happened"],
        "parking": ["a parking fine of {small_amount}",
                    "a {small_amount} PCN while my permit was on display",
                    "the resident permit price going up to {small_amount}"],
    },
    "insurance": {
        "new claim": ["an excess of {amount} that nobody mentioned",
                      "the excess going up to {amount}"],
        "claim update": ["an excess of {amount} that nobody mentioned",
                         "a settlement {amount} short of the repair quote"],
        "renewal": ["my renewal going up by {amount}", "an admin fee of {small_amount} on renewal",
                    "paying {amount} more than new customers"],
        "payments": _PAYMENT_CHARGES,
    },
}

#: Money ranges in pounds per sector: (low, high) for each money slot.
SECTOR_AMOUNTS: dict[str, dict[str, tuple[float, float]]] = {
    "energy": {"amount": (60, 480), "small_amount": (8, 75), "big_amount": (400, 2600)},
    "telecom": {"amount": (35, 180), "small_amount": (5, 60), "big_amount": (300, 1400)},
    "retail": {"amount": (25, 900), "small_amount": (5, 60), "big_amount": (300, 2400)},
    "council": {"amount": (90, 2400), "small_amount": (25, 130), "big_amount": (400, 3000)},
    "insurance": {"amount": (90, 900), "small_amount": (25, 95), "big_amount": (500, 6500)},
}
#: Reference prefixes (not personal data) and account-number formats (personal data).
SECTOR_REFS: dict[str, dict[str, str]] = {
    "energy": {"ref": "WEC", "acct_prefix": "WE", "acct_digits": "9",
               "acct_label": "account number"},
    "telecom": {"ref": "LBC", "acct_prefix": "LB", "acct_digits": "8",
                "acct_label": "account number"},
    "retail": {"ref": "FLR", "acct_prefix": "FLC", "acct_digits": "7",
               "acct_label": "customer number"},
    "council": {"ref": "AVC", "acct_prefix": "6", "acct_digits": "7",
                "acct_label": "council tax account number"},
    "insurance": {"ref": "MGC", "acct_prefix": "MGH/", "acct_digits": "7",
                  "acct_label": "policy number"},
}

#: Lists shared by every sector.
COMMON_TEXT: dict[str, list[str]] = {
    "agent": list(AGENT_NAMES),
    "engineer": list(TRADE_NAMES),
    "nth": ["second", "second", "third", "third", "third", "fourth", "fifth"],
    "n_calls": ["three", "four", "five", "six"],
    "window": ["8am to 1pm", "12pm to 6pm", "8am to 6pm", "7am to 11am"],
    "when": ["today", "this morning", "earlier today", "this afternoon", "this evening"],
    "person_first": list(FIRST_NAMES),
    "person_surname": list(SURNAMES),
    "street": list(STREETS),
    "town": list(TOWNS),
}

# =========================================================================================
# Vocabulary: comment templates
#
# A template may start with tags before "|": channel names (phone, chat, email, social),
# wait levels (short, mid, long), resolved/unresolved and repeat/first. A template is used
# only for rows that fit every kind of tag it has (several tags of one kind mean "any of").
# Templates without {topic}/{issue} get a context sentence in front ("Rang about my bill.").
# =========================================================================================

COMMENT_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "waiting time": {
        "neg": [
            "{Waited}. Ridiculous.",
            "{Waited} just to ask about {topic}!",
            "phone,chat|{Waited} before anyone even spoke to me about {topic}.",
            "How is {waited} acceptable? All I wanted was help with {topic}.",
            "phone|{Waited} and then got cut off. Had to ring back and start again.",
            "Far too long to get a response: {waited}.",
            "phone|Listened to hold music for {wait}. I have better things to do with my day.",
            "long|{Waited}. Absolutely ridiculous for a simple question about {topic}.",
            "long|Spent {wait} trying to get help with {topic}. You clearly need more staff.",
            "You need more staff. {Waited} is not acceptable.",
            "phone|{Waited} listening to a message telling me how important my call is.",
            "chat|The chat said I was number {queue_pos} in the queue and it took {wait} to get "
            "anyone.",
            "email|Sent an email about {topic} and it took {wait} to get a reply.",
            "social|Took {wait} to get a reply to my message. Why have a Facebook page if "
            "nobody answers?",
        ],
        "mixed": [
            "{agent} was helpful once I got through, but {waited} is too long.",
            "Got there in the end with {topic}, but {waited}.",
            "Fine once I was through. The problem was the wait, {wait}.",
            "resolved|Sorted in the end, but {waited} is not great.",
            "The wait spoiled it a bit, {waited}.",
            "phone|Friendly adviser, but {wait} on hold first.",
            "Would have been a good experience if it wasn't for the wait ({wait}).",
            "chat|The chat was fine once someone joined, but it took {wait}.",
            "email|Took {wait} to get a reply to my email, but the answer about {topic} was "
            "clear.",
        ],
    },
    "resolution": {
        "neg": [
            "{Contacted} about {topic} and it's still not sorted.",
            "Was promised a call back about {topic}. Nobody called back.",
            "{Issue} and it's still not sorted.",
            "Still not sorted. I've explained the problem with {topic} and nothing happens.",
            "Nobody called back like they said they would. {Issue}.",
            "Was told the issue with {topic} would be sorted by {date} and it still isn't.",
            "Your agent said someone would call me back within 48 hours about {topic}. Still "
            "waiting.",
            "Nothing has been done about {topic}. Still waiting for the call back I was "
            "promised.",
            "No progress at all on {topic}. Still not sorted and nobody calls back.",
            "You closed my case without fixing anything and the problem with {topic} is still not "
            "sorted.",
        ],
        "mixed": [
            "{agent} was polite but the problem with {topic} is still not sorted.",
            "Helpful enough, but still waiting for a call back about {topic}.",
            "Not sorted yet. {agent} said someone will call me back {day_ahead}, so we'll see.",
            "OK conversation but nothing resolved yet, still waiting to hear back about "
            "{topic}.",
            "{agent} tried their best, but {issue}, so it's not sorted yet.",
        ],
    },
    "staff attitude": {
        "neg": [
            "The agent was rude and talked over me the whole time.",
            "{agent} couldn't have cared less about {topic}.",
            "Made to feel like a nuisance. The adviser sighed every time I asked a question.",
            "phone|Was told 'that's not my department' and put back on hold.",
            "Condescending and unhelpful. {agent} spoke to me like I was stupid.",
            "The adviser clearly didn't want to help with {topic}.",
            "{agent} was dismissive and just kept reading from a script.",
            "phone|{agent} hung up on me when I asked for a manager.",
            "chat|{agent} ended the chat while I was still typing.",
            "Rude, abrupt and no interest in helping with {topic}.",
            "email|The reply to my email was rude and didn't even answer my question.",
            "Asked to speak to a manager and was refused. Terrible attitude from {agent}.",
        ],
        "mixed": [
            "{agent} was polite enough but didn't seem to know much about {topic}.",
            "resolved|The adviser was a bit abrupt about {topic}, though it got sorted in the end.",
            "Felt a bit rushed by {agent}.",
            "Could have been friendlier. Felt like I was a box to tick.",
            "{agent} knew the answer but was quite short with me.",
        ],
    },
    "repeat contact": {
        "neg": [
            "This is the {nth} time I've had to {contact_verb} about {topic}.",
            "Had to chase again. {Nth} time now and I'm fed up.",
            "{Nth} time contacting you about {topic} and I had to explain everything from "
            "scratch again.",
            "Keep having to chase you about {topic}. Does nobody read the notes?",
            "Why do I have to {contact_verb} every week about {topic}? Fix it properly the "
            "first time.",
            "Contacting you about {topic} for the {nth} time. Every time I'm told it's been dealt "
            "with.",
            "Same problem, {nth} contact. {Issue}.",
        ],
        "mixed": [
            "Had to chase again, but {agent} finally got things moving on {topic}.",
            "resolved|Shouldn't have needed a {nth} contact about {topic}, but at least it's "
            "done now.",
            "Helpful this time, but I shouldn't have had to chase again about {topic}.",
            "{agent} was good, but this was my {nth} attempt to get help with {topic}.",
        ],
    },
    "billing and charges": {
        "neg": [
            "Shocked by {charge}. Nobody could explain it.",
            "Still no explanation for {charge}.",
            "Not happy about {charge}, and the adviser just said that's what the system says.",
            "I'm sick of {charge}. Sort your billing out.",
            "Complete joke: {charge}, and no one can tell me why.",
            "How can you justify {charge}?",
            "Overcharged again. This time it's {charge}.",
            "Feel ripped off by {charge}.",
        ],
        "mixed": [
            "{agent} explained {charge}, but I still think it's unfair.",
            "Got an explanation for {charge} in the end, but it shouldn't have been this "
            "confusing.",
            "Helpful answer about {charge}, though your charges are hard to follow.",
            "{agent} agreed to look into {charge}. Fair enough, but it shouldn't have happened.",
        ],
    },
    "digital and app": {
        "neg": [
            "{Digital_issue}. Had to {contact_verb} about {topic} instead.",
            "Your app is useless. {Digital_issue}.",
            "{Digital_issue}, so I had no choice but to {contact_verb}.",
            "Sort your website out. {Digital_issue}.",
            "Tried to do it online first but {digital_issue}.",
            "What's the point of the app if {digital_issue}?",
        ],
        "mixed": [
            "{agent} was helpful, but {digital_issue}.",
            "resolved|Sorted in the end, but only because {agent} did it for me. {Digital_issue}.",
            "The online side needs work: {digital_issue}.",
            "Fine in the end, but I'd rather have done it myself online. {Digital_issue}.",
        ],
        "pos": [
            "The app made it really easy to {digital_task}, and {agent} did the rest.",
            "Did most of it online, which was easy. Great that I can {digital_task} myself.",
            "chat|The online chat is great. Dealt with {topic} without picking up the phone.",
            "Really easy to {digital_task} on the website. Thank you.",
            "Love the new app. Being able to {digital_task} saves so much time.",
        ],
    },
    "product or service": {
        "neg": [
            "{Issue}. Not good enough.",
            "{Issue} and I'm paying for this!",
            "{Issue}. What exactly am I paying for?",
            "Poor service all round. {Issue}.",
            "{Issue}. This has been going on far too long.",
            "unresolved|{Issue}, and nobody seems to know how to fix it.",
            "{Issue}, and I'm losing patience.",
        ],
        "mixed": [
            "{agent} was helpful but {issue}.",
            "The team was fine, the problem is that {issue}.",
            "Good explanation from {agent}, but {issue}, which shouldn't happen.",
            "Service today was OK. The real issue is that {issue}.",
        ],
    },
    "praise": {
        "pos": [
            "resolved|{agent} was brilliant and sorted it all in no time.",
            "short,resolved|{Quick} and {agent} sorted everything there and then. Great service.",
            "Really helpful, {agent} explained everything clearly and patiently.",
            "Excellent service from {agent}. Clear, friendly and knew exactly what to do.",
            "resolved|{agent} went above and beyond for me.",
            "short|{Quick}. Thank you {agent}!",
            "Couldn't fault it. {agent} knew exactly what to do.",
            "unresolved|Really helpful. {agent} couldn't fix it straight away but explained why "
            "and arranged {followup}.",
            "Lovely, friendly {agent}, who made it all feel simple.",
            "short,mid,resolved|Quick and painless, all sorted. Thanks {agent}.",
            "resolved|{agent} listened, didn't rush me and dealt with it there and then.",
            "resolved|{Contacted} about {topic} and {agent} had it sorted within minutes. "
            "Brilliant.",
            "long|{agent} was great once I got through, thank you.",
            "Clear, helpful answers about {topic}. Thanks {agent}.",
            "resolved,first|Brilliant service from {agent}, sorted first time.",
            "unresolved|Really impressed with {agent}, who has arranged {followup}.",
        ],
    },
}

#: Very short comments ("useless"). Same tags as above.
SHORT_COMMENTS: dict[str, dict[str, list[str]]] = {
    "waiting time": {
        "neg": ["phone|{Wait} on hold!!", "Far too long to get through.", "Took forever.",
                "Way too long a wait.", "{Wait} wait. Ridiculous."],
        "mixed": ["Long wait, fine after that.", "{Wait} wait, otherwise OK."],
    },
    "resolution": {
        "neg": ["Still not sorted.", "Nobody called back.", "Still waiting for a call back.",
                "Still not sorted. Again."],
        "mixed": ["OK, but not sorted yet.", "Still waiting to hear back."],
    },
    "staff attitude": {
        "neg": ["Rude.", "Rude and unhelpful.", "Agent couldn't care less.",
                "Very rude adviser.", "Rude, patronising agent."],
        "mixed": ["Adviser a bit abrupt.", "Bit of an attitude from {agent}."],
    },
    "repeat contact": {
        "neg": ["Had to chase AGAIN.", "{Nth} time chasing this.", "Chasing again. Useless."],
        "mixed": ["resolved|Had to chase, but done now.", "Had to chase again."],
    },
    "billing and charges": {
        "neg": ["Overcharged again.", "Stop overcharging me.", "Bills are a joke."],
        "mixed": ["Charges still confusing.", "Pricey, but explained."],
    },
    "digital and app": {
        "neg": ["App is useless.", "Fix your website.", "Website never works."],
        "mixed": ["App needs work."],
        "pos": ["App made it easy.", "Easy to do online.", "Great app, thanks."],
    },
    "product or service": {
        "neg": ["Rubbish service.", "Shocking service.", "Pathetic service."],
        "mixed": ["Service could be better."],
    },
    "praise": {
        "pos": ["Quick and easy, thanks.", "Great service.", "Brilliant, thank you {agent}!",
                "Very helpful, thanks.", "{agent} was fab.", "Spot on.",
                "resolved,first|Sorted first time, thanks.", "Excellent.",
                "Thanks {agent}, really helpful.",
                "5 stars.", "Superb service.", "Really pleased, thanks.", "{agent} was lovely.",
                "Perfect, thank you.", "Great help from {agent}.", "Top service from {agent}."],
    },
}

CONTEXT: list[str] = [
    "{Contacted} about {topic}.", "{Contacted} {when} about {topic}.", "{Contacted} re {topic}.",
    "{Contacted} to ask about {topic}.",
]
OPENERS: dict[str, list[str]] = {
    "neg": ["Not impressed.", "Very disappointed.", "Where do I start.", "Unbelievable.",
            "Awful experience.", "Poor, very poor."],
    "mixed": ["Mixed experience.", "It was OK.", "Not bad, not great.", "So-so.", "Average."],
    "pos": ["Excellent service.", "Very happy.", "Great experience.", "Really good.",
            "Impressed.", "What a pleasant surprise."],
}
CLOSERS: dict[str, list[str]] = {
    "neg": ["Sort it out.", "Never again.", "Fuming.", "Do better.", "Not good enough.",
            "{leave}", "{leave}"],
    "mixed": ["Could be better.", "Room for improvement.", "We'll see.", "Fingers crossed."],
    "pos": ["Thank you!", "Keep it up.", "Would recommend.", "Many thanks.", "Thanks again.",
            "Credit to the team."],
}
#: Second driver mentioned after the main theme (e.g. a long wait in a billing comment).
ASIDES: dict[str, list[str]] = {
    "unresolved": ["Still not sorted either.", "And it's still not sorted.",
                   "Nobody has called me back.",
                   "Still waiting for the call back I was promised.",
                   "And nothing has been done."],
    "repeat": ["{Nth} time I've had to chase this.", "Not the first time either.",
               "I've had to chase again."],
    "wait": ["{Waited} as well.", "Plus {waited}.", "And {waited} first."],
}
#: Shorter asides after a very short comment ("Rude. Still not sorted.").
SHORT_ASIDES: dict[str, list[str]] = {
    "unresolved": ["Still not sorted.", "Not sorted either.", "Nobody called back."],
    "repeat": ["Chasing again.", "Not the first time."],
    "wait": ["Long wait too.", "Slow to answer too."],
}
#: Words that angry customers type in capitals.
_SHOUT = re.compile(r"\b(still|never|nobody|again|not|every|useless|third|fourth|fifth|"
                    r"nothing|ridiculous|rude)\b")

# =========================================================================================
# Vocabulary: complaint descriptions
# =========================================================================================


@dataclass(frozen=True)
class ComplaintText:
    """Words for one complaint category: ``events`` (what happened; always one of the
    ``keywords``), optional ``details`` and ``harms`` (high severity: loss or danger)."""

    keywords: tuple[str, ...]
    events: tuple[str, ...]
    details: tuple[str, ...]
    harms: tuple[str, ...]


_CUSTOMER_SERVICE = ComplaintText(
    ("call", "adviser", "department", "email", "on hold"),
    ("I phoned on {date} about {cs_topic} and was promised a call back within 48 hours, which "
     "never happened.",
     "I've been passed between departments {n_calls} times about {cs_topic}, and nobody will "
     "take responsibility.",
     "When I called on {date} about {cs_topic}, the adviser was rude and ended the call.",
     "I've sent {n_calls} emails about {cs_topic} since {month_past} and had no proper reply.",
     "On {date} I spent over an hour on hold, only to be told the adviser couldn't help with "
     "{cs_topic}."),
    ("The adviser, {agent}, told me it would be sorted and it wasn't.",
     "My case reference is {ref}, but nobody seems able to find the notes.",
     "Each time I call I have to explain everything from the beginning."),
    ("I've spent {n_hours} hours on the phone and had to take time off work to do it.",),
)

COMPLAINTS: dict[str, dict[str, ComplaintText]] = {
    "energy": {
        "billing accuracy": ComplaintText(
            ("bill", "charged", "overcharg"),
            ("On {date} I received a bill for {amount}, more than double what I normally pay.",
             "My bills have been based on estimated readings {since}, even though I submit a "
             "reading every month.",
             "I was charged {amount} for gas and electricity at my old address after I moved "
             "out on {date}.",
             "My {month} bill charged me the standard rate instead of my {tariff} rate.",
             "I have been overcharged on my last three bills because the wrong meter reading "
             "was used."),
            ("I sent photos of the meter on {date2} showing the correct reading of {reading}.",
             "I have checked my readings against the bill and the difference comes to "
             "{amount2}.",
             "Your adviser {agent} agreed on {date2} that the bill was wrong, but nothing has "
             "changed."),
            ("The extra {amount} you took pushed me into my overdraft and my bank has charged "
             "me fees.",),
        ),
        "customer service": _CUSTOMER_SERVICE,
        "smart meter installation": ComplaintText(
            ("smart meter",),
            ("The engineer fitting my smart meter on {date} left without finishing the job.",
             "My smart meter appointment on {date} was cancelled on the day, for the second "
             "time.",
             "My new smart meter has not sent a single reading {since}.",
             "After my smart meter was installed on {date}, my boiler would not restart.",
             "I took a day off work for a smart meter installation on {date} and nobody "
             "turned up."),
            ("The engineer, {engineer}, said he didn't have the right part and someone would be "
             "back within a week.",
             "Since the smart meter went in I've been getting estimated bills again."),
            ("The engineer left exposed wires next to the meter, which I think is dangerous.",
             "We had no heating or hot water for {n_days} days after the meter was fitted."),
        ),
        "payments and debt": ComplaintText(
            ("payment", "debt", "direct debit", "arrears"),
            ("You increased my direct debit from {small_amount} to {amount} on {date} without "
             "any explanation.",
             "I agreed a payment plan on {date} but a debt collection letter arrived anyway.",
             "A payment of {amount} was taken from my account twice in {month}.",
             "I'm being chased for arrears of {amount} on an account I closed in "
             "{month_past}."),
            ("I was told a refund of the duplicate payment would reach me within 5 working days "
             "and it has not.",
             "Nobody has explained how the new direct debit amount was worked out."),
            ("A debt collection agency is now writing to me about money I don't owe, which "
             "could damage my credit rating.",
             "The double payment left me {amount} short and I couldn't pay my rent on time."),
        ),
        "switching and transfers": ComplaintText(
            ("switch", "transfer"),
            ("I asked to switch to the {tariff} tariff on {date} and I'm still on the standard "
             "variable rate.",
             "My switch away from {org} was blocked because of a debt I don't owe.",
             "My supply was transferred to {org} on {date} without my consent.",
             "I switched to {org} on {date} and I'm still getting bills from my old supplier "
             "for the same period."),
            ("I was quoted {small_amount} a month less on the new tariff, so every week this "
             "drags on costs me money.",
             "I have the confirmation email from {date2} saying the switch was agreed."),
            ("I've lost out on the cheaper tariff, which will cost me about {amount} this "
             "year.",),
        ),
        "broadband service": ComplaintText(
            ("broadband", "internet"),
            ("My broadband has dropped out every evening {since}.",
             "I have had no internet at all {since} and I work from home.",
             "I was promised speeds of {mbps}Mb when I took out {bb_product}, but I rarely get "
             "more than {low_mbps}Mb on my broadband.",
             "My broadband was supposed to go live on {date} and it still isn't working."),
            ("I've restarted the router more times than I can count and been through all the "
             "checks on the phone.",
             "An engineer visit was booked for {date2} but nobody came."),
            ("I work from home and have lost {n_days} days' pay because of this.",),
        ),
        "supply interruption": ComplaintText(
            ("supply", "gas", "electricity", "power"),
            ("We were left without gas on {date}, and it took days to get it back on.",
             "My electricity was cut off on {date} even though my prepayment meter was in "
             "credit.",
             "The power at my home has been cutting out repeatedly {since}.",
             "My gas supply was capped on {date} after a routine check, and nobody has been "
             "back to reconnect it."),
            ("I reported it the same day and was told an engineer would be with me within 24 "
             "hours.",
             "I was given a reference of {ref} but every time I call nobody can find it."),
            ("We had no heating or hot water during freezing weather.",
             "All the food in our freezer was ruined, about {amount} worth."),
        ),
        "metering": ComplaintText(
            ("meter",),
            ("My meter was replaced on {date} and the new meter's serial number still isn't on "
             "my account.",
             "I believe my meter is faulty: my usage has doubled {since} with no change in how "
             "we live.",
             "I reported a faulty meter on {date} and nobody has been out to test it.",
             "The meter on my account isn't the meter in my house, so my bills are based on "
             "someone else's readings."),
            ("My latest meter reading is {reading}, which doesn't match anything on my bill.",
             "I asked for a meter accuracy test on {date2} and heard nothing back."),
            ("I've been overcharged by at least {amount} because of the faulty meter.",),
        ),
    },
    "telecom": {
        "faults and repairs": ComplaintText(
            ("fault", "repair"),
            ("My broadband has been down {since} and the repair has been rescheduled twice.",
             "An engineer was booked on {date} to repair a fault on my line but never turned "
             "up.",
             "My landline has had a crackling fault {since} and I can barely hear callers.",
             "I reported a fault on {date} and was told it would be fixed within 48 hours."),
            ("Your adviser {agent} told me on {date2} that the fault was 'in the exchange' and "
             "out of your hands.",
             "I've done every test on the router your team asked for."),
            ("I work from home and have lost {n_days} days' pay because of the fault.",
             "I've had to buy mobile data costing {small_amount} to get by."),
        ),
        "billing": ComplaintText(
            ("bill", "charg"),
            ("My bill for {month} was {amount} instead of the {small_amount} a month I signed "
             "up for.",
             "I was charged for {tv_addon}, which I never ordered.",
             "I'm still being charged even though I cancelled on {date}.",
             "My bill went up mid-contract on {date} with no notice."),
            ("I have the order confirmation showing the price I agreed.",
             "I've been told twice that a credit would be applied to my bill, and it hasn't "
             "been."),
            ("The extra charges pushed me into my overdraft and my bank has charged me fees.",),
        ),
        "customer service": _CUSTOMER_SERVICE,
        "contract and cancellation": ComplaintText(
            ("contract", "cancel"),
            ("I cancelled my contract on {date} and you are still taking payments.",
             "I was told on {date} I could leave without a fee, then charged {amount} in early "
             "termination charges for cancelling.",
             "My contract was renewed for another 24 months without my agreement.",
             "I tried to cancel on {date} and was passed to the retentions team {n_calls} "
             "times."),
            ("I was out of contract at the time, so there should be no charge.",
             "I have a note of the date and time of the call where cancellation was agreed."),
            ("The early termination charge has now been passed to a debt collector.",),
        ),
        "installation delays": ComplaintText(
            ("install",),
            ("My installation was due on {date} and has been moved three times since.",
             "I moved into my new home on {date} and still have no broadband installed.",
             "The engineer came to install my {bb_product} on {date} but said the job needed "
             "'further work' and left.",
             "I was promised an installation date within two weeks of ordering on {date}, and "
             "I'm still waiting."),
            ("Every time I ask, I'm given a new installation date that then gets cancelled.",
             "My order reference is {ref}."),
            ("I've had to pay {small_amount} for a mobile data plan to cover the wait for "
             "installation.",),
        ),
        "speeds": ComplaintText(
            ("speed",),
            ("I pay for {bb_product} but my speed tests show around {low_mbps}Mb.",
             "My broadband speed has dropped to almost nothing every evening {since}.",
             "I was guaranteed a minimum speed of {mbps}Mb when I signed up on {date}, and "
             "I've never had it."),
            ("I've run speed tests on a wired connection every day and kept screenshots.",
             "Your adviser admitted on {date2} that the line can't support the speed I'm "
             "paying for."),
            ("I've paid {amount} over the contract for a speed I've never had.",),
        ),
        "mis-selling": ComplaintText(
            ("sold",),
            ("On {date} your adviser sold me {bb_product} saying I'd get {mbps}Mb, which my "
             "line can't get.",
             "I was sold {tv_addon} on {date} as free for 12 months and then charged from the "
             "first month.",
             "I was sold a 24-month contract when I clearly asked for a rolling monthly one."),
            ("I asked for the call recording from {date2} and haven't received it.",
             "The adviser told me I could cancel at any time, which wasn't true."),
            ("I've paid {amount} for a package I was mis-sold.",),
        ),
    },
    "retail": {
        "late or missing delivery": ComplaintText(
            ("deliver", "parcel", "arrived"),
            ("I ordered a {product} (order {order}) on {date} with delivery promised by "
             "{date2}, and it still hasn't arrived.",
             "The courier marked my parcel as delivered on {date}, but nothing came.",
             "My {product} delivery has been rescheduled {n_calls} times since {date}.",
             "I waited in all day on {date} for a delivery that never came."),
            ("{courier} say it's your problem and you say it's theirs.",
             "I've checked with the neighbours and there's no sign of the parcel."),
            ("I took {n_days} days off work unpaid waiting in for deliveries.",),
        ),
        "damaged goods": ComplaintText(
            ("damage", "broken"),
            ("The {product} I ordered on {date} arrived damaged.",
             "My {product} was badly damaged when it was delivered on {date}.",
             "Half of the {product} was broken when I opened the box on {date}.",
             "I've now had two replacements for my {product} and both arrived damaged."),
            ("I sent photos of the damage the same day, as your website asks.",
             "The courier driver, {engineer}, left the box on its end in the rain."),
            ("I cut my hand on the broken parts when I opened the box and had to go to the "
             "minor injuries unit.",),
        ),
        "refund delays": ComplaintText(
            ("refund",),
            ("I returned my {product} on {date} and I'm still waiting for my refund of "
             "{amount}.",
             "You confirmed a refund of {amount} on {date}, but it hasn't reached my account.",
             "My refund for order {order} was only partial, {small_amount} short of what I "
             "paid."),
            ("I have proof of postage and the return was signed for on {date2}.",
             "I've been told the refund is 'with finance' every time I've asked."),
            ("I paid for a replacement elsewhere, so I'm {amount} out of pocket until you "
             "refund me.",),
        ),
        "customer service": _CUSTOMER_SERVICE,
        "product quality": ComplaintText(
            ("quality", "faulty", "falling apart", "broke"),
            ("The {product} I bought on {date} started falling apart within {n_weeks} weeks.",
             "The quality of the {product} I received on {date} is nothing like the photos on "
             "your website.",
             "My {product} broke after a few weeks of normal use.",
             "The {product} I bought in {month_past} is faulty and you've refused to replace "
             "it."),
            ("For the price I paid, I expected it to last years, not weeks.",
             "I have kept the receipt and the original packaging."),
            ("The {product} gave way while it was being used, and someone could easily have "
             "been hurt.",),
        ),
        "pricing": ComplaintText(
            ("price",),
            ("The {product} was advertised at {small_amount} but the price at checkout was "
             "{amount}.",
             "I bought a {product} on {date}, the price dropped by {small_amount} the next day, "
             "and you refused to match it.",
             "The sale price shown in store on {date} wasn't honoured at the till."),
            ("I took a screenshot of the advertised price.",
             "The price promise on your website says you will refund the difference."),
            ("I've paid {small_amount} more than the advertised price, and I want it back.",),
        ),
        "website and ordering": ComplaintText(
            ("website", "checkout", "order"),
            ("Your website crashed at checkout on {date} and took payment three times.",
             "I placed an order on {date} and the website cancelled it without telling me.",
             "The website wouldn't accept my discount code on {date}, so I paid full price for "
             "my order.",
             "I couldn't change the delivery address on my order because the website kept "
             "showing an error."),
            ("Your order confirmation email never arrived.",
             "I have screenshots of the error messages."),
            ("The duplicate payments left me {amount} short until they were refunded.",),
        ),
    },
    "council": {
        "missed bin collections": ComplaintText(
            ("bin", "collection", "collected", "recycling"),
            ("Our {bin} collection has been missed {n_calls} times {since}.",
             "The {bin} on our street wasn't collected on {date}, and it's happened before.",
             "I reported a missed bin collection on {date} and was told it would be collected "
             "within 48 hours.",
             "The crew left our recycling behind on {date} saying it was contaminated, which "
             "it wasn't."),
            ("The overflowing bins are attracting foxes and the rubbish is all over the "
             "pavement.",
             "I've used the online form every time and got an automatic reply but nothing "
             "else."),
            ("The bins have been overflowing for {n_weeks} weeks and we now have rats in the "
             "garden.",),
        ),
        "housing repairs": ComplaintText(
            ("repair", "damp", "mould", "leak"),
            ("I reported a leak in my kitchen ceiling on {date} and the repair still hasn't "
             "been done.",
             "There has been black mould in the bedroom {since}, and the repair team has only "
             "painted over it.",
             "Repair operatives failed to turn up for my appointment on {date}, for the third "
             "time.",
             "Our boiler has been broken {since} and the repair keeps being put back."),
            ("Each time I call I'm given a new job number, most recently {ref}.",
             "A surveyor visited on {date2} and agreed the work was urgent."),
            ("The damp and mould is making the whole family unwell.",
             "Water is coming through the light fitting, which is a safety risk."),
        ),
        "council tax": ComplaintText(
            ("council tax",),
            ("I received a council tax reminder on {date} even though I have paid every "
             "instalment.",
             "My single person discount for council tax was removed on {date} without any "
             "explanation.",
             "I've been sent a council tax bill of {amount} for a property I moved out of in "
             "{month_past}.",
             "My council tax direct debit was set up on the wrong date, and now I've been sent "
             "a summons."),
            ("I have bank statements showing every payment.",
             "I wrote to the council tax team on {date2} and have had no reply."),
            ("I've been told enforcement agents may be instructed over council tax I don't "
             "owe.",),
        ),
        "staff conduct": ComplaintText(
            ("officer", "member of staff", "adviser"),
            ("The officer I spoke to on {date} about {cs_topic} was rude and put the phone "
             "down on me.",
             "A member of staff at the customer service centre shouted at me on {date} in "
             "front of other people.",
             "The adviser I spoke to on {date} made comments about my situation that were "
             "completely inappropriate.",
             "The enforcement officer who visited on {date} was aggressive and would not show "
             "identification."),
            ("I asked for their name and they refused to give it.",
             "I'd like the recording of the call from {date} to be reviewed."),
            ("I was left shaken and upset by the way I was treated.",),
        ),
        "parking enforcement": ComplaintText(
            ("parking", "penalty", "pcn"),
            ("I received a parking ticket on {date} while clearly displaying a valid permit.",
             "My appeal against a penalty charge notice issued on {date} was rejected without "
             "anyone looking at my photos.",
             "The parking bays on my street were repainted on {date} with no notice, and I was "
             "given a PCN the same day.",
             "My resident parking permit renewal has been 'processing' {since}, and I keep "
             "getting tickets."),
            ("The signs at the entrance to the road are hidden by a tree.",
             "My PCN reference is {ref}."),
            ("I've had to pay {small_amount} to stop the fine going up while I appeal.",),
        ),
        "planning decisions": ComplaintText(
            ("planning",),
            ("Planning permission was granted on {date} for the extension next door even "
             "though it breaks your own guidelines.",
             "My planning application has gone well past the 8-week deadline with no "
             "decision.",
             "We were never notified about the planning application for the flats behind our "
             "house.",
             "My planning application was refused on {date} for reasons that were never raised "
             "with me."),
            ("The planning officer has not replied to my emails since {date2}.",
             "The site notice was only put up after the consultation had closed."),
            ("The extension now blocks most of the light to our kitchen and garden.",),
        ),
        "noise and nuisance": ComplaintText(
            ("noise", "nuisance"),
            ("I have been reporting noise from the flat above {since}, and nothing has been "
             "done.",
             "The loud music from next door goes on until 3am most weekends, and I first "
             "reported the noise on {date}.",
             "I filled in the noise diary you sent on {date}, and nobody has looked at it.",
             "The nuisance from the takeaway's extractor fan has been going on {since}."),
            ("An officer promised on {date2} to install noise monitoring equipment.",
             "I've got recordings on my phone of the noise late at night."),
            ("I haven't had a full night's sleep {since}, and it's affecting my work.",),
        ),
    },
    "insurance": {
        "claim delays": ComplaintText(
            ("claim",),
            ("I reported my {claim_type} claim on {date}, and it still hasn't been settled.",
             "My claim {claim_ref} has been 'under review' {since} with no update.",
             "The loss adjuster for my claim visited on {date} and I've heard nothing since.",
             "I've been waiting {since} for a decision on my {claim_type} claim."),
            ("Every time I call I'm told the claim handler will ring me back.",
             "I've sent every document you asked for, most recently on {date2}."),
            ("I've paid {amount} for a hire car myself while waiting.",
             "We've been living with water damage and no working kitchen for weeks, which "
             "isn't safe."),
        ),
        "claim decisions": ComplaintText(
            ("claim",),
            ("My {claim_type} claim was declined on {date} because of an exclusion nobody told "
             "me about.",
             "You rejected my claim {claim_ref} saying the damage was 'wear and tear', which "
             "it isn't.",
             "The settlement offered on {date} for my {claim_type} claim is {amount}, less than "
             "half the repair quotes I have."),
            ("I have two independent quotes for the work.",
             "Your letter quotes a clause that doesn't say what you say it says."),
            ("I've had to pay {big_amount} for the repairs myself.",),
        ),
        "renewal pricing": ComplaintText(
            ("renewal", "renew"),
            ("My renewal price went up by {amount} on {date} with no claims and nothing "
             "changed.",
             "My policy auto-renewed on {date} at a renewal price I never agreed to.",
             "My renewal quote was {amount} more than you're offering new customers for the "
             "same cover."),
            ("When I rang to query the renewal, I was offered a discount straight away, which "
             "says it all.",
             "I've been with you for {n_years} years."),
            ("I've paid {amount} more than a new customer would have for the same cover.",),
        ),
        "customer service": _CUSTOMER_SERVICE,
        "repairs quality": ComplaintText(
            ("repair",),
            ("The repairs to my kitchen after my {claim_type} claim, finished on {date}, are "
             "poor quality.",
             "The garage you sent my car to for repair returned it on {date} with the same "
             "fault.",
             "Your contractor's repair to our ceiling on {date} has already cracked."),
            ("The contractor, {engineer}, left without clearing up.",
             "I've sent photos of the repair to my claim handler."),
            ("The repair has left water coming through near the wiring, which is a safety "
             "risk.",
             "The car pulled to one side on the motorway after the repair, which could have "
             "caused an accident."),
        ),
        "policy wording": ComplaintText(
            ("policy", "wording"),
            ("The wording of my policy says I'm covered for {claim_type}, but my claim was "
             "declined on {date}.",
             "Nobody explained the exclusions in my policy when I bought it on {date}.",
             "Your policy wording on accidental damage is so unclear that even your own staff "
             "gave me different answers."),
            ("Two advisers have given me two different readings of the same clause.",
             "I was never sent the full policy wording, only a summary."),
            ("I'm {big_amount} out of pocket because of policy wording nobody explained.",),
        ),
        "cancellation fees": ComplaintText(
            ("cancel",),
            ("I cancelled my policy on {date} and was charged a cancellation fee of "
             "{small_amount} nobody mentioned.",
             "I cancelled my {policy_type} within the cooling-off period on {date} and still "
             "paid a fee.",
             "When I cancelled on {date}, the refund was {small_amount} less than it should "
             "have been."),
            ("The fee isn't mentioned anywhere in the documents I was sent.",
             "I cancelled because I sold the car, not because I found a cheaper quote."),
            ("Between the fee and the short refund, I've lost {amount}.",),
        ),
    },
}

#: Optional second sentence: what it has taken to chase the complaint.
IMPACT: list[str] = [
    "I have called {n_calls} times and been promised a call back each time.",
    "Every time I get in touch I have to explain it all again.",
    "I've spent hours on hold trying to get this sorted.",
    "Nobody has taken ownership of the problem.",
    "I was told on {date2} that it would be escalated, and I've heard nothing since.",
]
#: What the customer asks for, by severity ("high" uses HARMS and DEMANDS/OMBUDSMAN_LINES).
ASKS: dict[str, list[str]] = {
    "low": ["I would just like this put right, please.",
            "Please can someone look into it and let me know what happened.",
            "I'd appreciate an explanation and for this to be corrected.",
            "It's not the end of the world, but I'd like it sorted.",
            "Please correct this and confirm in writing.",
            "Could you check this and get back to me?"],
    "medium": ["I expect a proper explanation and an apology.",
               "I want this sorted within the next week and an explanation of what went wrong.",
               "I'd like a goodwill payment for the time I've wasted chasing this.",
               "This has taken hours of my time and I expect it resolved without more chasing.",
               "I want a named person to take ownership of this and keep me updated.",
               "I'm aware I can take this to the {ombudsman} if it isn't resolved."],
}
#: Generic harm for high-severity complaints (a category's own harms are preferred).
HARMS: list[str] = [
    "I have been left {big_amount} out of pocket because of this.",
    "This has cost me {amount} in bank charges and missed work.",
    "I had to take {n_days} days off work unpaid to deal with this, which has cost me "
    "{amount}.",
]
DEMANDS: list[str] = [
    "I want compensation for the money and time this has cost me.",
    "I expect full compensation and a written apology.",
    "I want this escalated to a senior manager today, and I want compensation.",
    "I'll be reporting this to {regulator} as well as asking for compensation.",
]
OMBUDSMAN_LINES: list[str] = [
    "If this is not resolved within {weeks} weeks I will take it to the {ombudsman}.",
    "I have already been in touch with the {ombudsman} and will be referring this to them.",
    "I want compensation, and if I don't get a proper response I'm going to the {ombudsman}.",
    "Please treat this as a formal complaint; I'm prepared to take it to the {ombudsman}.",
]
#: A threat to go public or to an elected representative (medium and high severity): like a
#: threat to go to the ombudsman or the regulator, it sends the complaint to a senior handler.
MEDIA_LINES: list[str] = [
    "If this isn't sorted I'll be sharing my experience on social media and with the local "
    "paper.",
    "I've written to my MP about this as well.",
    "I'm going to post about how I've been treated on social media so others know.",
    "I'll be contacting the newspaper if I don't hear back this week.",
]

#: The root causes a complaint can have (``under investigation`` while it is still open).
ROOT_CAUSES: tuple[str, ...] = ("process gap", "system error", "agent error", "policy",
                                "third party", "communication")

#: Clue sentences, one per description when a root cause is given: what the customer says
#: that points to the cause (their view, in their words). ``{partner}`` is a supplier or
#: contractor of the sector, ``{system}`` a system the customer sees, ``{sys_claim}`` what a
#: system wrongly says. No clue names a regulator, an ombudsman, compensation or a
#: circumstance of vulnerability, so severity and vulnerability stay readable on their own.
ROOT_CAUSE_CLUES: dict[str, list[str]] = {
    "system error": [
        "Your system shows {sys_claim}, which is simply wrong.",
        "The adviser put it down to a glitch in your computer system.",
        "Your {system} crashed halfway through, and the change never went through on your "
        "system.",
        "Apparently your system didn't save the change I made, so it went back to the old "
        "details.",
        "I was told an IT fault in your system had affected lots of accounts, mine included.",
        "Your {system} says one thing and my statement says another, so something in your "
        "systems is clearly broken.",
        "Your automated system keeps generating the same error on my account.",
    ],
    "agent error": [
        "The adviser I spoke to on {date2} gave me the wrong information, and I acted on it.",
        "Someone on your team made a mistake when they updated my account.",
        "The person I spoke to keyed in the wrong details, and I've been paying for it since.",
        "One of your staff got it wrong and then told me it was my fault.",
        "{Agent} admitted on the phone that they had made an error on my account.",
        "Your adviser processed the wrong request because they didn't listen to me.",
        "I followed exactly what your staff told me, and it turns out they got it wrong.",
    ],
    "process gap": [
        "Nobody followed up after my last call, so it just fell through the cracks.",
        "I've been passed between teams, and each one says it's someone else's job.",
        "Nobody checked that anything was actually done; there seems to be no process for it.",
        "My case was handed over to another team and lost along the way.",
        "I was promised a follow-up that never came, and no one checked why.",
        "Every team I speak to says another team deals with it, so nothing gets followed up.",
    ],
    "policy": [
        "I was told it's {owner} policy and nothing can be done.",
        "I was told the rules don't allow any exception, even in my case.",
        "Apparently your terms and conditions allow this, which I think is unfair.",
        "Everyone hides behind {owner} policy instead of looking at what happened.",
        "I've been told it's against the rules to put this right, which can't be fair.",
        "I was told it's not allowed under your terms and conditions, full stop.",
    ],
    "third party": [
        "{Partner} let me down, and you just tell me it's their fault, not yours.",
        "When I rang, I was told it was down to {partner}, as if that helps me.",
        "{Partner} {partner_failure}, and you say you can only pass my complaint on to them.",
        "You keep telling me you're waiting to hear back from {partner}.",
        "It seems {partner} got it wrong, but I'm your customer, not theirs.",
        "{Partner} gave me a completely different story from yours, and nobody will say who "
        "is responsible.",
    ],
    "communication": [
        "Nobody told me this was going to happen.",
        "I was never told about the change until it had already happened.",
        "I only found out when it happened; there was no warning at all.",
        "I've had two letters that contradict each other, and I don't know which to believe.",
        "You didn't let me know about any of this; I was kept in the dark.",
        "What your letter says doesn't match what I was told on the phone.",
        "No one told me what would happen next, and your letters contradict each other.",
    ],
}
#: Slot values for the clues: shared, and by sector (a sector's own replace the shared).
CLUE_TEXT: dict[str, list[str]] = {
    "sys_claim": ["that I haven't paid", "a different address from mine",
                  "that the job was done", "that I cancelled, which I never did",
                  "a balance that makes no sense"],
    "system": ["app", "website", "online account"],
    "owner": ["company"],
    "partner_failure": ["never turned up on the day booked",
                        "said they had no record of the job", "left without finishing",
                        "turned up late and did a poor job"],
}
SECTOR_CLUE_TEXT: dict[str, dict[str, list[str]]] = {
    "energy": {"partner": ["the meter installer", "the engineer your contractor sent",
                           "the network operator's engineer", "the installation company "
                           "you use", "the debt collection agency you passed me to"],
               "system": ["app", "online account", "billing system", "website"]},
    "telecom": {"partner": ["the engineer from the network company", "the contractor you "
                            "sent", "the installer", "the courier delivering the router",
                            "the network operator"],
                "system": ["app", "online account", "billing system", "website"]},
    "retail": {"partner": ["the courier", "the delivery firm", "the driver", "the supplier",
                           "the fitter you sent"],
               "system": ["app", "website checkout", "online account", "website"]},
    "council": {"partner": ["your bin contractor", "the repairs contractor",
                            "the contractor's crew", "the enforcement agents",
                            "the contractor you appointed"],
                "system": ["online portal", "website", "online account"],
                "owner": ["council"]},
    "insurance": {"partner": ["your approved repairer", "the loss adjuster",
                              "the garage you sent me to", "your claims partner",
                              "the contractor you appointed"],
                  "system": ["claims portal", "app", "online account", "website"]},
}
#: Share of medium-severity descriptions whose ask is a threat to go public (MEDIA_LINES).
MEDIA_SHARE: float = 0.07

#: A circumstance that makes the customer vulnerable, in their own words.
VULNERABILITY: list[str] = [
    "I'm {age} and live on my own, so this has really worried me.",
    "I look after my elderly mother, and this has added to an already stressful time.",
    "My husband passed away in {month_past}, and I'm dealing with everything on my own.",
    "My wife died recently, and sorting out the household accounts has been very hard.",
    "I'm a wheelchair user and rely on things at home working.",
    "I'm registered blind, and your letters aren't in a format I can read.",
    "I'm having chemotherapy at the moment and don't have the energy to keep chasing this.",
    "I'm seven months pregnant, and this is the last thing I need.",
    "Money is very tight at the moment; I'm on Universal Credit and every pound counts.",
    "I've been struggling with my mental health, and this has made my anxiety much worse.",
    "I have a learning disability, and my support worker is helping me write this.",
    "I'm recovering from a stroke and find long phone calls difficult.",
    "I lost my job recently and I'm behind on everything.",
    "My son is disabled and needs the house kept warm.",
    "English isn't my first language, and I find your letters hard to follow.",
]
#: Sentences with fictional personal data; each has a phone number, e-mail or postcode.
PERSONAL: list[str] = [
    "You can reach me on {phone}.",
    "Please call me on {phone} or email {email}.",
    "My name is {fullname} and my number is {phone}.",
    "The account is in the name of {fullname} at {postcode}, {acct_label} {acct}.",
    "For security, my date of birth is {dob} and my postcode is {postcode}.",
    "My email is {email} if that's easier.",
    "Contact details: {fullname}, {phone}, {email}.",
    "Please write to me at {house} {street}, {town} {postcode}.",
    "{Fullname}, {acct_label} {acct}, mobile {mobile}.",
]

#: Words that show a comment or description is about its contact reason / complaint category.
REASON_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    sector: {reason: text.keywords for reason, text in reasons.items()}
    for sector, reasons in REASONS.items()
}
CATEGORY_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    sector: {category: text.keywords for category, text in categories.items()}
    for sector, categories in COMPLAINTS.items()
}

# =========================================================================================
# Machinery: templates, pools, slot filling
# =========================================================================================

_DRAWS = 12  # uniform numbers drawn per row up front; more are derived from them if needed
_EPOCH = dt.date(1970, 1, 1).toordinal()
_CHANNEL_TAGS = frozenset(CHANNELS)
_LEVELS = ("short", "mid", "long")
_TOPIC_SLOTS = ("{topic}", "{Topic}", "{issue}", "{Issue}")
#: Chance of a very short comment, by score 1-5.
_SHORT_SHARE = (0.0, 0.08, 0.05, 0.02, 0.03, 0.06)
#: Chance of capitals / "!!" in a comment, by score.
_SHOUT_SHARE = (0.0, 0.3, 0.12, 0.0, 0.0, 0.0)
_BANG_SHARE = (0.0, 0.3, 0.15, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class _Template:
    text: str
    channels: frozenset[str]
    levels: frozenset[str]
    resolved: bool | None
    repeat: bool | None
    needs_context: bool

    def fits(self, channel: str, level: str, resolved: bool, repeat: bool) -> bool:
        return ((not self.channels or channel in self.channels)
                and (not self.levels or level in self.levels)
                and self.resolved in (None, resolved) and self.repeat in (None, repeat))


def _parse(raw: str) -> _Template:
    tags, _, text = raw.rpartition("|")
    tagset = frozenset(t.strip() for t in tags.split(",") if t.strip())
    unknown = tagset - _CHANNEL_TAGS - set(_LEVELS) - {"resolved", "unresolved", "repeat",
                                                         "first"}
    if unknown:
        raise ValueError(f"Unknown template tag(s) {sorted(unknown)} in {raw!r}")

    def flag(yes: str, no: str) -> bool | None:
        return True if yes in tagset else False if no in tagset else None

    return _Template(text, tagset & _CHANNEL_TAGS, tagset & set(_LEVELS),
                     flag("resolved", "unresolved"), flag("repeat", "first"),
                     not any(slot in text for slot in _TOPIC_SLOTS))


_PARSED = {kind: {theme: {tone: [_parse(t) for t in templates] for tone, templates in tones.items()}
                  for theme, tones in source.items()}
           for kind, source in (("long", COMMENT_TEMPLATES), ("short", SHORT_COMMENTS))}
_POOLS: dict[tuple, tuple[list[_Template], list[_Template]]] = {}


def _pools(theme: str, tone: str, channel: str, level: str, resolved: bool,
           repeat: bool) -> tuple[list[_Template], list[_Template]]:
    """The short and the full templates of a theme and tone that fit the row (cached)."""
    key = (theme, tone, channel, level, resolved, repeat)
    pools = _POOLS.get(key)
    if pools is None:
        pools = tuple([t for t in _PARSED[kind][theme].get(tone, ())
                       if t.fits(channel, level, resolved, repeat)]
                      for kind in ("short", "long"))
        _POOLS[key] = pools
    return pools


_LISTS: dict[tuple, dict] = {}


def _lists(sector: str, reason: str | None = None, channel: str | None = None,
           category: str | None = None) -> dict:
    """Every list a row can pick slot values from (cached per combination)."""
    key = (sector, reason, channel, category)
    merged = _LISTS.get(key)
    if merged is None:
        prof = SECTORS[sector]
        # the complaint rules of the category (an energy supplier's broadband complaints go
        # to Ofcom's scheme, its energy ones to the Energy Ombudsman), and only contact
        # topics under the same rules, so a complaint never mixes the two
        rules = prof.rules_for(category) if category is not None else prof.complaint_rules[0]
        merged = {**COMMON_TEXT, **SECTOR_TEXT[sector],
                  "ombudsman": [rules.ombudsman],
                  "regulator": [rules.spoken_regulator or rules.regulator],
                  "weeks": [str(rules.final_response_weeks)],
                  "acct_label": [SECTOR_REFS[sector]["acct_label"]],
                  "cs_topic": [t for name, r in REASONS[sector].items()
                               if prof.rules_for(name).key == rules.key for t in r.topics],
                  "_sector": sector}
        if reason is not None:
            merged.update(topic=REASONS[sector][reason].topics,
                          issue=REASONS[sector][reason].issues)
            merged["charge"] = REASON_CHARGES[sector].get(reason, merged["charge"])
        if channel is not None:
            merged.update(CHANNEL_TEXT[channel])
        if category is not None:
            text = COMPLAINTS[sector][category]
            merged.update(event=text.events, detail=text.details, harm=text.harms)
        _LISTS[key] = merged
    return merged


class _Row(dict):
    """Slot values for one output, filled on first use: ``str.format_map`` calls
    ``__missing__`` for each slot not yet known, so only the slots a template uses are made.
    Each row reads its own uniform numbers in order, which keeps rows independent."""

    __slots__ = ("u", "i", "lists", "day", "wait", "k")

    def __init__(self, u: list[float], lists: dict, day: int, wait: float = 0.0) -> None:
        self.u, self.i, self.lists, self.day, self.wait, self.k = u, 1, lists, day, wait, 0

    def rand(self) -> float:
        i = self.i
        self.i = i + 1
        if i < _DRAWS:
            return self.u[i]
        return (self.u[i % _DRAWS] * 7919.0 + i * 0.6180339887) % 1.0

    def pick(self, seq: Sequence):
        i = self.i  # same as seq[int(self.rand() * len(seq))], inlined for speed
        self.i = i + 1
        u = self.u[i] if i < _DRAWS else (self.u[i % _DRAWS] * 7919.0 + i * 0.6180339887) % 1.0
        return seq[int(u * len(seq))]

    def __missing__(self, key: str) -> str:
        options = self.lists.get(key)
        if options is not None:
            value = self.pick(options)
            if "{" in value:
                value = value.format_map(self)
        elif key[0].isupper():
            value = self[key[0].lower() + key[1:]]
            value = value[:1].upper() + value[1:]
        else:
            value = _SLOTS[key](self)
        self[key] = value
        return value


# ---- slot makers: each takes the row and returns the text for one slot -----------------------

def _fmt_date(ordinal: int) -> str:
    day = dt.date.fromordinal(ordinal)
    return f"{day.day} {MONTHS[day.month - 1]}"


def _weekday(ordinal: int) -> str:
    return WEEKDAYS[dt.date.fromordinal(ordinal).weekday()]


def _month(ordinal: int) -> str:
    return MONTHS[dt.date.fromordinal(ordinal).month - 1]


def _between(row: _Row, low: int, high: int) -> int:
    return low + int(row.rand() * (high - low + 1))


def _money(row: _Row, slot: str) -> str:
    low, high = SECTOR_AMOUNTS[row.lists["_sector"]][slot]
    pounds = int(low + (high - low) * row.rand() ** 1.6)
    if row.rand() < 0.2:
        return f"£{pounds:,}"
    return f"£{pounds:,}.{int(row.rand() * 100):02d}"


def _date(row: _Row) -> str:
    row.k = _between(row, 4, 45)
    return _fmt_date(row.day - row.k)


def _date2(row: _Row) -> str:
    """A date after {date} and before the row's date."""
    row["date"]
    return _fmt_date(row.day - _between(row, 1, max(row.k - 1, 1)))


def _day(row: _Row) -> str:
    k = _between(row, 1, 20)
    if k == 1:
        return "yesterday"
    if k < 7:
        return f"on {_weekday(row.day - k)}"
    if k < 14:
        return f"last {_weekday(row.day - k)}"
    return f"on {_fmt_date(row.day - k)}"


def _since(row: _Row) -> str:
    form = int(row.rand() * 6)
    if form == 0:
        return f"since {_fmt_date(row.day - _between(row, 5, 60))}"
    if form == 1:
        return f"since last {_weekday(row.day - _between(row, 7, 13))}"
    if form == 2:
        return f"since {_month(row.day - _between(row, 35, 100))}"
    if form == 3:
        return f"for {_between(row, 2, 8)} weeks"
    if form == 4:
        return f"for {_between(row, 3, 12)} days"
    return "for over a month"


def _day_ahead(row: _Row) -> str:
    k = _between(row, 1, 12)
    if k == 1:
        return "tomorrow"
    if k < 7:
        return f"on {_weekday(row.day + k)}"
    return f"on {_fmt_date(row.day + k)}"


def _slot(row: _Row, sign: int) -> str:
    when = row.day + sign * _between(row, 2, 12)
    return f"{row.pick(COMMON_TEXT['window'])} slot on {_weekday(when)} {_fmt_date(when)}"


def _wait(row: _Row) -> str:
    """The wait as the customer tells it: rounded, and often a little longer than it was."""
    minutes = row.wait * (1.0 + 0.4 * row.rand()) / 60
    if minutes < 10:
        n = max(2, round(minutes))
        return f"{n} minutes"
    if minutes < 50:
        n = 5 * round(minutes / 5)
        hedge = row.rand()
        if n < minutes and hedge < 0.3:
            return f"over {n} minutes"
        if n > minutes and hedge < 0.3:
            return f"nearly {n} minutes"
        return f"{n} minutes"
    if minutes < 60:
        return "nearly an hour"
    if minutes < 80:
        return row.pick(("an hour", "over an hour"))
    if minutes < 110:
        return "an hour and a half"
    hours = minutes / 60
    if hours < 36:
        return f"{round(hours)} hours"
    return f"{round(hours / 24)} days"


def _digits(row: _Row, n: int) -> str:
    """n random digits, the first never 0 (so no reference looks like a phone number)."""
    return str(int(10 ** (n - 1) * (1 + 9 * row.rand())))


def _phone(row: _Row) -> str:
    if row.rand() < 0.5:
        return _mobile(row)
    return row.pick(DRAMA_LANDLINES) + f"{int(row.rand() * 1000):03d}"


def _mobile(row: _Row) -> str:
    return DRAMA_MOBILE + f"{int(row.rand() * 1000):03d}"


def _email(row: _Row) -> str:
    first = row["person_first"].lower()
    last = row["person_surname"].lower().replace("'", "")
    number = _between(row, 1, 99)
    local = row.pick((f"{first}.{last}", f"{first[0]}{last}", f"{first}{last}{number}",
                      f"{last}.{first}"))
    return f"{local}@{row.pick(EMAIL_DOMAINS)}"


def _dob(row: _Row) -> str:
    born = dt.date.fromordinal(row.day - _between(row, 18 * 365, 90 * 365))
    return f"{born.day:02d}/{born.month:02d}/{born.year}"


def _postcode(row: _Row) -> str:
    unit = "ABDEFGHJLNPQRSTUWXYZ"
    return (f"{row.pick(POSTCODE_AREAS)}{_between(row, 1, 29)} {_between(row, 0, 9)}"
            f"{row.pick(unit)}{row.pick(unit)}")


def _acct(row: _Row) -> str:
    refs = SECTOR_REFS[row.lists["_sector"]]
    return refs["acct_prefix"] + _digits(row, int(refs["acct_digits"]))


_SLOTS: dict[str, Callable[[_Row], str]] = {
    "amount": lambda row: _money(row, "amount"),
    "amount2": lambda row: _money(row, "amount"),
    "small_amount": lambda row: _money(row, "small_amount"),
    "big_amount": lambda row: _money(row, "big_amount"),
    "wait": _wait,
    "date": _date,
    "date2": _date2,
    "day": _day,
    "since": _since,
    "month": lambda row: _month(row.day - _between(row, 10, 40)),
    "month_past": lambda row: _month(row.day - _between(row, 35, 120)),
    "day_ahead": _day_ahead,
    "slot": lambda row: _slot(row, +1),
    "past_slot": lambda row: _slot(row, -1),
    "ref": lambda row: f"{SECTOR_REFS[row.lists['_sector']]['ref']}-{_digits(row, 6)}",
    "order": lambda row: f"FL-{_digits(row, 8)}",
    "claim_ref": lambda row: f"CLM-{_digits(row, 7)}",
    "reading": lambda row: _digits(row, 5),
    "queue_pos": lambda row: str(_between(row, 6, 40)),
    "low_mbps": lambda row: str(_between(row, 2, 19)),
    "n_days": lambda row: str(_between(row, 2, 9)),
    "n_weeks": lambda row: str(_between(row, 2, 9)),
    "n_hours": lambda row: str(_between(row, 3, 12)),
    "n_years": lambda row: str(_between(row, 3, 18)),
    "age": lambda row: str(_between(row, 78, 93)),
    "house": lambda row: str(_between(row, 1, 140)),
    "fullname": lambda row: f"{row['person_first']} {row['person_surname']}",
    "phone": _phone,
    "mobile": _mobile,
    "email": _email,
    "dob": _dob,
    "postcode": _postcode,
    "acct": _acct,
}

# ---- finishing touches: capitals and typing slips ------------------------------------------

_MISSPELLINGS = {
    "definitely": "definately", "received": "recieved", "appointment": "appointmnet",
    "until": "untill", "tomorrow": "tommorow", "because": "becuase", "which": "wich",
    "engineer": "enginer", "separate": "seperate", "explained": "explaned",
}


def _shout(text: str, row: _Row, csat: int) -> str:
    """Angry customers type some words in capitals and end with "!!"."""
    if row.rand() < _SHOUT_SHARE[csat]:
        text = _SHOUT.sub(lambda m: m.group(0).upper(), text, count=1)
    if row.rand() < _BANG_SHARE[csat] and text[-1] in ".!":
        text = text.rstrip(".!") + "!!"
    return text


def _typo(text: str, row: _Row) -> str:
    """One typing slip; the text always changes."""
    kind = int(row.rand() * 5)
    if kind == 0 and "'" in text:
        return text.replace("'", "", 2)
    if kind == 1 and " I " in text:
        return text.replace(" I ", " i ")
    if kind == 2:
        for word, wrong in _MISSPELLINGS.items():
            if word in text:
                return text.replace(word, wrong, 1)
    words = text.split(" ")
    start = int(row.rand() * len(words))
    for j in range(len(words)):
        w = (start + j) % len(words)
        word = words[w]
        spots = [p for p in range(1, len(word) - 1)
                 if word[p].isalpha() and word[p + 1].isalpha() and word[p] != word[p + 1]]
        if len(word) >= 4 and spots:
            p = spots[int(row.rand() * len(spots))]
            if kind == 3:
                word = word[:p] + word[p + 1] + word[p] + word[p + 2:]
            else:
                word = word[:p] + word[p] + word[p:]
            words[w] = word
            return " ".join(words)
    return text + text[-1]


# ---- input checks -------------------------------------------------------------------------

def _check_lengths(function: str, columns: dict[str, Sequence]) -> int:
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        listed = ", ".join(f"{name}={n}" for name, n in lengths.items())
        raise ValueError(f"{function}: all inputs must have the same length, but got {listed}.")
    return next(iter(lengths.values()))


def _check_known(values: list[str], valid: Sequence[str], what: str, sector: str) -> None:
    unknown = sorted(set(values) - set(valid))
    if unknown:
        raise ValueError(f"Unknown {what} {unknown[0]!r} for sector {sector!r}. "
                         f"Valid {what} values: {', '.join(valid)}.")


def _ordinals(dates: Sequence[dt.date] | np.ndarray, name: str) -> list[int]:
    """Dates (date objects, numpy datetime64, pandas timestamps) as proleptic ordinals."""
    try:
        days = np.asarray(dates).astype("datetime64[D]")
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be dates (datetime.date or numpy datetime64).") from error
    if np.isnat(days).any():
        raise ValueError(f"{name} has missing dates (NaT).")
    return (days.astype(np.int64) + _EPOCH).tolist()


# =========================================================================================
# Public functions
# =========================================================================================

_THEME_INDEX = {theme: i for i, theme in enumerate(THEMES)}


def _choose_themes(u: np.ndarray, csat: np.ndarray, ratio: np.ndarray, resolved: np.ndarray,
                   repeat: np.ndarray, kind: np.ndarray, chat: np.ndarray,
                   digital_boost: np.ndarray | None = None) -> np.ndarray:
    """One theme index per row, drawn from weights set by the row's drivers."""
    t = _THEME_INDEX
    weights = np.zeros((len(csat), len(THEMES)))
    # how strongly problems drive the comment: fully at 1-3, half at 4, not at 5
    driver = np.select([csat <= 3, csat == 4], [1.0, 0.5], 0.0)
    weights[:, t["waiting time"]] = driver * np.select(
        [ratio >= 2, ratio >= 1, ratio >= 0.5], [16.0, 10.0, 0.8], 0.0)
    weights[:, t["resolution"]] = driver * np.where(resolved, 0.0, 4.5)
    weights[:, t["repeat contact"]] = driver * np.where(repeat, 3.5, 0.0)
    weights[:, t["billing and charges"]] = driver * np.where(kind == "billing", 3.0, 0.25)
    weights[:, t["staff attitude"]] = np.select([csat <= 2, csat == 3, csat == 4],
                                                [1.2, 0.8, 0.1], 0.0)
    weights[:, t["digital and app"]] = np.where(csat == 5, 0.5, driver) * (
        0.6 + 0.8 * chat + 1.2 * (kind == "digital"))
    if digital_boost is not None:
        weights[:, t["digital and app"]] *= digital_boost
    weights[:, t["product or service"]] = driver * np.select(
        [kind == "product", kind == "billing"], [2.5, 0.0], 0.5)
    weights[:, t["praise"]] = np.select([csat == 5, csat == 4], [12.0, 8.0], 0.0)
    cumulative = weights.cumsum(axis=1)
    return (cumulative < (u * cumulative[:, -1])[:, None]).sum(axis=1)


def _comment(row: _Row, theme: str, tone: str, csat: int, channel: str, level: str,
             resolved: bool, repeat: bool) -> str:
    """Build one comment from the theme's templates, then add asides, capitals and slips."""
    short, full = _pools(theme, tone, channel, level, resolved, repeat)
    parts: list[str] = []
    is_short = bool(short) and row.rand() < _SHORT_SHARE[csat]
    if is_short:
        parts.append(row.pick(short).text)
    else:
        template = row.pick(full)
        if row.rand() < 0.2:
            parts.append(row.pick(OPENERS[tone]))
        if template.needs_context:
            parts.append(row.pick(CONTEXT))
        parts.append(template.text)
    aside = ""
    if tone != "pos":
        if not resolved and theme != "resolution" and (csat <= 2 or row.rand() < 0.4):
            aside = "unresolved"
        elif repeat and theme != "repeat contact" and row.rand() < 0.4:
            aside = "repeat"
        elif level == "long" and theme != "waiting time" and row.rand() < 0.4:
            aside = "wait"
    if aside:
        parts.append(row.pick((SHORT_ASIDES if is_short else ASIDES)[aside]))
    elif len(parts) < 3 and row.rand() < 0.25:
        parts.append(row.pick(CLOSERS[tone]))
    text = " ".join(parts).format_map(row)
    if csat <= 2:
        text = _shout(text, row, csat)
    if row.rand() < TYPO_RATE:
        text = _typo(text, row)
    return text


def contact_comments(
    rng: np.random.Generator, *, sector: str, reasons: Sequence[str], channels: Sequence[str],
    csat: Sequence[int], resolved: Sequence[bool], wait_s: Sequence[float],
    repeat: Sequence[bool], dates: Sequence[dt.date] | np.ndarray,
    digital_boost: Sequence[float] | None = None,
) -> tuple[list[str], list[str]]:
    """One survey comment and one theme label per row (all inputs the same length).

    ``digital_boost`` (optional, one factor per row, default 1) multiplies how likely the
    row's comment is about the app or website: the generator uses it for a growing problem
    that the satisfaction score alone does not show.

    Each row is one surveyed contact: why the customer got in touch (``reasons``, from the
    sector profile), the channel (phone/email/chat/social), their CSAT score (1-5, 5 best),
    whether it was resolved first time, how long they waited in seconds (queue time for phone
    and chat, time to the first reply for e-mail and social), whether it was a repeat contact,
    and the contact's date. The theme (one of ``THEMES``) is the main thing the comment is
    about, and the comment is written from that theme's templates.

    Example:
        >>> import datetime as dt
        >>> import numpy as np
        >>> comments, themes = contact_comments(
        ...     np.random.default_rng(7), sector="energy",
        ...     reasons=["smart meter", "billing query"], channels=["phone", "chat"],
        ...     csat=[1, 5], resolved=[False, True], wait_s=[2400.0, 20.0],
        ...     repeat=[False, False], dates=[dt.date(2025, 3, 14)] * 2)
        >>> themes
        ['waiting time', 'praise']
    """
    prof = profile(sector)
    key = prof.key
    n = _check_lengths("contact_comments", {
        "reasons": reasons, "channels": channels, "csat": csat, "resolved": resolved,
        "wait_s": wait_s, "repeat": repeat, "dates": dates})
    reasons = [str(r) for r in reasons]
    channels = [str(c) for c in channels]
    _check_known(reasons, list(prof.reasons), "reason", key)
    _check_known(channels, CHANNELS, "channel", key)
    scores = np.asarray(csat, dtype=float)
    if n and (np.isnan(scores).any() or scores.min() < 1 or scores.max() > 5
              or (scores != np.round(scores)).any()):
        raise ValueError("csat must be whole numbers from 1 to 5 (5 best).")
    scores = scores.astype(int)
    waits = np.asarray(wait_s, dtype=float)
    if n and ((~np.isfinite(waits)).any() or (waits < 0).any()):
        raise ValueError("wait_s must be finite and not negative (seconds).")
    done = np.asarray(resolved, dtype=bool)
    again = np.asarray(repeat, dtype=bool)
    days = _ordinals(dates, "dates")

    u = rng.random((n, _DRAWS))
    ratio = waits / np.array([LONG_WAIT_S[c] for c in channels]) if n else waits
    kind = np.array([REASONS[key][r].kind for r in reasons])
    chat = np.array([c == "chat" for c in channels], dtype=bool)
    boost = np.ones(n) if digital_boost is None else np.asarray(digital_boost, dtype=float)
    if boost.shape != (n,) or (boost < 0).any():
        raise ValueError("digital_boost needs one factor of 0 or more per row.")
    themes = _choose_themes(u[:, 0], scores, ratio, done, again, kind, chat, boost)
    praise, digital = _THEME_INDEX["praise"], _THEME_INDEX["digital and app"]
    tones = np.where(scores <= 2, "neg", np.where(
        (themes == praise) | ((scores == 5) & (themes == digital)), "pos", "mixed"))
    levels = np.select([ratio >= 1, ratio >= 0.5], ["long", "mid"], "short")

    comments: list[str] = []
    labels: list[str] = []
    rows = u.tolist()
    for i, (theme_i, tone, score, channel, level, res, rep) in enumerate(zip(
            themes.tolist(), tones.tolist(), scores.tolist(), channels, levels.tolist(),
            done.tolist(), again.tolist(), strict=True)):
        row = _Row(rows[i], _lists(key, reasons[i], channel), days[i], float(waits[i]))
        theme = THEMES[theme_i]
        comments.append(_comment(row, theme, tone, score, channel, level, res, rep))
        labels.append(theme)
    return comments, labels


def _description(row: _Row, severity: str, vulnerable: bool, personal: bool,
                 cause: str | None = None) -> str:
    """2-5 sentences: what happened, a clue to the root cause (when ``cause`` is given),
    optional detail/impact, circumstance, ask, contact."""
    required = []
    if vulnerable:
        required.append(row.pick(VULNERABILITY))
    harm = None
    if severity == "high":
        harms = row.lists["harm"]
        harm = row.pick(harms if harms and row.rand() < 0.7 else HARMS)
        required.append(harm)
        required.append(row.pick(OMBUDSMAN_LINES if row.rand() < 0.75 else DEMANDS))
    elif severity == "medium" and row.rand() < MEDIA_SHARE:
        required.append(row.pick(MEDIA_LINES))
    else:
        required.append(row.pick(ASKS[severity]))
    if personal:
        required.append(row.pick(PERSONAL))
    clue = []
    if cause is not None:
        clue.append(row.pick(row.lists["clue"]))
        if len(required) > 3 and harm is not None:  # at most 5 sentences in all
            required.remove(harm)
    optional = []
    room = 4 - len(clue) - len(required)
    if room > 0 and row.rand() < 0.6:
        optional.append(row.pick(row.lists["detail"]))
    if room > len(optional) and row.rand() < (0.2 if severity == "low" else 0.5):
        optional.append(row.pick(IMPACT))
    return " ".join([row.pick(row.lists["event"]), *clue, *optional,
                     *required]).format_map(row)


_CLUE_LISTS: dict[tuple[str, str, str], dict] = {}


def _clue_lists(sector: str, category: str, cause: str) -> dict:
    """A category's slot lists plus the clue sentences of one root cause (cached)."""
    key = (sector, category, cause)
    merged = _CLUE_LISTS.get(key)
    if merged is None:
        merged = {**_lists(sector, category=category), **CLUE_TEXT,
                  **SECTOR_CLUE_TEXT[sector], "clue": ROOT_CAUSE_CLUES[cause]}
        _CLUE_LISTS[key] = merged
    return merged


_ESCALATION: list[re.Pattern] = []


def threatens_escalation(description: str) -> bool:
    """Whether a complaint threatens to go outside the organisation: to an ombudsman or ADR
    scheme, a regulator (or Trading Standards, a councillor: whoever the sector's customers
    name), an MP, the newspapers or social media. Such a complaint goes to a senior handler.

    Example:
        >>> threatens_escalation("If this is not resolved I will take it to the Energy "
        ...                      "Ombudsman.")
        True
        >>> threatens_escalation("Please correct this and confirm in writing.")
        False
    """
    if not _ESCALATION:
        names = {name for prof in SECTORS.values() for rules in prof.complaint_rules
                 for name in (rules.ombudsman, rules.regulator, rules.spoken_regulator)
                 if name}
        words = sorted(names | {"ombudsman", "social media", "newspaper", "local paper",
                                "my MP"}, key=len, reverse=True)
        _ESCALATION.append(re.compile(
            r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I))
    return bool(_ESCALATION[0].search(str(description)))


def complaint_descriptions(
    rng: np.random.Generator, *, sector: str, categories: Sequence[str],
    severity: Sequence[str], vulnerable: Sequence[bool],
    received: Sequence[dt.date] | np.ndarray, personal_data_share: float = 0.3,
    root_causes: Sequence[str] | None = None,
    record: list[list[tuple[str, str]]] | None = None,
) -> tuple[list[str], list[bool]]:
    """One description per complaint, and whether it contains (fictional) personal data.

    ``record`` (optional, a list) receives, for each description, the personal data written
    into it as (kind, exact text) pairs in the kinds of :mod:`csmlib.analysis.privacy` (NAME,
    PHONE, EMAIL, POSTCODE, DATE_OF_BIRTH, ADDRESS, ACCOUNT_NUMBER or REFERENCE): the
    answer key for measuring a personal-data finder kind by kind.

    Each description is 2-5 sentences in the customer's words, consistent with the category
    (from the sector profile) and severity ("low", "medium", "high": high ones describe a
    financial loss or a danger and often threaten the ombudsman of the rules the category
    falls under, ``profile(sector).rules_for(category)``: an energy supplier's broadband
    complaints name Ofcom's scheme, never the Energy Ombudsman). Vulnerable
    customers mention their circumstances. Dates mentioned fall before ``received``. About
    ``personal_data_share`` of descriptions include fictional personal data (always a phone
    number from the drama ranges, an ``example.com`` e-mail or a postcode; sometimes also a
    full name, account number or date of birth); the others contain none.

    ``root_causes`` (optional, one of :data:`ROOT_CAUSES` per complaint) adds one clue
    sentence in the customer's words that points to the cause ("Nobody followed up after my
    last call…" for a process gap, "Your system shows…" for a system error): see
    :data:`ROOT_CAUSE_CLUES`. Medium-severity complaints sometimes threaten to go to the
    media or an MP (:data:`MEDIA_LINES`); :func:`threatens_escalation` finds every threat.

    Example:
        >>> import datetime as dt
        >>> import numpy as np
        >>> texts, personal = complaint_descriptions(
        ...     np.random.default_rng(2), sector="council", categories=["council tax"],
        ...     severity=["low"], vulnerable=[False], received=[dt.date(2025, 4, 2)],
        ...     personal_data_share=0.0)
        >>> "council tax" in texts[0], personal
        (True, [False])
        >>> texts, _ = complaint_descriptions(
        ...     np.random.default_rng(2), sector="retail", categories=["damaged goods"],
        ...     severity=["medium"], vulnerable=[False], received=[dt.date(2025, 4, 2)],
        ...     personal_data_share=0.0, root_causes=["third party"])
        >>> any(p in texts[0].lower() for p in SECTOR_CLUE_TEXT["retail"]["partner"])
        True
    """
    prof = profile(sector)
    key = prof.key
    n = _check_lengths("complaint_descriptions", {
        "categories": categories, "severity": severity, "vulnerable": vulnerable,
        "received": received})
    categories = [str(c) for c in categories]
    severity = [str(s) for s in severity]
    _check_known(categories, list(prof.complaint_categories), "category", key)
    _check_known(severity, SEVERITIES, "severity", key)
    if not 0.0 <= float(personal_data_share) <= 1.0:
        raise ValueError("personal_data_share must be between 0 and 1.")
    vulnerable = np.asarray(vulnerable, dtype=bool).tolist()
    days = _ordinals(received, "received")
    if root_causes is not None:
        if len(root_causes) != n:
            raise ValueError(f"complaint_descriptions: root_causes has {len(root_causes)} "
                             f"values; categories has {n}. Give one per complaint.")
        causes: list[str | None] = [str(c) for c in root_causes]
        _check_known(causes, ROOT_CAUSES, "root cause", key)
    else:
        causes = [None] * n

    u = rng.random((n, _DRAWS))
    personal = (u[:, 0] < personal_data_share).tolist()
    rows = [_Row(draws, _lists(key, category=categories[i]) if causes[i] is None
                 else _clue_lists(key, categories[i], causes[i]), days[i])
            for i, draws in enumerate(u.tolist())]
    texts = [_description(rows[i], severity[i], vulnerable[i], personal[i], causes[i])
             for i in range(n)]
    if record is not None:
        record.extend(_personal_items(row, text) if has else []
                      for row, text, has in zip(rows, texts, personal, strict=True))
    return texts, personal


#: slot -> the privacy finder's kind for what the slot writes
_PERSONAL_KINDS = {"fullname": "NAME", "Fullname": "NAME", "phone": "PHONE", "mobile": "PHONE",
                   "email": "EMAIL", "postcode": "POSTCODE", "dob": "DATE_OF_BIRTH"}


def _personal_items(row: _Row, text: str) -> list[tuple[str, str]]:
    """The personal data a filled row wrote into ``text``, as (kind, exact text) pairs."""
    items = [(kind, str(row[slot])) for slot, kind in _PERSONAL_KINDS.items()
             if dict.__contains__(row, slot)]
    if dict.__contains__(row, "acct"):
        acct = str(row["acct"])
        items.append(("ACCOUNT_NUMBER" if acct.isdigit() and len(acct) == 8 else "REFERENCE",
                      acct))
    if dict.__contains__(row, "street") and dict.__contains__(row, "house"):
        items.append(("ADDRESS", f"{row['house']} {row['street']}"))
    return [(kind, value) for kind, value in dict.fromkeys(items) if value in text]
