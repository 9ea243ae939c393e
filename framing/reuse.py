"""Text reuse: passages two articles share word for word (wire copy, syndicated rewrites).

``shared_passages`` uses word shingles. Each article becomes a list of normalised words (lowercased,
curly quotes and dashes folded, punctuation dropped) with their character offsets; every run of
``min_words`` consecutive words (a shingle) is hashed into one inverted index. Two articles share
a passage where they share shingles; shingle hits on the same diagonal (position in A minus
position in B) with consecutive positions are merged into one maximal passage, so a shared
paragraph comes back as one row, not as one row per shingle.

Cost: building the index is O(W) for W words in the corpus; pairing is O(H) for H shingle hits,
which is small unless a passage recurs in very many articles (house boilerplate): a shingle
found in more than ``max_doc_freq`` articles is skipped, which keeps the worst case at
O(W * max_doc_freq^2) instead of quadratic in the number of articles. Hundreds of articles take
well under a second. Only exact word runs are found; a rewrite that changes every eighth word
shows up as several shorter passages or not at all (lower ``min_words`` to see those).

``similarity`` is the article x article cosine similarity of TF-IDF vectors (scikit-learn).
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from framing.compare import _check_int, _check_table

__all__ = ["shared_passages", "similarity"]

# --- tuned constants ---------------------------------------------------------------------------
# A shingle in more articles than this is treated as boilerplate and not paired (keeps the cost
# near-linear); 50 is far above syndication fan-out in a typical few-hundred-article corpus.
MAX_DOC_FREQ = 50

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

PASSAGE_COLUMNS = ["doc_id_a", "doc_id_b", "start_a", "end_a", "start_b", "end_b", "n_words",
                   "text_a", "text_b"]


def _words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    words = [text[a:b].lower().replace("’", "'") for a, b in spans]
    return words, spans


def shared_passages(articles: pd.DataFrame, *, min_words: int = 8,
                    max_doc_freq: int = MAX_DOC_FREQ) -> pd.DataFrame:
    """Maximal word-for-word passages of at least ``min_words`` words shared by article pairs.

    One row per passage: ``doc_id_a, doc_id_b`` (a before b in the table), character offsets
    ``start_a, end_a, start_b, end_b`` into each article's text, ``n_words`` and the passage as
    it reads in each (``text_a == text[start_a:end_a]``). Sorted by ``n_words`` descending.
    """
    func = "shared_passages"
    _check_table(articles, ["doc_id", "text"], "articles", func)
    min_words = _check_int(min_words, "min_words", func, minimum=1)
    max_doc_freq = _check_int(max_doc_freq, "max_doc_freq", func, minimum=2)
    ids = articles["doc_id"].astype(str).tolist()
    texts = [t if isinstance(t, str) else "" for t in articles["text"]]
    tokens = [_words(t) for t in texts]
    index: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for d, (words, _) in enumerate(tokens):
        for i in range(len(words) - min_words + 1):
            index[hash(tuple(words[i:i + min_words]))].append((d, i))
    hits: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    for postings in index.values():
        docs = {d for d, _ in postings}
        if len(docs) < 2 or len(docs) > max_doc_freq:
            continue
        for x in range(len(postings)):
            da, ia = postings[x]
            for db, ib in postings[x + 1:]:
                if da != db:
                    a, b = (da, db) if da < db else (db, da)
                    i, j = (ia, ib) if da < db else (ib, ia)
                    hits[(a, b)].add((i, j))
    rows = []
    for (a, b), pairs in hits.items():
        wa, sa = tokens[a]
        wb, sb = tokens[b]
        for i, j in sorted(pairs, key=lambda p: (p[0] - p[1], p[0])):
            if (i - 1, j - 1) in pairs:
                continue  # not the start of a run
            k = 0
            while (i + k + 1, j + k + 1) in pairs:
                k += 1
            if wa[i:i + min_words] != wb[j:j + min_words]:
                continue  # hash collision
            n = k + min_words
            start_a, end_a = sa[i][0], sa[i + n - 1][1]
            start_b, end_b = sb[j][0], sb[j + n - 1][1]
            rows.append({"doc_id_a": ids[a], "doc_id_b": ids[b], "start_a": start_a,
                         "end_a": end_a, "start_b": start_b, "end_b": end_b, "n_words": n,
                         "text_a": texts[a][start_a:end_a], "text_b": texts[b][start_b:end_b]})
    out = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
    return out.sort_values(["n_words", "doc_id_a", "doc_id_b", "start_a"],
                           ascending=[False, True, True, True], ignore_index=True)


def similarity(articles: pd.DataFrame, *, ngram_range: tuple[int, int] = (1, 1),
               stop_words: str | None = "english") -> pd.DataFrame:
    """Article x article cosine similarity of TF-IDF vectors, indexed by ``doc_id`` both ways.

    TF-IDF is scikit-learn's (smooth idf, l2-normalised, sublinear tf); stopwords are its
    built-in English list unless ``stop_words=None``.
    """
    func = "similarity"
    _check_table(articles, ["doc_id", "text"], "articles", func)
    ids = articles["doc_id"].astype(str).tolist()
    vec = TfidfVectorizer(ngram_range=ngram_range, stop_words=stop_words, sublinear_tf=True)
    try:
        matrix = vec.fit_transform(articles["text"].fillna("").astype(str))
    except ValueError:  # every document empty
        return pd.DataFrame(np.eye(len(ids)), index=ids, columns=ids)
    sims = cosine_similarity(matrix)
    return pd.DataFrame(sims, index=pd.Index(ids, name="doc_id"), columns=ids)
