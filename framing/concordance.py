"""Keyword in context: every occurrence of a word or phrase, with the text on either side.

Reading a term in its contexts is how a lexicon author checks what a pattern really catches
(quanteda calls it ``kwic``). The index over each article's words is nltk's
:class:`nltk.text.ConcordanceIndex` (no data download needed); the words and their character
offsets come from :func:`framing.text.word_spans`, so every row points back into the article:
``text[start:end] == match``.
"""

from __future__ import annotations

import re

import pandas as pd
from nltk.text import ConcordanceIndex

from framing.errors import ParameterError
from framing.text import normalize_for_matching, word_spans

# Characters of context shown on each side by default: about ten words, enough to read the
# clause a term sits in without printing whole sentences.
DEFAULT_WIDTH = 60

_SPACE_RUN = re.compile(r"\s+")

CONCORDANCE_COLUMNS = ("doc_id", "outlet", "start", "end", "left", "match", "right")


def concordance(articles: pd.DataFrame, query: str, *, width: int = DEFAULT_WIDTH) -> pd.DataFrame:
    """Every occurrence of ``query`` (one or more words, case-insensitive) in ``articles``.

    Returns one row per occurrence: ``doc_id, outlet, start, end, left, match, right``, where
    ``left``/``right`` are up to ``width`` characters of context (line breaks shown as spaces).
    Words are compared after folding case and curly apostrophes ("China’s" finds "China's").
    """
    if not isinstance(query, str) or not query.strip():
        raise ParameterError(f"concordance expects a non-empty query string. Got {query!r}.")
    if not isinstance(width, int) or isinstance(width, bool) or width < 0:
        raise ParameterError(
            f"The 'width' parameter of concordance must be a non-negative int. Got {width!r}."
        )
    if "text" not in articles.columns:
        raise ParameterError(
            "concordance expects an articles table with a 'text' column. "
            f"Got columns: {', '.join(map(str, articles.columns))}."
        )
    wanted = normalize_for_matching(query).split()
    rows = []
    outlets = articles["outlet"] if "outlet" in articles.columns else [""] * len(articles)
    doc_ids = articles["doc_id"] if "doc_id" in articles.columns else range(len(articles))
    for doc_id, outlet, text in zip(doc_ids, outlets, articles["text"]):
        if not isinstance(text, str):
            continue
        folded = normalize_for_matching(text)
        spans = word_spans(text)
        words = [folded[a:b] for a, b in spans]
        index = ConcordanceIndex(words, key=lambda w: w)
        for i in index.offsets(wanted[0]):
            if words[i : i + len(wanted)] != wanted:
                continue
            start, end = spans[i][0], spans[i + len(wanted) - 1][1]
            rows.append((
                str(doc_id), "" if outlet is None else str(outlet), start, end,
                _flat(text[max(0, start - width):start]), text[start:end],
                _flat(text[end:end + width]),
            ))
    return pd.DataFrame(rows, columns=list(CONCORDANCE_COLUMNS))


def _flat(context: str) -> str:
    """Context on one line: every run of whitespace becomes one space."""
    return _SPACE_RUN.sub(" ", context)
