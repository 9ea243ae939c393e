"""framing: media-framing and bias analysis, explained sentence by sentence.

>>> import framing
>>> articles = framing.read_corpus()                 # the seed articles; or a folder / table
>>> scores, evidence = framing.score(articles)       # one row per article; one row per span
>>> from framing.compare import compare
>>> table = compare(scores, evidence)                # outlets side by side, with intervals

The public API is declared here and nowhere else (``tests/test_api.py`` keeps it honest).
Heavier analysis modules load on first use. ``framing.compare`` and ``framing.keyness`` are
modules (``from framing.compare import compare``); no top-level name shadows a submodule.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from framing.corpus import SkippedInput, iter_corpus, read_corpus, seeds_dir
from framing.errors import (
    FramingError,
    InputError,
    LexiconError,
    ModelError,
    ParameterError,
)
from framing.lexicon import Lexicon, dump_lexicon, load_lexicon, shipped_lexicon_names
from framing.matcher import Match, Matcher
from framing.pipeline import DEFAULT_LEXICONS, Analyzer, ScoreResult, score
from framing.scorers import (
    FrameScorer,
    SentimentScorer,
    StanceScorer,
    TargetScorer,
)
from framing.text import count_words, split_sentences, word_spans
from framing.vader import VaderScorer

__version__ = "0.1.0"

# name -> module for the parts that load on first use (scipy, scikit-learn, matplotlib, ...)
_LAZY: dict[str, str] = {
    "differences": "framing.compare",
    "frame_profile": "framing.compare",
    "frame_crosstab": "framing.compare",
    "target_tone": "framing.compare",
    "extract_claims": "framing.claims",
    "align_claims": "framing.claims",
    "shared_passages": "framing.reuse",
    "similarity": "framing.reuse",
    "NewsTone": "framing.tone",
}

__all__ = [
    "DEFAULT_LEXICONS",
    "Analyzer",
    "FrameScorer",
    "FramingError",
    "InputError",
    "Lexicon",
    "LexiconError",
    "Match",
    "Matcher",
    "ModelError",
    # loaded on first use (see _LAZY)
    "NewsTone",
    "ParameterError",
    "ScoreResult",
    "SentimentScorer",
    "SkippedInput",
    "StanceScorer",
    "TargetScorer",
    "VaderScorer",
    "__version__",
    "align_claims",
    "count_words",
    "differences",
    "dump_lexicon",
    "extract_claims",
    "frame_crosstab",
    "frame_profile",
    "iter_corpus",
    "load_lexicon",
    "read_corpus",
    "score",
    "seeds_dir",
    "shared_passages",
    "shipped_lexicon_names",
    "similarity",
    "split_sentences",
    "target_tone",
    "word_spans",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from framing.claims import align_claims, extract_claims
    from framing.compare import differences, frame_crosstab, frame_profile, target_tone
    from framing.reuse import shared_passages, similarity
    from framing.tone import NewsTone
