"""framing.report: a self-contained, escaped HTML report and its Markdown variant."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re

import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.report import build_report, top_evidence

EVIL = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def tables():
    from framing.compare import compare
    from framing.pipeline import score

    articles = pd.DataFrame({
        "doc_id": ["a1", "a2", "a3"],
        "outlet": ["Daily Planet", "unattributed-003", "Daily Planet"],
        "date": ["2025-01-27", "", ""], "title": ["T1", "T2", "T3"],
        "text": [
            (f"DeepSeek trained its model for less than $6 million, a fraction of the cost. {EVIL} "
            "Nvidia shares fell 13% as investors panicked."),
            ("Export controls have clearly failed, analysts said. The startup may have used "
            "smuggled chips. The training cost was $5.5 million."),
            ("The US remains firmly ahead in the AI race. Washington is considering tighter "
            "restrictions on chip exports to China."),
        ]})
    scores, evidence = score(articles, news_tone=False)
    comparison = compare(scores, evidence, n_boot=100, n_perm=0)
    return articles, scores, evidence, comparison


def test_report_html_is_self_contained_and_escapes_article_text(tables):
    articles, scores, evidence, comparison = tables
    doc = build_report(articles, scores, evidence, comparison=comparison, dpi=60)
    assert doc.startswith("<!DOCTYPE html>")
    assert "<script" not in doc
    assert "&lt;script&gt;" in doc  # the article's script shows as text
    sources = re.findall(r'(?:src|href)="([^"]*)"', doc)
    assert sources and all(s.startswith("data:image/svg+xml;base64,") for s in sources)
    assert "<link" not in doc and "@import" not in doc
    for section in ("Corpus", "Figures", "Comparison tables", "Evidence"):
        assert f"<h2>{section}" in doc
    assert "Small samples." in doc and "unattributed-003" in doc
    assert "<mark>" in doc


def test_report_markdown_escapes_and_inlines_png(tables):
    articles, scores, evidence, comparison = tables
    doc = build_report(articles, scores, evidence, comparison=comparison, format="markdown",
                       dpi=50)
    assert doc.startswith("# Framing report")
    assert "<script" not in doc
    assert "](data:image/png;base64," in doc
    assert "| group | mean sentence tone |" in doc


def test_report_top_evidence_marks_the_matched_words(tables):
    articles, scores, evidence, _ = tables
    top = top_evidence(evidence, meta=scores, top=1)
    assert top.groupby("frame").size().max() == 1
    text = dict(zip(articles["doc_id"], articles["text"]))
    for row in top.itertuples(index=False):
        assert text[row.doc_id][row.sentence_start:].startswith(row.sentence)
        for a, b in row.spans:
            assert 0 <= a < b <= len(row.sentence)


def test_report_bad_format_lists_the_valid_ones(tables):
    articles, scores, evidence, comparison = tables
    with pytest.raises(ParameterError, match=r"\['html', 'markdown'\]. Got 'pdf'"):
        build_report(articles, scores, evidence, comparison=comparison, format="pdf")
