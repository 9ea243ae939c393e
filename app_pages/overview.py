"""Overview: what is in the corpus and the headline findings, with their small-n caveats."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    SEEDS,
    aligned_claims,
    articles,
    category_labels,
    claims_table,
    compare_table,
    corpus_name,
    download_csv,
    frame_profile_table,
    scored,
)

st.title("Media framing dashboard")
st.markdown(
    "How outlets **frame** a story, how **sure** they sound (hedges, boosters, attribution) and "
    "their **tone**, explained down to the words that produced each number. Start here, then "
    "compare outlets, open an article to see its highlighted evidence, or edit a lexicon and "
    "watch the scores change."
)

table = articles()
scores, evidence, skipped = scored()
if corpus_name() == SEEDS:
    st.caption("Showing the 5 seed articles shipped with framing (DeepSeek tops the US App Store, "
               "January 2025). Upload your own under *Score new articles*.")

c = st.columns(5)
c[0].metric("Articles", len(scores))
c[1].metric("Outlets", scores["outlet"].nunique())
c[2].metric("Words scored", f"{int(scores['n_words'].sum()):,}")
c[3].metric("Sentences scored", f"{int(scores['n_sentences'].sum()):,}")
c[4].metric("Boilerplate sentences", int(scores["n_sentences_boilerplate"].sum()),
            help="Disclaimers, promotions and source lines: shown greyed, not scored")
if skipped:
    st.warning("Not scored: " + "; ".join(f"{d} ({r})" for d, r in skipped))

# --- headline findings -----------------------------------------------------------------------
st.header("Headline findings")
per_outlet = scores.groupby("outlet").size()
if (per_outlet <= 2).any():
    st.warning(
        f"**Small samples.** {int((per_outlet <= 2).sum())} of {len(per_outlet)} outlets have "
        "one or two articles. Differences between them describe *these articles*, not the "
        "outlets' coverage in general; intervals for such outlets resample sentences within the "
        "articles and are narrower than the truth (see docs/statistics.md).",
        icon=":material/warning:",
    )

corpus_profile = frame_profile_table(scores.assign(corpus="all"), evidence, "corpus")
top = corpus_profile.sort_values(["article_share", "sentence_share"], ascending=False).head(3)
names = category_labels()
lines = []
for row in top.itertuples():
    lines.append(f"- **{names.get(row.frame, row.frame)}** is present in {row.articles_present} of {row.n_articles} "
                 f"articles ({row.sentences_with_frame} of {row.n_sentences} sentences).")
tone = compare_table(scores, evidence, ("sentiment__compound_mean", "stance__hedge__count"))
if not tone.empty:
    t = tone[(tone["metric"] == "sentiment__compound_mean")
             & (tone["statistic"] == "sentence_mean")].sort_values("value")
    if len(t) >= 2:
        lo, hi = t.iloc[0], t.iloc[-1]
        lines.append(
            f"- Tone (mean VADER compound per sentence) runs from **{lo.value:+.2f}** "
            f"({lo.group}, 95% interval {lo.ci_low:+.2f} to {lo.ci_high:+.2f}) to "
            f"**{hi.value:+.2f}** ({hi.group}, {hi.ci_low:+.2f} to {hi.ci_high:+.2f})"
            + (" — *small samples: read as these articles only*." if t["small_n"].any() else ".")
        )
    h = tone[(tone["metric"] == "stance__hedge__count")
             & (tone["statistic"] == "pooled_per_1k")].sort_values("value")
    if len(h) >= 2:
        lines.append(f"- Hedging ranges from {h.iloc[0].value:.1f} ({h.iloc[0].group}) to "
                     f"{h.iloc[-1].value:.1f} ({h.iloc[-1].group}) hedges per 1,000 words.")
claims = claims_table(table)
if not claims.empty:
    aligned = aligned_claims(claims, "outlet")
    n_dis = int(aligned["disagree"].sum())
    lines.append(f"- {len(claims)} numeric claims; {n_dis} quantities are stated differently by "
                 "different outlets (see *Compare outlets → Claims*).")
st.markdown("\n".join(lines) or "No findings: the corpus has no scored articles.")

# --- articles ----------------------------------------------------------------------------------
st.header("Articles")
frames_present = [c for c in scores.columns if c.startswith("frame__") and c.endswith("__present")]
view = scores[["doc_id", "outlet", "date", "title", "n_words", "n_sentences",
               "sentiment__compound_mean"]].assign(
    frames_present=scores[frames_present].sum(axis=1).astype(int),
    hedges=scores.get("stance__hedge__count", 0),
    attributions=scores.get("stance__attribution__count", 0),
)
st.dataframe(
    view, hide_index=True,
    column_config={
        "sentiment__compound_mean": st.column_config.NumberColumn(
            "tone (mean compound)", format="%+.2f",
            help="Mean VADER compound of the scored sentences, −1 to +1"),
        "date": st.column_config.TextColumn("date", help="empty when the article gives none"),
        "frames_present": st.column_config.NumberColumn(
            help="how many frame categories are present (a pattern or the sentence model)"),
    },
)
with st.container(horizontal=True):
    download_csv(scores, "scores", "Download scores CSV")
    download_csv(evidence, "evidence", "Download evidence CSV")
