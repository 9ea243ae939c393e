"""Outlets side by side, with honest statistics.

Everything here reads the scores and evidence tables of docs/architecture.md and returns tidy
tables. The statistics, interval and test methods and the small-n rules are described in
docs/statistics.md; in short:

* count metrics (``frame__X__count``, ``stance__X__count``) are **pooled** per group:
  ``sum(counts) / sum(n_words) * 1000`` (``pooled_per_1k``). The mean of per-article rates is a
  different statistic with its own name (``mean_article_per_1k``);
* ``sentiment__compound_mean`` gives ``sentence_mean`` (mean over all of a group's sentences, from
  the evidence sentence rows) and ``article_mean`` (mean of the article means);
* ``frame__X__present`` gives ``present_share`` (share of articles where the frame is present);
* intervals are percentile bootstraps over articles, or, when a group has fewer than
  ``MIN_ARTICLES`` articles, over sentences within articles (``ci_method`` says which);
* differences are tested by permutation (articles shuffled between groups; sentences when either
  side has fewer than ``MIN_ARTICLES`` articles), with Cliff's delta and Hedges' g as effect sizes
  and Benjamini-Hochberg adjusted p-values.
"""

from __future__ import annotations

import itertools
import math
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import pandas as pd
from scipy import stats as _sstats

from framing.errors import InputError, ParameterError

__all__ = [
    "benjamini_hochberg",
    "cliffs_delta",
    "compare",
    "differences",
    "frame_crosstab",
    "frame_profile",
    "hedges_g",
    "target_tone",
]

# --- tuned constants ---------------------------------------------------------------------------
# Fewest articles a group needs before we resample (bootstrap) or shuffle (permutation) articles.
# With n articles an article bootstrap has C(2n-1, n) distinct resamples: 35 for n=4, 126 for n=5,
# so a 95% percentile interval (2.5% tails) needs n >= 5 to rest on more than a handful of values
# (Davison & Hinkley 1997, Bootstrap Methods, sec. 2.3 on the discreteness of small-n bootstraps).
# Below it we resample sentences within articles, which treats sentences as exchangeable and is
# therefore narrower than the truth for clustered text; the output says so (ci_method, test_method).
MIN_ARTICLES = 5
# Groups with at most this many articles are flagged small_n=True (the issue: "one or two").
SMALL_N_MAX = 2
# VADER's sentence thresholds: compound >= 0.05 positive, <= -0.05 negative (Hutto & Gilbert 2014;
# the vaderSentiment README). Used only when the evidence has no sentence label to read.
VADER_POSITIVE = 0.05
VADER_NEGATIVE = -0.05
# Relative tolerance of the permutation p-value comparison, as in scipy.stats.permutation_test
# (100 machine epsilons), so ties created by float rounding count as "as extreme".
_PERM_EPS = np.finfo(float).eps * 100

Statistic = Literal[
    "pooled_per_1k", "mean_article_per_1k", "sentence_mean", "article_mean", "present_share"
]
Contrast = Literal["rest", "pairwise"]
Adjust = Literal["per_contrast", "all"]

_COUNT_COLUMN = re.compile(r"^(frame|stance)__(.+)__count$")
_PRESENT_COLUMN = re.compile(r"^frame__(.+)__present$")
_SENTIMENT_COLUMN = re.compile(r"^sentiment__(.+)$")
_TARGET_COLUMN = re.compile(r"^target__(.+)__(n_sentences|compound_mean)$")


# --- small shared checks (also used by keyness, claims, reuse) ----------------------------------


