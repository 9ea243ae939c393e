"""A sentence classifier per frame, beside the lexicon: it finds frames carried by wording no
lexicon rule lists, and every decision is a sum of named word and bigram weights.

What it is: one logistic regression per category of a frames lexicon (``ai_race``) over the
sentence's words and word pairs, TF-IDF weighted (sublinear term frequency, L2-normalised rows,
as scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)``). A sentence is
flagged for a category when the model's probability exceeds the artifact's threshold. Its
decision value is ``intercept + Σ weight(term) · value(term)`` over the sentence's terms, so
:meth:`FrameModel.explain` lists exactly which words moved it and by how much.

Why beside the lexicon: on sentences by writers it never saw, the lexicon misses frames carried
by implication or unusual wording (recall ~0.66–0.70). Trained on the labelled sentences of
earlier writers plus frame-free negatives (sentences about the story that carry no frame, and
news on other topics), this model flags many of them, and the union of the two scores higher
than either on each new writer (``docs/lexicons.md``, "Sentence model"; on the one sample of
real articles, the seeds, the union scores about as the lexicon alone). It is trained only on
the labelled sentences of this repository; it does not know events or names it never saw, so
the lexicon stays the primary, rule-by-rule record.

The artifact is ``framing/data/<lexicon>_model.npz`` (terms, idf, coefficients; no pickles) plus
``<lexicon>_model.json`` (categories, threshold, training record, measured figures), written by
``scripts/train_frame_model.py``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from framing.errors import ModelError, ParameterError
from framing.text import ASCII_WORD_BYTES

if TYPE_CHECKING:
    import scipy.sparse as sp

    from framing.lexicon import Lexicon

__all__ = ["FORMAT_VERSION", "FrameModel", "available_models", "frame_model", "model_for",
           "terms_of"]

FORMAT_VERSION = 1
DATA_DIR = Path(__file__).parent / "data"
# scikit-learn's default token pattern: runs of two or more word characters, after lower-casing
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
# the same tokens for findall (a run of 2+ word characters is matched whole from its start), faster
_FAST_TOKEN = re.compile(r"\w\w+")
_BREAK = "qqframingsentencebreakqq"  # joins a batch's sentences (never a term: checked on load)
# For text whose only word characters are ASCII (almost all news: curly quotes and dashes are not
# word characters), the same tokens come from bytes: every byte but an ASCII letter, digit or
# '_' becomes a space (framing.text.ASCII_WORD_BYTES), then split; 1.4x faster than the regex,
# and the lookup takes bytes keys.


def terms_of(sentence: str) -> list[str]:
    """The sentence's terms in order: its tokens, then each adjacent pair joined by a space
    (scikit-learn's word analyzer with ``ngram_range=(1, 2)``)."""
    tokens = _TOKEN.findall(sentence.lower())
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


@dataclass(frozen=True)
class FrameModel:
    """One linear classifier per category over TF-IDF word and bigram features."""

    lexicon: str
    categories: tuple[str, ...]
    terms: tuple[str, ...]
    idf: np.ndarray  # (n_terms,)
    coef: np.ndarray  # (n_categories, n_terms)
    intercept: np.ndarray  # (n_categories,)
    threshold: float
    settings: dict[str, Any] = field(default_factory=dict, repr=False)
    _index: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _get_with_break: Any = field(default=None, repr=False, compare=False)
    _get_bytes_with_break: Any = field(default=None, repr=False, compare=False)
    # the .npz it was loaded from (its training-text fingerprints sit beside it); None if built
    source: Path | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        n_cat, n_terms = len(self.categories), len(self.terms)
        if (self.idf.shape != (n_terms,) or self.coef.shape != (n_cat, n_terms)
                or self.intercept.shape != (n_cat,)):
            raise ModelError(
                f"The frame model for '{self.lexicon}' has arrays of the wrong shape: expected "
                f"idf ({n_terms},), coef ({n_cat}, {n_terms}), intercept ({n_cat},); got "
                f"{self.idf.shape}, {self.coef.shape}, {self.intercept.shape}.")
        if not 0.0 < self.threshold < 1.0:
            raise ModelError(f"The frame model for '{self.lexicon}' has threshold "
                             f"{self.threshold!r}; expected a probability between 0 and 1.")
        self._index.update((t, i) for i, t in enumerate(self.terms))
        if _BREAK in self._index:
            raise ModelError(f"The frame model for '{self.lexicon}' has the reserved term "
                             f"{_BREAK!r}.")
        object.__setattr__(self, "_get_with_break", {**self._index, _BREAK: -2}.get)
        object.__setattr__(self, "_get_bytes_with_break", {
            **{t.encode("ascii"): i for t, i in self._index.items() if t.isascii()},
            _BREAK.encode("ascii"): -2}.get)
        # word pairs by the integer key first_word_id * n_terms + second_word_id, sorted
        pairs = [(self._index.get(a, -1), self._index.get(b, -1), j)
                 for j, t in enumerate(self.terms) if t.count(" ") == 1
                 for a, b in (t.split(" "),)]
        if any(a < 0 or b < 0 for a, b, _ in pairs):
            raise ModelError(f"The frame model for '{self.lexicon}' has a word pair whose words "
                             "are not terms; rebuild it with scripts/train_frame_model.py.")
        keys = np.array([a * n_terms + b for a, b, _ in pairs], dtype=np.int64)
        order = np.argsort(keys)
        object.__setattr__(self, "_pair_keys", keys[order])
        object.__setattr__(self, "_pair_terms",
                           np.array([j for _, _, j in pairs], dtype=np.int64)[order])

    # -- loading ----------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path) -> FrameModel:
        """Load an artifact: ``path`` is the ``.npz``; its ``.json`` sits beside it."""
        npz = Path(path)
        meta = npz.with_suffix(".json")
        try:
            settings = json.loads(meta.read_text(encoding="utf-8"))
            with np.load(npz, allow_pickle=False) as z:
                terms = tuple(bytes(z["terms"]).decode("utf-8").split("\n"))
                idf, coef, intercept = (z[k].astype(np.float64) for k in ("idf", "coef",
                                                                            "intercept"))
        except FileNotFoundError as e:
            raise ModelError(f"The frame model is missing: expected {npz} and {meta}. "
                             "Rebuild it with scripts/train_frame_model.py.") from e
        except (KeyError, ValueError, OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ModelError(f"The frame model {npz} is corrupt: {e!r}") from e
        if settings.get("format_version") != FORMAT_VERSION:
            raise ModelError(
                f"The frame model {meta} has format_version={settings.get('format_version')!r}; "
                f"this framing expects {FORMAT_VERSION}. Rebuild it with "
                "scripts/train_frame_model.py.")
        try:
            return cls(str(settings["lexicon"]), tuple(settings["categories"]), terms, idf, coef,
                       intercept, float(settings["threshold"]), settings, source=npz)
        except (KeyError, TypeError) as e:
            raise ModelError(f"The frame model {meta} lacks a setting: {e!r}") from e

    @classmethod
    def from_sklearn(cls, lexicon: str, categories: Sequence[str], vectorizer: Any,
                     estimators: Sequence[Any], threshold: float,
                     settings: dict[str, Any] | None = None) -> FrameModel:
        """A model from a fitted ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)``
        and one fitted binary linear classifier per category (``coef_``, ``intercept_``)."""
        expected = {"ngram_range": (1, 2), "sublinear_tf": True, "lowercase": True,
                    "analyzer": "word", "norm": "l2", "use_idf": True, "binary": False,
                    "token_pattern": _TOKEN.pattern, "stop_words": None, "strip_accents": None,
                    "preprocessor": None, "tokenizer": None}
        got = {k: getattr(vectorizer, k, None) for k in expected}
        if got != expected:
            bad = {k: v for k, v in got.items() if v != expected[k]}
            raise ParameterError(f"FrameModel.from_sklearn expects a TfidfVectorizer with "
                                 f"{expected}. Got {bad}.")
        if len(estimators) != len(categories):
            raise ParameterError(f"FrameModel.from_sklearn expects one classifier per category "
                                 f"({len(categories)}). Got {len(estimators)}.")
        vocabulary = vectorizer.vocabulary_
        terms = tuple(sorted(vocabulary, key=vocabulary.__getitem__))
        coef = np.vstack([np.asarray(e.coef_, dtype=np.float64).reshape(-1) for e in estimators])
        intercept = np.array([float(np.ravel(e.intercept_)[0]) for e in estimators])
        return cls(lexicon, tuple(categories), terms, np.asarray(vectorizer.idf_, np.float64),
                   coef, intercept, threshold, dict(settings or {}))

    def save(self, path: str | Path) -> None:
        """Write the ``.npz`` at ``path`` and the ``.json`` beside it."""
        npz = Path(path)
        np.savez_compressed(
            npz, terms=np.frombuffer("\n".join(self.terms).encode("utf-8"), dtype=np.uint8),
            idf=self.idf.astype(np.float32), coef=self.coef.astype(np.float32),
            intercept=self.intercept)
        settings = {**self.settings, "format_version": FORMAT_VERSION, "lexicon": self.lexicon,
                    "categories": list(self.categories), "threshold": self.threshold}
        npz.with_suffix(".json").write_text(json.dumps(settings, indent=1) + "\n",
                                            encoding="utf-8")

    # -- scoring ----------------------------------------------------------------------------
    def matrix(self, sentences: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF rows of ``sentences`` (sublinear tf, L2-normalised), ``(n, n_terms)``."""
        import scipy.sparse as sp

        if isinstance(sentences, str) or not all(isinstance(s, str) for s in sentences):
            raise ParameterError("FrameModel expects a sequence of sentence strings. Got "
                                 f"{type(sentences).__name__}.")
        # one tokenisation for the batch: sentences joined by a break word that is no term (its
        # id is -2), so a token's sentence is the number of breaks before it and no pair crosses
        # two sentences; tokens never span the spaces around it
        ids = self._token_ids(f" {_BREAK} ".join(sentences).lower())
        row = np.cumsum(ids == -2)
        # a pair is a term only if both of its words are (a pair occurs in no more training
        # sentences than either word): pairs of known words in one sentence, by integer key
        at = np.flatnonzero((ids[:-1] >= 0) & (ids[1:] >= 0))
        keys = ids[at] * len(self.terms) + ids[at + 1]
        slot = np.minimum(np.searchsorted(self._pair_keys, keys), len(self._pair_keys) - 1)
        hit = self._pair_keys[slot] == keys if len(self._pair_keys) else np.zeros(len(keys), bool)
        known = ids >= 0
        cols = np.concatenate([ids[known], self._pair_terms[slot[hit]]])
        rows = np.concatenate([row[known], row[at[hit]]])
        x = sp.csr_matrix((np.ones(len(cols)), (rows, cols)),
                          shape=(len(sentences), len(self.terms)))
        x.sum_duplicates()  # counts
        x.data = (1.0 + np.log(x.data)) * self.idf[x.indices]
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0.0] = 1.0
        return sp.csr_matrix(x.multiply(1.0 / norms[:, None]))

    def _token_ids(self, text: str) -> np.ndarray:
        """Term ids of the tokens of lower-cased ``text`` in order (-1: not a term, -2: a break)."""
        encoded = text.encode("ascii", "replace")  # b"?" for each non-ASCII character
        if text.isascii() or not _non_ascii_word_char(text, encoded):
            get = self._get_bytes_with_break
            tokens = [t for t in encoded.translate(ASCII_WORD_BYTES).split() if len(t) > 1]
        else:
            get = self._get_with_break
            tokens = _FAST_TOKEN.findall(text)
        return np.fromiter(map(get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))

    def decision(self, sentences: Sequence[str]) -> np.ndarray:
        """Decision values, shape ``(len(sentences), n_categories)``: log-odds of each frame."""
        return np.asarray(self.matrix(sentences) @ self.coef.T) + self.intercept

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """Probability of each frame per sentence, shape ``(len(sentences), n_categories)``."""
        return 1.0 / (1.0 + np.exp(-self.decision(sentences)))

    @property
    def cut(self) -> float:
        """The decision value (log-odds) of the threshold probability."""
        return math.log(self.threshold / (1.0 - self.threshold))

    def flags(self, sentences: Sequence[str]) -> np.ndarray:
        """Boolean ``(len(sentences), n_categories)``: probability above the threshold."""
        return self.decision(sentences) > self.cut

    def flagged(self, sentences: Sequence[str], top: int = 3
                ) -> list[tuple[int, str, tuple[str, ...]]]:
        """``(sentence number, category, terms)`` for each flagged sentence and category, in
        order, where ``terms`` are the ``top`` terms that added most to the decision (what
        :meth:`explain` lists first): the batch form of :meth:`flags` + :meth:`explain`."""
        x = self.matrix(sentences)
        decision = np.asarray(x @ self.coef.T) + self.intercept
        out = []
        terms = self.terms
        for k, c in zip(*np.nonzero(decision > self.cut)):
            lo, hi = x.indptr[k], x.indptr[k + 1]
            cols = x.indices[lo:hi]
            parts = x.data[lo:hi] * self.coef[c, cols]
            best = cols[np.lexsort((cols, -parts))[:top]]
            out.append((int(k), self.categories[c], tuple(terms[j] for j in best)))
        return out

    def explain(self, sentence: str, category: str, top: int | None = None
                ) -> list[tuple[str, float]]:
        """The terms of ``sentence`` and what each adds to ``category``'s decision value,
        largest first (ties in term order); with the intercept they sum to :meth:`decision`
        exactly."""
        if category not in self.categories:
            raise ParameterError(f"The frame model for '{self.lexicon}' has no category "
                                 f"'{category}'. Expected one of: {', '.join(self.categories)}.")
        c = self.categories.index(category)
        row = self.matrix([sentence])
        ranked = sorted((-float(v * self.coef[c, j]), j) for j, v in zip(row.indices, row.data))
        parts = [(self.terms[j], -negative) for negative, j in ranked]
        return parts if top is None else parts[:top]


def _non_ascii_word_char(text: str, encoded: bytes) -> bool:
    """Whether ``text`` has a non-ASCII word character (``encoded``: its ASCII "replace" form)."""
    i = encoded.find(b"?")
    while i != -1:
        ch = text[i]
        if ch >= "\x80" and ch.isalnum():
            return True
        i = encoded.find(b"?", i + 1)
    return False


def available_models() -> dict[str, Path]:
    """Shipped frame models by lexicon name."""
    return {p.name[: -len("_model.npz")]: p for p in sorted(DATA_DIR.glob("*_model.npz"))}


@lru_cache(maxsize=8)
def frame_model(lexicon: str) -> FrameModel | None:
    """The shipped frame model of a lexicon, or None when it has none (loaded once a process)."""
    path = available_models().get(lexicon)
    return None if path is None else FrameModel.load(path)


def model_for(lexicon: Lexicon) -> FrameModel | None:
    """The shipped sentence model that goes with a frames lexicon, or None.

    A model goes with the lexicon of its name whose categories are its own, in order: an edited
    copy that keeps the categories keeps the model; one that adds, drops or renames a category
    is measured and scored by its patterns alone. ``framing score`` and ``framing evaluate``
    both decide by this rule.
    """
    if lexicon.kind != "frames":
        return None
    found = frame_model(lexicon.name)
    if found is None or list(found.categories) != [c.id for c in lexicon.categories]:
        return None
    return found
