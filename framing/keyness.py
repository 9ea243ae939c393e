"""Distinctive terms per group: which words and phrases one outlet uses more than the rest.

For every term (1- to 3-word n-grams by default) and every group, the group's counts are set
against the counts of all other groups together, and three statistics are reported:

* ``log_odds`` (delta), ``variance`` and ``z``: the log-odds ratio with an informative Dirichlet
  prior of Monroe, Colaresi & Quinn (2008), "Fightin' Words", Political Analysis 16(4), eqs. 16-22;
* ``chi2`` (Pearson, no Yates correction) and ``g2`` (log-likelihood, Dunning 1993; Rayson &
  Garside 2000) on the 2x2 table [term, other terms] x [group, rest], with ``p_g2`` (1 df).

Terms are counted with scikit-learn's ``CountVectorizer`` and our own analyzer, not with nltk's
``BigramCollocationFinder``: keyness needs the count of *every* n-gram in every document (a sparse
document-term matrix summed per group), while collocation finders score how strongly words stick
together (PMI, likelihood ratio of co-occurrence), which is a different question.

Stopwords: scikit-learn's built-in English list (``ENGLISH_STOP_WORDS``, 318 words, no download).
They are dropped *after* n-grams are formed, and an n-gram is dropped when it begins or ends
with a stopword, so "cost of training" stays a trigram while "of the" and "the cost" go; removing
stopwords first would invent n-grams that never occur ("cost training"). Tokens are runs of
letters/digits (with inner hyphens or apostrophes), lowercased; pure numbers are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from scipy import stats as _sstats
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from framing.compare import _check_by, _check_int, _check_option, _check_table
from framing.errors import ParameterError

__all__ = ["keyness", "log_likelihood_2x2"]

# --- tuned constants ---------------------------------------------------------------------------
# prior="corpus": alpha_w = CORPUS_PRIOR_SCALE * (count of w in the whole corpus), the informative
# prior of Monroe et al. (2008, sec. 3.5.2), as used in their "Fightin' Words" replication code
# (prior counts = background counts). Larger values shrink rare terms harder toward zero.
CORPUS_PRIOR_SCALE = 1.0
# prior="uniform": every alpha_w equals this (Monroe et al.'s uninformative Dirichlet, their 0.01).
UNIFORM_PRIOR = 0.01

Prior = Literal["corpus", "uniform"]
StopWords = Literal["english", "none"]

_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


def _analyzer(ngram_range: tuple[int, int], stop: frozenset[str]):
    lo, hi = ngram_range

    def analyze(text: str) -> list[str]:
        toks = _TOKEN.findall(text.translate(_APOSTROPHES).lower())
        out = []
        for n in range(lo, hi + 1):
            for i in range(len(toks) - n + 1):
                gram = toks[i:i + n]
                if gram[0] in stop or gram[-1] in stop:
                    continue
                if any(not any(ch.isalpha() for ch in t) for t in gram):
                    continue
                out.append(" ".join(gram))
        return out

    return analyze


def log_likelihood_2x2(a: np.ndarray, b: np.ndarray, c: np.ndarray,
                       d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pearson chi2 (no continuity correction) and G2 of the 2x2 tables [[a, b], [c, d]]."""
    obs = np.stack([a, b, c, d]).astype(float)
    n = obs.sum(0)
    rows = np.stack([a + b, a + b, c + d, c + d]).astype(float)
    cols = np.stack([a + c, b + d, a + c, b + d]).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        exp = rows * cols / n
        chi2 = np.where(exp > 0, (obs - exp) ** 2 / np.where(exp > 0, exp, 1), 0).sum(0)
        g2 = 2 * np.where(obs > 0, obs * np.log(np.where(obs > 0, obs, 1) / exp), 0).sum(0)
    return chi2, g2


