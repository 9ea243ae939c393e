"""Tests for framing.frame_model: the same numbers as scikit-learn, explanations that add up,
the shipped ai_race model on held-out labelled sentences, and its place in scoring."""

from __future__ import annotations

import csv
import dataclasses
import itertools
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

import framing
from framing import frame_model as fm
from framing.errors import ModelError, ParameterError
from framing.evaluate import evaluate
from framing.frame_model import FrameModel
from framing.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "evaluation" / "ai_race_sentences.tsv"
CATEGORIES = ["cost_efficiency", "export_controls_failing", "open_source"]


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return pd.read_csv(LABELS, sep="\t", keep_default_na=False)


@pytest.fixture(scope="module")
def fitted(rows: pd.DataFrame):
    """A small model fitted with scikit-learn on the dev rows, and the sklearn objects."""
    train = rows[rows["split"] == "dev"]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    x = vectorizer.fit_transform(train["text"])
    estimators = [LogisticRegression(C=10, class_weight="balanced", max_iter=5000)
                  .fit(x, train["frames"].str.contains(c)) for c in CATEGORIES]
    model = FrameModel.from_sklearn("ai_race", CATEGORIES, vectorizer, estimators, 0.5)
    return model, vectorizer, estimators


def test_decisions_equal_scikit_learn_on_unseen_sentences(fitted, rows) -> None:
    model, vectorizer, estimators = fitted
    texts = rows.loc[rows["split"].str.endswith("test"), "text"].tolist()
    ours = model.decision(texts)
    x = vectorizer.transform(texts)
    for j, est in enumerate(estimators):
        np.testing.assert_allclose(ours[:, j], est.decision_function(x), atol=1e-9)
        assert (model.flags(texts)[:, j] == (est.predict_proba(x)[:, 1] > 0.5)).all()
    assert model.flags(texts).any(axis=0).all()  # each category is flagged somewhere


def test_explanation_adds_up_to_the_decision(fitted) -> None:
    model, _, _ = fitted
    sentence = "DeepSeek trained its model for a fraction of what OpenAI spent, at a much lower cost."
    parts = model.explain(sentence, "cost_efficiency")
    decision = model.decision([sentence])[0, CATEGORIES.index("cost_efficiency")]
    assert sum(v for _, v in parts) + model.intercept[0] == pytest.approx(decision, abs=1e-9)
    assert parts == sorted(parts, key=lambda p: (-p[1], p[0]))
    assert {term for term, _ in parts} <= set(fm.terms_of(sentence))
    assert decision > 0 and parts[0][1] > 0


def test_flagged_names_the_terms_explain_ranks_first(fitted, rows) -> None:
    model, _, _ = fitted
    texts = rows.loc[rows["split"] == "blind5_test", "text"].tolist()
    flags = model.flags(texts)
    found = model.flagged(texts, top=2)
    assert [(k, c) for k, c, _ in found] == [
        (k, CATEGORIES[j]) for k, j in zip(*np.nonzero(flags))]
    for k, category, terms in found:
        assert terms == tuple(t for t, _ in model.explain(texts[k], category, top=2))


def test_a_batch_scores_each_sentence_as_alone(fitted, rows) -> None:
    model, _, _ = fitted
    texts = rows["text"].tolist()[:120] + ["", "No terms here: zzqx.", "U.S.-China chip rules"]
    batch = model.decision(texts)
    alone = np.vstack([model.decision([t]) for t in texts])
    np.testing.assert_allclose(batch, alone, atol=1e-12)
    np.testing.assert_allclose(model.decision(texts[::-1]), batch[::-1], atol=1e-12)


def test_empty_and_wordless_sentences_get_the_intercept(fitted) -> None:
    model, _, _ = fitted
    out = model.decision(["", "—", "zzqx qqzx"])
    np.testing.assert_allclose(out, np.tile(model.intercept, (3, 1)))
    assert model.decision([]).shape == (0, len(CATEGORIES))


def test_bad_input_fails_with_a_clear_message(fitted) -> None:
    model, vectorizer, estimators = fitted
    with pytest.raises(ParameterError, match="sequence of sentence strings"):
        model.decision("one string")
    with pytest.raises(ParameterError, match="sequence of sentence strings"):
        model.flags(["ok", None])  # type: ignore[list-item]
    with pytest.raises(ParameterError, match="no category 'underdog'"):
        model.explain("x", "underdog")
    with pytest.raises(ParameterError, match="one classifier per category"):
        FrameModel.from_sklearn("ai_race", CATEGORIES, vectorizer, estimators[:1], 0.5)
    with pytest.raises(ParameterError, match="TfidfVectorizer with"):
        FrameModel.from_sklearn("ai_race", CATEGORIES, TfidfVectorizer(), estimators, 0.5)


