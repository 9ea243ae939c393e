"""evaluation/ai_race_articles*.tsv: whole invented articles labelled sentence by sentence.

Keeps the files usable as the test set they are documented as: every article wholly in one
half, labels that are ai_race categories, and a second coder's rows identical to the test half."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.agreement import agreement
from framing.lexicon import load_lexicon

EVALUATION = Path(__file__).resolve().parents[1] / "evaluation"
ARTICLES = EVALUATION / "ai_race_articles.tsv"
SECOND = EVALUATION / "ai_race_articles_second_coder.tsv"


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return pd.read_csv(ARTICLES, sep="\t", keep_default_na=False, dtype=str)


def test_every_article_is_in_one_half_and_every_label_is_a_category(rows):
    assert list(rows.columns) == ["id", "split", "doc", "text", "frames"]
    assert rows["id"].is_unique and rows["text"].is_unique
    assert list(rows["id"]) == sorted(rows["id"])  # reading order
    halves = rows.groupby("doc")["split"].agg(set)
    assert (halves.map(len) == 1).all()
    per_writer = rows.drop_duplicates("doc").groupby(rows["id"].str[:2])["split"].value_counts()
    assert set(per_writer.to_numpy()) == {4}  # each writer: 4 dev and 4 test articles
    ids = {c.id for c in load_lexicon("ai_race").categories}
    used = {f for cell in rows["frames"] for f in cell.split(",") if f}
    assert used == ids


def test_second_coder_coded_the_test_half_and_agrees_more_than_the_lexicon(rows):
    second = pd.read_csv(SECOND, sep="\t", keep_default_na=False, dtype=str)
    test = rows[rows["split"] == "test"].reset_index(drop=True)
    pd.testing.assert_frame_equal(second[["id", "doc", "text"]], test[["id", "doc", "text"]])
    report = agreement(ARTICLES, SECOND, lexicon="ai_race", n_boot=0)
    f1 = report.pairs.set_index("pair")["micro_f1"]
    assert report.n == len(test)
    assert f1["A vs B"] > max(f1["lexicon vs A"], f1["lexicon vs B"])
