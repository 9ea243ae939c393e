"""Scorers: each turns a prepared :class:`~framing.document.Document` into prefixed values and evidence.

| scorer | columns |
|---|---|
| :class:`SentimentScorer` | ``sentiment__*`` (VADER per sentence, aggregated; news-calibrated tone) |
| :class:`StanceScorer` | ``stance__<hedge|booster|attribution>__count`` / ``__per_1k`` |
| :class:`FrameScorer` | ``frame__<id>__count`` / ``__per_1k`` / ``__present`` |
| :class:`TargetScorer` | ``target__<id>__n_sentences`` / ``__compound_mean`` |

Each has ``score(texts) -> DataFrame`` (one row per text) for use on its own.
"""

from framing.scorers.lexical import FrameScorer, LexiconScorer, StanceScorer, TargetScorer
from framing.scorers.sentiment import SentimentScorer

__all__ = ["FrameScorer", "LexiconScorer", "SentimentScorer", "StanceScorer", "TargetScorer"]
