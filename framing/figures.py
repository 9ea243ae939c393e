"""The figure set for a write-up: every chart of :mod:`framing.charts`, written to a folder.

Each figure ``NN_name`` is written as ``NN_name.<format>`` for each requested format, beside
``NN_name.csv`` (exactly the rows the chart draws) and ``NN_name.txt`` (a caption: what it
shows, how many articles and sentences, and the small-n caveat). Output is deterministic: the
same tables give the same SVG and PDF bytes (fixed SVG hash salt, no dates in metadata, text
drawn as paths with the DejaVu Sans font shipped with matplotlib).

>>> paths = write_figure_set(scores, evidence, articles, "figs", formats=("png", "svg"))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from framing import charts
from framing.compare import SMALL_N_MAX, _check_table
from framing.errors import ParameterError
from framing.tables import atomic_output, write_table, write_text

__all__ = ["FigureSpec", "figure_specs", "render", "save_figure", "write_figure_set"]

Format = Literal["png", "svg", "pdf"]
FORMATS: tuple[str, ...] = get_args(Format)

# Metadata that would make two runs differ (dates) is removed; the rest is fixed.
_METADATA: dict[str, dict[str, str | None]] = {
    "svg": {"Date": None, "Creator": "framing (matplotlib)"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "framing (matplotlib)",
            "Producer": "framing (matplotlib)"},
    "png": {"Software": "framing (matplotlib)"},
}
# Inches of height per drawn row (frame, group, term, target) plus a fixed part for titles,
# axis labels and legends; tuned by eye on the seeds at 3.5 and 7 in widths.
ROW_HEIGHT = {"column": 0.22, "page": 0.24}
BASE_HEIGHT = {"column": 1.2, "page": 1.1}
# Comparison settings used when the caller passes no comparison table: no permutation tests
# (the charts draw intervals, not p-values).
N_BOOT = 2000
# Terms shown per group in the keyness figure (5 groups x 5 terms stays under a page).
KEYNESS_TOP = 5


@dataclass(frozen=True)
class FigureSpec:
    """One figure: its file stem, the rows it draws, how to draw them, its caption."""

    name: str
    data: pd.DataFrame
    draw: Callable[[Axes], Axes]
    caption: str
    height: float  # inches


def _corpus_line(scores: pd.DataFrame, by: str) -> str:
    n_art = len(scores)
    groups = scores[by].fillna("").astype(str)
    small = (groups.value_counts() <= SMALL_N_MAX).sum()
    line = (f"{n_art:,} articles from {groups.nunique():,} {by} values, "
            f"{int(scores['n_sentences'].sum()):,} scored sentences, "
            f"{int(scores['n_words'].sum()):,} words (boilerplate left out).")
    if small:
        line += (f" {small} of the {groups.nunique()} groups have {SMALL_N_MAX} or fewer "
                 "articles: their numbers describe those articles, not the outlet, and their "
                 "intervals resample sentences, which makes them too narrow.")
    return line


def figure_specs(scores: pd.DataFrame, evidence: pd.DataFrame,
                 articles: pd.DataFrame | None = None, *, by: str = "outlet",
                 comparison: pd.DataFrame | None = None, width: charts.Width = "page",
                 labels: dict[str, str] | None = None) -> list[FigureSpec]:
    """The figures the tables allow, in order. Without ``articles`` the keyness and claims
    figures are left out (they need the text)."""
    from framing.compare import compare, frame_profile, target_tone

    func = "figure_specs"
    _check_table(scores, ["doc_id", by, "n_words", "n_sentences"], "scores", func)
    _check_table(evidence, ["doc_id", "sentence_index", "scorer", "category", "compound"],
                 "evidence", func)
    charts._check_width(width, func)
    if comparison is None:
        comparison = compare(scores, evidence, by=by, n_boot=N_BOOT, n_perm=0)
    corpus = _corpus_line(scores, by)

    def h(rows: float, row: float | None = None, legend: int = 0) -> float:
        """Height for ``rows`` drawn rows; a column figure also makes room for the legend
        rows it puts below the plot (a page figure puts the legend on the right)."""
        extra = 0.13 * legend if width == "column" else 0.0
        return BASE_HEIGHT[width] + (row or ROW_HEIGHT[width]) * rows + extra
    specs: list[FigureSpec] = []

    profile = frame_profile(scores, evidence, by=by)
    d = charts.frame_prevalence_data(profile, labels=labels)
    if not d.empty:
        specs.append(FigureSpec(
            "01_frame_prevalence", d,
            lambda ax: charts.plot_frame_prevalence(profile, labels=labels, ax=ax),
            "Frame prevalence: the percentage of each group's scored sentences in which the "
            "framing lexicons find the frame (a sentence can carry several frames). "
            + corpus, h(d["frame"].nunique() + 3, 0.22)))

    tone = charts.comparison_data(comparison, metric="sentiment__compound_mean",
                                  statistic="sentence_mean")
    specs.append(FigureSpec(
        "02_tone_by_group", tone,
        lambda ax: charts.plot_outlet_comparison(comparison, metric="sentiment__compound_mean",
                                                 statistic="sentence_mean", ax=ax),
        "Mean sentence tone per group (VADER compound, -1 to 1) with 95% percentile-bootstrap "
        "intervals (over articles, or over sentences within articles for groups with fewer than "
        "5 articles: see ci_method in the CSV). Hollow dots: groups with "
        f"{SMALL_N_MAX} or fewer articles. " + corpus, h(len(tone) * 1.5, legend=2)))

    dist = charts.tone_distribution_data(evidence, meta=scores, by=by)
    specs.append(FigureSpec(
        "03_tone_distribution", dist,
        lambda ax: charts.plot_tone_distribution(evidence, meta=scores, by=by, ax=ax),
        "The tone of every scored sentence (dots, VADER compound, -1 to 1; orange negative, "
        "blue positive) with each group's quartiles and median (box; whiskers to 1.5 IQR). "
        "Dots are jittered vertically only. " + corpus,
        h(dist["group"].nunique() * 1.8, legend=2)))

    traj = charts.tone_trajectory_data(evidence, meta=scores, by=by)
    specs.append(FigureSpec(
        "04_tone_trajectory", traj,
        lambda ax: charts.plot_tone_trajectory(evidence, meta=scores, by=by, ax=ax),
        "Tone through each article: sentence position (0 = first scored sentence, 1 = last) "
        "against sentence tone (dots) and its centred rolling mean over 3 sentences (lines; "
        "column 'smoothed' in the CSV), one line per article, coloured by group. " + corpus,
        h(7, legend=(traj["group"].nunique() + 1) // 2 * 2)))

    stance = charts.stance_data(comparison) if any(
        str(m).startswith("stance__") for m in comparison["metric"]) else pd.DataFrame()
    if not stance.empty:
        specs.append(FigureSpec(
            "05_hedging_boosting", stance,
            lambda ax: charts.plot_stance(comparison, ax=ax),
            "Hedging (may, could, appears ...) and boosting (clearly, firmly ...) per group, in "
            "mentions per 1,000 words pooled over the group's articles, with 95% bootstrap "
            f"intervals. Hatched bars: groups with {SMALL_N_MAX} or fewer articles. " + corpus,
            h(stance["group"].nunique() * 1.8, legend=4)))

    tt = target_tone(evidence, by=by, meta=scores)
    ttd = charts.target_tone_data(tt, labels=labels)
    if not ttd.empty:
        specs.append(FigureSpec(
            "06_target_tone", ttd,
            lambda ax: charts.plot_target_tone(tt, labels=labels, ax=ax),
            "Tone toward each target: the mean VADER compound of the sentences that mention it, "
            "per group (n_sentences in the CSV says how many sentences each dot rests on). "
            f"Hollow dots: {SMALL_N_MAX} or fewer articles mention the target in that group. "
            + corpus, h(ttd["target"].nunique() * max(1.0, ttd["group"].nunique() * 0.4),
                        legend=ttd["group"].nunique() + 2)))

    if articles is not None:
        _check_table(articles, ["doc_id", "text", by], "articles", func)
        from framing.claims import align_claims, extract_claims
        from framing.keyness import keyness

        if articles[by].fillna("").astype(str).nunique() >= 2:
            kt = keyness(articles, by=by)
            kd = charts.keyness_data(kt, top=KEYNESS_TOP)
            if not kd.empty:
                specs.append(FigureSpec(
                    "07_keyness", kd, lambda ax: charts.plot_keyness(kt, top=KEYNESS_TOP, ax=ax),
                    "Distinctive terms: for each group, the 1-3 word terms it uses more than all "
                    "other groups together, ranked by the z-score of the log-odds ratio with an "
                    "informative Dirichlet prior (Monroe, Colaresi & Quinn 2008); the count in "
                    "brackets is the term's count in the group. " + corpus,
                    h(len(kd) + 1.3 * kd["group"].nunique(), 0.16)))
        claims = extract_claims(articles)
        if by == "outlet" and not claims.empty:
            aligned = align_claims(claims, by="outlet")
            cd = charts.claims_table_data(aligned)
            if not cd.empty:
                lines = charts.claims_table_layout(cd, width)[3]
                size = charts.FONT_SIZE[width] - 0.5
                specs.append(FigureSpec(
                    "08_claims", cd, lambda ax: charts.plot_claims_table(aligned, ax=ax),
                    "Numeric claims stated by two or more groups, as written (qualifiers such as "
                    "'less than' kept); shaded rows marked \u2260 are quantities on which groups "
                    "disagree (values more than 1% apart, or a different date). " + corpus,
                    0.45 + sum(n + 0.6 for n in lines) * size * 1.3 / 72))
    return specs


def render(spec: FigureSpec, width: charts.Width = "page") -> Figure:
    """Draw ``spec`` on a new Figure of ``width`` (call inside ``charts.theme(width)``)."""
    fig, ax = charts.new_figure(width, spec.height)
    spec.draw(ax)
    return fig


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 300) -> Path:
    """Save ``fig`` to ``path`` (format from the extension) without dates in the metadata, so
    the same figure gives the same SVG/PDF bytes."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ParameterError(f"Cannot tell the figure format of '{path}': expected one of "
                             f"{['.' + f for f in FORMATS]}. Got '{path.suffix or '(none)'}'.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as tmp:
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt], facecolor="white")
    return path


