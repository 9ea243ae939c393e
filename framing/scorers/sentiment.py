"""Sentence sentiment: VADER per sentence, aggregated per article, plus news-calibrated tone."""

from __future__ import annotations

import math
from functools import lru_cache
from operator import itemgetter
from typing import Any

import numpy as np

from framing.document import Document
from framing.evidence import Evidence
from framing.scorers.base import score_texts

# Hutto & Gilbert's recommended cut-offs for VADER's compound score (vaderSentiment README):
# compound >= 0.05 is positive, <= -0.05 negative, in between neutral.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05


@lru_cache(maxsize=1)
def vader():
    """The process-wide VADER analyzer (loading its lexicon takes ~50 ms)."""
    from framing.vader import VaderScorer

    return VaderScorer()


@lru_cache(maxsize=1)
def news_tone():
    """The process-wide news-tone model (see framing.tone)."""
    from framing.tone import NewsTone

    return NewsTone.load()


def sentence_label(compound: float) -> str:
    """``positive``/``negative``/``neutral`` by the VADER thresholds above."""
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def annotate(doc: Document, *, tone: bool = True) -> None:
    """Fill ``doc.compounds`` (VADER) and ``doc.tones`` (news tone) for scored sentences; NaN elsewhere.

    VADER runs once per sentence; the news-tone model reuses its scores as features.
    """
    text, scored = doc.text, doc.scored
    every = all(scored)
    if every:
        texts = [text[s:e] for s, e in doc.sentences]
    else:
        texts = [text[s:e] for (s, e), keep in zip(doc.sentences, scored) if keep]
    if tone and texts:
        polarity = vader().polarity_scores
        rows = [_VADER_FIELDS(polarity(t)) for t in texts]  # (compound, pos, neg, neu)
        compounds = [r[0] for r in rows]
        tones = news_tone().predict(texts, vader=np.array(rows, dtype=np.float64)).tolist()
    else:
        compounds = vader().compounds(texts)
        tones = [math.nan] * len(texts)
    if every:
        doc.compounds, doc.tones = compounds, tones
    else:
        it_c, it_t = iter(compounds), iter(tones)
        doc.compounds = [next(it_c) if keep else math.nan for keep in scored]
        doc.tones = [next(it_t) if keep else math.nan for keep in scored]


_VADER_FIELDS = itemgetter("compound", "pos", "neg", "neu")


class SentimentScorer:
    """VADER compound per sentence, aggregated per article.

    Columns: ``sentiment__compound_mean`` (mean over scored sentences),
    ``sentiment__negative_share`` / ``sentiment__positive_share`` (share of sentences at or beyond
    the thresholds ±0.05), ``sentiment__compound_whole_text`` (VADER on the whole scored text at once;
    for reference only: it saturates towards ±1 on long texts because VADER's normalisation
    ``x / sqrt(x² + 15)`` grows with the number of sentiment words), and ``sentiment__news_mean``
    (mean news-calibrated tone, −1..1, see :mod:`framing.tone`).
    """

    name = "sentiment"

    def __init__(self, *, whole_text: bool = True, news_tone: bool = True) -> None:
        self.whole_text = whole_text
        self.news_tone = news_tone

    def score_document(self, doc: Document) -> tuple[dict[str, Any], list[Evidence]]:
        """Aggregate the compounds already set on ``doc`` (see :func:`annotate`)."""
        evidence = [
            Evidence(i, start, end, "sentiment", sentence_label(c), "vader", doc.text[start:end])
            for i, ((start, end), c, keep) in enumerate(
                zip(doc.sentences, doc.compounds, doc.scored)
            )
            if keep
        ]
        return self.values(doc), evidence

    def values(self, doc: Document) -> dict[str, Any]:
        """The ``sentiment__*`` values of ``doc`` (annotated), without the evidence."""
        scored = doc.scored
        every = all(scored)
        values = doc.compounds if every else [c for c, keep in zip(doc.compounds, scored) if keep]
        n = len(values)
        out: dict[str, Any] = {
            "sentiment__compound_mean": sum(values) / n if n else math.nan,
            "sentiment__negative_share": (
                sum(c <= NEGATIVE_THRESHOLD for c in values) / n if n else math.nan
            ),
            "sentiment__positive_share": (
                sum(c >= POSITIVE_THRESHOLD for c in values) / n if n else math.nan
            ),
        }
        if self.whole_text:
            text = doc.text
            scored_text = " ".join(
                [text[s:e] for (s, e), keep in zip(doc.sentences, scored) if keep]
            )
            out["sentiment__compound_whole_text"] = vader().compound(scored_text) if n else math.nan
        if self.news_tone:
            tones = doc.tones if every else [t for t, keep in zip(doc.tones, scored) if keep]
            out["sentiment__news_mean"] = sum(tones) / len(tones) if tones else math.nan
        return out

    def score(self, texts: Any) -> Any:
        """One row per text with the ``sentiment__*`` columns."""
        return score_texts(self, texts, owner="SentimentScorer.score")
