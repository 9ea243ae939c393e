"""framing.evaluate: readers, confusion counts, F1, correlations, misses, the tone-training check."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from framing.errors import InputError, ParameterError
from framing.evaluate import (
    _seen_in_training,
    add_arguments,
    cmd_evaluate,
    evaluate,
    prf,
    read_labelled,
)
from framing.lexicon import Lexicon

LEXICON = Lexicon.from_yaml("""
name: toy
kind: frames
categories:
  cost:
    patterns:
      - id: cost_words
        any: [cheap*, "low cost"]
  race:
    patterns:
      - id: race_words
        any: [arms race, rivalry]
""")

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def write(tmp_path, name: str, frame: pd.DataFrame) -> str:
    path = tmp_path / name
    frame.to_csv(path, sep="\t" if name.endswith(".tsv") else ",", index=False)
    return str(path)


def test_evaluate_prf_is_zero_when_undefined():
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(2, 2, 0) == pytest.approx((0.5, 1.0, 2 / 3))


def test_evaluate_wide_csv_counts_confusion_and_misses(tmp_path):
    path = write(tmp_path, "mine.csv", pd.DataFrame({
        "text": ["A cheap model.", "An arms race.", "Nothing here.", "The rivalry grew.",
                 "A cheap chip in an arms race."],
        "cost": [1, 0, 1, 0, 0],
        "race": [0, 1, 0, 1, 1],
    }))
    report = evaluate(path, lexicon=LEXICON, n_boot=0)
    t = report.table.set_index("category")
    # cost: row 1 TP, row 3 FN (no cue), row 5 FP ("cheap" with cost=0)
    assert (t.loc["cost", ["tp", "fp", "fn", "tn"]].tolist()) == [1, 1, 1, 2]
    assert (t.loc["race", ["tp", "fp", "fn", "tn"]].tolist()) == [3, 0, 0, 2]
    assert t.loc["cost", "f1"] == pytest.approx(0.5)
    assert t.loc["micro", "f1"] == pytest.approx(prf(4, 1, 1)[2])
    assert t.loc["macro", "f1"] == pytest.approx((0.5 + 1.0) / 2)
    assert report.unit == "sentence" and report.task == "categories"
    fp = report.misses[report.misses.error == "FP"].iloc[0]
    assert fp["id"] == "row-5" and "cost_words='cheap'" in fp["fired"]
    assert set(report.misses["error"]) == {"FP", "FN"}
    assert "sentence level" in report.to_text()


def test_evaluate_labels_column_and_split_select_rows(tmp_path):
    path = write(tmp_path, "ai.tsv", pd.DataFrame({
        "id": ["a", "b", "c", "d"], "split": ["dev", "test", "test", "dev"],
        "text": ["A cheap model.", "An arms race, cheaply run.", "Nothing.", "Rivalry."],
        "frames": ["cost", "race,cost", "", "cost"],
    }))
    report = evaluate(path, lexicon=LEXICON, split="test", n_boot=0)
    assert report.n == 2 and report.split == "test"
    t = report.table.set_index("category")
    assert t.loc["micro", "tp"] == 2 and t.loc["micro", "fp"] == 0
    dev = evaluate(path, lexicon=LEXICON, split="dev", n_boot=0).table.set_index("category")
    assert dev.loc["cost", "fn"] == 1 and dev.loc["race", "fp"] == 1
    both = evaluate(path, lexicon=LEXICON, split="dev, test", n_boot=0)
    assert both.n == 4 and both.split == "dev, test"
    assert both.table.set_index("category").loc["micro", "tp"] == 2 + dev.loc["micro", "tp"]


def test_evaluate_labels_file_of_only_no_frame_rows_counts_false_positives(tmp_path):
    # a sample of negatives only (no label column survives) is still a valid precision check
    path = write(tmp_path, "neg.tsv", pd.DataFrame({
        "text": ["Cheap flights to Lisbon sold out.", "The council met on Tuesday."],
        "frames": ["", ""],
    }))
    t = evaluate(path, lexicon=LEXICON, n_boot=0).table.set_index("category")
    assert t.loc["cost", "fp"] == 1 and t.loc["cost", "tn"] == 1
    assert t.loc["race", "tn"] == 2 and t.loc["micro", "tp"] == 0


def test_evaluate_bad_split_lists_the_valid_ones(tmp_path):
    path = write(tmp_path, "ai.tsv", pd.DataFrame({"split": ["dev"], "text": ["x"],
                                                   "frames": ["cost"]}))
    with pytest.raises(ParameterError, match=r"must be one of \['dev'\].*Got 'tset'"):
        evaluate(path, lexicon=LEXICON, split="tset")
    with pytest.raises(ParameterError, match=r"Got 'dev,tset'"):
        evaluate(path, lexicon=LEXICON, split="dev,tset")


def test_evaluate_bad_task_lists_the_valid_ones(tmp_path):
    path = write(tmp_path, "m.csv", pd.DataFrame({"text": ["x"], "cost": [1]}))
    with pytest.raises(ParameterError, match=r"\['categories', 'hedge', 'tone'\].*Got 'frame'"):
        evaluate(path, task="frame", lexicon=LEXICON)


def test_evaluate_unknown_label_names_the_lexicon_categories(tmp_path):
    path = write(tmp_path, "m.csv", pd.DataFrame({"text": ["x"], "costs": [1]}))
    with pytest.raises(ParameterError, match=r"\['costs'\] are not in lexicon 'toy'.*cost, race"):
        evaluate(path, lexicon=LEXICON)


def test_evaluate_article_level_uses_present_min_sentences(tmp_path):
    path = write(tmp_path, "arts.csv", pd.DataFrame({
        "text": ["It was cheap. Then cheaper. An arms race.",
                 "It was cheap. Nothing else. And more.",
                 "No cue here. None at all. Really."],
        "cost": [1, 0, 0], "race": [1, 0, 0],
    }))
    one = evaluate(path, lexicon=LEXICON, n_boot=0)
    assert one.unit == "article"  # multi-sentence rows
    assert one.table.set_index("category").loc["cost", "fp"] == 1
    two = evaluate(path, lexicon=LEXICON, present_min=2, n_boot=0).table.set_index("category")
    assert two.loc["cost", ["tp", "fp"]].tolist() == [1, 0]
    assert two.loc["race", "fn"] == 1  # one sentence is not enough at present_min=2
    assert ">= 2 sentence(s)" in evaluate(path, lexicon=LEXICON, present_min=2, n_boot=0).rule


def test_evaluate_nfc_reader_maps_columns_and_reads_false_paren(tmp_path):
    path = write(tmp_path, "nfc.tsv", pd.DataFrame({
        "ID": [1, 2, 3], "text": ["a. b.", "c. d.", "e. f."],
        "RE": ["True", "False", ""], "HI": ["False"] * 3, "CO": ["True"] * 3,
        "MO": ["False"] * 3, "EC": ["False)", "True", "False"],
    }))
    data = read_labelled(path)
    assert data.format == "nfc" and data.default_lexicon == "generic"
    assert list(data.categories.columns) == ["resolution", "human_interest", "conflict",
                                             "morality", "economic"]
    assert data.ids == ["1", "2"]  # row 3 has an empty label
    assert data.categories["economic"].tolist() == [False, True]
    assert any("'False)' read as False" in n for n in data.notes)


def test_evaluate_rejects_a_non_boolean_label(tmp_path):
    path = write(tmp_path, "m.csv", pd.DataFrame({"text": ["x", "y"], "cost": ["1", "maybe"]}))
    with pytest.raises(InputError, match="Cannot tell how"):
        read_labelled(path)


def test_evaluate_hedging_file_scores_the_stance_hedge(tmp_path):
    path = write(tmp_path, "weasel.tsv", pd.DataFrame({
        "doc_id": ["d", "d", "d"], "sentence_id": ["S1", "S2", "S3"],
        "uncertain": [1, 0, 1], "cues": ["", "", ""],
        "text": ["It may rain tomorrow.", "The sky is blue.", "The earth is round."],
    }))
    report = evaluate(path, n_boot=0)
    assert report.task == "hedge" and report.lexicon.startswith("stance")
    row = report.table.iloc[0]
    assert (row["tp"], row["fp"], row["fn"], row["tn"]) == (1, 0, 1, 1)
    assert report.misses.iloc[0]["id"] == "d/S3"


def test_evaluate_tone_reports_pearson_spearman_and_interval(tmp_path, monkeypatch):
    from framing.scorers import sentiment

    def no_model():
        raise ImportError("no framing.tone in this test")

    monkeypatch.setattr(sentiment, "news_tone", no_model)
    texts = ["This is wonderful and great.", "Terrible, awful news.", "The meeting is at noon.",
             "A good result.", "A bad, sad loss.", "Fine."]
    human = [3.0, -3.0, 0.0, 1.5, -2.0, 0.5]
    path = write(tmp_path, "s.tsv", pd.DataFrame({"id": range(6), "human_mean": human,
                                                  "text": texts}))
    report = evaluate(path, n_boot=200)
    row = report.table.set_index("predictor").loc["vader_compound"]
    from framing.scorers.sentiment import vader

    expected = np.corrcoef(human, vader().compounds(texts))[0, 1]
    assert row["pearson_r"] == pytest.approx(expected)
    assert row["n"] == 6 and row["pearson_ci_low"] <= row["pearson_r"] <= row["pearson_ci_high"]
    assert any("news tone not measured" in n for n in report.notes)


def test_evaluate_tone_task_on_category_labels_is_refused(tmp_path):
    path = write(tmp_path, "m.csv", pd.DataFrame({"text": ["x"], "cost": [1]}))
    with pytest.raises(ParameterError, match="task 'tone' needs a numeric label"):
        evaluate(path, task="tone", lexicon=LEXICON)


def test_evaluate_says_when_the_tone_model_saw_the_file(tmp_path):
    path = tmp_path / "nyt.tsv"
    path.write_text("id\thuman_mean\ttext\n1\t1.0\tGood.\n")
    import hashlib

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    seen = SimpleNamespace(settings={"training_data": {"nyt.tsv": {"sha256": digest}}})
    other = SimpleNamespace(settings={"training_data": {"x": {"sha256": "0" * 64}}})
    assert "SAW THIS FILE IN TRAINING" in _seen_in_training(seen, path)
    assert _seen_in_training(other, path) == ""
    assert "cannot tell" in _seen_in_training(SimpleNamespace(), path)


def test_evaluate_flags_that_the_shipped_tone_model_saw_nyt_dev():
    from framing.tone import NewsTone

    nyt = SHARED_EVAL / "sentiment" / "nyt_dev.tsv"
    if not nyt.exists():
        pytest.skip("needs ../shared/eval")
    assert "SAW THIS FILE IN TRAINING" in _seen_in_training(NewsTone.load(), nyt)


def test_evaluate_cli_prints_report_and_writes_table(tmp_path, capsys):
    path = write(tmp_path, "mine.csv", pd.DataFrame({"text": ["A cheap model.", "Nothing."],
                                                     "cost": [1, 1]}))
    lex = tmp_path / "toy.yaml"
    lex.write_text(LEXICON.to_yaml())
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out = tmp_path / "t.csv"
    args = parser.parse_args([path, "--lexicon", str(lex), "--out", str(out), "--misses", "1",
                              "--n-boot", "0"])
    assert cmd_evaluate(args) == 0
    printed = capsys.readouterr().out
    assert "worst misses (up to 1 of 1)" in printed and "Nothing." in printed
    assert pd.read_csv(out).set_index("category").loc["cost", "fn"] == 1


def test_evaluate_tfidf_baseline_predicts_every_row_out_of_fold(tmp_path):
    cheap = ["cheap cheap model price", "cheap low price model", "price cheap again cheap"] * 4
    other = ["arms race rivalry grew", "rivalry race arms again", "race rivalry arms now"] * 4
    path = write(tmp_path, "m.csv", pd.DataFrame({"text": cheap + other,
                                                  "cost": [1] * 12 + [0] * 12}))
    from framing.evaluate import tfidf_baseline

    report = tfidf_baseline(path, folds=3, n_boot=0)
    assert len(report.predictions) == 24
    assert report.table.set_index("category").loc["cost", "f1"] == pytest.approx(1.0)
    with pytest.raises(ParameterError, match=r"\['balanced', 'none'\].*Got 'auto'"):
        tfidf_baseline(path, class_weight="auto")


@pytest.mark.parametrize("unit", ["sentence", "article"])
def test_count_fired_scores_the_model_in_one_batch_as_text_by_text(seed_articles, unit):
    from framing.evaluate import count_fired
    from framing.frame_model import model_for
    from framing.lexicon import load_lexicon

    lex = load_lexicon("ai_race")
    model = model_for(lex)
    cats = list(model.categories)
    texts = list(seed_articles["text"])
    if unit == "sentence":  # the first sentences of each seed article, and an empty row
        texts = [s + "." for t in texts for s in t.split(". ")[:6]] + ["  "]
    fired, by_patterns, evidence = count_fired(lex, texts, cats, unit=unit, model=model)
    one_by_one = [count_fired(lex, [t], cats, unit=unit, model=model) for t in texts]
    assert (fired == np.vstack([f for f, _, _ in one_by_one])).all()
    assert evidence == [e[0] for _, _, e in one_by_one]
    assert (by_patterns == count_fired(lex, texts, cats, unit=unit)[0]).all()
    # the model adds sentences to the patterns' count and never takes one away
    assert (fired >= np.minimum(by_patterns, 1)).all() and (fired > by_patterns).any()
    assert any("model=" in term for row in evidence for terms in row.values() for term in terms)


def test_group_by_measures_presence_as_framing_score_reports_it(seed_result):
    """Coder A's labelled seed sentences joined back into their articles: the gold is any row's
    label, and the prediction is exactly framing score's frame__<id>__present."""
    coded = Path(__file__).resolve().parents[1] / "evaluation" / "seed_frames_coder_a.tsv"
    report = evaluate(coded, group_by="article", n_boot=0)
    rows = pd.read_csv(coded, sep="\t", keep_default_na=False, dtype=str)
    assert report.unit == "article" and report.n == rows["article"].nunique() == 5
    predictions = report.predictions.set_index("id")
    scores = seed_result.scores.set_index("doc_id").loc[predictions.index]
    cats = [c.removesuffix("__gold") for c in predictions.columns if c.endswith("__gold")]
    assert len(cats) == 11
    for c in cats:
        gold = rows.groupby("article")["frames"].agg(lambda s, c=c: any(
            c in cell.split(",") for cell in s))
        assert predictions[f"{c}__gold"].to_dict() == gold.loc[predictions.index].to_dict()
        assert (predictions[f"{c}__predicted"].to_numpy()
                == scores[f"frame__{c}__present"].astype(bool).to_numpy()).all(), c
    baseline = next(n for n in report.notes if n.startswith("baseline"))
    share = predictions[[f"{c}__gold" for c in cats]].to_numpy().mean()
    assert f"micro-F1 {2 * share / (1 + share):.3f}" in baseline


