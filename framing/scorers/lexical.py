"""Lexicon scorers: stance (hedges, boosters, attribution), frames and sentiment targets.

All three count the matches of compiled lexicons (:mod:`framing.matcher`) per category; they differ
in the statistics they report. When the pipeline runs several of them it compiles all their lexicons
into one :class:`~framing.matcher.Matcher` and hands each scorer its share of the matches.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from framing.document import Document
from framing.errors import ParameterError
from framing.evidence import Evidence
from framing.lexicon import Lexicon, load_lexicon
from framing.matcher import Match, Matcher
from framing.scorers.base import per_1k, score_texts

LexiconSource = str | Path | Lexicon


class LexiconScorer:
    """Counts lexicon matches per category. Subclasses fix ``kind`` and the statistics."""

    kind: ClassVar[str] = ""
    prefix: ClassVar[str] = ""
    default_lexicons: ClassVar[tuple[str, ...]] = ()

    def __init__(self, lexicons: Sequence[LexiconSource] | None = None) -> None:
        self.lexicons = lexicons

    # -- lexicons ---------------------------------------------------------------------------
    def resolved_lexicons(self) -> list[Lexicon]:
        """The lexicons, loaded and checked to be of this scorer's kind."""
        cached = getattr(self, "_resolved", None)
        if cached is not None:
            return cached
        sources = self.default_lexicons if self.lexicons is None else self.lexicons
        if isinstance(sources, (str, Path, Lexicon)):
            sources = [sources]
        loaded = [s if isinstance(s, Lexicon) else load_lexicon(s) for s in sources]
        for lex in loaded:
            if lex.kind != self.kind:
                raise ParameterError(
                    f"{type(self).__name__} takes lexicons of kind '{self.kind}'. "
                    f"Got lexicon '{lex.name}' of kind '{lex.kind}'."
                )
        self._resolved = loaded
        return loaded

    def categories(self) -> list[str]:
        """Category ids of all lexicons, in lexicon order."""
        return [c.id for lex in self.resolved_lexicons() for c in lex.categories]

    def matcher(self) -> Matcher:
        cached = getattr(self, "_matcher", None)
        if cached is None:
            cached = self._matcher = Matcher(self.resolved_lexicons())
        return cached

    # -- scoring ----------------------------------------------------------------------------
    def score_document(self, doc: Document) -> tuple[dict[str, Any], list[Evidence]]:
        """Match this scorer's lexicons in ``doc`` and aggregate."""
        matches = self.matcher().find(
            doc.text, doc.sentences, skip=doc.skipped_indices, normalized=doc.normalized
        )
        return self.score_matches(doc, matches)

    def score_matches(
        self, doc: Document, matches: Sequence[Match]
    ) -> tuple[dict[str, Any], list[Evidence]]:
        """Aggregate matches (already filtered to this scorer's kind) into values and evidence."""
        by_category: dict[str, list[Match]] = defaultdict(list)
        evidence = []
        for m in matches:
            by_category[m.category].append(m)
            evidence.append(
                Evidence(
                    m.sentence_index, m.start, m.end, self.prefix, m.category,
                    f"{m.lexicon}:{m.pattern}", doc.text[m.start:m.end], m.negated,
                )
            )
        return self.statistics(doc, by_category), evidence

    def statistics(self, doc: Document, by_category: dict[str, list[Match]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for category in self.categories():
            count = len(by_category.get(category, ()))
            out[f"{self.prefix}__{category}__count"] = count
            out[f"{self.prefix}__{category}__per_1k"] = per_1k(count, doc.n_words)
        return out

    def score(self, texts: Any) -> Any:
        """One row per text with this scorer's columns."""
        return score_texts(self, texts, owner=f"{type(self).__name__}.score")


class StanceScorer(LexiconScorer):
    """Hedges, boosters and attribution (codebook §3): ``stance__<id>__count`` and ``__per_1k``."""

    kind = "stance"
    prefix = "stance"
    default_lexicons = ("stance",)


class FrameScorer(LexiconScorer):
    """Issue and generic frames: ``frame__<id>__count``, ``__per_1k`` and ``__present``.

    Decision rule: a frame is present in an article when it fires in at least
    ``present_min_sentences`` distinct scored sentences (a field of each lexicon; 1 unless the
    lexicon says otherwise, see docs/lexicons.md).
    """

    kind = "frames"
    prefix = "frame"
    default_lexicons = ("ai_race", "generic")

    def statistics(self, doc: Document, by_category: dict[str, list[Match]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for lex in self.resolved_lexicons():
            for category in lex.categories:
                matches = by_category.get(category.id, ())
                sentences = {m.sentence_index for m in matches}
                out[f"frame__{category.id}__count"] = len(matches)
                out[f"frame__{category.id}__per_1k"] = per_1k(len(matches), doc.n_words)
                out[f"frame__{category.id}__present"] = len(sentences) >= lex.present_min_sentences
        return out


class TargetScorer(LexiconScorer):
    """Targeted tone (codebook §4): for each target, how many scored sentences mention it
    (``target__<id>__n_sentences``) and their mean VADER compound (``target__<id>__compound_mean``,
    NaN when the target is not mentioned)."""

    kind = "targets"
    prefix = "target"
    default_lexicons = ("targets",)

    def statistics(self, doc: Document, by_category: dict[str, list[Match]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for category in self.categories():
            sentences = sorted({m.sentence_index for m in by_category.get(category, ())})
            values = [doc.compounds[i] for i in sentences]
            out[f"target__{category}__n_sentences"] = len(sentences)
            out[f"target__{category}__compound_mean"] = (
                sum(values) / len(values) if values else math.nan
            )
        return out
