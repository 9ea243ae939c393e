"""Charts for write-ups: seaborn-style axes-level functions over the package's long-form tables.

Every ``plot_*`` function has the shape ``plot_x(table, *, ..., ax=None) -> Axes``: it draws on
``ax`` (the current Axes when None), never calls ``show()`` or ``savefig()``, and plots exactly
the rows of its companion ``*_data`` function, so a caller can write the numbers beside the
figure (:mod:`framing.figures` does).

=============================  ========================================  ======================
function                       input table                               drawn
=============================  ========================================  ======================
plot_frame_prevalence          ``compare.frame_profile``                 heatmap frames x groups
plot_outlet_comparison         ``compare.compare`` (one metric)          dots + interval bars
plot_stance                    ``compare.compare`` (stance metrics)      bars + interval bars
plot_tone_distribution         evidence sentence rows (+ meta)           boxes + sentence dots
plot_tone_trajectory           evidence sentence rows (+ meta)           lines through articles
plot_keyness                   ``keyness.keyness``                       bars of top terms
plot_target_tone               ``compare.target_tone``                   dot plot
plot_claims_table              ``claims.align_claims``                   table
=============================  ========================================  ======================

Groups with at most ``SMALL_N_MAX`` articles are drawn hollow (dots) or hatched (bars): their
intervals resample sentences and are narrower than the truth (docs/statistics.md).

Use :func:`theme` (a context manager) or :func:`set_theme` for the house style: seaborn's
"colorblind" palette for groups, an orange-blue diverging map centred at 0 for tone, DejaVu Sans
(shipped with matplotlib, so output is the same on every machine), sized for a column (3.5 in)
or a page (7 in).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from framing.compare import SMALL_N_MAX, _check_option, _check_table
from framing.errors import ParameterError

__all__ = [
    "COLUMN_WIDTH",
    "PAGE_WIDTH",
    "category_labels",
    "claims_table_data",
    "claims_table_layout",
    "comparison_data",
    "frame_prevalence_data",
    "group_palette",
    "keyness_data",
    "new_figure",
    "plot_claims_table",
    "plot_frame_prevalence",
    "plot_keyness",
    "plot_outlet_comparison",
    "plot_stance",
    "plot_target_tone",
    "plot_tone_distribution",
    "plot_tone_trajectory",
    "set_theme",
    "stance_data",
    "target_tone_data",
    "theme",
    "theme_rc",
    "tone_cmap",
    "tone_distribution_data",
    "tone_trajectory_data",
]

# --- tuned constants ---------------------------------------------------------------------------
# Figure widths in inches: a two-column journal/report column (APA, IEEE and ACM templates all
# give 3.3-3.5 in) and a full text width (6.5-7 in).
COLUMN_WIDTH = 3.5
PAGE_WIDTH = 7.0
# Base font size (pt) per width: 7-8 pt is the smallest size journals accept in figures
# (e.g. Nature's artwork guide: 5-7 pt minimum); column figures are printed at 100%.
FONT_SIZE = {"column": 7.0, "page": 8.5}
# Hues of the diverging tone map: orange (negative) to blue (positive), the pair that stays
# distinct under all three common colour-vision deficiencies (Okabe & Ito 2008).
TONE_HUES = (30, 250)
# Groups drawn with seaborn's "colorblind" palette (10 colours, Okabe-Ito-like); beyond that
# we fall back to "husl", which is not colour-blind safe (the caption of a figure should say so).
GROUP_PALETTE = "colorblind"
# Order in which the palette's colours are handed out: blue, orange, green, purple, grey, sky
# blue, vermillion, ... so that the first five groups never get orange and vermillion together.
GROUP_ORDER = (0, 1, 2, 4, 7, 9, 3, 5, 8, 6)
# Characters per x-axis label line (a column figure's axis is ~2.5 in wide at 7 pt).
XLABEL_CHARS = {"column": 48, "page": 100}
# Characters per line before a long tick label or table cell is wrapped.
WRAP = {"column": 22, "page": 30}

_MPL_VERSION = tuple(int(p) for p in re.findall(r"\d+", mpl.__version__)[:2])

Width = Literal["column", "page"]
PrevalenceValue = Literal["sentence_share", "article_share"]
KeynessMeasure = Literal["z", "log_odds", "g2"]
Position = Literal["relative", "index"]

TONE_LABEL = "Sentence tone (VADER compound, \u22121 to 1)"
MEAN_TONE_LABEL = "Mean sentence tone (VADER compound, \u22121 to 1)"
PER_1K_LABEL = "Mentions per 1,000 words"
SMALL_N_NOTE = f"hollow/hatched: {SMALL_N_MAX} or fewer articles, interval from sentences"

_STATISTIC_LABELS = {
    "pooled_per_1k": PER_1K_LABEL,
    "mean_article_per_1k": "Mean of article rates (mentions per 1,000 words)",
    "sentence_mean": MEAN_TONE_LABEL,
    "article_mean": "Mean of article means (\u22121 to 1 for tone, 0 to 1 for shares)",
    "present_share": "Share of articles where present (0 to 1)",
}
_STANCE_LABELS = {"hedge": "Hedging", "booster": "Boosting", "attribution": "Attribution"}
_KEYNESS_LABELS = {
    "z": "Distinctiveness vs. other groups (log-odds z-score)",
    "log_odds": "Log-odds ratio vs. other groups (informative prior)",
    "g2": "Log-likelihood G\u00b2 vs. other groups",
}


# --- theme --------------------------------------------------------------------------------------


def _check_width(width: object, func: str) -> Width:
    _check_option(width, Width, "width", func)
    return width  # type: ignore[return-value]


def theme_rc(width: Width = "page") -> dict[str, Any]:
    """The rcParams of the house style for ``width`` ("column" 3.5 in or "page" 7 in)."""
    _check_width(width, "theme_rc")
    size = FONT_SIZE[width]
    rc: dict[str, Any] = {}
    rc.update(sns.axes_style("whitegrid"))
    rc.update(sns.plotting_context("paper", rc={
        "font.size": size, "axes.labelsize": size, "axes.titlesize": size + 1,
        "xtick.labelsize": size - 0.5, "ytick.labelsize": size - 0.5,
        "legend.fontsize": size - 0.5, "legend.title_fontsize": size - 0.5,
    }))
    rc.update({
        "axes.prop_cycle": mpl.cycler(color=sns.color_palette(GROUP_PALETTE)),
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "figure.dpi": 100,
        "savefig.dpi": 300,
        "figure.constrained_layout.use": True,
        "legend.frameon": False,
        # byte-stable output: fixed ids in SVG, text as paths (no font lookup at view time),
        # TrueType fonts embedded in PDF.
        "svg.hashsalt": "framing",
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "path.simplify": True,
    })
    return rc


@contextmanager
def theme(width: Width = "page") -> Iterator[dict[str, Any]]:
    """Context manager applying the house style (``with charts.theme("column"): ...``)."""
    rc = theme_rc(width)
    with mpl.rc_context(rc):
        yield rc


def set_theme(width: Width = "page") -> None:
    """Apply the house style globally (for notebooks)."""
    mpl.rcParams.update(theme_rc(width))


def new_figure(width: Width = "page", height: float | None = None) -> tuple[Figure, Axes]:
    """A new Figure (not registered with pyplot, so nothing leaks) and its single Axes."""
    _check_width(width, "new_figure")
    w = COLUMN_WIDTH if width == "column" else PAGE_WIDTH
    fig = Figure(figsize=(w, height if height is not None else w * 0.62), layout="constrained")
    return fig, fig.add_subplot()


def tone_cmap() -> Colormap:
    """The diverging tone colormap: orange (negative) - light grey (0) - blue (positive)."""
    return sns.diverging_palette(*TONE_HUES, s=90, l=55, center="light", as_cmap=True)


def group_palette(groups: Sequence[str]) -> dict[str, tuple[float, float, float]]:
    """One colour per group, assigned in sorted order so every chart colours a group alike."""
    names = sorted(dict.fromkeys(str(g) for g in groups))
    if len(names) <= len(GROUP_ORDER):
        base = sns.color_palette(GROUP_PALETTE, 10)
        colours = [base[i] for i in GROUP_ORDER[: len(names)]]
    else:
        colours = sns.color_palette("husl", len(names))
    return dict(zip(names, colours))


@lru_cache(maxsize=1)
def _shipped_labels() -> dict[str, str]:
    from framing.lexicon import load_lexicon, shipped_lexicon_names

    labels: dict[str, str] = {}
    for name in shipped_lexicon_names():
        try:
            lex = load_lexicon(name)
        except Exception:  # noqa: BLE001, S112 - a broken shipped lexicon must not break a chart
            continue
        for cat in lex.categories:
            labels.setdefault(cat.id, cat.label)
    return labels


def category_labels(lexicons: Sequence[Any] = ()) -> dict[str, str]:
    """Category id -> readable label, from the shipped lexicons and then ``lexicons`` (names,
    paths or :class:`framing.lexicon.Lexicon` objects; later ones win)."""
    from framing.lexicon import Lexicon, load_lexicon

    labels = dict(_shipped_labels())
    for lex in lexicons:
        lex = lex if isinstance(lex, Lexicon) else load_lexicon(lex)
        labels.update({c.id: c.label for c in lex.categories})
    return labels


def _label(category: str, labels: Mapping[str, str] | None) -> str:
    table = _shipped_labels() if labels is None else labels
    if category in table:
        return table[category]
    return category.replace("_", " ").capitalize()


def _wrap(text: str, width: int) -> str:
    """Wrap at spaces and after hyphens, never inside a word: "unattributed-003" becomes
    "unattributed-" / "003" when too long, so outlet names are never cut or overlapped."""
    if len(text) <= width:
        return text
    pieces = [p for p in re.split(r"(?<=-)(?=[^-\s])|(?<=\s)", text) if p]
    lines, line = [], ""
    for piece in pieces:
        if line and len(line) + len(piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    lines.append(line.rstrip())
    return "\n".join(lines)


def _n_label(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def _ax(ax: Axes | None) -> Axes:
    return plt.gca() if ax is None else ax


def _width_of(ax: Axes) -> Width:
    return "column" if ax.figure.get_figwidth() < (COLUMN_WIDTH + PAGE_WIDTH) / 2 else "page"


def _small_n_handles(any_small: bool, marker: str = "o") -> list:
    if not any_small:
        return []
    return [Line2D([], [], marker=marker, linestyle="", markerfacecolor="white",
                   markeredgecolor="0.3", label=f"\u2264{SMALL_N_MAX} articles:\ntreat with caution")]


def _legend(ax: Axes, handles: list, labels: list[str] | None = None, *,
            title: str | None = None) -> None:
    """Legend outside the data: right of the Axes on a page, below the x label in a column."""
    kwargs: dict[str, Any] = {"handles": handles, "title": title}
    if labels is not None:
        kwargs["labels"] = labels
    if _width_of(ax) == "page":
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), ncols=1, **kwargs)
    else:
        size = mpl.rcParams["font.size"]
        below = mtransforms.ScaledTranslation(0, -3.4 * size / 72, ax.figure.dpi_scale_trans)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  bbox_transform=ax.transAxes + below, ncols=2, **kwargs)


def _set_xlabel(ax: Axes, text: str, **kwargs: Any) -> None:
    """Set the x label, wrapped to the Axes' width class so it is never cut at 3.5 in."""
    ax.set_xlabel(_wrap(text, XLABEL_CHARS[_width_of(ax)]), **kwargs)


