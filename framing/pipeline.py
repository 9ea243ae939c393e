"""Run the scorers over an articles table: the scores table and the evidence table.

>>> scores, evidence = framing.score(framing.read_corpus())      # the seeds
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from framing.document import Document, prepare
from framing.errors import ParameterError
from framing.evidence import EVIDENCE_COLUMNS, evidence_frame
from framing.frame_model import model_for
from framing.lexicon import Lexicon, load_lexicon
from framing.matcher import compiled_matcher
from framing.scorers import FrameScorer, SentimentScorer, StanceScorer, TargetScorer
from framing.scorers.base import check_texts
from framing.scorers.sentiment import (
    VaderPass,
    news_tone,
    sentence_label,
    tone_pass,
    vader,
    vader_pass,
)

DEFAULT_LEXICONS: tuple[str, ...] = ("ai_race", "generic", "stance", "targets")
#: scorer name and column prefix of the frame models' sentences (framing.frame_model)
FRAME_MODEL_PREFIX = "frame_model"
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
    ``frame_model`` adds the sentences a frames lexicon's shipped sentence model flags
    (:mod:`framing.frame_model`; ``frame_model__<id>__sentences`` columns and evidence rows);
    they count toward ``frame__<id>__present`` beside the sentences where a pattern fires.
    """

    def __init__(
        self,
        lexicons: Sequence[LexiconSource] = DEFAULT_LEXICONS,
        *,
        news_tone: bool = True,
        whole_text: bool = True,
        boilerplate: bool = True,
        frame_model: bool = True,
    ) -> None:
        self.lexicons = lexicons
        self.news_tone = news_tone
        self.frame_model = frame_model
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
        self._matcher = compiled_matcher(loaded)
        # sentence models of the frames lexicons that ship one (framing.frame_model.model_for)
        self._frame_models = [
            m for lex in by_kind["frames"] for m in (model_for(lex),) if m is not None
        ] if self.frame_model else []
        self._frame_model_zeros = {f"{FRAME_MODEL_PREFIX}__{category}__sentences": 0
                                   for m in self._frame_models for category in m.categories}
        # Shared models load here, once: a missing model is an error of the run, not of an article.
        vader()
        if self.news_tone:
            news_tone().warm()
        return self

    def analyze(self, doc_id: str, text: str) -> tuple[dict[str, Any], list[tuple]]:
        """Score one article: its row of values and its evidence rows (``EVIDENCE_COLUMNS`` order).

        Errors propagate; :meth:`analyze_batch` reports them per article instead.
        """
        if not hasattr(self, "_matcher"):
            self.compile()
        state = self._read(text)
        tone_pass([state.doc], [state.vader], tone=self.news_tone)
        return self._finish(doc_id, *state, self._model_pass([state])[0])

    def analyze_batch(self, items: Sequence[tuple[str, Any]]) -> list[ArticleResult]:
        """Score several ``(doc_id, text)`` articles; one :class:`ArticleResult` each, in order.

        An article that cannot be scored (not a str, empty, or an error inside a scorer) gets
        ``row=None`` and a reason; the others are unaffected. The news-tone model runs once for
        each slice of ``CHUNK_SIZE`` articles (its per-call cost is paid once, not per article).
        """
        if not hasattr(self, "_matcher"):
            self.compile()
        items = list(items)
        if len(items) > CHUNK_SIZE:  # bounded memory: documents are kept only for one slice
            return [r for k in range(0, len(items), CHUNK_SIZE)
                    for r in self.analyze_batch(items[k : k + CHUNK_SIZE])]
        with _cyclic_gc_paused():
            return self._analyze_slice(items)

    def _analyze_slice(self, items: list[tuple[str, Any]]) -> list[ArticleResult]:
        results: list[ArticleResult | None] = []
        texts: list[tuple[int, str, str]] = []  # (position, doc_id, text) of the scorable ones
        for doc_id, text in items:
            reason = _unscorable(text)
            if reason:
                results.append(ArticleResult(doc_id, None, [], reason))
            else:
                texts.append((len(results), doc_id, text))
                results.append(None)
        # Each step runs over the whole slice before the next begins (not prepare -> VADER ->
        # matching per article): a step's tables and code stay in the CPU caches for the slice,
        # which made scoring bench_score articles 1.05x (across processes) to 1.18x (within one
        # process) faster.
        docs = _each(texts, results, self._prepare)
        scored = _each(docs, results, lambda doc: (doc, vader_pass(doc)))
        states = _each(scored, results, lambda pair: self._match(*pair))
        try:
            tone_pass([st.doc for _, _, st in states], [st.vader for _, _, st in states],
                      tone=self.news_tone)
        except Exception:  # noqa: BLE001 - find the article that breaks the batch: one at a time
            for at, doc_id, state in states:
                try:
                    tone_pass([state.doc], [state.vader], tone=self.news_tone)
                except Exception as exc:  # noqa: BLE001 - reported as this article's reason
                    results[at] = ArticleResult(doc_id, None, [], f"{type(exc).__name__}: {exc}")
        flagged = self._model_pass([st for _, _, st in states])
        for (at, doc_id, state), flags in zip(states, flagged):
            if results[at] is not None:
                continue
            try:
                row, evidence = self._finish(doc_id, *state, flags)
                results[at] = ArticleResult(doc_id, row, evidence, "")
            except Exception as exc:  # noqa: BLE001 - reported as this article's reason
                results[at] = ArticleResult(doc_id, None, [], f"{type(exc).__name__}: {exc}")
        return results  # type: ignore[return-value]

    def _read(self, text: str) -> _Read:
        """Per-article work before the news tone: sentences, VADER, lexicon matches."""
        doc = self._prepare(text)
        return self._match(doc, vader_pass(doc))

    def _prepare(self, text: str) -> Document:
        return prepare(text, detect_boilerplate=self.boilerplate)

    def _match(self, doc: Document, scored: VaderPass) -> _Read:
        matches = self._matcher.find(
            doc.text, doc.sentences, skip=doc.skipped_indices, normalized=doc.normalized
        )
        return _Read(doc, scored, matches)

    def _model_pass(self, states: Sequence[_Read]) -> list[list[tuple[int, str, str]]]:
        """Per article, the sentences the frame models flag: ``(sentence index, category,
        "<lexicon>_model:" + the terms that added most)``. One model call for the batch."""
        flagged: list[list[tuple[int, str, str]]] = [[] for _ in states]
        if not self._frame_models or not states:
            return flagged
        owner, index = [], []  # per scored sentence of the batch: its article and index
        for k, st in enumerate(states):
            numbers = [i for i, keep in enumerate(st.doc.scored) if keep]
            owner += [k] * len(numbers)
            index += numbers
        sentences = [t for st in states for t in st.vader.sentences]
        for model in self._frame_models:
            for n, category, terms in model.flagged(sentences):
                flagged[owner[n]].append(
                    (index[n], category, f"{model.lexicon}_model:{'+'.join(terms)}"))
        return flagged

    def _finish(self, doc_id: str, doc: Document, scored_vader: VaderPass, matches: list,
                flagged: Sequence[tuple[int, str, str]] = ()) -> tuple[dict[str, Any], list[tuple]]:
        """The scores row and evidence rows of an annotated article."""
        scored = doc.scored
        n_scored = sum(scored)
        row: dict[str, Any] = {
            "n_words": doc.n_words,
            "n_sentences": n_scored,
            "n_words_boilerplate": doc.n_words_boilerplate,
            "n_sentences_boilerplate": len(scored) - n_scored,
        }
        row.update(self._sentiment.values(doc, whole_text_compound=scored_vader.whole))
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
        by_kind: dict[str, list] = {"stance": [], "frames": [], "targets": []}
        for m in matches:
            by_kind[m.kind].append(m)
        n = len(compounds)
        nan = math.nan
        model_sentences: dict[str, set[int]] = {}  # category -> sentences a frame model flags
        for i, category, _ in flagged:
            model_sentences.setdefault(category, set()).add(i)
        for kind in ("stance", "frames", "targets"):
            scorer = self._lexical[kind]
            kind_matches = by_kind[kind]
            if kind == "frames" and model_sentences:
                row.update(scorer.statistics(doc, scorer.group(kind_matches), model_sentences))
            else:
                row.update(scorer.statistics(doc, scorer.group(kind_matches)))
            prefix = scorer.prefix
            evidence += [
                (doc_id, i, m.start, m.end, prefix, m.category, f"{m.lexicon}:{m.pattern}",
                 text[m.start:m.end], m.negated,
                 compounds[i] if 0 <= i < n else nan, tones[i] if 0 <= i < n else nan)
                for m in kind_matches
                for i in (m.sentence_index,)
            ]
        row.update(self._frame_model_zeros)
        for i, category, pattern in flagged:
            row[f"{FRAME_MODEL_PREFIX}__{category}__sentences"] += 1
            start, end = doc.sentences[i]
            evidence.append((doc_id, i, start, end, FRAME_MODEL_PREFIX, category, pattern,
                             text[start:end], False, _at(compounds, i), _at(tones, i)))
        for span in doc.boilerplate:
            ev = _boilerplate_evidence(doc, span)
            i = ev.sentence_index
            evidence.append((doc_id, *ev, _at(compounds, i), _at(tones, i)))
        return row, evidence


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a batch is scored and its tables are built.

    The collector runs after every ~700 container allocations and, as results pile up, rescans
    every live object (~150k after importing pandas and scikit-learn). A batch allocates ~100k
    tuples, makes no reference cycles and frees everything by reference counting, so the
    collections are pure cost: pausing them saved ~15% in ``analyze_batch`` (707 → 869
    articles/s) and ~45% of the table building in :func:`score_chunk` (bench_score.py articles).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class _Read(NamedTuple):
    """An article between :meth:`Analyzer._read` and :meth:`Analyzer._finish`."""

    doc: Document
    vader: VaderPass
    matches: list