def test_group_by_refuses_what_it_cannot_join(tmp_path):
    rows = pd.DataFrame({"id": ["s1", "s2", "s3"], "doc": ["a", "a", "b"],
                         "split": ["dev", "test", "dev"],
                         "text": ["A cheap model.", "An arms race.", "Nothing."],
                         "frames": ["cost", "race", ""]})
    path = write(tmp_path, "mixed.tsv", rows)
    with pytest.raises(InputError, match=r"Article 'a' .* several splits \['dev', 'test'\]"):
        evaluate(path, lexicon=LEXICON, group_by="doc")
    with pytest.raises(InputError, match=r"group_by='article'.*no such column"):
        evaluate(path, lexicon=LEXICON, group_by="article")
    with pytest.raises(ParameterError, match="unit='sentence'"):
        evaluate(path, lexicon=LEXICON, group_by="doc", unit="sentence")
    rows["split"] = "dev"
    rows.loc[2, "doc"] = " "
    with pytest.raises(InputError, match="empty in row s3"):
        evaluate(write(tmp_path, "gap.tsv", rows), lexicon=LEXICON, group_by="doc")
    rows.loc[2, "doc"] = "b"
    report = evaluate(write(tmp_path, "ok.tsv", rows), lexicon=LEXICON, group_by="doc",
                      n_boot=0)
    table = report.table.set_index("category")
    assert report.n == 2 and table.loc["cost", "tp"] == table.loc["race", "tp"] == 1
    assert table.loc["micro", "fp"] == 0


