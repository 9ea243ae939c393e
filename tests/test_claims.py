"""framing.claims: numeric claims with offsets, quantities, and cross-article alignment."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.claims import align_claims, extract_claims
from framing.errors import InputError, ParameterError

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    """The seed articles: framing.corpus when present, else a small loader of seeds/."""
    try:
        from framing.corpus import read_corpus
    except ImportError:
        meta = pd.read_csv(SEEDS / "metadata.csv", keep_default_na=False)
        return pd.DataFrame({
            "doc_id": [f.removesuffix(".txt") for f in meta["file"]],
            "outlet": meta["outlet"],
            "text": [(SEEDS / f).read_text(encoding="utf-8") for f in meta["file"]],
        })
    return read_corpus(None)


@pytest.fixture(scope="module")
def seed_claims(seeds) -> pd.DataFrame:
    return extract_claims(seeds)


def _doc(seeds, prefix: str) -> str:
    return next(d for d in seeds["doc_id"] if d.startswith(prefix))


def test_claims_offsets_point_at_the_match(seeds, seed_claims):
    texts = dict(zip(seeds["doc_id"], seeds["text"]))
    assert len(seed_claims) > 20
    for row in seed_claims.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.match
        assert row.match in row.sentence


def test_claims_finds_every_kind_in_the_seeds(seed_claims):
    found = set(zip(seed_claims["kind"], seed_claims["match"]))
    expected = {
        ("money", "$6 million"), ("money", "$5.5 million"), ("money", "$70-$100 million"),
        ("money", "$465 billion"), ("money", "$500 billion"),
        ("count", "2,048 NVIDIA H800s"), ("count", "50,000 Nvidia GPUs"),
        ("count", "671 billion parameters"), ("count", "100,000 jobs"),
        ("count", "a million downloads"),
        ("percent", "13%"), ("percent", "75%"),
        ("duration", "two weeks"), ("duration", "17 days"), ("duration", "one week"),
        ("duration", "a week"),
        ("date", "January 20"), ("date", "January 27"), ("date", "2023"),
    }
    assert expected <= found


def test_claims_normalises_values_and_keeps_qualifiers(seed_claims):
    by_match = seed_claims.drop_duplicates("match").set_index("match")
    assert by_match.loc["$5.5 million", "normalized_value"] == 5.5e6
    assert by_match.loc["$70-$100 million", "normalized_low"] == 70e6
    assert by_match.loc["$70-$100 million", "normalized_high"] == 100e6
    assert by_match.loc["671 billion parameters", "normalized_value"] == 671e9
    assert by_match.loc["a million downloads", "normalized_value"] == 1e6
    assert by_match.loc["a million downloads", "qualifier"] == "over"
    assert by_match.loc["two weeks", "normalized_value"] == 14
    assert by_match.loc["two weeks", "value"] == 2 and by_match.loc["two weeks", "unit"] == "weeks"
    assert by_match.loc["17 days", "qualifier"] == "within just"


def test_claims_quantity_rules_name_what_is_measured(seed_claims):
    q = dict(zip(seed_claims["match"] + "|" + seed_claims["doc_id"].str[:3],
                 seed_claims["quantity"]))
    assert q["$6 million|000"] == "training cost"
    assert q["$5.5 million|004"] == "training cost"
    assert q["$70-$100 million|004"] == "training cost (US rivals)"
    assert q["$465 billion|004"] == "market value lost"
    assert q["13%|004"] == "share drop"
    assert q["2,048 NVIDIA H800s|001"] == "H800 chips"
    assert q["671 billion parameters|001"] == "parameters"
    assert q["100,000 jobs|002"] == "jobs"
    assert q["two weeks|001"] == q["17 days|002"] == q["one week|003"] == (
        "days to top the App Store")
    # "a million downloads on Google Play within a week" is not about the App Store ranking
    assert q["a week|004"] != "days to top the App Store"


def test_claims_align_shows_where_the_seeds_disagree(seeds, seed_claims):
    table = align_claims(seed_claims).set_index("quantity")
    cost = table.loc["training cost"]
    assert cost["disagree"]
    assert "$6 million" in cost[_doc(seeds, "000")]
    assert cost[_doc(seeds, "004")] == "just $5.5 million"
    top = table.loc["days to top the App Store"]
    assert top["disagree"] and top["unit"] == "days"
    assert (top[_doc(seeds, "001")], top[_doc(seeds, "002")], top[_doc(seeds, "003")]) == (
        "just two weeks", "within just 17 days", "within just one week")
    assert (top["min_value"], top["max_value"]) == (7, 17)
    assert table.loc["share drop", _doc(seeds, "004")] == "13%"
    assert table.loc["market value lost", _doc(seeds, "004")] == "$465 billion"
    assert not table.loc["share drop", "disagree"]


def test_claims_align_dates_agree_when_compatible():
    claims = extract_claims(pd.DataFrame({
        "doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"],
        "text": ["The report was published on January 27.", "date 2025-01-27 Markets fell.",
                 "It was published on January 28, 2025."]}))
    table = align_claims(claims, by="outlet").set_index("quantity")
    assert table.loc["publication date", "disagree"]
    ab = align_claims(claims[claims.doc_id != "c"], by="outlet").set_index("quantity")
    assert not ab.loc["publication date", "disagree"]


def test_claims_align_tolerates_rounding_but_not_different_numbers():
    texts = ["Training cost $6 million.", "Training cost $5.97 million.",
             "Training cost $5.5 million."]
    claims = extract_claims(pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"],
                                          "text": texts}))
    assert not align_claims(claims[claims.doc_id != "c"]).iloc[0]["disagree"]
    assert align_claims(claims).iloc[0]["disagree"]


def test_claims_number_words_need_a_scale_to_count():
    claims = extract_claims(pd.DataFrame({"doc_id": ["a"], "text": [
        "One of two firms hired 300 engineers and three million users signed up."]}))
    assert claims["match"].tolist() == ["300 engineers", "three million users"]


def test_claims_errors():
    with pytest.raises(InputError, match=r"missing column\(s\) \['text'\]"):
        extract_claims(pd.DataFrame({"doc_id": ["a"]}))
    claims = extract_claims(pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["13%"]}))
    with pytest.raises(ParameterError, match=r"\['doc_id', 'outlet'\]. Got 'title'"):
        align_claims(claims, by="title")


def test_claims_release_date_names_what_was_released(seeds, seed_claims):
    q = dict(zip(seed_claims["match"] + "|" + seed_claims["doc_id"].str[:3],
                 seed_claims["quantity"]))
    # 000: "The app's impressive rise ... its official release on January 10."
    assert q["January 10|000"] == "app release date"
    # 004: "On January 20, DeepSeek introduced its innovative AI models"
    assert q["January 20|004"] == "model release date"
    table = align_claims(seed_claims).set_index("quantity")
    releases = table[table.index.str.contains("release date")]
    assert len(releases) == 3 and not releases["disagree"].any(), (
        f"expected 3 release-date rows, none disagreeing; received\n{releases['disagree']}")
    assert "release date" not in table.index


def test_claims_qualify_a_claim_about_another_organisation(seeds, seed_claims):
    assert seed_claims.attrs["main_subject"] == "deepseek"
    rows = seed_claims[seed_claims["sentence"].str.startswith("Baidu, a Chinese tech giant")]
    assert rows[["match", "quantity"]].values.tolist() == [["2023", "model release date (Baidu)"]]
    # the same year in "founded in 2023" is DeepSeek's founding: no qualifier
    founding = seed_claims[seed_claims["quantity"] == "founding date"]
    assert set(founding["doc_id"].str[:3]) == {"000", "001"}
    assert not seed_claims["quantity"].str.contains(r"\(DeepSeek").any()


def test_claims_subject_rules_on_a_small_corpus():
    texts = ["Acme launched its chatbot on March 3. Acme is growing fast.",
             ("Globex, a rival, released its first language model on May 5. "
              "However, Acme's app was released on March 3. Data from Acme shows growth. "
              "Analysts compare Acme with Globex.")]
    arts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": texts})
    q = extract_claims(arts).set_index(["doc_id", "match"])["quantity"]
    assert q["a", "March 3"] == "app release date"
    assert q["b", "May 5"] == "model release date (Globex)"
    assert q["b", "March 3"] == "app release date"  # "Acme's app": the main subject
    other = extract_claims(arts, main_subject="Globex").set_index(["doc_id", "match"])
    assert other.attrs["main_subject"] == "globex"
    assert other.loc[("a", "March 3"), "quantity"] == "app release date (Acme)"
    assert other.loc[("b", "May 5"), "quantity"] == "model release date"
    # a word seen only at sentence starts is not taken for a name
    alone = extract_claims(arts.assign(text=[texts[0], texts[1].replace(" with Globex", "")]))
    assert alone.set_index(["doc_id", "match"]).loc[("b", "May 5"), "quantity"] == (
        "model release date")
    with pytest.raises(ParameterError, match=r"non-empty str or None. Got ''"):
        extract_claims(arts, main_subject="")
