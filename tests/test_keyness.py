"""framing.keyness: Monroe et al. log-odds, chi2 and G2 per group vs the rest."""

from __future__ import annotations

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