def keyness(
    articles: pd.DataFrame,
    *,
    by: str = "outlet",
    ngram_range: tuple[int, int] = (1, 3),
    prior: Prior = "corpus",
    min_count: int = 2,
    stop_words: StopWords | Iterable[str] = "english",
) -> pd.DataFrame:
    """Distinctive terms of each group versus the rest, one row per (group, term).

    Columns: ``by, group, term, n_gram, count_group, count_rest, total_group, total_rest,
    per_1k_group, per_1k_rest, log_odds, variance, z, chi2, g2, p_g2``, sorted by group and
    descending ``z`` (positive ``z``/``log_odds``: over-used by the group). ``total_*`` is the
    number of counted n-gram tokens in the group/rest; ``min_count`` filters terms by their
    count in the whole corpus (the totals still include them).
    """
    func = "keyness"
    _check_table(articles, ["doc_id", "text"], "articles", func)
    by = _check_by(articles, by, func)
    _check_option(prior, Prior, "prior", func)
    min_count = _check_int(min_count, "min_count", func, minimum=1)
    if (not isinstance(ngram_range, tuple) or len(ngram_range) != 2
            or not all(isinstance(v, int) for v in ngram_range)
            or not 1 <= ngram_range[0] <= ngram_range[1]):
        raise ParameterError(f"The 'ngram_range' parameter of {func} must be a tuple (lo, hi) of "
                             f"ints with 1 <= lo <= hi. Got {ngram_range!r}.")
    if isinstance(stop_words, str):
        _check_option(stop_words, StopWords, "stop_words", func)
        stop = frozenset(ENGLISH_STOP_WORDS) if stop_words == "english" else frozenset()
    else:
        stop = frozenset(w.lower() for w in stop_words)

    groups = articles[by].fillna("").astype(str).to_numpy()
    names = sorted(set(groups))
    columns = ["by", "group", "term", "n_gram", "count_group", "count_rest", "total_group",
               "total_rest", "per_1k_group", "per_1k_rest", "log_odds", "variance", "z", "chi2",
               "g2", "p_g2"]
    if len(names) < 2:
        raise ParameterError(f"keyness compares groups: the '{by}' column must hold at least 2 "
                             f"distinct values. Got {names}.")
    vec = CountVectorizer(analyzer=_analyzer(ngram_range, stop))
    try:
        dtm = vec.fit_transform(articles["text"].fillna("").astype(str))
    except ValueError:  # empty vocabulary
        return pd.DataFrame(columns=columns)
    terms = vec.get_feature_names_out()
    onehot = sparse.csr_matrix((np.ones(len(groups)), ([names.index(g) for g in groups],
                                                      np.arange(len(groups)))),
                               shape=(len(names), len(groups)))
    counts = np.asarray((onehot @ dtm).todense(), dtype=float)  # groups x terms
    corpus = counts.sum(0)
    alpha = CORPUS_PRIOR_SCALE * corpus if prior == "corpus" else np.full(corpus.shape,
                                                                           UNIFORM_PRIOR)
    a0 = alpha.sum()
    keep = corpus >= min_count
    n_gram = np.array([t.count(" ") + 1 for t in terms])
    frames = []
    for gi, group in enumerate(names):
        yi = counts[gi]
        yj = corpus - yi
        ni, nj = yi.sum(), yj.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = (np.log((yi + alpha) / (ni + a0 - yi - alpha))
                     - np.log((yj + alpha) / (nj + a0 - yj - alpha)))
            var = 1 / (yi + alpha) + 1 / (yj + alpha)
        chi2, g2 = log_likelihood_2x2(yi, ni - yi, yj, nj - yj)
        part = pd.DataFrame({
            "by": by, "group": group, "term": terms, "n_gram": n_gram,
            "count_group": yi.astype(int), "count_rest": yj.astype(int),
            "total_group": int(ni), "total_rest": int(nj),
            "per_1k_group": yi / ni * 1000 if ni else np.nan,
            "per_1k_rest": yj / nj * 1000 if nj else np.nan,
            "log_odds": delta, "variance": var, "z": delta / np.sqrt(var),
            "chi2": chi2, "g2": g2, "p_g2": _sstats.chi2.sf(g2, 1),
        })[keep]
        frames.append(part.sort_values(["z", "term"], ascending=[False, True], kind="stable"))
    return pd.concat(frames, ignore_index=True)[columns]
