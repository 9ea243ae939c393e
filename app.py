"""The framing dashboard: ``streamlit run app.py``.

A frame around the pages in ``app_pages/`` (STYLE.md #13): navigation and the corpus/lexicon
status in the sidebar. Pages are views; the package does the work. See docs/dashboard.md.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="framing — media framing dashboard", page_icon=":material/newspaper:",
                   layout="wide")

PAGES = {
    "Corpus": [
        st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:",
                default=True),
        st.Page("app_pages/compare.py", title="Compare outlets", icon=":material/bar_chart:"),
    ],
    "Articles": [
        st.Page("app_pages/article.py", title="Article", icon=":material/article:"),
        st.Page("app_pages/side_by_side.py", title="Side by side",
                icon=":material/view_column:"),
    ],
    "Tools": [
        st.Page("app_pages/lexicons.py", title="Lexicons", icon=":material/edit_note:"),
        st.Page("app_pages/score.py", title="Score new articles", icon=":material/upload_file:"),
    ],
}

page = st.navigation(PAGES)

from app_pages.common import (
    SEEDS,
    corpus_name,
    lexicon_texts,
    news_tone_available,
    shipped_yaml,
)
from framing.lexicon import shipped_lexicon_names

with st.sidebar:
    name = corpus_name()
    st.caption("**Corpus:** " + ("the 5 shipped seed articles" if name == SEEDS else name))
    shipped = shipped_lexicon_names()
    edited = [n for n, text in lexicon_texts().items()
              if n not in shipped or text != shipped_yaml(n)]
    st.caption("**Lexicons:** " + ", ".join(lexicon_texts())
               + (f" (edited or added: {', '.join(edited)})" if edited else ""))
    if not news_tone_available():
        st.caption("**Tone:** VADER only (the news-tone model is not installed).")
    if (name != SEEDS or edited) and st.button("Back to the seeds and shipped lexicons",
                                               key="reset-session"):
        for key in list(st.session_state):
            del st.session_state[key]
        st.rerun()

page.run()
