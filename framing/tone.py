"""News-calibrated sentence tone: a ridge regression on VADER, word n-grams and word embeddings.

VADER (``sentiment__compound_mean``) stays the reference. This model re-weights VADER's
signals and learns word/bigram weights from human ratings of New York Times editorial
sentences (plus tweets, movie and product reviews, weighted down), so that it tracks how
readers rate *news* sentences. It predicts the raters' mean on their −4..+4 scale (the
"raw" score) and maps it to −1..1 as ``clip(raw / 4, -1, 1)``: linear, so every
contribution in :meth:`NewsTone.explain` is on the same scale as the prediction.

Features of a sentence of ``n`` tokens (``tokenize``: lower-cased words, ``NEG_``-prefixed in a
negation scope); ``norm = 1 / sqrt(2n - 1)``, one over the square root of its n-gram count:
  * ``vader:compound``, ``vader:pos``, ``vader:neg``, ``vader:neu`` — vaderSentiment's scores;
  * ``vader:valence_sum`` — the unnormalised valence sum behind the compound, divided by 4;
  * ``lexicon:positive``, ``lexicon:negative``, ``lexicon:negated`` — VADER-lexicon valences of
    the sentence's words (not in / in a negation scope) summed and divided by 4;
  * ``length:log_words`` — log1p(n) / 3;
  * ``word:<w>``, ``bigram:<a b>`` — each n-gram seen in training, ``count * norm``;
  * ``embedding:<w>`` — the mean-style sum ``norm * Σ vector(w)`` of 50-d GloVe vectors (plain and
    negated words in separate blocks). A linear model on it is one number per word,
    ``vector(w) · coef``, so the artifact stores that number per word, never the vectors.
Everything is a sum over words and n-grams, so :meth:`NewsTone.explain` names each one's share.

The artifact is ``framing/data/news_tone.npz`` (float32 weights and the word list, no pickles)
plus ``news_tone.json`` (settings, versions, training-data hashes, CV figures), both written by
``scripts/train_news_tone.py``; see ``docs/news-tone.md``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from framing.errors import ModelError, ParameterError

if TYPE_CHECKING:  # scipy and scikit-learn are needed to train and explain, not to score
    import scipy.sparse as sp

__all__ = [
    "DENSE_FEATURES",
    "Features",
    "NewsTone",
    "design_matrix",
    "featurize",
    "fit",
    "fit_features",
    "from_coefficients",
    "ridge",
    "tokenize",
]

# --- constants (provenance in docs/news-tone.md) -------------------------------------------
#: The raters' scale is −4..+4; the shipped output is clip(raw / OUTPUT_SCALE, -1, 1).
OUTPUT_SCALE = 4.0
#: vaderSentiment's normalisation constant (compound = s / sqrt(s**2 + alpha)).
VADER_ALPHA = 15.0
#: |compound| is clipped here before inverting it back to the valence sum (VADER rounds to 4 dp).
COMPOUND_CLIP = 0.9995
#: Ridge solver tolerance: small enough that retraining reproduces the weights to ~1e-6.
RIDGE_TOL = 1e-6
#: Raw whitespace-separated chunks whose token ids are memoised (a vocabulary memo, not a result
#: cache: predictions never depend on it); emptied between two calls once this full.
CHUNK_MEMO_SIZE = 300_000
#: Artifact format; bump when the feature definition changes (2: explicit n-gram vocabulary,
#: 1/sqrt(2n-1) normalisation, embedding weights per word).
FORMAT_VERSION = 2

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
        "never", "no", "nothing", "nowhere", "noone", "none", "not", "nor", "neither", "without",
        "cannot", "havent", "hasnt", "hadnt", "cant", "couldnt", "shouldnt", "wont", "wouldnt",
        "dont", "doesnt", "didnt", "isnt", "arent", "aint",
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
            elif _is_negator(tok):
                negated = True
                out.append(tok)
            else:
                out.append(_NEG_PREFIX + tok if negated else tok)
        return out
    return [t for t in tokens if t not in _CLAUSE_PUNCT]


def _is_negator(token: str) -> bool:
    return token in _NEGATORS or token.endswith("n't")


def _ngrams(tokens: list[str]) -> list[str]:
    return tokens + [a + " " + b for a, b in pairwise(tokens)]


def _norm(n_tokens: int) -> float:
    """One over the square root of the n-gram count (n unigrams + n - 1 bigrams); 0 if empty."""
    return 1.0 / math.sqrt(2 * n_tokens - 1) if n_tokens else 0.0


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


def _check_sentences(sentences: Sequence[str], who: str) -> list[str]:
    if isinstance(sentences, str):
        raise ParameterError(
            f"{who} expects a sequence of sentences, got one string; wrap it in a list."
        )
    out = list(sentences)
    if not set(map(type, out)) <= {str}:
        for i, s in enumerate(out):
            if not isinstance(s, str):
                raise ParameterError(
                    f"{who} expects str sentences. Got {type(s).__name__} at {i}."
                )
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


class Features(NamedTuple):
    """What :func:`featurize` returns (the design matrix of :func:`fit_features`)."""

    ngrams: sp.csr_matrix  # (n, len(vocabulary)): count * norm of each known n-gram
    dense: np.ndarray  # (n, len(DENSE_FEATURES))
    embedded: np.ndarray | None  # (n, 2 * dim): norm * Σ vectors of plain | NEG_ words
    vocabulary: dict[str, int]  # n-gram -> column of ``ngrams``


def featurize(
    sentences: Sequence[str],
    *,
    vader: np.ndarray | None = None,
    vocabulary: Mapping[str, int] | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
) -> Features:
    """The model's features of ``sentences``.

    ``vader``: precomputed ``compound, pos, neg, neu`` rows (e.g. from the sentiment scorer),
    to skip running VADER again. ``vocabulary``: n-gram columns; by default every n-gram of
    ``sentences`` in first-seen order (n-grams outside it still count in the norm).
    ``embeddings``: word vectors for the ``embedded`` block (training only; ``None`` skips it).
    """
    import scipy.sparse as sp

    sentences = _check_sentences(sentences, "featurize")
    n = len(sentences)
    vader = _check_vader(vader, sentences)
    vocab: dict[str, int] = {} if vocabulary is None else dict(vocabulary)
    grow = vocabulary is None
    dim = len(next(iter(embeddings.values()))) if embeddings else 0
    embedded = np.zeros((n, 2 * dim)) if embeddings else None
    dense = np.empty((n, len(DENSE_FEATURES)), dtype=np.float64)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, s in enumerate(sentences):
        toks = tokenize(s)
        dense[i, 5:] = _lexicon_features(toks)
        norm = _norm(len(toks))
        for g in _ngrams(toks):
            j = vocab.setdefault(g, len(vocab)) if grow else vocab.get(g)
            if j is not None:
                rows.append(i)
                cols.append(j)
                vals.append(norm)
        if embedded is not None:
            for t in toks:
                neg = t.startswith(_NEG_PREFIX)
                vec = embeddings.get(t[4:] if neg else t)
                if vec is not None:
                    embedded[i, dim if neg else 0 : 2 * dim if neg else dim] += vec * norm
    dense[:, :5] = _vader_features(vader)
    ngrams = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
    ngrams.sum_duplicates()
    return Features(ngrams, dense, embedded, vocab)


# --- fast path ------------------------------------------------------------------------------
# Special token ids after the ``T`` words of a model's word table; id + _Table.offset is the
# NEG_ form of a word.
_UNKNOWN, _UNKNOWN_NEGATOR, _BREAK, _SEP = range(4)
# The batch path joins sentences with this chunk (not whitespace, so str.split keeps it).
_SEP_CHUNK = "\x00"


class _Table:
    """A model's per-token arrays for the fast path, and the memo of raw text chunks.

    Token ids: ``0..T-1`` the word table, then unknown word, unknown "...n't" negator, clause
    punctuation, sentence separator; ``id + offset`` is the ``NEG_`` form. Per id: ``scaled``
    (n-gram + embedding weight, multiplied by the norm), ``summed`` (the lexicon features folded
    with their coefficients), and negator / break flags. A raw chunk (a ``str.split`` piece of
    text) maps to the ids of its tokens, stored in ``flat`` at ``start``.
    """

    def __init__(self, model: NewsTone) -> None:
        words = list(model.words)
        ids = dict(zip(words, range(len(words))))
        lex = _lexicon()
        for w in lex:  # lexicon words the artifact lacks (a newer vaderSentiment)
            if w not in ids and _TOKEN_RE.fullmatch(w):
                ids[w] = len(words)
                words.append(w)
        t = len(words)
        self.ids = ids
        self.unknown, self.unknown_negator = t + _UNKNOWN, t + _UNKNOWN_NEGATOR
        self.brk, self.sep = t + _BREAK, t + _SEP
        self.offset = off = t + 4
        ta = len(model.words)
        w = model.word_weight.astype(np.float64) + model.embedding_weight.astype(np.float64)
        self.scaled = np.zeros(2 * off)
        self.scaled[:ta], self.scaled[off : off + ta] = w[:ta], w[ta:]
        valence = np.zeros(t + 4)
        valence[:t] = np.fromiter(map(lex.get, words, repeat(0.0)), dtype=np.float64, count=t)
        valence /= 4
        coef = model.dense_coef.astype(np.float64)
        self.summed = np.concatenate(
            [np.where(valence > 0, coef[5], coef[6]) * valence, coef[7] * valence]
        )
        self.is_negator = np.zeros(2 * off, dtype=bool)
        self.is_negator[[ids[x] for x in _NEGATORS if x in ids] + [self.unknown_negator]] = True
        contracted = re.findall(r"^.*n't$", "\n".join(words), flags=re.MULTILINE)
        self.is_negator[[ids[x] for x in contracted]] = True
        self.is_break = np.zeros(2 * off, dtype=bool)
        self.is_break[[self.brk, self.sep]] = True
        first, second = model.bigram_first.astype(np.int64), model.bigram_second.astype(np.int64)
        first = np.where(first >= ta, first - ta + off, first)  # artifact NEG_ ids -> table ids
        second = np.where(second >= ta, second - ta + off, second)
        # bigram key -> weight: open addressing with linear probing, load factor <= 1/4; the
        # entry -1 (empty slot) reads the sentinel key -1 / weight 0 appended at the end
        keys = first * (2 * off) + second
        self.bits = max((4 * len(keys)).bit_length(), 4)
        self.slots = np.full(2**self.bits, -1, dtype=np.int64)
        pending, slot = np.arange(len(keys)), self._slot(keys)
        while pending.size:  # one claimant of each empty slot takes it; the rest move on
            empty = self.slots[slot] < 0
            self.slots[slot[empty]] = pending[empty]
            left = self.slots[slot] != pending
            pending, slot = pending[left], (slot[left] + 1) & (2**self.bits - 1)
        self.bigram_key = np.append(keys, -1)
        self.bigram_weight = np.append(model.bigram_weight.astype(np.float64), 0.0)
        self.reset()

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        """Fibonacci hashing of non-negative int64 keys into ``2**bits`` slots."""
        mixed = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        return (mixed >> np.uint64(64 - self.bits)).astype(np.int64)

    def bigram_weights(self, keys: np.ndarray) -> np.ndarray:
        """The weight of each bigram key (0 for bigrams the model does not know)."""
        slot = self._slot(keys)
        entry = self.slots[slot]
        out = self.bigram_weight[entry]
        found = self.bigram_key[entry] == keys
        out[~found] = 0.0
        active = np.flatnonzero((entry >= 0) & ~found)
        slot = slot[active]
        mask = 2**self.bits - 1
        while active.size:  # probe on for the few keys whose slot holds another bigram
            slot = (slot + 1) & mask
            entry = self.slots[slot]
            found = self.bigram_key[entry] == keys[active]
            out[active[found]] = self.bigram_weight[entry[found]]
            more = (entry >= 0) & ~found
            active, slot = active[more], slot[more]
        return out

    def reset(self) -> None:
        self.chunks: dict[str, int] = {_SEP_CHUNK: 0}
        self.flat: list[int] = [self.sep]
        self.start: list[int] = [0]
        self.length: list[int] = [1]
        # numpy copies of flat/start/length, grown by doubling as chunks are added (rebuilding
        # them whole after each new chunk would cost O(memo size) per call on fresh text)
        self._np = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64))
        self._synced = (0, 0)  # len(flat), len(start) already copied into self._np

    def token_id(self, token: str) -> int:
        if token in _CLAUSE_PUNCT:
            return self.brk
        i = self.ids.get(token)
        if i is not None:
            return i
        return self.unknown_negator if token.endswith("n't") else self.unknown

    def add(self, chunk: str) -> int:
        toks = _TOKEN_RE.findall(chunk.lower().replace("\u2019", "'"))
        c = len(self.start)
        self.chunks[chunk] = c
        self.start.append(len(self.flat))
        self.length.append(len(toks))
        self.flat += [self.token_id(x) for x in toks]
        return c

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``flat``, ``start`` and ``length`` as int64 arrays (views of the grown buffers)."""
        n_flat, n_chunks = len(self.flat), len(self.start)
        done_flat, done_chunks = self._synced
        flat, start, length = self._np
        if (n_flat, n_chunks) != self._synced:
            if n_flat > len(flat):
                flat = np.resize(flat, max(2 * len(flat), n_flat, 1024))
            if n_chunks > len(start):
                size = max(2 * len(start), n_chunks, 1024)
                start, length = np.resize(start, size), np.resize(length, size)
            flat[done_flat:n_flat] = self.flat[done_flat:]
            start[done_chunks:n_chunks] = self.start[done_chunks:]
            length[done_chunks:n_chunks] = self.length[done_chunks:]
            self._np, self._synced = (flat, start, length), (n_flat, n_chunks)
        return flat[:n_flat], start[:n_chunks], length[:n_chunks]

    def token_ids(self, sentences: list[str]) -> np.ndarray:
        """Ids of the tokens (punctuation included) of ``sentences``, ``sep`` between two."""
        glue = " " + _SEP_CHUNK + " "
        joined = glue.join(sentences)
        if joined.count(_SEP_CHUNK) != len(sentences) - 1:  # a sentence holds the separator:
            # a space instead splits the same tokens (the separator is no token character)
            joined = glue.join(s.replace(_SEP_CHUNK, " ") for s in sentences)
        # chunks are memoised as written (lower-casing one chunk at a time gives the same tokens:
        # str.lower maps characters one by one and never makes or removes whitespace)
        chunks = joined.split()
        try:
            found = itemgetter(*chunks)(self.chunks) if len(chunks) > 1 else (
                [self.chunks[c] for c in chunks])
        except KeyError:
            for c in chunks:
                if c not in self.chunks:
                    self.add(c)
            found = [self.chunks[c] for c in chunks]
        cids = np.fromiter(found, dtype=np.int64, count=len(chunks))
        flat, start, length = self.arrays()
        lens = length[cids]
        ends = np.cumsum(lens)
        # ragged gather: the tokens of chunk k are flat[start[k] : start[k] + lens[k]]
        index = np.arange(ends[-1] if len(ends) else 0) + np.repeat(start[cids] - ends + lens, lens)
        return flat[index]


