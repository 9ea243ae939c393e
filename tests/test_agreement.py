"""framing.agreement: kappa and alpha against published values, pairing by id, the lexicon as a
third coder, and the errors a user meets."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from framing.agreement import agreement, cohen_kappa, krippendorff_alpha, read_coding
from framing.cli import main
from framing.errors import InputError, ParameterError
from framing.evaluate import evaluate
from framing.lexicon import load_lexicon

SENTENCES = Path(__file__).resolve().parents[1] / "evaluation" / "ai_race_sentences.tsv"


@pytest.fixture(scope="module")
def coded() -> pd.DataFrame:
    """The first author's held-aside sentences and their frames: real text, one coder."""
    frame = pd.read_csv(SENTENCES, sep="\t", keep_default_na=False, dtype=str)
    return frame[frame["split"] == "test"][["id", "text", "frames"]].reset_index(drop=True)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, sep="\t", index=False)
    return path


def test_alpha_matches_krippendorffs_worked_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", binary data, two
    # observers, ten units, no missing values: alpha = 0.095.
    a = np.array([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], dtype=bool)
    b = np.array([1, 1, 1, 0, 0, 1, 0, 0, 0, 0], dtype=bool)
    assert krippendorff_alpha(a, b) == pytest.approx(0.095, abs=5e-4)
    assert krippendorff_alpha(a, a) == 1.0
    assert np.isnan(krippendorff_alpha(np.zeros(5, bool), np.zeros(5, bool)))


def test_kappa_matches_scikit_learn_on_real_labels(coded):
    rng = np.random.default_rng(3)
    gold = coded["frames"].str.contains("ai_race").to_numpy()
    other = np.where(rng.random(len(gold)) < 0.15, ~gold, gold)
    assert cohen_kappa(gold, other) == pytest.approx(cohen_kappa_score(gold, other))
    assert np.isnan(cohen_kappa(np.ones(4, bool), np.ones(4, bool)))


def test_counts_follow_the_labels_one_coder_dropped(coded, tmp_path):
    b = coded[["id", "frames"]].copy()
    dropped = b.index[b["frames"] != ""][:6]
    b.loc[dropped, "frames"] = ""
    report = agreement(_write(coded, tmp_path / "a.tsv"), _write(b, tmp_path / "b.tsv"),
                       n_boot=0)
    table = report.categories.set_index("category")
    for cat in table.index:
        has = coded["frames"].str.split(",").apply(lambda s, c=cat: c in s)
        assert table.loc[cat, "n_a"] == has.sum()
        assert table.loc[cat, "a_only"] == has[dropped].sum()
        assert table.loc[cat, "b_only"] == 0
    assert set(report.disagreements["id"]) == set(coded.loc[dropped, "id"])
    assert report.pairs.loc[0, "exact_match"] == pytest.approx(1 - len(dropped) / len(coded))
    assert report.n == len(coded)


def test_rows_are_paired_by_id_not_by_position(coded, tmp_path):
    a = _write(coded, tmp_path / "a.tsv")
    shuffled = coded[["id", "frames"]].sample(frac=1, random_state=4)
    report = agreement(a, _write(shuffled, tmp_path / "b.tsv"), n_boot=0)
    assert report.pairs.loc[0, "micro_f1"] == 1.0
    assert (report.categories["kappa"] == 1.0).all()
    assert report.disagreements.empty


def test_a_subsample_is_compared_on_the_shared_ids(coded, tmp_path):
    a = _write(coded, tmp_path / "a.tsv")
    sub = coded[["id", "frames"]].iloc[::3]
    report = agreement(a, _write(sub, tmp_path / "sub.tsv"), n_boot=0)
    assert report.n == len(sub)
    assert report.pairs.loc[0, "micro_f1"] == 1.0
    assert any(f"{len(coded) - len(sub)} id(s)" in note and "left out" in note
               for note in report.notes)


def test_split_selects_rows_in_either_file(coded, tmp_path):
    with_split = coded.assign(split=["x" if k % 2 else "y" for k in range(len(coded))])
    a = _write(with_split, tmp_path / "a.tsv")
    b = _write(coded[["id", "frames"]], tmp_path / "b.tsv")
    assert agreement(b, a, split="x", n_boot=0).n == (len(coded)) // 2
    with pytest.raises(ParameterError, match=r"must be one of \['x', 'y'\]"):
        agreement(a, b, split="z")
    with pytest.raises(ParameterError, match="needs a 'split' column"):
        agreement(b, b, split="x")


@pytest.mark.parametrize("model", [None, False])
def test_lexicon_as_third_coder_agrees_with_evaluate(coded, tmp_path, model):
    a = _write(coded, tmp_path / "a.tsv")
    report = agreement(a, a, lexicon="ai_race", n_boot=50, model=model)
    pairs = report.pairs.set_index("pair")
    measured = evaluate(a, lexicon="ai_race", n_boot=0, model=model).table.set_index("category")
    assert pairs.loc["lexicon vs A", "micro_f1"] == pytest.approx(measured.loc["micro", "f1"])
    assert pairs.loc["lexicon vs A", "f1_ci_low"] <= pairs.loc["lexicon vs A", "micro_f1"]
    assert len(report.categories) == 11  # every category of the lexicon, used or not
    assert report.lexicon == ("ai_race + sentence model" if model is None else "ai_race")


