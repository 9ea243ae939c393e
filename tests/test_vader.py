"""framing.vader.VaderScorer must give exactly vaderSentiment 3.3.2's scores, only faster."""

from __future__ import annotations

import csv
import math
import pickle
import random
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


# ---- score_document: per-sentence rows and whole-text compound in one pass ----------------------
_FIELDS = ("compound", "pos", "neg", "neu")


def _document_mismatches(
    documents: list[list[str]], package: SentimentIntensityAnalyzer, scorer: VaderScorer
) -> list[tuple[list[str], object, object]]:
    """Documents where score_document differs from the package, sentence by sentence and on the
    joined text (compared as values and as reprs, so a -0.0 for 0.0 counts as a difference)."""
    bad = []
    for sentences in documents:
        want_rows = [tuple(package.polarity_scores(s)[k] for k in _FIELDS) for s in sentences]
        want_whole = package.polarity_scores(" ".join(sentences))["compound"] if sentences else 0.0
        rows, whole = scorer.score_document(sentences)
        if (rows, whole) != (want_rows, want_whole) or repr((rows, whole)) != repr(
            (want_rows, want_whole)
        ):
            bad.append((sentences, (want_rows, want_whole), (rows, whole)))
    return bad


def _eval_documents() -> list[list[str]]:
    """The labelled sentences as documents: by article id prefix ("12_3" -> article 12) where
    the ids have one, else in seeded runs of 10 to 40 sentences."""
    rng = random.Random(7)
    documents: list[list[str]] = []
    for path in sorted(EVAL.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        if all("_" in row["id"] for row in rows):
            by_article: dict[str, list[str]] = {}
            for row in rows:
                by_article.setdefault(row["id"].split("_")[0], []).append(row["text"])
            documents += by_article.values()
        else:
            texts = [row["text"] for row in rows]
            while texts:
                size = rng.randint(10, 40)
                documents.append(texts[:size])
                texts = texts[size:]
    return documents


@needs_shared
def test_vader_score_document_identical_on_eval_documents(package, scorer):
    documents = _eval_documents()
    assert sum(map(len, documents)) > 21_000
    assert len(documents) > 500
    assert _document_mismatches(documents, package, scorer) == []


@needs_shared
def test_vader_score_document_identical_on_seed_articles(package, scorer):
    articles = [[s for s in _SENTENCE_END.split(t) if s.strip()] for t in _seed_texts()]
    # the articles as they are, and reshuffled into 25-sentence documents like the benchmark's
    pool = [s for a in articles for s in a]
    random.Random(3).shuffle(pool)
    shuffled = [pool[i : i + 25] for i in range(0, len(pool), 25)]
    assert _document_mismatches(articles + shuffled, package, scorer) == []


# Each document puts one of VADER's context rules across a sentence boundary, or makes the whole
# text differ from its sentences (ALL CAPS, "but", "!"/"?", emoji, odd whitespace and characters).
ADVERSARIAL_DOCUMENTS = [
    ["This is not", "good at all."],  # negation in the previous sentence
    ["I said no", "good came of it."],  # "no" before a lexicon word
    ["no", "good"],
    ["It was never so", "good."],  # "never so" split
    ["never", "so good"],
    ["He said this", "good thing."],  # "this" boost after any third word
    ["He isn't", "happy", "Not", "bad"],
    ["without", "doubt good"],
    ["at least", "good"],
    ["the least", "good"],
    ["at", "least good"],
    ["the film was kind", "of bad"],  # "kind of" split
    ["kind", "of good", "sort of", "great", "just", "enough fun"],
    ["yeah", "right"],  # idioms split
    ["kiss of", "death"],
    ["the", "bomb"],
    ["bad", "ass"],
    ["to die", "for"],
    ["a beating", "heart is good"],
    ["it was extremely", "good", "so very", "bad"],  # boosters before the start
    ["The service was BAD", "and the food was GOOD", "The staff were fine."],  # caps
    ["GOOD", "bad"],  # ALL CAPS alone in its sentence, not in the text
    ["VERY", "good", "fine"],
    ["I", "A", "OK", "good"],
    ["GOOD BAD", "GREAT"],  # every word ALL CAPS
    ["It was good, but", "not great.", "But then it was bad, but fine."],  # several "but"
    ["acceptance but advanced", "acceptance advanced"],  # list.index quirk across sentences
    ["good good great", "but good great good", "acceptance advanced acceptance advanced"],
    ["good bad good bad", "but bad good", "good but", "but"],
    ["Wow!!!", "Really??", "good"],  # "!" and "?" counted over the whole text
    ["good!", "bad?", "great?", "fine?"],
    ["I love it 😁", "💘and more", "🔛 good", "😂"],  # emoji
    ["", "   ", "good", "\t", "bad", ""],  # empty and blank sentences
    ["", ""],
    [" leading good", "trailing bad ", "  both  "],
    ["good\nbad", "fine\u2003great", "nice\xa0day", "ok\x1cthen"],  # other space characters
    ["it’s “great”—really", "don’t", "it’s ‘bad’ … – fine"],  # curly quotes, dashes
    ["don\x01t good", "it’s good"],  # a control character like the stand-ins
    ["¡Olé! Très bien, good", "ΟΔΟΣ good Σ", "İstanbul is GOOD"],  # cased non-ASCII letters
    ["\u212aILL them", "good"],  # Kelvin sign: lowercases to ASCII "k"
    ["ok", ":)", ":(", "no.", "good!", "(great)", "--", "..."],
    ["The committee met on Tuesday.", "It adjourned."],  # nothing to score
]


@pytest.mark.parametrize("sentences", ADVERSARIAL_DOCUMENTS, ids=repr)
def test_vader_score_document_identical_on_adversarial_documents(package, scorer, sentences):
    assert _document_mismatches([sentences], package, scorer) == []


def test_vader_score_document_crossing_rules_change_whole_text(package, scorer):
    # The whole text is not the sum of its sentences: "not" ends one sentence and negates the
    # first word of the next only in the joined text.
    rows, whole = scorer.score_document(["This is not", "good."])
    assert rows == [(0.0, 0.0, 0.0, 1.0), (0.4404, 1.0, 0.0, 0.0)]
    assert whole == scorer.compound("This is not good.") == -0.3412
    # ALL CAPS "GOOD" is emphasised only next to a word that is not ALL CAPS.
    rows, whole = scorer.score_document(["GOOD", "fine"])
    assert rows[0][0] == scorer.compound("GOOD") == 0.4404
    assert whole == scorer.compound("GOOD fine") == package.polarity_scores("GOOD fine")["compound"]
    assert whole > scorer.compound("good fine")


def test_vader_score_document_empty_and_blank(scorer):
    assert scorer.score_document([]) == ([], 0.0)
    assert scorer.score_document(()) == ([], 0.0)
    assert scorer.score_document(["", " "]) == ([(0.0, 0.0, 0.0, 0.0)] * 2, 0.0)
    assert scorer.score_document(["The committee met."]) == ([(0.0, 0.0, 0.0, 1.0)], 0.0)


def test_vader_score_document_matches_own_single_calls(scorer):
    sentences = ["The book was good.", "Today SUX!", "", "Not bad at all", "The book was good."]
    rows, whole = scorer.score_document(sentences)
    fields = [tuple(scorer.polarity_scores(s)[k] for k in _FIELDS) for s in sentences]
    assert rows == fields
    assert whole == scorer.compound(" ".join(sentences))


def test_vader_score_document_rejects_bad_input(scorer):
    with pytest.raises(ParameterError, match="sequence of str, not a single str"):
        scorer.score_document("The book was good.")
    with pytest.raises(ParameterError, match="every sentence as str. Got int: 3"):
        scorer.score_document(["fine", 3])
    with pytest.raises(ValueError, match="Got NoneType"):
        scorer.score_document([None])


@st.composite
def trigger_documents(draw) -> list[str]:
    return draw(st.lists(trigger_sentences(), min_size=0, max_size=6))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences=trigger_documents())
