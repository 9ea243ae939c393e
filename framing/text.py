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
from collections.abc import Iterator
from itertools import chain

from framing.errors import ParameterError

__all__ = [
    "ASCII_WORD_BYTES",
    "count_words",
    "normalize_for_matching",
    "sentence_index",
    "split_sentences",
    "word_spans",
]

#: A ``bytes.translate`` table: an ASCII letter, digit or '_' (the ASCII word characters of
#: ``\w``) stays, every other byte becomes a space. Text encoded with ``errors="replace"`` keeps
#: one byte per character, so offsets still hold; the matcher and the frame model tokenise with it.
ASCII_WORD_BYTES = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == 95) else 32
                         for c in range(256))

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
_TITLE, _NUMBER, _AMBIGUOUS = 0, 1, 2
_ABBREV_KIND = {
    **{a: _AMBIGUOUS for a in _AMBIGUOUS_ABBREVS},
    **{a: _NUMBER for a in _NUMBER_ABBREVS},
    **{a: _TITLE for a in _TITLE_ABBREVS},
}
# The last three letters of the abbreviations: a word of three letters or more that ends
# otherwise is none of them.
_ABBREV_ENDINGS = frozenset(a[-3:] for a in _ABBREV_KIND if len(a) >= 3)
assert len(_ABBREV_KIND) == len(_TITLE_ABBREVS) + len(_NUMBER_ABBREVS) + len(_AMBIGUOUS_ABBREVS)

# Candidate sentence ends, found in a copy of the text where every terminal is "." and every
# line break "\n" (same length): patterns that open with one literal character let re skip to
# candidates with a fast loop (a character class is tested at every position, ~5x slower).
# * a run of line breaks (group 1 holds all but the first; whitespace between them, but nothing
#   else) plus any punctuation run right after the last one, which can then no longer end a
#   sentence itself; group 2 is the first non-space character after the match;
# * a run of sentence-final punctuation and closing quotes/brackets followed by whitespace or the
#   end of the text, with the first non-space character after it (group 1) when there is one.
#   A run followed by anything else ("5.5", "U.S.-made", '."-') is never a candidate.
_TERMINALS = ".!?…"
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CLOSERS = re.escape(_TERMINALS + "\"'”’)]»")
_SENTENCE_VIEW = [(ch, ".") for ch in _TERMINALS[1:]] + [(ch, "\n") for ch in _LINE_BREAKS[1:]]
_LINE_BREAK_RUN = re.compile(rf"\n((?:[^\S\n]*\n)*)[{_CLOSERS}]*+(?:(?=\s*+(\S))|)")
_TERMINAL_RUN = re.compile(rf"\.[{_CLOSERS}]*+(?!\S)(?:(?=\s*+(\S))|)")
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
    view = text
    for ch, to in _SENTENCE_VIEW:
        if ch in view:
            view = view.replace(ch, to)
    spans: list[tuple[int, int]] = []
    append = spans.append
    n = len(text)
    # The first non-space character at or after the start of the current segment (n if none):
    # the start of the next sentence, known from the candidate that ended the last one.
    first = _NON_SPACE.search(text)
    first = n if first is None else first.start()
    breaks = _LINE_BREAK_RUN.finditer(view)
    lb = next(breaks, None)
    lb_at = n if lb is None else lb.start()
    consumed = 0  # the end of the last run of line breaks
    for m in chain(_TERMINAL_RUN.finditer(view), (None,)):
        at = n if m is None else m.start()
        while lb_at < at:  # line breaks: a sentence ends before the first one
            if first < lb_at:
                end = lb_at
                while text[end - 1].isspace():
                    end -= 1
                append((first, end))
            seg = lb.end(1)  # type: ignore[union-attr]  # lb_at < n
            consumed = lb.end()  # type: ignore[union-attr]
            if consumed > seg:  # punctuation right after the line break opens the segment
                first = seg
            else:
                first = lb.start(2)  # type: ignore[union-attr]
                if first < 0:
                    first = n
            lb = next(breaks, None)
            lb_at = n if lb is None else lb.start()
        if m is None:
            break
        if at < consumed:
            continue  # punctuation taken by the line breaks before it
        nxt = m.start(1)
        if first >= at:  # nothing but whitespace before the run
            if text[at] == ".":
                continue  # a "." opening a segment (". . .") is not an ending
            if nxt >= 0 and not _ends_sentence(text, m, nxt, at):
                continue
            append((at, m.end()))
        else:
            if nxt >= 0 and not _ends_sentence(text, m, nxt, first):
                continue
            append((first, m.end()))
        first = n if nxt < 0 else nxt
    if first < n:
        end = n
        while text[end - 1].isspace():
            end -= 1
        append((first, end))
    return spans


