"""News-calibrated sentence tone: a ridge regression on VADER and hashed word features.

VADER (``sentiment__compound_mean``) stays the reference. This model re-weights VADER's
signals and learns word/bigram weights from human ratings of New York Times editorial
sentences (plus tweets, movie and product reviews, weighted down), so that it tracks how
readers rate *news* sentences. It predicts the raters' mean on their −4..+4 scale (the
"raw" score) and maps it to −1..1 as ``clip(raw / 4, -1, 1)``: linear, so every
contribution in :meth:`NewsTone.explain` is on the same scale as the prediction.

Features (all stateless: nothing is fitted but the ridge weights)
  * ``vader:compound``, ``vader:pos``, ``vader:neg``, ``vader:neu`` — vaderSentiment's scores;
  * ``vader:valence_sum`` — the unnormalised valence sum behind the compound, divided by 4;
  * ``lexicon:positive``, ``lexicon:negative``, ``lexicon:negated`` — VADER-lexicon valences of
    the sentence's words (not in / in a negation scope) summed and divided by 4;
  * ``length:log_words`` — log1p(words) / 3;
  * hashed unigrams and bigrams of the lower-cased words, words after a negator carrying a
    ``NEG_`` prefix up to the next clause punctuation (the rule of
    ``nltk.sentiment.util.mark_negation``, which needs no data, re-done in one regex pass),
    counted into ``2**HASH_BITS`` buckets and L2-normalised per sentence. No vocabulary is
    stored; :meth:`NewsTone.explain` re-hashes the sentence's own n-grams to name them.

The artifact is ``framing/data/news_tone.npz`` (float32 weights, no pickles) plus
``news_tone.json`` (settings, versions, training-data hashes, CV figures), both written by
``scripts/train_news_tone.py``; see ``docs/news-tone.md``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import Ridge
from sklearn.utils import murmurhash3_32

from framing.errors import ModelError, ParameterError

__all__ = ["DENSE_FEATURES", "NewsTone", "featurize", "fit", "tokenize"]

# --- constants (provenance in docs/news-tone.md) -------------------------------------------
#: 2**18 buckets: 0.545 vs 0.547 Pearson r for 2**20 in 5-fold grouped CV on nyt_dev, at a
#: quarter of the artifact size. Fixed a priori, not tuned further.
HASH_BITS = 18
#: The raters' scale is −4..+4; the shipped output is clip(raw / OUTPUT_SCALE, -1, 1).
OUTPUT_SCALE = 4.0
#: vaderSentiment's normalisation constant (compound = s / sqrt(s**2 + alpha)).
VADER_ALPHA = 15.0
#: |compound| is clipped here before inverting it back to the valence sum (VADER rounds to 4 dp).
COMPOUND_CLIP = 0.9995
#: Ridge solver tolerance: small enough that retraining reproduces the weights to ~1e-6.
RIDGE_TOL = 1e-6
#: tokens and bigrams whose hash bucket (and lexicon valence) is memoised (~100 MB at most); the
#: memo is emptied when full. A vocabulary memo, not a result cache: predictions never depend on it.
BUCKET_CACHE_SIZE = 500_000
#: Artifact format; bump when the feature definition changes.
FORMAT_VERSION = 1

DENSE_FEATURES: tuple[str, ...] = (
    "vader:compound",
    "vader:pos",
    "vader:neg",
    "vader:neu",
    "vader:valence_sum",
    "lexicon:positive",
    "lexicon:negative",
    "lexicon:negated",
    "length:log_words",
)

DATA_DIR = Path(__file__).parent / "data"
ARTIFACT_STEM = "news_tone"

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,:;!?]")
_CLAUSE_PUNCT = frozenset(".,:;!?")
# nltk.sentiment.util.NEGATION_RE's words plus nor/neither/without/cannot; and any "...n't".
_NEGATORS = frozenset(
    [
        "never",
        "no",
        "nothing",
        "nowhere",
        "noone",
        "none",
        "not",
        "nor",
        "neither",
        "without",
        "cannot",
        "havent",
        "hasnt",
        "hadnt",
        "cant",
        "couldnt",
        "shouldnt",
        "wont",
        "wouldnt",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "aint",
    ]
)
_NEG_PREFIX = "NEG_"


# --- features -------------------------------------------------------------------------------
def tokenize(sentence: str) -> list[str]:
    """Lower-cased words of a sentence, ``NEG_``-prefixed inside a negation scope.

    A scope opens after a negator ("not", "never", "didn't", ...) and closes at ``.,:;!?``;
    punctuation itself is dropped.

    >>> tokenize("It was not good, but fine.")
    ['it', 'was', 'not', 'NEG_good', 'but', 'fine']
    """
    text = sentence.lower().replace("\u2019", "'")
    tokens = _TOKEN_RE.findall(text)
    if not _NEGATORS.isdisjoint(tokens) or "n't" in text:
        out: list[str] = []
        negated = False
        for tok in tokens:
            if tok in _CLAUSE_PUNCT:
                negated = False
            elif tok in _NEGATORS or tok.endswith("n't"):
                negated = True
                out.append(tok)
            else:
                out.append(_NEG_PREFIX + tok if negated else tok)
        return out
    return [t for t in tokens if t not in _CLAUSE_PUNCT]


def _ngrams(tokens: list[str]) -> list[str]:
    return tokens + [a + " " + b for a, b in pairwise(tokens)]


# The fast path (NewsTone.raw_scores) tokenizes a batch of sentences at once: joined by line
# breaks, lower-cased and matched in one pass. Lower-casing maps characters one by one (only the
# Greek final sigma looks at neighbours, and no token contains it) and no token crosses a line
# break, so the tokens between two breaks are exactly the tokens of that sentence.
_SEP = "\n"
_TOKEN_SEP_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,:;!?\n]")


def _batch_tokens(sentences: list[str]) -> list[str]:
    """The raw tokens (punctuation kept) of each sentence, with ``_SEP`` between sentences."""
    joined = _SEP.join(sentences)
    if joined.count(_SEP) == len(sentences) - 1:
        text = joined.lower()
        if "\u2019" in text:
            text = text.replace("\u2019", "'")
        return _TOKEN_SEP_RE.findall(text)
    tokens: list[str] = []  # a sentence holds a line break: one by one, line breaks dropped
    for i, sentence in enumerate(sentences):
        if i:
            tokens.append(_SEP)
        tokens += _TOKEN_RE.findall(sentence.lower().replace("\u2019", "'"))
    return tokens


class _Vocabulary:
    """Memo of the tokens and n-grams seen so far: an id per token (and per ``NEG_`` token) with
    its hash bucket and lexicon valences in arrays, and the bucket of each bigram of two ids.

    A vocabulary memo, not a result cache: predictions never depend on it. Emptied (between two
    calls) once it holds ``BUCKET_CACHE_SIZE`` entries.
    """

    SEP_ID = 0

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self.bigrams: dict[int, int] = {}
        size = 1024
        self.bucket = np.zeros(size, dtype=np.int64)
        self.plain = np.zeros(size, dtype=np.float64)  # valence out of a negation scope
        self.negated = np.zeros(size, dtype=np.float64)  # valence of a NEG_ token
        self.is_break = np.zeros(size, dtype=bool)  # .,:;!? and the sentence separator
        self.is_negator = np.zeros(size, dtype=bool)
        self.neg_id = np.full(size, -1, dtype=np.int64)  # id of the NEG_ form of a word
        self.add(_SEP)  # id 0 == SEP_ID

    def full(self) -> bool:
        return len(self.ids) + len(self.bigrams) >= BUCKET_CACHE_SIZE

    def add(self, token: str) -> int:
        """Id of ``token`` (a raw token, the separator, or a ``NEG_`` word), added if new."""
        i = self.ids.get(token)
        if i is not None:
            return i
        i = len(self.words)
        if i == len(self.bucket):
            grow = len(self.bucket)
            self.bucket = np.concatenate([self.bucket, np.zeros(grow, dtype=np.int64)])
            self.plain = np.concatenate([self.plain, np.zeros(grow)])
            self.negated = np.concatenate([self.negated, np.zeros(grow)])
            self.is_break = np.concatenate([self.is_break, np.zeros(grow, dtype=bool)])
            self.is_negator = np.concatenate([self.is_negator, np.zeros(grow, dtype=bool)])
            self.neg_id = np.concatenate([self.neg_id, np.full(grow, -1, dtype=np.int64)])
        self.ids[token] = i
        self.words.append(token)
        lex = _lexicon()
        if token == _SEP or token in _CLAUSE_PUNCT:
            self.is_break[i] = True
            self.bucket[i] = -1
        elif token.startswith(_NEG_PREFIX):
            self.negated[i] = lex.get(token[len(_NEG_PREFIX):], 0.0)
            self.bucket[i] = _bucket_of(token)
        else:
            self.plain[i] = lex.get(token, 0.0)
            self.is_negator[i] = token in _NEGATORS or token.endswith("n't")
            self.bucket[i] = _bucket_of(token)
        return i

    def negated_ids(self, ids: np.ndarray) -> np.ndarray:
        """The ids of the ``NEG_`` forms of the words ``ids``."""
        out = self.neg_id[ids]
        for j in np.flatnonzero(out < 0):
            word = int(ids[j])
            neg = self.add(_NEG_PREFIX + self.words[word])
            self.neg_id[word] = neg
            out[j] = neg
        return out

    def bigram_buckets(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The bucket of each bigram ``words[first[j]] + " " + words[second[j]]``."""
        keys = (first << 32 | second).tolist()
        memo = self.bigrams
        out = np.fromiter(map(memo.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
        for j in np.flatnonzero(out < 0):
            bucket = _bucket_of(self.words[first[j]] + " " + self.words[second[j]])
            memo[keys[j]] = bucket
            out[j] = bucket
        return out


def _bucket_of(gram: str) -> int:
    """FeatureHasher's bucket of ``gram`` (murmurhash3, seed 0, no sign)."""
    return abs(murmurhash3_32(gram, seed=0)) % (2**HASH_BITS)


@lru_cache(maxsize=1)
def _vader() -> Any:
    """The fastest available VADER: framing.vader when present, else vaderSentiment."""
    try:
        from framing.vader import VaderScorer  # score-identical re-implementation

        return VaderScorer()
    except ImportError:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)


def lexicon_sha256() -> str:
    """Hash of the VADER lexicon the lexicon features read (recorded in the artifact)."""
    text = "\n".join(f"{w}\t{v!r}" for w, v in sorted(_lexicon().items()))
    return hashlib.sha256(text.encode()).hexdigest()


@lru_cache(maxsize=1)
def _hasher() -> FeatureHasher:
    return FeatureHasher(n_features=2**HASH_BITS, input_type="string", alternate_sign=False)


def _check_sentences(sentences: Sequence[str], who: str) -> list[str]:
    if isinstance(sentences, str):
        raise ParameterError(
            f"{who} expects a sequence of sentences, got one string; wrap it in a list."
        )
    out = list(sentences)
    for i, s in enumerate(out):
        if not isinstance(s, str):
            raise ParameterError(f"{who} expects str sentences. Got {type(s).__name__} at {i}.")
    return out


def _lexicon_features(tokens: list[str]) -> tuple[float, float, float, float]:
    """``lexicon:positive``, ``lexicon:negative``, ``lexicon:negated``, ``length:log_words``."""
    lex = _lexicon()
    pos = neg = negated = 0.0
    for t in tokens:
        if t.startswith(_NEG_PREFIX):
            negated += lex.get(t[4:], 0.0)
        else:
            v = lex.get(t, 0.0)
            if v > 0:
                pos += v
            else:
                neg += v
    return pos / 4, neg / 4, negated / 4, math.log1p(len(tokens)) / 3


def _vader_features(vader: np.ndarray) -> np.ndarray:
    """The five ``vader:*`` columns from ``(n, 4)`` rows of compound, pos, neg, neu."""
    c = np.clip(vader[:, 0], -COMPOUND_CLIP, COMPOUND_CLIP)
    return np.column_stack([vader, c * math.sqrt(VADER_ALPHA) / np.sqrt(1 - c**2) / 4])


def _check_vader(vader: np.ndarray | None, sentences: list[str]) -> np.ndarray:
    n = len(sentences)
    if vader is None:
        return vader_scores(sentences)
    vader = np.asarray(vader, dtype=np.float64)
    if vader.shape != (n, 4):
        raise ParameterError(
            f"The 'vader' argument must have shape ({n}, 4) (compound, pos, neg, neu). "
            f"Got {vader.shape}."
        )
    return vader


def vader_scores(sentences: Sequence[str]) -> np.ndarray:
    """VADER ``compound, pos, neg, neu`` per sentence, shape ``(n, 4)``."""
    scorer = _vader()
    rows = [scorer.polarity_scores(s) for s in sentences]
    return np.array(
        [[r["compound"], r["pos"], r["neg"], r["neu"]] for r in rows], dtype=np.float64
    ).reshape(len(rows), 4)


def featurize(
    sentences: Sequence[str], *, vader: np.ndarray | None = None
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Hashed n-gram matrix ``(n, 2**HASH_BITS)`` and dense matrix ``(n, len(DENSE_FEATURES))``.

    ``vader``: precomputed ``compound, pos, neg, neu`` rows (e.g. from the sentiment scorer),
    to skip running VADER again.
    """
    sentences = _check_sentences(sentences, "featurize")
    n = len(sentences)
    vader = _check_vader(vader, sentences)
    grams: list[list[str]] = []
    dense = np.empty((n, len(DENSE_FEATURES)), dtype=np.float64)
    for i, s in enumerate(sentences):
        toks = tokenize(s)
        dense[i, 5:] = _lexicon_features(toks)
        grams.append(_ngrams(toks))
    dense[:, :5] = _vader_features(vader)
    hashed = _hasher().transform(grams).tocsr()
    hashed.sort_indices()
    norms = np.sqrt(np.asarray(hashed.multiply(hashed).sum(axis=1)).ravel())
    hashed = sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ hashed
    return hashed.tocsr(), dense


# --- model ----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class NewsTone:
    """A fitted news-tone model: ``raw = hashed @ hash_coef + dense @ dense_coef + intercept``."""

    hash_coef: np.ndarray  # float32, (2**HASH_BITS,)
    dense_coef: np.ndarray  # float32, (len(DENSE_FEATURES),)
    intercept: float
    settings: dict[str, Any] = field(default_factory=dict)
    _vocab: _Vocabulary = field(default_factory=_Vocabulary, repr=False)
    _weights_f64: np.ndarray | None = field(default=None, repr=False)

    # loading / saving
    @classmethod
    def load(cls, path: str | Path | None = None) -> NewsTone:
        """Load the shipped artifact (or ``path``: the ``.npz``; its ``.json`` sits beside it)."""
        npz = Path(path) if path is not None else DATA_DIR / f"{ARTIFACT_STEM}.npz"
        meta = npz.with_suffix(".json")
        try:
            settings = json.loads(meta.read_text(encoding="utf-8"))
            with np.load(npz, allow_pickle=False) as z:
                index = z["hash_index"].astype(np.int64)
                values = z["hash_value"].astype(np.float32)
                dense_coef = z["dense_coef"].astype(np.float32)
                intercept = float(z["intercept"][0])
        except FileNotFoundError as e:
            raise ModelError(
                f"The news-tone artifact is missing: expected {npz} and {meta}. "
                "Rebuild it with scripts/train_news_tone.py."
            ) from e
        except (KeyError, ValueError, OSError, json.JSONDecodeError) as e:
            raise ModelError(f"The news-tone artifact {npz} is corrupt: {e}") from e
        n_features = 2**HASH_BITS
        expected = {
            "format_version": FORMAT_VERSION,
            "hash_bits": HASH_BITS,
            "dense_features": list(DENSE_FEATURES),
        }
        for key, want in expected.items():
            if settings.get(key) != want:
                raise ModelError(
                    f"The news-tone artifact {meta} has {key}={settings.get(key)!r}; "
                    f"this framing expects {want!r}. Rebuild it with scripts/train_news_tone.py."
                )
        if (
            dense_coef.shape != (len(DENSE_FEATURES),)
            or index.shape != values.shape
            or (index.size and (index.min() < 0 or index.max() >= n_features))
        ):
            raise ModelError(f"The news-tone artifact {npz} has arrays of the wrong shape.")
        hash_coef = np.zeros(n_features, dtype=np.float32)
        hash_coef[index] = values
        return cls(hash_coef, dense_coef, intercept, settings)

    def save(self, path: str | Path) -> None:
        """Write ``path`` (.npz, float32 sparse weights) and the settings beside it (.json)."""
        npz = Path(path)
        index = np.flatnonzero(self.hash_coef).astype(np.uint32)
        np.savez_compressed(
            npz,
            hash_index=index,
            hash_value=self.hash_coef[index].astype(np.float32),
            dense_coef=self.dense_coef.astype(np.float32),
            intercept=np.array([self.intercept], dtype=np.float64),
        )
        npz.with_suffix(".json").write_text(
            json.dumps(self.settings, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    # prediction
    def raw_scores(
        self, sentences: Sequence[str], *, vader: np.ndarray | None = None
    ) -> np.ndarray:
        """Predicted rater mean on the −4..+4 scale (unclipped).

        Equal to ``featurize`` followed by the linear model (a test holds them together), but
        computed from memoised per-n-gram buckets with a few array operations, without
        building sparse matrices: several times faster on the short batches of one article.
        """
        sentences = _check_sentences(sentences, "raw_scores")
        vader = _check_vader(vader, sentences)
        n = len(sentences)
        dense = np.empty((n, len(DENSE_FEATURES)), dtype=np.float64)
        dense[:, :5] = _vader_features(vader)
        if not n:
            return dense @ self.dense_coef.astype(np.float64) + self.intercept
        vocab = self._vocab
        if vocab.full():
            vocab.reset()
        tokens = _batch_tokens(sentences)
        ids = np.fromiter(map(vocab.ids.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
        for j in np.flatnonzero(ids < 0):
            ids[j] = vocab.add(tokens[j])
        # negation scopes (tokenize's loop, on arrays): a word is negated when a negator came
        # after the last clause punctuation or sentence break before it
        is_break = vocab.is_break[ids]
        is_negator = vocab.is_negator[ids]
        if is_negator.any():
            at = np.arange(len(ids))
            last_negator = np.maximum.accumulate(np.where(is_negator, at, -1))
            last_break = np.maximum.accumulate(np.where(is_break, at, -1))
            scoped = np.flatnonzero((last_negator > last_break) & ~is_negator)
            ids[scoped] = vocab.negated_ids(ids[scoped])
        ids = ids[~is_break | (ids == vocab.SEP_ID)]  # punctuation is dropped
        word = ids != vocab.SEP_ID
        owner = np.cumsum(~word)  # sentence of each word (a break counts for the next one)
        # lexicon:* and length:* per sentence; bincount adds in word order, like the token loop
        plain = vocab.plain[ids]
        positive = np.where(plain > 0, plain, 0.0)
        dense[:, 5] = np.bincount(owner, weights=positive, minlength=n) / 4
        dense[:, 6] = np.bincount(owner, weights=plain - positive, minlength=n) / 4
        dense[:, 7] = np.bincount(owner, weights=vocab.negated[ids], minlength=n) / 4
        dense[:, 8] = np.log1p(np.bincount(owner[word], minlength=n)) / 3
        # hashed unigrams and bigrams (no bigram across a sentence break)
        pair = word[:-1] & word[1:]
        buckets = np.concatenate(
            [vocab.bucket[ids[word]], vocab.bigram_buckets(ids[:-1][pair], ids[1:][pair])]
        )
        owners = np.concatenate([owner[word], owner[:-1][pair]])
        # per sentence: L2-normalised bucket counts dotted with the bucket weights
        unique, counts = np.unique(owners << HASH_BITS | buckets, return_counts=True)
        owner_of = unique >> HASH_BITS
        weights = self._weights[unique & (2**HASH_BITS - 1)]
        norms = np.sqrt(np.bincount(owner_of, weights=counts.astype(np.float64) ** 2, minlength=n))
        dots = np.bincount(owner_of, weights=counts * weights, minlength=n)
        hashed = np.divide(dots, norms, out=np.zeros(n), where=norms > 0)
        return hashed + dense @ self.dense_coef.astype(np.float64) + self.intercept

    @property
    def _weights(self) -> np.ndarray:
        cached = self._weights_f64
        if cached is None:
            cached = self.hash_coef.astype(np.float64)
            object.__setattr__(self, "_weights_f64", cached)
        return cached

    def predict(self, sentences: Sequence[str], *, vader: np.ndarray | None = None) -> np.ndarray:
        """News tone per sentence, float64 in −1..1: ``clip(raw / 4, -1, 1)``.

        ``vader``: optional precomputed ``(n, 4)`` rows of VADER compound, pos, neg, neu.
        """
        raw = self.raw_scores(sentences, vader=vader)
        return np.clip(raw / OUTPUT_SCALE, -1.0, 1.0)

    def explain(self, sentence: str, *, top: int | None = None) -> list[tuple[str, float]]:
        """What pushed one sentence's tone up or down, on the −1..1 output scale.

        Returns ``(term, contribution)`` pairs sorted by absolute size: the dense features by
        name (``vader:compound``, ...), n-grams as ``word:<w>`` / ``bigram:<a b>``, and
        ``intercept``. Unclipped, they sum to ``raw / 4``; ``predict`` is that sum clipped
        to −1..1. ``top`` keeps the largest ``top`` terms.
        """
        if not isinstance(sentence, str):
            raise ParameterError(
                f"explain expects one str sentence. Got {type(sentence).__name__}."
            )
        _, dense = featurize([sentence])
        terms: list[tuple[str, float]] = [("intercept", self.intercept / OUTPUT_SCALE)]
        for name, x, w in zip(DENSE_FEATURES, dense[0], self.dense_coef):
            terms.append((name, float(x) * float(w) / OUTPUT_SCALE))
        grams = _ngrams(tokenize(sentence))
        if grams:
            # featurize divides the hashed counts (collisions included) by their L2 norm
            raw_norm = float(np.linalg.norm(_hasher().transform([grams]).data))
            counts: dict[str, int] = {}
            for g in grams:
                counts[g] = counts.get(g, 0) + 1
            uniq = list(counts)
            buckets = _hasher().transform([[g] for g in uniq]).tocsr().indices
            for g, b in zip(uniq, buckets):
                c = counts[g] / raw_norm * float(self.hash_coef[b]) / OUTPUT_SCALE
                terms.append((("bigram:" if " " in g else "word:") + g, c))
        terms.sort(key=lambda t: -abs(t[1]))
        return terms if top is None else terms[:top]


def fit(
    sentences: Sequence[str],
    y: np.ndarray,
    *,
    alpha: float,
    sample_weight: np.ndarray | None = None,
    vader: np.ndarray | None = None,
    settings: dict[str, Any] | None = None,
) -> NewsTone:
    """Fit the ridge on ``sentences`` and rater means ``y`` (−4..+4). Deterministic."""
    hashed, dense = featurize(sentences, vader=vader)
    return fit_features(
        hashed, dense, y, alpha=alpha, sample_weight=sample_weight, settings=settings
    )


def fit_features(
    hashed: sp.csr_matrix,
    dense: np.ndarray,
    y: np.ndarray,
    *,
    alpha: float,
    sample_weight: np.ndarray | None = None,
    settings: dict[str, Any] | None = None,
) -> NewsTone:
    """:func:`fit` on features already computed by :func:`featurize` (for cross-validation)."""
    if not alpha > 0:
        raise ParameterError(f"The 'alpha' parameter of fit must be a positive float. Got {alpha}.")
    X = sp.hstack([hashed, sp.csr_matrix(dense)], format="csr")
    model = Ridge(alpha=alpha, solver="sparse_cg", tol=RIDGE_TOL, max_iter=10_000)
    model.fit(X, np.asarray(y, dtype=np.float64), sample_weight=sample_weight)
    coef = model.coef_.astype(np.float32)
    n = 2**HASH_BITS
    return NewsTone(coef[:n].copy(), coef[n:].copy(), float(model.intercept_), dict(settings or {}))
