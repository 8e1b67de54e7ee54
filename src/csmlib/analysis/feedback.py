"""What customers say: themes and sentiment in survey comments, with rules a manager can read.

How it works, for a manager
---------------------------
Nothing here is a "black box". Two word lists (lexicons) near the top of this module do all
the work, and a tutor can read and extend them:

* ``THEME_LEXICON`` lists, for each theme, the words and phrases ("cues") that suggest it:
  "on hold" and "queue" for waiting time, "still not sorted" for resolution, "rude" for staff
  attitude, "chase" for repeat contact, "overcharged" for billing, "app" for digital, "faulty"
  for product or service, "brilliant" for praise. A cue ending in ``*`` is a stem: "chase*"
  matches chase, chased, chasing. Case, apostrophes and hyphens are ignored, so "didn't",
  "didnt" and "DIDN'T" are the same cue.
* ``SENTIMENT_LEXICON`` gives positive and negative words and phrases a weight ("excellent"
  +2, "helpful" +1, "rude" -2, "confusing" -1).

**Theme** (``assign_theme``): every cue found in the comment scores a point for its theme,
with these adjustments:

1. Longer phrases are matched first and their words are not counted again ("reading from a
   script" is staff attitude, not a meter reading; "still waiting" is resolution, not waiting
   time).
2. A theme scores at most one point per clause (the text between punctuation marks or
   "but"), so "my smart meter's in-home display" is one mention of the product, not three.
3. Words that only say *what the contact was about* do not count: the opening "Rang about
   my bill." and anything after "about", "re" or "regarding" up to the next comma or "and".
   "I called about my bill and nobody called back" is about resolution, not billing. This
   applies to the topic themes (billing, digital, product or service); they are used only
   when the comment has no other cue. "Not happy about ..." is not a topic: after a feeling
   word, "about" introduces the complaint.
4. When a compliment comes before "but" (or "though", "however"), the complaint after it
   counts one and a half times: "Helpful adviser, but the app keeps crashing" is about the
   app.
5. Negated compliments ("not great", "wasn't helpful") are not praise.

The theme with the most points wins. A tie goes to the theme whose first cue comes first
in the comment (customers usually start with what matters most), then to the order in
``THEME_PRIORITY``. Praise competes like any other theme, but it is ruled out when the
comment's sentiment is negative or the customer's CSAT score is 1 or 2, and it wins every
tie when the sentiment is clearly positive (0.5 or more). A compliment about the app or
website itself ("Love the new app") is filed under "digital and app", so the digital team
hears the good news too. A comment with no cue at all is "praise" if its sentiment is
positive, otherwise "other".

**Sentiment** (``sentiment``): add up the weights of the positive words (P) and the negative
words (N, as a positive number), then score = (P - N) / (P + N + 1), always between -1 and 1.
The "+ 1" stops one word from giving a perfect score: "Good." scores 0.5. The rules:

* Negators ("not", "no", "never", "nobody", "nothing", "without", any "n't" word, and
  "would/could/should have been", as in "would have been good if ...") flip the next 1-3
  words in the same clause (stopping at punctuation or "but"). A negated positive counts
  fully negative ("not helpful" is -1); a negated negative counts half positive ("no
  problems" is +0.5), because "not bad" is faint praise. Phrases that contain their own
  negator ("couldn't fault", "not good enough") are scored as a whole instead.
* Intensifiers ("very", "really", "so", "extremely", ...) make the next 1-2 words count
  1.5 times ("very rude" is -3).
* Shouting: a word in CAPITALS (three letters or more) or "!!" anywhere in the comment makes
  every negative word count 1.5 times.

``sentiment_label`` turns the score into "negative" (-0.2 or below), "positive" (0.2 or
above) or "neutral" (in between, which includes mixed comments where good and bad cancel).

Limits (say these out loud when you present the results):

* Sarcasm and irony are read literally: "Great, another 40 minutes on hold" counts "great"
  as praise (the hold time usually still wins the theme, but the sentiment is too kind).
* Mixed comments get one theme: "Rude adviser and still not sorted" is labelled by whichever
  cue scores more, or comes first. So "My claim handler still hasn't got back to me" is
  filed under product or service (the claim comes first), where an analyst would say
  resolution. Use ``verbatims`` to read what sits behind a number.
* Complaints with no emotive word ("It took eleven days to answer my email") score
  neutral: sentiment finds feelings, not facts. Use the CSAT score alongside it.
* Words not in the lexicons are invisible: a new product name, slang, spelling mistakes
  ("recieved" is fine, "brillaint" is not) and other languages. Read a sample of "other"
  comments and add the cues you find.
* It is checked against analysts' labels on the course data (``theme_accuracy``); on your
  own comments, check a labelled sample of 100 or so before trusting the percentages.

Example:
    >>> round(sentiment("Not helpful at all, and very rude."), 2)
    -0.8
    >>> assign_theme("45 minutes on hold just to ask about my bill!!")
    'waiting time'
    >>> assign_theme("Sophie was brilliant and sorted it in no time.", csat=5)
    'praise'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from numbers import Real

import numpy as np
import pandas as pd

from csmlib.analysis import checks
from csmlib.data.schema import require_columns

__all__ = [
    "ANALYSED_COLUMNS", "BY_OPTIONS", "INTENSIFIERS", "NEGATORS", "NEGATIVE_CUTOFF",
    "OTHER", "POSITIVE_CUTOFF", "SENTIMENT_LEXICON", "TEXT_ANALYSED_COLUMNS", "THEME_LEXICON",
    "THEME_PRIORITY", "TOPIC_THEMES", "VERBATIM_COLUMNS",
    "analyse", "analyse_text", "assign_theme", "csat_by_theme", "sentiment", "sentiment_label",
    "theme_accuracy", "theme_summary", "theme_trend", "themes_by", "verbatims",
    "what_detractors_say",
]

# =========================================================================================
# The lexicons: plain data a tutor can read and extend
# =========================================================================================

#: Cue words and phrases per theme. Lower case; ``*`` at the end marks a stem ("chase*"
#: matches chase, chased, chasing); apostrophes and hyphens are ignored when matching.
#: A cue belongs to one theme only (a test checks this).
THEME_LEXICON: dict[str, tuple[str, ...]] = {
    "waiting time": (
        "on hold", "hold music", "held on the line", "in the queue", "in a queue", "queue*",
        "queuing", "chat queue", "phone queue", "wait*", "long wait", "the wait",
        "took ages", "ages to", "for ages", "took forever", "forever", "far too long",
        "too long", "way too long", "so long to", "a long time to", "get through",
        "couldn't get through", "hard to get through", "get hold of", "got cut off",
        "call dropped", "nobody answer*", "no one answer*", "for anyone to", "to answer",
        "slow to answer", "slow to respond", "slow to reply", "slow response", "slow reply",
        "for a reply", "for a response", "get a reply", "get a response", "to reply",
        "to respond", "response time*", "before anyone", "before someone", "before an agent",
        "before i got", "more staff", "understaffed", "under staffed", "short staffed",
        "not enough staff", "minutes", "hours", "an hour", "half an hour", "days to",
        "weeks to", "rang out", "ringing out", "kept ringing", "engaged tone", "gave up",
        "abandoned the call", "how important my call is", "speed of answer",
    ),
    "resolution": (
        "not sorted", "still not sorted", "not been sorted", "never sorted", "isn't sorted",
        "wasn't sorted", "not sorted yet", "not yet sorted", "not resolved", "unresolved",
        "not been resolved", "never resolved", "no resolution", "still not fixed", "not fixed",
        "didn't fix", "couldn't fix", "hasn't been fixed", "without fixing", "still waiting",
        "still isn't", "still hasn't", "still not", "still no", "call back", "callback",
        "called back", "call me back", "calls back", "ring me back", "get back to me",
        "got back to me", "gets back to me", "come back to me", "heard back", "hear back",
        "heard nothing", "nothing back", "never heard", "no update", "no updates",
        "nothing has been done", "nothing done", "nothing happens", "nothing happened",
        "nothing's been done", "no progress", "no action", "promised", "closed my case",
        "closed the case", "closed my complaint", "closed without", "case closed",
        "fobbed off", "pillar to post", "round in circles", "passed around", "passed from",
        "nobody can help", "no one can help", "couldn't help", "could not help", "no help",
        "didn't help", "no answer", "no solution", "not dealt with", "escalat*", "unsolved",
        "still outstanding", "nobody followed up", "never followed up", "nobody rang",
        "never rang", "never called", "nobody called", "no one called", "no one got back",
        "nobody got back", "no one rang", "going nowhere", "problem remains", "still there",
        "marked as complete", "marked as resolved", "marked as closed", "marked as fixed",
    ),
    "staff attitude": (
        "rude*", "attitude", "abrupt*", "patronis*", "patroniz*", "condescend*", "dismissive*",
        "arrogant", "sarcas*", "unprofessional", "unfriendly", "impolite", "disrespect*",
        "hung up", "hang up", "put the phone down", "talked over", "talking over",
        "spoke over", "interrupt*", "shouted", "shouting", "raised his voice",
        "raised her voice", "sigh*", "couldn't care less", "couldn't have cared less",
        "cared less", "didn't care", "don't care", "doesn't care", "no interest",
        "not interested", "didn't want to help", "didn't listen", "wasn't listening",
        "not listening", "made me feel", "made to feel", "nuisance", "stupid", "like an idiot",
        "reading from a script", "script*", "robotic", "not my department", "clueless",
        "didn't know", "didn't seem to know", "no idea", "incompetent", "lazy", "unhelpful",
        "rushed", "short with me", "blunt", "friendlier", "nicer", "lack of empathy",
        "no empathy", "uncaring", "unsympathetic", "refused", "manager", "supervisor",
        "team leader", "ended the chat", "closed the chat", "box to tick", "tick box", "tone",
        "manner", "argued", "argumentative", "lied", "lying", "liar", "laughed at",
        "belittl*", "poorly trained", "untrained", "inexperienced", "knew nothing",
        "jobsworth", "ignored me", "offhand", "off hand", "curt", "snapped", "snappy",
        "impatient", "customer care", "attitude problem", "spoke to me like",
    ),
    "repeat contact": (
        "chase*", "chasing", "second time", "second call", "second contact", "second attempt",
        "third", "fourth", "fifth", "sixth", "umpteenth", "nth time", "again and again",
        "yet again", "once again", "time and again", "call again", "ring again",
        "contact again", "contacting again", "several times", "many times", "multiple times",
        "numerous times", "countless times", "so many times", "three times", "four times",
        "five times", "same problem", "same issue", "same thing", "keep having to",
        "kept having to", "keep calling", "keep ringing", "keep contacting", "every time i",
        "every week", "each time", "from scratch", "start again", "starting again",
        "explain everything", "explain again", "explaining again", "repeat myself",
        "repeating myself", "repeat*", "read the notes", "no notes", "the notes",
        "not the first time", "first time", "shouldn't have had to", "shouldn't have needed",
        "should not have had to", "had to call back", "had to ring back", "had to phone back",
        "had to call again", "attempt*", "time now", "times now", "another call",
        "call after call", "follow up*", "following up", "back again", "still chasing",
        "lost count",
    ),
    "billing and charges": (
        "bill", "bills", "billed", "billing", "overcharg*", "charg*", "fee", "fees", "price*",
        "pricing", "pricey", "cost*", "expensive", "£", "refund*", "money back", "money",
        "paid", "pay", "paying", "payment*", "direct debit*", "instalment*", "installment*",
        "invoice*", "statement*", "balance", "in credit", "credit", "debt*", "arrears",
        "tariff*", "standing charge", "exit fee", "estimated bill*", "rip off", "ripped off",
        "daylight robbery", "extortionate", "overpriced", "value for money", "price rise",
        "price increase", "gone up", "went up", "going up", "renewal*", "premium*", "excess",
        "council tax", "discount*", "deduct*", "double charged", "taken twice",
        "compensation", "goodwill", "penalty", "parking fine", "pcn", "surcharge", "vat",
        "quote*", "quoted", "contract price", "mid contract", "afford*", "unfair",
        "overpa*", "underpa*", "reimburs*", "billed twice", "charged twice",
    ),
    "digital and app": (
        "app", "apps", "website", "web site", "site", "online", "web chat", "webchat",
        "live chat", "online chat", "chatbot", "chat bot", "bot", "virtual assistant",
        "log in", "login", "logging in", "log on", "logged out", "logging me out", "sign in",
        "signing in", "password*", "reset email", "username", "portal", "online form",
        "form", "forms", "crash*", "glitch*", "bug", "bugs", "buggy", "error message",
        "error code", "erroring", "timing out", "timed out", "times out", "timeout",
        "won't load", "doesn't load", "not loading", "loading", "page", "link", "click*",
        "download*", "upload*", "self service", "myself online", "do it myself",
        "online account", "my account online", "checkout", "basket", "tracking link",
        "digital", "app update", "mobile site", "iphone", "android", "browser",
        "verification code", "security code", "automated", "phone menu", "menu options",
        "keeps logging", "smartphone",
    ),
    "product or service": (
        "broken", "faulty", "fault", "faults", "damaged", "damage", "defective",
        "not working", "doesn't work", "stopped working", "isn't working", "won't work",
        "keeps dropping", "dropping out", "drops out", "cutting out", "cuts out", "cut off",
        "tripping", "outage", "power cut", "no power", "no gas", "no electricity",
        "no heating", "no hot water", "no internet", "no signal", "no service",
        "no connection", "signal", "coverage", "broadband", "internet", "wifi", "wi fi",
        "router", "connection", "connected", "speed*", "mb", "mbps", "engineer*",
        "technician", "fitter", "installer", "install*", "didn't turn up", "never turned up",
        "didn't show", "no show", "turned up", "missed appointment", "appointment*",
        "delivery", "deliver*", "parcel*", "courier*", "order", "orders", "missing", "lost",
        "wrong item", "wrong size", "item*", "product*", "quality", "poor quality", "stock",
        "smart meter", "meter", "meters", "reading", "readings", "display", "blank", "supply",
        "gas", "electricity", "power", "boiler", "heating", "leak*", "damp", "mould", "mold",
        "repair*", "bin", "bins", "collection*", "recycling", "rubbish", "litter", "pothole*",
        "street light*", "noise", "noisy", "planning", "claim", "claims", "cover", "policy",
        "loss adjuster", "assessor", "garage", "courtesy car", "poor service", "bad service",
        "terrible service", "awful service", "shocking service", "pathetic service",
        "rubbish service", "dreadful service", "appalling service", "cancel*", "contract",
        "restarting", "keeps restarting", "keeps turning off", "down again", "is down",
        "been down", "went down", "sent a reading", "in home display", "network", "mast",
        "handset", "sim", "tv", "channels", "picture", "replacement", "replace*", "refit",
    ),
    "praise": (
        "thank*", "cheers", "brilliant", "excellent", "great", "fantastic", "amazing",
        "superb", "wonderful", "lovely", "fab", "fabulous", "perfect", "spot on", "helpful",
        "friendly", "polite", "courteous", "patient*", "kind", "kindness", "knowledgeable",
        "professional", "efficient", "quick", "quickly", "prompt*", "fast", "easy",
        "painless", "sorted", "resolved", "sorted first time", "fixed first time",
        "resolved first time", "right first time", "above and beyond", "couldn't fault",
        "can't fault", "could not fault", "faultless", "impressed", "pleased", "happy",
        "recommend*", "credit to", "5 stars", "five stars", "10/10", "listened",
        "understanding", "reassur*", "clear", "explained", "no fuss", "hassle free",
        "well done", "keep it up", "pleasure", "smooth*", "seamless", "first class",
        "top notch", "good", "nice", "love", "loved", "pleasant", "appreciat*", "grateful",
        "glad", "caring", "empathetic", "within minutes", "in minutes", "in seconds",
        "within a couple of minutes", "within a few minutes", "within the hour",
        "straight away", "right away", "no wait", "in no time", "there and then",
        "great service", "good service", "excellent service", "brilliant service",
        "superb service", "top service", "fantastic service", "star", "stars",
    ),
}

#: Final tie-break when two themes score the same and their first cues start at the same place.
THEME_PRIORITY: tuple[str, ...] = (
    "staff attitude", "waiting time", "repeat contact", "resolution", "billing and charges",
    "digital and app", "product or service", "praise",
)
#: Label for a comment with no theme cue and no positive sentiment.
OTHER = "other"

#: Sentiment weights: positive words add, negative words subtract. ``*`` marks a stem.
SENTIMENT_LEXICON: dict[str, dict[str, float]] = {
    "positive": {
        "thank*": 1.0, "cheers": 1.0, "brilliant": 2.0, "excellent": 2.0, "great": 1.5,
        "good": 1.0, "fantastic": 2.0, "amazing": 2.0, "superb": 2.0, "wonderful": 2.0,
        "lovely": 1.5, "fab": 1.5, "fabulous": 2.0, "perfect": 1.5, "spot on": 1.5,
        "helpful": 1.0, "friendly": 1.0, "polite": 1.0, "courteous": 1.0, "patient*": 1.0,
        "kind": 1.0, "knowledgeable": 1.0, "professional": 1.0, "efficient": 1.0,
        "quick*": 1.0, "prompt*": 1.0, "fast": 0.5, "easy": 1.0, "easily": 1.0,
        "painless": 1.0, "sorted": 1.0, "resolved": 1.0, "fixed it": 1.0, "solved": 1.0,
        "above and beyond": 2.0, "couldn't fault": 2.0, "can't fault": 2.0,
        "could not fault": 2.0, "faultless": 2.0, "impressed": 1.5, "pleased": 1.0,
        "happy": 1.0, "recommend*": 1.5, "credit to": 1.5, "5 stars": 2.0, "five stars": 2.0,
        "10/10": 2.0, "listened": 1.0, "understanding": 1.0, "reassur*": 1.0, "clear": 0.5,
        "clearly explained": 1.0, "explained": 0.5, "well done": 1.5, "keep it up": 1.0,
        "pleasure": 1.0, "smooth*": 1.0, "seamless": 1.5, "first class": 2.0,
        "top notch": 2.0, "nice": 1.0, "love": 1.5, "loved": 1.5, "pleasant": 1.0,
        "appreciat*": 1.0, "grateful": 1.5, "glad": 1.0, "caring": 1.0, "empathetic": 1.0,
        "in no time": 1.0, "straight away": 0.5, "right away": 0.5, "progress": 0.5,
        "acceptable": 0.5, "useful": 1.0, "best": 1.0, "star": 1.0,
        "saves": 0.5, "worked": 0.5, "works": 0.5, "fair": 0.5, "honest": 1.0,
        "respectful": 1.0, "calm": 0.5, "outstanding service": 2.0, "helped": 1.0,
        "updated": 0.5, "use again": 1.0, "kept me informed": 1.5, "on time": 0.5,
        "went well": 1.0, "no complaints": 1.5, "top marks": 2.0,
    },
    "negative": {
        "rude*": 2.0, "useless": 2.0, "ridiculous": 2.0, "disgust*": 2.0, "appalling": 2.0,
        "shocking": 2.0, "awful": 2.0, "terrible": 2.0, "worst": 2.0, "joke": 1.5,
        "fuming": 2.0, "furious": 2.0, "unacceptable": 2.0, "not acceptable": 2.0,
        "disappointed": 1.5, "disappointing": 1.5, "poor": 1.0, "bad": 1.0, "slow": 0.5,
        "wait*": 0.5, "long wait": 1.0, "on hold": 0.5, "forever": 1.0, "ages": 0.5,
        "still not sorted": 2.0, "not sorted": 1.5, "still waiting": 1.0,
        "nobody called back": 1.5, "no one called back": 1.5, "never called back": 1.5,
        "nobody has called": 1.5, "never heard back": 1.5, "heard nothing": 1.5,
        "nothing has been done": 1.5, "nothing happens": 1.0, "chase*": 1.0, "fed up": 1.5,
        "sick of": 1.5, "overcharg*": 1.5, "ripped off": 2.0, "rip off": 2.0,
        "crash*": 1.0, "broken": 1.0, "not working": 1.0, "problem*": 1.0, "issue*": 0.5,
        "wrong": 1.0, "mistake*": 1.0, "error*": 1.0, "unfair": 1.5, "confus*": 1.0,
        "frustrat*": 1.5, "annoy*": 1.5, "angry": 2.0, "upset": 1.5, "stress*": 1.5,
        "waste of time": 2.0, "pointless": 1.5, "hopeless": 2.0, "pathetic": 2.0,
        "rubbish": 2.0, "dreadful": 2.0, "horrendous": 2.0, "incompetent": 2.0,
        "shambles": 2.0, "nightmare": 2.0, "disgrace*": 2.0, "never again": 2.0,
        "not good enough": 1.5, "unhelpful": 1.5, "cut off": 1.0, "hung up": 2.0,
        "dismissive": 1.5, "condescending": 2.0, "patronising": 2.0, "patronizing": 2.0,
        "sigh*": 1.0, "couldn't care less": 2.0, "couldn't have cared less": 2.0,
        "nuisance": 1.0, "stupid": 1.5, "abrupt": 1.0, "rushed": 0.5, "short with me": 1.0,
        "late": 0.5, "delay*": 1.0, "damaged": 1.0, "faulty": 1.0, "expensive": 1.0,
        "shocked": 1.5, "can't believe": 1.0, "cannot believe": 1.0, "unbelievable": 1.5,
        "dropping out": 1.0, "fuss": 0.5, "hassle": 1.0, "complain*": 0.5, "worse": 1.5,
        "lied": 2.0, "ignored": 1.5, "fobbed off": 1.5, "fault": 0.5, "failed": 1.0,
        "fail*": 1.0, "could be better": 0.5, "room for improvement": 0.5, "unfortunately": 0.5,
        "too long": 1.0, "not impressed": 1.5, "lost": 0.5, "missing": 0.5, "blank": 0.5,
        "cancelled": 0.5, "painful*": 1.0, "impossible": 1.5, "difficult": 1.0, "hard": 0.5,
        "struggl*": 1.0, "worried": 1.0, "scared": 1.5, "distress*": 2.0,
        "gave up": 1.0, "giving up": 1.0, "unresolved": 1.5, "never happened": 1.5,
        "doesn't work": 1.0, "don't work": 1.0, "didn't work": 1.0, "isn't working": 1.0,
        "won't work": 1.0, "can't log in": 1.0, "couldn't log in": 1.0, "even though": 1.0,
        "again": 0.5, "twice": 0.5, "no warning": 1.0, "without warning": 1.0,
        "out of pocket": 1.5, "lost a day": 1.5, "no response": 1.0, "no reply": 1.0,
        "let down": 1.5, "let me down": 1.5, "misleading": 1.5,
        "misled": 1.5, "threaten*": 1.5, "ombudsman": 1.0, "complaint": 0.5,
        # everyday complaint language: mild on its own, it adds up
        "still": 0.5, "why": 0.5, "every time": 0.5, "each time": 0.5, "keeps": 0.5,
        "kept": 0.5, "was told": 0.5, "were told": 0.5, "still there": 1.0,
        "can't be bothered": 1.5, "couldn't be bothered": 1.5, "could not be bothered": 1.5,
        "laughed at": 2.0, "sarcas*": 2.0, "attitude": 1.0, "no decision": 1.0,
        "different answer*": 1.0, "lost count": 1.5, "gone up": 1.0, "went up": 1.0,
        "price rise": 1.0, "price increase": 1.0, "leak*": 1.0, "logged out": 1.0,
        "logs me out": 1.0, "logging me out": 1.0, "round in circles": 1.5, "loop": 1.0,
        "from scratch": 1.0, "start again": 1.0, "repeat myself": 1.0, "out of order": 1.0,
        "stopped working": 1.0, "not fixed": 1.0, "rings and rings": 1.0, "loses": 0.5,
        "overdue": 1.0, "behind": 0.5, "no show": 1.5, "didn't turn up": 1.5,
        "never turned up": 1.5, "scam": 2.0, "cowboy*": 2.0,
    },
}
#: Words that flip the sentiment of the next ``NEGATION_WINDOW`` words.
NEGATORS: tuple[str, ...] = (
    "not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "cannot", "without",
    "hardly", "lack of", "don't", "doesn't", "didn't", "isn't", "wasn't", "weren't",
    "won't", "wouldn't", "can't", "couldn't", "shouldn't", "haven't", "hasn't", "hadn't",
    "aren't", "ain't", "mustn't", "no one", "would have been", "could have been",
    "should have been",
)
#: Words that make the next ``INTENSIFIER_WINDOW`` words count ``INTENSIFIER_BOOST`` times.
INTENSIFIERS: tuple[str, ...] = (
    "very", "really", "so", "extremely", "absolutely", "totally", "completely", "incredibly",
    "utterly", "truly", "super", "such", "most", "thoroughly", "exceptionally", "genuinely",
)
NEGATION_WINDOW = 3
NEGATED_NEGATIVE_FACTOR = 0.5
INTENSIFIER_WINDOW = 2
INTENSIFIER_BOOST = 1.5
EMPHASIS_BOOST = 1.5
#: Sentiment cut-offs: score <= NEGATIVE_CUTOFF is negative, >= POSITIVE_CUTOFF positive.
NEGATIVE_CUTOFF = -0.2
POSITIVE_CUTOFF = 0.2
#: From this score up, praise wins any tie with a problem theme.
CLEARLY_POSITIVE = 0.5
#: Themes named by *what* the contact was about (the others describe how it went): their cues
#: in "Rang about my bill." or "... about my bill ..." only say why the customer got in touch.
TOPIC_THEMES: tuple[str, ...] = ("billing and charges", "digital and app", "product or service")
#: Weight of a cue that only says why the customer got in touch ("Rang about my bill."),
#: used only when the comment has no other cue.
CONTEXT_WEIGHT = 0.25
#: Weight of a complaint cue after a compliment and "but" ("though", "however").
BUT_WEIGHT = 1.5
#: CSAT scores at or below this rule out "praise".
NO_PRAISE_AT_OR_BELOW = 2

#: Columns of ``analyse``'s result (plus "comment_theme" when the input has it).
ANALYSED_COLUMNS: tuple[str, ...] = (
    "contact_id", "arrived_at", "channel", "team", "reason", "csat", "nps", "comment",
    "theme", "sentiment", "sentiment_label",
)
BY_OPTIONS: tuple[str, ...] = ("csat", "nps_group", "channel", "team", "week")
_INPUT_COLUMNS = ANALYSED_COLUMNS[:8]
#: After these words "about" introduces the complaint itself ("not happy about the fee").
_FEELINGS = ("happy", "upset", "angry", "furious", "annoyed", "disappointed", "worried",
             "concerned", "confused", "complain", "complaining", "complained", "shocked",
             "fuming", "livid", "frustrated", "sick", "fed up", "wrong", "nothing")
_SHOUT_EXCEPTIONS = frozenset({
    "PCN", "ASAP", "SMS", "PIN", "NHS", "DVLA", "HMRC", "BBC", "USB", "IHD", "ISP", "VAT",
    "EV", "MOT", "CCJ", "DIY", "PDF", "URL", "ID", "FAQ", "APP",
})

# =========================================================================================
# Text matching (one pass over all comments at once, so 20,000 comments take a blink)
# =========================================================================================

_TRANSLATE = str.maketrans({"'": None, "\u2019": None, "\u2018": None, "`": None,
                            "-": " ", "\u2013": " ", "\u2014": " ", "_": " ",
                            "\n": " ", "\r": " ", "\t": " ", "\x00": " ", "£": " £ "})
_STEM = "*"
_END = ""
#: Characters above code 127 that are not letters (pound, euro, quotes, dots, bullets).
_SHOUT = re.compile(r"\b[A-Z]{3,}\b")
_CLAUSE_ENDS = np.array([ord(c) for c in ".,!?;:\n"])
_NOT_LETTERS = np.array([163, 8364, 8220, 8221, 8222, 8230, 8226, 183, 171, 187, 160])


def _normalise(text: str) -> str:
    """Lower case, no apostrophes, hyphens as spaces, "£" as a word of its own.

    Example:
        >>> _normalise("Didn't   get £40-odd back")
        'didnt get £ 40 odd back'
    """
    return re.sub(" {2,}", " ", text.lower().translate(_TRANSLATE)).strip()


def _cue_key(cue: str) -> str:
    """A lexicon cue in the same form as normalised text (the ``*`` of a stem kept)."""
    stem = cue.endswith(_STEM)
    return _normalise(cue.rstrip(_STEM)) + (_STEM if stem else "")


def _node_pattern(node: dict) -> str:
    """Regular expression for one node of a letter tree (longer matches tried first)."""
    branches = [re.escape(char) + _node_pattern(child)
                for char, child in sorted(node.items()) if char not in (_END, _STEM)]
    if _STEM in node:
        branches.append(r"\w*")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if _END in node and _STEM not in node else body


def _tree_regex(cues: Iterable[str]) -> re.Pattern:
    """One fast pattern for many cues: shared beginnings are matched once (a letter tree).

    Example:
        >>> _tree_regex(["on hold", "online", "chase*"]).findall("chased online, on hold")
        ['chased', 'online', 'on hold']
    """
    root: dict = {}
    for cue in cues:
        node = root
        for char in cue.rstrip(_STEM):
            node = node.setdefault(char, {})
        node[_STEM if cue.endswith(_STEM) else _END] = {}
    return re.compile(r"(?<![\w£])" + _node_pattern(root) + r"(?![\w£])")


@lru_cache(maxsize=64)
def _capturing(pattern: re.Pattern) -> re.Pattern:
    return re.compile(f"({pattern.pattern})", pattern.flags)


def _matches(pattern: re.Pattern, text: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Start, end and text of every match of ``pattern`` in ``text``, left to right.

    Splitting on the pattern (in C) gives the same matches as ``finditer`` several times
    faster than a Python loop over match objects; a pattern with groups of its own, or one
    that matched an empty string, is scanned with ``finditer`` instead.

    Example:
        >>> starts, ends, found = _matches(re.compile(r"\\bon hold\\b"), "on hold, on hold!")
        >>> starts.tolist(), ends.tolist(), found
        ([0, 9], [7, 16], ['on hold', 'on hold'])
    """
    if pattern.groups == 0:
        parts = _capturing(pattern).split(text)
        matched = parts[1::2]
        if all(matched):
            ends = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
            return ends[0:-1:2], ends[1::2], matched
    found = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    starts = np.array([f[0] for f in found], dtype=np.int64)
    ends = np.array([f[1] for f in found], dtype=np.int64)
    return starts, ends, [f[2] for f in found]