# -- what a hand-made labelled file gets wrong, and what the reader says ----------------------------

def test_a_typo_in_a_category_column_is_an_error_not_a_dropped_category(tmp_path):
    texts = ["A cheap model.", "An arms race.", "Cheap chips.", "Nothing.", "Low cost again.",
             "A rivalry.", "Cheaper still.", "Plain text.", "More text.", "Cheap again."]
    cost = ["1", "0", "1", "0", "1", "0", "1", "0", "0", "2"]  # "2": a typo
    path = write(tmp_path, "typo.csv", pd.DataFrame({"text": texts, "cost": cost,
                                                     "race": ["0", "1"] + ["0"] * 8}))
    with pytest.raises(InputError, match=r"Column 'cost' of row row-10 .*Got '2'"):
        evaluate(path, lexicon=LEXICON, n_boot=0)
    # a one-category file with the same typo is not mistaken for a tone file either
    alone = write(tmp_path, "alone.csv", pd.DataFrame({"text": texts, "cost": cost}))
    with pytest.raises(InputError, match="Column 'cost'"):
        evaluate(alone, lexicon=LEXICON, n_boot=0)


def test_na_cells_are_uncoded_rows_left_out(tmp_path):
    path = write(tmp_path, "na.csv", pd.DataFrame({
        "text": ["A cheap model.", "An arms race.", "Nothing here."],
        "cost": ["1", "NA", "0"], "race": ["0", "1", "N/A"]}))
    report = evaluate(path, lexicon=LEXICON, n_boot=0)
    assert report.n == 1
    assert any("empty label left out" in note for note in report.notes)