def _ends_sentence(text: str, m: re.Match[str], nxt: int, base: int) -> bool:
    """Decide whether the punctuation run ``m``, followed by a word at ``nxt``, ends a sentence.

    ``base`` is where the sentence that the run would end starts.
    """
    c = text[nxt]
    if c.islower() and not (nxt + 1 < len(text) and text[nxt + 1].isupper()):
        return False  # "e.g. the", '"Is it?" she asked' — but "iPhone"/"xAI" open sentences
    dot = m.start()
    if m.end() - dot != 1 or text[dot] != ".":
        # ! ? … ?! and "..." before a non-lowercase word; '."' or '.)': a closed quotation or
        # parenthesis
        return True
    if dot - 3 >= base:
        # the common case: a word that ends in three lowercase letters no abbreviation ends in
        # (so neither an abbreviation, a number nor a dotted acronym): an ending, with no need
        # to cut out the word
        tail = text[dot - 3 : dot]
        if tail.isalpha() and tail.islower() and tail not in _ABBREV_ENDINGS:
            return True
    token = text[(text.rfind(" ", base, dot) + 1) or base : dot]
    if not token.isprintable():  # other whitespace (tab, no-break space) inside
        parts = token.split()
        token = parts[-1] if parts else ""
    token = token.lstrip(_OPENERS)
    if not token:
        return True
    if len(token) == 1 and token.isupper():  # an initial: "Liang W. Feng", "P. W. Botha"
        return _opens_sentence(text, nxt)
    kind = _ABBREV_KIND.get(token.lower())
    if kind is not None:
        if kind == _TITLE:
            return False
        if kind == _NUMBER:
            return not c.isdigit()
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

    A whole text is counted from its ASCII class view (see ``_class_view``): bytes operations
    count the whitespace-delimited tokens that hold a letter or digit, and only the few tokens
    whose words the pattern joins or splits unusually ("U.S.", "2,048", "word—word") are
    scanned. Counting ranges of one text one after another scans the text once: from the second
    range of the same text on, the word starts of the whole text are kept and a range that
    begins and ends at whitespace (or an end of the text) is counted by bisection. No word
    contains whitespace, so the count is the same as a scan of the range.
    """
    stop = _check_range("count_words", text, start, end)
    if start == 0 and stop == len(text):
        return _count_all(text, _class_view(text)[0])
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


def _count_range(text: str, start: int, end: int) -> int:
    """``count_words(text, start, end)``, by a scan of the range alone (no state kept)."""
    return len(_WORD.findall(text, start, end))


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
    view, restore = _class_view(text)
    return _normalized(text, view, restore)


def _normalize_and_count(text: str) -> tuple[str, int]:
    """``(normalize_for_matching(text), count_words(text))``, sharing the work of both."""
    view, restore = _class_view(text)
    return _normalized(text, view, restore), _count_all(text, view)


def _normalize_slow(text: str) -> str:
    # str.translate looks every character up in the table (slow on long texts); replacing only
    # the table's characters that occur gives the same string (no replacement is itself a key)
    unified = text
    for ch in _NORMALIZE_CHARS.intersection(_NON_ASCII.findall(text)):
        unified = unified.replace(ch, _NORMALIZE_MAP[ch])
    out = unified.lower()
    if len(out) != len(text):  # a few characters lowercase to two ("İ" -> "i̇"): keep the first
        out = "".join(ch.lower()[0] for ch in unified)
    return out


def _normalized(text: str, view: str | None, restore: list[tuple[str, str]] | None) -> str:
    if restore is None:
        return _normalize_slow(text)
    out = view.lower()  # type: ignore[union-attr]  # a view comes with every restore list
    for stand_in, target in restore:
        out = out.replace(stand_in, target)
    return out


# --- the ASCII class view: fast word counts and normalisation ------------------------------------
#
# Word counting and normalisation run on an ASCII copy of the text of the same length ("view"),
# made by replacing each distinct non-ASCII character with one ASCII character of the same word
# class (below). Bytes functions then count in C: every whitespace-delimited token without a
# "complex gap" holds exactly one word if it holds a letter or digit (none otherwise), and the
# few tokens with one are counted by _WORD itself.
#
# Word classes of a character, as _WORD sees them: "a" a letter or digit ([^\W_]), " " whitespace
# (what \s and str.split() agree on), "j" a join character of _WORD's first join ([-'’‐‑]),
# "." anything else. Proof sketch for the token rule: in a token whose classes read
# ``.* a+ (j a+)* .*``, _WORD's match starts at the first letter or digit, each "j" is taken by
# the first join (a join character followed by \w), so the match runs over every letter and
# digit of the token; no match crosses whitespace. A gap between two runs of letters/digits that
# is anything but one "j" ("U.S.", "5.5", "a--b", "word—word") makes the token complex.
_MAX_DISTINCT_NON_ASCII = 16  # more distinct non-ASCII characters: counted by _WORD directly
_JOINS = "-'’‐‑"
# Stand-ins for non-ASCII characters of class "." that normalisation keeps or maps to a character
# of another class (‘ -> '): ASCII control characters of class "." (restored after lowercasing).
_STAND_INS = [chr(c) for c in (*range(0x01, 0x09), *range(0x0E, 0x1C))]


def _word_class(ch: str) -> str:
    if ch.isalnum():
        return "a"
    if ch.isspace():
        return " "
    return "j" if ch in _JOINS else "."


_CLASS_REPRESENTATIVE = {"a": "x", " ": " ", "j": "-", ".": "#"}
# The non-ASCII characters of English news copy, most frequent first, with their replacement in
# the view when normalisation maps them to a character of the same class (else None: a stand-in).
_COMMON_NON_ASCII = [
    (
        ch,
        _NORMALIZE_MAP[ch]
        if ch in _NORMALIZE_MAP and _word_class(ch) == _word_class(_NORMALIZE_MAP[ch])
        else None,
    )
    for ch in "’“”—–‘…\xa0•«»"
]
_ASCII_CLASSES = [_word_class(chr(c)) for c in range(128)]
# view bytes -> class bytes
_CLASS_TABLE = bytes(ord(k) for k in _ASCII_CLASSES) + b"." * 128
# view bytes -> "a"/" " with every other byte deleted: one run of "a" per token holding a word
_ALNUM_SPACE_TABLE = bytes(ord(k) if k in "a " else 0 for k in _ASCII_CLASSES) + bytes(128)
_NOT_ALNUM_SPACE = bytes(c for c in range(128) if _ASCII_CLASSES[c] not in "a ")
# The end of a gap between letters/digits other than exactly one join character, in class bytes,
# with the letter/digit after it: the gap ends in "." or ".j", or in two join characters. (They
# also find opening punctuation, "(word", told apart by what precedes.) Patterns that open with
# a literal, so re skips ahead fast; a character class or an "a" would be tried everywhere.
_GAP_END = re.compile(rb"\.j?a")
_JOINS_GAP_END = re.compile(rb"jja")
assert all(_ASCII_CLASSES[ord(s)] == "." for s in _STAND_INS)
assert all(
    _word_class(ch) == _word_class(t)
    for ch, t in _NORMALIZE_MAP.items()
    if ch != "‘" and ch != "‛" and ch != "\u02bc"
)


def _class_view(text: str) -> tuple[str | None, list[tuple[str, str]] | None]:
    """The ASCII class view of ``text`` and how to turn its lowercase into the normalized text.

    Returns ``(view, restore)``: ``view`` has the length and the per-character word classes of
    ``text`` (None when ``text`` has too many distinct non-ASCII characters); ``restore`` lists
    ``(stand_in, target)`` replacements that turn ``view.lower()`` into
    ``normalize_for_matching(text)``, or is None when that does not work (letters outside ASCII,
    which need Unicode lowercasing).
    """
    if text.isascii():
        return text, []
    view = text
    restore: list[tuple[str, str]] | None = []
    stand_ins = iter(_STAND_INS)
    # Common characters are looked for with `in` (a fast scan each); any others one by one with
    # a regex search, which costs a pass over the text.
    for ch, shared in _COMMON_NON_ASCII:
        if ch in view:
            if shared is not None:
                view = view.replace(ch, shared)
            else:
                view, restore = _stand_in(text, view, ch, restore, stand_ins)
            if view.isascii():
                return view, restore
    pos = 0
    for _ in range(_MAX_DISTINCT_NON_ASCII):
        m = _NON_ASCII.search(view, pos)
        if m is None:
            return view, restore
        pos = m.start()
        view, restore = _stand_in(text, view, m.group(), restore, stand_ins)
    return (view, restore) if view.isascii() else (None, None)


def _stand_in(
    text: str,
    view: str,
    ch: str,
    restore: list[tuple[str, str]] | None,
    stand_ins: Iterator[str],
) -> tuple[str, list[tuple[str, str]] | None]:
    """Replace the non-ASCII ``ch`` in ``view`` by an ASCII character of its word class."""
    cls = _word_class(ch)
    target = _NORMALIZE_MAP.get(ch)
    if target is not None and _word_class(target) == cls:
        return view.replace(ch, target), restore  # ’ -> ', “ -> ", no-break space -> space...
    if restore is not None and cls == ".":
        if target is None:
            target = ch.lower()
        if len(target) == 1:
            stand_in = next((s for s in stand_ins if s not in text), None)
            if stand_in is not None:
                restore.append((stand_in, target))
                return view.replace(ch, stand_in), restore
    return view.replace(ch, _CLASS_REPRESENTATIVE[cls]), None


def _count_all(text: str, view: str | None) -> int:
    """``count_words(text)`` from the class view of ``text`` (see above)."""
    if view is None:
        return len(_WORD.findall(text))
    raw = view.encode("ascii")
    runs = raw.translate(_ALNUM_SPACE_TABLE, _NOT_ALNUM_SPACE)
    n = runs.count(b" a") + runs.startswith(b"a")
    classes = raw.translate(_CLASS_TABLE)
    # where a complex gap may end: just before a letter/digit
    ends = [m.end() for m in _GAP_END.finditer(classes)]
    more = [m.end() for m in _JOINS_GAP_END.finditer(classes)]
    if more:
        ends = sorted(ends + more)
    size = len(classes)
    end = -1
    for after in ends:
        if after <= end:
            continue  # in the token just counted (the letter/digit is at after - 1)
        i = after - 2
        while i >= 0 and classes[i] in b".j":
            i -= 1
        if i < 0 or classes[i] != 97:  # "a": else opening punctuation ("(word"), not a gap
            continue
        start = classes.rfind(b" ", 0, i) + 1
        end = classes.find(b" ", after)
        if end < 0:
            end = size
        # the token holds one word by the count above; _WORD says how many it really holds
        n += _token_words(text[start:end]) - 1
    return n


def _token_words(token: str) -> int:
    """``len(_WORD.findall(token))`` for a whitespace-free token, remembered."""
    count = _TOKEN_WORDS.get(token)
    if count is None:
        if len(_TOKEN_WORDS) >= _MAX_TOKEN_WORDS:
            _TOKEN_WORDS.clear()
        # with no whitespace in it, the token's words are those _WORD finds in it in context
        count = _TOKEN_WORDS[token] = len(_WORD.findall(token))
    return count


# Complex tokens recur ("U.S.", "2,048"): their word counts, kept up to a bound.
_TOKEN_WORDS: dict[str, int] = {}
_MAX_TOKEN_WORDS = 20_000