class _Lexicon:
    """A cue list compiled for matching, with each cue's label and weight."""

    def __init__(self, cues: dict[str, tuple[int, float]]) -> None:
        self.exact = {key: value for key, value in cues.items() if not key.endswith(_STEM)}
        self.stems = sorted(((key[:-1], value) for key, value in cues.items()
                             if key.endswith(_STEM)), key=lambda item: -len(item[0]))
        self.pattern = _tree_regex(cues)
        self.lookup = lru_cache(maxsize=None)(self._lookup)

    def _lookup(self, matched: str) -> tuple[int, float]:
        if matched in self.exact:
            return self.exact[matched]
        for stem, value in self.stems:
            if matched.startswith(stem):
                return value
        raise KeyError(matched)  # pragma: no cover - the pattern only matches known cues

    def find(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Start, end, label and weight of every cue found (longest first, no overlaps)."""
        starts, _ends, matched = _matches(self.pattern, text)
        if not matched:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, np.zeros(0)
        codes, unique = pd.factorize(pd.Series(matched, dtype=object))
        labels, weights = zip(*(self.lookup(cue) for cue in unique), strict=True)
        lengths = np.array([len(cue) for cue in unique], dtype=np.int64)
        return (starts, starts + lengths[codes], np.array(labels)[codes],
                np.array(weights, dtype=float)[codes])


def _compiled() -> dict[str, object]:
    """The lexicons compiled for matching; compiled again only after a lexicon changes."""
    snapshot = (tuple((theme, tuple(cues)) for theme, cues in THEME_LEXICON.items()),
                tuple((side, tuple(words.items())) for side, words in
                      SENTIMENT_LEXICON.items()),
                tuple(NEGATORS), tuple(INTENSIFIERS))
    return _compile(snapshot)


@lru_cache(maxsize=4)
def _compile(snapshot: tuple) -> dict[str, object]:
    """Compile one version of the lexicons (nothing happens at import)."""
    theme_lexicon, sentiment_lexicon, negators, intensifiers = snapshot
    names = tuple(theme for theme, _ in theme_lexicon)
    if "praise" not in names:
        raise ValueError("THEME_LEXICON needs a 'praise' theme.")
    theme_cues: dict[str, tuple[int, float]] = {}
    for index, (theme, cues) in enumerate(theme_lexicon):
        for cue in cues:
            key = _cue_key(cue)
            if key in theme_cues and theme_cues[key][0] != index:
                raise ValueError(f"THEME_LEXICON lists the cue {cue!r} under both "
                                 f"{names[theme_cues[key][0]]!r} and {theme!r}; keep one.")
            theme_cues[key] = (index, 1.0)
    words = dict(sentiment_lexicon)
    sentiment_cues = {_cue_key(cue): (0, weight) for cue, weight in words["positive"]}
    sentiment_cues |= {_cue_key(cue): (1, -weight) for cue, weight in words["negative"]}
    verbs = (r"rang|rung|ringing|called|calling|phoned|phoning|e ?mailed|messaged|contacted|"
             r"contacting|wrote|got in touch|getting in touch|spoke to|chatted|tweeted|dmd|"
             r"visited|popped in|sent (?:you )?(?:an? )?(?:e ?mail|message|dm|letter)|"
             r"(?:used|went on|came on) (?:the |your )?(?:online |web |live )?chat|used webchat")
    ends = r"(?= and | but | so | which | because |[.!?,;:\n]|$)"
    topic = r"(?:about|re|regarding|concerning|help with|problem with|issue with)"
    return {
        "names": names,
        "themes": _Lexicon(theme_cues),
        "sentiment": _Lexicon(sentiment_cues),
        "negators": _tree_regex(_cue_key(word) for word in negators),
        "intensifiers": _tree_regex(_cue_key(word) for word in intensifiers),
        "contact": re.compile(
            r"(?:^|(?<=[.!?] ))(?:i |we )?(?:have |had |ive |weve )?(?:just )?(?:"
            + verbs + r")\b[^.!?,;:\n]{0,60}?\b(?:about|re|regarding|concerning|"
            r"to ask|to report|to query|to chase|to check|to complain|to sort|to change|"
            r"to update|to discuss|to find out|for help|for)\b[^.!?,;:\n]*?" + ends, re.M),
        "topic": re.compile(rf"\b(?={topic}\b)" + "".join(f"(?<!{w} )" for w in _FEELINGS)
                            + rf"{topic}\b[^.!?,;:\n]*?" + ends, re.M),
        "but": re.compile(r"\b(?:but|though|although|however)\b"),
        "but only": re.compile(r"\bbut\b"),
    }


class _Batch:
    """Many comments joined into one string, so each pattern runs once over all of them.

    Positions are places in the joined, normalised text; results are kept for reuse.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.n = len(texts)
        self.original = list(texts)
        normalised = [_normalise(t) for t in self.original]
        self.text = "\n".join(normalised)
        lengths = np.array([len(t) for t in normalised], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
        self._codes = np.frombuffer(self.text.encode("utf-32-le"), dtype=np.uint32)
        self._kept: dict[str, object] = {}

    def _keep(self, name: str, make: Callable[[], object]) -> object:
        if name not in self._kept:
            self._kept[name] = make()
        return self._kept[name]

    def row(self, positions: np.ndarray) -> np.ndarray:
        """Which comment each position in the joined text belongs to."""
        return np.searchsorted(self.offsets, positions, side="right") - 1

    def spans(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Start and end of every match of one of the compiled patterns."""
        def make() -> tuple[np.ndarray, np.ndarray]:
            starts, ends, _matched = _matches(_compiled()[name], self.text)
            return starts, ends
        return self._keep(name, make)

    def cues(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Start, end, label and weight of every cue of a lexicon ("themes", "sentiment")."""
        return self._keep("cues " + name, lambda: _compiled()[name].find(self.text))

    def clause_marks(self) -> np.ndarray:
        """Where clauses end: punctuation (. , ! ? ; :), the end of a comment, and "but"."""
        def make() -> np.ndarray:
            marks = np.flatnonzero(np.isin(self._codes, _CLAUSE_ENDS))
            return np.union1d(marks, self.spans("but only")[0]).astype(np.int64)
        return self._keep("clauses", make)

    def word_starts(self) -> np.ndarray:
        """Where every word starts (a word: letters and digits), found with numpy."""
        def make() -> np.ndarray:
            codes = self._codes
            word = (((codes >= 97) & (codes <= 122)) | ((codes >= 48) & (codes <= 57))
                    | ((codes > 127) & ~np.isin(codes, _NOT_LETTERS)))
            starts = word & ~np.concatenate([[False], word[:-1]])
            return np.flatnonzero(starts).astype(np.int64)
        return self._keep("words", make)

    def negators(self, lexicon: str) -> tuple[np.ndarray, np.ndarray]:
        """Negators that are not part of one of the lexicon's cues ("couldn't fault")."""
        starts, ends, _, _ = self.cues(lexicon)
        return self._keep("negators " + lexicon,
                          lambda: _outside(self.spans("negators"), starts, ends))


def _count_before(marks: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """How many marks come before each position (a running index such as word number)."""
    return np.searchsorted(marks, positions, side="right")


def _inside(spans_start: np.ndarray, spans_end: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Whether each position falls inside any of the spans (spans may overlap)."""
    if spans_start.size == 0 or positions.size == 0:
        return np.zeros(positions.size, dtype=bool)
    order = np.argsort(spans_start, kind="stable")
    starts, reach = spans_start[order], np.maximum.accumulate(spans_end[order])
    index = np.searchsorted(starts, positions, side="right") - 1
    return (index >= 0) & (positions < reach[np.maximum(index, 0)])


def _modified(marks: tuple[np.ndarray, np.ndarray], cue_starts: np.ndarray,
              words: np.ndarray, clauses: np.ndarray, window: int) -> np.ndarray:
    """Whether each cue starts 1 to ``window`` words after a mark, in the same clause."""
    mark_starts, mark_ends = marks
    if mark_starts.size == 0 or cue_starts.size == 0:
        return np.zeros(cue_starts.size, dtype=bool)
    mark_last = _count_before(words, mark_ends - 1)  # number of the mark's last word
    cue_first = _count_before(words, cue_starts)  # number of the cue's first word
    nearest = np.searchsorted(mark_last, cue_first, side="left") - 1
    found = nearest >= 0
    nearest = np.maximum(nearest, 0)
    gap = cue_first - mark_last[nearest]
    same_clause = (_count_before(clauses, mark_starts[nearest])
                   == _count_before(clauses, cue_starts))
    return found & (gap >= 1) & (gap <= window) & same_clause


def _outside(marks: tuple[np.ndarray, np.ndarray], starts: np.ndarray,
             ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Marks that are not part of a cue (the "n't" of "couldn't fault" belongs to the cue)."""
    keep = ~_inside(starts, ends, marks[0])
    return marks[0][keep], marks[1][keep]


def _sentiment_scores(batch: _Batch) -> np.ndarray:
    """Sentiment score in [-1, 1] for every comment of the batch (rules in the docstring)."""
    starts, ends, polarity, weights = batch.cues("sentiment")
    if batch.n == 0:
        return np.zeros(0)
    words = batch.word_starts()
    clauses = batch.clause_marks()
    boosters = _outside(batch.spans("intensifiers"), starts, ends)
    negated = _modified(batch.negators("sentiment"), starts, words, clauses,
                        NEGATION_WINDOW)
    boosted = _modified(boosters, starts, words, clauses, INTENSIFIER_WINDOW)
    value = weights * np.where(boosted, INTENSIFIER_BOOST, 1.0)
    is_negative = polarity == 1
    value = np.where(negated & ~is_negative, -value, value)
    value = np.where(negated & is_negative, -value * NEGATED_NEGATIVE_FACTOR, value)
    rows = batch.row(starts)
    shouting = np.array([_shouts(text) for text in batch.original], dtype=bool)
    value = np.where(is_negative & (value < 0) & shouting[rows], value * EMPHASIS_BOOST, value)
    positive = np.bincount(rows, weights=np.clip(value, 0, None), minlength=batch.n)
    negative = np.bincount(rows, weights=np.clip(-value, 0, None), minlength=batch.n)
    return (positive - negative) / (positive + negative + 1.0)


def _shouts(text: str) -> bool:
    """Whether a comment shouts: "!!" or a word of three or more capitals (not an acronym)."""
    if "!!" in text:
        return True
    return any(word not in _SHOUT_EXCEPTIONS for word in _SHOUT.findall(text))


def _theme_scores(batch: _Batch) -> tuple[np.ndarray, np.ndarray]:
    """Points per theme and where each theme's first cue starts, for every comment.

    Cues that only say why the customer got in touch count only in comments with no other
    cue (at ``CONTEXT_WEIGHT``); cues after the first "but" count ``BUT_WEIGHT`` times.
    """
    starts, _, theme, weights = batch.cues("themes")
    names = _compiled()["names"]
    scores = np.zeros((2, batch.n, len(names)))
    first = np.full((2, batch.n, len(names)), np.inf)
    if starts.size == 0:
        return scores[0], first[0]
    praise = names.index("praise")
    # a negated compliment ("not great", "wasn't helpful") is no praise
    negated = _modified(batch.negators("themes"), starts, batch.word_starts(),
                        batch.clause_marks(),
                        NEGATION_WINDOW)
    keep = ~(negated & (theme == praise))
    starts, theme, weights = starts[keep], theme[keep], weights[keep]
    rows = batch.row(starts)
    context = np.zeros(starts.size, dtype=bool)
    for name in ("contact", "topic"):
        context |= _inside(*batch.spans(name), starts)
    context &= np.isin(theme, [names.index(t) for t in TOPIC_THEMES if t in names])
    buts = batch.spans("but")[0]
    first_but = np.full(batch.n, np.iinfo(np.int64).max)
    np.minimum.at(first_but, batch.row(buts), buts)
    after = starts > first_but[rows]
    kind_words = np.zeros(batch.n, dtype=bool)  # a compliment before the first "but"
    kind_words[rows[(theme == praise) & ~after]] = True
    weights = np.where(after & kind_words[rows] & (theme != praise), weights * BUT_WEIGHT,
                       weights)
    weights = np.where(context, CONTEXT_WEIGHT, weights)
    kind = context.astype(np.int64)  # 0: a cue that counts, 1: only why they got in touch
    # at most one point per theme per clause: keep the clause's strongest cue of each theme
    clause = _count_before(batch.clause_marks(), starts)
    group = (clause * 2 + kind) * len(names) + theme
    unique, inverse = np.unique(group, return_inverse=True)
    strongest = np.zeros(unique.size)
    np.maximum.at(strongest, inverse, weights)
    member = np.zeros(unique.size, dtype=np.int64)
    member[inverse] = np.arange(starts.size)  # any one cue of each group
    np.add.at(scores, (kind[member], rows[member], theme[member]), strongest)
    np.minimum.at(first, (kind, rows, theme), (starts - batch.offsets[rows]).astype(float))
    use_context = scores[0].sum(axis=1) == 0
    return (np.where(use_context[:, None], scores[1], scores[0]),
            np.where(use_context[:, None], first[1], first[0]))


def _choose(scores: np.ndarray, first: np.ndarray, sentiment_score: np.ndarray,
            csat: np.ndarray) -> np.ndarray:
    """The theme of each comment from its points (rules in the module docstring)."""
    n = scores.shape[0]
    names = _compiled()["names"]
    praise = names.index("praise")
    scores = scores.copy()
    no_praise = (sentiment_score <= NEGATIVE_CUTOFF) | (csat <= NO_PRAISE_AT_OR_BELOW)
    scores[no_praise, praise] = 0.0
    first = np.where(scores > 0, first, np.inf)
    clearly = sentiment_score >= CLEARLY_POSITIVE
    order = [*THEME_PRIORITY, *names]  # themes a tutor added come last
    priority = np.array([order.index(t) for t in names], dtype=float)
    # among the themes with the most points: praise first if clearly positive, then the
    # earliest first cue, then THEME_PRIORITY
    bonus = np.zeros_like(scores)
    bonus[clearly, praise] = 1e9
    top = scores.max(axis=1) if n else np.zeros(0)
    rank = np.where(scores >= top[:, None] - 1e-9,
                    first + priority[None, :] * 1e-3 - bonus, np.inf)
    best = rank.argmin(axis=1) if n else np.zeros(0, dtype=np.int64)
    # a compliment that names the app or website (not just as the way in) is about digital
    if "digital and app" in names:
        digital = names.index("digital and app")
        best = np.where((best == praise) & (scores[:, digital] >= 1.0), digital, best)
    labels = np.array(names, dtype=object)[best]
    nothing = top <= 0
    positive = (sentiment_score >= POSITIVE_CUTOFF) & ~no_praise
    labels[nothing] = np.where(positive[nothing], "praise", OTHER)
    return labels


# =========================================================================================
# Single comments
# =========================================================================================

class NotText(ValueError, TypeError):
    """A comment that is not text (a number, None…): a ValueError, and a TypeError as before."""


def _check_text(text: object, name: str = "text") -> str:
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    if not isinstance(text, str):
        raise NotText(f"{name} must be a string of comment text; got {type(text).__name__}.")
    return text


def sentiment(text: str) -> float:
    """How positive a comment is, from -1 (very negative) to 1 (very positive).

    The rules (weights, negators, intensifiers, shouting) are in the module docstring; an
    empty comment scores 0.

    Example:
        >>> round(sentiment("Really helpful, thank you!"), 2)
        0.71
        >>> sentiment("not helpful") < 0 < sentiment("no problems at all")
        True
    """
    return float(_sentiment_scores(_Batch([_check_text(text)]))[0])


def sentiment_label(score: float) -> str:
    """Label a score: "negative" (-0.2 or below), "positive" (0.2 or above), else "neutral".

    Example:
        >>> sentiment_label(-0.5), sentiment_label(0.1), sentiment_label(0.2)
        ('negative', 'neutral', 'positive')
    """
    if score is None or (isinstance(score, float) and np.isnan(score)):
        raise ValueError("score is missing (NaN); pass a number from -1 to 1.")
    value = checks.number("score", score, example="0.4")
    if value <= NEGATIVE_CUTOFF:
        return "negative"
    return "positive" if value >= POSITIVE_CUTOFF else "neutral"


def _labels(scores: np.ndarray) -> np.ndarray:
    return np.select([scores <= NEGATIVE_CUTOFF, scores >= POSITIVE_CUTOFF],
                     ["negative", "positive"], "neutral").astype(object)


def _csat_array(csat: Iterable[object], n: int) -> np.ndarray:
    """CSAT scores as floats with missing ones as +inf (so they never rule out praise)."""
    values = pd.to_numeric(pd.Series(list(csat), dtype=object), errors="coerce")
    values = values.astype(float).to_numpy() if n else np.zeros(0)
    return np.where(np.isnan(values), np.inf, values)


def assign_theme(text: str, csat: int | None = None) -> str:
    """The best-matching theme of one comment, or "other" (rules in the module docstring).

    ``csat`` (1-5, optional): a score of 1 or 2 rules out "praise".

    Example:
        >>> assign_theme("Third time I've rung about this and still nobody has a clue.")
        'repeat contact'
        >>> assign_theme("The app logs me out every time I try to pay.")
        'digital and app'
        >>> assign_theme("Lovely lady, very patient.", csat=5)
        'praise'
    """
    if csat is not None and not pd.isna(csat) and not (
            isinstance(csat, (int, float, np.integer, np.floating)) and 1 <= csat <= 5):
        raise ValueError(f"csat must be a score from 1 to 5 or None; got {csat!r}.")
    batch = _Batch([_check_text(text)])
    scores, first = _theme_scores(batch)
    mood = _sentiment_scores(batch)
    return str(_choose(scores, first, mood, _csat_array([csat], 1))[0])


# =========================================================================================
# Whole tables
# =========================================================================================

def _require(frame: object, columns: Sequence[str], what: str) -> pd.DataFrame:
    """``frame`` if it is a DataFrame with ``columns``; otherwise a ValueError naming them."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{what} must be a pandas DataFrame; got {type(frame).__name__}.")
    table = what.removeprefix("The ").removeprefix("the ").removesuffix(" table")
    require_columns(frame, table, columns)
    return frame


def _has_comment(comments: pd.Series) -> np.ndarray:
    """Rows whose comment has some text (not missing, not empty, not only spaces)."""
    values = comments.to_numpy(dtype=object, na_value="")
    has = np.array([isinstance(v, str) and v != "" for v in values], dtype=bool)
    has[has] = [bool(v.strip()) for v in values[has]]
    return has


def _read_texts(texts: list[str], csat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Theme and sentiment score of each text (``csat``: 1-5 scores, +inf where missing)."""
    batch = _Batch(texts)
    scores, first = _theme_scores(batch)
    mood = _sentiment_scores(batch)
    return _choose(scores, first, mood, csat), mood


def analyse(contacts: pd.DataFrame) -> pd.DataFrame:
    """One row per contact with a comment: its theme, sentiment score and sentiment label.

    Needs the columns contact_id, arrived_at, channel, team, reason, csat, nps and comment
    (empty or missing comments are skipped). If the table has "comment_theme" (an analyst's
    label) it is kept, so ``theme_accuracy`` can compare.

    Example:
        >>> frame = pd.DataFrame({"contact_id": ["K1", "K2", "K3"],
        ...                       "comment": ["Waited forty minutes on hold", "",
        ...                                   "Lovely helpful agent, thank you"],
        ...                       "csat": [1, 3, 5], "nps": [2, 7, 10], "ces": [1, 4, 7],
        ...                       "channel": "phone", "team": "Oak", "reason": "billing",
        ...                       "arrived_at": pd.Timestamp("2026-01-05")})
        >>> analyse(frame)[["theme", "sentiment_label"]].values.tolist()
        [['waiting time', 'negative'], ['praise', 'positive']]
    """
    _require(contacts, _INPUT_COLUMNS, "The contacts table")
    keep = [*_INPUT_COLUMNS] + (["comment_theme"] if "comment_theme" in contacts else [])
    out = contacts.loc[_has_comment(contacts["comment"]), keep].reset_index(drop=True)
    out["comment"] = out["comment"].astype(str).astype(object)
    themes, mood = _read_texts(out["comment"].tolist(), _csat_array(out["csat"], len(out)))
    out["theme"] = themes
    out["sentiment"] = mood
    out["sentiment_label"] = _labels(mood)
    for column in ("theme", "sentiment_label"):
        out[column] = out[column].astype(object)
    return out


#: Columns of ``analyse_text``'s result ("score" only when a score column is given).
TEXT_ANALYSED_COLUMNS: tuple[str, ...] = ("row", "text", "theme", "sentiment",
                                          "sentiment_label", "score")


def _column_of(frame: object, column: object, what: str) -> pd.Series:
    """``frame[column]``, or a ValueError that names the column and lists the table's own."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"The table must be a pandas DataFrame; got {type(frame).__name__}.")
    if column not in frame.columns:
        raise ValueError(f"The table has no column {column!r} for the {what}. Its columns "
                         f"are: {', '.join(map(str, frame.columns))}.")
    series = frame[column]
    if isinstance(series, pd.DataFrame):
        raise ValueError(f"The table has more than one column called {column!r}: rename "
                         "one of them.")
    return series


def _texts(series: pd.Series, column: object) -> pd.Series:
    """The column as text, checked: text (or empty) cells only; numbers or dates are refused.

    A column that is text but has the odd number in it ("10" read as 10) keeps it as text.
    """
    if series.isna().all():
        return pd.Series("", index=series.index, dtype=object)
    dtype = series.dtype
    is_text = (pd.api.types.is_object_dtype(dtype)
               or isinstance(dtype, pd.StringDtype | pd.CategoricalDtype))
    values = series.to_numpy(dtype=object, na_value="")
    if not is_text or not any(isinstance(v, str) for v in values):
        example = series.dropna().iloc[0]
        raise ValueError(f"Column {column!r} holds {type(example).__name__} values such as "
                         f"{example!r}, not text: choose the column with the comments.")
    return pd.Series([v if isinstance(v, str) else str(v) for v in values],
                     index=series.index, dtype=object)


def _scale(score_scale: object) -> tuple[float, float]:
    """The (lowest, highest) score of the scale, checked."""
    if (not isinstance(score_scale, tuple | list) or len(score_scale) != 2
            or not all(isinstance(v, Real) and not isinstance(v, bool) for v in score_scale)
            or not score_scale[0] < score_scale[1]):
        raise ValueError("score_scale must be (lowest, highest) with lowest below highest, "
                         f"such as (1, 5) or (0, 10); got {score_scale!r}.")
    return float(score_scale[0]), float(score_scale[1])


def _scores(series: pd.Series, column: object, scale: tuple[float, float]) -> pd.Series:
    """The score column as floats (missing: NaN), checked: numbers on the scale only."""
    if pd.api.types.is_bool_dtype(series.dtype):
        raise ValueError(f"Column {column!r} holds True/False, not scores on a scale.")
    values = pd.to_numeric(series.astype(object).replace("", np.nan), errors="coerce")
    values = values.astype(float)
    present = series.notna() & series.astype(object).ne("")
    bad = present & values.isna()
    if bad.any():
        raise ValueError(f"Column {column!r} has {series[bad].iloc[0]!r} in row "
                         f"{series.index[bad][0]!r}: scores must be numbers (or empty).")
    outside = values.notna() & ((values < scale[0]) | (values > scale[1]))
    if outside.any():
        raise ValueError(f"Column {column!r} has {values[outside].iloc[0]:g} in row "
                         f"{series.index[outside][0]!r}, outside the scale {scale[0]:g} to "
                         f"{scale[1]:g}: pass score_scale=(lowest, highest) to match it.")
    return values


def analyse_text(frame: pd.DataFrame, text_column: str, *, score_column: str | None = None,
                 score_scale: tuple[float, float] = (1, 5)) -> pd.DataFrame:
    """Theme and sentiment of the comments in any table: one row per non-empty text.

    The same rules as :func:`analyse` (module docstring), for a table that has a text column
    and perhaps a score (CSAT, a 0-10 rating...). Columns: ``row`` (the table's index label
    of the comment), ``text``, ``theme``, ``sentiment``, ``sentiment_label`` and, when
    ``score_column`` is given, ``score`` (missing scores stay missing). Empty, blank or
    missing texts are skipped.

    ``score_scale`` is the (lowest, highest) score. A score in the bottom quarter of the
    scale (1 or 2 out of 5, 2.5 or less out of 10) rules out "praise", as a CSAT of 1 or 2
    does in :func:`analyse`. A score that is not a number, or is off the scale, is an error
    naming the column and row.

    Example:
        >>> frame = pd.DataFrame({"note": ["Waited forty minutes on hold", None, "",
        ...                                "Lovely helpful agent, thank you"],
        ...                       "rating": [1, 3, 3, 10]}, index=[10, 11, 12, 13])
        >>> out = analyse_text(frame, "note", score_column="rating", score_scale=(0, 10))
        >>> out[["row", "theme", "sentiment_label", "score"]].values.tolist()
        [[10, 'waiting time', 'negative', 1.0], [13, 'praise', 'positive', 10.0]]
    """
    texts = _texts(_column_of(frame, text_column, "comments"), text_column)
    keep = _has_comment(texts)
    out = pd.DataFrame({"row": texts.index[keep],
                        "text": pd.Series(texts.to_numpy(dtype=object)[keep], dtype=object)})
    csat = np.full(len(out), np.inf)
    if score_column is not None:
        scale = _scale(score_scale)
        scores = _scores(_column_of(frame, score_column, "scores"), score_column, scale)
        score = scores.to_numpy(dtype=float)[keep]
        on_five = 1.0 + 4.0 * (score - scale[0]) / (scale[1] - scale[0])
        csat = np.where(np.isnan(on_five), np.inf, on_five)
    themes, mood = _read_texts(out["text"].tolist(), csat)
    out["theme"] = pd.Series(themes, dtype=object)
    out["sentiment"] = mood
    out["sentiment_label"] = pd.Series(_labels(mood), dtype=object)
    if score_column is not None:
        out["score"] = score
    return out


def theme_summary(analysed: pd.DataFrame) -> pd.DataFrame:
    """Per theme: how many comments, their share, sentiment, and one example to read aloud.

    Works on :func:`analyse_text`'s result (text, score) or :func:`analyse`'s (comment,
    csat). Columns: theme, comments, share_pct (of all comments, in %), mean_sentiment,
    negative_pct (share of the theme's comments that are negative, in %), mean_score (only
    when there are scores; missing ones are left out) and example: the shortest negative
    comment of six words or more ("" when there is none). Most-mentioned theme first.

    Example:
        >>> frame = pd.DataFrame({"text": ["Held on the line for ages, this is awful.",
        ...     "On hold for forty minutes, really terrible service.", "Great."],
        ...     "theme": ["waiting time", "waiting time", "praise"],
        ...     "sentiment": [-0.5, -0.6, 0.5],
        ...     "sentiment_label": ["negative", "negative", "positive"]})
        >>> table = theme_summary(frame)
        >>> table[["theme", "comments", "negative_pct"]].values.tolist()
        [['waiting time', 2, 100.0], ['praise', 1, 0.0]]
        >>> table.at[0, "example"]
        'Held on the line for ages, this is awful.'
    """
    if not isinstance(analysed, pd.DataFrame):
        raise ValueError("The analysed table must be a pandas DataFrame; got "
                         f"{type(analysed).__name__}.")
    text = "text" if "text" in analysed.columns else "comment"
    score = next((c for c in ("score", "csat") if c in analysed.columns), None)
    _require(analysed, ["theme", "sentiment", "sentiment_label", text], "The analysed table")
    columns = ["theme", "comments", "share_pct", "mean_sentiment", "negative_pct",
               *(["mean_score"] if score else []), "example"]
    if analysed.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("theme", "example")
                                          else int if c == "comments" else float)
                             for c in columns})
    texts = analysed[text].astype(object).fillna("").astype(str)
    frame = pd.DataFrame({
        "theme": analysed["theme"].astype(str).to_numpy(),
        "sentiment": pd.to_numeric(analysed["sentiment"], errors="coerce").astype(float)
        .to_numpy(),
        "negative": (analysed["sentiment_label"] == "negative").to_numpy(dtype=bool),
        "text": texts.to_numpy(),
        "words": texts.str.split().str.len().to_numpy(),
    })
    if score:
        frame["score"] = pd.to_numeric(analysed[score], errors="coerce").astype(float).to_numpy()
    rows = []
    for theme, group in frame.groupby("theme", sort=False):
        candidates = group[group["negative"] & (group["words"] >= 6)]
        example = (str(candidates.loc[candidates["text"].str.len().idxmin(), "text"])
                   if not candidates.empty else "")
        row = [theme, len(group), 100.0 * len(group) / len(frame),
               float(group["sentiment"].mean()), 100.0 * float(group["negative"].mean())]
        if score:
            row.append(float(group["score"].mean()) if group["score"].notna().any()
                       else np.nan)
        rows.append([*row, example])
    table = pd.DataFrame(rows, columns=columns)
    order = {name: i for i, name in enumerate(_all_themes())}
    table["_order"] = table["theme"].map(order).fillna(len(order))
    table = table.sort_values(["comments", "_order", "theme"], ascending=[False, True, True],
                              kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def theme_accuracy(analysed: pd.DataFrame, truth_column: str = "comment_theme") -> dict:
    """How well the themes match an analyst's labels: accuracy, per-theme scores, confusion.

    Compares ``theme`` with ``truth_column`` on rows where the label is not empty. Returns a
    dict with "accuracy" (share correct), "n" (labelled comments), "by_theme" (DataFrame
    indexed by theme: precision, recall, f1, support) and "confusion" (rows: the analyst's
    theme; columns: the predicted theme; cells: counts).

    Precision: of the comments we called X, the share that really are X. Recall: of the
    comments that really are X, the share we found. F1 balances the two.

    Example:
        >>> frame = pd.DataFrame({"theme": ["praise", "resolution"],
        ...                       "comment_theme": ["praise", "praise"]})
        >>> theme_accuracy(frame)["accuracy"]
        0.5
    """
    _require(analysed, ["theme", truth_column], "The analysed table")
    truth = analysed[truth_column].fillna("").astype(str)
    labelled = analysed.loc[truth != "", ["theme", truth_column]]
    if labelled.empty:
        raise ValueError(f"No comment has a label in '{truth_column}', so accuracy cannot "
                         "be calculated.")
    actual = labelled[truth_column].astype(str)
    predicted = labelled["theme"].astype(str)
    names = _theme_columns([*actual, *predicted])
    confusion = pd.crosstab(pd.Categorical(actual, names), pd.Categorical(predicted, names),
                            dropna=False).reindex(index=names, columns=names, fill_value=0)
    confusion.index.name, confusion.columns.name = "actual", "predicted"
    hits = np.diag(confusion.to_numpy()).astype(float)
    called = confusion.sum(axis=0).to_numpy().astype(float)
    support = confusion.sum(axis=1).to_numpy().astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(called > 0, hits / called, np.nan)
        recall = np.where(support > 0, hits / support, np.nan)
        f1 = 2 * precision * recall / (precision + recall)
    by_theme = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1,
                             "support": support.astype(int)}, index=pd.Index(names, name="theme"))
    return {"accuracy": float((actual == predicted).mean()), "n": int(len(labelled)),
            "by_theme": by_theme, "confusion": confusion}


def _nps_group(nps: pd.Series) -> pd.Series:
    """promoter (9-10), passive (7-8), detractor (0-6); missing stays missing."""
    values = pd.to_numeric(nps, errors="coerce").astype(float)
    group = np.select([values >= 9, values >= 7, values >= 0],
                      ["promoter", "passive", "detractor"], "")
    return pd.Series(group, index=nps.index, dtype=object).replace("", pd.NA)


def _all_themes() -> tuple[str, ...]:
    """Every theme label in display order: the lexicon's themes, then "other"."""
    return (*THEME_LEXICON, OTHER)


def _distinct_themes(analysed: pd.DataFrame) -> list[str]:
    """The themes that occur, as text (counted on the distinct values, not row by row)."""
    return [str(theme) for theme in pd.unique(analysed["theme"].to_numpy(dtype=object))]


def _theme_columns(themes: Iterable[str]) -> list[str]:
    present = set(themes)
    known = _all_themes()
    return [t for t in known if t in present] + sorted(present - set(known))


def themes_by(analysed: pd.DataFrame, by: str = "csat") -> pd.DataFrame:
    """Share of comments on each theme within each group, plus the number of comments.

    ``by`` is one of "csat", "nps_group" (promoter 9-10, passive 7-8, detractor 0-6),
    "channel", "team" or "week" (weeks start on Monday). One row per group; the first column
    "comments" is how many comments the group has; the other columns are themes, and each
    row's theme shares add up to 1. Rows with no value for the group are left out.

    Example:
        >>> frame = pd.DataFrame({"theme": ["praise", "resolution", "praise"],
        ...                       "channel": ["phone", "phone", "chat"]})
        >>> table = themes_by(frame, "channel")
        >>> table.columns.tolist()
        ['comments', 'resolution', 'praise']
        >>> table.loc["phone"].tolist()
        [2.0, 0.5, 0.5]
    """
    if by not in BY_OPTIONS:
        raise ValueError(f"by must be one of {', '.join(BY_OPTIONS)}; got {by!r}.")
    source = {"nps_group": "nps", "week": "arrived_at"}.get(by, by)
    _require(analysed, ["theme", source], "The analysed table")
    if by == "nps_group":
        group = _nps_group(analysed["nps"])
    elif by == "week":
        group = pd.to_datetime(analysed["arrived_at"]).dt.to_period("W-SUN").dt.start_time
    else:
        group = analysed[by]
    group = group.rename(by)
    counts = pd.crosstab(group, analysed["theme"])
    columns = _theme_columns(_distinct_themes(analysed))
    counts = counts.reindex(columns=columns, fill_value=0)
    if by == "nps_group":
        counts = counts.reindex([g for g in ("promoter", "passive", "detractor")
                                 if g in counts.index])
    total = counts.sum(axis=1)
    shares = counts.div(total.where(total > 0), axis=0).fillna(0.0)
    shares.insert(0, "comments", total.astype(int))
    shares.columns.name = None
    return shares


def theme_shares_percent(shares: pd.DataFrame) -> pd.DataFrame:
    """The table of :func:`themes_by` as percentages: one row per group, one column per theme
    that any group mentions (themes nobody mentions are left out), to one decimal place.

    Example:
        >>> frame = pd.DataFrame({"theme": ["praise", "resolution", "praise"],
        ...                       "channel": ["phone", "phone", "chat"]})
        >>> theme_shares_percent(themes_by(frame, "channel")).loc["phone"].tolist()
        [50.0, 50.0]
    """
    checks.instance("shares", shares, pd.DataFrame, "the table themes_by gives")
    matrix = shares.drop(columns=["comments"], errors="ignore").select_dtypes("number")
    matrix = matrix.loc[:, matrix.sum() > 0]
    return (matrix * 100).round(1)


def what_detractors_say(analysed: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """The themes detractors (NPS 0-6) mention most, with a typical comment for each.

    Columns: theme, comments, share (of detractors' comments), mean_sentiment, example
    (the comment closest to the theme's median sentiment, so neither the mildest nor the
    angriest). An empty table when there are no detractors.

    Example:
        >>> frame = pd.DataFrame({"theme": ["resolution", "praise"], "nps": [2, 10],
        ...                       "sentiment": [-0.6, 0.8], "comment": ["Still not sorted.",
        ...                       "Great."]})
        >>> what_detractors_say(frame)[["theme", "comments", "share"]]
                theme  comments  share
        0  resolution         1    1.0
    """
    _require(analysed, ["theme", "nps", "sentiment", "comment"], "The analysed table")
    if not isinstance(top, (int, np.integer)) or isinstance(top, bool) or top < 1:
        raise ValueError(f"top must be a whole number of 1 or more; got {top!r}.")
    columns = ["theme", "comments", "share", "mean_sentiment", "example"]
    detractors = analysed[_nps_group(analysed["nps"]) == "detractor"]
    if detractors.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for theme, group in detractors.groupby("theme", sort=False):
        middle = (group["sentiment"] - group["sentiment"].median()).abs().idxmin()
        rows.append((theme, len(group), len(group) / len(detractors),
                     float(group["sentiment"].mean()), str(group.at[middle, "comment"])))
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["comments", "theme"], ascending=[False, True])
    return table.head(int(top)).reset_index(drop=True)


def csat_by_theme(analysed: pd.DataFrame) -> pd.DataFrame:
    """Mean CSAT and top-2-box % (share scoring 4 or 5) for each theme, with the count n.

    Sorted from the lowest mean CSAT (the themes that hurt most) to the highest. Comments
    without a CSAT score are left out.

    Example:
        >>> frame = pd.DataFrame({"theme": ["praise", "praise", "resolution"],
        ...                       "csat": [5, 4, 1]})
        >>> csat_by_theme(frame).reset_index().values.tolist()
        [['resolution', 1, 1.0, 0.0], ['praise', 2, 4.5, 100.0]]
    """
    _require(analysed, ["theme", "csat"], "The analysed table")
    csat = pd.to_numeric(analysed["csat"], errors="coerce").astype(float)
    frame = pd.DataFrame({"theme": analysed["theme"].astype(str), "csat": csat}).dropna()
    if frame.empty:
        return pd.DataFrame({"n": pd.Series(dtype=int), "mean_csat": pd.Series(dtype=float),
                             "top2_box_pct": pd.Series(dtype=float)},
                            index=pd.Index([], name="theme"))
    frame["top2"] = (frame["csat"] >= 4) * 100.0
    table = frame.groupby("theme").agg(n=("csat", "size"), mean_csat=("csat", "mean"),
                                       top2_box_pct=("top2", "mean"))
    return table.sort_values(["mean_csat", "n"], ascending=[True, False])


def _check_theme(theme: object, allowed: Iterable[str]) -> str:
    valid = list(_all_themes()) + sorted(set(allowed) - set(_all_themes()))
    if theme not in valid:
        raise ValueError(f"Unknown theme {theme!r}. Choose one of: {', '.join(valid)}.")
    return str(theme)


def theme_trend(analysed: pd.DataFrame, theme: str, freq: str = "W") -> pd.DataFrame:
    """Count and share of comments on one theme per week (or other period): a growing problem.

    ``freq`` is a pandas period such as "W" (weeks starting Monday), "D" or "M". Columns:
    period_start, comments (all comments in the period), theme_comments, share. Every period
    between the first and last comment is listed, including ones with no comments.

    Example:
        >>> frame = pd.DataFrame({"theme": ["digital and app", "praise", "digital and app"],
        ...     "arrived_at": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-13"])})
        >>> theme_trend(frame, "digital and app")
          period_start  comments  theme_comments  share
        0   2026-01-05         2               1    0.5
        1   2026-01-12         1               1    1.0
    """
    _require(analysed, ["theme", "arrived_at"], "The analysed table")
    theme = _check_theme(theme, _distinct_themes(analysed))
    columns = ["period_start", "comments", "theme_comments", "share"]
    if analysed.empty:
        return pd.DataFrame({"period_start": pd.Series(dtype="datetime64[ns]"),
                             "comments": pd.Series(dtype=int),
                             "theme_comments": pd.Series(dtype=int),
                             "share": pd.Series(dtype=float)})
    period = "W-SUN" if freq == "W" else freq
    try:
        periods = pd.to_datetime(analysed["arrived_at"]).dt.to_period(period)
    except (ValueError, TypeError) as error:
        raise ValueError(f"freq must be a pandas period such as 'W', 'D' or 'M'; "
                         f"got {freq!r}.") from error
    hits = (analysed["theme"] == theme).astype(int)
    table = pd.DataFrame({"period": periods, "hit": hits}).groupby("period").agg(
        comments=("hit", "size"), theme_comments=("hit", "sum"))
    full = pd.period_range(table.index.min(), table.index.max(), freq=table.index.freq)
    table = table.reindex(full, fill_value=0)
    table["share"] = (table["theme_comments"] / table["comments"].where(
        table["comments"] > 0)).fillna(0.0)
    table.insert(0, "period_start", table.index.start_time)
    return table.reset_index(drop=True)[columns]


VERBATIM_COLUMNS: tuple[str, ...] = (
    "arrived_at", "channel", "team", "csat", "nps", "theme", "sentiment", "comment",
)


def verbatims(analysed: pd.DataFrame, theme: str | None = None, channel: str | None = None,
              min_csat: int | None = None, max_csat: int | None = None, limit: int = 10,
              seed: int = 0) -> pd.DataFrame:
    """A random sample of comments that match the filters, newest first (for reading).

    Filters left as None are not applied; ``min_csat``/``max_csat`` are inclusive. The same
    ``seed`` gives the same sample. An empty table (same columns) when nothing matches.

    Example:
        >>> frame = pd.DataFrame({"arrived_at": pd.to_datetime(["2026-01-05"] * 2),
        ...     "channel": ["phone", "chat"], "team": ["A", "B"], "csat": [1, 5],
        ...     "nps": [0, 10], "theme": ["resolution", "praise"], "sentiment": [-0.7, 0.8],
        ...     "comment": ["Still not sorted.", "Brilliant."]})
        >>> verbatims(frame, max_csat=2)["comment"].tolist()
        ['Still not sorted.']
    """
    _require(analysed, VERBATIM_COLUMNS, "The analysed table")
    if not isinstance(limit, (int, np.integer)) or isinstance(limit, bool) or limit < 0:
        raise ValueError(f"limit must be a whole number of 0 or more; got {limit!r}.")
    rows = np.flatnonzero(_matching(analysed, theme, channel, min_csat, max_csat))
    if rows.size > limit:
        rows = np.sort(np.random.default_rng(seed).choice(rows, size=int(limit), replace=False))
    sample = analysed.iloc[rows][list(VERBATIM_COLUMNS)]
    return sample.sort_values("arrived_at", ascending=False, kind="stable").reset_index(
        drop=True)


def count_matching(analysed: pd.DataFrame, theme: str | None = None,
                   channel: str | None = None, min_csat: int | None = None,
                   max_csat: int | None = None) -> int:
    """How many comments match the filters (the same filters as :func:`verbatims`), so a
    reader knows how many the sample was drawn from.

    Example:
        >>> frame = pd.DataFrame({"theme": ["resolution", "praise", "resolution"],
        ...                       "channel": ["phone", "chat", "chat"], "csat": [1, 5, 2]})
        >>> count_matching(frame, theme="resolution"), count_matching(frame, max_csat=2)
        (2, 2)
    """
    _require(analysed, ["theme", "channel", "csat"], "The analysed table")
    return int(_matching(analysed, theme, channel, min_csat, max_csat).sum())


def _matching(analysed: pd.DataFrame, theme: str | None, channel: str | None,
              min_csat: int | None, max_csat: int | None) -> np.ndarray:
    """True for the comments that match every filter given (None: not applied)."""
    for name, value in (("min_csat", min_csat), ("max_csat", max_csat)):
        if value is not None and not (isinstance(value, Real) and 1 <= value <= 5):
            raise ValueError(f"{name} must be from 1 to 5 or None; got {value!r}.")
    keep = np.ones(len(analysed), dtype=bool)
    if theme is not None:
        keep &= (analysed["theme"] == _check_theme(theme, _distinct_themes(analysed))
                 ).to_numpy()
    if channel is not None:
        keep &= (analysed["channel"] == channel).to_numpy()
    if min_csat is not None or max_csat is not None:
        csat = pd.to_numeric(analysed["csat"], errors="coerce").astype(float).to_numpy()
        keep &= (csat >= (min_csat if min_csat is not None else -np.inf)) & (
            csat <= (max_csat if max_csat is not None else np.inf))
    return keep


def _week(stamp: object) -> str:
    day = pd.Timestamp(stamp)
    return f"{day.day} {day:%b}"


def numbers_and_words_sentences(kpi_by_week: pd.Series, target: float,
                                theme_share_by_week: pd.Series, *, kpi: str = "CSAT",
                                theme: str = "the app or website",
                                first_weeks: int = 4) -> list[str]:
    """What a weekly KPI (higher is better, e.g. CSAT in %) and the weekly share of comments
    on one theme (in %) show side by side, in sentences computed from the two series.

    The first sentence says in how many weeks the KPI met ``target`` and names the weeks it
    did not; the second compares the theme's share in the first ``first_weeks`` weeks with
    the last week. Both series are indexed by the week's start.

    Example:
        >>> weeks = pd.date_range("2026-01-05", periods=5, freq="7D")
        >>> csat = pd.Series([77.0, 76.0, 71.7, 76.5, 77.1], index=weeks)
        >>> app = pd.Series([5.0, 5.5, 6.0, 12.0, 20.0], index=weeks)
        >>> first, second = numbers_and_words_sentences(csat, 75, app, first_weeks=2)
        >>> first
        'CSAT met its target (75%) in 4 of 5 weeks; it fell below in the week of 19 Jan (71.7%).'
        >>> second.split(" of all")[0]
        'Comments about the app or website grew from 5.2%'
    """
    for name, series in (("kpi_by_week", kpi_by_week), ("theme_share_by_week",
                                                        theme_share_by_week)):
        checks.instance(name, series, pd.Series, "a Series of weekly values indexed by week")
        if series.dropna().empty:
            raise ValueError(f"{name} has no weekly values to describe.")
    target = checks.number("target", target, example="75")
    if not isinstance(first_weeks, int) or isinstance(first_weeks, bool) or first_weeks < 1:
        raise ValueError(f"first_weeks must be a whole number of 1 or more; got {first_weeks!r}.")
    values = kpi_by_week.dropna().astype(float)
    below = values[values < target]
    met = len(values) - len(below)
    if below.empty:
        first = f"{kpi} met its target ({target:g}%) in every one of the {len(values)} weeks."
    else:
        listed = ", ".join(f"{_week(week)} ({value:.1f}%)" for week, value in below.items())
        weeks = "the week" if len(below) == 1 else "the weeks"
        first = (f"{kpi} met its target ({target:g}%) in {met} of {len(values)} weeks; it fell "
                 f"below in {weeks} of {listed}.")
    shares = theme_share_by_week.dropna().astype(float)
    start = float(shares.iloc[:first_weeks].mean())
    end = float(shares.iloc[-1])
    if end > start:
        verb = "grew"
    elif end < start:
        verb = "fell"
    else:
        verb = "stayed"
    second = (f"Comments about {theme} {verb} from {start:.1f}% of all comments in the first "
              f"{first_weeks} weeks to {end:.1f}% in the last week.")
    return [first, second]


RESPONSE_GAP_CLOSE_POINTS = 2.0
"""Response rates closer than this (percentage points) are called close: a small bias."""


def response_bias_sentences(resolved_rate: float, unresolved_rate: float,
                            close_points: float = RESPONSE_GAP_CLOSE_POINTS) -> list[str]:
    """What the survey response rates of resolved and unresolved customers (in %) mean for
    CSAT, in sentences: who answers less and by how much, or that the rates are close.

    Example:
        >>> response_bias_sentences(14.1, 14.3)[0].endswith("so this bias is small in this data.")
        True
        >>> response_bias_sentences(16.0, 9.5)[0].split(": ")[1]
        '9.5% against 16.0% for those resolved first time, 6.5 points lower.'
    """
    resolved = checks.number("resolved_rate", resolved_rate, minimum=0, maximum=100,
                             example="14.1")
    unresolved = checks.number("unresolved_rate", unresolved_rate, minimum=0, maximum=100,
                               example="14.3")
    close = checks.number("close_points", close_points, minimum=0, example="2")
    gap = unresolved - resolved
    if abs(gap) < close:
        return [f"Customers whose issue was resolved first time answered the survey at "
                f"{resolved:.1f}%, those whose issue was not at {unresolved:.1f}%: the rates "
                f"are close here ({abs(gap):.1f} points apart), so this bias is small in this "
                "data.",
                "Check it in your own data: where unhappy customers answer less often, CSAT "
                "looks better than the service really is."]
    if gap < 0:
        return [f"Customers whose issue was not resolved answer the survey less often: "
                f"{unresolved:.1f}% against {resolved:.1f}% for those resolved first time, "
                f"{-gap:.1f} points lower.",
                "The survey hears more from customers whose issue was fixed, so CSAT looks "
                "better than the service really is. Ask who is missing from your data before "
                "you trust a figure."]
    return [f"Customers whose issue was not resolved answer the survey more often: "
            f"{unresolved:.1f}% against {resolved:.1f}% for those resolved first time, "
            f"{gap:.1f} points higher.",
            "The survey hears more from customers whose issue was not fixed, so CSAT looks "
            "worse than the service really is. Ask who is missing from your data before you "
            "trust a figure."]
