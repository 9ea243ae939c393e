"""evaluation/seed_frames_coder_*.tsv: two coders' frames on the seed articles' sentences.

The files are real coverage labelled by hand; these tests keep them tied to the text framing
reads (the sentence splitter may not drift away from the labelled rows) and check that they
are usable as a third-coder comparison."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.agreement import agreement
from framing.corpus import read_corpus
from framing.document import prepare
from framing.lexicon import load_lexicon

EVALUATION = Path(__file__).resolve().parents[1] / "evaluation"
CODERS = [EVALUATION / f"seed_frames_coder_{c}.tsv" for c in "ab"]


@pytest.fixture(scope="module")
def seed_rows() -> pd.DataFrame:
    """The scored sentences of the seed articles, as framing splits them."""
    corpus = read_corpus(None)
    rows = []
    for k, (doc_id, text) in enumerate(zip(corpus["doc_id"], corpus["text"])):
        doc = prepare(text)
        rows += [(f"sd{k}{i:03d}", doc_id, " ".join(doc.sentence_text(i).split()))
                 for i, keep in enumerate(doc.scored) if keep]
    return pd.DataFrame(rows, columns=["id", "article", "text"])


@pytest.mark.parametrize("path", CODERS, ids=lambda p: p.stem)
def test_rows_are_the_seed_sentences_framing_scores(path, seed_rows):
    coded = pd.read_csv(path, sep="\t", keep_default_na=False, dtype=str)
    assert list(coded.columns) == ["id", "article", "text", "frames"]
    pd.testing.assert_frame_equal(coded[["id", "article", "text"]], seed_rows)
    ids = {c.id for c in load_lexicon("ai_race").categories}
    used = {f for cell in coded["frames"] for f in cell.split(",") if f}
    assert used <= ids, f"labels outside the ai_race categories: {sorted(used - ids)}"
    assert 0 < (coded["frames"] != "").sum() < len(coded)


def test_the_coders_agree_with_each_other_more_than_with_the_lexicon():
    report = agreement(*CODERS, lexicon="ai_race", n_boot=0)
    f1 = report.pairs.set_index("pair")["micro_f1"]
    assert f1["A vs B"] > max(f1["lexicon vs A"], f1["lexicon vs B"])
    assert report.categories["category"].nunique() == 11
