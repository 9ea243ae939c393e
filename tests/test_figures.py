"""framing.figures: the figure set writer writes every file, the CSVs hold what is drawn, and
SVG/PDF output is byte-stable."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.collections import PathCollection, QuadMesh

from framing import charts
from framing.errors import ParameterError
from framing.figures import figure_specs, render, write_figure_set
from framing.tables import read_table

EXPECTED = ["01_frame_prevalence", "02_tone_by_group", "03_tone_distribution",
            "04_tone_trajectory", "05_hedging_boosting", "06_target_tone", "07_keyness",
            "08_claims"]


@pytest.fixture(scope="module")
def seeds():
    from framing.compare import compare
    from framing.corpus import read_corpus
    from framing.pipeline import score

    articles = read_corpus(None)
    scores, evidence = score(articles, news_tone=False)
    comparison = compare(scores, evidence, n_boot=200, n_perm=0)
    return articles, scores, evidence, comparison


@pytest.fixture(scope="module")
def written(seeds, tmp_path_factory):
    articles, scores, evidence, comparison = seeds
    out = tmp_path_factory.mktemp("figs")
    paths = write_figure_set(scores, evidence, articles, out, formats="png,svg,pdf", dpi=72,
                             comparison=comparison)
    return out, paths


def test_figures_writer_writes_every_file(written):
    out, paths = written
    expected = {f"{name}.{ext}" for name in EXPECTED
                for ext in ("png", "svg", "pdf", "csv", "txt")}
    assert {p.name for p in paths} == expected
    assert {p.name for p in out.iterdir()} == expected  # no temporary files left behind
    assert all(p.stat().st_size > 0 for p in paths)
    assert (out / "01_frame_prevalence.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "01_frame_prevalence.pdf").read_bytes()[:5] == b"%PDF-"


def test_figures_captions_give_n_and_the_small_n_caveat(written):
    out, _ = written
    caption = (out / "02_tone_by_group.txt").read_text(encoding="utf-8")
    assert "5 articles from 5 outlet values" in caption
    assert "2 or fewer articles" in caption


def test_figures_csv_equals_the_drawn_heatmap(seeds, written):
    articles, scores, evidence, comparison = seeds
    out, _ = written
    csv = read_table(out / "01_frame_prevalence.csv")
    spec = next(s for s in figure_specs(scores, evidence, articles, comparison=comparison)
                if s.name == "01_frame_prevalence")
    with charts.theme("page"):
        fig = render(spec)
    mesh = next(c for c in fig.axes[0].collections if isinstance(c, QuadMesh))
    frames = list(dict.fromkeys(csv["frame"]))
    wide = csv.pivot(index="frame", columns="group", values="percent").loc[
        frames, sorted(csv["group"].unique())]
    np.testing.assert_allclose(np.asarray(mesh.get_array()).reshape(wide.shape),
                               wide.to_numpy())


def test_figures_csv_equals_the_drawn_dots_and_bars(seeds, written):
    articles, scores, evidence, comparison = seeds
    out, _ = written
    specs = {s.name: s for s in figure_specs(scores, evidence, articles, comparison=comparison)}
    with charts.theme("page"):
        tone_ax = render(specs["02_tone_by_group"]).axes[0]
        stance_ax = render(specs["05_hedging_boosting"]).axes[0]
        dist_ax = render(specs["03_tone_distribution"]).axes[0]
    tone = read_table(out / "02_tone_by_group.csv")
    dots = sorted(float(ln.get_xdata()[0]) for ln in tone_ax.lines if ln.get_marker() == "o")
    assert dots == pytest.approx(sorted(tone["value"]))
    stance = read_table(out / "05_hedging_boosting.csv")
    widths = sorted(p.get_width() for p in stance_ax.patches if p.get_height() < 1)
    assert widths == pytest.approx(sorted(stance["value"]))
    dist = read_table(out / "03_tone_distribution.csv")
    scatter = next(c for c in dist_ax.collections if isinstance(c, PathCollection))
    assert sorted(scatter.get_offsets()[:, 0]) == pytest.approx(sorted(dist["compound"]))
    assert len(dist) == int(scores["n_sentences"].sum())


def test_figures_svg_and_pdf_are_byte_stable(seeds, tmp_path):
    _, scores, evidence, comparison = seeds
    first = write_figure_set(scores, evidence, None, tmp_path / "a", formats=["svg", "pdf"],
                             comparison=comparison)
    second = write_figure_set(scores, evidence, None, tmp_path / "b", formats=["svg", "pdf"],
                              comparison=comparison)
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    svg = first[0].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    assert b"CreationDate" not in next(p for p in first if p.suffix == ".pdf").read_bytes()


def test_figures_without_articles_leave_out_the_text_figures(seeds):
    _, scores, evidence, comparison = seeds
    names = [s.name for s in figure_specs(scores, evidence, None, comparison=comparison)]
    assert names == EXPECTED[:6]


def test_figures_bad_format_lists_the_valid_ones(seeds, tmp_path):
    _, scores, evidence, comparison = seeds
    with pytest.raises(ParameterError, match=r"\['png', 'svg', 'pdf'\]. Got 'png,jpg'"):
        write_figure_set(scores, evidence, None, tmp_path, formats="png,jpg",
                         comparison=comparison)
    with pytest.raises(ParameterError, match=r"'dpi'.*Got 0"):
        write_figure_set(scores, evidence, None, tmp_path, dpi=0, comparison=comparison)
