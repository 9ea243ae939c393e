"""Sentence sentiment: VADER per sentence, aggregated per article, plus news-calibrated tone."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

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


def annotate(doc: Document, *, tone: bool = True) -> float:
    """Fill ``doc.compounds`` (VADER) and ``doc.tones`` (news tone) for scored sentences; NaN elsewhere.

    Returns the VADER compound of the scored text taken as one piece (NaN when nothing is scored).
    """
    scored = vader_pass(doc)
    tone_pass([doc], [scored], tone=tone)
    return scored.whole


class VaderPass(NamedTuple):
    """What :func:`vader_pass` found in one document: its scored sentences' texts, their VADER
    ``(compound, pos, neg, neu)``, and the whole-text compound (NaN if nothing is scored)."""

    sentences: list[str]
    polarities: list[tuple[float, float, float, float]]
    whole: float


def vader_pass(doc: Document) -> VaderPass:
    """Set ``doc.compounds`` and return the :class:`VaderPass` of ``doc``; the whole-text
    compound is VADER over the scored sentences joined by spaces.

    One tokenisation serves both (:meth:`framing.vader.VaderScorer.score_document`).
    """
    text, scored = doc.text, doc.scored
    every = all(scored)
    if every:
        texts = [text[s:e] for s, e in doc.sentences]
    else:
        texts = [text[s:e] for (s, e), keep in zip(doc.sentences, scored) if keep]
    polarities, whole = vader().score_document(texts)
    compounds = [p[0] for p in polarities]
    if every:
        doc.compounds = compounds
    else:
        it = iter(compounds)
        doc.compounds = [next(it) if keep else math.nan for keep in scored]
    return VaderPass(texts, polarities, whole if texts else math.nan)


def tone_pass(docs: Sequence[Document], passes: Sequence[VaderPass], *, tone: bool = True) -> None:
    """Set ``doc.tones`` for several documents with one call of the news-tone model.

    ``passes[k]`` is :func:`vader_pass`'s result for ``docs[k]``: the model scores its sentences
    and reuses their VADER scores as features. With ``tone=False`` every tone is NaN.
    """
    texts = [t for p in passes for t in p.sentences]
    if tone and texts:
        rows = np.array([r for p in passes for r in p.polarities], dtype=np.float64)
        values = news_tone().predict(texts, vader=rows).tolist()
    else:
        values = [math.nan] * len(texts)
    at = 0
    for doc, scored in zip(docs, passes):
        count = len(scored.sentences)
        mine = values[at:at + count]
        at += count
        if count == len(doc.scored):
            doc.tones = mine
        else:
            it = iter(mine)
            doc.tones = [next(it) if keep else math.nan for keep in doc.scored]


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

    def values(self, doc: Document, *, whole_text_compound: float | None = None) -> dict[str, Any]:
        """The ``sentiment__*`` values of ``doc`` (annotated), without the evidence.

        ``whole_text_compound`` is :func:`annotate`'s return value; computed here when not given.
        """
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
            if whole_text_compound is None:
                text = doc.text
                scored_text = " ".join(
                    [text[s:e] for (s, e), keep in zip(doc.sentences, scored) if keep]
                )
                whole_text_compound = vader().compound(scored_text) if n else math.nan
            out["sentiment__compound_whole_text"] = whole_text_compound
        if self.news_tone:
            tones = doc.tones if every else [t for t, keep in zip(doc.tones, scored) if keep]
            out["sentiment__news_mean"] = sum(tones) / len(tones) if tones else math.nan
        return out

    def score(self, texts: Any) -> Any:
        """One row per text with the ``sentiment__*`` columns."""
        return score_texts(self, texts, owner="SentimentScorer.score")