def test_wide_coding_reads_like_labels(coded, tmp_path):
    cats = sorted({c for s in coded["frames"] for c in s.split(",") if c})
    wide = pd.DataFrame({"id": coded["id"]})
    for c in cats:
        wide[c] = coded["frames"].str.split(",").apply(lambda s, c=c: int(c in s))
    coding = read_coding(_write(wide, tmp_path / "wide.tsv"))
    assert list(coding.labels.columns) == cats
    assert int(coding.labels.to_numpy().sum()) == sum(
        len([c for c in s.split(",") if c]) for s in coded["frames"])
    wide[cats[0]] = wide[cats[0]].astype(object)
    wide.loc[2, cats[0]] = ""
    with pytest.raises(InputError, match=r"empty cells in row\(s\) \['" + coded.loc[2, "id"]):
        read_coding(_write(wide, tmp_path / "gap.tsv"))


def test_errors_say_what_was_expected(coded, tmp_path):
    a = _write(coded, tmp_path / "a.tsv")
    other = _write(pd.DataFrame({"id": ["x1", "x2"], "frames": ["", "ai_race"]}),
                   tmp_path / "other.tsv")
    with pytest.raises(InputError, match="share no id"):
        agreement(a, other)
    no_id = _write(coded[["text", "frames"]], tmp_path / "noid.tsv")
    with pytest.raises(InputError, match="must have an 'id' column"):
        agreement(a, no_id)
    twice = _write(pd.concat([coded.iloc[:3], coded.iloc[:1]]), tmp_path / "twice.tsv")
    with pytest.raises(InputError, match="repeats id"):
        read_coding(twice)
    with pytest.raises(ParameterError, match="does not define"):
        agreement(a, a, lexicon="generic", n_boot=0)
    labels_only = _write(coded[["id", "frames"]], tmp_path / "labels.tsv")
    with pytest.raises(InputError, match="needs the texts"):
        agreement(labels_only, labels_only, lexicon="ai_race", n_boot=0)
    with pytest.raises(ParameterError, match="n_boot"):
        agreement(a, a, n_boot=-1)


def test_cli_prints_the_report_and_fails_cleanly(coded, tmp_path, capsys):
    a = _write(coded, tmp_path / "a.tsv")
    b = coded[["id", "frames"]].copy()
    changed = b.index[b["frames"] != "underdog"][0]
    b.loc[changed, "frames"] = "underdog"
    out = tmp_path / "table.csv"
    assert main(["agree", str(a), str(_write(b, tmp_path / "b.tsv")), "--lexicon", "ai_race",
                 "--n-boot", "0", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "lexicon vs B" in printed and coded.loc[changed, "id"] in printed
    assert set(pd.read_csv(out)["category"]) >= {"underdog", "ai_race"}
    assert main(["agree", str(a), str(tmp_path / "missing.tsv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_lexicon_with_its_model_says_when_the_model_was_trained_on_a_coders_file(coded,
                                                                                  tmp_path):
    second = SENTENCES.with_name("ai_race_second_coder.tsv")
    report = agreement(SENTENCES, second, lexicon="ai_race", split="blind6_test", n_boot=0)
    assert any("TRAINED ON THIS FILE" in note for note in report.notes)
    plain = agreement(SENTENCES, second, lexicon="ai_race", split="blind6_test", n_boot=0,
                      model=False)
    assert not any("sentence model" in note for note in plain.notes)
    renamed = dataclasses.replace(load_lexicon("ai_race"), name="my_race")  # no model of its own
    assert agreement(SENTENCES, second, lexicon=renamed, n_boot=0).lexicon == "my_race"
    with pytest.raises(ParameterError, match="shipped sentence model"):
        agreement(SENTENCES, second, lexicon=renamed, model=True)


def test_a_wide_file_without_a_category_the_other_coder_codes_is_an_error(coded, tmp_path):
    cats = sorted({c for s in coded["frames"] for c in s.split(",") if c})
    wide = pd.DataFrame({"id": coded["id"]})
    for c in cats[1:]:  # no column for the first category
        wide[c] = coded["frames"].str.split(",").apply(lambda s, c=c: int(c in s))
    a = _write(coded[["id", "frames"]], tmp_path / "a.tsv")
    b = _write(wide, tmp_path / "b.tsv")
    with pytest.raises(InputError, match=rf"b.tsv' has no column for \['{cats[0]}'\]"):
        agreement(a, b, n_boot=0)


def test_categories_that_differ_only_in_case_are_noted(coded, tmp_path):
    upper = coded.assign(frames=coded["frames"].str.replace("ai_race", "AI_race"))
    report = agreement(_write(coded, tmp_path / "a.tsv"), _write(upper, tmp_path / "b.tsv"),
                       n_boot=0)
    assert any("differ only in case" in note and "AI_race" in note for note in report.notes)