def test_save_and_load_round_trip(fitted, rows, tmp_path) -> None:
    model, _, _ = fitted
    path = tmp_path / "m_model.npz"
    model.save(path)
    loaded = FrameModel.load(path)
    texts = rows["text"].tolist()
    assert loaded.categories == model.categories and loaded.terms == model.terms
    np.testing.assert_allclose(loaded.decision(texts), model.decision(texts), atol=1e-5)


def test_broken_artifacts_raise_model_error(fitted, tmp_path) -> None:
    model, _, _ = fitted
    with pytest.raises(ModelError, match="missing"):
        FrameModel.load(tmp_path / "absent_model.npz")
    path = tmp_path / "m_model.npz"
    model.save(path)
    meta = json.loads(path.with_suffix(".json").read_text())
    path.with_suffix(".json").write_text(json.dumps({**meta, "format_version": 99}))
    with pytest.raises(ModelError, match="format_version=99"):
        FrameModel.load(path)
    path.with_suffix(".json").write_text(json.dumps(meta))
    path.write_bytes(b"not an npz")
    with pytest.raises(ModelError, match="corrupt"):
        FrameModel.load(path)


def test_shipped_model_matches_its_lexicon_and_training_record() -> None:
    model = fm.frame_model("ai_race")
    assert model is not None and fm.frame_model("generic") is None
    assert list(model.categories) == [c.id for c in load_lexicon("ai_race").categories]
    trained = model.settings["trained_on"]
    assert trained["labels_sha256"] == __import__("hashlib").sha256(LABELS.read_bytes()).hexdigest()
    assert trained["rows"] == len(pd.read_csv(LABELS, sep="\t", keep_default_na=False))
    assert trained["rows_left_out"].startswith("none")
    negatives = LABELS.with_name("ai_race_topical_negatives.tsv")
    record = trained["topical_negatives"]
    assert record["file"] == negatives.name
    assert record["sha256"] == __import__("hashlib").sha256(negatives.read_bytes()).hexdigest()


def test_topical_negatives_are_unlabelled_sentences_of_the_story() -> None:
    """The frame-free training sentences: one per row, no duplicates, none of them also a
    labelled sentence (a labelled row must not be trained on as a negative)."""
    negatives = pd.read_csv(LABELS.with_name("ai_race_topical_negatives.tsv"), sep="\t",
                            quoting=csv.QUOTE_NONE, keep_default_na=False)
    assert list(negatives.columns) == ["id", "style", "text"]
    assert negatives["id"].is_unique and negatives["text"].is_unique
    assert (negatives["text"].str.split().str.len() >= 5).all()
    labelled = set(pd.read_csv(LABELS, sep="\t", keep_default_na=False)["text"])
    assert not labelled & set(negatives["text"])


