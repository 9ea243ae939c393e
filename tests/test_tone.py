"""Tests for framing.tone: the shipped news-tone artifact, its predictions and explanations."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
import pytest

from framing import tone
from framing.errors import ModelError, ParameterError
from framing.tone import NewsTone

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT.parent / "shared" / "eval" / "sentiment"

NEGATIVE = "The bombing killed dozens of civilians and left the city in ruins."
POSITIVE = "The rescue was a remarkable success, and families celebrated the safe return."
SMALL_CORPUS = [
    ("The plan is a disaster and voters are furious.", -2.5),
    ("Officials praised the excellent new hospital.", 2.0),
    ("The committee met on Tuesday.", 0.0),
    ("It was not a good year for the company.", -1.2),
    ("The festival was a joyful celebration.", 2.6),
    ("Critics called the decision cruel and unfair.", -2.2),
]


@pytest.fixture(scope="module")
def model() -> NewsTone:
    return NewsTone.load()


def test_tone_artifact_loads_with_matching_settings(model: NewsTone) -> None:
    assert model.hash_coef.shape == (2**tone.HASH_BITS,)
    assert model.settings["dense_features"] == list(tone.DENSE_FEATURES)
    assert set(model.settings["training_data"]) == {
        "nyt_dev.tsv",
        "tweets.tsv",
        "movies.tsv",
        "amazon.tsv",
    }
    assert np.count_nonzero(model.hash_coef) > 10_000


def test_tone_artifact_is_small() -> None:
    size = sum((tone.DATA_DIR / f"news_tone{ext}").stat().st_size for ext in (".npz", ".json"))
    assert size < 3_000_000


def test_tone_predictions_are_float64_in_range(model: NewsTone) -> None:
    sentences = [NEGATIVE, POSITIVE, "", "!!!", "Not bad.", "x " * 500]
    p = model.predict(sentences)
    assert p.dtype == np.float64 and p.shape == (len(sentences),)
    assert np.all(np.abs(p) <= 1.0)


def test_tone_negative_news_sentence_scores_below_positive(model: NewsTone) -> None:
    neg, pos = model.predict([NEGATIVE, POSITIVE])
    assert neg < -0.1 < 0.1 < pos


def test_tone_precomputed_vader_gives_same_predictions(model: NewsTone) -> None:
    sentences = [NEGATIVE, POSITIVE, "The vote is on Monday."]
    vader = tone.vader_scores(sentences)
    assert np.array_equal(model.predict(sentences, vader=vader), model.predict(sentences))


def test_tone_explain_terms_sum_to_prediction(model: NewsTone) -> None:
    for sentence in (NEGATIVE, POSITIVE, "He did not win, and the the team lost."):
        terms = model.explain(sentence)
        raw = model.raw_scores([sentence])[0]
        assert sum(c for _, c in terms) == pytest.approx(raw / tone.OUTPUT_SCALE, abs=1e-5)
        names = [t for t, _ in terms]
        assert "vader:compound" in names and "intercept" in names
    assert model.explain(NEGATIVE, top=1)[0][1] < 0 < model.explain(POSITIVE, top=1)[0][1]


def test_tone_explain_names_negated_words(model: NewsTone) -> None:
    names = [t for t, _ in model.explain("They did not win the vote.")]
    assert "word:NEG_win" in names and "bigram:not NEG_win" in names


def test_tone_tokenize_marks_negation_scope_until_punctuation() -> None:
    assert tone.tokenize("It wasn't good, but fine.") == ["it", "wasn't", "NEG_good", "but", "fine"]


def test_tone_rejects_a_single_string(model: NewsTone) -> None:
    with pytest.raises(ParameterError, match="got one string"):
        model.predict(NEGATIVE)


def test_tone_rejects_vader_of_wrong_shape(model: NewsTone) -> None:
    with pytest.raises(ParameterError, match=r"shape \(2, 4\)"):
        model.predict([NEGATIVE, POSITIVE], vader=np.zeros((2, 3)))


def test_tone_missing_artifact_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing"):
        NewsTone.load(tmp_path / "nope.npz")


def test_tone_corrupt_artifact_raises_model_error(tmp_path: Path) -> None:
    (tmp_path / "m.npz").write_bytes(b"not a zip")
    (tmp_path / "m.json").write_text("{}")
    with pytest.raises(ModelError, match="corrupt"):
        NewsTone.load(tmp_path / "m.npz")


def test_tone_incompatible_artifact_raises_model_error(tmp_path: Path, model: NewsTone) -> None:
    model.save(tmp_path / "m.npz")
    meta = json.loads((tmp_path / "m.json").read_text())
    meta["hash_bits"] = 20
    (tmp_path / "m.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="hash_bits"):
        NewsTone.load(tmp_path / "m.npz")


def test_tone_small_retrain_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    texts, y = zip(*SMALL_CORPUS)
    a = tone.fit(texts, np.array(y), alpha=1.0, settings={"note": "small"})
    b = tone.fit(texts, np.array(y), alpha=1.0)
    assert np.array_equal(a.hash_coef, b.hash_coef) and a.intercept == b.intercept
    assert a.predict(["A joyful festival."])[0] > a.predict(["A cruel disaster."])[0]
    a.save(tmp_path / "m.npz")
    with pytest.raises(ModelError, match="format_version"):  # settings lack the format keys
        NewsTone.load(tmp_path / "m.npz")


@pytest.mark.slow
@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="needs ../shared/eval/sentiment")
def test_tone_retrain_reproduces_shipped_coefficients(model: NewsTone) -> None:
    spec = importlib.util.spec_from_file_location("train", ROOT / "scripts" / "train_news_tone.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    data, hashes = train.load_data(EVAL_DIR)
    assert {k: {"sha256": v} for k, v in hashes.items()} == model.settings["training_data"]
    rebuilt = train.build(
        data,
        hashes,
        cv=False,
        alpha=model.settings["alpha"],
        news_weight=model.settings["news_weight"],
    )
    np.testing.assert_allclose(rebuilt.hash_coef, model.hash_coef, atol=1e-5)
    np.testing.assert_allclose(rebuilt.dense_coef, model.dense_coef, atol=1e-5)
    assert rebuilt.intercept == pytest.approx(model.intercept, abs=1e-5)


def test_tone_fast_path_equals_the_feature_matrix_path(seed_articles):
    from framing.text import split_sentences
    from framing.tone import NewsTone, featurize

    model = NewsTone.load()
    sentences = [text[a:b] for text in seed_articles["text"] for a, b in split_sentences(text)]
    sentences += ["", "Not good, not bad!", "It wasn't a failure; it was a disaster.", "¿Qué? 😂"]
    nyt = SHARED_EVAL / "sentiment" / "nyt_dev.tsv"
    if nyt.exists():
        import pandas as pd

        sentences += pd.read_csv(nyt, sep="\t", keep_default_na=False)["text"].tolist()
    hashed, dense = featurize(sentences)
    expected = (hashed @ model.hash_coef.astype(np.float64)
                + dense @ model.dense_coef.astype(np.float64) + model.intercept)
    np.testing.assert_allclose(model.raw_scores(sentences), expected, rtol=0, atol=1e-9)


def test_tone_fast_path_matches_per_sentence_on_edge_cases(monkeypatch) -> None:
    from framing.tone import NewsTone, featurize

    model = NewsTone.load()
    sentences = [
        "", "!!!", "...", "Not good, not bad!", "No no no never nothing.",
        "It wasn’t a failure; it was a DISASTER. Isn't it great?",
        "Line one\nline two isn't fine\nNot\nbad",  # a line break inside a sentence
        "İstanbul’s KELVIN \u212a sign: not İyi, great.", "ΟΔΟΣ not ΣΑΣ good",
        "don' t can't",
        "NEG_good neg_bad", "a", "not", "good", "The rescue was a remarkable success.",
    ]

    def expected(batch):
        hashed, dense = featurize(batch)
        return (hashed @ model.hash_coef.astype(np.float64)
                + dense @ model.dense_coef.astype(np.float64) + model.intercept)

    no_breaks = [s for s in sentences if "\n" not in s]
    for batch in (sentences, sentences[:1], sentences[::-1], no_breaks):
        np.testing.assert_allclose(model.raw_scores(batch), expected(batch), rtol=0, atol=1e-9)
    # one sentence at a time equals the batch: no state leaks between sentences
    one_by_one = np.concatenate([model.raw_scores([s]) for s in sentences])
    np.testing.assert_allclose(one_by_one, expected(sentences), rtol=0, atol=1e-9)
    # the vocabulary memo is emptied when full and predictions do not change
    monkeypatch.setattr(tone, "BUCKET_CACHE_SIZE", 5)
    np.testing.assert_allclose(model.raw_scores(sentences), expected(sentences), rtol=0, atol=1e-9)
    np.testing.assert_allclose(model.raw_scores(sentences), expected(sentences), rtol=0, atol=1e-9)
    assert model.raw_scores([]).shape == (0,)
