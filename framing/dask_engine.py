"""Score parquet corpora on a Dask cluster: one task per parquet row group, parquet out.

``dask.dataframe.read_parquet(split_row_groups=True)`` gives one partition per row group; each
partition becomes one task that turns its rows into articles exactly as :mod:`framing.corpus` does,
scores them with the :class:`~framing.pipeline.Analyzer` (compiled once per worker process) and
returns the scores and evidence partitions; ``to_parquet`` writes both datasets in one
``dask.compute``, so every partition is scored once. Output rows are in input order, and the tables
equal those of the local engine (tests/test_dask_engine.py).

``scheduler=None`` starts a ``LocalCluster`` of ``jobs`` single-threaded worker processes; an address
(``tcp://host:8786``) uses a running cluster — see docs/scaling.md for dask-jobqueue, Kubernetes
and Coiled. Dask is an optional dependency (``pip install framing[dask]``), imported here only.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from framing.batch import BatchResult, analyzer_settings
from framing.corpus import SkippedInput
from framing.errors import InputError, ParameterError
from framing.evidence import evidence_frame
from framing.pipeline import Analyzer, Skipped, _cyclic_gc_paused, assemble

PARTIAL_SUFFIX = ".partial"

# Compiled analyzers of this worker process, by the spec's token (a worker may serve several runs).
_ANALYZERS: dict[str, Analyzer] = {}


def part_name(i: int) -> str:
    """File name of output partition ``i``: zero-padded so that name order is partition order."""
    return f"part-{i:06d}.parquet"


def _is_remote(path: str | Path) -> bool:
    return "://" in str(path)


def _paths(inputs: Any) -> list[str]:
    if inputs is None:
        raise ParameterError("engine='dask' reads parquet files. Got no inputs (the seeds are .txt).")
    paths = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    bad = [str(p) for p in paths if not str(p).lower().endswith(".parquet")]
    if not paths or bad:
        raise ParameterError(
            "engine='dask' reads .parquet files (convert other tables with pandas first). "
            f"Got: {', '.join(bad) or 'no inputs'}."
        )
    missing = [str(p) for p in paths if not _is_remote(p) and not Path(p).is_file()]
    if missing:
        raise InputError(f"Cannot read '{missing[0]}': no such parquet file.")
    return [str(p) for p in paths]


def _spec(analyzer: Analyzer) -> tuple[str, Analyzer]:
    """A picklable, uncompiled copy of ``analyzer`` (lexicons as loaded objects) and its token."""
    lexicons = list(analyzer.lexicons)
    plain = Analyzer(lexicons, **analyzer_settings(analyzer))
    token = hashlib.sha256(
        repr(([lex.to_yaml() for lex in lexicons], sorted(analyzer_settings(analyzer).items())))
        .encode()
    ).hexdigest()
    return token, plain


def _worker_analyzer(token: str, spec: Analyzer) -> Analyzer:
    analyzer = _ANALYZERS.get(token)
    if analyzer is None:
        analyzer = _ANALYZERS[token] = Analyzer(spec.lexicons, **analyzer_settings(spec)).compile()
    return analyzer


def score_partition(
    part: pd.DataFrame, source: str, offset: int, mapping: Any, token: str, spec: Analyzer,
    scores_meta: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[str, str, str]]]:
    """Score one partition: (scores, evidence, skipped as (kind, source_or_id, reason))."""
    from framing.corpus import _ContentError, _row_record

    analyzer = _worker_analyzer(token, spec)
    path = Path(source)
    records, skipped = [], []
    for n, row in enumerate(part.to_dict("records"), start=offset):
        try:
            records.append(_row_record(path, n, row, mapping))
        except _ContentError as exc:
            skipped.append(("read", f"{source}#{n}", str(exc)))
    articles = pd.DataFrame(records, columns=["doc_id", "outlet", "date", "title", "text", "source"])
    with _cyclic_gc_paused():
        results = analyzer.analyze_batch([(r["doc_id"], r["text"]) for r in records])
        result = assemble(articles, results, analyzer)
    skipped += [("score", s.doc_id, s.reason) for s in result.skipped]
    scores = result.scores if len(result.scores) else scores_meta
    return scores.astype(scores_meta.dtypes.to_dict()), result.evidence, skipped


def _meta(analyzer: Analyzer) -> tuple[pd.DataFrame, pd.DataFrame]:
    probe = pd.DataFrame({"doc_id": ["probe"], "outlet": [""], "date": [""], "title": [""],
                          "text": ["A probe sentence."]})
    result = assemble(probe, analyzer.analyze_batch([("probe", "A probe sentence.")]), analyzer)
    return result.scores.iloc[:0], evidence_frame([])


def _parquet_file(path: str) -> Any:
    """A pyarrow ParquetFile for a local path or an fsspec URL (s3://, gs://, abfs://)."""
    import pyarrow.parquet as pq

    if not _is_remote(path):
        return pq.ParquetFile(path)
    import fsspec

    return pq.ParquetFile(fsspec.open(path, "rb").open())


def _row_groups(paths: list[str]) -> list[tuple[str, int]]:
    """(file, first row number) of every row group, in read order."""
    out = []
    for p in paths:
        meta = _parquet_file(p).metadata
        offset = 0
        for i in range(meta.num_row_groups):
            out.append((p, offset))
            offset += meta.row_group(i).num_rows
    return out


def _replace_dir(partial: Path, target: Path) -> None:
    """Move the finished dataset ``partial`` to ``target`` (an old file or dataset is replaced)."""
    old = target.with_name(f".{target.name}.old")
    if target.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(partial, target)
    if old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink(missing_ok=True)


def score_parquet_dask(
    inputs: str | Path | Sequence[str | Path] | None,
    out: str | Path | None,
    evidence: str | Path | None = None,
    *,
    analyzer: Analyzer,
    scheduler: Any = None,
    jobs: int = 2,
    text_col: str | None = None,
    id_col: str | None = None,
    outlet_col: str | None = None,
    date_col: str | None = None,
    title_col: str | None = None,
) -> BatchResult:
    """Score parquet ``inputs`` on Dask into the parquet datasets (folders) ``out`` and ``evidence``.

    Each output is a folder of ``part-NNNNNN.parquet`` files, one per input row group, that
    ``pandas.read_parquet`` reads back as one table. Local outputs are written to
    ``.<name>.partial`` and renamed when complete; remote ones (``s3://…``) are written in place.
    ``scheduler`` is an address or anything ``distributed.Client`` accepts (a cluster object, e.g.
    a ``coiled.Cluster``, which carries its own TLS credentials).
    """
    import dask
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from framing.corpus import _resolve_columns

    paths = _paths(inputs)
    targets = [t for t in (out, evidence) if t is not None]
    if out is None or any(not str(t).lower().endswith(".parquet") for t in targets):
        raise ParameterError(
            "engine='dask' writes parquet datasets: expected --out (and --evidence) ending in "
            f".parquet. Got out={out!r}, evidence={evidence!r}."
        )
    given = {"text": text_col, "doc_id": id_col, "outlet": outlet_col, "date": date_col,
             "title": title_col}
    mapping = _resolve_columns(Path(paths[0]), _parquet_file(paths[0]).schema_arrow.names, given)
    if mapping.doc_id is None and len(paths) > 1:
        raise InputError(
            "Several parquet inputs without an id column would all number their rows row-0, "
            "row-1, …: expected an id column (id_col=). Got none in "
            f"'{paths[0]}'."
        )
    wanted = [c for c in (mapping.doc_id, mapping.text, mapping.outlet, mapping.date, mapping.title)
              if c is not None]
    token, spec = _spec(analyzer)
    scores_meta, evidence_meta = _meta(analyzer)
    groups = _row_groups(paths)

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    partials = {t: _output_dir(t) for t in targets}
    try:
        with dask.config.set({"dataframe.convert-string": False}):
            ddf = dd.read_parquet(paths, columns=list(dict.fromkeys(wanted)), split_row_groups=True)
            parts = ddf.to_delayed()
            if len(parts) != len(groups):
                raise InputError(
                    f"Expected one Dask partition per parquet row group ({len(groups)}). "
                    f"Got {len(parts)} partitions."
                )
            spec_d = dask.delayed(spec, pure=True)  # one copy in the graph, not one per task
            scored = [
                dask.delayed(score_partition, pure=True, nout=3)(
                    part, src, offset, mapping, token, spec_d, scores_meta
                )
                for part, (src, offset) in zip(parts, groups)
            ]
            writes = [
                dd.from_delayed([s[0] for s in scored], meta=scores_meta, verify_meta=False)
                .to_parquet(partials[out], write_index=False, compute=False,
                            name_function=part_name, overwrite=_is_remote(out),
                            write_metadata_file=False)
            ]
            if evidence is not None:
                writes.append(
                    dd.from_delayed([s[1] for s in scored], meta=evidence_meta, verify_meta=False)
                    .to_parquet(partials[evidence], write_index=False, compute=False,
                                name_function=part_name, overwrite=_is_remote(evidence),
                                write_metadata_file=False)
                )
            with warnings.catch_warnings():
                # to_parquet (expressions) and the scoring tasks (delayed) in one compute is what
                # makes each partition scored once; dask only warns that it materializes the graph
                warnings.filterwarnings("ignore", message="Computing mixed collections")
                *_, skipped_parts = dask.compute(*writes, [s[2] for s in scored])
    except BaseException:
        for t, partial in partials.items():
            if not _is_remote(t):
                shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for t, partial in partials.items():
        if not _is_remote(t):
            _replace_dir(Path(partial), Path(t))
    return _summary(out, evidence, skipped_parts, targets)


def _output_dir(target: str | Path) -> str:
    if _is_remote(target):
        return str(target)
    path = Path(target)
    partial = path.with_name(f".{path.name}{PARTIAL_SUFFIX}")
    shutil.rmtree(partial, ignore_errors=True)
    if partial.exists():
        partial.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(partial)


def _summary(out: Any, evidence: Any, skipped_parts: list, targets: list) -> BatchResult:
    result = BatchResult(outputs=[Path(t) for t in targets])
    for part in skipped_parts:
        for kind, where, reason in part:
            if kind == "read":
                result.read_skipped.append(SkippedInput(where, reason))
            else:
                result.skipped.append(Skipped(where, reason))
    counts = pd.read_parquet(out, columns=["n_words", "n_sentences", "n_words_boilerplate"])
    result.n_articles = result.n_scored = len(counts) + len(result.skipped)
    result.n_sentences = int(counts["n_sentences"].sum())
    result.n_words = int(counts["n_words"].sum())
    result.n_words_boilerplate = int(counts["n_words_boilerplate"].sum())
    if evidence is not None:
        scorer = pd.read_parquet(evidence, columns=["scorer"])["scorer"]
        result.n_boilerplate_passages = int((scorer == "boilerplate").sum())
    return result


__all__ = ["part_name", "score_parquet_dask", "score_partition"]
