"""The Streamlit dashboard (app.py + app_pages/), page by page, with streamlit's AppTest.

Every test runs the real app script on the seeds; the package is cached per process by
Streamlit, so later tests reuse the first one's scoring.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")
# Generous: the first run imports pandas/sklearn/matplotlib and scores the seeds on a shared,
# busy 2-core machine; later runs hit the caches.
TIMEOUT = 180

XSS_CSV = (
    b"id,body,site,published\n"
    b"x1,\"<script>alert(1)</script> Analysts said DeepSeek could be cheap.\",Evil News,2025-01-27\n"
    b"x2,\"<img src=x onerror=alert(1)> Nvidia shares fell 13% as China clearly leads.\","
    b"Other Wire,2025-01-28\n"
)


def _page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.switch_page(f"app_pages/{name}.py")
    return at.run()


def _html(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html")]


def test_app_overview_opens_on_the_seeds():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.title[0].value == "Media framing dashboard"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5"
    assert metrics["Outlets"] == "5"
    assert any("Small samples" in w.value for w in at.warning)
    assert any("is present in" in m.value for m in at.markdown)
    assert {"Download scores CSV", "Download evidence CSV"} <= {b.label for b in at.download_button}


def test_app_compare_every_section_has_a_chart_and_downloads():
    at = _page("compare")
    assert not at.exception
    for section in ["Frames", "Tone", "Stance", "Targets", "Distinctive terms", "Claims"]:
        at.segmented_control(key="cmp-section").set_value(section).run()
        assert not at.exception, section
        labels = [b.label for b in at.download_button]
        assert {"PNG", "SVG", "CSV"} <= set(labels), (section, labels)
        assert len(at.get("image")) >= 1, section


def test_app_compare_outlet_filter_narrows_the_corpus():
    at = _page("compare")
    ms = at.multiselect(key="cmp-outlets")
    ms.set_value(ms.value[:2]).run()
    assert not at.exception
    assert any(c.value.startswith("2 of 5 articles") for c in at.caption)
    ms.set_value([]).run()
    assert any("No article matches" in w.value for w in at.warning)


def test_app_article_highlights_with_legend_and_tone_strip():
    at = _page("article")
    assert not at.exception
    html = "".join(_html(at))
    assert 'class="fr-hl"' in html
    assert "fr-legend" in html and "fr-tone-strip" in html
    at.selectbox(key="art-doc").set_value("002_9edbe6fc9148524f").run()  # HODL FM disclaimer
    assert "fr-boilerplate" in "".join(_html(at))
    box = at.selectbox(key="art-category")
    hedge = next(o for o in box.options if o.startswith("Hedge ("))
    box.set_value(hedge).run()
    text = next(h for h in _html(at) if 'class="fr-text"' in h)
    assert 'data-layers="hedge"' in text and 'data-layers="frame"' not in text
    assert at.subheader[0].value == "Evidence: Hedge"


def test_app_side_by_side_shows_two_columns_and_aligned_claims():
    at = _page("side_by_side")
    assert not at.exception
    texts = [h for h in _html(at) if 'class="fr-text"' in h]
    assert len(texts) == 2
    assert "quantity" in at.dataframe[0].value.columns
    assert any("quantities shown" in c.value for c in at.caption)


def _add_category(yaml_text: str) -> str:
    return yaml_text.replace(
        "categories:\n",
        "categories:\n  test_deepseek:\n    label: Test\n    patterns:\n"
        "      - id: t_deepseek\n        any: [DeepSeek]\n", 1)


def test_app_lexicon_edit_changes_the_counts():
    at = _page("lexicons")
    assert not at.exception
    area = at.text_area(key="lex-text-ai_race")
    area.input(_add_category(area.value)).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Started matching"]) > 0
    assert metrics["Stopped matching"] == "0"
    at.button(key="lex-apply").click().run()
    at.switch_page("app_pages/article.py").run()
    assert any(o.startswith("Frame: Test (") for o in at.selectbox(key="art-category").options)


def test_app_lexicon_error_is_the_cli_message_with_line():
    at = _page("lexicons")
    at.selectbox(key="lex-name").set_value("stance").run()
    area = at.text_area(key="lex-text-stance")
    area.input(area.value.replace("- id: h_modal", "- id: h_modal\n        nonsense: 1", 1)).run()
    assert not at.exception
    assert at.error[0].value.startswith("framing: error: stance.yaml:")
    assert "unknown key 'nonsense'" in at.error[0].value
    assert at.button(key="lex-apply").disabled


def test_app_lexicon_upload_liwc_dic():
    at = _page("lexicons")
    dic = (REPO / "tests/data/lexicons/liwc_sample.dic").read_bytes()
    at.file_uploader(key="lex-upload").set_value(("liwc_sample.dic", dic, "text/plain")).run()
    assert not at.exception
    assert "Added lexicon 'liwc_sample'" in at.success[0].value
    assert at.selectbox(key="lex-name").value == "liwc_sample"


def test_app_score_upload_table_with_column_mapping():
    at = _page("score")
    assert not at.exception
    at.file_uploader(key="score-files").set_value(("batch.csv", XSS_CSV, "text/csv")).run()
    assert at.selectbox(key="score-col-text").value == "body"
    assert at.selectbox(key="score-col-doc_id").value == "id"
    assert at.selectbox(key="score-col-outlet").value == "site"
    assert at.selectbox(key="score-col-title").value == "(none)"
    at.button(key="score-run").click().run()
    assert not at.exception
    scores = at.dataframe[0].value
    assert list(scores["doc_id"]) == ["x1", "x2"]
    assert list(scores["outlet"]) == ["Evil News", "Other Wire"]
    assert {"Download scores CSV", "Download evidence CSV"} <= {b.label for b in at.download_button}


def test_app_uploaded_script_is_escaped_in_the_article_view():
    at = _page("score")
    at.file_uploader(key="score-files").set_value(("batch.csv", XSS_CSV, "text/csv")).run()
    at.button(key="score-run").click().run()
    at.button(key="score-use").click().run()
    at.switch_page("app_pages/article.py").run()
    assert not at.exception
    for doc in ["x1", "x2"]:
        at.selectbox(key="art-doc").set_value(doc).run()
        text = next(h for h in _html(at) if 'class="fr-text"' in h)
        assert "<script" not in text and "<img" not in text
        assert "&lt;script&gt;" in text or "&lt;img src=x onerror=alert(1)&gt;" in text


def test_app_score_rejects_uploads_over_the_limit():
    at = _page("score")
    big = b"word " * 4_200_000  # 21 MB
    at.file_uploader(key="score-files").set_value(("big.txt", big, "text/plain")).run()
    assert at.error and "at most 20 MB" in at.error[0].value


def test_app_config_is_local_private_and_matches_the_upload_limit(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO))
    from app_pages.common import MAX_UPLOAD_MB

    config = tomllib.loads((REPO / ".streamlit/config.toml").read_text())
    assert config["server"]["headless"] is True
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