def test_an_unclosed_quote_in_a_tsv_does_not_merge_rows(tmp_path):
    path = tmp_path / "quotes.tsv"
    path.write_text('id\ttext\tlabels\n'
                    '1\t"We are in an arms race.\trace\n'
                    '2\tIt would be cheap," he said.\tcost\n'
                    '3\tNothing here.\t\n', encoding="utf-8")
    data = read_labelled(path)
    assert data.ids == ["1", "2", "3"]
    assert data.texts[0] == '"We are in an arms race.'
    report = evaluate(path, lexicon=LEXICON, n_boot=0)
    assert report.table.set_index("category").loc["micro", "f1"] == 1.0


def test_a_malformed_csv_names_the_line(tmp_path):
    shifted = tmp_path / "comma.csv"
    shifted.write_text("id,text,labels\n1,The cost, and more,cost\n2,A race.,race\n",
                       encoding="utf-8")
    with pytest.raises(InputError, match=r"Line 2 of .* has 4 fields; the header has 3 "
                                         r"\(an unquoted comma"):
        read_labelled(shifted)
    unclosed = tmp_path / "quote.csv"
    unclosed.write_text('id,text,labels\n1,"Cheap chips.,cost\n2,It was" cheap.,cost\n',
                        encoding="utf-8")
    with pytest.raises(InputError, match="Cannot read line 3 .* a quote inside it is doubled"):
        read_labelled(unclosed)
    semicolons = tmp_path / "excel.csv"
    semicolons.write_text("id;text;cost\n1;Cheap.;1\n", encoding="utf-8")
    with pytest.raises(InputError, match="looks semicolon-separated"):
        read_labelled(semicolons)
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("text,cost\nCaf\xe9 prices are cheap.,1\n".encode("latin-1"))
    with pytest.raises(InputError, match="expected UTF-8 text"):
        read_labelled(latin1)


