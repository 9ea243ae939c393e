"""framing.reuse: shared passages between articles and TF-IDF similarity."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from framing.errors import InputError, ParameterError
from framing.reuse import shared_passages, similarity

WIRE = ("DeepSeek’s assistant overtook ChatGPT to become the top-rated free app on Apple’s U.S. "
        "App Store, according to data from the app analytics firm Sensor Tower.")
A = "Markets were calm on Monday. " + WIRE + " Analysts were surprised."
B = ("In other news, a startup made headlines. " + WIRE.replace("DeepSeek’s", "DeepSeek's")
     + " The company did not comment.")
C = "Bananas are yellow and grow in bunches on tall plants in the tropics all year long."


def test_reuse_finds_a_shared_paragraph_with_offsets():
    arts = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [A, B, C]})
    out = shared_passages(arts, min_words=8)
    assert len(out) == 1
    row = out.iloc[0]
    assert (row.doc_id_a, row.doc_id_b) == ("a", "b")
    assert A[row.start_a:row.end_a] == row.text_a == WIRE.rstrip(".")
    assert B[row.start_b:row.end_b] == row.text_b
    assert row.n_words == 27  # 25 space-separated words; "top-rated" and "U.S." count as two each


def test_reuse_ignores_runs_shorter_than_min_words():
    arts = pd.DataFrame({"doc_id": ["a", "b"], "text": [
        "the quick brown fox jumps over one lazy dog today",
        "a quick brown fox jumps over one sleepy cat"]})
    assert shared_passages(arts, min_words=7).empty
    assert shared_passages(arts, min_words=6).iloc[0]["text_a"] == "quick brown fox jumps over one"


def test_reuse_splits_passages_at_an_edit():
    base = " ".join(f"w{i}" for i in range(30))
    edited = base.replace("w15", "changed")
    arts = pd.DataFrame({"doc_id": ["a", "b"], "text": [base, edited]})
    out = shared_passages(arts, min_words=8)
    assert sorted(out["n_words"].tolist()) == [14, 15]


def test_reuse_scales_to_hundreds_of_articles():
    rng = np.random.default_rng(0)
    vocab = np.array([f"v{i}" for i in range(3000)])
    texts = [" ".join(rng.choice(vocab, 400)) for _ in range(300)]
    texts[7] = texts[7] + " " + WIRE
    texts[250] = WIRE + " " + texts[250]
    arts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(300)], "text": texts})
    t0 = time.perf_counter()
    out = shared_passages(arts, min_words=8)
    assert time.perf_counter() - t0 < 10
    assert out[["doc_id_a", "doc_id_b"]].values.tolist() == [["d7", "d250"]]


def test_reuse_similarity_is_a_symmetric_cosine_matrix():
    arts = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [A, B, C]})
    sim = similarity(arts)
    assert list(sim.index) == list(sim.columns) == ["a", "b", "c"]
    assert np.allclose(np.diag(sim), 1) and np.allclose(sim, sim.T)
    assert sim.loc["a", "b"] > 0.5 > sim.loc["a", "c"]


def test_reuse_errors():
    with pytest.raises(InputError, match=r"missing column\(s\) \['text'\]"):
        shared_passages(pd.DataFrame({"doc_id": ["a"]}))
    with pytest.raises(ParameterError, match="min_words.*Got 0"):
        shared_passages(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}), min_words=0)