class ArticleResult(NamedTuple):
    """One article's outcome: its scores row and evidence rows, or ``row=None`` and the reason."""

    doc_id: str
    row: dict[str, Any] | None
    evidence: list[tuple]
    reason: str


def _each(work: list[tuple[int, str, Any]], results: list[ArticleResult | None],
          step: Callable[[Any], Any]) -> list[tuple[int, str, Any]]:
    """``(position, doc_id, step(value))`` for each ``(position, doc_id, value)`` of ``work``; an
    article whose step raises gets its reason in ``results`` and drops out of the slice."""
    out = []
    for at, doc_id, value in work:
        try:
            out.append((at, doc_id, step(value)))
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch
            results[at] = ArticleResult(doc_id, None, [], f"{type(exc).__name__}: {exc}")
    return out


def _unscorable(text: Any) -> str:
    if not isinstance(text, str):
        return f"text is {type(text).__name__}, expected str"
    if not text or text.isspace():  # (no strip(): it would copy the whole text)
        return "empty text"
    return ""


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


def _score_in_worker(articles: pd.DataFrame) -> ScoreResult:
    assert _WORKER is not None
    return score_chunk(_WORKER, articles)


def score_chunk(analyzer: Analyzer, articles: pd.DataFrame) -> ScoreResult:
    """Score an articles table (``doc_id``, ``text``, optional identity columns) into finished tables.

    Worker processes run this and send back the two tables (Arrow-backed strings pickle as
    buffers), so the parent only concatenates.
    """
    with _cyclic_gc_paused():
        results = analyzer.analyze_batch(list(zip(articles["doc_id"].astype(str), articles["text"])))
        return assemble(articles, results, analyzer)


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
    frame_model: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ScoreResult:
    """Score articles: ``scores, evidence = framing.score(articles)``.

    ``corpus`` is an articles table (see :func:`framing.read_corpus`), a list of texts, a Path to
    read, or None for the seeds. ``jobs`` > 1 scores in that many processes; the output does not
    depend on it. Articles that cannot be scored are left out and listed in ``result.skipped``.
    ``frame_model=False`` leaves out the frame models' sentences (:mod:`framing.frame_model`).
    """
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ParameterError(f"The 'jobs' parameter of score must be a positive int. Got {jobs!r}.")
    started = time.perf_counter()
    articles = _as_articles(corpus)
    analyzer = Analyzer(lexicons, news_tone=news_tone, frame_model=frame_model).compile()
    total = len(articles)
    columns = [c for c in (*IDENTITY_COLUMNS, "text") if c in articles.columns]
    chunks = [articles.iloc[i : i + CHUNK_SIZE][columns] for i in range(0, total, CHUNK_SIZE)]
    parts: list[ScoreResult] = []
    done = 0
    if jobs == 1 or len(chunks) <= 1:
        for chunk in chunks:
            parts.append(score_chunk(analyzer, chunk))
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    else:
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(analyzer,)) as pool:
            for chunk, part in zip(chunks, pool.map(_score_in_worker, chunks)):
                parts.append(part)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
    result = concat_results(parts, analyzer)
    result.seconds = time.perf_counter() - started
    return result


