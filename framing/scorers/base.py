"""What every scorer shares: the scorer protocol and the one-row-per-text façade."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from framing.document import Document, prepare
from framing.errors import ParameterError

if TYPE_CHECKING:
    from framing.evidence import Evidence


class Scorer(Protocol):
    """Turns a prepared document into prefixed values and the evidence behind them."""

    def score_document(self, doc: Document) -> tuple[dict[str, Any], list[Evidence]]: ...


def check_texts(texts: Any, *, owner: str) -> list[str]:
    """Return ``texts`` as a list of strings; reject the classic slip of passing one string."""
    if isinstance(texts, str):
        raise ParameterError(
            f"{owner} expects an iterable of texts (e.g. a list or a pandas Series). "
            f"Got a single string of {len(texts)} characters; wrap it in a list: [text]."
        )
    if not isinstance(texts, Iterable):
        raise ParameterError(
            f"{owner} expects an iterable of texts. Got {type(texts).__name__}."
        )
    out = list(texts)
    for i, text in enumerate(out):
        if not isinstance(text, str):
            raise ParameterError(
                f"{owner} expects every text to be a str. Item {i} is {type(text).__name__}."
            )
    return out


def score_texts(scorer: Scorer, texts: Any, *, owner: str) -> pd.DataFrame:
    """Score each text on its own: one row per text, in order, with ``n_words``/``n_sentences``."""
    from framing.scorers.sentiment import annotate

    rows = []
    for text in check_texts(texts, owner=owner):
        doc = prepare(text)
        annotate(doc)
        values, _ = scorer.score_document(doc)
        rows.append({"n_words": doc.n_words, "n_sentences": doc.n_sentences, **values})
    return pd.DataFrame(rows)


def per_1k(count: int, n_words: int) -> float:
    """Occurrences per 1,000 scored words (0.0 for an empty article)."""
    return count * 1000.0 / n_words if n_words else 0.0
