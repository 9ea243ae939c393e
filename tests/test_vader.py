"""framing.vader.VaderScorer must give exactly vaderSentiment 3.3.2's scores, only faster."""

from __future__ import annotations

import csv
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment as vader_module
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing import vader
from framing.errors import ParameterError
from framing.vader import VaderScorer

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
EVAL = REPO.parent / "shared" / "eval" / "sentiment"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@pytest.fixture(scope="module")
def package() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@pytest.fixture(scope="module")
def scorer() -> VaderScorer:
    return VaderScorer()


def _mismatches(
    texts: list[str], package: SentimentIntensityAnalyzer, scorer: VaderScorer
) -> list[tuple[str, dict, dict]]:
    """Texts where any of the four values, the key order, or compound() differ."""
    bad = []
    for text in texts:
        want = package.polarity_scores(text)
        got = scorer.polarity_scores(text)
        if got != want or list(got) != list(want) or scorer.compound(text) != want["compound"]:
            bad.append((text, want, got))
    return bad


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


needs_shared = pytest.mark.skipif(
    not (SEEDS.is_dir() and EVAL.is_dir()), reason="../shared/seeds and ../shared/eval not present"
)


# ---- identity on real text ----------------------------------------------------------------------
@needs_shared
def test_vader_identical_on_eval_sentences(package, scorer):
    texts: list[str] = []
    for path in sorted(EVAL.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as f:
            texts += [
                row["text"] for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            ]
    assert len(texts) > 21_000  # tweets, movie reviews, amazon, NYT
    bad = _mismatches(texts, package, scorer)
    assert bad == []


@needs_shared
def test_vader_identical_on_seed_sentences_and_whole_texts(package, scorer):
    texts = _seed_texts()
    sentences = [s for t in texts for s in _SENTENCE_END.split(t) if s.strip()]
    assert len(sentences) > 100
    assert _mismatches(sentences, package, scorer) == []
    assert _mismatches(texts, package, scorer) == []
    # The whole article is one long "sentence" for VADER, with a non-trivial score.
    assert all(scorer.compound(t) != 0.0 for t in texts)


# The package's own demo sentences (vaderSentiment.py, __main__), with their published scores.
PACKAGE_EXAMPLES = {
    "VADER is smart, handsome, and funny.": 0.8316,
    "VADER is smart, handsome, and funny!": 0.8439,
    "VADER is very smart, handsome, and funny.": 0.8545,
    "VADER is VERY SMART, handsome, and FUNNY.": 0.9227,
    "VADER is VERY SMART, handsome, and FUNNY!!!": 0.9342,
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!": 0.9469,
    "VADER is not smart, handsome, nor funny.": -0.7424,
    "The book was good.": 0.4404,
    "At least it isn't a horrible book.": 0.431,
    "The book was only kind of good.": 0.3832,
    "The plot was good, but the characters are uncompelling and the dialog is not great.": -0.7042,
    "Today SUX!": -0.5461,
    "Today only kinda sux! But I'll get by, lol": 0.5249,
    "Make sure you :) or :D today!": 0.8633,
    "Catch utf-8 emoji such as 💘 and 💋 and 😁": 0.875,
    "Not bad at all": 0.431,
    "Sentiment analysis has never been good.": -0.3412,
    "Sentiment analysis has never been this good!": 0.5672,
    "With VADER, sentiment analysis is the shit!": 0.6476,
    "On the other hand, VADER is quite bad ass": 0.802,
    "Without a doubt, excellent idea.": 0.7013,
    "Roger Dodger is one of the least compelling variations on this theme.": -0.1695,
}


@pytest.mark.parametrize("text", list(PACKAGE_EXAMPLES))
def test_vader_package_examples_scores(package, scorer, text):
    assert scorer.polarity_scores(text) == package.polarity_scores(text)
    assert scorer.compound(text) == PACKAGE_EXAMPLES[text]


# ---- quirks of 3.3.2 that are preserved on purpose, one worked example each ----------------------
QUIRKS = {
    # "no" before a lexicon word: "no" scores 0 and negates "good" (1.9 * -0.74).
    "no good": -0.3412,
    # "no." keeps its full stop (the stripped word would be 2 letters), so it is not the negator.
    "no. good": 0.4404,
    # "NO" scores 0, yet ALL-CAPS emphasis still subtracts 0.733 from that 0.
    "NO good at all": -0.4835,
    "no good at all": -0.3412,
    # An emoji description is glued to a following letter: "...tears of joyand" loses "joy".
    "😂 and": 0.4404,
    "😂and": -0.2263,
    # The description "ON! arrow" (🔛) adds an exclamation mark.
    "good 🔛": 0.4926,
    "good": 0.4404,
    # "so"/"this" right before a word boosts it x1.25 whatever the word three back is ...
    "he said this good": 0.5228,
    # ... so "never so good" gets x1.25 twice (1.9 + 0.293 booster, then x1.25 x1.25).
    "the film was never so good": 0.6626,
    # "kind of" dampens; "kind" itself is not scored before "of".
    "the film was kind of good": 0.3832,
    # "least" negates unless after "at" or "very".
    "the least good film": -0.3412,
    "at least good": 0.4404,
}


@pytest.mark.parametrize("text", list(QUIRKS))
def test_vader_preserves_package_quirks(package, scorer, text):
    assert scorer.polarity_scores(text) == package.polarity_scores(text)
    assert scorer.compound(text) == QUIRKS[text]


def test_vader_but_rule_rescales_first_equal_value(package, scorer):
    # acceptance = 2.0 before "but", advanced = 1.0 after it. The package halves 2.0 to 1.0,
    # then looks 1.0 up with list.index, finds the *first* 1.0 and halves it again; "advanced"
    # keeps 1.0 instead of becoming 1.5. Sum 0.5 + 1.0, not 1.0 + 1.5.
    text = "acceptance but advanced"
    assert scorer.polarity_scores(text) == package.polarity_scores(text)
    assert scorer.compound(text) == round(vader_module.normalize(0.5 + 1.0), 4) == 0.3612
    assert scorer.compound(text) != round(vader_module.normalize(1.0 + 1.5), 4)


# ---- edge cases and the public surface -----------------------------------------------------------
def test_vader_empty_and_neutral_texts(package, scorer):
    for text in ["", "   ", "\n\t"]:
        assert scorer.polarity_scores(text) == {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        assert scorer.polarity_scores(text) == package.polarity_scores(text)
    text = "The committee met on Tuesday in Brussels."
    assert scorer.polarity_scores(text) == {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
    assert scorer.polarity_scores(text) == package.polarity_scores(text)


def test_vader_result_is_a_fresh_dict(scorer):
    first = scorer.polarity_scores("The committee met.")
    first["neu"] = 99.0
    assert scorer.polarity_scores("The committee met.")["neu"] == 1.0


def test_vader_compounds_batch_matches_single(scorer):
    sentences = ["The book was good.", "Today SUX!", "", "Not bad at all", "The book was good."]
    assert scorer.compounds(sentences) == [scorer.compound(s) for s in sentences]
    assert scorer.compounds(sentences) == [0.4404, -0.5461, 0.0, 0.431, 0.4404]
    assert scorer.compounds(()) == []


def test_vader_compounds_rejects_single_string(scorer):
    with pytest.raises(ParameterError, match="sequence of str, not a single str"):
        scorer.compounds("The book was good.")


def test_vader_rejects_non_string(scorer):
    with pytest.raises(ParameterError, match="expects a sentence as str. Got float"):
        scorer.polarity_scores(float("nan"))
    with pytest.raises(ParameterError, match="Got NoneType"):
        scorer.compound(None)
    with pytest.raises(ValueError):  # ParameterError is a ValueError
        scorer.compounds(["fine", 3])


def test_vader_scorer_pickles_for_worker_processes(scorer):
    clone = pickle.loads(pickle.dumps(scorer))
    assert len(pickle.dumps(scorer)) < 200  # rebuilt on arrival, lexicon not shipped
    assert clone.polarity_scores("Not bad at all!") == scorer.polarity_scores("Not bad at all!")


def test_vader_constants_match_package():
    assert vader.C_INCR == vader_module.C_INCR
    assert vader.N_SCALAR == vader_module.N_SCALAR
    assert vader.BOOSTERS == vader_module.BOOSTER_DICT
    assert vader.NEGATIONS == frozenset(vader_module.NEGATE)
    # every idiom / booster n-gram can be triggered by one of the trigger words
    for key in (*vader._SPECIAL_NGRAMS, *vader._BOOSTER_NGRAMS):
        assert vader._IDIOM_TRIGGERS.intersection(key), key


# ---- property: generated sentences dense in VADER's trigger words ---------------------------------
# fmt: off
TRIGGERS = [
    # negations, contrast, "least", "kind of", "no", "without doubt", "never so"
    "not", "never", "no", "No", "nor", "or", "but", "BUT", "least", "at", "very", "kind", "of",
    "sort", "just", "enough", "so", "this", "without", "doubt", "isn't", "don't", "aint",
    "cannot", "nothing", "despite", "rarely",
    # boosters and dampeners
    "extremely", "really", "VERY", "barely", "kinda", "sorta", "hardly", "most", "more", "less",
    # lexicon words, plain and emphasised
    "good", "GOOD", "Good", "bad", "BAD", "great", "terrible", "love", "hate", "happy", "sad",
    "fine", "kill", "win", "hope", "fail", "crisis", "support", "best", "worst", "lol", "sux",
    # special-case idioms and idioms without lexicon words
    "the", "shit", "bomb", "bad", "ass", "badass", "bus", "stop", "yeah", "right", "kiss",
    "death", "to", "die", "for", "beating", "heart", "cut", "mustard", "upper", "hand",
    # punctuation attached or alone, emoticons
    "good!", "bad,", "no.", "ok.", "(good)", "not,", "but,", "!!!", "!", "?", "??", "????",
    ":)", ":(", ":D", ":-)", "<3", "--", "...",
    # emoji (single code points, a skin tone modifier, the "ON!" arrow, a ZWJ sequence)
    "😁", "💘", "😢", "👍", "🏽", "🔛", "❤️", "👨‍👩‍👧", "💘and",
    # filler
    "film", "it", "was", "is", "a", "AI", "US", "market",
]
# fmt: on


@st.composite
def trigger_sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(TRIGGERS), min_size=0, max_size=25))
    seps = draw(
        st.lists(
            st.sampled_from([" ", " ", " ", "  ", "\t", "\n", "", "\u00a0"]),
            min_size=len(words),
            max_size=len(words),
        )
    )
    return "".join(w + s for w, s in zip(words, seps))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=trigger_sentences())
def test_vader_identical_on_generated_trigger_sentences(package, scorer, text):
    assert scorer.polarity_scores(text) == package.polarity_scores(text)
    assert scorer.compound(text) == package.polarity_scores(text)["compound"]


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=80))
def test_vader_identical_on_arbitrary_unicode(package, scorer, text):
    assert scorer.polarity_scores(text) == package.polarity_scores(text)
