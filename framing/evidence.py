"""The evidence table: one row per span that produced a number (docs/architecture.md)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

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


# pandas' default "string" dtype is Arrow-backed from pandas 3 on
_ARROW_STRINGS = pd.StringDtype().storage == "pyarrow"
_STRING_COLUMNS = frozenset({"doc_id", "scorer", "category", "pattern", "match"})
_NUMPY_DTYPES = {
    "sentence_index": np.int64,
    "start": np.int64,
    "end": np.int64,
    "negated": np.bool_,
    "compound": np.float64,
    "tone": np.float64,
}


def evidence_frame(rows: list[tuple]) -> pd.DataFrame:
    """Build the evidence DataFrame from full rows (in ``EVIDENCE_COLUMNS`` order) with stable dtypes:
    ``string`` for text columns, int64 offsets, bool ``negated``, float64 ``compound``/``tone``."""
    columns = list(zip(*rows)) if rows else [()] * len(EVIDENCE_COLUMNS)
    data = {}
    for name, values in zip(EVIDENCE_COLUMNS, columns):
        if name in _STRING_COLUMNS:
            if _ARROW_STRINGS:  # Arrow builds the strings in C: ~2x faster than pd.array
                data[name] = pd.arrays.ArrowStringArray(pa.array(values, type=pa.string()))
            else:
                data[name] = pd.array(list(values), dtype="string")
        else:
            data[name] = np.fromiter(values, dtype=_NUMPY_DTYPES[name], count=len(values))
    return pd.DataFrame(data)
