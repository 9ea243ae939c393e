"""Compare outlets: frames, tone and stance with intervals, distinctive terms, targets, claims."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import (
    aligned_claims,
    articles,
    category_labels,
    claims_table,
    compare_table,
    download_csv,
    figure,
    scored,
)

st.title("Compare outlets")
table = articles()
scores, evidence, _ = scored()

# --- filters -----------------------------------------------------------------------------------
frames = sorted(c.removeprefix("frame__").removesuffix("__present")
                for c in scores.columns if c.startswith("frame__") and c.endswith("__present"))
outlets = sorted(scores["outlet"].fillna("").astype(str).unique())
dates = pd.to_datetime(scores["date"].replace("", None), errors="coerce")
with st.container(border=True):
    f1, f2, f3 = st.columns([2, 2, 3])
    chosen_outlets = f1.multiselect("Outlets", outlets, default=outlets, key="cmp-outlets")
    if dates.notna().any():
        lo, hi = dates.min().date(), dates.max().date()
        span = f2.date_input("Published between", (lo, hi), key="cmp-dates")
        undated = f2.checkbox(f"Include undated articles ({int(dates.isna().sum())})", True,
                              key="cmp-undated")
    else:
        span, undated = None, True
        f2.caption("No article has a date, so there is no date filter.")
    frame_labels = category_labels()
    chosen_frames = f3.multiselect("Frames", frames, default=frames, key="cmp-frames",
                                   format_func=lambda f: frame_labels.get(f, f),
                                   help="Frames shown in the frame charts and tables.")

keep = scores["outlet"].astype(str).isin(chosen_outlets)
if span is not None and isinstance(span, tuple) and len(span) == 2:
    start, end = (pd.Timestamp(d) for d in span)
    keep &= dates.between(start, end) | (dates.isna() & undated)
doc_ids = set(scores.loc[keep, "doc_id"].astype(str))
dropped = [f"frame__{f}__" for f in frames if f not in chosen_frames]
s = scores[keep].loc[:, [c for c in scores.columns if not c.startswith(tuple(dropped))]]
e = evidence[evidence["doc_id"].astype(str).isin(doc_ids)
             & ~((evidence["scorer"] == "frame") & ~evidence["category"].isin(chosen_frames))]
t = table[table["doc_id"].astype(str).isin(doc_ids)]
st.caption(f"{len(s)} of {len(scores)} articles, {s['outlet'].nunique()} outlets selected.")
if s.empty:
    st.warning("No article matches the filters. Widen the outlet or date selection.")
    st.stop()
if (s.groupby("outlet").size() <= 2).any():
    st.info("Outlets with one or two articles are drawn **hollow or hatched**: their intervals "
            "resample sentences within the articles and are narrower than the truth.",
            icon=":material/info:")

comparison = compare_table(s, e)
section = st.segmented_control(
    "Show", ["Frames", "Tone", "Stance", "Targets", "Distinctive terms", "Claims"],
    default="Frames", key="cmp-section", required=True)

if section == "Frames":
    st.subheader("Frame prevalence")
    figure("01_frame_prevalence", s, e, t, comparison)
elif section == "Tone":
    st.subheader("Tone by outlet, with 95% intervals")
    figure("02_tone_by_group", s, e, t, comparison)
    st.subheader("Every sentence's tone")
    figure("03_tone_distribution", s, e, t, comparison)
    st.subheader("Tone through each article")
    figure("04_tone_trajectory", s, e, t, comparison)
elif section == "Stance":
    st.subheader("Hedging and boosting, with 95% intervals")
    figure("05_hedging_boosting", s, e, t, comparison)
elif section == "Targets":
    st.subheader("Tone toward targets")
    figure("06_target_tone", s, e, t, comparison)
elif section == "Distinctive terms":
    st.subheader("Distinctive terms (keyness)")
    figure("07_keyness", s, e, t, comparison)
else:
    st.subheader("Numeric claims, side by side")
    figure("08_claims", s, e, t, comparison)
    aligned = aligned_claims(claims_table(t), "outlet") if len(t) else pd.DataFrame()
    if not aligned.empty:
        st.markdown("All quantities (rows where outlets disagree are marked):")
        st.dataframe(aligned, hide_index=True,
                     column_config={"disagree": st.column_config.CheckboxColumn(
                         "outlets disagree", help="values more than 1% apart, or a different date")})
        download_csv(aligned, "claims_aligned", "Download claims CSV")

with st.expander("The comparison table (every metric, interval and test)"):
    st.caption("`ci_method` says how each interval was made; `p_adjusted` is "
               "Benjamini-Hochberg per outlet. See docs/statistics.md.")
    st.dataframe(comparison, hide_index=True)
    download_csv(comparison, "comparison", "Download comparison CSV")
