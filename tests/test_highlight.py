"""framing.highlight: evidence spans as escaped, highlighted HTML."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from framing.evidence import evidence_frame
from framing.highlight import (
    highlight_html,
    highlight_spans,
    layer_of,
    legend_html,
    span_changes,
    tone_colour,
    tone_strip_html,
)

TEXT = "Analysts said it could be cheap. <script>alert(1)</script>\nSource: Wire"
#       0         1         2         3         4         5         6


def _ev(*rows: tuple) -> pd.DataFrame:
    """Evidence rows (doc_id, sentence_index, start, end, scorer, category, pattern, match)."""
    full = [(*r, False, 0.1, float("nan")) for r in rows]
    return evidence_frame(full)


def _row(scorer: str, category: str, start: int, end: int, doc: str = "d", sent: int = 0):
    return (doc, sent, start, end, scorer, category, f"lex:{category}", TEXT[start:end])


EVIDENCE = _ev(
    _row("sentiment", "neutral", 0, 32),
    _row("stance", "attribution", 0, 13),        # "Analysts said"
    _row("stance", "hedge", 17, 22),             # "could"
    _row("frame", "cost_efficiency", 17, 31),    # "could be cheap" overlaps the hedge
    _row("boilerplate", "source_line", 59, 71, sent=2),
)


def test_highlight_layer_of_maps_scorers_to_layers():
    assert layer_of("frame", "market_shock") == "frame"
    assert layer_of("stance", "hedge") == "hedge"
    assert layer_of("boilerplate", "promotion") == "boilerplate"
    assert layer_of("sentiment", "positive") is None


def test_highlight_spans_keeps_layers_and_boilerplate_sorted():
    spans = highlight_spans(EVIDENCE, "d")
    assert list(spans["layer"]) == ["attribution", "hedge", "frame", "boilerplate"]
    only = highlight_spans(EVIDENCE, "d", categories=["hedge"])
    assert list(only["layer"]) == ["hedge", "boilerplate"]


def test_highlight_spans_rejects_unknown_layer():
    with pytest.raises(ValueError, match="unknown layer.*'frames'"):
        highlight_spans(EVIDENCE, layers=["frames"])


def test_highlight_html_escapes_article_text():
    out = highlight_html(TEXT, highlight_spans(EVIDENCE, "d"))
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_highlight_html_escapes_img_onerror_and_attribute_values():
    text = 'x <img src=x onerror=alert(1)> "q"'
    ev = _ev(("d", 0, 2, 30, "frame", 'evil"><img src=x onerror=alert(2)>', "p", text[2:30]))
    out = highlight_html(text, highlight_spans(ev))
    assert "<img" not in out
    assert 'onerror=alert(2)>"' not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out


def test_highlight_html_keeps_text_exactly_once():
    out = highlight_html(TEXT, highlight_spans(EVIDENCE, "d"))
    visible = re.sub(r"<[^>]+>", "", out)
    import html as _html

    assert _html.unescape(visible) == TEXT


def test_highlight_html_overlap_gets_one_band_per_layer():
    out = highlight_html(TEXT, highlight_spans(EVIDENCE, "d"))
    assert '<mark class="fr-hl" data-layers="frame hedge"' in out  # "could": both layers
    assert "linear-gradient" in out
    assert '<mark class="fr-hl" data-layers="frame" ' in out        # " be cheap"


def test_highlight_html_greys_boilerplate():
    out = highlight_html(TEXT, highlight_spans(EVIDENCE, "d"))
    assert re.search(r'<span class="fr-boilerplate"[^>]*>Source: Wire</span>', out)


def test_highlight_html_ignores_spans_outside_text():
    ev = _ev(("d", 0, 5, 500, "frame", "x", "p", "?"))
    out = highlight_html("short", highlight_spans(ev))
    assert out.count("<mark") == 0


def test_highlight_legend_lists_layers():
    out = legend_html(["frame", "hedge"])
    assert "Frame" in out and "Hedge" in out and "Booster" not in out
    assert "Boilerplate" in out


def test_highlight_tone_colour_diverges_and_handles_nan():
    assert tone_colour(0.0) == "rgb(255, 255, 255)"
    assert tone_colour(-1.0) == "rgb(213, 94, 0)"
    assert tone_colour(1.0) == "rgb(0, 114, 178)"
    assert tone_colour(float("nan")) == "#e5e7eb"


def test_highlight_tone_strip_one_cell_per_sentence_escaped():
    ev = _ev(("d", 0, 0, 9, "sentiment", "negative", "vader", "<b>bad</b>"),
             ("d", 1, 10, 19, "sentiment", "positive", "vader", "good"))
    out = tone_strip_html(ev, "d")
    assert out.count("fr-tone-cell") == 2
    assert "<b>" not in out and "&lt;b&gt;" in out


def test_highlight_span_changes_reports_started_and_stopped():
    after = _ev(_row("stance", "hedge", 17, 22), _row("frame", "market_shock", 26, 31))
    out = span_changes(EVIDENCE, after)
    got = {(r.status, r.category) for r in out.itertuples()}
    assert got == {("stopped", "attribution"), ("stopped", "cost_efficiency"),
                   ("started", "market_shock")}


def test_highlight_on_seed_evidence_roundtrips_text(seed_articles):
    from framing.pipeline import score

    art = seed_articles.iloc[[2]]
    result = score(art, news_tone=False)
    text = art["text"].iloc[0]
    out = highlight_html(text, highlight_spans(result.evidence))
    import html as _html

    assert _html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert "fr-boilerplate" in out  # the HODL FM disclaimer