def test_the_shared_nfc_file_reads_as_before_with_its_short_line_noted():
    nfc = SHARED_EVAL / "frames" / "nfc_dev.tsv"
    if not nfc.exists():
        pytest.skip("shared/eval is not beside the repository")
    data = read_labelled(nfc)
    before = pd.read_csv(nfc, sep="\t", keep_default_na=False, dtype=str)
    assert len(data.ids) == len(before) - 1  # the row with no labels is left out
    assert any("fewer fields than the header" in n and "line 167" in n for n in data.notes)


def test_jsonl_label_lists_read_as_label_sets(tmp_path):
    path = tmp_path / "rows.jsonl"
    pd.DataFrame({"text": ["A cheap model.", "An arms race and cheap chips.", "Nothing."],
                  "labels": [["cost"], ["race", "cost"], []]}).to_json(
        path, orient="records", lines=True)
    data = read_labelled(path)
    assert data.categories.to_dict("list") == {"cost": [True, True, False],
                                               "race": [False, True, False]}


def test_options_that_do_not_apply_are_refused(tmp_path):
    sentences = write(tmp_path, "m.csv", pd.DataFrame({"text": ["A cheap model.", "Nothing."],
                                                        "cost": [1, 0]}))
    with pytest.raises(ParameterError, match="present_min .* needs unit='article'"):
        evaluate(sentences, lexicon=LEXICON, present_min=2, n_boot=0)
    tone = write(tmp_path, "t.csv", pd.DataFrame({"text": ["Great.", "Awful.", "Fine."],
                                                   "tone": [2.0, -2.0, 0.5]}))
    with pytest.raises(ParameterError, match="task 'tone' .* takes no lexicon"):
        evaluate(tone, lexicon=LEXICON, n_boot=0)