def test_vader_score_document_identical_on_generated_documents(package, scorer, sentences):
    assert _document_mismatches([sentences], package, scorer) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences=st.lists(st.text(max_size=40), max_size=5))
def test_vader_score_document_identical_on_arbitrary_unicode(package, scorer, sentences):
    assert _document_mismatches([sentences], package, scorer) == []


# ---- _row's fast rounding agrees with round() (and so with the package) ------------------------
def _package_row(
    package: SentimentIntensityAnalyzer, values: list[float], n_tokens: int, amp_text: str
) -> tuple:
    """The package's (compound, pos, neg, neu) for these valences and n_tokens - len(values)
    neutral words, with the "!"/"?" emphasis of amp_text."""
    scores = package.score_valence(list(values) + [0] * (n_tokens - len(values)), amp_text)
    return tuple(scores[k] for k in _FIELDS)


def _amp_text(bangs: int) -> str:
    return "!" * bangs


def test_vader_row_rounding_at_exact_ties(package):
    # compound = total / sqrt(total^2 + 15) = 0.12345 (a tie at 4 decimals) and neighbours;
    # pos = (v + 1) / (v + 1 + 100) = 0.0125 (a tie at 3 decimals) and neighbours.
    cases: list[tuple[list[float], int]] = []
    for c in (0.12345, -0.12345, 0.00005, -0.00005, -0.00004, 0.99995, -0.5):
        total = c * math.sqrt(15 / (1 - c * c))
        for t in (total, math.nextafter(total, 9), math.nextafter(total, -9)):
            cases.append(([t], 3))
    for share in (0.0125, 0.0135, 0.5, 0.9995):
        v = share * 100 / (1 - share) - 1
        for x in (v, math.nextafter(v, 9), math.nextafter(v, -9)):
            if x > 0:
                cases.append(([x], 101))
                cases.append(([-x], 101))
    for values, n in cases:
        got = vader._row(values, n, 0.0)
        want = _package_row(package, values, n, "")
        assert got == want and repr(got) == repr(want), (values, n)


@settings(max_examples=3000, deadline=None)
@given(
    values=st.lists(
        st.floats(min_value=-6, max_value=6, allow_nan=False).filter(bool), min_size=1, max_size=6
    ),
    extra=st.integers(min_value=0, max_value=40),
    bangs=st.integers(min_value=0, max_value=5),
)
def test_vader_row_identical_to_package_score_valence(package, values, extra, bangs):
    got = vader._row(values, len(values) + extra, vader._emphasis(_amp_text(bangs)))
    want = _package_row(package, values, len(values) + extra, _amp_text(bangs))
    assert got == want and repr(got) == repr(want)