# --- model ----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class NewsTone:
    """A fitted news-tone model.

    ``raw = norm * (Σ word and embedding weights + Σ bigram weights) + dense @ dense_coef +
    intercept`` with ``norm = 1 / sqrt(2n - 1)`` for a sentence of ``n`` tokens. Weights of the
    word ``words[i]`` sit at ``i`` and of its ``NEG_`` form at ``len(words) + i``; a bigram is a
    pair of such indices.
    """

    words: tuple[str, ...]
    word_weight: np.ndarray  # float32 (2T,): n-gram weight of each word | NEG_ word
    embedding_weight: np.ndarray  # float32 (2T,): vector(word) · embedding coefficients
    bigram_first: np.ndarray  # int32 (B,)
    bigram_second: np.ndarray  # int32 (B,)
    bigram_weight: np.ndarray  # float32 (B,)
    dense_coef: np.ndarray  # float32 (len(DENSE_FEATURES),)
    intercept: float
    settings: dict[str, Any] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    # the .npz it was loaded from (its training-text fingerprints sit beside it); None if built
    source: Path | None = field(default=None, repr=False, compare=False)

    # loading / saving
    @classmethod
    def load(cls, path: str | Path | None = None) -> NewsTone:
        """Load the shipped artifact (or ``path``: the ``.npz``; its ``.json`` sits beside it)."""
        npz = Path(path) if path is not None else DATA_DIR / f"{ARTIFACT_STEM}.npz"
        meta = npz.with_suffix(".json")
        try:
            settings = json.loads(meta.read_text(encoding="utf-8"))
            with np.load(npz, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            words = tuple(bytes(arrays.pop("words")).decode("utf-8").split("\n"))
            model = cls(
                words,
                arrays["word_weight"].astype(np.float32),
                arrays["embedding_weight"].astype(np.float32),
                arrays["bigram_first"].astype(np.int32),
                arrays["bigram_second"].astype(np.int32),
                arrays["bigram_weight"].astype(np.float32),
                arrays["dense_coef"].astype(np.float32),
                float(arrays["intercept"][0]),
                settings,
                source=npz,
            )
        except FileNotFoundError as e:
            raise ModelError(
                f"The news-tone artifact is missing: expected {npz} and {meta}. "
                "Rebuild it with scripts/train_news_tone.py."
            ) from e
        except (KeyError, ValueError, OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ModelError(f"The news-tone artifact {npz} is corrupt: {e!r}") from e
        expected = {"format_version": FORMAT_VERSION, "dense_features": list(DENSE_FEATURES)}
        for key, want in expected.items():
            if settings.get(key) != want:
                raise ModelError(
                    f"The news-tone artifact {meta} has {key}={settings.get(key)!r}; "
                    f"this framing expects {want!r}. Rebuild it with scripts/train_news_tone.py."
                )
        t2 = 2 * len(words)
        if (
            model.word_weight.shape != (t2,)
            or model.embedding_weight.shape != (t2,)
            or model.dense_coef.shape != (len(DENSE_FEATURES),)
            or not (model.bigram_first.shape == model.bigram_second.shape
                    == model.bigram_weight.shape)
            or (model.bigram_first.size and not (
                0 <= min(model.bigram_first.min(), model.bigram_second.min())
                and max(model.bigram_first.max(), model.bigram_second.max()) < t2))
        ):
            raise ModelError(f"The news-tone artifact {npz} has arrays of the wrong shape.")
        return model

    def save(self, path: str | Path) -> None:
        """Write ``path`` (.npz, float32 weights, words as UTF-8) and the settings (.json)."""
        npz = Path(path)
        np.savez_compressed(
            npz,
            words=np.frombuffer("\n".join(self.words).encode("utf-8"), dtype=np.uint8),
            word_weight=self.word_weight.astype(np.float32),
            embedding_weight=self.embedding_weight.astype(np.float32),
            bigram_first=self.bigram_first.astype(np.int32),
            bigram_second=self.bigram_second.astype(np.int32),
            bigram_weight=self.bigram_weight.astype(np.float32),
            dense_coef=self.dense_coef.astype(np.float32),
            intercept=np.array([self.intercept], dtype=np.float64),
        )
        npz.with_suffix(".json").write_text(
            json.dumps(self.settings, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    def warm(self) -> NewsTone:
        """Build the fast path's lookup tables now (~0.1 s) rather than on the first prediction,
        e.g. before forking worker processes that would each build them."""
        _ = self._table
        return self

    @property
    def _table(self) -> _Table:
        table = self._cache.get("table")
        if table is None:
            table = self._cache["table"] = _Table(self)
        return table

    # prediction
    def raw_scores(
        self, sentences: Sequence[str], *, vader: np.ndarray | None = None
    ) -> np.ndarray:
        """Predicted rater mean on the −4..+4 scale (unclipped).

        Equal to ``featurize`` followed by the linear model (a test holds them together), but
        computed from memoised token ids with a few array operations over the whole batch:
        call it with many sentences at once (e.g. a chunk of articles).
        """
        sentences = _check_sentences(sentences, "raw_scores")
        vader = _check_vader(vader, sentences)
        n = len(sentences)
        coef = self.dense_coef.astype(np.float64)
        base = _vader_features(vader) @ coef[:5] + self.intercept
        if not n:
            return base
        table = self._table
        if len(table.chunks) >= CHUNK_MEMO_SIZE:
            table.reset()
        ids = table.token_ids(sentences)
        # negation scopes (tokenize's loop, on arrays): a word is negated when a negator came
        # after the last clause punctuation or sentence break before it
        is_break = table.is_break[ids]
        is_negator = table.is_negator[ids]
        if is_negator.any():
            at = np.arange(len(ids))
            last_negator = np.maximum.accumulate(np.where(is_negator, at, -1))
            last_break = np.maximum.accumulate(np.where(is_break, at, -1))
            ids = ids + np.where((last_negator > last_break) & ~is_negator, table.offset, 0)
        owner = np.cumsum(ids == table.sep)  # sentence of each token
        word = ~is_break
        ids, owner = ids[word], owner[word]
        count = np.bincount(owner, minlength=n)
        norm = np.where(count > 0, 1.0 / np.sqrt(np.maximum(2.0 * count - 1.0, 1.0)), 0.0)
        scaled = np.bincount(owner, weights=table.scaled[ids], minlength=n)
        summed = np.bincount(owner, weights=table.summed[ids], minlength=n)
        # bigrams: consecutive words of one sentence, looked up in the sorted bigram keys
        same = np.flatnonzero(owner[1:] == owner[:-1])
        keys = ids[same] * (2 * table.offset) + ids[same + 1]
        scaled += np.bincount(owner[same], weights=table.bigram_weights(keys), minlength=n)
        return base + scaled * norm + summed + coef[8] / 3 * np.log1p(count)

    def predict(self, sentences: Sequence[str], *, vader: np.ndarray | None = None) -> np.ndarray:
        """News tone per sentence, float64 in −1..1: ``clip(raw / 4, -1, 1)``.

        ``vader``: optional precomputed ``(n, 4)`` rows of VADER compound, pos, neg, neu.
        """
        raw = self.raw_scores(sentences, vader=vader)
        return np.clip(raw / OUTPUT_SCALE, -1.0, 1.0)

    def explain(self, sentence: str, *, top: int | None = None) -> list[tuple[str, float]]:
        """What pushed one sentence's tone up or down, on the −1..1 output scale.

        Returns ``(term, contribution)`` pairs sorted by absolute size: the dense features by
        name (``vader:compound``, ...), n-grams seen in training as ``word:<w>`` /
        ``bigram:<a b>``, each word's embedding share as ``embedding:<w>``, and ``intercept``.
        Unclipped, they sum to ``raw / 4``; ``predict`` is that sum clipped to −1..1. ``top``
        keeps the largest ``top`` terms.
        """
        if not isinstance(sentence, str):
            raise ParameterError(
                f"explain expects one str sentence. Got {type(sentence).__name__}."
            )
        toks = tokenize(sentence)
        dense = np.empty(len(DENSE_FEATURES))
        dense[:5] = _vader_features(vader_scores([sentence]))[0]
        dense[5:] = _lexicon_features(toks)
        terms: list[tuple[str, float]] = [("intercept", self.intercept / OUTPUT_SCALE)]
        for name, x, w in zip(DENSE_FEATURES, dense, self.dense_coef):
            terms.append((name, float(x) * float(w) / OUTPUT_SCALE))
        scale = _norm(len(toks)) / OUTPUT_SCALE
        index = self._word_index()
        t = len(self.words)

        def ident(tok: str) -> int | None:
            if tok.startswith(_NEG_PREFIX):
                i = index.get(tok[4:])
                return None if i is None else i + t
            return index.get(tok)

        counts: dict[str, int] = {}
        for g in _ngrams(toks):
            counts[g] = counts.get(g, 0) + 1
        bigrams = self._bigram_index()
        for g, c in counts.items():
            if " " in g:
                a, b = (ident(x) for x in g.split(" "))
                w = bigrams.get((a, b)) if a is not None and b is not None else None
                if w is not None:
                    terms.append(("bigram:" + g, c * w * scale))
                continue
            i = ident(g)
            if i is None:
                continue
            if self.word_weight[i]:
                terms.append(("word:" + g, c * float(self.word_weight[i]) * scale))
            if self.embedding_weight[i]:
                terms.append(("embedding:" + g, c * float(self.embedding_weight[i]) * scale))
        terms.sort(key=lambda x: -abs(x[1]))
        return terms if top is None else terms[:top]

    def _word_index(self) -> dict[str, int]:
        index = self._cache.get("word_index")
        if index is None:
            index = self._cache["word_index"] = {w: i for i, w in enumerate(self.words)}
        return index

    def _bigram_index(self) -> dict[tuple[int, int], float]:
        index = self._cache.get("bigram_index")
        if index is None:
            index = self._cache["bigram_index"] = dict(
                zip(
                    zip(self.bigram_first.tolist(), self.bigram_second.tolist()),
                    self.bigram_weight.astype(np.float64).tolist(),
                )
            )
        return index


def fit(
    sentences: Sequence[str],
    y: np.ndarray,
    *,
    alpha: float,
    sample_weight: np.ndarray | None = None,
    vader: np.ndarray | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
    settings: dict[str, Any] | None = None,
) -> NewsTone:
    """Fit the ridge on ``sentences`` and rater means ``y`` (−4..+4). Deterministic.

    ``embeddings``: word vectors (e.g. GloVe) for the embedding block; only the per-word
    products with the fitted coefficients are kept in the model.
    """
    feats = featurize(sentences, vader=vader, embeddings=embeddings)
    return fit_features(
        feats, y, alpha=alpha, sample_weight=sample_weight, embeddings=embeddings,
        settings=settings,
    )


def design_matrix(feats: Features) -> sp.csr_matrix:
    """``[ngrams | dense | embedded]``: the columns of :func:`ridge`'s coefficients."""
    import scipy.sparse as sp

    blocks = [feats.ngrams, sp.csr_matrix(feats.dense)]
    if feats.embedded is not None:
        blocks.append(sp.csr_matrix(feats.embedded))
    return sp.hstack(blocks, format="csr")


def ridge(
    X: sp.csr_matrix, y: np.ndarray, *, alpha: float, sample_weight: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Ridge coefficients (float64) and intercept of ``y`` on the design matrix ``X``."""
    if not alpha > 0:
        raise ParameterError(f"The 'alpha' parameter of fit must be a positive float. Got {alpha}.")
    from sklearn.linear_model import Ridge

    model = Ridge(alpha=alpha, solver="sparse_cg", tol=RIDGE_TOL, max_iter=10_000)
    model.fit(X, np.asarray(y, dtype=np.float64), sample_weight=sample_weight)
    return model.coef_, float(model.intercept_)


def fit_features(
    feats: Features,
    y: np.ndarray,
    *,
    alpha: float,
    sample_weight: np.ndarray | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
    settings: dict[str, Any] | None = None,
) -> NewsTone:
    """:func:`fit` on features already computed by :func:`featurize`."""
    coef, intercept = ridge(design_matrix(feats), y, alpha=alpha, sample_weight=sample_weight)
    return from_coefficients(coef, intercept, feats.vocabulary, embeddings, settings)


def from_coefficients(
    coef: np.ndarray,
    intercept: float,
    vocabulary: Mapping[str, int],
    embeddings: Mapping[str, np.ndarray] | None = None,
    settings: dict[str, Any] | None = None,
) -> NewsTone:
    """The model of ridge coefficients over ``[ngrams | dense | embedded]``.

    The word table holds every word of a non-zero n-gram, every embedding word and every
    VADER-lexicon word that ``tokenize`` can produce; n-grams with a zero weight are dropped.
    """
    nv = len(vocabulary)
    ngram_coef, dense_coef = coef[:nv], coef[nv : nv + len(DENSE_FEATURES)]
    emb_coef = coef[nv + len(DENSE_FEATURES) :]

    def base(tok: str) -> str:
        return tok[4:] if tok.startswith(_NEG_PREFIX) else tok

    kept = [(g, float(ngram_coef[j])) for g, j in vocabulary.items() if ngram_coef[j] != 0]
    words = sorted(
        {base(t) for g, _ in kept for t in g.split(" ")}
        | set(embeddings or ())
        | {w for w in _lexicon() if _TOKEN_RE.fullmatch(w)}
    )
    index = {w: i for i, w in enumerate(words)}
    t = len(words)

    def ident(tok: str) -> int:
        return index[tok[4:]] + t if tok.startswith(_NEG_PREFIX) else index[tok]

    word_weight = np.zeros(2 * t, dtype=np.float32)
    first: list[int] = []
    second: list[int] = []
    bigram_weight: list[float] = []
    for g, w in kept:
        if " " in g:
            a, b = g.split(" ")
            first.append(ident(a))
            second.append(ident(b))
            bigram_weight.append(w)
        else:
            word_weight[ident(g)] = w
    embedding_weight = np.zeros(2 * t, dtype=np.float32)
    if embeddings:
        dim = len(emb_coef) // 2
        for w, vec in embeddings.items():
            i = index[w]
            embedding_weight[i] = float(vec @ emb_coef[:dim])
            embedding_weight[i + t] = float(vec @ emb_coef[dim:])
    return NewsTone(
        tuple(words),
        word_weight,
        embedding_weight,
        np.array(first, dtype=np.int32),
        np.array(second, dtype=np.int32),
        np.array(bigram_weight, dtype=np.float32),
        dense_coef.astype(np.float32),
        intercept,
        dict(settings or {}),
    )