@pytest.fixture(scope="module")
def recipe():
    """scripts/train_frame_model.py as a module: the recipe the shipped model is built with."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("train_frame_model",
                                                  ROOT / "scripts" / "train_frame_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def recipe_without_held_out(recipe, rows):
    """The recipe fitted on every row but the held-out halves, with its topical negatives (the
    background news negatives are left out, so that the test needs nothing outside the
    repository)."""
    categories = list(fm.frame_model("ai_race").categories)
    keep = ~rows["split"].str.endswith("test")
    gold = recipe.label_matrix(rows["frames"], categories)
    return recipe.fit(rows.loc[keep, "text"].tolist(), gold[keep.to_numpy()],
                      recipe.topical_negatives(recipe.TOPICAL_NEGATIVES), categories, {})


@pytest.mark.parametrize("split", ["blind9_test", "blind11_test"])
def test_the_recipe_adds_recall_on_held_out_sentences(recipe, recipe_without_held_out, rows,
                                                      split: str) -> None:
    model = recipe_without_held_out
    part = rows[rows["split"] == split]
    gold = recipe.label_matrix(part["frames"], list(model.categories))
    lexicon = recipe.lexicon_flags("ai_race", part["text"].tolist(), list(model.categories))
    union = lexicon | model.flags(part["text"].tolist())
    f_lexicon, _, r_lexicon = recipe.micro(lexicon, gold)
    f_union, _, r_union = recipe.micro(union, gold)
    assert r_union > r_lexicon + 0.05
    assert f_union > f_lexicon


def test_evaluate_says_when_the_model_was_trained_on_the_file(rows, tmp_path) -> None:
    trained = evaluate(LABELS, split="blind6_test", n_boot=0, model=True)
    assert any("TRAINED ON THIS FILE" in note for note in trained.notes)
    other = tmp_path / "mine.tsv"
    rows[rows["split"] == "blind6_test"].to_csv(other, sep="\t", index=False)
    assert not any("TRAINED ON" in note
                   for note in evaluate(other, n_boot=0, model=True).notes)


def test_evaluate_measures_what_score_counts_by_default(rows, tmp_path) -> None:
    part = tmp_path / "blind14_test.tsv"
    rows[rows["split"] == "blind14_test"].to_csv(part, sep="\t", index=False)
    default = evaluate(part, n_boot=0)
    assert default.table.equals(evaluate(part, n_boot=0, model=True).table)
    assert any("--no-model" in note for note in default.notes)
    patterns = evaluate(part, n_boot=0, model=False)
    assert not any("sentence model" in note for note in patterns.notes)
    micro = {name: report.table.set_index("category").loc["micro"]
             for name, report in (("default", default), ("patterns", patterns))}
    # the model only adds sentences: every pattern hit stays, recall rises
    assert micro["default"]["tp"] > micro["patterns"]["tp"]
    assert micro["default"]["fn"] < micro["patterns"]["fn"]
    assert micro["default"]["n_pred"] >= micro["patterns"]["n_pred"]
    # the report says what the patterns alone score on the same rows, and what the model adds
    alone = next(note for note in default.notes if note.startswith("patterns alone"))
    assert f"micro-F1 {micro['patterns']['f1']:.3f}" in alone
    assert f"with the sentence model {micro['default']['f1']:.3f}" in alone
    assert f"{micro['default']['f1'] - micro['patterns']['f1']:+.3f}" in alone


def test_an_edited_lexicon_with_other_categories_is_measured_without_the_model(rows,
                                                                              tmp_path) -> None:
    shipped = load_lexicon("ai_race")
    copy = dataclasses.replace(shipped, description="an edited copy that keeps the categories")
    assert fm.model_for(copy) is fm.frame_model("ai_race")
    dropped = dataclasses.replace(shipped, categories=shipped.categories[:-1])
    assert fm.model_for(dropped) is None
    part = tmp_path / "part.tsv"
    keep = rows["frames"].map(lambda f: shipped.categories[-1].id not in f.split(","))
    rows[keep & (rows["split"] == "blind13_test")].to_csv(part, sep="\t", index=False)
    report = evaluate(part, lexicon=dropped, n_boot=0)
    assert report.table.equals(evaluate(part, lexicon=dropped, n_boot=0, model=False).table)
    with pytest.raises(ParameterError, match="the model's categories"):
        evaluate(part, lexicon=dropped, n_boot=0, model=True)


def test_evaluate_model_needs_a_lexicon_with_one() -> None:
    nfc = ROOT.parent / "shared" / "eval" / "frames" / "nfc_dev.tsv"
    if not nfc.is_file():
        pytest.skip("../shared/eval is not beside the repository")
    with pytest.raises(ParameterError, match="shipped sentence model"):
        evaluate(nfc, model=True, n_boot=0)


def test_scoring_adds_model_sentences_with_their_evidence() -> None:
    scores, evidence = framing.score()
    rows = evidence[evidence["scorer"] == "frame_model"]
    assert len(rows) > 0
    columns = [c for c in scores.columns if c.startswith("frame_model__")]
    assert len(columns) == 11
    counts = rows.groupby(["doc_id", "category"]).size()
    for (doc_id, category), n in counts.items():
        row = scores.set_index("doc_id").loc[doc_id]
        assert row[f"frame_model__{category}__sentences"] == n
    assert scores[columns].to_numpy().sum() == len(rows)
    for _, r in rows.iterrows():
        terms = r["pattern"].removeprefix("ai_race_model:").split("+")
        assert set(terms) <= set(fm.terms_of(r["match"]))
    plain, plain_evidence = framing.score(frame_model=False)
    assert not any(c.startswith("frame_model__") for c in plain.columns)
    assert (plain_evidence["scorer"] != "frame_model").all()
    # without the model: the same table but for the model's columns and frame presence, which
    # the model's sentences join (test_model_sentences_join_the_lexicons_in_frame_presence)
    present = [f"frame__{c}__present" for c in fm.frame_model("ai_race").categories]
    pd.testing.assert_frame_equal(plain.drop(columns=present),
                                  scores.drop(columns=columns + present))
    assert (scores[present].to_numpy() >= plain[present].to_numpy()).all()


def test_a_copied_artifact_without_its_json_is_missing(tmp_path) -> None:
    shipped = fm.available_models()["ai_race"]
    shutil.copy(shipped, tmp_path / "ai_race_model.npz")
    with pytest.raises(ModelError, match="missing"):
        FrameModel.load(tmp_path / "ai_race_model.npz")


def test_model_only_joins_a_lexicon_with_its_categories() -> None:
    lexicon = load_lexicon("ai_race")
    trimmed = dataclasses.replace(lexicon, categories=lexicon.categories[:3])
    text = "Washington's chip export controls have failed to slow Chinese labs, analysts said."
    scores, _ = framing.score([text], lexicons=[trimmed])
    assert not any(c.startswith("frame_model__") for c in scores.columns)
    scores, _ = framing.score([text], lexicons=[lexicon])
    assert scores.loc[0, "frame_model__export_controls_failing__sentences"] == 1


def test_fast_tokens_are_scikit_learns(rows) -> None:
    text = " ".join(rows["text"]).lower() + " a b_c x1 é ü-ß 中国 ai's u.s. ____ 9"
    assert fm._FAST_TOKEN.findall(text) == fm._TOKEN.findall(text)


@pytest.mark.parametrize(("extra", "bytes_path"), [
    ("", True),  # ASCII word characters; curly quotes, dashes, currency signs
    (" caf\u00e9 and na\u00efve", False),  # a non-ASCII letter
    (" Beijing (\u5317\u4eac)", False),  # CJK
    (" x\u00b2 or \u2163", False),  # a superscript digit, a Roman numeral
    # lower case: the Kelvin sign becomes "k", "İ" becomes "i" + a combining dot (no word char)
    (" \u212a-band and \u0130stanbul", True),
])
def test_the_byte_tokenizer_gives_the_regex_token_ids(rows, extra: str, bytes_path: bool) -> None:
    model = fm.frame_model("ai_race")
    ascii_words = [t for t in rows["text"]
                   if not fm._non_ascii_word_char(t, t.encode("ascii", "replace"))]
    text = f" {fm._BREAK} ".join([*ascii_words, "a b_c x1 ai's u.s. ____ 9" + extra]).lower()
    assert not text.isascii()
    assert fm._non_ascii_word_char(text, text.encode("ascii", "replace")) is not bytes_path
    expected = np.fromiter(map(model._get_with_break, fm._FAST_TOKEN.findall(text),
                               itertools.repeat(-1)), dtype=np.int64)
    assert np.array_equal(model._token_ids(text), expected)
    assert (expected == -2).sum() == len(ascii_words) > 3000


def test_a_model_of_single_words_scores_like_scikit_learn(rows) -> None:
    train = rows[rows["split"] == "dev"]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    words = sorted({w for text in train["text"] for w in fm.terms_of(text) if " " not in w})
    x = vectorizer.fit(words).transform(train["text"])  # one word per document: no pairs
    est = LogisticRegression().fit(x, train["frames"].str.contains("open_source"))
    model = FrameModel.from_sklearn("ai_race", ["open_source"], vectorizer, [est], 0.5)
    assert not any(" " in t for t in model.terms)
    texts = rows["text"].tolist()[:50]
    np.testing.assert_allclose(model.decision(texts)[:, 0],
                               est.decision_function(vectorizer.transform(texts)), atol=1e-9)


def test_model_sentences_join_the_lexicons_in_frame_presence(rows) -> None:
    """``frame__<id>__present``: at least present_min_sentences distinct sentences where a
    pattern fires or the model flags the frame; counts stay counts of pattern matches."""
    blind = rows.loc[rows["split"].str.startswith("blind"), "text"].tolist()
    articles = [" ".join(blind[i:i + 4]) for i in range(0, len(blind), 4)]
    scores, evidence = framing.score(articles)
    plain, _ = framing.score(articles, frame_model=False)
    need = load_lexicon("ai_race").present_min_sentences
    found = (evidence[evidence["scorer"].isin(["frame", "frame_model"])]
             .groupby(["doc_id", "category"])["sentence_index"].nunique())
    gained = 0
    for category in fm.frame_model("ai_race").categories:
        expected = [found.get((d, category), 0) >= need for d in scores["doc_id"]]
        assert scores[f"frame__{category}__present"].tolist() == expected
        assert scores[f"frame__{category}__count"].equals(plain[f"frame__{category}__count"])
        gained += int((scores[f"frame__{category}__present"]
                       & ~plain[f"frame__{category}__present"]).sum())
    assert gained > 0