def _groups(frame: pd.DataFrame, col: str = "group") -> list[str]:
    return sorted(frame[col].astype(str).unique())


def _empty(ax: Axes, message: str) -> Axes:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _meta_groups(evidence: pd.DataFrame, meta: pd.DataFrame | None, by: str,
                 func: str) -> pd.Series:
    if by in evidence.columns:
        return evidence[by].fillna("").astype(str)
    if meta is None:
        raise ParameterError(
            f"{func} groups by {by!r}, which the evidence table lacks: expected meta= (the scores "
            f"or articles table, with doc_id and {by!r}). Got meta=None.")
    _check_table(meta, ["doc_id", by], "meta", func)
    lookup = dict(zip(meta["doc_id"].astype(str), meta[by].fillna("").astype(str)))
    return evidence["doc_id"].astype(str).map(lookup).fillna("")


# --- frame prevalence heatmap -------------------------------------------------------------------


def frame_prevalence_data(profile: pd.DataFrame, *, value: PrevalenceValue = "sentence_share",
                          labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rows of the heatmap: ``group, frame, frame_label, percent, n_articles, n_sentences,
    small_n``, frames ordered by their mean over groups (most prevalent first)."""
    func = "frame_prevalence_data"
    _check_option(value, PrevalenceValue, "value", func)
    _check_table(profile, ["group", "frame", value, "n_articles", "n_sentences", "small_n"],
                 "profile", func)
    d = profile.assign(group=profile["group"].astype(str), frame=profile["frame"].astype(str))
    d = d.assign(percent=d[value].astype(float) * 100)
    order = (d.groupby("frame")["percent"].mean().reset_index()
             .sort_values(["percent", "frame"], ascending=[False, True])["frame"].tolist())
    d = d.assign(frame_label=[_label(f, labels) for f in d["frame"]],
                 _o=d["frame"].map({f: i for i, f in enumerate(order)}))
    d = d.sort_values(["_o", "group"], kind="stable")
    return d[["group", "frame", "frame_label", "percent", "n_articles", "n_sentences",
              "small_n"]].reset_index(drop=True)


def plot_frame_prevalence(profile: pd.DataFrame, *, value: PrevalenceValue = "sentence_share",
                          labels: Mapping[str, str] | None = None, annotate: bool = True,
                          ax: Axes | None = None) -> Axes:
    """Heatmap of frame prevalence, frames (rows) x groups (columns), in percent.

    ``value="sentence_share"``: % of the group's scored sentences carrying the frame;
    ``"article_share"``: % of its articles where the frame is present.
    """
    ax = _ax(ax)
    d = frame_prevalence_data(profile, value=value, labels=labels)
    if d.empty:
        return _empty(ax, "No frames to show")
    groups = _groups(d)
    wide = d.pivot(index="frame", columns="group", values="percent")
    frames = list(dict.fromkeys(d["frame"]))
    wide = wide.loc[frames, groups]
    first = d.drop_duplicates("group").set_index("group")
    wrap = WRAP[_width_of(ax)]
    column = _width_of(ax) == "column"
    xlabels = [(f"{g} (n={int(first.at[g, 'n_articles'])})" if column else
                _wrap(g, 12) + f"\n{_n_label(int(first.at[g, 'n_articles']), 'article')}")
               + ("*" if bool(first.at[g, "small_n"]) else "") for g in groups]
    ylabels = [_wrap(lab, wrap) for lab in dict.fromkeys(d["frame_label"])]
    vmax = max(float(np.nanmax(wide.to_numpy())) if wide.notna().any().any() else 1.0, 1.0)
    what = ("Sentences carrying the frame (%)" if value == "sentence_share"
            else "Articles where present (%)")
    sns.heatmap(wide, ax=ax, cmap="mako_r", vmin=0, vmax=vmax, annot=annotate, fmt=".0f",
                linewidths=0.5, linecolor="white", xticklabels=xlabels, yticklabels=ylabels,
                cbar_kws={"label": what, "shrink": 0.8},
                annot_kws={"fontsize": mpl.rcParams["xtick.labelsize"]})
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="x", rotation=90 if column else 0, length=0)
    ax.tick_params(axis="y", rotation=0, length=0)
    ax.xaxis.tick_top()
    ax.set_title("How often each frame appears", pad=4)
    if d["small_n"].any():
        _set_xlabel(ax, f"* {SMALL_N_MAX} or fewer articles: a single article's choices, "
                      "not an outlet pattern", fontsize=mpl.rcParams["xtick.labelsize"] - 0.5,
                      color="0.35")
    return ax


# --- outlet comparison: dots with intervals -------------------------------------------------------


def comparison_data(comparison: pd.DataFrame, *, metric: str,
                    statistic: str | None = None) -> pd.DataFrame:
    """The rows of ``compare()`` drawn for one metric: ``group, metric, statistic, value, ci_low,
    ci_high, ci_method, n_articles, n_sentences, small_n``. ``statistic`` defaults to the
    metric's first one (``sentence_mean`` for tone, ``pooled_per_1k`` for counts)."""
    func = "comparison_data"
    cols = ["group", "metric", "statistic", "value", "ci_low", "ci_high", "ci_method",
            "n_articles", "n_sentences", "small_n"]
    _check_table(comparison, cols, "comparison", func)
    rows = comparison[comparison["metric"].astype(str) == metric]
    if rows.empty:
        raise ParameterError(
            f"The 'metric' parameter of {func} must be a metric of the comparison, one of "
            f"{sorted(comparison['metric'].astype(str).unique())}. Got {metric!r}.")
    stats = list(dict.fromkeys(rows["statistic"].astype(str)))
    statistic = stats[0] if statistic is None else statistic
    if statistic not in stats:
        raise ParameterError(f"The 'statistic' parameter of {func} must be one of {stats} for "
                             f"metric {metric!r}. Got {statistic!r}.")
    rows = rows[rows["statistic"].astype(str) == statistic]
    rows = rows.assign(group=rows["group"].astype(str)).sort_values("group", kind="stable")
    return rows[cols].reset_index(drop=True)


def _metric_title(metric: str, labels: Mapping[str, str] | None) -> str:
    parts = metric.split("__")
    if parts[0] == "sentiment":
        return {"compound_mean": "Sentence tone", "negative_share": "Negative sentences",
                "positive_share": "Positive sentences",
                "compound_whole_text": "Whole-text tone",
                "news_mean": "News-calibrated tone"}.get(parts[1], parts[1])
    if len(parts) >= 2:
        return _STANCE_LABELS.get(parts[1]) or _label(parts[1], labels)
    return metric


def plot_outlet_comparison(comparison: pd.DataFrame, *, metric: str = "sentiment__compound_mean",
                           statistic: str | None = None, labels: Mapping[str, str] | None = None,
                           ax: Axes | None = None) -> Axes:
    """One metric per group: a dot at the value and a bar over its interval (``ci_low..ci_high``).

    Groups with ``small_n`` are hollow. Tone metrics get a line at 0.
    """
    ax = _ax(ax)
    d = comparison_data(comparison, metric=metric, statistic=statistic)
    stat = str(d["statistic"].iloc[0])
    palette = group_palette(d["group"])
    y = np.arange(len(d))[::-1]
    for yi, row in zip(y, d.itertuples(index=False)):
        colour = palette[row.group]
        if np.isfinite(row.ci_low) and np.isfinite(row.ci_high):
            ax.plot([row.ci_low, row.ci_high], [yi, yi], color=colour, lw=2.2,
                    solid_capstyle="butt", zorder=2)
        ax.plot([row.value], [yi], marker="o", ms=7, linestyle="", color=colour,
                markerfacecolor="white" if row.small_n else colour, markeredgewidth=1.6,
                zorder=3)
    ax.set_yticks(y, [f"{g}\n({_n_label(int(n), 'article')})"
                      for g, n in zip(d["group"], d["n_articles"])])
    ax.set_ylim(-0.6, len(d) - 0.4)
    is_tone = metric.startswith("sentiment__") and "share" not in metric
    if is_tone:
        ax.axvline(0, color="0.3", lw=0.8, zorder=1)
    xlabel = _STATISTIC_LABELS.get(stat, stat)
    if is_tone and stat == "article_mean":
        xlabel = "Mean of article tone means (VADER compound, \u22121 to 1)"
    _set_xlabel(ax, xlabel)
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    ax.set_title(f"{_metric_title(metric, labels)} by {_title_by(comparison)}")
    handles = [Line2D([], [], color="0.3", lw=2.2, label="95% interval")]
    handles += _small_n_handles(bool(d["small_n"].any()))
    _legend(ax, handles)
    return ax


# --- stance: hedging vs boosting ----------------------------------------------------------------


def stance_data(comparison: pd.DataFrame, *,
                categories: Sequence[str] = ("hedge", "booster")) -> pd.DataFrame:
    """``pooled_per_1k`` rows of the stance metrics: ``group, category, category_label, value,
    ci_low, ci_high, ci_method, n_articles, n_words, small_n``."""
    func = "stance_data"
    _check_table(comparison, ["group", "metric", "statistic", "value", "ci_low", "ci_high",
                              "ci_method", "n_articles", "small_n"], "comparison", func)
    if isinstance(categories, str):
        raise ParameterError(f"The 'categories' parameter of {func} must be a list of stance "
                             f"categories, e.g. ['hedge', 'booster']. Got the string "
                             f"{categories!r}.")
    metrics = [f"stance__{c}__count" for c in categories]
    known = sorted({m.split("__")[1] for m in comparison["metric"].astype(str)
                    if m.startswith("stance__")})
    missing = [c for c, m in zip(categories, metrics)
               if m not in set(comparison["metric"].astype(str))]
    if missing:
        raise ParameterError(f"The 'categories' parameter of {func} must name stance categories "
                             f"of the comparison, among {known}. Got unknown {missing}.")
    rows = comparison[comparison["metric"].astype(str).isin(metrics)
                      & (comparison["statistic"].astype(str) == "pooled_per_1k")]
    rows = rows.assign(group=rows["group"].astype(str),
                       category=rows["metric"].astype(str).str.split("__").str[1])
    rows = rows.assign(category_label=rows["category"].map(
        lambda c: _STANCE_LABELS.get(c, _label(c, None))),
        _o=rows["category"].map({c: i for i, c in enumerate(categories)}))
    if "n_words" not in rows:
        rows = rows.assign(n_words=np.nan)
    rows = rows.sort_values(["group", "_o"], kind="stable")
    return rows[["group", "category", "category_label", "value", "ci_low", "ci_high",
                 "ci_method", "n_articles", "n_words", "small_n"]].reset_index(drop=True)


def plot_stance(comparison: pd.DataFrame, *, categories: Sequence[str] = ("hedge", "booster"),
                ax: Axes | None = None) -> Axes:
    """Hedging vs boosting (and other stance categories) per group: mentions per 1,000 words,
    pooled over the group's articles, with interval whiskers. Small-n groups are hatched."""
    ax = _ax(ax)
    d = stance_data(comparison, categories=categories)
    if d.empty:
        return _empty(ax, "No stance metrics in the comparison")
    groups = _groups(d)
    cats = list(dict.fromkeys(d["category"]))
    # fixed colours: hedging orange, boosting blue, attribution green (colorblind palette)
    colours = dict(zip(cats, [sns.color_palette("colorblind")[i] for i in (1, 0, 2, 4, 3)]))
    height = 0.8 / len(cats)
    for gi, group in enumerate(groups):
        base = len(groups) - 1 - gi
        for ci, cat in enumerate(cats):
            row = d[(d["group"] == group) & (d["category"] == cat)]
            if row.empty:
                continue
            r = row.iloc[0]
            yi = base + 0.4 - height * (ci + 0.5)
            ax.barh(yi, r["value"], height=height * 0.92, color=colours[cat],
                    hatch="///" if r["small_n"] else None, edgecolor="white", linewidth=0)
            if np.isfinite(r["ci_low"]) and np.isfinite(r["ci_high"]):
                ax.errorbar([r["value"]], [yi], xerr=[[r["value"] - r["ci_low"]],
                                                      [r["ci_high"] - r["value"]]],
                            fmt="none", ecolor="0.15", elinewidth=1, capsize=2.5)
    first = d.drop_duplicates("group").set_index("group")
    ax.set_yticks(range(len(groups))[::-1],
                  [f"{g}\n({_n_label(int(first.at[g, 'n_articles']), 'article')})"
                   for g in groups])
    ax.set_xlim(left=0)
    _set_xlabel(ax, PER_1K_LABEL + " (pooled over the group's articles)")
    ax.grid(axis="y", visible=False)
    ax.set_title(f"Hedging and boosting by {_title_by(comparison)}")
    handles = [Patch(facecolor=colours[c], label=_STANCE_LABELS.get(c, c)) for c in cats]
    handles.append(Line2D([], [], color="0.15", lw=1, marker="|", label="95% interval"))
    if d["small_n"].any():
        handles.append(Patch(facecolor="0.6", hatch="///", edgecolor="white", linewidth=0,
                             label=f"\u2264{SMALL_N_MAX} articles:\ntreat with caution"))
    _legend(ax, handles)
    return ax


# --- sentence tone distribution -----------------------------------------------------------------


def _sentence_rows(evidence: pd.DataFrame, func: str) -> pd.DataFrame:
    _check_table(evidence, ["doc_id", "sentence_index", "scorer", "compound"], "evidence", func)
    return evidence[evidence["scorer"].astype(str) == "sentiment"]


def tone_distribution_data(evidence: pd.DataFrame, *, meta: pd.DataFrame | None = None,
                           by: str = "outlet") -> pd.DataFrame:
    """One row per scored sentence: ``group, doc_id, sentence_index, compound``."""
    func = "tone_distribution_data"
    rows = _sentence_rows(evidence, func)
    d = pd.DataFrame({"group": _meta_groups(rows, meta, by, func).to_numpy(),
                      "doc_id": rows["doc_id"].astype(str).to_numpy(),
                      "sentence_index": rows["sentence_index"].astype(int).to_numpy(),
                      "compound": rows["compound"].astype(float).to_numpy()})
    return d.sort_values(["group", "doc_id", "sentence_index"], kind="stable").reset_index(
        drop=True)


def plot_tone_distribution(evidence: pd.DataFrame, *, meta: pd.DataFrame | None = None,
                           by: str = "outlet", seed: int = 0, ax: Axes | None = None) -> Axes:
    """Per group, the tone of every scored sentence (dots, coloured by tone) over a box of its
    quartiles. ``meta`` (scores or articles) gives each ``doc_id`` its ``by`` group.
    Dots are jittered vertically with a fixed ``seed`` (same input, same picture)."""
    ax = _ax(ax)
    d = tone_distribution_data(evidence, meta=meta, by=by)
    if d.empty:
        return _empty(ax, "No scored sentences")
    groups = _groups(d)
    pos = {g: len(groups) - 1 - i for i, g in enumerate(groups)}
    ax.axvspan(-0.05, 0.05, color="0.92", zorder=0, lw=0)
    ax.axvline(0, color="0.3", lw=0.8, zorder=1)
    data = [d.loc[d["group"] == g, "compound"].to_numpy() for g in groups]
    horizontal = ({"orientation": "horizontal"} if _MPL_VERSION >= (3, 10)
                  else {"vert": False})
    ax.boxplot(data, positions=[pos[g] for g in groups], widths=0.6, **horizontal,
               showfliers=False, patch_artist=True, manage_ticks=False, zorder=2,
               boxprops={"facecolor": "none", "edgecolor": "0.25", "linewidth": 1},
               medianprops={"color": "0.1", "linewidth": 1.6},
               whiskerprops={"color": "0.25"}, capprops={"color": "0.25"})
    rng = np.random.default_rng(seed)
    jitter = rng.uniform(-0.22, 0.22, len(d))
    ax.scatter(d["compound"], d["group"].map(pos).to_numpy() + jitter, c=d["compound"],
               cmap=tone_cmap(), norm=Normalize(-1, 1), s=14, edgecolors="0.3", linewidths=0.3,
               zorder=3)
    counts = d.groupby("group").agg(n=("compound", "size"), docs=("doc_id", "nunique"))
    ax.set_yticks([pos[g] for g in groups],
                  [f"{g}\n({_n_label(int(counts.at[g, 'n']), 'sentence')}, "
                   f"{_n_label(int(counts.at[g, 'docs']), 'article')})" for g in groups])
    ax.set_xlim(-1.05, 1.05)
    _set_xlabel(ax, TONE_LABEL)
    ax.grid(axis="y", visible=False)
    ax.set_title(f"Tone of each sentence, by {by}")
    _legend(ax, [Patch(facecolor="0.92", label="Neutral\n(\u22120.05 to 0.05)"),
                 Patch(facecolor="none", edgecolor="0.25", label="Quartiles,\nmedian")])
    return ax


# --- tone through the article -------------------------------------------------------------------


def tone_trajectory_data(evidence: pd.DataFrame, *, meta: pd.DataFrame | None = None,
                         by: str = "outlet", position: Position = "relative",
                         window: int = 3) -> pd.DataFrame:
    """One row per scored sentence: ``group, doc_id, sentence_index, position, compound,
    smoothed`` where ``position`` is 0..1 through the article's scored sentences (``relative``)
    or the scored-sentence number (``index``) and ``smoothed`` the centred rolling mean over
    ``window`` sentences (``window=1``: the raw tone)."""
    func = "tone_trajectory_data"
    _check_option(position, Position, "position", func)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ParameterError(f"The 'window' parameter of {func} must be an int >= 1. "
                             f"Got {window!r}.")
    d = tone_distribution_data(evidence, meta=meta, by=by)
    rank = d.groupby("doc_id").cumcount()
    size = d.groupby("doc_id")["sentence_index"].transform("size")
    pos = rank / (size - 1).where(size > 1, 1) if position == "relative" else rank
    smooth = (d.groupby("doc_id")["compound"]
              .transform(lambda s: s.rolling(window, center=True, min_periods=1).mean()))
    d = d.assign(position=pos.astype(float), smoothed=smooth.astype(float))
    return d[["group", "doc_id", "sentence_index", "position", "compound", "smoothed"]]


def plot_tone_trajectory(evidence: pd.DataFrame, *, meta: pd.DataFrame | None = None,
                         by: str = "outlet", position: Position = "relative", window: int = 3,
                         ax: Axes | None = None) -> Axes:
    """Tone through each article: a line per article (rolling mean over ``window`` sentences)
    over faint dots of each sentence's tone, coloured by group."""
    ax = _ax(ax)
    d = tone_trajectory_data(evidence, meta=meta, by=by, position=position, window=window)
    if d.empty:
        return _empty(ax, "No scored sentences")
    palette = group_palette(d["group"])
    ax.axhline(0, color="0.3", lw=0.8, zorder=1)
    labelled: set[str] = set()
    for doc_id, part in d.groupby("doc_id", sort=True):
        group = str(part["group"].iloc[0])
        colour = palette[group]
        ax.scatter(part["position"], part["compound"], color=colour, s=8, alpha=0.35,
                   linewidths=0, zorder=2)
        ax.plot(part["position"], part["smoothed"], color=colour, lw=1.6, zorder=3,
                label=None if group in labelled else group)
        labelled.add(group)
    ax.set_ylim(-1.05, 1.05)
    if position == "relative":
        ax.set_xlim(-0.02, 1.02)
        _set_xlabel(ax, "Position in the article (0 = first sentence, 1 = last)")
    else:
        _set_xlabel(ax, "Sentence number in the article (boilerplate left out)")
    ax.set_ylabel(_wrap(TONE_LABEL, 26))
    what = "each sentence (dots)" if window == 1 else f"rolling mean of {window} sentences"
    ax.set_title(f"Tone through the article ({what})")
    handles, names = ax.get_legend_handles_labels()
    order = np.argsort(names)
    _legend(ax, [handles[i] for i in order], [names[i] for i in order], title=by.capitalize())
    return ax


# --- keyness ------------------------------------------------------------------------------------


def keyness_data(table: pd.DataFrame, *, top: int = 6, measure: KeynessMeasure = "z",
                 groups: Sequence[str] | None = None) -> pd.DataFrame:
    """The ``top`` over-used terms of each group (positive log-odds), by ``measure``:
    ``group, term, value, count_group, count_rest, per_1k_group, per_1k_rest``."""
    func = "keyness_data"
    _check_option(measure, KeynessMeasure, "measure", func)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ParameterError(f"The 'top' parameter of {func} must be an int >= 1. Got {top!r}.")
    _check_table(table, ["group", "term", "log_odds", measure, "count_group", "count_rest",
                         "per_1k_group", "per_1k_rest"], "keyness", func)
    d = table[table["log_odds"] > 0].assign(group=lambda t: t["group"].astype(str),
                                             value=lambda t: t[measure].astype(float))
    if groups is not None:
        d = d[d["group"].isin([str(g) for g in groups])]
    d = d.sort_values(["group", "value", "term"], ascending=[True, False, True], kind="stable")
    d = d.groupby("group", sort=True).head(top)
    return d[["group", "term", "value", "count_group", "count_rest", "per_1k_group",
              "per_1k_rest"]].reset_index(drop=True)


def plot_keyness(table: pd.DataFrame, *, top: int = 6, measure: KeynessMeasure = "z",
                 groups: Sequence[str] | None = None, ax: Axes | None = None) -> Axes:
    """Bars of each group's most distinctive terms (vs. all other groups), one block per group
    headed by its name, coloured like the group elsewhere."""
    ax = _ax(ax)
    d = keyness_data(table, top=top, measure=measure, groups=groups)
    if d.empty:
        return _empty(ax, "No distinctive terms")
    palette = group_palette(table["group"].astype(str))
    y, ticks, labels, pos = 0.0, [], [], []
    for group, part in d.groupby("group", sort=True):
        ax.text(0, -y, group, fontweight="bold", va="center", ha="left",
                color=palette[group], transform=ax.get_yaxis_transform())
        y += 1
        for row in part.itertuples(index=False):
            pos.append(-y)
            ticks.append(-y)
            labels.append(f"{row.term} ({row.count_group})")
            ax.barh(-y, row.value, height=0.75, color=palette[group])
            y += 1
        y += 0.3
    ax.set_yticks(ticks, labels)
    ax.set_ylim(-y + 0.5, 0.6)
    ax.set_xlim(left=0)
    ax.grid(axis="y", visible=False)
    _set_xlabel(ax, _KEYNESS_LABELS[measure])
    ax.set_title("Words each group uses more than the others (count in brackets)")
    return ax


# --- targeted tone ------------------------------------------------------------------------------


def target_tone_data(table: pd.DataFrame, *,
                     labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rows of ``compare.target_tone``: ``group, target, target_label, tone, n_sentences,
    n_articles, small_n``, targets ordered by their mean tone (most positive first)."""
    func = "target_tone_data"
    _check_table(table, ["group", "target", "tone", "n_sentences", "n_articles", "small_n"],
                 "target_tone", func)
    d = table.assign(group=table["group"].astype(str), target=table["target"].astype(str))
    order = (d.groupby("target")["tone"].mean().reset_index()
             .sort_values(["tone", "target"], ascending=[False, True])["target"].tolist())
    d = d.assign(target_label=[_label(t, labels) for t in d["target"]],
                 _o=d["target"].map({t: i for i, t in enumerate(order)}))
    d = d.sort_values(["_o", "group"], kind="stable")
    return d[["group", "target", "target_label", "tone", "n_sentences", "n_articles",
              "small_n"]].reset_index(drop=True)


def plot_target_tone(table: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
                     ax: Axes | None = None) -> Axes:
    """Tone toward each target (rows), one dot per group: the mean tone of the sentences that
    mention the target. Small-n groups are hollow."""
    ax = _ax(ax)
    d = target_tone_data(table, labels=labels)
    if d.empty:
        return _empty(ax, "No target mentioned")
    palette = group_palette(d["group"])
    targets = list(dict.fromkeys(d["target"]))
    groups = _groups(d)
    step = 0.7 / max(len(groups), 1)
    ypos = {t: len(targets) - 1 - i for i, t in enumerate(targets)}
    ax.axvline(0, color="0.3", lw=0.8, zorder=1)
    for gi, group in enumerate(groups):
        part = d[d["group"] == group]
        y = part["target"].map(ypos).to_numpy() + 0.35 - step * (gi + 0.5)
        small = part["small_n"].to_numpy(dtype=bool)
        ax.scatter(part["tone"], y, s=30, color=palette[group],
                   facecolors=[("white" if s else palette[group]) for s in small],
                   edgecolors=palette[group], linewidths=1.4, zorder=3, label=group)
    for yi in ypos.values():
        if yi % 2 == 0:
            ax.axhspan(yi - 0.5, yi + 0.5, color="0.96", zorder=0, lw=0)
    tick_labels = list(dict.fromkeys(d["target_label"]))
    ax.set_yticks([ypos[t] for t in targets], tick_labels)
    ax.set_ylim(-0.5, len(targets) - 0.5)
    lo = min(-0.2, float(d["tone"].min()) - 0.1)
    hi = max(0.2, float(d["tone"].max()) + 0.1)
    ax.set_xlim(max(lo, -1.05), min(hi, 1.05))
    _set_xlabel(ax, "Mean tone of sentences mentioning the target (VADER compound, \u22121 to 1)")
    ax.grid(axis="y", visible=False)
    ax.set_title("Tone toward each target")
    handles, _names = ax.get_legend_handles_labels()
    handles += _small_n_handles(bool(d["small_n"].any()))
    _legend(ax, handles, title=_title_by(table).capitalize())
    return ax


# --- claims table -------------------------------------------------------------------------------


def claims_table_data(aligned: pd.DataFrame, *, shared_only: bool = True,
                      max_rows: int = 15) -> pd.DataFrame:
    """The cells of the claims table: ``quantity``, one column per group (claims as written),
    ``disagree``. ``shared_only`` keeps quantities stated by two or more groups; disagreeing
    quantities come first; at most ``max_rows`` rows."""
    func = "claims_table_data"
    _check_table(aligned, ["quantity", "n_groups", "disagree", "values"], "aligned", func)
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
        raise ParameterError(f"The 'max_rows' parameter of {func} must be an int >= 1. "
                             f"Got {max_rows!r}.")
    fixed = {"quantity", "kind", "unit", "values", "n_claims", "n_groups", "min_value",
             "max_value", "disagree"}
    groups = [c for c in aligned.columns if c not in fixed]
    d = aligned[aligned["n_groups"] >= 2] if shared_only else aligned
    d = d.assign(_dis=~d["disagree"].astype(bool)).sort_values(
        ["_dis", "n_groups", "quantity"], ascending=[True, False, True], kind="stable")
    d = d.head(max_rows)
    out = d[["quantity", *groups]].fillna("").astype(str)
    return out.assign(disagree=d["disagree"].astype(bool).to_numpy()).reset_index(drop=True)


# Characters that fit across the whole table (DejaVu Sans averages ~0.55 em per character).
TABLE_CHARS = {"column": 50, "page": 104}


def claims_table_layout(data: pd.DataFrame, width: Width = "page"
                        ) -> tuple[list[str], list[list[str]], list[float], list[int]]:
    """Header, wrapped cells, column widths (fractions) and lines per row of the claims table
    drawn from ``claims_table_data`` rows; also used to size the figure."""
    groups = [c for c in data.columns if c not in ("quantity", "disagree")]
    raw_header = ["Quantity", *groups]
    raw_cells = [[("\u2260 " if row[-1] else "") + str(row[0])]
                 + [str(v) if str(v) else "\u2013" for v in row[1:-1]]
                 for row in data.itertuples(index=False)]
    budget = TABLE_CHARS[width] // len(raw_header)

    def longest_word(col: int) -> int:
        texts = [raw_header[col]] + [r[col] for r in raw_cells]
        return max(len(w) for t in texts for w in re.split(r"(?<=-)|\s", t) if w)

    wraps = [max(budget, longest_word(c)) for c in range(len(raw_header))]
    header = [_wrap(h, w) for h, w in zip(raw_header, wraps)]
    cells = [[_wrap(v, w) for v, w in zip(r, wraps)] for r in raw_cells]
    chars = [max(len(line) for t in [header[c]] + [r[c] for r in cells] for line in t.split("\n"))
             + 2 for c in range(len(header))]
    widths = [c / sum(chars) for c in chars]
    lines = [max(t.count("\n") + 1 for t in r) for r in [header] + cells]
    return header, cells, widths, lines


def plot_claims_table(aligned: pd.DataFrame, *, shared_only: bool = True, max_rows: int = 15,
                      ax: Axes | None = None) -> Axes:
    """The numbers each group states for the same quantity, side by side; rows where groups
    disagree are shaded and marked "\u2260"."""
    ax = _ax(ax)
    d = claims_table_data(aligned, shared_only=shared_only, max_rows=max_rows)
    ax.set_axis_off()
    if d.empty:
        return _empty(ax, "No quantity stated by two or more groups")
    header, cells, widths, lines = claims_table_layout(d, _width_of(ax))
    total = sum(n + 0.6 for n in lines)
    table = ax.table(cellText=cells, colLabels=header, colWidths=widths, cellLoc="left",
                     colLoc="left", bbox=[0, 0, 1, 1])
    table.auto_set_font_size(False)
    # shrink the font until the widest lines fit the Axes (DejaVu Sans ~0.55 em/char, bold
    # headers a little more; 5 pt is the floor)
    chars = sum(max(len(line) for t in [header[c]] + [r[c] for r in cells]
                    for line in t.split("\n")) + 2 for c in range(len(header)))
    axes_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    table.set_fontsize(max(5.0, min(mpl.rcParams["xtick.labelsize"], axes_pt / (chars * 0.5))))
    for (r, c), cell in table.get_celld().items():
        cell.set_height((lines[r] + 0.6) / total)
        cell.set_edgecolor("0.8")
        cell.set_linewidth(0.5)
        cell.PAD = 0.04
        if r == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("0.93")
        elif d["disagree"].iloc[r - 1]:
            cell.set_facecolor("#fde0c5")
    ax.set_title(_wrap("Numbers stated for the same quantity (\u2260: the groups disagree)",
                       XLABEL_CHARS[_width_of(ax)] - 6))
    return ax


def _title_by(comparison: pd.DataFrame) -> str:
    return str(comparison["by"].iloc[0]) if "by" in comparison and len(comparison) else "group"
