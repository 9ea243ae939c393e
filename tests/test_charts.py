"""framing.charts: every chart on small literal tables; what is drawn equals the *_data rows."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection, QuadMesh
from matplotlib.patches import Rectangle

from framing import charts
from framing.errors import InputError, ParameterError

LONG = "unattributed-003"


def _unwrap(text: str) -> str:
    return text.replace("-\n", "-").replace("\n", " ")


@pytest.fixture
def fig_ax():
    with charts.theme("column"):
        fig, ax = charts.new_figure("column", 3.0)
        yield fig, ax


@pytest.fixture
def profile():
    rows = []
    for group, n_art in (("HODL FM", 1), (LONG, 6)):
        for frame, share in (("cost_efficiency", 0.25), ("market_shock", 0.5), ("my_frame", 0.0)):
            rows.append({"by": "outlet", "group": group, "frame": frame, "n_articles": n_art,
                         "articles_present": 1, "article_share": 1.0, "n_sentences": 20,
                         "sentences_with_frame": int(share * 20),
                         "sentence_share": share if group == LONG else share / 2,
                         "small_n": n_art <= 2})
    return pd.DataFrame(rows)


@pytest.fixture
def comparison():
    rows = []
    for group, n_art, base in (("A", 1, 0.1), (LONG, 8, 0.4)):
        rows.append({"by": "outlet", "group": group, "metric": "sentiment__compound_mean",
                     "statistic": "sentence_mean", "value": base, "ci_low": base - 0.1,
                     "ci_high": base + 0.15, "ci_method": "bootstrap_articles",
                     "n_articles": n_art, "n_sentences": 30, "n_words": 600,
                     "small_n": n_art <= 2})
        for cat, v in (("hedge", 5.0), ("booster", 2.0), ("attribution", 7.0)):
            for stat in ("pooled_per_1k", "mean_article_per_1k"):
                rows.append({"by": "outlet", "group": group, "metric": f"stance__{cat}__count",
                             "statistic": stat, "value": v + base, "ci_low": v - 1,
                             "ci_high": v + 2, "ci_method": "bootstrap_articles",
                             "n_articles": n_art, "n_sentences": 30, "n_words": 600,
                             "small_n": n_art <= 2})
    return pd.DataFrame(rows)


@pytest.fixture
def evidence():
    rows = []
    for doc, tones in (("d1", [0.5, -0.2, 0.1, 0.9]), ("d2", [-0.6, 0.0, 0.3])):
        for i, c in enumerate(tones):
            rows.append({"doc_id": doc, "sentence_index": i + 1, "start": 0, "end": 1,
                         "scorer": "sentiment", "category": "positive", "pattern": "vader",
                         "match": "x", "negated": False, "compound": c})
        rows.append({"doc_id": doc, "sentence_index": 1, "start": 0, "end": 1,
                     "scorer": "frame", "category": "cost_efficiency", "pattern": "p",
                     "match": "x", "negated": False, "compound": tones[0]})
    return pd.DataFrame(rows)


@pytest.fixture
def meta():
    return pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["HODL FM", LONG]})


def test_charts_frame_prevalence_heatmap_draws_the_data(fig_ax, profile):
    _fig, ax = fig_ax
    returned = charts.plot_frame_prevalence(profile, ax=ax)
    data = charts.frame_prevalence_data(profile)
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    frames = list(dict.fromkeys(data["frame"]))
    expected = data.pivot(index="frame", columns="group", values="percent").loc[
        frames, sorted(data["group"].unique())]
    assert returned is ax
    np.testing.assert_allclose(np.asarray(mesh.get_array()).reshape(expected.shape),
                               expected.to_numpy())
    assert frames[0] == "market_shock"  # most prevalent first
    assert "Frugal innovation" in [t.get_text() for t in ax.get_yticklabels()]  # shipped label
    assert "My frame" in [t.get_text() for t in ax.get_yticklabels()]  # unknown id prettified


def test_charts_frame_prevalence_bad_value_lists_the_valid_ones(profile):
    with pytest.raises(ParameterError, match=r"sentence_share.*article_share.*Got 'share'"):
        charts.frame_prevalence_data(profile, value="share")


def test_charts_frame_prevalence_missing_column_says_expected_and_received(profile):
    with pytest.raises(InputError, match=r"missing column\(s\) \['sentence_share'\]"):
        charts.frame_prevalence_data(profile.drop(columns="sentence_share"))


def test_charts_outlet_comparison_draws_values_intervals_and_hollow_small_n(fig_ax, comparison):
    _fig, ax = fig_ax
    charts.plot_outlet_comparison(comparison, ax=ax)
    data = charts.comparison_data(comparison, metric="sentiment__compound_mean")
    dots = [ln for ln in ax.lines if ln.get_marker() == "o"]
    bars = [ln for ln in ax.lines if ln.get_marker() in ("None", None, "") and
            len(ln.get_xdata()) == 2 and ln.get_ydata()[0] == ln.get_ydata()[1]]
    assert sorted(float(d.get_xdata()[0]) for d in dots) == sorted(data["value"])
    assert sorted(tuple(b.get_xdata()) for b in bars) == sorted(
        zip(data["ci_low"], data["ci_high"]))
    faces = {float(d.get_xdata()[0]): d.get_markerfacecolor() for d in dots}
    small = data.set_index("group").loc["A", "value"]
    assert faces[small] == "white"
    assert faces[data.set_index("group").loc[LONG, "value"]] != "white"


def test_charts_outlet_comparison_unknown_metric_lists_known(comparison):
    with pytest.raises(ParameterError, match=r"one of \[.*'sentiment__compound_mean'.*Got 'x'"):
        charts.comparison_data(comparison, metric="x")


def test_charts_stance_bar_lengths_equal_pooled_rates(fig_ax, comparison):
    _fig, ax = fig_ax
    charts.plot_stance(comparison, categories=["hedge", "booster"], ax=ax)
    data = charts.stance_data(comparison, categories=["hedge", "booster"])
    widths = sorted(p.get_width() for p in ax.patches
                    if isinstance(p, Rectangle) and p.get_width() > 0 and p.get_height() < 1)
    assert widths == pytest.approx(sorted(data["value"]))
    assert set(data["category"]) == {"hedge", "booster"}
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 2  # group "A" (1 article): both of its bars


def test_charts_stance_rejects_a_single_string(comparison):
    with pytest.raises(ParameterError, match="list of stance categories"):
        charts.stance_data(comparison, categories="hedge")


def test_charts_tone_distribution_dots_are_the_sentences(fig_ax, evidence, meta):
    _fig, ax = fig_ax
    charts.plot_tone_distribution(evidence, meta=meta, ax=ax)
    data = charts.tone_distribution_data(evidence, meta=meta)
    scatter = next(c for c in ax.collections if isinstance(c, PathCollection))
    assert sorted(scatter.get_offsets()[:, 0]) == pytest.approx(sorted(data["compound"]))
    assert len(data) == 7 and set(data["group"]) == {"HODL FM", LONG}


def test_charts_tone_distribution_needs_meta_when_evidence_lacks_the_group(evidence):
    with pytest.raises(ParameterError, match="expected meta="):
        charts.tone_distribution_data(evidence)


def test_charts_tone_trajectory_lines_are_rolling_means(fig_ax, evidence, meta):
    _fig, ax = fig_ax
    charts.plot_tone_trajectory(evidence, meta=meta, window=3, ax=ax)
    data = charts.tone_trajectory_data(evidence, meta=meta, window=3)
    d1 = data[data["doc_id"] == "d1"]
    assert d1["position"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert d1["smoothed"].tolist() == pytest.approx([0.15, 0.4 / 3, 0.8 / 3, 0.5])
    drawn = sorted(tuple(np.round(ln.get_ydata(), 9)) for ln in ax.lines if len(ln.get_ydata()) > 2)
    expected = sorted(tuple(np.round(p["smoothed"].to_numpy(), 9))
                      for _, p in data.groupby("doc_id"))
    assert drawn == expected


def test_charts_tone_trajectory_bad_window():
    with pytest.raises(ParameterError, match=r"'window'.*int >= 1. Got 0"):
        charts.tone_trajectory_data(pd.DataFrame(columns=["doc_id", "sentence_index", "scorer",
                                                          "compound", "outlet"]), window=0)


def test_charts_keyness_bars_are_the_top_overused_terms(fig_ax):
    table = pd.DataFrame({
        "group": ["A", "A", "A", LONG, LONG],
        "term": ["chips", "cheap", "rare", "race", "gap"],
        "log_odds": [1.0, 0.5, -0.3, 0.8, 0.2], "z": [2.0, 1.5, -1.0, 1.8, 0.4],
        "count_group": [5, 3, 0, 4, 2], "count_rest": [0, 1, 6, 1, 1],
        "per_1k_group": [5.0, 3, 0, 4, 2], "per_1k_rest": [0.0, 1, 6, 1, 1]})
    _fig, ax = fig_ax
    charts.plot_keyness(table, top=2, ax=ax)
    data = charts.keyness_data(table, top=2)
    assert data["term"].tolist() == ["chips", "cheap", "race", "gap"]  # negative z left out
    assert sorted(p.get_width() for p in ax.patches) == pytest.approx(sorted(data["value"]))


def test_charts_target_tone_dots_sit_at_the_tone(fig_ax):
    table = pd.DataFrame({"by": "outlet", "group": ["A", "A", LONG],
                          "target": ["china", "us", "china"], "tone": [0.3, -0.2, 0.5],
                          "n_sentences": [4, 2, 9], "n_articles": [1, 1, 5],
                          "article_mean": [0.3, -0.2, 0.5], "small_n": [True, True, False]})
    _fig, ax = fig_ax
    charts.plot_target_tone(table, ax=ax)
    xs = np.concatenate([c.get_offsets()[:, 0] for c in ax.collections
                         if isinstance(c, PathCollection)])
    assert sorted(xs) == pytest.approx(sorted(charts.target_tone_data(table)["tone"]))
    assert "China" in [t.get_text() for t in ax.get_yticklabels()]


def test_charts_claims_table_cells_are_the_data(fig_ax):
    aligned = pd.DataFrame({
        "quantity": ["training cost", "jobs", "founding date"], "kind": "money",
        "unit": "USD", "A": ["less than $6 million", "100,000 jobs", "2023"],
        LONG: ["just $5.5 million", "", "2023"], "values": "", "n_claims": [2, 1, 2],
        "n_groups": [2, 1, 2], "min_value": 0.0, "max_value": 0.0,
        "disagree": [True, False, False]})
    _fig, ax = fig_ax
    charts.plot_claims_table(aligned, ax=ax)
    data = charts.claims_table_data(aligned)
    assert data["quantity"].tolist() == ["training cost", "founding date"]  # shared only
    cells = ax.tables[0].get_celld()
    drawn = {_unwrap(cells[(1, c)].get_text().get_text()) for c in range(3)}
    assert drawn == {"\u2260 training cost", "less than $6 million", "just $5.5 million"}
    header = {_unwrap(cells[(0, c)].get_text().get_text()) for c in range(3)}
    assert LONG in header


def test_charts_wrap_breaks_after_hyphens_and_never_inside_words():
    assert charts._wrap(LONG, 12) == "unattributed-\n003"
    assert charts._wrap("Catching up, not surpassing", 14).replace("\n", " ") == \
        "Catching up, not surpassing"
    assert all(len(w) <= 14 or " " not in w for w in
               charts._wrap("Catching up, not surpassing", 14).split("\n"))


def test_charts_long_outlet_names_stay_inside_a_column_figure(comparison):
    with charts.theme("column"):
        fig, ax = charts.new_figure("column", 2.5)
        charts.plot_outlet_comparison(comparison, ax=ax)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        fig_box = fig.bbox
        for label in ax.get_yticklabels() + [ax.xaxis.label, ax.title]:
            box = label.get_window_extent(renderer)
            assert box.x0 >= fig_box.x0 - 1 and box.x1 <= fig_box.x1 + 1, label.get_text()
        assert any(LONG in t.get_text() for t in ax.get_yticklabels())


def test_charts_ax_none_draws_on_the_current_axes(comparison):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        assert charts.plot_outlet_comparison(comparison) is ax
    finally:
        plt.close(fig)


def test_charts_theme_is_colour_blind_palette_and_deterministic_svg():
    rc = charts.theme_rc("page")
    assert rc["svg.hashsalt"] == "framing"
    assert rc["font.sans-serif"] == ["DejaVu Sans"]
    palette = charts.group_palette(["b", "a", "c"])
    assert list(palette) == ["a", "b", "c"]
    assert len(set(palette.values())) == 3
    with pytest.raises(ParameterError, match=r"\['column', 'page'\]. Got 'wide'"):
        charts.theme_rc("wide")
