"""The pipeline on real text: the seeds, offsets, boilerplate, parallelism, bad articles."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.errors import ParameterError
from framing.evidence import EVIDENCE_COLUMNS
from framing.pipeline import score

REQUIRED_COLUMNS = [
    "doc_id", "outlet", "n_words", "n_sentences", "sentiment__compound_mean",
    "stance__hedge__count", "stance__booster__count", "stance__attribution__count",
    "frame__export_controls_failing__count", "frame__export_controls_failing__per_1k",
    "frame__export_controls_failing__present",
]
AI_RACE_FRAMES = [
    "us_dominance", "export_controls_failing", "catching_up_not_surpassing", "cost_efficiency",
    "market_shock", "ai_race", "security_distrust", "claim_skepticism", "open_source", "underdog",
    "policy_response",
]


def frame_evidence(result, doc_prefix: str, category: str) -> pd.DataFrame:
    ev = result.evidence
    return ev[ev["doc_id"].str.startswith(doc_prefix) & (ev["category"] == category)
              & (ev["scorer"] == "frame")]


def test_pipeline_seeds_give_one_row_per_article_with_contract_columns(seed_result):
    scores = seed_result.scores
    assert len(scores) == 5
    assert scores["doc_id"].is_unique
    for column in REQUIRED_COLUMNS:
        assert column in scores.columns, column
    for frame in AI_RACE_FRAMES:
        for stat in ("count", "per_1k", "present"):
            assert f"frame__{frame}__{stat}" in scores.columns
    assert list(seed_result.evidence.columns) == list(EVIDENCE_COLUMNS)


def test_pipeline_every_evidence_offset_reproduces_its_match(seed_articles, seed_result):
    texts = dict(zip(seed_articles["doc_id"], seed_articles["text"]))
    ev = seed_result.evidence
    assert len(ev) > 100
    for row in ev.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.match


def test_pipeline_finds_codebook_seed_cues(seed_result):
    caught_up = frame_evidence(seed_result, "003_", "catching_up_not_surpassing")
    assert caught_up["match"].str.contains("surpass").any()
    controls = frame_evidence(seed_result, "000_", "export_controls_failing")
    assert controls["match"].str.contains("effectiveness", case=False).any()
    shock = frame_evidence(seed_result, "004_", "market_shock")
    assert len(shock) >= 1
    gift = frame_evidence(seed_result, "001_", "open_source")
    assert gift["match"].str.contains("open source", case=False).any()


def test_pipeline_counts_equal_evidence_rows(seed_result):
    scores, ev = seed_result.scores, seed_result.evidence
    for row in scores.itertuples(index=False):
        doc_ev = ev[ev["doc_id"] == row.doc_id]
        for category in ("hedge", "booster", "attribution"):
            expected = int(((doc_ev["scorer"] == "stance") & (doc_ev["category"] == category)).sum())
            assert getattr(row, f"stance__{category}__count") == expected
        for frame in AI_RACE_FRAMES:
            expected = int(((doc_ev["scorer"] == "frame") & (doc_ev["category"] == frame)).sum())
            assert getattr(row, f"frame__{frame}__count") == expected


def test_pipeline_sentence_rows_recompute_the_compound_mean(seed_result):
    ev = seed_result.evidence
    sentences = ev[ev["scorer"] == "sentiment"]
    means = sentences.groupby("doc_id")["compound"].mean()
    scores = seed_result.scores.set_index("doc_id")
    for doc_id, mean in means.items():
        assert scores.at[doc_id, "sentiment__compound_mean"] == pytest.approx(mean)
    counts = sentences.groupby("doc_id").size()
    assert (scores.loc[counts.index, "n_sentences"] == counts).all()


def test_pipeline_leaves_boilerplate_out_but_keeps_the_text(seed_articles, seed_result):
    scores = seed_result.scores.set_index("doc_id")
    by_prefix = {doc_id[:3]: doc_id for doc_id in scores.index}
    assert scores.at[by_prefix["000"], "n_words_boilerplate"] == 0
    for prefix in ("001", "002", "003", "004"):
        assert scores.at[by_prefix[prefix], "n_words_boilerplate"] > 0, prefix
    ev = seed_result.evidence
    disclaimer = ev[(ev["scorer"] == "boilerplate") & (ev["doc_id"] == by_prefix["002"])]
    assert disclaimer["match"].str.startswith("Disclaimer:").any()
    # nothing is scored inside boilerplate: no frame/stance row starts inside a boilerplate span
    for span in ev[ev["scorer"] == "boilerplate"].itertuples():
        inside = ev[(ev["doc_id"] == span.doc_id) & ev["scorer"].isin(["frame", "stance"])
                    & (ev["start"] >= span.start) & (ev["start"] < span.end)]
        assert inside.empty
    raw = (framing.corpus.seeds_dir() / f"{by_prefix['002']}.txt").read_text(encoding="utf-8")
    stored = seed_articles.set_index("doc_id").at[by_prefix["002"], "text"]
    assert "HODL FM strongly recommends" in stored and stored.strip() == raw.strip()


def test_pipeline_jobs_do_not_change_the_output(seed_articles):
    texts = list(seed_articles["text"]) * 60  # 300 articles: several chunks per worker
    articles = pd.DataFrame({"doc_id": [f"a{i:03d}" for i in range(len(texts))], "text": texts})
    one = score(articles, jobs=1, news_tone=False)
    two = score(articles, jobs=2, news_tone=False)
    pd.testing.assert_frame_equal(one.scores, two.scores)
    pd.testing.assert_frame_equal(one.evidence, two.evidence)


def test_pipeline_reports_and_skips_one_bad_article_among_many(seed_articles):
    articles = pd.DataFrame({
        "doc_id": ["good-1", "empty", "not-text", "good-2"],
        "text": [seed_articles["text"].iloc[0], "   ", 42, seed_articles["text"].iloc[1]],
    })
    result = score(articles)
    assert list(result.scores["doc_id"]) == ["good-1", "good-2"]
    reasons = {s.doc_id: s.reason for s in result.skipped}
    assert reasons == {"empty": "empty text", "not-text": "text is int, expected str"}


def test_pipeline_rejects_a_single_string():
    with pytest.raises(ParameterError, match="Got a single string"):
        score("DeepSeek overtook ChatGPT.")


def test_pipeline_rejects_bad_jobs():
    with pytest.raises(ParameterError, match="'jobs' parameter of score must be a positive int. Got 0"):
        score(["Some text."], jobs=0)


def test_pipeline_rejects_duplicate_doc_ids():
    articles = pd.DataFrame({"doc_id": ["x", "x"], "text": ["One.", "Two."]})
    with pytest.raises(ParameterError, match="unique doc_id values. Got duplicates: x"):
        score(articles)


def test_pipeline_accepts_a_list_of_texts():
    result = score(["Analysts said the chips were banned.", "It may work."], news_tone=False)
    assert list(result.scores["doc_id"]) == ["doc-0", "doc-1"]
    assert result.scores.loc[1, "stance__hedge__count"] >= 1


def test_pipeline_batch_equals_one_article_at_a_time(seed_articles):
    from framing.pipeline import Analyzer

    analyzer = Analyzer().compile()
    items = list(zip(seed_articles["doc_id"], seed_articles["text"]))
    items.append(("short", "DeepSeek has not surpassed OpenAI. Analysts may be wrong, though."))
    batch = analyzer.analyze_batch(items)
    for (doc_id, text), result in zip(items, batch):
        row, evidence = analyzer.analyze(doc_id, text)
        assert result.doc_id == doc_id and result.reason == ""
        assert result.row.keys() == row.keys()
        for key, value in row.items():  # tone comes from one model call per batch: same floats
            assert result.row[key] == pytest.approx(value, rel=1e-12, abs=1e-12, nan_ok=True), key
        assert [e[:9] for e in result.evidence] == [e[:9] for e in evidence]
        got = [x for e in result.evidence for x in e[9:]]
        assert got == pytest.approx([x for e in evidence for x in e[9:]], rel=1e-12, abs=1e-12,
                                    nan_ok=True)


def test_pipeline_batch_skips_only_the_article_a_scorer_fails_on(seed_articles, monkeypatch):
    from framing.pipeline import Analyzer

    analyzer = Analyzer().compile()
    find = analyzer._matcher.find

    def failing_find(text, *args, **kwargs):
        if "POISON" in text:
            raise RuntimeError("matcher broke on purpose")
        return find(text, *args, **kwargs)

    monkeypatch.setattr(analyzer._matcher, "find", failing_find)
    good = seed_articles["text"].iloc[0]
    results = analyzer.analyze_batch([("a", good), ("bad", "POISON pill. " + good), ("b", good)])
    assert [r.reason for r in results] == ["", "RuntimeError: matcher broke on purpose", ""]
    assert results[1].row is None and results[1].evidence == []
    assert results[0].row == results[2].row


@pytest.mark.parametrize("step", ["prepare", "vader_pass"])
def test_pipeline_batch_a_failing_step_costs_only_its_article(seed_articles, monkeypatch, step):
    """The slice runs step by step over all its articles; a step that fails for one article
    drops that article only, at every step."""
    from framing import pipeline

    analyzer = pipeline.Analyzer().compile()
    real = getattr(pipeline, step)

    def failing(arg, *args, **kwargs):
        text = arg if isinstance(arg, str) else arg.text
        if "POISON" in text:
            raise RuntimeError(f"{step} broke on purpose")
        return real(arg, *args, **kwargs)

    monkeypatch.setattr(pipeline, step, failing)
    good = seed_articles["text"].iloc[0]
    results = analyzer.analyze_batch([("a", good), ("bad", "POISON pill. " + good), ("b", good)])
    assert [r.reason for r in results] == ["", f"RuntimeError: {step} broke on purpose", ""]
    assert results[0].row == results[2].row and results[0].row is not None
