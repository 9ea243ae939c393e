"""The Dask engine: parquet in, one task per row group, parquet out, equal to the local engine."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framing.batch import score_to_files
from framing.corpus import read_corpus
from framing.document import prepare
from framing.errors import InputError, ParameterError
from framing.tables import read_table

pytest.importorskip("distributed")


def build_articles(n: int, seed: int = 17) -> pd.DataFrame:
    pool = []
    for text in read_corpus(None)["text"]:
        doc = prepare(text)
        pool += [doc.sentence_text(i) for i, keep in enumerate(doc.scored) if keep]
    rng = random.Random(seed)
    return pd.DataFrame({
        "doc_id": [f"d{i:04d}" for i in range(n)],
        "outlet": [rng.choice(["nyt", "wapo", ""]) for _ in range(n)],
        "published": [f"2025-02-{1 + i % 27:02d}" for i in range(n)],
        "text": [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 15))) for _ in range(n)],
    })


@pytest.fixture(scope="module")
def cluster_address():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def parquet_input(tmp_path_factory) -> Path:
    frame = build_articles(60)
    frame.loc[7, "text"] = "   "  # unreadable article: skipped by both engines
    path = tmp_path_factory.mktemp("dask") / "articles.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=16)
    return path


@pytest.mark.slow
def test_dask_engine_output_equals_local_engine(tmp_path, cluster_address, parquet_input):
    local = score_to_files(parquet_input, tmp_path / "local.parquet", tmp_path / "local_ev.parquet",
                           news_tone=False, chunk_size=10)
    result = score_to_files(parquet_input, tmp_path / "dask.parquet", tmp_path / "dask_ev.parquet",
                            news_tone=False, engine="dask", scheduler=cluster_address)
    parts = sorted(p.name for p in (tmp_path / "dask.parquet").iterdir())
    assert parts == [f"part-{i:06d}.parquet" for i in range(4)]  # 60 rows / 16 per row group
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "dask.parquet"),
                                  read_table(tmp_path / "local.parquet"))
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "dask_ev.parquet"),
                                  read_table(tmp_path / "local_ev.parquet"))
    assert [s.source for s in result.read_skipped] == [s.source for s in local.read_skipped]
    assert (result.n_scored, result.n_sentences) == (local.n_scored, local.n_sentences)
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.slow
def test_dask_engine_replaces_an_existing_dataset(tmp_path, cluster_address, parquet_input):
    out = tmp_path / "scores.parquet"
    out.mkdir()
    (out / "part-000009.parquet").write_bytes(b"stale")
    score_to_files(parquet_input, out, news_tone=False, engine="dask", scheduler=cluster_address)
    assert sorted(p.name for p in out.iterdir()) == [f"part-{i:06d}.parquet" for i in range(4)]


def test_dask_engine_rejects_tables_other_than_parquet(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("doc_id,text\na,Hello there.\n")
    with pytest.raises(ParameterError, match=r"engine='dask' reads \.parquet files .* Got: .*a\.csv"):
        score_to_files(path, tmp_path / "s.parquet", news_tone=False, engine="dask")


def test_dask_engine_rejects_a_cache(tmp_path, parquet_input):
    with pytest.raises(ParameterError, match="'cache' parameter .* Got engine='dask'"):
        score_to_files(parquet_input, tmp_path / "s.parquet", news_tone=False, engine="dask",
                       cache=tmp_path / "c.cache")


def test_dask_engine_rejects_csv_output(tmp_path, parquet_input):
    with pytest.raises(ParameterError, match="writes parquet datasets.*Got out="):
        score_to_files(parquet_input, tmp_path / "s.csv", news_tone=False, engine="dask")


def test_dask_engine_maps_each_file_and_refuses_what_the_local_engine_refuses(
        tmp_path, cluster_address):
    articles = build_articles(12)
    first = tmp_path / "a.parquet"
    pq.write_table(pa.Table.from_pandas(articles.iloc[:6], preserve_index=False), first,
                   row_group_size=3)
    renamed = articles.iloc[6:].rename(columns={"published": "date"})
    second = tmp_path / "b.parquet"
    pq.write_table(pa.Table.from_pandas(renamed, preserve_index=False), second, row_group_size=3)
    score_to_files([first, second], tmp_path / "local.parquet", news_tone=False,
                   frame_model=False)
    score_to_files([first, second], tmp_path / "dask.parquet", news_tone=False,
                   frame_model=False, engine="dask", scheduler=cluster_address)
    dask_scores = read_table(tmp_path / "dask.parquet")
    assert dask_scores["date"].tolist()[6:] == articles["published"].tolist()[6:]  # "date"
    pd.testing.assert_frame_equal(dask_scores, read_table(tmp_path / "local.parquet"))

    duplicate = tmp_path / "dup.parquet"
    pq.write_table(pa.Table.from_pandas(articles.iloc[:2], preserve_index=False), duplicate)
    with pytest.raises(InputError, match="Duplicate doc_id"):
        score_to_files([first, duplicate], tmp_path / "x.parquet", news_tone=False,
                       engine="dask", scheduler=cluster_address)
    with pytest.raises(InputError, match="Duplicate doc_id"):  # as the local engine
        score_to_files([first, duplicate], tmp_path / "y.parquet", news_tone=False)
    body = tmp_path / "body.parquet"
    pq.write_table(pa.Table.from_pandas(articles.iloc[:2].rename(columns={"text": "body"}),
                                        preserve_index=False), body)
    with pytest.raises(InputError, match="no 'text' column"):
        score_to_files([first, body], tmp_path / "z.parquet", news_tone=False, engine="dask",
                       scheduler=cluster_address)
    assert not (tmp_path / "x.parquet").exists() and not (tmp_path / "z.parquet").exists()
