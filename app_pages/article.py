"""Article: the text with its evidence highlighted, the sentence tone strip and the evidence."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    articles,
    category_labels,
    doc_label,
    download_csv,
    html_block,
    scored,
)
from framing.highlight import (
    DEFAULT_LAYERS,
    LAYERS,
    highlight_html,
    highlight_spans,
    layer_of,
    legend_html,
    tone_strip_html,
)

st.title("Article")
table = articles()
scores, evidence, _ = scored()
if scores.empty:
    st.warning("No scored article in the corpus.")
    st.stop()

labels = {row["doc_id"]: doc_label(row) for _, row in scores.iterrows()}
doc_id = st.selectbox("Article", list(labels), format_func=labels.get, key="art-doc")
text = table.loc[table["doc_id"].astype(str) == str(doc_id), "text"].iloc[0]
row = scores[scores["doc_id"] == doc_id].iloc[0]
ev = evidence[evidence["doc_id"].astype(str) == str(doc_id)]

c = st.columns(4)
c[0].metric("Words scored", int(row["n_words"]))
c[1].metric("Tone (mean compound)", f"{row['sentiment__compound_mean']:+.2f}",
            help="Mean VADER compound of the scored sentences, −1 (negative) to +1 (positive)")
c[2].metric("Frames present", int(sum(bool(row[k]) for k in row.index
                                       if k.startswith("frame__") and k.endswith("__present"))))
c[3].metric("Hedges / boosters / attributions",
            " / ".join(str(int(row.get(f"stance__{k}__count", 0)))
                       for k in ("hedge", "booster", "attribution")))

st.markdown("**Sentence tone**, one cell per scored sentence, in order (hover for the sentence):")
html_block(tone_strip_html(ev))
st.caption("Orange: negative · white: neutral · blue: positive.")

# --- what to highlight ----------------------------------------------------------------------
names = category_labels()
layer_list = [layer_of(str(s), str(k)) for s, k in zip(ev["scorer"], ev["category"])]
marks = ev.assign(layer=layer_list)
marks = marks[marks["layer"].isin(list(LAYERS))]
counts = marks.groupby(["layer", marks["category"].astype(str)]).size()
choices: dict[str, tuple[str, str] | None] = {"All categories": None}
for (layer, cat), n in sorted(counts.items(), key=lambda kv: (list(LAYERS).index(kv[0][0]),
                                                               kv[0][1])):
    name = LAYERS[layer].label if layer == cat else f"{LAYERS[layer].label}: {names.get(cat, cat)}"
    choices[f"{name} ({n})"] = (layer, cat)
left, right = st.columns([3, 2])
layers = left.multiselect("Highlight", list(LAYERS), default=list(DEFAULT_LAYERS),
                          format_func=lambda k: LAYERS[k].label, key="art-layers")
picked = right.selectbox("Show only one category's evidence", list(choices), key="art-category",
                         help="Pick a frame, stance or target category to see only its matches.")
category = None
if choices[picked] is not None:
    layer, category = choices[picked]
    layers = list(dict.fromkeys([*layers, layer]))  # the chosen category is always shown

spans = highlight_spans(ev, layers=layers, categories=None if category is None else [category])
html_block(legend_html(layers))
with st.container(border=True):
    html_block(highlight_html(text, spans))

st.subheader("Evidence" + (f": {picked.rsplit(' (', 1)[0]}" if category else ""))
shown = ev if category is None else ev[ev["category"].astype(str) == category]
shown = shown[shown["scorer"] != "sentiment"] if category is None else shown
st.dataframe(shown[["sentence_index", "scorer", "category", "pattern", "match", "negated",
                    "compound", "start", "end"]], hide_index=True)
st.caption("Offsets index the article text: text[start:end] is the match. Sentence rows "
           "(one per scored sentence, with its tone) are in the CSV.")
download_csv(ev, f"evidence_{doc_id}", "Download this article's evidence CSV")