def concat_results(parts: Sequence[ScoreResult], analyzer: Analyzer) -> ScoreResult:
    """One result from chunk results, in order (empty tables keep the real columns and dtypes)."""
    scores = [p.scores for p in parts if len(p.scores)]
    evidence = [p.evidence for p in parts if len(p.evidence)]
    skipped = [s for p in parts for s in p.skipped]
    if not scores or not evidence:
        empty_scores, empty_evidence = empty_tables(analyzer)
        scores = scores or [empty_scores]
        evidence = evidence or [empty_evidence]
    return ScoreResult(
        pd.concat(scores, ignore_index=True) if len(scores) > 1 else scores[0],
        pd.concat(evidence, ignore_index=True) if len(evidence) > 1 else evidence[0],
        skipped,
    )


def empty_tables(analyzer: Analyzer) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The scores and evidence tables with no rows, with the columns and dtypes of real output."""
    result = assemble(pd.DataFrame({"doc_id": [], "text": []}), [], analyzer)
    return result.scores, result.evidence


def assemble(articles: pd.DataFrame, results: Sequence[ArticleResult | tuple],
             analyzer: Analyzer, seconds: float = 0.0) -> ScoreResult:
    """The scores and evidence tables of ``results`` (from :meth:`Analyzer.analyze_batch`, in the
    order of ``articles``, or any subset of it); identity columns come from ``articles``."""
    keys = articles["doc_id"].astype(str).tolist()
    ids: list[str] = []
    rows: list[dict] = []
    evidence_rows: list[tuple] = []
    skipped: list[Skipped] = []
    for doc_id, row, evidence, reason in results:
        if row is None:
            skipped.append(Skipped(doc_id, reason))
            continue
        ids.append(doc_id)
        rows.append(row)
        evidence_rows.extend(evidence)
    value_columns = list(rows[0]) if rows else list(_probe_row(analyzer))
    data: dict[str, Any] = {"doc_id": ids}
    for c in IDENTITY_COLUMNS[1:]:
        if c in articles.columns:
            lookup = dict(zip(keys, articles[c].tolist()))
            data[c] = [lookup[i] for i in ids]
        else:
            data[c] = [""] * len(ids)
    for c in value_columns:
        data[c] = [r[c] for r in rows]
    scores = pd.DataFrame(data, columns=[*IDENTITY_COLUMNS, *value_columns])
    return ScoreResult(scores, evidence_frame(evidence_rows), skipped, seconds)


def _probe_row(analyzer: Analyzer) -> dict[str, Any]:
    row, _ = analyzer.analyze("", "Empty.")  # the same columns when every article was skipped
    return row


__all__ = [
    "DEFAULT_LEXICONS",
    "EVIDENCE_COLUMNS",
    "Analyzer",
    "ArticleResult",
    "ScoreResult",
    "Skipped",
    "assemble",
    "concat_results",
    "empty_tables",
    "score",
    "score_chunk",
]