def _formats(formats: Sequence[str] | str) -> list[str]:
    items = [f.strip().lower().lstrip(".") for f in
             (formats.split(",") if isinstance(formats, str) else formats)]
    bad = [f for f in items if f not in FORMATS]
    if bad or not items:
        raise ParameterError(f"The 'formats' parameter of write_figure_set must list formats "
                             f"among {list(FORMATS)}. Got {list(formats) if not isinstance(formats, str) else formats!r}.")
    return list(dict.fromkeys(items))


def write_figure_set(scores: pd.DataFrame, evidence: pd.DataFrame,
                     articles: pd.DataFrame | None = None, out_dir: str | Path = "figures",
                     formats: Sequence[str] | str = ("png", "svg", "pdf"), dpi: int = 300, *,
                     by: str = "outlet", width: charts.Width = "page",
                     comparison: pd.DataFrame | None = None,
                     labels: dict[str, str] | None = None) -> list[Path]:
    """Write every figure in ``formats`` with its ``.csv`` and caption ``.txt`` to ``out_dir``.

    ``formats`` is a list or a comma-separated string ("png,svg,pdf"). ``width`` is "column"
    (3.5 in) or "page" (7 in). Returns the written paths in order.
    """
    func = "write_figure_set"
    fmts = _formats(formats)
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 50 <= dpi <= 1200:
        raise ParameterError(f"The 'dpi' parameter of {func} must be an int from 50 to 1200. "
                             f"Got {dpi!r}.")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with charts.theme(width):
        for spec in figure_specs(scores, evidence, articles, by=by, comparison=comparison,
                                 width=width, labels=labels):
            fig = render(spec, width)
            for fmt in fmts:
                written.append(save_figure(fig, out / f"{spec.name}.{fmt}", dpi=dpi))
            written.append(write_table(spec.data, out / f"{spec.name}.csv"))
            written.append(write_text(spec.caption + "\n", out / f"{spec.name}.txt"))
    return written
