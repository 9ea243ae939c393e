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

Tokens and n-grams (``_tokenize``):

* Words are ``framing.text.word_spans``, lowercased: dotted acronyms stay one term ("U.S." ->
  ``u.s.``, "U.K." -> ``u.k.``), hyphenated words stay whole (``ai-related``, ``u.s.-designed``),
  and possessives and contractions keep their clitic (``china's``). Curly apostrophes and Unicode
  hyphens are unified first, so "China’s" and "China's" are the same term ``china's``.
  Tokens with no letter (numbers, "$6", "13%", dates) never enter a term.
* N-grams never cross a sentence (``framing.text.split_sentences``) nor clause punctuation
  between two words: , ; : ( ) [ ] { } " “ ” « » — – … ! ? / a spaced hyphen, and
  single quotes (except an apostrophe right after a word ending in "s": "States’ export").
* One variant merge, and only one: an all-capitals word is the dotted acronym with the same
  letters when the corpus being compared also writes that acronym with dots ("US" -> ``u.s.``
  when some article writes "U.S."; "AI" stays ``ai`` unless "A.I." occurs). Dots are house
  style, not word choice. Lowercase "us" is the pronoun and stays a stopword. Different words
  for the same thing are *not* merged ("United States" vs "U.S.", "America"): that choice is
  what keyness is meant to show.

Stopwords: scikit-learn's built-in English list (``ENGLISH_STOP_WORDS``, 318 words, no download).
They are dropped *after* n-grams are formed, and an n-gram is dropped when it begins or ends
with a stopword, so "cost of training" stays a trigram while "of the" and "the cost" go; removing
stopwords first would invent n-grams that never occur ("cost training"). A contraction counts as
a stopword when its base word is one ("it's", "we've"), and with the English list every "n't"
form does too ("doesn't").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
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

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-",
                             "\u2011": "-"})
# Characters that end a phrase when they stand between two words (inside a word they are part of
# it: "2,048", "U.S.-made", "and/or" is two words either way).
_CLAUSE_BREAKS = frozenset(',;:()[]{}"\u201c\u201d\u00ab\u00bb\u2014\u2013\u2026!?/-')
_QUOTES = frozenset("'\u2018\u2019\u02bc")
_DOTTED = re.compile(r"(?:[a-z]\.){2,}")
_CLITICS = ("'s", "'re", "'ve", "'ll", "'d", "'m")

# A text as the runs of words (case kept) that an n-gram may span.
Segments = list[list[str]]


def _tokenize(text: str) -> Segments:
    """Word runs of ``text`` between sentence ends and clause punctuation, case kept."""
    from framing.text import split_sentences, word_spans

    runs: Segments = []
    for s0, s1 in split_sentences(text):
        run: list[str] = []
        prev_end = -1
        for a, b in word_spans(text, s0, s1):
            word = text[a:b].translate(_APOSTROPHES)
            if run and _breaks(text[prev_end:a], run[-1]):
                runs.append(run)
                run = []
            run.append(word)
            prev_end = b
        if run:
            runs.append(run)
    return runs


def _breaks(gap: str, before: str) -> bool:
    """True when the text between two words of a sentence ends a phrase."""
    for i, ch in enumerate(gap):
        if ch in _CLAUSE_BREAKS:
            return True
        if ch in _QUOTES and not (i == 0 and before[-1:] in "sS"):
            return True
    return False


def _dotted_acronyms(docs: list[Segments]) -> dict[str, str]:
    """{"US": "u.s."} for every dotted acronym written in ``docs``."""
    found: dict[str, str] = {}
    for doc in docs:
        for run in doc:
            for word in run:
                for part in word.lower().split("-"):
                    m = _DOTTED.match(part)
                    if m:
                        found[m.group().replace(".", "").upper()] = m.group()
    return found


def _normalize(word: str, acronyms: dict[str, str]) -> str:
    """Lowercase ``word``, writing an all-capitals acronym part in its dotted corpus form."""
    if acronyms:
        parts = word.split("-")
        for i, part in enumerate(parts):
            base, sep, rest = part.partition("'")
            if base in acronyms:
                parts[i] = acronyms[base] + sep + rest
        word = "-".join(parts)
    return word.lower()


def _stop_test(stop: frozenset[str], negations: bool) -> Callable[[str], bool]:
    def is_stop(tok: str) -> bool:
        if tok in stop:
            return True
        if negations and tok.endswith("n't"):
            return True
        for clitic in _CLITICS:
            if tok.endswith(clitic) and tok[:-len(clitic)] in stop:
                return True
        return False

    return is_stop


def _analyzer(ngram_range: tuple[int, int], stop: frozenset[str], negations: bool,
              acronyms: dict[str, str]) -> Callable[[Segments], list[str]]:
    lo, hi = ngram_range
    is_stop = _stop_test(stop, negations)

    def analyze(doc: Segments) -> list[str]:
        out = []
        for run in doc:
            toks = [_normalize(w, acronyms) for w in run]
            stops = [is_stop(t) for t in toks]
            has_letter = [any(ch.isalpha() for ch in t) for t in toks]
            for n in range(lo, hi + 1):
                for i in range(len(toks) - n + 1):
                    if stops[i] or stops[i + n - 1] or not all(has_letter[i:i + n]):
                        continue
                    out.append(" ".join(toks[i:i + n]))
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
    negations = False
    if isinstance(stop_words, str):
        _check_option(stop_words, StopWords, "stop_words", func)
        stop = frozenset(ENGLISH_STOP_WORDS) if stop_words == "english" else frozenset()
        negations = stop_words == "english"
    else:
        stop = frozenset(w.lower().translate(_APOSTROPHES) for w in stop_words)

    groups = articles[by].fillna("").astype(str).to_numpy()
    names = sorted(set(groups))
    columns = ["by", "group", "term", "n_gram", "count_group", "count_rest", "total_group",
               "total_rest", "per_1k_group", "per_1k_rest", "log_odds", "variance", "z", "chi2",
               "g2", "p_g2"]
    if len(names) < 2:
        raise ParameterError(f"keyness compares groups: the '{by}' column must hold at least 2 "
                             f"distinct values. Got {names}.")
    docs = [_tokenize(t) for t in articles["text"].fillna("").astype(str)]
    vec = CountVectorizer(analyzer=_analyzer(ngram_range, stop, negations,
                                             _dotted_acronyms(docs)))
    try:
        dtm = vec.fit_transform(docs)
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
