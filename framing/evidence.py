"""The evidence table: one row per span that produced a number (docs/architecture.md)."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

EVIDENCE_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sentence_index",
    "start",
    "end",
    "scorer",
    "category",
    "pattern",
    "match",
    "negated",
    "compound",
    "tone",
)


class Evidence(NamedTuple):
    """A span of one article that a scorer counted. Offsets index the article text."""

    sentence_index: int
    start: int
    end: int
    scorer: str
    category: str
    pattern: str
    match: str
    negated: bool = False


def evidence_frame(rows: list[tuple]) -> pd.DataFrame:
    """Build the evidence DataFrame from full rows (in ``EVIDENCE_COLUMNS`` order) with stable dtypes."""
    frame = pd.DataFrame.from_records(rows, columns=list(EVIDENCE_COLUMNS))
    return frame.astype(
        {
            "doc_id": "string",
            "sentence_index": "int64",
            "start": "int64",
            "end": "int64",
            "scorer": "string",
            "category": "string",
            "pattern": "string",
            "match": "string",
            "negated": "bool",
            "compound": "float64",
            "tone": "float64",
        }
    )