def _check_table(table: object, columns: Iterable[str], name: str, func: str) -> pd.DataFrame:
    """Raise InputError unless ``table`` is a DataFrame with ``columns``."""
    if not isinstance(table, pd.DataFrame):
        raise InputError(
            f"The '{name}' argument of {func} must be a pandas DataFrame. "
            f"Got {type(table).__name__}."
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(
            f"The '{name}' table given to {func} is missing column(s) {missing}: expected "
            f"{list(columns)}. Got columns {list(table.columns)}."
        )
    return table


def _check_option(value: object, literal: object, param: str, func: str) -> None:
    """Raise ParameterError listing the valid options unless ``value`` is one of them."""
    options = get_args(literal)
    if value not in options:
        raise ParameterError(
            f"The '{param}' parameter of {func} must be one of {list(options)}. Got {value!r}."
        )


def _check_int(value: object, param: str, func: str, *, minimum: int) -> int:
    """Raise ParameterError unless ``value`` is an int >= minimum."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ParameterError(
            f"The '{param}' parameter of {func} must be an int >= {minimum}. Got {value!r}."
        )
    return int(value)


def _check_by(table: pd.DataFrame, by: object, func: str) -> str:
    if not isinstance(by, str) or by not in table.columns:
        candidates = [c for c in table.columns if table[c].dtype == object or
                      pd.api.types.is_string_dtype(table[c])]
        raise ParameterError(
            f"The 'by' parameter of {func} must name a column of the table, one of "
            f"{candidates}. Got {by!r}."
        )
    return by


# --- elementary statistics -----------------------------------------------------------------------


def benjamini_hochberg(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg (1995) adjusted p-values; NaNs are left out of the family and stay NaN."""
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    q = p[ok]
    order = np.argsort(q)
    ranked = q[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    res = np.empty(m)
    res[order] = np.minimum(adjusted, 1.0)
    out[ok] = res
    return out


def cliffs_delta(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Cliff's delta: P(X > Y) - P(X < Y), from the Mann-Whitney U (ties count half)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    if len(x) == 0 or len(y) == 0:
        return float("nan")
    ranks = _sstats.rankdata(np.concatenate([x, y]))
    u_x = ranks[: len(x)].sum() - len(x) * (len(x) + 1) / 2
    return float(2 * u_x / (len(x) * len(y)) - 1)


def hedges_g(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Hedges' g: Cohen's d with the pooled SD (ddof=1) times J = 1 - 3 / (4(n1+n2) - 9)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    n1, n2 = len(x), len(y)
    if n1 < 2 or n2 < 2:
        return float("nan")
    pooled = ((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2)
    if pooled <= 0:
        return float("nan")
    d = (x.mean() - y.mean()) / math.sqrt(pooled)
    return float(d * (1 - 3 / (4 * (n1 + n2) - 9)))


def _wilson(k: float, n: int, level: float) -> tuple[float, float]:
    """Wilson score interval for k successes out of n (Wilson 1927)."""
    if n == 0:
        return float("nan"), float("nan")
    z = _sstats.norm.ppf(0.5 + level / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


# --- statistics as ratios of sums ----------------------------------------------------------------
# Every statistic is either "pooled" (sum(num) / sum(den) * scale over the units) or "mean"
# (the mean over articles of num/den * scale). A unit is an article, or, when resampling
# sentences, a sentence whose num/den are summed back into its article first.


@dataclass(frozen=True)
class _Stat:
    metric: str
    statistic: str
    kind: Literal["pooled", "mean"]
    scale: float
    empty: float  # value of an article with den == 0 under "mean"
    num: np.ndarray  # per article (aligned with the scores rows)
    den: np.ndarray
    s_num: np.ndarray | None  # per sentence (aligned with the sentence table) or None
    s_den: np.ndarray | None


def _ratio(num: np.ndarray, den: np.ndarray, kind: str, scale: float, empty: float) -> np.ndarray:
    """The statistic over the last axis of ``num``/``den``."""
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if kind == "pooled":
            d = den.sum(-1)
            return np.where(d > 0, num.sum(-1) / np.where(d > 0, d, 1), np.nan) * scale
        r = np.where(den > 0, num / np.where(den > 0, den, 1), empty) * scale
        return np.nanmean(r, axis=-1)


def _unit_values(num: np.ndarray, den: np.ndarray, st: _Stat) -> np.ndarray:
    """Per-unit values num/den*scale (what effect sizes compare)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), st.empty if st.kind == "mean"
                        else np.nan) * st.scale


def _masked(num: np.ndarray, den: np.ndarray, mask: np.ndarray, st: _Stat) -> np.ndarray:
    """The statistic over the units selected by each row of the boolean ``mask`` (P, n)."""
    m = mask.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        if st.kind == "pooled":
            d = m @ den
            return np.where(d > 0, (m @ num) / np.where(d > 0, d, 1), np.nan) * st.scale
        r = _unit_values(num, den, st)
        valid = ~np.isnan(r)
        cnt = m @ valid.astype(float)
        return np.where(cnt > 0, (m @ np.where(valid, r, 0.0)) / np.where(cnt > 0, cnt, 1), np.nan)


# --- building the statistics from the tables -----------------------------------------------------


def _sentence_table(evidence: pd.DataFrame, doc_ids: pd.Series) -> pd.DataFrame:
    """One row per scored sentence (evidence rows scorer == 'sentiment'), for the given articles."""
    _check_table(evidence, ["doc_id", "sentence_index", "scorer", "category", "match", "compound"],
                 "evidence", "compare")
    from framing.text import count_words

    rows = evidence[evidence["scorer"].astype(str) == "sentiment"]
    rows = rows.drop_duplicates(["doc_id", "sentence_index"])
    pos = {d: i for i, d in enumerate(doc_ids.astype(str))}
    doc = rows["doc_id"].astype(str).map(pos)
    rows = rows[doc.notna()]
    out = pd.DataFrame(
        {
            "doc_id": rows["doc_id"].astype(str).to_numpy(),
            "sentence_index": rows["sentence_index"].astype(int).to_numpy(),
            "doc_pos": doc[doc.notna()].astype(int).to_numpy(),
            "n_words": [count_words(str(m)) for m in rows["match"]],
            "compound": rows["compound"].astype(float).to_numpy(),
            "label": rows["category"].astype(str).to_numpy(),
        }
    )
    return out.sort_values(["doc_pos", "sentence_index"], kind="stable").reset_index(drop=True)


def _sentence_counts(evidence: pd.DataFrame, sentences: pd.DataFrame, scorer: str,
                     category: str) -> np.ndarray:
    """Number of evidence rows of (scorer, category) in each sentence of ``sentences``."""
    sel = evidence[(evidence["scorer"].astype(str) == scorer)
                   & (evidence["category"].astype(str) == category)]
    counts = sel.groupby([sel["doc_id"].astype(str), sel["sentence_index"].astype(int)]).size()
    key = pd.MultiIndex.from_arrays([sentences["doc_id"], sentences["sentence_index"]])
    return counts.reindex(key, fill_value=0).to_numpy(dtype=float)


def _metric_columns(scores: pd.DataFrame, metrics: Sequence[str] | None, func: str) -> list[str]:
    usable = [c for c in scores.columns
              if (_COUNT_COLUMN.match(c) or _PRESENT_COLUMN.match(c)
                  or (_SENTIMENT_COLUMN.match(c) and pd.api.types.is_numeric_dtype(scores[c])))]
    if metrics is None:
        return usable
    if isinstance(metrics, str):
        metrics = [metrics]
    bad = [m for m in metrics if m not in usable]
    if bad:
        raise ParameterError(
            f"The 'metrics' parameter of {func} must list score columns of the kinds "
            f"'<frame|stance>__X__count', 'frame__X__present', 'sentiment__*', e.g. {usable[:6]}. "
            f"Got {bad}."
        )
    return list(metrics)


def _build_stats(scores: pd.DataFrame, sentences: pd.DataFrame | None,
                 evidence: pd.DataFrame | None, metrics: list[str]) -> list[_Stat]:
    n = len(scores)
    ones = np.ones(n)
    words = scores["n_words"].to_numpy(dtype=float)
    s_words = None if sentences is None else sentences["n_words"].to_numpy(dtype=float)
    s_ones = None if sentences is None else np.ones(len(sentences))
    out: list[_Stat] = []
    for col in metrics:
        if m := _COUNT_COLUMN.match(col):
            num = scores[col].to_numpy(dtype=float)
            s_num = (None if sentences is None
                     else _sentence_counts(evidence, sentences, m.group(1), m.group(2)))
            for stat, kind in (("pooled_per_1k", "pooled"), ("mean_article_per_1k", "mean")):
                out.append(_Stat(col, stat, kind, 1000.0, 0.0, num, words, s_num, s_words))
        elif _PRESENT_COLUMN.match(col):
            present = scores[col].astype(float).to_numpy()
            out.append(_Stat(col, "present_share", "mean", 1.0, np.nan, present, ones, None, None))
        else:
            value = scores[col].to_numpy(dtype=float)
            s_num = None
            if col == "sentiment__compound_mean" and sentences is not None:
                s_num = sentences["compound"].to_numpy(dtype=float)
                doc_sum = np.bincount(sentences["doc_pos"], weights=s_num, minlength=n)
                doc_n = np.bincount(sentences["doc_pos"], minlength=n).astype(float)
                out.append(_Stat(col, "sentence_mean", "pooled", 1.0, np.nan, doc_sum, doc_n,
                                 s_num, s_ones))
            out.append(_Stat(col, "article_mean", "mean", 1.0, np.nan, value, ones,
                             s_num, s_ones if s_num is not None else None))
    return out


def _prepare(scores: pd.DataFrame, evidence: pd.DataFrame | None, by: str,
             metrics: Sequence[str] | None, func: str):
    _check_table(scores, ["doc_id", "n_words", "n_sentences"], "scores", func)
    by = _check_by(scores, by, func)
    scores = scores.reset_index(drop=True)
    cols = _metric_columns(scores, metrics, func)
    sentences = None if evidence is None else _sentence_table(evidence, scores["doc_id"])
    if sentences is not None and sentences.empty:
        sentences = None
    stats = _build_stats(scores, sentences, evidence, cols)
    groups = scores[by].fillna("").astype(str).to_numpy()
    return scores, sentences, stats, groups


def _percentile(boot: np.ndarray, level: float) -> tuple[float, float]:
    boot = boot[~np.isnan(boot)]
    if boot.size == 0:
        return float("nan"), float("nan")
    lo, hi = np.percentile(boot, [50 * (1 - level), 50 * (1 + level)])
    return float(lo), float(hi)


def _boot_articles(st: _Stat, idx: np.ndarray, n_boot: int,
                   rng: np.random.Generator) -> np.ndarray:
    draw = idx[rng.integers(0, len(idx), size=(n_boot, len(idx)))]
    return _ratio(st.num[draw], st.den[draw], st.kind, st.scale, st.empty)


def _boot_sentences(st: _Stat, idx: np.ndarray, doc_pos: np.ndarray, n_boot: int,
                    rng: np.random.Generator) -> np.ndarray:
    """Resample sentences within each article, sum them back per article, then the statistic."""
    num = np.zeros((n_boot, len(idx)))
    den = np.zeros((n_boot, len(idx)))
    for j, art in enumerate(idx):
        sel = np.flatnonzero(doc_pos == art)
        if sel.size == 0:
            continue
        draw = sel[rng.integers(0, sel.size, size=(n_boot, sel.size))]
        num[:, j] = st.s_num[draw].sum(1)
        den[:, j] = st.s_den[draw].sum(1)
    return _ratio(num, den, st.kind, st.scale, st.empty)


def compare(
    scores: pd.DataFrame,
    evidence: pd.DataFrame | None = None,
    *,
    by: str = "outlet",
    metrics: Sequence[str] | None = None,
    n_boot: int = 2000,
    n_perm: int = 5000,
    ci_level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Per-group statistics with percentile-bootstrap intervals, one tidy row per statistic.

    Columns: ``by, group, metric, statistic, value, ci_low, ci_high, ci_method, n_articles,
    n_sentences, n_words, small_n`` and, when ``n_perm > 0``, the group-vs-rest test from
    :func:`differences`: ``diff_vs_rest, p_value, p_adjusted, test_method``.
    ``ci_method`` is ``bootstrap_articles``, ``bootstrap_sentences`` (fewer than ``MIN_ARTICLES``
    articles; sentences resampled within articles), ``wilson_articles`` (``present_share`` of a
    small group) or ``none``.
    """
    func = "compare"
    n_boot = _check_int(n_boot, "n_boot", func, minimum=1)
    n_perm = _check_int(n_perm, "n_perm", func, minimum=0)
    if not (isinstance(ci_level, float) and 0 < ci_level < 1):
        raise ParameterError(f"The 'ci_level' parameter of {func} must be a float in (0, 1). "
                             f"Got {ci_level!r}.")
    scores, sentences, stats, groups = _prepare(scores, evidence, by, metrics, func)
    rng = np.random.default_rng(seed)
    doc_pos = None if sentences is None else sentences["doc_pos"].to_numpy()
    rows = []
    for group in sorted(set(groups)):
        idx = np.flatnonzero(groups == group)
        n_art = len(idx)
        n_sent = int(scores["n_sentences"].to_numpy()[idx].sum())
        n_words = int(scores["n_words"].to_numpy()[idx].sum())
        for st in stats:
            value = float(_ratio(st.num[idx], st.den[idx], st.kind, st.scale, st.empty))
            if n_art >= MIN_ARTICLES:
                method = "bootstrap_articles"
                lo, hi = _percentile(_boot_articles(st, idx, n_boot, rng), ci_level)
            elif st.statistic == "present_share":
                method = "wilson_articles"
                lo, hi = _wilson(float(np.nansum(st.num[idx])), n_art, ci_level)
            elif st.s_num is not None and doc_pos is not None:
                method = "bootstrap_sentences"
                lo, hi = _percentile(_boot_sentences(st, idx, doc_pos, n_boot, rng), ci_level)
            else:
                method, lo, hi = "none", float("nan"), float("nan")
            rows.append({"by": by, "group": group, "metric": st.metric,
                         "statistic": st.statistic, "value": value, "ci_low": lo, "ci_high": hi,
                         "ci_method": method, "n_articles": n_art, "n_sentences": n_sent,
                         "n_words": n_words, "small_n": n_art <= SMALL_N_MAX})
    out = pd.DataFrame(rows, columns=["by", "group", "metric", "statistic", "value", "ci_low",
                                      "ci_high", "ci_method", "n_articles", "n_sentences",
                                      "n_words", "small_n"])
    if n_perm > 0 and len(set(groups)) > 1:
        diff = differences(scores, evidence, by=by, metrics=metrics, contrast="rest",
                           n_perm=n_perm, seed=seed)
        diff = diff.rename(columns={"difference": "diff_vs_rest"})[
            ["group", "metric", "statistic", "diff_vs_rest", "p_value", "p_adjusted",
             "test_method"]]
        out = out.merge(diff, on=["group", "metric", "statistic"], how="left")
    return out


# --- permutation tests --------------------------------------------------------------------------


def _split_masks(n: int, k: int, n_perm: int, rng: np.random.Generator) -> tuple[np.ndarray, bool]:
    """Boolean (P, n) masks of k units labelled 'group'. Exact enumeration when C(n, k) <= n_perm."""
    if math.comb(n, k) <= n_perm:
        masks = np.zeros((math.comb(n, k), n), dtype=bool)
        for row, combo in enumerate(itertools.combinations(range(n), k)):
            masks[row, list(combo)] = True
        return masks, True
    labels = np.zeros(n, dtype=bool)
    labels[:k] = True
    return rng.permuted(np.tile(labels, (n_perm, 1)), axis=1), False


def _perm_p(observed: float, null: np.ndarray, exact: bool) -> float:
    """Two-sided p-value as in scipy.stats.permutation_test: 2 * min(one-sided), capped at 1."""
    null = null[~np.isnan(null)]
    if np.isnan(observed) or null.size == 0:
        return float("nan")
    gamma = abs(_PERM_EPS * observed)
    adj = 0 if exact else 1
    p_less = ((null <= observed + gamma).sum() + adj) / (null.size + adj)
    p_greater = ((null >= observed - gamma).sum() + adj) / (null.size + adj)
    return float(min(1.0, 2 * min(p_less, p_greater)))


def _contrasts(groups: np.ndarray, contrast: str) -> list[tuple[str, str, np.ndarray, np.ndarray]]:
    names = sorted(set(groups))
    if contrast == "rest":
        return [(g, "rest", groups == g, groups != g) for g in names]
    return [(a, b, groups == a, groups == b) for a, b in itertools.combinations(names, 2)]


def differences(
    scores: pd.DataFrame,
    evidence: pd.DataFrame | None = None,
    *,
    by: str = "outlet",
    metrics: Sequence[str] | None = None,
    contrast: Contrast = "rest",
    n_perm: int = 5000,
    adjust: Adjust = "per_contrast",
    seed: int = 0,
) -> pd.DataFrame:
    """Each group against the rest (``contrast="rest"``) or every pair (``"pairwise"``).

    Columns: ``by, group, vs, metric, statistic, value_group, value_vs, difference, p_value,
    p_adjusted, test_method, n_perm, cliffs_delta, hedges_g, effect_unit, n_articles_group,
    n_articles_vs, small_n``. ``difference = value_group - value_vs``.

    ``test_method``: ``permutation_articles`` (``_exact`` when every split was enumerated) when
    both sides have at least ``MIN_ARTICLES`` articles; otherwise ``permutation_sentences``
    (pooled statistics only, needs the evidence: sentences are treated as independent, which
    overstates certainty for clustered text); otherwise ``none``. p-values are two-sided;
    ``p_adjusted`` is Benjamini-Hochberg across the metrics of each contrast
    (``adjust="per_contrast"``) or across the whole table (``"all"``). Effect sizes compare the
    per-unit values (article rates/means, or sentence values) of the two sides.
    """
    func = "differences"
    _check_option(contrast, Contrast, "contrast", func)
    _check_option(adjust, Adjust, "adjust", func)
    n_perm = _check_int(n_perm, "n_perm", func, minimum=1)
    scores, sentences, stats, groups = _prepare(scores, evidence, by, metrics, func)
    rng = np.random.default_rng(seed)
    doc_pos = None if sentences is None else sentences["doc_pos"].to_numpy()
    rows = []
    for ci, (name_a, name_b, in_a, in_b) in enumerate(_contrasts(groups, contrast)):
        idx = np.concatenate([np.flatnonzero(in_a), np.flatnonzero(in_b)])
        n_a, n_b = int(in_a.sum()), int(in_b.sum())
        article_mode = min(n_a, n_b) >= MIN_ARTICLES
        art_masks, art_exact = (_split_masks(len(idx), n_a, n_perm, rng) if article_mode
                                else (None, False))
        sent_masks = None
        if not article_mode and doc_pos is not None:
            s_a = np.flatnonzero(np.isin(doc_pos, idx[:n_a]))
            s_b = np.flatnonzero(np.isin(doc_pos, idx[n_a:]))
            s_idx = np.concatenate([s_a, s_b])
            if len(s_a) and len(s_b):
                sent_masks, sent_exact = _split_masks(len(s_idx), len(s_a), n_perm, rng)
        for st in stats:
            va = float(_ratio(st.num[idx[:n_a]], st.den[idx[:n_a]], st.kind, st.scale, st.empty))
            vb = float(_ratio(st.num[idx[n_a:]], st.den[idx[n_a:]], st.kind, st.scale, st.empty))
            p, method, used, cd, g, unit = float("nan"), "none", 0, float("nan"), float("nan"), ""
            if article_mode:
                num, den = st.num[idx], st.den[idx]
                null = _masked(num, den, art_masks, st) - _masked(num, den, ~art_masks, st)
                p = _perm_p(va - vb, null, art_exact)
                method = "permutation_articles" + ("_exact" if art_exact else "")
                used, unit = len(art_masks), "article"
                vals = _unit_values(num, den, st)
            elif sent_masks is not None and st.s_num is not None and st.kind == "pooled":
                num, den = st.s_num[s_idx], st.s_den[s_idx]
                obs = float(_ratio(num[: len(s_a)], den[: len(s_a)], "pooled", st.scale, 0)
                            - _ratio(num[len(s_a):], den[len(s_a):], "pooled", st.scale, 0))
                null = _masked(num, den, sent_masks, st) - _masked(num, den, ~sent_masks, st)
                p = _perm_p(obs, null, sent_exact)
                method = "permutation_sentences" + ("_exact" if sent_exact else "")
                used, unit = len(sent_masks), "sentence"
                vals = _unit_values(num, den, st)
                n_a_units = len(s_a)
            if unit:
                split = n_a if unit == "article" else n_a_units
                cd, g = cliffs_delta(vals[:split], vals[split:]), hedges_g(vals[:split],
                                                                           vals[split:])
            rows.append({"by": by, "group": name_a, "vs": name_b, "metric": st.metric,
                         "statistic": st.statistic, "value_group": va, "value_vs": vb,
                         "difference": va - vb, "p_value": p, "test_method": method,
                         "n_perm": used, "cliffs_delta": cd, "hedges_g": g, "effect_unit": unit,
                         "n_articles_group": n_a, "n_articles_vs": n_b,
                         "small_n": min(n_a, n_b) <= SMALL_N_MAX, "_contrast": ci})
    out = pd.DataFrame(rows)
    if out.empty:
        return pd.DataFrame(columns=["by", "group", "vs", "metric", "statistic", "value_group",
                                     "value_vs", "difference", "p_value", "p_adjusted",
                                     "test_method", "n_perm", "cliffs_delta", "hedges_g",
                                     "effect_unit", "n_articles_group", "n_articles_vs",
                                     "small_n"])
    if adjust == "all":
        out["p_adjusted"] = benjamini_hochberg(out["p_value"].to_numpy())
    else:
        out["p_adjusted"] = np.nan
        for _, part in out.groupby("_contrast"):
            out.loc[part.index, "p_adjusted"] = benjamini_hochberg(part["p_value"].to_numpy())
    cols = ["by", "group", "vs", "metric", "statistic", "value_group", "value_vs", "difference",
            "p_value", "p_adjusted", "test_method", "n_perm", "cliffs_delta", "hedges_g",
            "effect_unit", "n_articles_group", "n_articles_vs", "small_n"]
    return out[cols]


# --- frame profile, frame crosstab, target tone ---------------------------------------------------


def _groups_for(evidence: pd.DataFrame, by: str | None, meta: pd.DataFrame | None,
                func: str) -> pd.Series:
    """The group of each evidence row: its own ``by`` column, else looked up in ``meta``."""
    if by is None:
        return pd.Series("all", index=evidence.index)
    if by in evidence.columns:
        return evidence[by].fillna("").astype(str)
    if meta is None:
        raise ParameterError(
            f"{func} was asked to group by {by!r}, which the evidence table lacks: expected "
            f"meta= (the scores or articles table, with doc_id and {by!r}). Got meta=None."
        )
    _check_table(meta, ["doc_id", by], "meta", func)
    lookup = dict(zip(meta["doc_id"].astype(str), meta[by].fillna("").astype(str)))
    return evidence["doc_id"].astype(str).map(lookup).fillna("")


def frame_profile(scores: pd.DataFrame, evidence: pd.DataFrame | None = None, *,
                  by: str = "outlet") -> pd.DataFrame:
    """Frame prevalence per group, one row per (group, frame).

    ``article_share`` = share of the group's articles where ``frame__X__present``;
    ``sentence_share`` = share of the group's scored sentences (``n_sentences``) with at least one
    evidence row of that frame (NaN without evidence). Pivot with
    ``.pivot(index="frame", columns="group", values="article_share")`` for frames x groups.
    """
    func = "frame_profile"
    _check_table(scores, ["doc_id", "n_sentences"], "scores", func)
    by = _check_by(scores, by, func)
    frames = sorted({m.group(1) for c in scores.columns if (m := _PRESENT_COLUMN.match(c))}
                    | {m.group(2) for c in scores.columns
                       if (m := _COUNT_COLUMN.match(c)) and m.group(1) == "frame"})
    group_of = dict(zip(scores["doc_id"].astype(str), scores[by].fillna("").astype(str)))
    carrying = None
    if evidence is not None:
        _check_table(evidence, ["doc_id", "sentence_index", "scorer", "category"], "evidence",
                     func)
        fr = evidence[evidence["scorer"].astype(str) == "frame"]
        fr = fr.assign(group=fr["doc_id"].astype(str).map(group_of))
        fr = fr.drop_duplicates(["doc_id", "sentence_index", "category"])
        carrying = fr.groupby(["group", fr["category"].astype(str)]).size()
        frames = sorted(set(frames) | set(fr["category"].astype(str)))
    rows = []
    for group, part in scores.groupby(scores[by].fillna("").astype(str), sort=True):
        n_art, n_sent = len(part), int(part["n_sentences"].sum())
        for frame in frames:
            pcol, ccol = f"frame__{frame}__present", f"frame__{frame}__count"
            if pcol in part:
                present = int(part[pcol].astype(bool).sum())
            elif ccol in part:
                present = int((part[ccol] > 0).sum())
            else:
                present = None
            k = None if carrying is None else int(carrying.get((group, frame), 0))
            rows.append({"by": by, "group": group, "frame": frame, "n_articles": n_art,
                         "articles_present": present,
                         "article_share": np.nan if present is None else present / n_art,
                         "n_sentences": n_sent, "sentences_with_frame": k,
                         "sentence_share": (np.nan if k is None or n_sent == 0 else k / n_sent),
                         "small_n": n_art <= SMALL_N_MAX})
    return pd.DataFrame(rows, columns=["by", "group", "frame", "n_articles", "articles_present",
                                       "article_share", "n_sentences", "sentences_with_frame",
                                       "sentence_share", "small_n"])


def frame_crosstab(evidence: pd.DataFrame, *, by: str | None = None,
                   meta: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per frame (and group): how its sentences lean and how they are sourced.

    For the sentences carrying a frame: ``negative_share``/``positive_share``/``neutral_share``
    (the sentence label of the evidence sentence rows, i.e. VADER's +-0.05 compound thresholds;
    the ``compound`` of the frame rows when no sentence row exists), ``hedged_share`` (a
    ``stance``/``hedge`` match in the same sentence) and ``attributed_share`` (a
    ``stance``/``attribution`` match in the same sentence), plus ``mean_compound``.
    ``by`` groups via the evidence's own column or ``meta`` (scores/articles with doc_id).
    """
    func = "frame_crosstab"
    _check_table(evidence, ["doc_id", "sentence_index", "scorer", "category", "compound"],
                 "evidence", func)
    ev = evidence.assign(_group=_groups_for(evidence, by, meta, func),
                         _doc=evidence["doc_id"].astype(str),
                         _sent=evidence["sentence_index"].astype(int),
                         _scorer=evidence["scorer"].astype(str),
                         _cat=evidence["category"].astype(str))
    key = ["_doc", "_sent"]
    frames = ev[ev["_scorer"] == "frame"].drop_duplicates(key + ["_cat"])
    labels = ev[ev["_scorer"] == "sentiment"].drop_duplicates(key).set_index(key)["_cat"]
    stance = ev[ev["_scorer"] == "stance"]
    hedged = set(map(tuple, stance.loc[stance["_cat"] == "hedge", key].to_numpy()))
    attributed = set(map(tuple, stance.loc[stance["_cat"] == "attribution", key].to_numpy()))
    sent_keys = list(zip(frames["_doc"], frames["_sent"]))
    compound = frames["compound"].astype(float).to_numpy()
    fallback = np.where(compound >= VADER_POSITIVE, "positive",
                        np.where(compound <= VADER_NEGATIVE, "negative", "neutral"))
    label = [labels.get(k, fb) for k, fb in zip(sent_keys, fallback)]
    frames = frames.assign(_label=label, _hedged=[k in hedged for k in sent_keys],
                           _attributed=[k in attributed for k in sent_keys])
    rows = []
    for (group, frame), part in frames.groupby(["_group", "_cat"], sort=True):
        rows.append({"by": by, "group": group, "frame": frame, "n_sentences": len(part),
                     "negative_share": float((part["_label"] == "negative").mean()),
                     "positive_share": float((part["_label"] == "positive").mean()),
                     "neutral_share": float((part["_label"] == "neutral").mean()),
                     "hedged_share": float(part["_hedged"].mean()),
                     "attributed_share": float(part["_attributed"].mean()),
                     "mean_compound": float(part["compound"].astype(float).mean())})
    return pd.DataFrame(rows, columns=["by", "group", "frame", "n_sentences", "negative_share",
                                       "positive_share", "neutral_share", "hedged_share",
                                       "attributed_share", "mean_compound"])


def target_tone(table: pd.DataFrame, *, by: str = "outlet",
                meta: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tone toward each target per group: the mean compound of the sentences that mention it.

    ``table`` is the evidence (rows ``scorer == "target"``, each carrying its sentence's
    compound; a sentence counts once per target) or the scores
    (``target__X__n_sentences``/``target__X__compound_mean``, weighted by sentences). Columns:
    ``by, group, target, tone, n_sentences, n_articles, article_mean, small_n`` where ``tone`` is
    the sentence-pooled mean and ``article_mean`` the mean of per-article means.
    """
    func = "target_tone"
    if not isinstance(table, pd.DataFrame):
        raise InputError(f"The 'table' argument of {func} must be a pandas DataFrame (scores or "
                         f"evidence). Got {type(table).__name__}.")
    rows = []
    if "scorer" in table.columns:
        _check_table(table, ["doc_id", "sentence_index", "category", "compound"], "table", func)
        ev = table[table["scorer"].astype(str) == "target"]
        ev = ev.assign(_group=_groups_for(ev, by, meta, func), _cat=ev["category"].astype(str))
        ev = ev.drop_duplicates(["doc_id", "sentence_index", "_cat"])
        for (group, target), part in ev.groupby(["_group", "_cat"], sort=True):
            per_doc = part.groupby("doc_id")["compound"].mean()
            rows.append({"by": by, "group": group, "target": target,
                         "tone": float(part["compound"].astype(float).mean()),
                         "n_sentences": len(part), "n_articles": int(per_doc.size),
                         "article_mean": float(per_doc.mean()),
                         "small_n": per_doc.size <= SMALL_N_MAX})
    else:
        _check_table(table, ["doc_id"], "table", func)
        by = _check_by(table, by, func)
        targets = sorted({m.group(1) for c in table.columns if (m := _TARGET_COLUMN.match(c))})
        for group, part in table.groupby(table[by].fillna("").astype(str), sort=True):
            for target in targets:
                n = part.get(f"target__{target}__n_sentences")
                mean = part.get(f"target__{target}__compound_mean")
                if n is None or mean is None:
                    continue
                n = n.fillna(0).to_numpy(dtype=float)
                mean = mean.to_numpy(dtype=float)
                hit = (n > 0) & ~np.isnan(mean)
                if not hit.any():
                    continue
                rows.append({"by": by, "group": group, "target": target,
                             "tone": float((n[hit] * mean[hit]).sum() / n[hit].sum()),
                             "n_sentences": int(n[hit].sum()), "n_articles": int(hit.sum()),
                             "article_mean": float(mean[hit].mean()),
                             "small_n": int(hit.sum()) <= SMALL_N_MAX})
    return pd.DataFrame(rows, columns=["by", "group", "target", "tone", "n_sentences",
                                       "n_articles", "article_mean", "small_n"])
