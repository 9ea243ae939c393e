"""Numeric claims: the numbers articles state, what they measure, and where outlets disagree.

``extract_claims`` finds five kinds of numeric claim with regular expressions, in this priority
order (a span claimed by an earlier kind is not matched again by a later one):

1. ``date``     -- ISO dates (2025-01-27), month + day (+ year) (January 20), month + year
   (August 2023), bare years 1800-2099 (2023);
2. ``money``    -- a currency sign, a number, an optional range and scale ($6 million,
   $5.5 million, $70-$100 million, $465 billion);
3. ``percent``  -- 13%, 75 percent;
4. ``duration`` -- a number or number word and a time unit (two weeks, 17 days, a week);
5. ``count``    -- a number (+ scale) and the counted noun phrase (2,048 NVIDIA H800s,
   671 billion parameters, 100,000 jobs); number words only with a scale (a million downloads).

``match`` is the number with its unit only; a hedge or bound just before it ("less than",
"over", "within just") goes to ``qualifier``. ``value``/``unit`` are as written (2, "weeks");
``normalized_value``/``normalized_unit`` are canonical (14, "days"; money in the currency's
units; percentages as percent; counts as counts); ranges also give ``normalized_low``/``_high``.

``quantity`` -- the thing measured -- comes from ordered rules over the claim's sentence
(``QUANTITY_RULES``): each rule names claim kinds and cue patterns that must all occur within a
character window before/after the claim; the first rule that fires wins. Counts without a rule
are keyed by their noun ("parameters", "jobs"; chip models give "<model> chips"). Claims no rule
covers get a generic key (``rule == "fallback"``), which :func:`align_claims` leaves out by
default.

Two refinements keep different quantities apart (general rules over the sentence, no seed text):

* **What was released.** Rules with ``names_released`` ("release date", "days since release")
  prefix the quantity with the object of the release cue nearest the claim: the first noun of
  ``RELEASED_OBJECTS`` after the cue in the same clause ("introduced its innovative AI
  *models*", "the release of its first large-language AI *model*" -> ``model release date``),
  else the nearest one before it in the sentence ("The *app*'s rise ... its official release"
  -> ``app release date``). No such noun: the plain key.
* **Whom the claim is about.** Each sentence's named subject is found by rule
  (``_sentence_subject``: skip an introductory phrase ending in a comma, take the noun phrase up
  to the first comma, stopword or "-ed" verb, and use its head when it is a name, else a
  possessive name in it). A word is a name when it is capitalised, not a stopword, month or
  weekday, never written in lowercase in the corpus and, at a sentence start, capitalised
  elsewhere in the corpus. The *main subject* is ``extract_claims(main_subject=...)`` or, by
  default, the most frequent named sentence subject of the whole input (``attrs["main_subject"]``;
  names of one organisation and its products share a key: "DeepSeek-V3" -> ``deepseek``). A
  rule- or noun-keyed claim whose sentence has another named subject gets it appended:
  "Baidu, a Chinese tech giant, set the stage in 2023 with the release of its first
  large-language AI model" -> ``model release date (Baidu)``. Pronoun and common-noun subjects
  ("It", "The company", "The semiconductor giant") are not resolved and leave the key alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from framing.compare import _check_option, _check_table
from framing.errors import ParameterError

__all__ = ["QUANTITY_RULES", "align_claims", "extract_claims"]

# --- tuned constants ---------------------------------------------------------------------------
# Two claims of one quantity agree when their intervals overlap within this relative tolerance
# (1%: rounding "$5.96 million" to "$6 million" agrees; "$5.5 million" vs "$6 million" does not).
AGREE_REL_TOL = 0.01
# Days per unit: Julian year / 12 for months (ISO 8601 leaves month length open).
DAYS_PER_UNIT = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
                 "month": 30.4375, "year": 365.25}

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_SCALE = r"thousand|million|billion|trillion"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(r"(?<![\w-])(?P<iso>\d{4}-\d{2}-\d{2})(?![\w-])")),
    ("date", re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                        rf"(?:,?\s+(?P<year>\d{{4}}))?(?!\d)")),
    ("date", re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>\d{{4}})(?!\d)")),
    ("money", re.compile(
        rf"(?P<cur>[$€£¥])\s?(?P<num>{_NUM})(?:\s?(?:-|–|—|to)\s?[$€£¥]?\s?(?P<high>{_NUM}))?"
        rf"(?:\s+(?P<scale>{_SCALE})\b|\s?(?P<abbr>bn|mn|tn|[mbk])\b)?", re.IGNORECASE)),
    ("percent", re.compile(
        rf"(?<![\w.,$-])(?P<num>{_NUM})(?:\s?(?:-|–|to)\s?(?P<high>{_NUM}))?"
        rf"(?:\s?%|\s(?:percent|per cent)\b)", re.IGNORECASE)),
    ("duration", re.compile(
        rf"(?<![\w.,$-])(?:(?P<num>{_NUM})|(?P<word>{_WORDNUM}))(?:\s+|-)"
        rf"(?P<unit>minute|hour|day|week|month|year)s?\b", re.IGNORECASE)),
    ("date", re.compile(r"(?<![\w$.,-])(?P<year>1[89]\d{2}|20\d{2})(?![\w%-]|[.,]\d)")),
    ("count", re.compile(
        rf"(?<![\w.,$-])(?:(?P<num>{_NUM})|(?i:(?P<word>{_WORDNUM})))"
        rf"(?:\s+(?i:(?P<scale>{_SCALE})))?"
        rf"\s+(?P<noun>(?:[A-Z][\w-]*\s+)?[A-Za-z][\w-]*)")),
]
_QUALIFIER = re.compile(
    r"(?:\b(?:less than|more than|fewer than|over|under|about|around|roughly|nearly|almost|"
    r"up to|at least|at most|only|just|within|some|approximately|an estimated|a mere)\s+)+$",
    re.IGNORECASE)
_NOT_COUNTED = frozenset(
    re.findall(r"\S+", """of in on at to for from by with and or the a an as than that which who is
    are was were be been has have had it its this these those more less most other others times
    percent per cent am pm""")) | frozenset(_MONTHS)
_CHIP_MODEL = re.compile(r"\b([A-Z]{1,2}\d{2,4}[A-Z]?)s?\b")
_CHIP_WORD = re.compile(r"\b(?:GPUs?|chips?|accelerators?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class QuantityRule:
    """``quantity`` for claims of ``kinds`` when every cue occurs within its window.

    A cue is ``(pattern, chars_before, chars_after)``: it must match text that overlaps the part
    of the claim's sentence from ``chars_before`` characters before the claim to ``chars_after``
    characters after it.
    """

    quantity: str
    kinds: frozenset[str]
    cues: tuple[tuple[str, int, int], ...]
    # Prefix the quantity with what the sentence says was released ("model release date").
    names_released: bool = False


def _rule(quantity: str, kinds: str, *cues: tuple[str, int, int],
          names_released: bool = False) -> QuantityRule:
    return QuantityRule(quantity, frozenset(kinds.split()), cues, names_released)


_TOP = (r"\b(?:surpass\w*|overt(?:ake|aken|aking|akes|ook)|(?:zoom|surg|rac|shot|climb|jump)\w*"
        r"\s+(?:past|to|up)|top(?:ped|s)?\b|top-rated|number one|no\. ?1\b|#1\b|dethron\w*)")
_RELEASE = r"\b(?:release\w*|launch\w*|introduc\w*|debut\w*)"
# What was released, for rules with names_released: the first of these nouns after the release
# cue in the same clause (up to RELEASED_AFTER characters, before a comma or semicolon), else the
# nearest one before the cue in the sentence. Order matters only for one noun matching twice.
RELEASED_OBJECTS: tuple[tuple[str, str], ...] = (
    ("app", r"\b(?:apps?|applications?|chatbots?|assistants?)\b"),
    ("model", r"\b(?:models?|LLMs?)\b"),
)
RELEASED_AFTER = 60
# Ordered: the first rule whose cues all fire names the quantity. Written for framing from the
# seed articles and the codebook's frames; specific rules come before general ones.
QUANTITY_RULES: tuple[QuantityRule, ...] = (
    _rule("training cost (US rivals)", "money",
          ((r"\b(?:spent|spend|spending|invested)\s+by\b|\bby\s+(?:google|openai|meta|microsoft|"
            r"anthropic|american|us|u\.s\.)\b"), 0, 40)),
    _rule("investment", "money",
          (r"\binvest\w*|\binitiative\b|\bproject\b|\bfund(?:s|ing)?\b|\bstargate\b|\bpledg\w*",
           60, 60)),
    _rule("training cost", "money", (r"\btrain(?:ing|ed|s)?\b", 150, 150)),
    _rule("market value lost", "money",
          ((r"\bmarket (?:value|cap\w*)|\bwip(?:ed|ing|es) out\b|\blos(?:t|ing|es|s)\b|"
            r"\bsell-?off\b"), 80, 60)),
    _rule("share drop", "percent",
          ((r"\b(?:drop\w*|fall\w*|fell|declin\w*|plung\w*|slid|slump\w*|tumbl\w*|sank|down|"
            r"los(?:t|ing|s))\b"), 40, 40), (r"\b(?:stock|share|price)s?\b", 60, 60)),
    _rule("share gain", "percent",
          (r"\b(?:rise|rose|gain\w*|jump\w*|surg\w*|climb\w*|soar\w*|up)\b", 40, 40),
          (r"\b(?:stock|share|price)s?\b", 60, 60)),
    _rule("memory saving", "percent", (r"\bmemory\b", 0, 40)),
    _rule("days to the downloads milestone", "duration",
          (r"(?:\d|thousand|million|billion)\s+downloads\b", 60, 0)),
    _rule("days to top the App Store", "duration", (_TOP, 200, 200),
          (r"\b(?:app store|chatgpt|charts?|free app|downloads?)\b", 200, 200)),
    _rule("days since release", "duration", (r"\b(?:release\w*|launch\w*)", 60, 60),
          names_released=True),
    _rule("publication date", "date", (r"\bas of this writing\b|\bdate\b|\bpublished\b", 30, 0)),
    _rule("founding date", "date", (r"\bfounded\b|\bestablished\b", 80, 10)),
    _rule("policy change date", "date",
          (r"\b(?:restrictions?|regulations?|export controls?|sanctions?|rules)\b", 60, 80)),
    _rule("release date", "date",
          (r"\b(?:release[sd]?|launch\w*|introduc\w*|debut\w*)\b", 80, 80),
          names_released=True),
)
_FALLBACK = {"money": "amount", "percent": "percentage", "duration": "duration", "date": "date"}

ClaimsBy = Literal["doc_id", "outlet"]

CLAIM_COLUMNS = ["doc_id", "outlet", "kind", "quantity", "rule", "value", "unit",
                 "normalized_value", "normalized_low", "normalized_high", "normalized_unit",
                 "normalized", "qualifier", "sentence_index", "start", "end", "match", "sentence"]


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _fmt(x: float) -> str:
    return f"{x:.10g}"


def _cue_fires(sentence: str, a: int, b: int, cue: tuple[str, int, int]) -> bool:
    pattern, before, after = cue
    lo, hi = max(0, a - before), min(len(sentence), b + after)
    for m in re.finditer(pattern, sentence, re.IGNORECASE):
        if m.start() < hi and m.end() > lo and not (m.start() >= a and m.end() <= b):
            return True
    return False


def _quantity(kind: str, sentence: str, a: int, b: int, noun: str | None) -> tuple[str, str]:
    for i, rule in enumerate(QUANTITY_RULES):
        if kind in rule.kinds and all(_cue_fires(sentence, a, b, c) for c in rule.cues):
            what = _released(sentence, a, b) if rule.names_released else None
            return (f"{what} {rule.quantity}" if what else rule.quantity), f"rule{i}"
    if kind == "count" and noun:
        if m := _CHIP_MODEL.search(noun):
            return f"{m.group(1)} chips", "noun"
        if _CHIP_WORD.search(noun):
            return "GPUs", "noun"
        return noun.split()[-1].lower(), "noun"
    return _FALLBACK[kind], "fallback"


# --- what was released, and whom a claim is about ------------------------------------------------

_MONTH_AND_DAY_NAMES = frozenset(_MONTHS) | frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
# Determiners and possessive pronouns that may open a subject noun phrase.
_DETERMINERS = frozenset(
    ("the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
     "some", "many", "most", "all", "both", "each", "every", "other", "another", "such"))
# Prepositions missing from scikit-learn's stopword list that end a subject noun phrase
# ("Other Chinese companies like Baidu have ...": the head is "companies").
_NP_BREAKERS = frozenset(("like", "including", "despite", "unlike", "amid", "versus", "vs",
                          "according", "following", "than"))
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_SUBJECT_MAX_WORDS = 6
_INTRO_MAX_WORDS = 12


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from framing.text import _STARTERS

    return frozenset(ENGLISH_STOP_WORDS) | _STARTERS


def _words(text: str) -> list[tuple[str, str]]:
    """(word, text between the previous word and this one) for every word of ``text``."""
    from framing.text import word_spans

    out, prev = [], 0
    for a, b in word_spans(text):
        out.append((text[a:b], text[prev:a]))
        prev = b
    return out


@dataclass(frozen=True)
class _Case:
    """How the corpus writes its words: evidence for telling names from capitalised words."""

    capitalised: frozenset[str]  # capitalised somewhere other than at a sentence start
    lowercase: frozenset[str]  # written in lowercase somewhere


def _case_evidence(texts: list[str]) -> _Case:
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for text in texts:
        for s0, s1 in _sentences(text):
            for i, (word, _) in enumerate(_words(text[s0:s1])):
                base = _POSSESSIVE.sub("", word)
                if base[:1].islower():
                    lowercase.add(base)
                elif i and base[:1].isupper():
                    capitalised.add(base)
    return _Case(frozenset(capitalised), frozenset(lowercase))


def _is_name(word: str, initial: bool, case: _Case, stop: frozenset[str]) -> bool:
    """A capitalised word that is not a stopword, month or weekday, that the corpus never writes
    in lowercase ("Data", "Just" are not names) and, at a sentence start, capitalises elsewhere."""
    base = _POSSESSIVE.sub("", word)
    low = base.lower()
    if (not base[:1].isupper() or low in stop or low in _MONTH_AND_DAY_NAMES
            or low in case.lowercase):
        return False
    return not initial or base in case.capitalised


def _sentence_subject(sentence: str, case: _Case) -> str | None:
    """The named entity the sentence is about, or None (a pronoun or a common noun phrase).

    Rules (no parser): drop parentheticals; skip introductory phrases that end in a comma
    ("On January 20, ", "However, ", "According to X, ") when they open with a closed-class word
    or are one word not followed by an appositive ("Additionally, " but not "Baidu, a ...");
    the subject noun phrase then runs from the clause start to the first comma, colon, dash,
    lowercase stopword (after any opening determiners) or lowercase "-ed" word, at most
    _SUBJECT_MAX_WORDS words. When its last word (the head) is a name, the subject is the run of
    names ending there, cut after a possessive ("DeepSeek's CEO" -> "DeepSeek"); otherwise a
    possessive name in the phrase ("Baidu's model") is the subject. Names: see ``_is_name``.
    """
    stop = _stopwords()
    words = _words(_PARENTHETICAL.sub(" ", sentence))
    start = 0
    for _ in range(3):
        comma = next((k for k in range(start + 1, min(len(words), start + _INTRO_MAX_WORDS + 1))
                      if "," in words[k][1]), None)
        if comma is None:
            break
        first = words[start][0].lower().replace("’", "'")
        one_word = comma == start + 1 and words[comma][0].lower() not in ("a", "an", "the")
        if (first in stop and first not in _DETERMINERS) or (one_word and (
                first.endswith("ly") or not _is_name(words[start][0], start == 0, case, stop))):
            start = comma
        else:
            break
    phrase: list[str] = []
    for k in range(start, len(words)):
        word, gap = words[k]
        if phrase and any(ch in gap for ch in ",;:\u2014\u2013"):
            break
        low = word.lower()
        if word[:1].islower() or (k == start and low in stop):
            if low in _DETERMINERS and all(w.lower() in _DETERMINERS for w in phrase):
                phrase.append(word)
                continue
            if low in stop or low in _NP_BREAKERS or low.endswith("ed"):
                break
        phrase.append(word)
        if len(phrase) >= _SUBJECT_MAX_WORDS:
            break
    initial = [start == 0 and i == 0 for i in range(len(phrase))]
    names = [_is_name(w, ini, case, stop) for w, ini in zip(phrase, initial)]
    if phrase and names[-1]:
        i = len(phrase) - 1
        while i > 0 and names[i - 1]:
            i -= 1
        run = phrase[i:]
        for j, w in enumerate(run):
            if _POSSESSIVE.search(w):
                run = run[:j + 1]
                break
        return _POSSESSIVE.sub("", " ".join(run))
    for w, is_name in zip(phrase, names):
        if is_name and _POSSESSIVE.search(w):
            return _POSSESSIVE.sub("", w)
    return None


def _subject_key(name: str) -> str:
    """Names of one organisation and its products share a key: "DeepSeek-V3" -> "deepseek"."""
    return re.split(r"[\s\-]", name, maxsplit=1)[0].lower()


def _main_subject(subjects: list[str | None]) -> str | None:
    """The key of the most frequent sentence subject (ties: the first seen), None if none."""
    keys = [_subject_key(x) for x in subjects if x]
    if not keys:
        return None
    counts = {k: keys.count(k) for k in dict.fromkeys(keys)}
    return max(counts, key=counts.__getitem__)


def _released(sentence: str, a: int, b: int) -> str | None:
    """What the release cue nearest the claim says was released ("app", "model"), or None."""
    cues = [m for m in re.finditer(_RELEASE, sentence, re.IGNORECASE)
            if not (m.start() >= a and m.end() <= b)]
    if not cues:
        return None
    cue = min(cues, key=lambda m: min(abs(m.start() - b), abs(a - m.end())))
    after = re.split(r"[,;:\u2014]", sentence[cue.end():cue.end() + RELEASED_AFTER], maxsplit=1)[0]
    hits = [(m.start(), name) for name, pattern in RELEASED_OBJECTS
            for m in re.finditer(pattern, after, re.IGNORECASE)]
    if hits:
        return min(hits)[1]
    before = sentence[:cue.start()]
    hits = [(m.end(), name) for name, pattern in RELEASED_OBJECTS
            for m in re.finditer(pattern, before, re.IGNORECASE)]
    return max(hits)[1] if hits else None


def _parse(kind: str, m: re.Match[str]) -> dict | None:
    """value, unit and normalised fields of one match; None to reject it."""
    g = m.groupdict()
    if kind == "date":
        if g.get("iso"):
            return {"value": float(g["iso"][:4]), "unit": "date", "normalized": g["iso"],
                    "normalized_unit": "date"}
        year = g.get("year")
        month = g.get("month")
        if month:
            mon = next(i for i, name in enumerate(_MONTHS, 1)
                       if name.startswith(month.rstrip(".").lower()[:3]))
            day = g.get("day")
            norm = (f"{year or '-'}-{mon:02d}" + (f"-{int(day):02d}" if day else ""))
            if day and not 1 <= int(day) <= 31:
                return None
            return {"value": float(year) if year else np.nan, "unit": "date",
                    "normalized": norm, "normalized_unit": "date"}
        return {"value": float(year), "unit": "year", "normalized": year,
                "normalized_unit": "date"}
    if kind == "money":
        scale = _SCALES.get((g.get("scale") or g.get("abbr") or "").lower(), 1.0)
        low = _num(g["num"]) * scale
        high = _num(g["high"]) * scale if g.get("high") else low
        cur = _CURRENCY[g["cur"]]
        return {"value": (low + high) / 2, "unit": cur, "normalized_value": (low + high) / 2,
                "normalized_low": low, "normalized_high": high, "normalized_unit": cur}
    if kind == "percent":
        low = _num(g["num"])
        high = _num(g["high"]) if g.get("high") else low
        return {"value": (low + high) / 2, "unit": "%", "normalized_value": (low + high) / 2,
                "normalized_low": low, "normalized_high": high, "normalized_unit": "%"}
    if kind == "duration":
        n = _num(g["num"]) if g.get("num") else _NUMBER_WORDS[g["word"].lower()]
        unit = g["unit"].lower()
        days = n * DAYS_PER_UNIT[unit]
        return {"value": n, "unit": unit + "s", "normalized_value": days, "normalized_low": days,
                "normalized_high": days, "normalized_unit": "days"}
    # count
    noun = g["noun"]
    if noun.split()[-1].lower() in _NOT_COUNTED or noun.split()[0].lower() in _NOT_COUNTED:
        return None
    if g.get("word") and not g.get("scale"):
        return None  # "one of", "two firms": too noisy without a scale word
    n = _num(g["num"]) if g.get("num") else _NUMBER_WORDS[g["word"].lower()]
    n *= _SCALES.get((g.get("scale") or "").lower(), 1.0)
    return {"value": n, "unit": noun.split()[-1].lower(), "normalized_value": n,
            "normalized_low": n, "normalized_high": n, "normalized_unit": "count", "noun": noun}


def _sentences(text: str) -> list[tuple[int, int]]:
    from framing.text import split_sentences

    return split_sentences(text)


def extract_claims(articles: pd.DataFrame, *, main_subject: str | None = None) -> pd.DataFrame:
    """Numeric claims of every article, one row each, with offsets into the article text.

    Columns: ``CLAIM_COLUMNS`` (``doc_id, outlet, kind, quantity, rule, value, unit,
    normalized_value, normalized_low, normalized_high, normalized_unit, normalized, qualifier,
    sentence_index, start, end, match, sentence``); ``text[start:end] == match`` always, and
    ``sentence_index`` counts all sentences of ``framing.text.split_sentences``.

    ``main_subject`` names the organisation the corpus is about (e.g. "DeepSeek"); by default it
    is the most frequent named sentence subject of ``articles``. A rule-keyed claim whose sentence
    has another named subject gets it appended to its quantity ("model release date (Baidu)").
    The subject used is in ``result.attrs["main_subject"]``.
    """
    func = "extract_claims"
    _check_table(articles, ["doc_id", "text"], "articles", func)
    if main_subject is not None and (not isinstance(main_subject, str)
                                     or not main_subject.strip()):
        raise ParameterError(f"The 'main_subject' parameter of {func} must be a non-empty str "
                             f"or None. Got {main_subject!r}.")
    rows = []
    outlets = (articles["outlet"].fillna("").astype(str) if "outlet" in articles
               else pd.Series("", index=articles.index))
    texts = [t if isinstance(t, str) else None for t in articles["text"]]
    spans = [_sentences(t) if t is not None else [] for t in texts]
    case = _case_evidence([t for t in texts if t is not None])
    subject_of: dict[tuple[int, int], str | None] = {}

    def subject(doc: int, s_index: int) -> str | None:
        if (doc, s_index) not in subject_of:
            s0, s1 = spans[doc][s_index]
            subject_of[doc, s_index] = _sentence_subject(texts[doc][s0:s1], case)
        return subject_of[doc, s_index]

    if main_subject is None:
        main_key = _main_subject([subject(d, i) for d in range(len(texts))
                                  for i in range(len(spans[d]))])
    else:
        main_key = _subject_key(main_subject.strip())
    for doc, (doc_id, outlet) in enumerate(zip(articles["doc_id"].astype(str), outlets)):
        text = texts[doc]
        if text is None:
            continue
        for s_index, (s0, s1) in enumerate(spans[doc]):
            sentence = text[s0:s1]
            taken: list[tuple[int, int]] = []
            found = []
            for kind, pattern in _PATTERNS:
                for m in pattern.finditer(sentence):
                    a, b = m.span()
                    if any(a < y and b > x for x, y in taken):
                        continue
                    parsed = _parse(kind, m)
                    if parsed is None:
                        continue
                    taken.append((a, b))
                    found.append((a, b, kind, parsed))
            about = subject(doc, s_index) if found and main_key is not None else None
            if about is not None and _subject_key(about) == main_key:
                about = None
            for a, b, kind, parsed in sorted(found, key=lambda f: f[0]):
                quantity, rule = _quantity(kind, sentence, a, b, parsed.pop("noun", None))
                if about is not None and rule != "fallback":
                    quantity = f"{quantity} ({about})"
                q = _QUALIFIER.search(sentence[:a])
                norm = parsed.get("normalized")
                if norm is None:
                    lo, hi = parsed["normalized_low"], parsed["normalized_high"]
                    norm = (_fmt(lo) if lo == hi else f"{_fmt(lo)}-{_fmt(hi)}")
                    norm += f" {parsed['normalized_unit']}"
                rows.append({
                    "doc_id": doc_id, "outlet": outlet, "kind": kind, "quantity": quantity,
                    "rule": rule, "value": parsed["value"], "unit": parsed["unit"],
                    "normalized_value": parsed.get("normalized_value", np.nan),
                    "normalized_low": parsed.get("normalized_low", np.nan),
                    "normalized_high": parsed.get("normalized_high", np.nan),
                    "normalized_unit": parsed["normalized_unit"], "normalized": norm,
                    "qualifier": q.group(0).strip().lower() if q else "",
                    "sentence_index": s_index, "start": s0 + a, "end": s0 + b,
                    "match": sentence[a:b], "sentence": sentence,
                })
    out = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    out.attrs["main_subject"] = main_key
    return out


def _date_parts(norm: str) -> tuple[str | None, ...]:
    """('2025', '01', '27') from '2025-01-27'; None for a part not stated ('--01-27')."""
    if norm.startswith("--"):
        return (None, *norm[2:].split("-"))
    parts = norm.split("-")
    return tuple(parts + [None] * (3 - len(parts)))


def _conflict(x: pd.Series, y: pd.Series, rel_tol: float) -> bool:
    if x["normalized_unit"] == "date":
        return any(a is not None and b is not None and a != b
                   for a, b in zip(_date_parts(x["normalized"]), _date_parts(y["normalized"])))
    lo = max(x["normalized_low"], y["normalized_low"])
    hi = min(x["normalized_high"], y["normalized_high"])
    return bool(lo > hi + rel_tol * max(abs(lo), abs(hi)))


def _disagree(part: pd.DataFrame, by: str, rel_tol: float) -> bool:
    """True when two claims from different groups conflict (dates: a stated part differs)."""
    rows = [r for _, r in part.iterrows()]
    return any(a[by] != b[by] and _conflict(a, b, rel_tol)
               for i, a in enumerate(rows) for b in rows[i + 1:])


def align_claims(claims: pd.DataFrame, *, by: ClaimsBy = "doc_id",
                 include_fallback: bool = False, rel_tol: float = AGREE_REL_TOL) -> pd.DataFrame:
    """One row per quantity with each article's (or outlet's) claims side by side.

    Columns: ``quantity, kind, unit``, then one column per ``by`` value holding that group's
    claims as written ("less than $6 million; ..."; empty when it states none), then
    ``values`` (the normalised values), ``n_claims, n_groups, min_value, max_value, disagree``.
    ``disagree`` is True when claims of two *different* groups conflict: their [low, high]
    intervals are more than ``rel_tol`` apart, or (dates) a part both state differs, so
    "January 27" and "2025-01-27" agree. Generic (fallback) quantities are left out unless
    ``include_fallback``.
    """
    func = "align_claims"
    _check_table(claims, ["doc_id", "outlet", "kind", "quantity", "rule", "match", "qualifier",
                          "normalized", "normalized_low", "normalized_high", "normalized_unit"],
                 "claims", func)
    _check_option(by, ClaimsBy, "by", func)
    if not isinstance(rel_tol, (int, float)) or rel_tol < 0:
        raise ParameterError(f"The 'rel_tol' parameter of {func} must be a number >= 0. "
                             f"Got {rel_tol!r}.")
    data = claims if include_fallback else claims[claims["rule"] != "fallback"]
    groups = sorted(claims[by].astype(str).unique())
    rows = []
    for (quantity, unit), part in data.groupby(["quantity", "normalized_unit"], sort=True):
        shown = (part["qualifier"].where(part["qualifier"] == "", part["qualifier"] + " ")
                 + part["match"])
        row = {"quantity": quantity, "kind": part["kind"].iloc[0], "unit": unit}
        for g in groups:
            row[g] = "; ".join(shown[part[by].astype(str) == g])
        row.update({
            "values": "; ".join(dict.fromkeys(part["normalized"])),
            "n_claims": len(part), "n_groups": part[by].nunique(),
            "min_value": float(part["normalized_low"].min()),
            "max_value": float(part["normalized_high"].max()),
            "disagree": _disagree(part, by, rel_tol),
        })
        rows.append(row)
    return pd.DataFrame(rows, columns=["quantity", "kind", "unit", *groups, "values", "n_claims",
                                       "n_groups", "min_value", "max_value", "disagree"])
