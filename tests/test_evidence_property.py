"""Property: on any text, every evidence row's offsets reproduce its match, inside its sentence."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.pipeline import Analyzer
from framing.text import split_sentences

FRAGMENTS = [
    "DeepSeek has essentially caught up but has yet to surpass it.",
    "Analysts said the U.S. export controls may not be as effective as intended.",
    "Nvidia’s shares fell 13%, losing $465 billion in market value.",
    "It’s “a profound gift to the world”, he said.",
    "Disclaimer: All materials on this site are for informational purposes only.",
    "Source: Reuters",
    "Mr. Liang, 40, founded the Hangzhou-based startup in 2023 — reportedly with 2,048 chips.",
    "The US can’t stop China’s AI race; Washington is considering tighter restrictions.",
    "<script>alert(1)</script> café naïve 😂 “quoted”",
]


@lru_cache(maxsize=1)
def analyzer() -> Analyzer:
    return Analyzer(news_tone=False).compile()


texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)),
    min_size=1, max_size=8,
).flatmap(lambda parts: st.sampled_from([" ", "\n", "\n\n", "  "]).map(lambda sep: sep.join(parts)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_evidence_offsets_reproduce_every_match(text):
    _, rows = analyzer().analyze("doc", text)
    sentences = split_sentences(text)
    for row in rows:
        _doc_id, index, start, end, scorer, _cat, _pattern, match, *_ = row
        assert text[start:end] == match
        assert 0 <= start < end <= len(text)
        if scorer != "boilerplate":
            s_start, s_end = sentences[index]
            assert s_start <= start and end <= s_end, (row, sentences[index])
