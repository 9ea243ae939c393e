"""framing.keyness: Monroe et al. log-odds, chi2 and G2 per group vs the rest."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from framing.errors import InputError, ParameterError
from framing.keyness import keyness, log_likelihood_2x2

ARTICLES = pd.DataFrame({
    "doc_id": ["a1", "a2", "b1", "b2"],
    "outlet": ["A", "A", "B", "B"],
    "text": [
        "Export controls failed. Export controls are failing, the export controls experts say.",
        "The chips were smuggled; export controls failed again.",
        "The market fell. Nvidia shares fell and the market value fell sharply.",
        "Investors sold Nvidia shares as the market fell.",
    ],
})


def test_keyness_finds_each_groups_distinctive_phrases():
    out = keyness(ARTICLES, by="outlet", ngram_range=(1, 2), min_count=2)
    a = out[out.group == "A"].set_index("term")
    b = out[out.group == "B"].set_index("term")
    assert a.loc["export controls", "count_group"] == 4 and a.loc["export controls",
                                                                  "count_rest"] == 0
    assert a.loc["export controls", "z"] > 0 and a.loc["market fell", "z"] < 0
    assert b.index[0] in {"fell", "market", "market fell", "nvidia shares", "nvidia", "shares"}
    assert b.loc["market fell", "n_gram"] == 2


def test_keyness_drops_ngrams_edged_by_stopwords_but_keeps_inner_ones():
    arts = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"],
                         "text": ["the cost of training the cost of training",
                                  "a cost of training"]})
    terms = set(keyness(arts, ngram_range=(1, 3), min_count=1)["term"])
    assert "cost of training" in terms
    assert not {"the cost", "of the", "of", "cost training"} & terms
    terms_all = set(keyness(arts, ngram_range=(1, 2), min_count=1, stop_words="none")["term"])
    assert "the cost" in terms_all


def test_keyness_chi2_and_g2_match_scipy_chi2_contingency():
    out = keyness(ARTICLES, ngram_range=(1, 1), min_count=1)
    for _, row in out.sample(8, random_state=0).iterrows():
        table = np.array([[row.count_group, row.total_group - row.count_group],
                          [row.count_rest, row.total_rest - row.count_rest]])
        chi2 = chi2_contingency(table, correction=False)[0]
        g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert row.chi2 == pytest.approx(chi2)
        assert row.g2 == pytest.approx(g2)


def test_keyness_log_odds_follows_monroe_et_al():
    a, b, c, d = (np.array([5.0]), np.array([95.0]), np.array([1.0]), np.array([199.0]))
    _, g2 = log_likelihood_2x2(a, b, c, d)
    assert g2[0] == pytest.approx(chi2_contingency([[5, 95], [1, 199]], correction=False,
                                                   lambda_="log-likelihood")[0])
    # Hand-computed delta with a uniform prior 0.01 over a two-term vocabulary.
    arts = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"],
                         "text": ["alpha alpha alpha beta", "alpha beta beta beta beta"]})
    out = keyness(arts, ngram_range=(1, 1), prior="uniform", min_count=1)
    row = out[(out.group == "A") & (out.term == "alpha")].iloc[0]
    al, a0 = 0.01, 0.02
    delta = np.log((3 + al) / (4 + a0 - 3 - al)) - np.log((1 + al) / (5 + a0 - 1 - al))
    var = 1 / (3 + al) + 1 / (1 + al)
    assert row.log_odds == pytest.approx(delta)
    assert row.z == pytest.approx(delta / np.sqrt(var))


def test_keyness_corpus_prior_shrinks_rare_terms():
    arts = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"],
                         "text": ["rare word word word", "word word word word"]})
    corpus = keyness(arts, ngram_range=(1, 1), min_count=1, prior="corpus")
    uniform = keyness(arts, ngram_range=(1, 1), min_count=1, prior="uniform")
    pick = lambda t: t[(t.group == "A") & (t.term == "rare")].iloc[0].log_odds
    assert 0 < pick(corpus) < pick(uniform)


def test_keyness_min_count_filters_terms():
    out = keyness(ARTICLES, ngram_range=(1, 1), min_count=3)
    assert (out.count_group + out.count_rest >= 3).all()


def test_keyness_errors_say_expected_and_received():
    with pytest.raises(ParameterError, match=r"\['corpus', 'uniform'\]. Got 'flat'"):
        keyness(ARTICLES, prior="flat")
    with pytest.raises(ParameterError, match="ngram_range"):
        keyness(ARTICLES, ngram_range=(2, 1))
    with pytest.raises(InputError, match=r"missing column\(s\) \['text'\]"):
        keyness(ARTICLES.drop(columns="text"))
    with pytest.raises(ParameterError, match="at least 2 distinct"):
        keyness(ARTICLES.assign(outlet="A"))


# --- tokenisation, on the seed articles -------------------------------------------------------

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# "U.S." or "US" as a word of its own (not "U.S.-designed", "US's", "US$").
_US = re.compile(r"(?<![\w.])(?:U\.S\.|US)(?![\w'’$-]|\.\w)")


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    meta = pd.read_csv(SEEDS / "metadata.csv", keep_default_na=False)
    return pd.DataFrame({
        "doc_id": [f.removesuffix(".txt") for f in meta["file"]],
        "outlet": meta["outlet"],
        "text": [(SEEDS / f).read_text(encoding="utf-8") for f in meta["file"]],
    })


def test_keyness_keeps_dotted_acronyms_whole_on_the_seeds(seeds):
    out = keyness(seeds)
    for group, part in out.groupby("group"):
        top = part["term"].head(15).tolist()
        single = [t for t in top if any(len(w) == 1 for w in t.split())]
        assert not single, (f"expected no single-letter words in the top 15 terms of {group}; "
                            f"received {single} in {top}")
    assert not {"u", "s", "u s"} & set(out["term"]), "expected 'U.S.' never split into u / s"
    us = out[out["term"] == "u.s."].set_index("group")["count_group"]
    expected = {o: sum(len(_US.findall(t)) for t in seeds.loc[seeds.outlet == o, "text"])
                for o in seeds["outlet"]}
    assert us.to_dict() == expected, f"expected u.s. counts {expected}; received {us.to_dict()}"
    assert expected["unattributed-003"] >= 10 and expected["HODL FM"] == 7
    assert "u.k." in set(keyness(seeds, min_count=1)["term"])
    assert "u.s.-designed" in set(keyness(seeds, min_count=1)["term"])


def test_keyness_merges_undotted_acronym_only_when_the_corpus_writes_dots():
    dotted = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"],
                           "text": ["US exports fell. They told us so.",
                                    "U.S. exports rose in the United States."]})
    out = keyness(dotted, min_count=1)
    row = out[(out.group == "A") & (out.term == "u.s. exports")].iloc[0]
    assert (row.count_group, row.count_rest) == (1, 1)
    assert "us" not in set(out.term)  # the pronoun stays a stopword
    assert "united states" in set(out.term) and "u.s." in set(out.term)
    assert out[(out.group == "B") & (out.term == "united states")].count_group.iloc[0] == 1
    plain = keyness(dotted.assign(text=["US exports fell.", "AI exports rose."]), min_count=1)
    assert "u.s." not in set(plain.term) and "a.i." not in set(plain.term)


def test_keyness_ngrams_stop_at_sentence_and_clause_boundaries(seeds):
    terms = set(keyness(seeds, min_count=1)["term"])
    # seed 001 "... chips to China. These chips are important ..."; seed 004 "CEO, Liang Wenfeng"
    assert {"chips to china", "liang wenfeng", "artificial intelligence"} <= terms
    crossing = {"china these chips", "ceo liang wenfeng", "ceo liang", "artificial intelligence ai"}
    assert not crossing & terms, f"expected no n-gram across . , ( ; received {crossing & terms}"
    arts = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"],
                         "text": [("Markets fell. Chips rose, exports grew; rivals (quietly) "
                                   "gained"), "United States’ export controls tightened."]})
    out = set(keyness(arts, min_count=1)["term"])
    assert not {"fell chips", "rose exports", "grew rivals", "rivals quietly"} & out
    assert {"markets fell", "chips rose", "states export controls"} <= out


def test_keyness_treats_curly_and_straight_possessives_alike():
    arts = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"],
                         "text": ["China’s access grew and it’s news.",
                                  "China's access fell; it doesn't matter."]})
    out = keyness(arts, min_count=1)
    row = out[(out.group == "A") & (out.term == "china's access")].iloc[0]
    assert (row.count_group, row.count_rest) == (1, 1)
    assert not {"it's", "it’s", "doesn't", "china’s", "s"} & set(out.term)
