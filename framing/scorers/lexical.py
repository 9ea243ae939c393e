"""Lexicon scorers: stance (hedges, boosters, attribution), frames and sentiment targets.

All three count the matches of compiled lexicons (:mod:`framing.matcher`) per category; they differ
in the statistics they report. When the pipeline runs several of them it compiles all their lexicons
into one :class:`~framing.matcher.Matcher` and hands each scorer its share of the matches.
"""

from __future__ import annotations

import math
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
    # the two statistics per category, in column order
    column_statistics: ClassVar[tuple[str, str]] = ("count", "per_1k")

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
        evidence = [
            Evidence(
                m.sentence_index, m.start, m.end, self.prefix, m.category,
                f"{m.lexicon}:{m.pattern}", doc.text[m.start:m.end], m.negated,
            )
            for m in matches
        ]
        return self.statistics(doc, self.group(matches)), evidence

    @staticmethod
    def group(matches: Sequence[Match]) -> dict[str, list[Match]]:
        """Matches by category, in order."""
        by_category: dict[str, list[Match]] = {}
        for m in matches:
            found = by_category.get(m.category)
            if found is None:
                by_category[m.category] = [m]
            else:
                found.append(m)
        return by_category

    def _columns(self) -> list[tuple[str, str, str]]:
        """``(category, first column, second column)`` per category, named by
        ``column_statistics``; built once."""
        cached = getattr(self, "_column_names", None)
        if cached is None:
            first, second = self.column_statistics
            cached = self._column_names = [
                (c, f"{self.prefix}__{c}__{first}", f"{self.prefix}__{c}__{second}")
                for c in self.categories()
            ]
        return cached

    def statistics(self, doc: Document, by_category: dict[str, list[Match]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        n_words = doc.n_words
        for category, count_column, per_1k_column in self._columns():
            count = len(by_category.get(category, ()))
            out[count_column] = count
            out[per_1k_column] = per_1k(count, n_words)
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

    Decision rule: a frame is present in an article when it is found in at least
    ``present_min_sentences`` distinct scored sentences (a field of each lexicon; 1 unless the
    lexicon says otherwise, see docs/lexicons.md). In :func:`framing.score` a sentence counts
    when a pattern fires in it or the lexicon's sentence model flags it
    (:mod:`framing.frame_model`); the counts stay counts of pattern matches.
    """

    kind = "frames"
    prefix = "frame"
    default_lexicons = ("ai_race", "generic")

    def statistics(self, doc: Document, by_category: dict[str, list[Match]],
                   model_sentences: dict[str, set[int]] | None = None) -> dict[str, Any]:
        """The columns of one article. ``model_sentences``: per category, the indices of the
        sentences a sentence model flagged; they join the matched sentences in ``__present``."""
        out: dict[str, Any] = {}
        n_words = doc.n_words
        for category, min_sentences, count_column, per_1k_column, present_column in self._frames():
            matches = by_category.get(category, ())
            out[count_column] = len(matches)
            out[per_1k_column] = per_1k(len(matches), n_words)
            sentences = {m.sentence_index for m in matches}
            if model_sentences and category in model_sentences:
                sentences |= model_sentences[category]
            out[present_column] = len(sentences) >= min_sentences
        return out

    def _frames(self) -> list[tuple[str, int, str, str, str]]:
        cached = getattr(self, "_frame_columns", None)
        if cached is None:
            cached = self._frame_columns = [
                (c.id, lex.present_min_sentences, f"frame__{c.id}__count",
                 f"frame__{c.id}__per_1k", f"frame__{c.id}__present")
                for lex in self.resolved_lexicons()
                for c in lex.categories
            ]
        return cached


class TargetScorer(LexiconScorer):
    """Targeted tone (codebook §4): for each target, how many scored sentences mention it
    (``target__<id>__n_sentences``) and their mean VADER compound (``target__<id>__compound_mean``,
    NaN when the target is not mentioned)."""

    kind = "targets"
    prefix = "target"
    default_lexicons = ("targets",)
    column_statistics = ("n_sentences", "compound_mean")

    def statistics(self, doc: Document, by_category: dict[str, list[Match]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        compounds = doc.compounds
        for category, n_column, mean_column in self._columns():
            matches = by_category.get(category)
            if matches:
                sentences = sorted({m.sentence_index for m in matches})
                values = [compounds[i] for i in sentences]
                out[n_column] = len(sentences)
                out[mean_column] = sum(values) / len(values)
            else:
                out[n_column] = 0
                out[mean_column] = math.nan
        return out
