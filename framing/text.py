"""Sentence and word spans with character offsets, offline and regex-based.

Every function returns ``(start, end)`` offsets into the text it was given, so evidence rows can
always satisfy ``text[start:end] == match``. Nothing here needs downloaded data (no Punkt model).

Sentence rule, in one paragraph: a line break always ends a sentence. Otherwise a sentence ends
after a run of ``.``, ``!``, ``?`` or ``…`` (plus any closing quotes and brackets) that is followed
by whitespace, unless the next word starts with a lowercase letter (``"Is it?" she asked``,
``e.g. the``) or the word before the period is an abbreviation:

* titles and similar (``Mr.``, ``Dr.``, ``vs.``, ``e.g.``) never end a sentence;
* number abbreviations (``No.``, ``Jan.``, ``Vol.``) do not end one before a digit (``No. 1``,
  ``Jan. 20``);
* ambiguous abbreviations (``Inc.``, ``Corp.``, ``St.``), dotted acronyms (``U.S.``, ``a.m.``) and
  initials (``W.``) end a sentence only when the next word is a common sentence opener
  (a pronoun, determiner, conjunction, preposition or sentence adverb: ``The``, ``It``,
  ``However``…) or an opening quote. So "the U.S. App Store" stays whole, and
  "made in the U.S. The next" splits;
* a bare number opening a sentence or following a colon is a list marker (``1. First``,
  ``Steps: 1. Open``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from framing.errors import ParameterError

__all__ = [
    "count_words",
    "normalize_for_matching",
    "sentence_index",
    "split_sentences",
    "word_spans",
]

# --- tuned lists -------------------------------------------------------------------------------
# Written for framing from common abbreviations in English news copy and the seed articles,
# then checked against the sentence boundaries of the VADER NYT sentences
# (shared/eval/sentiment/nyt_dev.tsv, see benchmarks/bench_text.py). All lowercase, no final dot.

# fmt: off
# Never end a sentence: they precede a name or a phrase.
_TITLE_ABBREVS = frozenset(
    (
        "mr", "mrs", "ms", "messrs", "mmes", "dr", "prof", "sen", "sens", "rep", "reps", "gov",
        "lt", "gen", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl", "pvt", "rev", "fr", "hon",
        "pres", "supt", "insp", "det", "atty", "amb", "vs", "v", "cf", "viz", "e.g", "i.e"
    )
)
# Do not end a sentence before a digit ("No. 1", "Jan. 20", "p. 45"); otherwise ordinary words,
# since several are also words that end sentences ("a work of art. Time", "the answer is no.").
_NUMBER_ABBREVS = frozenset(
    (
        "no", "nos", "vol", "vols", "p", "pp", "fig", "figs", "ch", "sec", "art", "para", "op",
        "ed", "eds", "ca", "approx", "est", "tel", "ext", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec"
    )
)
# End a sentence only before a common sentence opener (_STARTERS) or an opening quote.
_AMBIGUOUS_ABBREVS = frozenset(
    (
        "inc", "corp", "ltd", "co", "cos", "llc", "plc", "bros", "jr", "sr", "st", "ave", "blvd",
        "rd", "mt", "ft", "al", "dept", "univ", "assn"
    )
)
# Closed-class words that often open a sentence and rarely continue a name after "U.S." / "Inc.".
_STARTERS = frozenset(
    (
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
        "i", "you", "his", "her", "their", "our", "my", "your", "there", "here", "in", "on", "at",
        "for", "from", "with", "by", "as", "if", "when", "while", "after", "before", "since",
        "although", "though", "but", "and", "or", "so", "yet", "however", "meanwhile", "moreover",
        "furthermore", "still", "also", "then", "now", "today", "yesterday", "some", "many", "most",
        "all", "both", "each", "every", "no", "not", "such", "what", "who", "whom", "whose", "why",
        "how", "where", "which", "despite", "according", "instead", "other", "another", "what's",
        "it's", "that's", "there's", "he's", "she's", "we're", "they're", "i'm", "perhaps", "maybe",
        "indeed", "thus", "therefore", "nevertheless", "nonetheless", "besides", "finally", "first",
        "second", "third", "last", "next", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "twenty",
        "fifty", "hundred"
    )
)
# fmt: on

# A line break, or a run of sentence-final punctuation and closing quotes/brackets. The pattern
# opens with a character class so re can skip to candidates in C; whether the run is followed by
# whitespace is checked in Python.
_TERMINALS = ".!?…"
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CANDIDATE = re.compile(
    "[" + re.escape(_TERMINALS + _LINE_BREAKS) + "][" + re.escape(_TERMINALS + "\"'”’)]»") + "]*"
)
_NON_SPACE = re.compile(r"\S")
_OPENERS = "\"'“‘([{«"
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")

# A word starts with a letter or digit and runs over word characters, then over any number of
# joins: a hyphen/apostrophe and more letters (DeepSeek-V3, don't), a separator and digits
# (5.5, 2,048, 10:30), dotted-acronym letters (U.S., e.g.), a common top-level domain
# (example.com), the rest of a URL (https://…, www.…) or of an e-mail address (x@y.org); then an
# optional percent sign. The pattern opens with a character class (fast scanning in C), every
# join opens with a character or class (cheap to rule out), possessive quantifiers never
# backtrack; measured at ~1.1x the time of re.findall(r"\w+", text.lower()). The optional
# currency sign is only added for word_spans: it never changes the count.
_WORD_BODY = r"""
    [^\W_]\w*+
    (?:
        [-'’‐‑]\w++
      | [.,:]\d++
      | \.(?:
            (?<![^\W_]{2}\.)[A-Za-z](?![^\W_])(?:\.[A-Za-z](?![^\W_]))*\.
          | (?:com|org|net|edu|gov|io|ai|cn|uk)\b
          | (?<=www\.)[^\s<>"“”]*[^\s<>"“”.,;:!?'’)\]]
        )
      | ://[^\s<>"“”]*[^\s<>"“”.,;:!?'’)\]]
      | @[^\W_]+(?:[-.][^\W_]+)+
    )*+
    %?
"""
_WORD = re.compile(_WORD_BODY, re.VERBOSE)
_WORD_WITH_CURRENCY = re.compile(r"(?:[$€£¥](?=\d))?" + _WORD_BODY, re.VERBOSE)

# normalize_for_matching: one character in, one character out.
_NORMALIZE_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u02bc": "'",  # ‘ ’ ‛ ʼ
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',  # “ ” „ ‟
        "\u2010": "-",
        "\u2011": "-",  # hyphen, non-breaking hyphen
        "\u00a0": " ",
        "\u1680": " ",
        "\u202f": " ",
        "\u205f": " ",
        "\u3000": " ",
        **{chr(c): " " for c in range(0x2000, 0x200B)},  # en quad … hair space
    }
)

_NORMALIZE_MAP = {chr(k): v for k, v in _NORMALIZE_TABLE.items()}
_NORMALIZE_CHARS = frozenset(_NORMALIZE_MAP)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# normalize_for_matching replaces the keys one after another: that equals translate only because
# no replacement is itself a key
assert _NORMALIZE_CHARS.isdisjoint(_NORMALIZE_MAP.values())


# --- sentences ---------------------------------------------------------------------------------


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``, in order.

    Spans are stripped of surrounding whitespace and never overlap; every non-whitespace
    character of ``text`` lies in exactly one span. A line break always ends a sentence, so a
    headline on its own line is its own sentence.
    """
    if not isinstance(text, str):
        raise ParameterError(f"split_sentences expects a str. Got {type(text).__name__}.")
    spans: list[tuple[int, int]] = []
    append = spans.append
    non_space = _NON_SPACE.search
    n = len(text)
    seg = 0  # where the current (possibly whitespace-led) segment begins
    for m in _CANDIDATE.finditer(text):
        at, punct_end = m.span()
        if text[at] in _LINE_BREAKS:  # a line break: the sentence ends before it
            first = non_space(text, seg, at)
            if first is not None:
                end = at
                while text[end - 1].isspace():
                    end -= 1
                append((first.start(), end))
            seg = at + 1
            continue
        if punct_end < n and not text[punct_end].isspace():
            continue  # "5.5", "U.S.-made", "example.com", '."-'
        first = non_space(text, seg, at)
        if first is None and text[at] == ".":
            continue  # a "." opening a segment (". . .") is not an ending
        nxt = non_space(text, punct_end)
        if nxt is not None and not _ends_sentence(text, m, nxt.start(), first):
            continue
        append((first.start() if first is not None else at, punct_end))
        seg = punct_end
    first = non_space(text, seg)
    if first is not None:
        end = n
        while text[end - 1].isspace():
            end -= 1
        append((first.start(), end))
    return spans


def _ends_sentence(text: str, m: re.Match[str], nxt: int, first: re.Match[str] | None) -> bool:
    """Decide whether the punctuation run ``m``, followed by a word at ``nxt``, ends a sentence."""
    c = text[nxt]
    if c.islower() and not (nxt + 1 < len(text) and text[nxt + 1].isupper()):
        return False  # "e.g. the", '"Is it?" she asked' — but "iPhone"/"xAI" open sentences
    punct = m.group()
    if punct[0] != "." or (len(punct) > 1 and punct[1] in ".!?…"):
        return True  # ! ? … ?! and "..." before a non-lowercase word
    if len(punct) > 1:
        return True  # '."' or '.)': a closed quotation or parenthesis
    dot = m.start()
    base = first.start() if first is not None else dot
    token = text[(text.rfind(" ", base, dot) + 1) or base : dot]
    if not token.isprintable():  # other whitespace (tab, no-break space) inside
        parts = token.split()
        token = parts[-1] if parts else ""
    token = token.lstrip(_OPENERS)
    if not token:
        return True
    if len(token) == 1 and token.isupper():  # an initial: "Liang W. Feng", "P. W. Botha"
        return _opens_sentence(text, nxt)
    low = token.lower()
    if low in _TITLE_ABBREVS:
        return False
    if low in _NUMBER_ABBREVS:
        return not c.isdigit()
    if low in _AMBIGUOUS_ABBREVS:
        return _opens_sentence(text, nxt)
    if token.isdigit():
        # "1. First" opening a sentence or following a colon is a list marker;
        # "in 2023. The" is an ending
        before = text[base : dot - len(token)].rstrip()
        return bool(before) and not before.endswith(":")
    if "." in token and _DOTTED_ACRONYM.fullmatch(token):
        return _opens_sentence(text, nxt)
    return True


def _opens_sentence(text: str, i: int) -> bool:
    """True when the word at ``i`` is an opening quote/bracket or a common sentence opener."""
    if text[i] in _OPENERS:
        return True
    j = i
    n = len(text)
    while j < n and (text[j].isalpha() or text[j] in "'’"):
        j += 1
    return text[i:j].replace("’", "'").lower() in _STARTERS


def sentence_index(spans: list[tuple[int, int]], offset: int) -> int:
    """Index of the sentence in ``spans`` (from :func:`split_sentences`) containing ``offset``.

    An offset in the whitespace between two sentences belongs to the earlier one; an offset
    before the first sentence raises :class:`~framing.errors.ParameterError`.
    """
    i = bisect_right(spans, (offset, float("inf"))) - 1
    if i < 0:
        first = spans[0][0] if spans else None
        raise ParameterError(
            f"sentence_index expects an offset at or after the first sentence start ({first}). "
            f"Got {offset}."
        )
    return i


# --- words -------------------------------------------------------------------------------------


def _check_range(name: str, text: str, start: int, end: int | None) -> int:
    n = len(text)
    stop = n if end is None else end
    if not 0 <= start <= stop <= n:
        raise ParameterError(
            f"{name} expects 0 <= start <= end <= len(text) = {n}. Got start={start}, end={end}."
        )
    return stop


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return spans of the word tokens in ``text[start:end]``, as offsets into ``text``.

    A word contains a letter or digit. "U.S.", "$5.5", "2,048", "13%", "DeepSeek-V3", "don’t",
    "e-mail", URLs and e-mail addresses are one word each; dashes and other punctuation are not
    words.
    """
    stop = _check_range("word_spans", text, start, end)
    return [m.span() for m in _WORD_WITH_CURRENCY.finditer(text, start, stop)]


def count_words(text: str, start: int = 0, end: int | None = None) -> int:
    """Return ``len(word_spans(text, start, end))``, without building the spans.

    Counting the sentences of one text one after another (``framing.document.prepare``) scans
    the text once: from the second range of the same text on, the word starts of the whole text
    are kept and a range that begins and ends at whitespace (or an end of the text) is counted
    by bisection. No word contains whitespace, so the count is the same as a scan of the range.
    """
    stop = _check_range("count_words", text, start, end)
    global _last_text, _starts_of
    cached = _starts_of
    if cached is not None and cached[0] is text:
        starts = cached[1]
    elif text is _last_text:
        starts = _word_starts(text)
        _starts_of = (text, starts)
    else:
        if start or stop != len(text):
            _last_text = text
        return len(_WORD.findall(text, start, stop))
    if (start == 0 or text[start - 1].isspace()) and (stop == len(text) or text[stop].isspace()):
        return bisect_left(starts, stop) - bisect_left(starts, start)
    return len(_WORD.findall(text, start, stop))


# The text of the last ranged count_words call, and (text, word starts) once a second came.
_last_text: str | None = None
_starts_of: tuple[str, list[int]] | None = None


def _word_starts(text: str) -> list[int]:
    """Start offsets of the words of ``text``."""
    return [m.start() for m in _WORD.finditer(text)]


# --- normalisation -----------------------------------------------------------------------------


def normalize_for_matching(text: str) -> str:
    """Return ``text`` lowercased with quotes and spaces unified, **with the same length**.

    Curly apostrophes (’ ‘ ‛ ʼ) become ``'``, curly double quotes (“ ” „ ‟) become ``"``, Unicode
    hyphens become ``-``, no-break and other typographic spaces become ``' '``; en and em dashes,
    tabs and line breaks are kept. Offsets into the result are offsets into ``text``.
    """
    if text.isascii():
        return text.lower()  # no character to unify; ASCII lowercasing keeps the length
    # str.translate looks every character up in the table (slow on long texts); replacing only
    # the table's characters that occur gives the same string (no replacement is itself a key)
    unified = text
    for ch in _NORMALIZE_CHARS.intersection(_NON_ASCII.findall(text)):
        unified = unified.replace(ch, _NORMALIZE_MAP[ch])
    out = unified.lower()
    if len(out) != len(text):  # a few characters lowercase to two ("İ" -> "i̇"): keep the first
        out = "".join(ch.lower()[0] for ch in unified)
    return out
