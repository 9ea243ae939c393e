"""framing.concordance: keyword in context on the seeds and on small literal texts."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.concordance import concordance
from framing.errors import ParameterError


def test_concordance_finds_a_phrase_with_offsets_into_the_article(seed_articles):
    table = concordance(seed_articles, "export controls", width=30)
    texts = dict(zip(seed_articles["doc_id"], seed_articles["text"]))
    assert len(table) >= 4
    for row in table.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.match
        assert row.match.lower() == "export controls"
        assert len(row.left) <= 30 and len(row.right) <= 30
    assert table["doc_id"].str.startswith("000_").any()


def test_concordance_folds_case_and_curly_apostrophes():
    articles = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"],
                             "text": ["China’s lead grew.\nCHINA'S rivals watched. Chinas no."]})
    table = concordance(articles, "china's")
    assert list(table["match"]) == ["China’s", "CHINA'S"]
    assert table.loc[1, "left"] == "China’s lead grew. "


def test_concordance_needs_the_whole_phrase():
    articles = pd.DataFrame({"doc_id": ["a"], "text": ["The export rules. Export controls failed."]})
    assert list(concordance(articles, "export controls")["start"]) == [18]


@pytest.mark.parametrize("query", ["", "   ", None])
def test_concordance_rejects_an_empty_query(query):
    with pytest.raises(ParameterError, match="non-empty query string"):
        concordance(pd.DataFrame({"text": ["x"]}), query)
