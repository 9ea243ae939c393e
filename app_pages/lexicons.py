"""Lexicons: view and edit a lexicon, see at once which matches start or stop, apply, download;
upload a LIWC .dic or YAML lexicon."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    articles,
    download_csv,
    lexicon_texts,
    load_uploaded_lexicon,
    score_articles,
    shipped_yaml,
    validate_lexicon,
)
from framing.errors import LexiconError
from framing.highlight import span_changes
from framing.lexicon import shipped_lexicon_names

st.title("Lexicons")
st.markdown(
    "A lexicon is a YAML file of categories and term patterns (docs/lexicon-format.md). Edit one "
    "below: it is checked as you go, with the same errors as the command line, and the effect on "
    "the corpus is shown at once. **Apply** makes the whole dashboard use it for this session."
)
texts = lexicon_texts()

# --- upload ----------------------------------------------------------------------------------
with st.expander("Upload a lexicon (.yaml, .yml or LIWC .dic)"):
    upload = st.file_uploader("Lexicon file", type=["yaml", "yml", "dic"], key="lex-upload")
    if upload is not None and st.session_state.get("lex-upload-done") != upload.file_id:
        try:
            lexicon, upload_notes = load_uploaded_lexicon(upload.name, upload.getvalue())
        except LexiconError as exc:
            where = upload.name + (f":{exc.line}" if exc.line else "")
            st.error(f"framing: error: {where}: {exc.problem}", icon=":material/error:")
        else:
            texts[lexicon.name] = lexicon.to_yaml()
            st.session_state["lex-upload-done"] = upload.file_id
            st.session_state["lex-name"] = lexicon.name
            for note in upload_notes:
                st.warning(note)
            st.success(f"Added lexicon '{lexicon.name}' ({lexicon.kind}, "
                       f"{len(lexicon.categories)} categories). It is now in use; edit it below.")

name = st.selectbox("Lexicon", list(texts), key="lex-name")
current = texts[name]
text_key = f"lex-text-{name}"


def _revert(key: str = text_key, lexicon: str = name) -> None:
    st.session_state[key] = texts[lexicon]


edited = st.text_area("YAML", current, height=420, key=text_key)
st.caption("Edits are checked when you click outside the box or press Ctrl+Enter.")
lexicon, error, notes = validate_lexicon(edited, f"{name}.yaml")
if error:
    st.error(error, icon=":material/error:")
for note in notes:
    st.warning(note)

# --- the effect on the corpus -----------------------------------------------------------------
if lexicon is not None and edited != current:
    table = articles()
    names = list(texts)
    draft = tuple(edited if n == name else texts[n] for n in names)
    _, before, _ = score_articles(table, tuple(texts.values()))
    _, after, _ = score_articles(table, draft)
    changes = span_changes(before, after)
    started = int((changes["status"] == "started").sum())
    stopped = int((changes["status"] == "stopped").sum())
    st.subheader("Effect on the corpus")
    m = st.columns(3)
    lexical = ("frame", "stance", "target")
    n_before = int(before["scorer"].isin(lexical).sum())
    n_after = int(after["scorer"].isin(lexical).sum())
    m[0].metric("Matches", n_after, delta=n_after - n_before, delta_color="off")
    m[1].metric("Started matching", started)
    m[2].metric("Stopped matching", stopped)
    if len(changes):
        st.dataframe(changes, hide_index=True)
        download_csv(changes, f"lexicon_changes_{name}", "Download changes CSV")
    else:
        st.caption("The edit changes no match in this corpus.")
elif lexicon is not None:
    st.caption("Unchanged from the lexicon in use. Edit the YAML to see the effect on the corpus.")

with st.container(horizontal=True):
    if st.button("Apply to the dashboard", type="primary", disabled=lexicon is None
                 or edited == current, key="lex-apply"):
        texts[name] = edited
        st.rerun()
    if name in shipped_lexicon_names():
        st.button("Revert to shipped", key="lex-revert",
                  disabled=edited == shipped_yaml(name) and current == shipped_yaml(name),
                  on_click=lambda: (texts.__setitem__(name, shipped_yaml(name)), _revert()))
    st.download_button("Download YAML", edited.encode("utf-8"), file_name=f"{name}.yaml",
                       mime="application/yaml", key="lex-download", on_click="ignore",
                       icon=":material/download:", disabled=lexicon is None)
