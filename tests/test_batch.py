"""Streaming batch scoring: same tables as framing.score, chunked writes, cache, resume after a kill."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framing.batch import ChunkWriter, score_to_files
from framing.corpus import read_corpus
from framing.document import prepare
from framing.errors import InputError, ParameterError
from framing.pipeline import score
from framing.tables import read_table, write_table

REPO = Path(__file__).resolve().parents[1]


def seed_pool() -> list[str]:
    pool = []
    for text in read_corpus(None)["text"]:
        doc = prepare(text)
        pool += [doc.sentence_text(i) for i, keep in enumerate(doc.scored) if keep]
    return pool


def build_articles(n: int, seed: int = 7, *, max_sentences: int = 20) -> pd.DataFrame:
    """n distinct articles of 1..max_sentences seed sentences, outlets and dates (seeded RNG)."""
    rng = random.Random(seed)
    pool = seed_pool()
    return pd.DataFrame({
        "doc_id": [f"art-{i:05d}" for i in range(n)],
        "outlet": [rng.choice(["nyt", "wapo", "reuters", ""]) for _ in range(n)],
        "date": [f"2025-01-{1 + i % 28:02d}" for i in range(n)],
        "title": [f"Title {i}" for i in range(n)],
        "text": [" ".join([*(rng.choice(pool) for _ in range(rng.randint(1, max_sentences))),
                           f"Story {i}."]) for i in range(n)],  # no two texts alike
    })


def write_parquet(frame: pd.DataFrame, path: Path, row_group_size: int = 25) -> Path:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path,
                   row_group_size=row_group_size)
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    return write_parquet(build_articles(120), folder / "articles.parquet")


@pytest.fixture(scope="module")
def reference(corpus):
    return score(read_corpus(corpus), news_tone=False)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
@pytest.mark.parametrize("jobs,chunk_size", [(1, 7), (2, 16)])
def test_batch_output_equals_framing_score(tmp_path, corpus, reference, fmt, jobs, chunk_size):
    result = score_to_files(corpus, tmp_path / f"s.{fmt}", tmp_path / f"e.{fmt}", news_tone=False,
                            jobs=jobs, chunk_size=chunk_size)
    write_table(reference.scores, tmp_path / f"ref_s.{fmt}")
    write_table(reference.evidence, tmp_path / f"ref_e.{fmt}")
    for name in ("s", "e"):
        ours, ref = tmp_path / f"{name}.{fmt}", tmp_path / f"ref_{name}.{fmt}"
        pd.testing.assert_frame_equal(read_table(ours), read_table(ref))
        if fmt != "parquet":  # text formats: byte for byte
            assert ours.read_bytes() == ref.read_bytes()
    assert result.n_scored == 120 and result.n_cached == 0
    assert result.n_sentences == reference.n_sentences
    assert not list(tmp_path.glob(".*.partial"))


def test_batch_writes_one_parquet_row_group_per_chunk(tmp_path, corpus):
    score_to_files(corpus, tmp_path / "s.parquet", tmp_path / "e.parquet", news_tone=False,
                   chunk_size=30)
    assert pq.ParquetFile(tmp_path / "s.parquet").metadata.num_row_groups == 4  # 120 / 30
    assert pq.ParquetFile(tmp_path / "e.parquet").metadata.num_row_groups == 4


def test_batch_cache_skips_articles_scored_before(tmp_path, corpus, reference):
    cache = tmp_path / "scores.cache"
    first = score_to_files(corpus, tmp_path / "a.parquet", news_tone=False, cache=cache,
                           chunk_size=50)
    again = score_to_files(corpus, tmp_path / "b.parquet", tmp_path / "e.parquet",
                           news_tone=False, cache=cache, chunk_size=50)
    assert (first.n_scored, first.n_cached) == (120, 0)
    assert (again.n_scored, again.n_cached) == (0, 120)
    pd.testing.assert_frame_equal(read_table(tmp_path / "b.parquet"), reference.scores)
    evidence = read_table(tmp_path / "e.parquet")
    pd.testing.assert_frame_equal(evidence, reference.evidence)


def test_batch_cache_scores_only_new_articles(tmp_path):
    articles = build_articles(40, seed=3)
    old = write_parquet(articles.iloc[:25], tmp_path / "old.parquet")
    full = write_parquet(articles, tmp_path / "full.parquet")
    cache = tmp_path / "c.cache"
    score_to_files(old, tmp_path / "old.csv", news_tone=False, cache=cache)
    result = score_to_files(full, tmp_path / "full.csv", news_tone=False, cache=cache)
    assert (result.n_scored, result.n_cached) == (15, 25)


def test_batch_cache_misses_when_lexicons_change(tmp_path, corpus):
    cache = tmp_path / "c.cache"
    score_to_files(corpus, tmp_path / "a.csv", news_tone=False, cache=cache,
                   lexicons=["ai_race", "stance"])
    result = score_to_files(corpus, tmp_path / "b.csv", news_tone=False, cache=cache,
                            lexicons=["ai_race", "stance", "targets"])
    assert (result.n_scored, result.n_cached) == (120, 0)


def test_batch_error_mid_stream_keeps_the_old_output(tmp_path):
    articles = build_articles(30, seed=5)
    articles.loc[25, "doc_id"] = articles.loc[2, "doc_id"]  # a duplicate id in the second chunk
    path = write_parquet(articles, tmp_path / "dup.parquet", row_group_size=10)
    out = tmp_path / "scores.csv"
    out.write_text("previous run\n")
    with pytest.raises(InputError, match="Duplicate doc_id 'art-00002'"):
        score_to_files(path, out, tmp_path / "ev.csv", news_tone=False, chunk_size=10)
    assert out.read_text() == "previous run\n"
    assert not (tmp_path / "ev.csv").exists()
    assert not list(tmp_path.glob(".*.partial"))


def test_batch_streams_csv_to_a_stream_without_out(corpus, reference):
    stream = io.StringIO()
    score_to_files(corpus, None, news_tone=False, chunk_size=50, stream=stream)
    assert stream.getvalue() == reference.scores.to_csv(index=False)


def test_batch_all_articles_skipped_still_writes_the_columns(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_text('{"doc_id": "a", "text": "...."}\n', encoding="utf-8")
    result = score_to_files(path, tmp_path / "s.csv", tmp_path / "e.csv", news_tone=False)
    assert "sentiment__compound_mean" in read_table(tmp_path / "s.csv").columns
    assert list(read_table(tmp_path / "e.csv").columns)[:2] == ["doc_id", "sentence_index"]
    assert result.n_articles == 1


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"engine": "spark"},
         r"'engine' parameter of score_to_files must be one of local, dask\. Got 'spark'"),
        ({"jobs": 0}, r"'jobs' parameter of score_to_files must be a positive int\. Got 0"),
        ({"chunk_size": True}, r"'chunk_size' .* positive int\. Got True"),
        ({"out": "scores.xlsx"}, r"expected one of \.csv, \.tsv, \.parquet, \.jsonl\. Got '\.xlsx'"),
    ],
)
def test_batch_rejects_bad_options(tmp_path, corpus, kwargs, message):
    out = kwargs.pop("out", tmp_path / "s.csv")
    with pytest.raises(ParameterError, match=message):
        score_to_files(corpus, out, news_tone=False, **kwargs)


def test_batch_chunk_writer_partial_file_is_hidden_until_commit(tmp_path):
    writer = ChunkWriter(tmp_path / "t.csv")
    writer.write(pd.DataFrame({"a": [1]}))
    assert not (tmp_path / "t.csv").exists()
    assert (tmp_path / ".t.csv.partial").exists()
    writer.write(pd.DataFrame({"a": [2]}))
    writer.commit(pd.DataFrame({"a": []}))
    assert (tmp_path / "t.csv").read_text() == "a\n1\n2\n"
    assert not (tmp_path / ".t.csv.partial").exists()


# -- resume after SIGKILL -----------------------------------------------------------------------

RUNNER = """
import json, sys
from framing.batch import score_to_files
r = score_to_files(sys.argv[1], sys.argv[2], sys.argv[3], news_tone=False, cache=sys.argv[4],
                   chunk_size=int(sys.argv[5]), jobs=int(sys.argv[6]))