def test_tone_needs_labels_that_vary(tmp_path):
    same = write(tmp_path, "same.csv", pd.DataFrame({"text": ["Great.", "Awful.", "Fine."],
                                                      "tone": [2, 2, 2]}))
    with pytest.raises(InputError, match="labels differ. Got 3 row.*every label 2"):
        evaluate(same, n_boot=20)
    two = write(tmp_path, "two.csv", pd.DataFrame({"text": ["Great.", "Awful."],
                                                    "tone": [2.0, -1.5]}))
    with pytest.raises(InputError, match="at least 3 labelled rows"):
        evaluate(two, n_boot=20)


def test_tfidf_baseline_joins_articles_and_refuses_too_few_rows(tmp_path):
    from framing.evaluate import tfidf_baseline

    rows = pd.DataFrame({
        "doc": [f"d{i // 3}" for i in range(60)],
        "body": [("Cheap chips again." if (i // 3) % 2 else "An arms race looms.")
                 + f" Note {i}." for i in range(60)],
        "labels": [("cost" if (i // 3) % 2 else "race") if i % 3 == 0 else "" for i in range(60)],
    })
    path = write(tmp_path, "arts.tsv", rows)
    report = tfidf_baseline(path, text_col="body", group_by="doc", n_boot=0)
    assert report.n == 20  # articles, not the 60 rows
    assert report.table.set_index("category").loc["micro", "f1"] == 1.0
    with pytest.raises(ParameterError, match="needs at least 5 labelled rows. Got 3"):
        tfidf_baseline(write(tmp_path, "few.tsv", rows.head(3)), text_col="body", n_boot=0)


# -- macro over measured categories; uncoded rows inside joined articles ----------------------------

def test_a_category_neither_coded_nor_fired_is_left_out_of_the_macro_in_either_format(tmp_path):
    texts = ["A cheap model.", "Cheap chips again.", "Nothing here.", "The council met."]
    # no row is coded 'race' and none says "arms race" or "rivalry"
    labels = write(tmp_path, "labels.tsv", pd.DataFrame({"text": texts,
                                                         "frames": ["cost", "", "", ""]}))
    wide = write(tmp_path, "wide.csv", pd.DataFrame({"text": texts, "cost": [1, 0, 0, 0],
                                                     "race": [0, 0, 0, 0]}))
    for path in (labels, wide):
        report = evaluate(path, lexicon=LEXICON, n_boot=50, seed=1)
        t = report.table.set_index("category")
        cost_f1 = prf(1, 1, 0)[2]  # row 2 fires without a label
        assert t.loc["cost", "f1"] == pytest.approx(cost_f1)
        assert np.isnan(t.loc["race", "f1"]) and np.isnan(t.loc["race", "f1_ci_low"])
        assert t.loc["macro", "f1"] == pytest.approx(cost_f1), path
        assert any("left out of the macro: race" in n for n in report.notes)
    # once the lexicon fires on an uncoded category, its F1 is 0 and it counts again
    texts[3] = "An arms race began."
    fired = evaluate(write(tmp_path, "fired.tsv", pd.DataFrame(
        {"text": texts, "frames": ["cost", "", "", ""]})), lexicon=LEXICON, n_boot=0)
    t = fired.table.set_index("category")
    assert t.loc["race", "f1"] == 0 and t.loc["macro", "f1"] == pytest.approx(cost_f1 / 2)


def test_group_by_keeps_the_text_of_uncoded_rows_in_their_article(tmp_path):
    rows = pd.DataFrame({
        "doc": ["a", "a", "b", "c", "c"],
        "text": ["A cheap model.", "An arms race.", "Nothing here.", "Rivalry.", "Low cost."],
        "cost": ["1", "NA", "0", "NA", "NA"],
        "race": ["0", "NA", "0", "NA", "NA"]})
    report = evaluate(write(tmp_path, "g.csv", rows), lexicon=LEXICON, group_by="doc",
                      n_boot=0)
    predictions = report.predictions.set_index("id")
    # article c has no coded row: left out; article a keeps "An arms race." in its text, so
    # race fires there although its coded row says no race
    assert list(predictions.index) == ["a", "b"]
    assert predictions.loc["a", "race__predicted"] and not predictions.loc["a", "race__gold"]
    assert predictions.loc["a", "cost__gold"]
    note = next(n for n in report.notes if "kept in their article's text" in n)
    assert note.startswith("3 row(s)") and note.endswith("left out: c")


# -- the models' training texts: in-sample rows are told by text, not only by file -----------------

def test_rows_that_repeat_the_tone_models_training_sentences_are_flagged(tmp_path):
    nyt = SHARED_EVAL / "sentiment" / "nyt_dev.tsv"
    if not nyt.exists():
        pytest.skip("needs ../shared/eval")
    rows = pd.read_csv(nyt, sep="\t", keep_default_na=False, dtype={"id": str}).iloc[[40, 7, 19]]
    rows["text"] = rows["text"].str.upper()  # re-typed in capitals: still the same text
    fresh = pd.DataFrame({"id": ["new1", "new2"], "human_mean": [2.5, -3.0],
                          "text": ["The volunteers rebuilt the school in a week.",
                                   "Flooding wrecked the harvest across the valley."]})
    mixed = write(tmp_path, "mixed.tsv", pd.concat([fresh, rows[["id", "human_mean", "text"]]]))
    notes = evaluate(mixed, n_boot=0).notes
    note = next(n for n in notes if n.startswith("news tone: 3 of 5 rows (60.0%) repeat a text "
                                                 "it was trained on"))
    assert "is partly a training-set figure" in note
    clean = evaluate(write(tmp_path, "clean.tsv", pd.concat([fresh, fresh.assign(
        id=["n3", "n4"], text=["Prices rose.", "The team won the final."])])), n_boot=0).notes
    assert not any("trained on" in n or "IN TRAINING" in n for n in clean)


def test_articles_built_from_the_sentence_models_training_sentences_are_flagged(tmp_path):
    labelled = Path(__file__).resolve().parents[1] / "evaluation" / "ai_race_sentences.tsv"
    rows = pd.read_csv(labelled, sep="\t", keep_default_na=False).sample(6, random_state=3)
    article = " ".join(rows["text"])  # an "article" of six training sentences, re-joined
    path = write(tmp_path, "arts.tsv", pd.DataFrame({
        "id": ["x", "y"], "text": [article, "Nothing in this text was ever labelled. Nor this."],
        "frames": ["", ""]}))
    report = evaluate(path, lexicon="ai_race", unit="article", model=True, n_boot=0)
    note = next(n for n in report.notes if n.startswith("sentence model:"))
    assert "1 of 2 rows (50.0%)" in note and "by one or more of their sentences" in note
