"""Fast VADER sentence polarity, score-identical to vaderSentiment 3.3.2.

A re-implementation of VADER (Hutto & Gilbert, 2014, "VADER: A Parsimonious Rule-based Model
for Sentiment Analysis of Social Media Text", ICWSM-14) as shipped in ``vaderSentiment==3.3.2``.
:meth:`VaderScorer.polarity_scores` returns exactly the dict that
``SentimentIntensityAnalyzer().polarity_scores`` returns (same keys, same order, equal floats);
:meth:`VaderScorer.score_document` returns every sentence's scores and the whole text's compound
from one tokenisation. ``tests/test_vader.py`` checks both against the package on ~22k labelled
sentences (also grouped into documents), the seed articles, adversarial documents and generated
sentences full of VADER's trigger words.

The lexicon and emoji lexicon are read once from the installed ``vaderSentiment`` package, and the
rule word lists (negations, boosters, special-case idioms) are taken from its module, so nothing is
copied here. The speed comes from doing the same arithmetic less often:

- each sentence is split and lowercased once (the package re-lowercases the whole sentence inside
  every negation and idiom check: ~240 ``str.lower`` calls for a 21-word sentence), the whole text
  at once where that is exact (curly quotes and dashes swapped for ASCII stand-ins first), and an
  alphanumeric token skips the punctuation strip;
- a document is tokenised once for its sentences and its whole text, and a word's whole-text
  valence is recomputed only near sentence boundaries;
- a word with no booster, negation or rule word among the three before it gets its valence
  without the rule checks;
- only lexicon words are visited; a sentence without one returns the known neutral result;
- the emoji pass runs only on non-ASCII text, as one regex substitution instead of a per-character
  string concatenation (~18% of the package's time on news sentences);
- the original-case tokens are split only when a lexicon word's upper-cased form occurs in the
  text (an ASCII token can be ALL CAPS only then), and the "all caps differential" only when an
  ALL-CAPS lexicon word or booster needs it;
- the idiom, "no", "least", "but" rules run only where their trigger words occur.

Behaviours of 3.3.2 preserved on purpose, including its quirks:

- Tokens are ``text.split()`` pieces with leading/trailing ASCII punctuation stripped, unless that
  leaves two characters or fewer: ``"no."`` stays ``"no."`` (so it is not the negator "no"),
  ``":)"`` stays an emoticon, ``"bad!"`` becomes ``"bad"``.
- Emoji are replaced code point by code point by their description, preceded by a space unless
  the previous character is a space and never followed by one (``"💘and"`` → ``"growing
  heartand"``); emoji lexicon keys longer than one code point never match as a whole.
- "!" (up to 4) and "?" (2, 3, or 4+) are counted over the whole emoji-translated text, so the
  descriptions "ON! arrow" and "UP! button" add an exclamation mark.
- Booster words always score 0; "kind" before "of" scores 0.
- "no" before a lexicon word zeroes its own valence, but a "no" one to three words earlier (three
  only through "or"/"nor") still flips it by -0.74, overriding the zeroing ("no no good").
- ALL-CAPS emphasis (+-0.733, only when some but not all tokens are ALL CAPS) is subtracted when
  the valence is exactly 0.
- Boosters and negations are looked at only in the three preceding words that are not
  themselves lexicon words; "so"/"this" immediately before a word multiplies it by 1.25 whenever
  the third preceding word is not a lexicon word (an operator-precedence slip in the package's
  "never so/this" rule), whatever that word is.
- Special-case idioms ("kiss of death", "the bomb", ...) and the "kind of"/"sort of"/"just
  enough" dampeners are checked only for words with three non-lexicon-gated predecessors (the word
  three back is not a lexicon word); idioms without a lexicon word ("cut the mustard") are never
  scored, as in the package (its "future work").
- Any token containing "n't" negates; "least" negates unless preceded by "at" or "very".
- The "but" rule halves valences before the first "but" and multiplies by 1.5 those after it,
  locating each value with ``list.index``: when two words share a valence, the first occurrence
  can be rescaled twice and the later one not at all.
- Sums are taken in token order with Python's ``sum`` and running ``+=``, so even the last bit of
  every float matches; rounding gives ``round``'s floats (see ``_row``), -0.0 included.

Where the package spends its time (cProfile and timeit, shuffled seed sentences of ~21 words,
~50 us each): the per-character emoji loop with string concatenation ~9 us (18%); tokenising and
the caps differential ~6 us (11%); the remaining ~35 us in per-token ``sentiment_valence`` (every
token, lexicon word or not), list-membership tests on ``NEGATE``, and whole-sentence
re-lowercasing inside ``_negation_check`` (3-4 calls per sentence), ``_special_idioms_check`` and
``_but_check``. Here about two thirds of the remaining time is the unavoidable split, lowercase
and punctuation strip of every token; ``benchmarks/bench_vader.py`` measures the ratio.
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress, repeat

from vaderSentiment import vaderSentiment as _vader_module

from framing.errors import ModelError, ParameterError

__all__ = ["VaderScorer"]

# ---- constants of VADER 3.3.2 (Hutto & Gilbert 2014; values from vaderSentiment.py) -------------
C_INCR = 0.733  # ALL-CAPS emphasis of a word, empirically derived (paper, sec. 3)
N_SCALAR = -0.74  # a negated word's valence is multiplied by this
ALPHA = 15  # normalisation: compound = s / sqrt(s^2 + ALPHA)
EXCLAIM_STEP = 0.292  # per "!" (at most EXCLAIM_MAX of them), empirically derived
EXCLAIM_MAX = 4
QUESTION_STEP = 0.18  # per "?" when there are 2 or 3
QUESTION_FLOOD = 0.96  # when there are 4 or more "?"
DISTANCE_DAMPING = (1.0, 0.95, 0.9)  # booster effect 1, 2, 3 words before the lexicon word
NEVER_SO_BOOST = 1.25  # "never so good", "never this good"
BUT_BEFORE = 0.5  # valence before the first "but"
BUT_AFTER = 1.5  # valence after the first "but"

# ---- word lists: read from the installed package, never copied ----------------------------------
NEGATIONS: frozenset[str] = frozenset(_vader_module.NEGATE)
BOOSTERS: dict[str, float] = dict(_vader_module.BOOSTER_DICT)
SPECIAL_CASES: dict[str, float] = dict(_vader_module.SPECIAL_CASES)

_PUNCTUATION = string.punctuation
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SO_THIS = ("so", "this")
# Words that change a following lexicon word (with any word containing "n't"); "never" and
# "without" are negations.
_MODIFIERS: frozenset[str] = frozenset(BOOSTERS).union(NEGATIONS)
# A lexicon word scores its plain valence (but for ALL CAPS) unless it is one of _KIND_NO, one of
# the three words before it is one of _TOUCHY or contains "n't", or an idiom trigger is near.
_KIND_NO = frozenset({"kind", "no"})
_TOUCHY: frozenset[str] = _MODIFIERS.union({"no", "least", "so", "this"})
_OR_NOR = ("or", "nor")
_AT_VERY = ("at", "very")

# Multi-word keys as tuples. Tokens never contain whitespace, so the package's
# "w1 w2" string comparison is the same as comparing (w1, w2) tuples.
_SPECIAL_NGRAMS: dict[tuple[str, ...], float] = {
    tuple(k.split(" ")): float(v) for k, v in SPECIAL_CASES.items() if " " in k
}
_BOOSTER_NGRAMS: dict[tuple[str, ...], float] = {
    tuple(k.split(" ")): v for k, v in BOOSTERS.items() if " " in k
}
# An idiom or booster n-gram can only match if each of its words is a token, so one rare word
# per n-gram is a sufficient trigger to look for (function words would fire on every sentence).
_COMMON = frozenset({"the", "of", "to", "for", "just", "a", "in"})
_IDIOM_TRIGGERS: frozenset[str] = frozenset(
    w
    for key in (*_SPECIAL_NGRAMS, *_BOOSTER_NGRAMS)
    for w in ([x for x in key if x not in _COMMON] or key)
)

# A hit in the last two words of a sentence can score differently in the whole text only through
# what follows it: "kind" + "of", "no" + a lexicon word, or an idiom that starts with it.
_LOOKAHEAD_WORDS: frozenset[str] = frozenset({"kind", "no", *(key[0] for key in _SPECIAL_NGRAMS)})
# Caseless non-ASCII characters common in news text ("don’t", “quotes”, dashes) and ASCII control
# characters that stand in for them while tokenising: same length, neither whitespace nor
# punctuation nor cased, in no rule word, so every comparison VADER makes comes out the same, and
# the text often becomes ASCII (lowercasing and splitting ASCII text is ~4x faster).
_STAND_INS = (
    ("\u2019", "\x01"),  # ’
    ("\u201c", "\x02"),  # “
    ("\u201d", "\x03"),  # ”
    ("\u2018", "\x04"),  # ‘
    ("\u2014", "\x05"),  # —
    ("\u2013", "\x06"),  # –
    ("\u2026", "\x07"),  # …
)
_OTHER_ASCII_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"  # str.split() splits on these too
_NO_CHARS: frozenset[str] = frozenset()

# _row's fast rounding: |x * 10**n - k| below this is far enough from a tie (see _row).
_NOT_TIE = 0.499

_NEUTRAL = {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
_EMPTY = {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
# (compound, pos, neg, neu) of a sentence without scored words, and of one without any token.
_NEUTRAL_ROW = (0.0, 0.0, 0.0, 1.0)
_EMPTY_ROW = (0.0, 0.0, 0.0, 0.0)


@lru_cache(maxsize=1)
def _load_lexicons() -> tuple[dict[str, float], dict[str, str]]:
    """Read vader_lexicon.txt and emoji_utf8_lexicon.txt from the installed package, once."""
    try:
        root = resources.files("vaderSentiment")
        lex_text = (root / "vader_lexicon.txt").read_text(encoding="utf-8")
        emoji_text = (root / "emoji_utf8_lexicon.txt").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:  # pragma: no cover - broken install
        raise ModelError(
            f"VaderScorer needs vaderSentiment's lexicon files. Could not read them: {exc}"
        ) from exc
    lexicon: dict[str, float] = {}
    for line in lex_text.rstrip("\n").split("\n"):
        if line:
            word, measure = line.strip().split("\t")[:2]
            lexicon[word] = float(measure)
    emojis: dict[str, str] = {}
    for line in emoji_text.rstrip("\n").split("\n"):
        if line:
            emoji, description = line.strip().split("\t")[:2]
            emojis[emoji] = description
    return lexicon, emojis


class VaderScorer:
    """Sentence polarity identical to vaderSentiment.SentimentIntensityAnalyzer.polarity_scores.

    >>> VaderScorer().polarity_scores("VADER is smart, handsome, and funny.")
    {'neg': 0.0, 'neu': 0.254, 'pos': 0.746, 'compound': 0.8316}
    """

    def __init__(self) -> None:
        lexicon, emojis = _load_lexicons()
        self._lexicon = lexicon
        # Words that get a valence of their own: lexicon words that are not boosters.
        self._scorable = {w: v for w, v in lexicon.items() if w not in BOOSTERS}
        # The package tests `chr in emojis`, so only one-code-point keys can ever match.
        self._emoji_chars = {k: v for k, v in emojis.items() if len(k) == 1}
        self._least_negates = "least" not in lexicon
        self._stand_ins = tuple((c, s) for c, s in _STAND_INS if c not in self._emoji_chars)
        # Words the scan of a text looks for: scored words, idiom triggers and "but".
        self._marks = frozenset(self._scorable).union(_IDIOM_TRIGGERS, ("but",))
        self._unscored_marks = self._marks.difference(self._scorable)

    # ---- public API ---------------------------------------------------------------------------
    def polarity_scores(self, text: str) -> dict[str, float]:
        """Return ``{"neg", "neu", "pos", "compound"}`` for one sentence, as vaderSentiment does."""
        text, folded, others = self._prepare(text)
        found = self._valences(text, folded, others)
        if found is None:
            return dict(_EMPTY)
        values, n_tokens = found
        if not values:
            return dict(_NEUTRAL)
        compound, pos, neg, neu = _row(values, n_tokens, _emphasis(text))
        return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}

    def compound(self, text: str) -> float:
        """Return only the compound score of one sentence (faster than ``polarity_scores``)."""
        text, folded, others = self._prepare(text)
        found = self._valences(text, folded, others)
        if found is None or not found[0]:
            return 0.0
        return _compound(found[0], _emphasis(text))

    def compounds(self, sentences: Sequence[str]) -> list[float]:
        """Return the compound score of each sentence, in order."""
        if isinstance(sentences, str):
            raise ParameterError(
                "The 'sentences' parameter of VaderScorer.compounds must be a sequence of str, "
                "not a single str. Wrap it in a list: compounds([text])."
            )
        compound = self.compound
        return [compound(s) for s in sentences]

    def score_document(
        self, sentences: Sequence[str]
    ) -> tuple[list[tuple[float, float, float, float]], float]:
        """Score each sentence and the whole text in one pass.

        Returns ``(rows, whole)``: one ``(compound, pos, neg, neu)`` row per sentence, equal to
        ``polarity_scores(sentence)``'s values, and ``whole``, equal to
        ``compound(" ".join(sentences))`` (0.0 for no sentences). The text is tokenised once;
        a word's whole-text valence is recomputed only where it can differ from its sentence
        valence (the first three words of a sentence, and "kind"/"no"/idiom starts among its last
        two), or, for every word, when ALL-CAPS emphasis fires and the whole text's "some but not
        all words are ALL CAPS" test differs from a sentence's.
        """
        if isinstance(sentences, str):
            raise ParameterError(
                "The 'sentences' parameter of VaderScorer.score_document must be a sequence of "
                "str, not a single str. Wrap it in a list: score_document([text])."
            )
        texts = list(sentences)
        try:
            joined = " ".join(texts)
        except TypeError:
            bad = next(s for s in texts if not isinstance(s, str))
            raise ParameterError(
                f"VaderScorer.score_document expects every sentence as str. "
                f"Got {type(bad).__name__}: {bad!r:.60}."
            ) from None
        if not texts:
            return [], 0.0
        folded, others = self._fold(joined)
        if others and not self._emoji_chars.keys().isdisjoint(others):
            # Translating sentence by sentence gives the joined text's tokens and "!"/"?" counts:
            # each sentence starts after a blank in the joined text, as at the start of a text.
            texts = [self._translate_emoji(s) for s in texts]
            joined = " ".join(texts)
            folded, others = self._fold(joined)
        low, filtered = self._tokenize(joined, folded, others)
        n_all = len(low)
        counts = _token_counts(texts, joined, folded, n_all)
        starts = [0, *accumulate(counts)]
        starts.pop()
        hits, buts, idioms = self._scan(low)
        nt = "'" in folded  # a token can contain "n't" only then
        emphatic = "!" in folded or "?" in folded
        caps = _Caps(low, texts, starts, filtered)
        valence = self._valence
        # hits[bounds[m]:bounds[m + 1]] are the hits of sentence m
        bounds = [0, *map(bisect_left, repeat(hits), accumulate(counts))]

        rows: list[tuple[float, float, float, float]] = []
        whole_positions: list[int] = []
        whole_values: list[float] = []
        b = 0
        n_buts = len(buts)
        for m, n in enumerate(counts):
            first, stop = bounds[m], bounds[m + 1]
            if first == stop:
                rows.append(_NEUTRAL_ROW if n else _EMPTY_ROW)
                continue
            lo = starts[m]
            hi = lo + n
            ctext = texts[m] if filtered else None
            # Hits before `head` or from `tail` on (if a look-ahead word) may score otherwise in
            # the whole text.
            head = lo + 3 if lo else 0
            tail = hi - 2 if hi < n_all else hi
            positions: list[int] = []
            values: list[float] = []
            changed: dict[int, float] | None = None
            for i in hits[first:stop]:
                v = valence(low, i, lo, hi, caps, m, ctext, idioms, nt)
                if v != 0:
                    positions.append(i)
                    values.append(v)
                if i < head or (i >= tail and low[i] in _LOOKAHEAD_WORDS):
                    in_whole = valence(low, i, 0, n_all, caps, -1, None, idioms, nt)
                    if in_whole != v:
                        if changed is None:
                            changed = {}
                        changed[i] = in_whole
            if changed is None:
                whole_positions += positions
                whole_values += values
            else:
                merged = dict(zip(positions, values))
                merged.update(changed)
                for i in sorted(merged):
                    if merged[i] != 0:
                        whole_positions.append(i)
                        whole_values.append(merged[i])
            if not values:
                rows.append(_NEUTRAL_ROW)
                continue
            while b < n_buts and buts[b] < lo:
                b += 1
            if b < n_buts and buts[b] < hi:
                _but_rule(values, positions, buts[b])
            rows.append(_row(values, n, _emphasis(texts[m]) if emphatic else 0.0))

        if caps.sentence_differs_from_whole(n_all):
            # Some ALL-CAPS word got its sentence's emphasis, and the whole text decides otherwise.
            whole_positions = []
            whole_values = []
            for i in hits:
                v = valence(low, i, 0, n_all, caps, -1, None, idioms, nt)
                if v != 0:
                    whole_positions.append(i)
                    whole_values.append(v)
        if not whole_values:
            return rows, 0.0
        if buts:
            _but_rule(whole_values, whole_positions, buts[0])
        return rows, _compound(whole_values, _emphasis(folded))  # same "!" and "?" as joined

    def __repr__(self) -> str:
        return "VaderScorer()"

    def __reduce__(self) -> tuple[type[VaderScorer], tuple[()]]:
        # Rebuilt from the installed lexicon in the receiving process, not shipped as ~10k entries.
        return (VaderScorer, ())

    # ---- internals ------------------------------------------------------------------------------
    def _prepare(self, text: str) -> tuple[str, str, frozenset[str]]:
        """The emoji-translated text, and its :meth:`_fold` result."""
        if not isinstance(text, str):
            raise ParameterError(
                f"VaderScorer expects a sentence as str. Got {type(text).__name__}: {text!r:.60}."
            )
        folded, others = self._fold(text)
        if others and not self._emoji_chars.keys().isdisjoint(others):
            text = self._translate_emoji(text)
            folded, others = self._fold(text)
        return text, folded, others

    def _translate_emoji(self, text: str) -> str:
        """Replace each one-code-point emoji by its description, spaced as the package does."""
        emojis = self._emoji_chars
        # A regex class of the ~1,200 emoji is slow (~300 us: astral code points are tested one
        # by one); pulling out the non-ASCII characters and testing them in a dict is ~1 us.
        if emojis.keys().isdisjoint(_NON_ASCII.findall(text)):
            return text  # strip() would not change the tokens or the "!"/"?" counts

        def describe(match: re.Match[str]) -> str:
            char = match.group()
            if char not in emojis:
                return char
            start = match.start()
            lead = " " if start and text[start - 1] != " " else ""
            return lead + emojis[char]

        return _NON_ASCII.sub(describe, text).strip()

    def _fold(self, text: str) -> tuple[str, frozenset[str]]:
        """``text`` with the stand-ins put in, and the non-ASCII characters left in it."""
        if text.isascii():
            return text, _NO_CHARS  # the emoji lexicon has no ASCII keys
        for char, stand_in in self._stand_ins:
            if char in text:
                text = text.replace(char, stand_in)
        if text.isascii():
            return text, _NO_CHARS
        return text, frozenset(_NON_ASCII.findall(text))

    @staticmethod
    def _tokenize(text: str, folded: str, others: frozenset[str]) -> tuple[list[str], bool]:
        """VADER's lowercased tokens of ``text``, and whether ALL-CAPS tokens can be pre-filtered
        by substring.

        VADER strips each token, then lowercases it. When every character lowercases to one
        character, alone and never to ASCII, lowercasing the whole (folded) text first gives the
        same tokens (ASCII punctuation is uncased), and a token can be ALL CAPS only if its
        uppercased lowercase form occurs in its sentence: the filter is exact.
        """
        punct = _PUNCTUATION
        # An alphanumeric token has no punctuation to strip (85% of news tokens; isalnum() is
        # about twice as fast as strip()).
        if all(map(_lowers_alone, others)):
            return [
                t if t.isalnum() else c if len(c := t.strip(punct)) > 2 else t
                for t in folded.lower().split()
            ], True
        return [
            (t if t.isalnum() else c if len(c := t.strip(punct)) > 2 else t).lower()
            for t in text.split()
        ], False

    def _scan(self, low: list[str]) -> tuple[list[int], list[int], bool]:
        """Positions of the scored words and of "but", and whether any idiom trigger occurs."""
        found = list(compress(range(len(low)), map(self._marks.__contains__, low)))
        words = [low[i] for i in found]
        idioms = not _IDIOM_TRIGGERS.isdisjoint(words)
        if self._unscored_marks.isdisjoint(words):
            return found, [], idioms
        scorable = self._scorable
        hits = [i for i, w in zip(found, words) if w in scorable]
        buts = [i for i, w in zip(found, words) if w == "but"]
        return hits, buts, idioms

    def _valences(
        self, text: str, folded: str, others: frozenset[str]
    ) -> tuple[list[float], int] | None:
        """Non-zero word valences of one text in token order (after the "but" rule), and the
        token count. None when the text has no tokens at all."""
        low, filtered = self._tokenize(text, folded, others)
        n = len(low)
        if not n:
            return None
        hits, buts, idioms = self._scan(low)
        if not hits:
            return [], n
        caps = _Caps(low, [text], [0], filtered)
        ctext = text if filtered else None
        nt = "'" in text
        valence = self._valence
        positions: list[int] = []
        values: list[float] = []
        for i in hits:
            v = valence(low, i, 0, n, caps, 0, ctext, idioms, nt)
            if v != 0:
                positions.append(i)
                values.append(v)
        if values and buts:
            _but_rule(values, positions, buts[0])
        return values, n

    def _valence(
        self,
        low: list[str],
        i: int,
        lo: int,
        hi: int,
        caps: _Caps,
        m: int,
        ctext: str | None,
        idioms: bool,
        nt: bool,
    ) -> float:
        """Valence of the lexicon word ``low[i]`` in the text made of the tokens ``low[lo:hi]``,
        before the "but" rule (0.0 for "kind" in "kind of").

        ``m`` is the sentence holding ``low[lo:hi]`` (-1 if it spans several), ``ctext`` that
        sentence's text when ALL-CAPS tokens can be pre-filtered by substring (else None),
        ``idioms`` whether any idiom trigger word occurs in the tokens at all, and ``nt``
        whether the text has an apostrophe (else no token contains "n't").
        """
        w = low[i]
        # The three preceding words, None where the text starts earlier.
        p1 = low[i - 1] if i > lo else None
        p2 = low[i - 2] if i - 1 > lo else None
        p3 = low[i - 3] if i - 2 > lo else None
        if (
            w not in _KIND_NO
            and p1 not in _TOUCHY
            and p2 not in _TOUCHY
            and p3 not in _TOUCHY
            and not (nt and "n't" in f"{p1} {p2} {p3}")
            and not (idioms and not _IDIOM_TRIGGERS.isdisjoint(low[i - 3 : i + 3]))
        ):
            # No rule below applies but ALL-CAPS emphasis (most words: ~0.4 us instead of ~1)
            v = self._scorable[w]
            if (ctext is None or w.upper() in ctext) and caps.upper(i, m) and caps.differ(lo, hi):
                v = v + C_INCR if v > 0 else v - C_INCR
            return v

        nxt = low[i + 1] if i + 1 < hi else None
        if w == "kind" and nxt == "of":
            return 0.0
        lexicon = self._lexicon
        base = v = self._scorable[w]
        if w == "no" and nxt is not None and nxt in lexicon:
            v = 0.0
        if p1 == "no" or p2 == "no" or (p3 == "no" and p1 in _OR_NOR):
            v = base * N_SCALAR
        if (ctext is None or w.upper() in ctext) and caps.upper(i, m) and caps.differ(lo, hi):
            v = v + C_INCR if v > 0 else v - C_INCR

        # Preceding words that are not lexicon words: boosters, negations, idioms. A word that
        # is neither a booster nor a negation changes nothing, except that the third one lets
        # "so"/"this" right before the word boost it (the package's "never so" slip).
        if p1 is not None and p1 not in lexicon and (p1 in _MODIFIERS or (nt and "n't" in p1)):
            s = BOOSTERS.get(p1)
            if s:
                if v < 0:
                    s = -s
                if (
                    (ctext is None or p1.upper() in ctext)
                    and caps.upper(i - 1, m)
                    and caps.differ(lo, hi)
                ):
                    s = s + C_INCR if v > 0 else s - C_INCR
                v = v + s
            if p1 in NEGATIONS or "n't" in p1:
                v = v * N_SCALAR
        if p2 is not None and p2 not in lexicon and (p2 in _MODIFIERS or (nt and "n't" in p2)):
            s = BOOSTERS.get(p2)
            if s:
                if v < 0:
                    s = -s
                if (
                    (ctext is None or p2.upper() in ctext)
                    and caps.upper(i - 2, m)
                    and caps.differ(lo, hi)
                ):
                    s = s + C_INCR if v > 0 else s - C_INCR
                v = v + s * DISTANCE_DAMPING[1]
            if p2 == "never" and p1 in _SO_THIS:
                v = v * NEVER_SO_BOOST
            elif p2 == "without" and p1 == "doubt":
                pass
            elif p2 in NEGATIONS or "n't" in p2:
                v = v * N_SCALAR
        if p3 is not None and p3 not in lexicon:
            if p3 in _MODIFIERS or (nt and "n't" in p3):
                s = BOOSTERS.get(p3)
                if s:
                    if v < 0:
                        s = -s
                    if (
                        (ctext is None or p3.upper() in ctext)
                        and caps.upper(i - 3, m)
                        and caps.differ(lo, hi)
                    ):
                        s = s + C_INCR if v > 0 else s - C_INCR
                    v = v + s * DISTANCE_DAMPING[2]
                if (p3 == "never" and p2 in _SO_THIS) or p1 in _SO_THIS:
                    v = v * NEVER_SO_BOOST
                elif p3 == "without" and (p2 == "doubt" or p1 == "doubt"):
                    pass
                elif p3 in NEGATIONS or "n't" in p3:
                    v = v * N_SCALAR
            elif p1 in _SO_THIS:
                v = v * NEVER_SO_BOOST
            # an idiom needs one of its trigger words among low[i-3 .. i+2]
            if idioms and not _IDIOM_TRIGGERS.isdisjoint(low[i - 3 : i + 3]):
                v = _idioms(v, low, i, hi)

        if p1 == "least" and self._least_negates and (p2 is None or p2 not in _AT_VERY):
            v = v * N_SCALAR
        return v


class _Caps:
    """Which tokens are ALL CAPS, and which windows of tokens mix cases, worked out on first need.

    The original-case tokens of sentence ``m`` are ``texts[m].split()``, the tokens
    ``low[starts[m]:starts[m + 1]]``; they are split only when a question needs them.
    """

    __slots__ = ("diffs", "filtered", "low", "raws", "starts", "texts")

    def __init__(self, low: list[str], texts: list[str], starts: list[int], filtered: bool):
        self.low = low
        self.texts = texts
        self.starts = starts
        self.filtered = filtered  # a token can be ALL CAPS only if low[j].upper() is in its text
        self.raws: list[list[str] | None] = [None] * len(texts)
        self.diffs: dict[tuple[int, int], bool] = {}

    def upper(self, j: int, m: int) -> bool:
        """Is token ``j`` (in sentence ``m``, or -1 to look it up) ALL CAPS?"""
        if m < 0:
            m = bisect_right(self.starts, j) - 1
        raw = self.raws[m]
        if raw is None:
            if self.filtered and self.low[j].upper() not in self.texts[m]:
                return False
            raw = self.raws[m] = self.texts[m].split()
        return raw[j - self.starts[m]].isupper()

    def differ(self, lo: int, hi: int) -> bool:
        """Are some, but not all, of the tokens ``lo .. hi-1`` (whole sentences) ALL CAPS?"""
        key = (lo, hi)
        found = self.diffs.get(key)
        if found is None:
            starts, raws, texts = self.starts, self.raws, self.texts
            n_upper = 0
            for m in range(bisect_left(starts, lo), len(starts)):
                if starts[m] >= hi:
                    break
                raw = raws[m]
                if raw is None:
                    raw = raws[m] = texts[m].split()
                n_upper += sum(map(str.isupper, raw))
            found = self.diffs[key] = 0 < n_upper < hi - lo
        return found

    def sentence_differs_from_whole(self, n_all: int) -> bool:
        """Did a sentence's caps test come out otherwise than the whole text's would?"""
        whole = (0, n_all)
        return any(
            key != whole and found != self.differ(0, n_all)
            for key, found in list(self.diffs.items())
        )


def _lowers_alone(char: str) -> bool:
    """Does ``char`` lowercase to one non-ASCII character? ("İ" gives two, the Kelvin sign an
    ASCII "k".) Capital sigma, lowercased by its neighbours, passes: the neighbours that decide
    never reach across a space, and stripping takes no cased letter away."""
    low = char.lower()
    return len(low) == 1 and not low.isascii()


def _token_counts(texts: list[str], joined: str, folded: str, n_all: int) -> list[int]:
    """Number of ``str.split()`` tokens of each text; ``joined`` is their " "-join, ``folded``
    that with the stand-ins, and ``n_all`` its number of tokens."""
    if folded.isascii():
        # `in` with one character is a memchr on ASCII text
        single_blanks = not any(c in folded for c in _OTHER_ASCII_SPACE)
    else:
        single_blanks = joined.isprintable()  # every space character but " " is unprintable
    if single_blanks:
        # With " " as the only space character, a text has blanks + 1 tokens when it has no
        # run of blanks and none at either end. The joined text has all the texts' blanks,
        # one between each pair, and n_all tokens: n_all == sum(blanks + 1) holds only then.
        counts = [s.count(" ") + 1 for s in texts]
        if sum(counts) == n_all:
            return counts
    return [len(s.split()) for s in texts]


def _idioms(v: float, low: list[str], i: int, hi: int) -> float:
    """Special-case idioms around word i and booster n-grams before it (i - 3 >= window start)."""
    w, p1, p2, p3 = low[i], low[i - 1], low[i - 2], low[i - 3]
    for key in ((p1, w), (p2, p1, w), (p2, p1), (p3, p2, p1), (p3, p2)):
        if key in _SPECIAL_NGRAMS:
            v = _SPECIAL_NGRAMS[key]
            break
    if i + 1 < hi:
        key = (w, low[i + 1])
        if key in _SPECIAL_NGRAMS:
            v = _SPECIAL_NGRAMS[key]
        if i + 2 < hi:
            key = (w, low[i + 1], low[i + 2])
            if key in _SPECIAL_NGRAMS:
                v = _SPECIAL_NGRAMS[key]
    for key in ((p3, p2, p1), (p3, p2), (p2, p1)):
        if key in _BOOSTER_NGRAMS:
            v = v + _BOOSTER_NGRAMS[key]
    return v


def _but_rule(values: list[float], positions: list[int], but_at: int) -> None:
    """Rescale valences around the first "but", in place, exactly as vaderSentiment does.

    The package walks the list and, for each value, rescales the *first* element equal to it
    (``list.index``): when a rescaled value equals a later one, that later word is never
    rescaled and the earlier one is rescaled twice. Zero valences never change anything, so
    walking only the non-zero ones gives the same result. The element at the walk's position
    has not been touched yet (only it and earlier ones ever change), so an earlier equal
    element can exist only if its value is in ``seen`` (every value held before the position):
    ``list.index`` runs only then.
    """
    seen: set[float] = set()
    for k, x in enumerate(values):
        j = values.index(x) if x in seen else k
        pos = positions[j]
        if pos < but_at:
            y = x * BUT_BEFORE
        elif pos > but_at:
            y = x * BUT_AFTER
        else:
            y = x
        values[j] = y
        seen.add(y)  # (if j != k, k still holds x, and x is in seen already)


def _emphasis(text: str) -> float:
    """Amplifier from "!" and "?" in the text."""
    amp = min(text.count("!"), EXCLAIM_MAX) * EXCLAIM_STEP
    questions = text.count("?")
    if questions > 1:
        amp = amp + (questions * QUESTION_STEP if questions <= 3 else QUESTION_FLOOD)
    return amp


def _normalize(total: float) -> float:
    score = total / math.sqrt(total * total + ALPHA)
    return max(-1.0, min(score, 1.0))


def _compound(values: list[float], amp: float) -> float:
    total = float(sum(values))
    if total > 0:
        total += amp
    elif total < 0:
        total -= amp
    return round(_normalize(total), 4)


def _row(values: list[float], n_tokens: int, amp: float) -> tuple[float, float, float, float]:
    """(compound, pos, neg, neu) of a sentence with these non-zero valences.

    ``round(x, n)`` is correctly rounded (x to a decimal string, back to the nearest float) and
    takes ~0.4 us, two thirds of this function. Where ``x * 10**n`` is not within 0.001 of a
    half-integer (its float product is off by < 1e-12), rounding it to the nearest integer ``k``
    picks the same decimal, and ``k / 10**n`` is the same nearest float: ~0.15 us. Near-ties,
    and a compound in (-0.00005, 0] (``round`` gives -0.0 there, and keeps -0.0), go to ``round``.
    """
    total = sum(values)  # floats only, as float(sum(...)) in the package
    if total > 0:
        total += amp
    elif total < 0:
        total -= amp
    compound = total / math.sqrt(total * total + ALPHA)
    if compound > 1.0:
        compound = 1.0
    elif compound < -1.0:
        compound = -1.0
    pos_sum = 0.0
    neg_sum = 0.0
    for v in values:
        if v > 0:
            pos_sum += v + 1
        else:
            neg_sum += v - 1
    neu_count = n_tokens - len(values)
    if pos_sum > -neg_sum:
        pos_sum += amp
    elif pos_sum < -neg_sum:
        neg_sum -= amp
    # pos_sum, neu_count >= 0 >= neg_sum and total_mass > 0: 0.0 - x is fabs(x) here, exactly,
    # and never -0.0, so pos, neg and neu are >= +0.0.
    total_mass = pos_sum - neg_sum + neu_count
    pos = pos_sum / total_mass
    neg = (0.0 - neg_sum) / total_mass
    neu = neu_count / total_mass

    y = compound * 1e4
    k = round(y)
    compound = k / 1e4 if -_NOT_TIE < y - k < _NOT_TIE and (k or y > 0) else round(compound, 4)
    y = pos * 1e3
    k = round(y)
    pos = k / 1e3 if -_NOT_TIE < y - k < _NOT_TIE else round(pos, 3)
    y = neg * 1e3
    k = round(y)
    neg = k / 1e3 if -_NOT_TIE < y - k < _NOT_TIE else round(neg, 3)
    y = neu * 1e3
    k = round(y)
    neu = k / 1e3 if -_NOT_TIE < y - k < _NOT_TIE else round(neu, 3)
    return compound, pos, neg, neu