print(json.dumps({"scored": r.n_scored, "cached": r.n_cached, "key": r.cache_key}))
"""


def _cached(cache: Path, key: str | None = None) -> int:
    """Entries for ``key`` (default: the fullest run key; others' edits to the code change keys)."""
    if not cache.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=5) as db:
            counts = dict(db.execute("SELECT run_key, count(*) FROM results GROUP BY run_key"))
            return counts.get(key, 0) if key else max(counts.values(), default=0)
    except sqlite3.OperationalError:  # the table is not created yet
        return 0


@pytest.mark.slow
def test_batch_resume_after_sigkill_equals_uninterrupted_run(tmp_path):
    n, chunk = 400, 20
    articles = build_articles(n, seed=11, max_sentences=12)
    source = write_parquet(articles, tmp_path / "in.parquet", row_group_size=50)
    ref_scores, ref_evidence = tmp_path / "ref.parquet", tmp_path / "ref_ev.csv"
    score_to_files(source, ref_scores, ref_evidence, news_tone=False, chunk_size=chunk)

    out, evidence, cache = tmp_path / "out.parquet", tmp_path / "ev.csv", tmp_path / "run.cache"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", RUNNER, str(source), str(out), str(evidence), str(cache),
               str(chunk)]
    rng = random.Random(2024)
    interrupted = 0
    for attempt in range(4):
        jobs = 1 + attempt % 2
        proc = subprocess.Popen([*command, str(jobs)], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        before = _cached(cache)
        if attempt == 0:  # anywhere in start-up: imports, lexicon loading, opening the cache
            time.sleep(rng.uniform(0.0, 1.5))
        else:  # somewhere in the middle of scoring, at a random point within a chunk
            target = before + int(rng.uniform(0.05, 0.4) * (n - before))
            deadline = time.monotonic() + 120
            while _cached(cache) < target and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.05))
        try:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)  # the main process only: workers must follow it
                interrupted += 0 < _cached(cache) < n
            proc.communicate(timeout=60)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # never leak a worker, even if the test fails
            except ProcessLookupError:
                pass
        if proc.returncode == -signal.SIGKILL:
            assert not out.exists()  # a killed run never leaves an output behind

    assert interrupted >= 2, "the kills did not land mid-run; the test proved nothing"
    done = subprocess.run([*command, "2"], check=False, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts["cached"] > 0 and counts["scored"] + counts["cached"] == n
    assert _cached(cache, counts["key"]) == n  # one entry per article: none duplicated, none lost
    pd.testing.assert_frame_equal(read_table(out), read_table(ref_scores))
    assert evidence.read_bytes() == ref_evidence.read_bytes()
    assert not list(tmp_path.glob(".*.partial"))


# -- inputs a demanding user has, and outputs that must never destroy data -------------------------

def test_outputs_that_would_overwrite_an_input_or_each_other_are_refused(tmp_path):
    articles = tmp_path / "arts.csv"
    build_articles(3).to_csv(articles, index=False)
    before = articles.read_bytes()
    cases = [
        ({"out": articles}, "scores output is the input file"),
        ({"out": tmp_path / "s.csv", "evidence": articles}, "evidence output is the input"),
        ({"out": tmp_path / "s.csv", "evidence": tmp_path / "s.csv"},
         "scores output and evidence output are the same file"),
        ({"out": tmp_path / "s.csv", "cache": tmp_path / "s.csv"},
         "scores output and cache are the same file"),
    ]
    for kwargs, message in cases:
        out = kwargs.pop("out")
        with pytest.raises(ParameterError, match=message):
            score_to_files([articles], out, **kwargs)
    assert articles.read_bytes() == before
    (tmp_path / "dataset.parquet").mkdir()
    with pytest.raises(ParameterError, match="is a folder"):
        score_to_files([articles], tmp_path / "dataset.parquet")


def test_a_malformed_csv_row_costs_that_row_whatever_the_chunk_size(tmp_path):
    frame = build_articles(40, max_sentences=3)
    path = tmp_path / "arts.csv"
    frame.to_csv(path, index=False)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[21] = lines[21].rstrip("\n") + ",EXTRA\n"  # row 20: one field too many
    path.write_text("".join(lines), encoding="utf-8")
    results = []
    for chunk_size in (7, 1000):
        out = tmp_path / f"s{chunk_size}.csv"
        result = score_to_files([path], out, chunk_size=chunk_size)
        assert [s.source for s in result.read_skipped] == [f"{path}:line 22"]
        assert "malformed row: expected 5 fields, saw 6" in result.read_skipped[0].reason
        results.append(out.read_bytes())
    assert results[0] == results[1]
    assert read_table(tmp_path / "s7.csv")["doc_id"].tolist() == [
        d for i, d in enumerate(frame["doc_id"]) if i != 20]


def test_jsonl_records_keep_their_own_keys_and_a_bad_record_costs_itself(tmp_path):
    path = tmp_path / "arts.jsonl"
    path.write_text(
        '{"doc_id": "a1", "text": "The US leads the AI race, officials said."}\n'
        '{"doc_id": "a2", "outlet": "Reuters", "title": "China catches up", '
        '"text": "Export controls are failing."}\n'
        '{"doc_id": "a3", "note": "retracted"}\n'
        '{"doc_id": "a4", "title": "bad \\ud800", "text": "Chips."}\n', encoding="utf-8")
    out = tmp_path / "s.csv"
    result = score_to_files([path], out)
    scores = read_table(out)
    assert scores["doc_id"].tolist() == ["a1", "a2"]
    assert scores["outlet"].fillna("").tolist() == ["", "Reuters"]
    assert scores["title"].fillna("").tolist() == ["", "China catches up"]
    reasons = {s.source: s.reason for s in result.read_skipped}
    assert "The record has no 'text' key" in reasons[f"{path}#2"]
    assert "field 'title' holds a lone surrogate" in reasons[f"{path}#3"]


def test_read_table_reads_a_folder_of_parquet_parts_in_name_order(tmp_path):
    folder = tmp_path / "scores.parquet"
    folder.mkdir()
    for i, ids in enumerate((["a", "b"], ["c"])):
        pd.DataFrame({"doc_id": ids}).to_parquet(folder / f"part-{i:06d}.parquet")
    assert read_table(folder)["doc_id"].tolist() == ["a", "b", "c"]
    (tmp_path / "empty.parquet").mkdir()
    with pytest.raises(InputError, match="no .parquet part"):
        read_table(tmp_path / "empty.parquet")
