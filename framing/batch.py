"""Batch scoring at scale: stream a corpus from files to result files in bounded memory.

:func:`score_to_files` reads the inputs in chunks (:func:`framing.corpus.iter_corpus`: parquet
record batches, csv chunks, JSON Lines line by line), scores each chunk — in ``jobs`` processes,
skipping articles already in the ``cache`` — and appends it to the outputs (a parquet row group, or
csv/tsv/jsonl lines). Outputs are written beside their target as ``.<name>.partial`` and renamed
into place only when the whole corpus is done, so a crash never leaves a half-written table and a
re-run with the same cache picks up where the killed one stopped::

    >>> result = score_to_files(["big.parquet"], "scores.parquet", "evidence.parquet",
    ...                         jobs=2, cache="scores.cache")

The output is the same table as ``write_table(framing.score(read_corpus(inputs)).scores, out)``
whatever ``jobs``, ``chunk_size``, the engine or the cache. ``engine="dask"`` hands parquet inputs
to a Dask cluster instead (:mod:`framing.dask_engine`, docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

import pandas as pd

from framing.corpus import SkippedInput, iter_corpus
from framing.errors import ParameterError
from framing.evidence import EVIDENCE_COLUMNS
from framing.lexicon import Lexicon, load_lexicon
from framing.pipeline import (
    CHUNK_SIZE,
    DEFAULT_LEXICONS,
    Analyzer,
    LexiconSource,
    ScoreResult,
    Skipped,
    _cyclic_gc_paused,
    assemble,
    concat_results,
    empty_tables,
)
from framing.tables import table_format

Engine = Literal["local", "dask"]
ENGINES: tuple[str, ...] = ("local", "dask")

# Articles read, scored and written per step. Memory is about (chunk_size + in-flight work) articles
# with their evidence; 1,000 seed-built articles (~600 words) hold ~40 MB of evidence rows in pandas,
# and a parquet row group of 1,000 score rows is well above parquet's efficient minimum. Smaller
# chunks give an earlier first output (bench_scale.py) at a few % of throughput.
DEFAULT_CHUNK_SIZE = 1_000
# Worker batches queued per process behind the chunk being written: 2 keeps the workers busy while
# the main process writes chunk k (they score k+1); with chunk_size >= 2 x jobs x 128 that is 2
# chunks in RAM, with smaller chunks as many as make up the 2 x jobs batches.
IN_FLIGHT_PER_JOB = 2
PARTIAL_SUFFIX = ".partial"


@dataclass
class BatchResult:
    """What :func:`score_to_files` did: counts for the summary line, skips, timings.

    ``n_articles`` were read; ``n_scored`` of them were computed now and ``n_cached`` came from the
    cache; ``n_rows`` (those not in ``skipped``) are in the scores table.
    """

    n_articles: int = 0
    n_scored: int = 0
    n_cached: int = 0
    n_sentences: int = 0
    n_words: int = 0
    n_words_boilerplate: int = 0
    n_boilerplate_passages: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    read_skipped: list[SkippedInput] = field(default_factory=list)
    seconds: float = 0.0
    first_output_seconds: float | None = None
    outputs: list[Path] = field(default_factory=list)
    cache_key: str = ""

    @property
    def n_rows(self) -> int:
        return self.n_articles - len(self.skipped)

    def add(self, result: ScoreResult) -> None:
        scores, evidence = result.scores, result.evidence
        self.n_sentences += result.n_sentences
        if len(scores):
            self.n_words += int(scores["n_words"].sum())
            self.n_words_boilerplate += int(scores["n_words_boilerplate"].sum())
        self.n_boilerplate_passages += int((evidence["scorer"] == "boilerplate").sum())
        self.skipped.extend(result.skipped)


# -- output ----------------------------------------------------------------------------------


class ChunkWriter:
    """Append DataFrame chunks to one table file; the file appears atomically on :meth:`commit`.

    ``path=None`` streams CSV to ``stream`` (stdout) instead, chunk by chunk.
    """

    def __init__(self, path: str | Path | None, stream: TextIO | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.stream = stream
        self.fmt = "csv" if self.path is None else table_format(self.path)
        self.rows = 0
        self._started = False
        self._parquet: Any = None
        self._schema: Any = None
        if self.path is not None:
            self.partial = self.path.with_name(f".{self.path.name}{PARTIAL_SUFFIX}")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.partial.unlink(missing_ok=True)  # left behind by a killed run

    def write(self, frame: pd.DataFrame) -> None:
        """Append ``frame`` (the first call fixes the columns and, for parquet, the schema)."""
        first = not self._started
        self._started = True
        self.rows += len(frame)
        if self.path is None:
            frame.to_csv(self.stream or sys.stdout, index=False, header=first)
            return
        if self.fmt == "parquet":
            self._write_parquet(frame)
        elif self.fmt in ("csv", "tsv"):
            frame.to_csv(self.partial, index=False, header=first, mode="w" if first else "a",
                         sep="\t" if self.fmt == "tsv" else ",")
        else:
            with self.partial.open("w" if first else "a", encoding="utf-8") as handle:
                frame.to_json(handle, orient="records", lines=True, force_ascii=False)

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            self._schema = table.schema
            self._parquet = pq.ParquetWriter(self.partial, self._schema)
        else:
            table = pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False)
        self._parquet.write_table(table, row_group_size=max(len(frame), 1))

    def commit(self, empty: pd.DataFrame) -> Path | None:
        """Finish the file (``empty`` gives the columns when nothing was written) and rename it."""
        if not self._started:
            self.write(empty)
        if self._parquet is not None:
            self._parquet.close()
        if self.path is None:
            return None
        os.replace(self.partial, self.path)
        return self.path

    def abort(self) -> None:
        """Drop the partial file (on an error; a kill leaves it to the next run to remove)."""
        if self._parquet is not None:
            with contextlib.suppress(Exception):
                self._parquet.close()
        if self.path is not None:
            self.partial.unlink(missing_ok=True)


# -- scoring chunks ---------------------------------------------------------------------------


def _load_lexicons(lexicons: Sequence[LexiconSource] | LexiconSource) -> list[Lexicon]:
    sources = [lexicons] if isinstance(lexicons, (str, Path, Lexicon)) else list(lexicons)
    return [s if isinstance(s, Lexicon) else load_lexicon(s) for s in sources]


def analyzer_settings(analyzer: Analyzer) -> dict[str, Any]:
    """The scorer settings that change the numbers (part of the cache's run key)."""
    return {
        "news_tone": analyzer.news_tone,
        "whole_text": analyzer.whole_text,
        "boilerplate": analyzer.boilerplate,
        "frame_model": analyzer.frame_model,
    }


_BATCH_ANALYZER: Analyzer | None = None


def _init_batch_worker(analyzer: Analyzer) -> None:
    """Worker start-up: die with the parent (a SIGKILLed run must not leave workers behind)."""
    global _BATCH_ANALYZER
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:  # prctl(PR_SET_PDEATHSIG, SIGKILL)
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # not glibc/musl: workers exit when their queue closes
            pass
    _BATCH_ANALYZER = analyzer


@dataclass
class _Batch:
    """A scored batch: its tables, its skips and its new cache entries ((hash, encoded value))."""

    scores: pd.DataFrame
    evidence: pd.DataFrame
    skipped: list[Skipped]
    entries: list[tuple[bytes, bytes]]


# Evidence rows are cached without doc_id and match: the doc_id may differ between hits, and the
# match is text[start:end] by contract (docs/architecture.md) — keeping it made entries 4x larger.
_MATCH = EVIDENCE_COLUMNS.index("match")


def _pack(row: tuple) -> tuple:
    return row[1:_MATCH] + row[_MATCH + 1 :]


def _unpack(doc_id: str, text: str, packed: Sequence) -> tuple:
    start, end = packed[1], packed[2]
    head = tuple(packed[: _MATCH - 1])
    return (doc_id, *head, text[start:end], *packed[_MATCH - 1 :])


def _score_batch(articles: pd.DataFrame, analyzer: Analyzer | None = None,
                 encode: bool = False) -> _Batch:
    """Score a batch of articles into finished tables (in a worker: the parent only writes them)."""
    from framing.cache import encode_entry, text_hash

    analyzer = analyzer or _BATCH_ANALYZER
    assert analyzer is not None
    with _cyclic_gc_paused():  # see framing.pipeline: no cycles are made, collections are waste
        results = analyzer.analyze_batch(list(zip(articles["doc_id"], articles["text"])))
        entries = []
        if encode:
            entries = [(text_hash(t), encode_entry(row, [_pack(e) for e in evidence]))
                       for t, (_, row, evidence, _) in zip(articles["text"], results)
                       if row is not None]
        result = assemble(articles, results, analyzer)
    return _Batch(result.scores, result.evidence, result.skipped, entries)


class _Scorer:
    """Scores article tables in this process or in a pool, in batches of ``CHUNK_SIZE``."""

    def __init__(self, analyzer: Analyzer, jobs: int, encode: bool) -> None:
        self.analyzer = analyzer
        self.encode = encode
        self.pool: ProcessPoolExecutor | None = None
        if jobs > 1:
            context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            self.pool = ProcessPoolExecutor(jobs, mp_context=context,
                                            initializer=_init_batch_worker, initargs=(analyzer,))

    def submit(self, articles: pd.DataFrame) -> list[Future | _Batch]:
        """Start scoring ``articles``; handles for :meth:`collect` (already done when jobs=1)."""
        if self.pool is None:
            return [_score_batch(articles, self.analyzer, self.encode)]
        return [self.pool.submit(_score_batch, articles.iloc[i : i + CHUNK_SIZE], None, self.encode)
                for i in range(0, len(articles), CHUNK_SIZE)]

    @staticmethod
    def collect(handles: list[Future | _Batch]) -> list[_Batch]:
        return [h.result() if isinstance(h, Future) else h for h in handles]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class _Pending:
    articles: pd.DataFrame
    fresh: pd.Series  # bool per row: scored now (not a cache hit)
    hits: dict[bytes, tuple[dict, list]]
    hashes: list[bytes]
    handles: list


_IDENTITY = ["doc_id", "outlet", "date", "title", "text"]


def _start_chunk(articles: pd.DataFrame, scorer: _Scorer, cache: Any, key: str) -> _Pending:
    from framing.cache import text_hash

    articles = articles.reset_index(drop=True)
    hashes, hits = [], {}
    if cache is not None:
        hashes = [text_hash(t) for t in articles["text"]]
        hits = cache.get_many(key, hashes)
    fresh = pd.Series([h not in hits for h in hashes] if hits else [True] * len(articles))
    todo = articles.loc[fresh.to_numpy(), [c for c in _IDENTITY if c in articles.columns]]
    return _Pending(articles, fresh, hits, hashes, scorer.submit(todo) if len(todo) else [])


def _queued(pending: deque[_Pending]) -> int:
    """Worker batches submitted for the chunks after the oldest pending one."""
    return sum(len(p.handles) for i, p in enumerate(pending) if i)


def _finish_chunk(pending: _Pending, analyzer: Analyzer, cache: Any, key: str) -> ScoreResult:
    batches = _Scorer.collect(pending.handles)
    if cache is not None:
        cache.put_encoded(key, [e for b in batches for e in b.entries])  # one transaction
    parts = [ScoreResult(b.scores, b.evidence, b.skipped) for b in batches]
    if pending.hits:
        cached = pending.articles.loc[~pending.fresh.to_numpy()]
        results = []
        for doc_id, text, h in zip(cached["doc_id"].astype(str), cached["text"],
                                   (pending.hashes[i] for i in cached.index)):
            row, packed = pending.hits[h]
            results.append((doc_id, row, [_unpack(doc_id, text, e) for e in packed], ""))
        parts.append(assemble(cached, results, analyzer))
    chunk = concat_results(parts, analyzer)
    if pending.hits and len(parts) > 1:  # fresh and cached rows back into input order
        position = dict(zip(pending.articles["doc_id"].astype(str), range(len(pending.articles))))
        for name in ("scores", "evidence"):
            frame = getattr(chunk, name)
            order = frame["doc_id"].map(position).to_numpy().argsort(kind="stable")
            setattr(chunk, name, frame.iloc[order].reset_index(drop=True))
    return chunk


# -- the façade -------------------------------------------------------------------------------


def default_cache_path(out: str | Path) -> Path:
    """Where ``--resume`` keeps its cache: ``<out>.cache`` beside the scores file."""
    out = Path(out)
    return out.with_name(out.name + ".cache")


def _check(engine: Any, jobs: Any, chunk_size: Any) -> None:
    if engine not in ENGINES:
        raise ParameterError(
            f"The 'engine' parameter of score_to_files must be one of {', '.join(ENGINES)}. "
            f"Got {engine!r}."
        )
    for name, value in (("jobs", jobs), ("chunk_size", chunk_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ParameterError(
                f"The '{name}' parameter of score_to_files must be a positive int. Got {value!r}."
            )


def _check_paths(inputs: Any, targets: dict[str, str | Path | None], engine: str) -> None:
    """Refuse outputs that would overwrite an input, each other or the cache, before any work."""
    named = {name: Path(p).resolve() for name, p in targets.items() if p is not None}
    seen: dict[Path, str] = {}
    for name, path in named.items():
        if path in seen:
            raise ParameterError(f"The {seen[path]} and {name} are the same file ({path}); "
                                 f"each needs its own path.")
        seen[path] = name
    sources = [] if inputs is None else [inputs] if isinstance(inputs, (str, Path)) else inputs
    for source in sources:
        name = seen.get(Path(source).resolve()) if isinstance(source, (str, Path)) else None
        if name is not None:
            raise ParameterError(f"The {name} is the input file {source}; writing it would "
                                 f"destroy the articles. Choose another path.")
    if engine == "local":
        for name in ("scores output", "evidence output"):
            path = named.get(name)
            if path is not None and path.is_dir():
                raise ParameterError(
                    f"The {name} {path} is a folder (a Dask dataset?); the local engine writes "
                    f"one file. Remove it or choose another path.")


def score_to_files(
    inputs: str | Path | Sequence[str | Path] | None,
    out: str | Path | None,
    evidence: str | Path | None = None,
    *,
    lexicons: Sequence[LexiconSource] = DEFAULT_LEXICONS,
    news_tone: bool = True,
    frame_model: bool = True,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    cache: str | Path | None = None,
    engine: Engine = "local",
    scheduler: Any = None,
    text_col: str | None = None,
    id_col: str | None = None,
    outlet_col: str | None = None,
    date_col: str | None = None,
    title_col: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    stream: TextIO | None = None,
) -> BatchResult:
    """Score ``inputs`` chunk by chunk into the tables ``out`` and ``evidence``; see the module doc.

    ``out=None`` streams the scores as CSV to ``stream`` (default stdout). ``cache`` is an SQLite
    file of already scored articles (:mod:`framing.cache`): hits are not scored again and new
    results are added one chunk at a time, which makes a killed run resumable. ``engine="dask"``
    needs parquet inputs and outputs and runs on ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``; None starts a local cluster). ``progress(done, total)`` is called
    after each chunk; ``total`` is counted up front for parquet, JSON Lines and article files, and
    is ``done`` for csv/tsv. ``frame_model=False`` leaves out the frame models' sentences
    (:mod:`framing.frame_model`).
    """
    _check(engine, jobs, chunk_size)
    _check_paths(inputs, {"scores output": out, "evidence output": evidence, "cache": cache},
                 engine)
    for target in (out, evidence):
        if target is not None:
            table_format(target)  # a bad extension fails before any work is done
    started = time.perf_counter()
    analyzer = Analyzer(_load_lexicons(lexicons), news_tone=news_tone,
                        frame_model=frame_model).compile()
    columns = {"text_col": text_col, "id_col": id_col, "outlet_col": outlet_col,
               "date_col": date_col, "title_col": title_col}
    if engine == "dask":
        from framing.dask_engine import score_parquet_dask

        if cache is not None:
            raise ParameterError(
                "The 'cache' parameter of score_to_files works with engine='local'. Got "
                "engine='dask' (Dask retries failed tasks itself; see docs/scaling.md)."
            )
        result = score_parquet_dask(inputs, out, evidence, analyzer=analyzer, scheduler=scheduler,
                                    jobs=jobs, **columns)
        result.seconds = time.perf_counter() - started
        return result

    result = BatchResult()
    total = _known_total(inputs) if progress is not None else None
    writers = [ChunkWriter(out, stream)] + ([ChunkWriter(evidence)] if evidence is not None else [])
    store = None
    key = ""
    scorer = _Scorer(analyzer, jobs, encode=cache is not None)  # fork before SQLite opens
    try:
        if cache is not None:
            from framing.cache import ResultCache, run_key

            key, described = run_key([lex.to_yaml() for lex in _load_lexicons(analyzer.lexicons)],
                                     analyzer_settings(analyzer))
            store = ResultCache(cache).open()
            store.register(key, described)
            result.cache_key = key
        chunks = iter_corpus(inputs, chunksize=chunk_size, report=result.read_skipped, **columns)
        limit = max(1, jobs * IN_FLIGHT_PER_JOB)
        pending: deque[_Pending] = deque()

        def finish_one() -> None:
            done = pending.popleft()
            chunk = _finish_chunk(done, analyzer, store, key)
            result.n_articles += len(done.articles)
            result.n_scored += int(done.fresh.sum())
            result.n_cached += int((~done.fresh).sum())
            result.add(chunk)
            for writer, table in zip(writers, (chunk.scores, chunk.evidence)):
                if len(table):  # an all-skipped chunk has untyped columns: not a parquet schema
                    writer.write(table)
            if result.first_output_seconds is None:
                result.first_output_seconds = time.perf_counter() - started
            if progress is not None:
                progress(result.n_articles, max(total or 0, result.n_articles))

        for articles in chunks:
            pending.append(_start_chunk(articles, scorer, store, key))
            # Write the oldest chunk as soon as the chunks behind it keep every worker busy
            # (at once with jobs=1: it is scored already).
            while pending and (jobs == 1 or _queued(pending) >= limit):
                finish_one()
        while pending:
            finish_one()
        empty_scores, empty_evidence = empty_tables(analyzer)
        for writer, empty in zip(writers, (empty_scores, empty_evidence)):
            path = writer.commit(empty)
            if path is not None:
                result.outputs.append(path)
    except BaseException:
        for writer in writers:
            writer.abort()
        raise
    finally:
        scorer.close()
        if store is not None:
            store.close()
    result.seconds = time.perf_counter() - started
    return result


def _known_total(inputs: Any) -> int | None:
    """Articles in the inputs when cheap to know (parquet footers, JSON Lines lines, article files)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from framing.corpus import ARTICLE_EXTENSIONS, seeds_dir

    paths = [seeds_dir()] if inputs is None else (
        [inputs] if isinstance(inputs, (str, Path)) else list(inputs))
    total = 0
    try:
        for p in map(Path, paths):
            suffix = p.suffix.lower()
            if p.is_dir():
                total += sum(1 for f in p.iterdir() if f.suffix.lower() in ARTICLE_EXTENSIONS
                             and not f.name.startswith("."))
            elif suffix == ".parquet":
                total += pq.ParquetFile(p).metadata.num_rows
            elif suffix == ".jsonl":
                with p.open("rb") as handle:  # ~1 GB/s; blank lines are counted too
                    total += sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
            elif suffix in ARTICLE_EXTENSIONS:
                total += 1
            else:
                return None  # csv/tsv: rows may span lines
    except (pa.ArrowException, OSError):  # unreadable: iter_corpus reports it properly
        return None
    return total


__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "ENGINES",
    "EVIDENCE_COLUMNS",
    "BatchResult",
    "ChunkWriter",
    "default_cache_path",
    "empty_tables",
    "score_to_files",
]
