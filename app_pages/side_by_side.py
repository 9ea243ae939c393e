"""Side by side: two or more articles in columns, highlighted alike, with their aligned claims."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    aligned_claims,
    articles,
    claims_table,
    doc_label,
    download_csv,
    html_block,
    scored,
)
from framing.highlight import DEFAULT_LAYERS, LAYERS, highlight_html, highlight_spans, legend_html

st.title("Side by side")
table = articles()
scores, evidence, _ = scored()
labels = {row["doc_id"]: doc_label(row) for _, row in scores.iterrows()}
if len(labels) < 2:
    st.warning("Side by side needs at least two scored articles.")
    st.stop()

chosen = st.multiselect("Articles (two or more)", list(labels), default=list(labels)[:2],
                        format_func=labels.get, max_selections=4, key="sbs-docs")
layers = st.multiselect("Highlight", list(LAYERS), default=list(DEFAULT_LAYERS),
                        format_func=lambda k: LAYERS[k].label, key="sbs-layers")
if len(chosen) < 2:
    st.info("Pick at least two articles to compare.")
    st.stop()

st.subheader("Numeric claims, aligned")
picked = table[table["doc_id"].isin(chosen)]
claims = claims_table(picked)
aligned = aligned_claims(claims, "doc_id") if not claims.empty else claims
if aligned.empty:
    st.caption("These articles state no comparable numeric claims.")
else:
    shared_only = st.toggle("Only quantities stated by two or more of these articles", True,
                            key="sbs-shared")
    view = aligned[aligned["n_groups"] >= 2] if shared_only else aligned
    short = {d: f"{i + 1}. {labels[d][:40]}" for i, d in enumerate(chosen)}
    order = ["quantity", "kind", "unit", *chosen,
             *[c for c in view.columns if c not in {"quantity", "kind", "unit", *chosen}]]
    st.dataframe(view[order].rename(columns=short), hide_index=True,
                 column_config={"disagree": st.column_config.CheckboxColumn(
                     "disagree", help="the articles state different values for this quantity")})
    n_dis = int(view["disagree"].sum())
    st.caption(f"{len(view)} quantities shown; the articles disagree on {n_dis}.")
    download_csv(aligned, "claims_side_by_side", "Download aligned claims CSV")

html_block(legend_html(layers))
columns = st.columns(len(chosen), border=True)
for i, (col, doc_id) in enumerate(zip(columns, chosen)):
    text = table.loc[table["doc_id"] == doc_id, "text"].iloc[0]
    with col:
        st.markdown(f"**{i + 1}. {labels[doc_id]}**")
        html_block(highlight_html(text, highlight_spans(evidence, doc_id, layers=layers)))
