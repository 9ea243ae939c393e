"""framing.diagnostics: pattern usage and candidate terms on small literal corpora."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.diagnostics import candidate_terms, pattern_usage
from framing.errors import InputError, ParameterError
from framing.lexicon import Lexicon

LEXICON = Lexicon.from_yaml("""
name: toy
kind: frames
categories:
  cost:
    patterns:
      - id: cost_cheap
        any: [cheap*]
      - id: cost_never
        any: [frugal]
  race:
    patterns:
      - id: race_words
        any: [arms race]
""")

ARTICLES = pd.DataFrame({
    "doc_id": ["a", "b", "c"],
    "text": [
        "The model was cheap to train. A cheaper chip followed. Budget hardware made it cheap.",
        "An arms race began. Officials met in Geneva on Monday. The talks lasted all week.",
        "Nothing to see here today. Budget hardware again. Budget hardware was cheap.",
    ],
})


def test_diagnostics_pattern_usage_counts_and_never_firing_patterns():
    usage = pattern_usage(LEXICON, ARTICLES).set_index("pattern")
    assert usage.loc["cost_cheap", ["fires", "sentences", "articles"]].tolist() == [4, 4, 2]
    assert usage.loc["cost_cheap", "top_matches"].startswith("cheap ×3; cheaper ×1")
    assert usage.loc["cost_cheap", "example"] == "cheap"
    assert usage.loc["race_words", "fires"] == 1
    assert usage.loc["cost_never", ["fires", "example"]].tolist() == [0, ""]
    assert usage.loc["cost_cheap", "share_sentences"] == pytest.approx(4 / 9)
    # firing patterns first within their category
    assert list(pattern_usage(LEXICON, ARTICLES)["pattern"]) == ["cost_cheap", "cost_never",
                                                                 "race_words"]


def test_diagnostics_candidate_terms_finds_words_of_firing_sentences():
    out = candidate_terms(LEXICON, ARTICLES, "cost", min_count=2)
    terms = out.set_index("term")
    assert "budget hardware" in terms.index
    assert terms.loc["budget hardware", ["count_in", "count_out"]].tolist() == [2, 1]
    assert "cheap" not in terms.index  # already a term of the category
    assert (out["z"] > 0).all() and out["z"].is_monotonic_decreasing
    assert "Budget hardware" in terms.loc["budget hardware", "example"]


def test_diagnostics_candidate_terms_marks_known_terms_when_asked():
    out = candidate_terms(LEXICON, ARTICLES, "cost", min_count=2, include_known=True)
    known = out.set_index("term")["in_lexicon"]
    assert known["cheap"] and not known["budget hardware"]


def test_diagnostics_candidate_terms_with_positives_compares_them_to_the_corpus():
    positives = ["Prices fell sharply.", "Prices fell again as prices fell."]
    out = candidate_terms(LEXICON, ARTICLES, "cost", positives=positives, min_count=2)
    assert out.iloc[0]["term"] in {"prices", "prices fell", "fell"}
    assert out.set_index("term").loc["prices", ["count_in", "count_out"]].tolist() == [3, 0]


def test_diagnostics_candidate_terms_rejects_unknown_category_and_single_string():
    with pytest.raises(ParameterError, match=r"lexicon 'toy' \(cost, race\). Got 'costs'"):
        candidate_terms(LEXICON, ARTICLES, "costs")
    with pytest.raises(ParameterError, match="Got a single str"):
        pattern_usage(LEXICON, "one text")


def test_diagnostics_candidate_terms_needs_a_firing_sentence():
    with pytest.raises(InputError, match="never fires"):
        candidate_terms(LEXICON, ["Nothing here at all."], "race")


def test_diagnostics_candidate_terms_on_a_tiny_sample_is_an_empty_table(capsys, tmp_path):
    out = candidate_terms(LEXICON, ["A cheap model.", "An arms race."], "cost")
    assert out.empty and list(out.columns)[:2] == ["category", "term"]
    from framing.cli import main

    lexicon = tmp_path / "toy.yaml"
    lexicon.write_text(LEXICON.to_yaml(), encoding="utf-8")
    corpus = tmp_path / "tiny.csv"
    pd.DataFrame({"text": ["A cheap model.", "An arms race."]}).to_csv(corpus, index=False)
    assert main(["diagnose", str(corpus), "--lexicon", str(lexicon), "--category", "cost"]) == 0
    assert "none: no word or word pair occurs 3+ times" in capsys.readouterr().out
