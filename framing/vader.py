"""Fast VADER sentence polarity, score-identical to vaderSentiment 3.3.2.

A re-implementation of VADER (Hutto & Gilbert, 2014, "VADER: A Parsimonious Rule-based Model
for Sentiment Analysis of Social Media Text", ICWSM-14) as shipped in ``vaderSentiment==3.3.2``.
:meth:`VaderScorer.polarity_scores` returns exactly the dict that
``SentimentIntensityAnalyzer().polarity_scores`` returns (same keys, same order, equal floats);
``tests/test_vader.py`` checks this on ~22k labelled sentences, the seed articles and generated
sentences full of VADER's trigger words.

The lexicon and emoji lexicon are read once from the installed ``vaderSentiment`` package, and the
rule word lists (negations, boosters, special-case idioms) are taken from its module, so nothing is
copied here. The speed comes from doing the same arithmetic less often:

- each sentence is split and lowercased once (the package re-lowercases the whole sentence inside
  every negation and idiom check: ~240 ``str.lower`` calls for a 21-word sentence);
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
  every float matches.

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
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

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

_NEUTRAL = {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
_EMPTY = {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}


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

    # ---- public API ---------------------------------------------------------------------------
    def polarity_scores(self, text: str) -> dict[str, float]:
        """Return ``{"neg", "neu", "pos", "compound"}`` for one sentence, as vaderSentiment does."""
        text = self._prepare(text)
        found = self._valences(text)
        if found is None:
            return dict(_EMPTY)
        values, n_tokens = found
        if not values:
            return dict(_NEUTRAL)
        return _score(values, n_tokens, text)

    def compound(self, text: str) -> float:
        """Return only the compound score of one sentence (faster than ``polarity_scores``)."""
        text = self._prepare(text)
        found = self._valences(text)
        if found is None or not found[0]:
            return 0.0
        return _compound(found[0], text)

    def compounds(self, sentences: Sequence[str]) -> list[float]:
        """Return the compound score of each sentence, in order."""
        if isinstance(sentences, str):
            raise ParameterError(
                "The 'sentences' parameter of VaderScorer.compounds must be a sequence of str, "
                "not a single str. Wrap it in a list: compounds([text])."
            )
        compound = self.compound
        return [compound(s) for s in sentences]

    def __repr__(self) -> str:
        return "VaderScorer()"

    def __reduce__(self) -> tuple[type[VaderScorer], tuple[()]]:
        # Rebuilt from the installed lexicon in the receiving process, not shipped as ~10k entries.
        return (VaderScorer, ())

    # ---- internals ------------------------------------------------------------------------------
    def _prepare(self, text: str) -> str:
        if not isinstance(text, str):
            raise ParameterError(
                f"VaderScorer expects a sentence as str. Got {type(text).__name__}: {text!r:.60}."
            )
        if text.isascii():
            return text  # the emoji lexicon has no ASCII keys
        return self._translate_emoji(text)

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

    def _valences(self, text: str) -> tuple[list[float], int] | None:
        """Non-zero word valences in token order (after the "but" rule), and the token count.

        None when the text has no tokens at all.
        """
        punct = _PUNCTUATION
        if text.isascii():
            # ASCII lowercasing keeps lengths, so stripping after lowering is the same. The
            # original-case tokens are needed only for ALL-CAPS tests, and an ASCII token can be
            # ALL CAPS only if its upper-cased form occurs in the text: split again only then.
            raw: list[str] | None = None
            low = [c if len(c := t.strip(punct)) > 2 else t for t in text.lower().split()]
        else:
            raw = text.split()
            low = [(c if len(c := t.strip(punct)) > 2 else t).lower() for t in raw]
        n = len(low)
        if not n:
            return None
        scorable = self._scorable
        hits = [i for i, w in enumerate(low) if w in scorable]
        if not hits:
            return [], n

        lexicon = self._lexicon
        has_no = "no" in low
        idioms = None  # computed on first need: does any idiom trigger word occur?
        cap_diff = None  # computed on first need: are some, but not all, tokens ALL CAPS?
        positions: list[int] = []
        values: list[float] = []
        last = n - 1
        for i in hits:
            w = low[i]
            if w == "kind" and i < last and low[i + 1] == "of":
                continue
            base = scorable[w]
            v = base
            if has_no:
                if w == "no" and i < last and low[i + 1] in lexicon:
                    v = 0.0
                if (
                    (i > 0 and low[i - 1] == "no")
                    or (i > 1 and low[i - 2] == "no")
                    or (i > 2 and low[i - 3] == "no" and low[i - 1] in _OR_NOR)
                ):
                    v = base * N_SCALAR
            if raw is None and w.upper() in text:
                raw = text.split()
            if raw is not None and raw[i].isupper():
                if cap_diff is None:
                    cap_diff = _caps_differ(raw)
                if cap_diff:
                    v = v + C_INCR if v > 0 else v - C_INCR

            # up to three preceding words that are not lexicon words: boosters, negations, idioms
            for k in (1, 2, 3):
                if i < k:
                    break
                prev = low[i - k]
                if prev in lexicon:
                    continue
                s = BOOSTERS.get(prev, 0.0)
                if s:
                    if v < 0:
                        s = -s
                    if raw is None and prev.upper() in text:
                        raw = text.split()
                    if raw is not None and raw[i - k].isupper():
                        if cap_diff is None:
                            cap_diff = _caps_differ(raw)
                        if cap_diff:
                            s = s + C_INCR if v > 0 else s - C_INCR
                    if k > 1:
                        s = s * DISTANCE_DAMPING[k - 1]
                v = v + s
                if k == 1:
                    if prev in NEGATIONS or "n't" in prev:
                        v = v * N_SCALAR
                elif k == 2:
                    p1 = low[i - 1]
                    if prev == "never" and p1 in _SO_THIS:
                        v = v * NEVER_SO_BOOST
                    elif prev == "without" and p1 == "doubt":
                        pass
                    elif prev in NEGATIONS or "n't" in prev:
                        v = v * N_SCALAR
                else:
                    p1 = low[i - 1]
                    p2 = low[i - 2]
                    if (prev == "never" and p2 in _SO_THIS) or p1 in _SO_THIS:
                        v = v * NEVER_SO_BOOST
                    elif prev == "without" and (p2 == "doubt" or p1 == "doubt"):
                        pass
                    elif prev in NEGATIONS or "n't" in prev:
                        v = v * N_SCALAR
                    if idioms is None:
                        idioms = not _IDIOM_TRIGGERS.isdisjoint(low)
                    if idioms:
                        v = _idioms(v, low, i, n)

            if (
                self._least_negates
                and i > 0
                and low[i - 1] == "least"
                and (i == 1 or low[i - 2] not in _AT_VERY)
            ):
                v = v * N_SCALAR
            if v != 0:
                positions.append(i)
                values.append(v)

        if values and "but" in low:
            _but_rule(values, positions, low.index("but"))
        return values, n


def _caps_differ(raw: list[str]) -> bool:
    """True when some, but not all, tokens are ALL CAPS."""
    n_upper = sum(map(str.isupper, raw))
    return 0 < n_upper < len(raw)


def _idioms(v: float, low: list[str], i: int, n: int) -> float:
    """Special-case idioms around word i and booster n-grams before it (i >= 3)."""
    w, p1, p2, p3 = low[i], low[i - 1], low[i - 2], low[i - 3]
    for key in ((p1, w), (p2, p1, w), (p2, p1), (p3, p2, p1), (p3, p2)):
        if key in _SPECIAL_NGRAMS:
            v = _SPECIAL_NGRAMS[key]
            break
    if i + 1 < n:
        key = (w, low[i + 1])
        if key in _SPECIAL_NGRAMS:
            v = _SPECIAL_NGRAMS[key]
        if i + 2 < n:
            key = (w, low[i + 1], low[i + 2])
            if key in _SPECIAL_NGRAMS:
                v = _SPECIAL_NGRAMS[key]
    for key in ((p3, p2, p1), (p3, p2), (p2, p1)):
        if key in _BOOSTER_NGRAMS:
            v = v + _BOOSTER_NGRAMS[key]
    return v


def _but_rule(values: list[float], positions: list[int], but_at: int) -> None:
    """Rescale valences around the first "but", in place, exactly as vaderSentiment does.

    The package walks the list and finds each value again with ``list.index`` (first equal
    value), then rescales that occurrence. Zero valences never change anything, so walking only
    the non-zero ones gives the same result.
    """
    for k in range(len(values)):
        j = values.index(values[k])
        pos = positions[j]
        if pos < but_at:
            values[j] = values[j] * BUT_BEFORE
        elif pos > but_at:
            values[j] = values[j] * BUT_AFTER


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


def _compound(values: list[float], text: str) -> float:
    total = float(sum(values))
    if total > 0:
        total += _emphasis(text)
    elif total < 0:
        total -= _emphasis(text)
    return round(_normalize(total), 4)


def _score(values: list[float], n_tokens: int, text: str) -> dict[str, float]:
    amp = _emphasis(text)
    total = float(sum(values))
    if total > 0:
        total += amp
    elif total < 0:
        total -= amp
    compound = _normalize(total)
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
    total_mass = pos_sum + math.fabs(neg_sum) + neu_count
    return {
        "neg": round(math.fabs(neg_sum / total_mass), 3),
        "neu": round(math.fabs(neu_count / total_mass), 3),
        "pos": round(math.fabs(pos_sum / total_mass), 3),
        "compound": round(compound, 4),
    }
