"""Run the scorers over an articles table: the scores table and the evidence table.

>>> scores, evidence = framing.score(framing.read_corpus())      # the seeds
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from framing.document import prepare
from framing.errors import ParameterError
from framing.evidence import EVIDENCE_COLUMNS, evidence_frame
from framing.lexicon import Lexicon, load_lexicon
from framing.matcher import Matcher
from framing.scorers import FrameScorer, SentimentScorer, StanceScorer, TargetScorer
from framing.scorers.base import check_texts
from framing.scorers.sentiment import annotate, news_tone, sentence_label, vader

DEFAULT_LEXICONS: tuple[str, ...] = ("ai_race", "generic", "stance", "targets")
IDENTITY_COLUMNS: tuple[str, ...] = ("doc_id", "outlet", "date", "title")
COUNT_COLUMNS: tuple[str, ...] = (
    "n_words",
    "n_sentences",
    "n_words_boilerplate",
    "n_sentences_boilerplate",
)
# Articles handed to a worker process at a time: large enough that pickling overhead is small,
# small enough that the progress bar moves and two workers stay balanced (measured on the seeds
# benchmark: 64–256 give the same throughput; below 16 inter-process traffic dominates).
CHUNK_SIZE = 128

LexiconSource = str | Path | Lexicon


@dataclass(frozen=True)
class Skipped:
    """An article that was not scored, and why."""

    doc_id: str
    reason: str


@dataclass
class ScoreResult:
    """Scores (one row per article) and evidence (one row per span). Unpacks as ``scores, evidence``."""

    scores: pd.DataFrame
    evidence: pd.DataFrame
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    def __iter__(self):
        yield self.scores
        yield self.evidence

    @property
    def n_sentences(self) -> int:
        return int(self.scores["n_sentences"].sum()) if len(self.scores) else 0


class Analyzer:
    """All scorers over one compiled matcher: turns one article into a scores row and evidence.

    Parameters are stored as given; lexicons are loaded and compiled on first use.
    """

    def __init__(
        self,
        lexicons: Sequence[LexiconSource] = DEFAULT_LEXICONS,
        *,
        news_tone: bool = True,
        whole_text: bool = True,
        boilerplate: bool = True,
    ) -> None:
        self.lexicons = lexicons
        self.news_tone = news_tone
        self.whole_text = whole_text
        self.boilerplate = boilerplate

    def compile(self) -> Analyzer:
        """Load and compile lexicons and models now (a bad lexicon or missing model fails here)."""
        sources = [self.lexicons] if isinstance(self.lexicons, (str, Path, Lexicon)) else self.lexicons
        loaded = [s if isinstance(s, Lexicon) else load_lexicon(s) for s in sources]
        by_kind: dict[str, list[Lexicon]] = {"frames": [], "stance": [], "targets": []}
        for lex in loaded:
            by_kind[lex.kind].append(lex)
        self._sentiment = SentimentScorer(whole_text=self.whole_text, news_tone=self.news_tone)
        self._lexical = {
            "stance": StanceScorer(by_kind["stance"]),
            "frames": FrameScorer(by_kind["frames"]),
            "targets": TargetScorer(by_kind["targets"]),
        }
        self._matcher = Matcher(loaded)
        # Shared models load here, once: a missing model is an error of the run, not of an article.
        vader()
        if self.news_tone:
            news_tone()
        return self

    def analyze(self, doc_id: str, text: str) -> tuple[dict[str, Any], list[tuple]]:
        """Score one article: its row of values and its evidence rows (``EVIDENCE_COLUMNS`` order)."""
        if not hasattr(self, "_matcher"):
            self.compile()
        doc = prepare(text, detect_boilerplate=self.boilerplate)
        annotate(doc, tone=self.news_tone)
        scored = doc.scored
        n_scored = sum(scored)
        row: dict[str, Any] = {
            "n_words": doc.n_words,
            "n_sentences": n_scored,
            "n_words_boilerplate": doc.n_words_boilerplate,
            "n_sentences_boilerplate": len(scored) - n_scored,
        }
        row.update(self._sentiment.values(doc))
        text = doc.text
        compounds, tones = doc.compounds, doc.tones
        # evidence rows in EVIDENCE_COLUMNS order, built directly (the same values as
        # SentimentScorer.score_document / LexiconScorer.score_matches, plus compound and tone)
        evidence: list[tuple] = [
            (doc_id, i, start, end, "sentiment", sentence_label(c), "vader", text[start:end],
             False, c, t)
            for i, ((start, end), c, t, keep) in enumerate(
                zip(doc.sentences, compounds, tones, scored)
            )
            if keep
        ]
        matches = self._matcher.find(
            text, doc.sentences, skip=doc.skipped_indices, normalized=doc.normalized
        )
        by_kind: dict[str, list] = {"stance": [], "frames": [], "targets": []}
        for m in matches:
            by_kind[m.kind].append(m)
        n = len(compounds)
        nan = math.nan
        for kind in ("stance", "frames", "targets"):
            scorer = self._lexical[kind]
            kind_matches = by_kind[kind]
            row.update(scorer.statistics(doc, scorer.group(kind_matches)))
            prefix = scorer.prefix
            evidence += [
                (doc_id, i, m.start, m.end, prefix, m.category, f"{m.lexicon}:{m.pattern}",
                 text[m.start:m.end], m.negated,
                 compounds[i] if 0 <= i < n else nan, tones[i] if 0 <= i < n else nan)
                for m in kind_matches
                for i in (m.sentence_index,)
            ]
        for span in doc.boilerplate:
            ev = _boilerplate_evidence(doc, span)
            i = ev.sentence_index
            evidence.append((doc_id, *ev, _at(compounds, i), _at(tones, i)))
        return row, evidence


def _at(values: list[float], index: int) -> float:
    return values[index] if 0 <= index < len(values) else math.nan


def _boilerplate_evidence(doc, span):
    from framing.evidence import Evidence

    index = next(
        (i for i, (s, e) in enumerate(doc.sentences) if s <= span.start < e or span.start <= s),
        -1,
    )
    return Evidence(index, span.start, span.end, "boilerplate", span.reason, "boilerplate",
                    doc.text[span.start:span.end])


# -- running over a corpus ------------------------------------------------------------------

_WORKER: Analyzer | None = None


def _init_worker(analyzer: Analyzer) -> None:
    global _WORKER
    _WORKER = analyzer


def _analyze_chunk(chunk: list[tuple[str, Any]]) -> list[tuple[str, dict | None, list, str]]:
    assert _WORKER is not None
    return [_analyze_one(_WORKER, doc_id, text) for doc_id, text in chunk]


def _analyze_one(analyzer: Analyzer, doc_id: str, text: Any) -> tuple[str, dict | None, list, str]:
    if not isinstance(text, str):
        return doc_id, None, [], f"text is {type(text).__name__}, expected str"
    if not text.strip():
        return doc_id, None, [], "empty text"
    try:
        row, evidence = analyzer.analyze(doc_id, text)
    except Exception as exc:  # one bad article must not stop a batch: report and go on
        return doc_id, None, [], f"{type(exc).__name__}: {exc}"
    return doc_id, row, evidence, ""


def _as_articles(corpus: Any) -> pd.DataFrame:
    from framing.corpus import read_corpus

    if corpus is None or isinstance(corpus, Path):
        return read_corpus(corpus)
    if isinstance(corpus, pd.DataFrame):
        if "text" not in corpus.columns:
            raise ParameterError(
                "score expects an articles table with a 'text' column. "
                f"Got columns: {', '.join(map(str, corpus.columns))}."
            )
        articles = corpus.copy()
        if "doc_id" not in articles.columns:
            articles["doc_id"] = [f"doc-{i}" for i in range(len(articles))]
        duplicated = articles["doc_id"][articles["doc_id"].duplicated()].astype(str).unique()
        if len(duplicated):
            raise ParameterError(
                "score expects unique doc_id values. "
                f"Got duplicates: {', '.join(duplicated[:5])}{' …' if len(duplicated) > 5 else ''}."
            )
        return articles
    texts = check_texts(corpus, owner="score")
    return pd.DataFrame({"doc_id": [f"doc-{i}" for i in range(len(texts))], "text": texts})


def score(
    corpus: pd.DataFrame | Iterable[str] | Path | None = None,
    *,
    lexicons: Sequence[LexiconSource] = DEFAULT_LEXICONS,
    jobs: int = 1,
    news_tone: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ScoreResult:
    """Score articles: ``scores, evidence = framing.score(articles)``.

    ``corpus`` is an articles table (see :func:`framing.read_corpus`), a list of texts, a Path to
    read, or None for the seeds. ``jobs`` > 1 scores in that many processes; the output does not
    depend on it. Articles that cannot be scored are left out and listed in ``result.skipped``.
    """
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ParameterError(f"The 'jobs' parameter of score must be a positive int. Got {jobs!r}.")
    started = time.perf_counter()
    articles = _as_articles(corpus)
    analyzer = Analyzer(lexicons, news_tone=news_tone).compile()
    items = list(zip(articles["doc_id"].astype(str), articles["text"]))
    total = len(items)
    results: list[tuple[str, dict | None, list, str]] = []
    if jobs == 1 or total <= CHUNK_SIZE:
        for i, (doc_id, text) in enumerate(items):
            results.append(_analyze_one(analyzer, doc_id, text))
            if progress is not None and (i % 16 == 15 or i == total - 1):
                progress(i + 1, total)
    else:
        chunks = [items[i : i + CHUNK_SIZE] for i in range(0, total, CHUNK_SIZE)]
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(analyzer,)) as pool:
            for chunk_results in pool.map(_analyze_chunk, chunks):
                results.extend(chunk_results)
                if progress is not None:
                    progress(len(results), total)
    return _assemble(articles, results, analyzer, time.perf_counter() - started)


def _assemble(articles: pd.DataFrame, results: list, analyzer: Analyzer, seconds: float) -> ScoreResult:
    meta = articles.set_index(articles["doc_id"].astype(str))
    rows, evidence_rows, skipped = [], [], []
    for doc_id, row, evidence, reason in results:
        if row is None:
            skipped.append(Skipped(doc_id, reason))
            continue
        ident = {c: (meta.at[doc_id, c] if c in meta.columns else "") for c in IDENTITY_COLUMNS[1:]}
        rows.append({"doc_id": doc_id, **ident, **row})
        evidence_rows.extend(evidence)
    scores = pd.DataFrame(rows, columns=_score_columns(analyzer, rows))
    return ScoreResult(scores, evidence_frame(evidence_rows), skipped, seconds)


def _score_columns(analyzer: Analyzer, rows: list[dict]) -> list[str]:
    if rows:
        return list(rows[0].keys())
    probe, _ = analyzer.analyze("", "Empty.")  # the same columns when every article was skipped
    return [*IDENTITY_COLUMNS, *probe]


__all__ = ["Analyzer", "ScoreResult", "Skipped", "score", "DEFAULT_LEXICONS", "EVIDENCE_COLUMNS"]
