"""Score new articles: upload files or a table, map its columns, score with a progress bar,
download the scores and evidence, and optionally explore them in the dashboard."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from app_pages.common import (
    MAX_UPLOAD_MB,
    active_yamls,
    download_csv,
    news_tone_available,
    parse_lexicon,
    safe_stem,
)
from framing.corpus import ARTICLE_EXTENSIONS, TABLE_EXTENSIONS, SkippedInput, read_corpus
from framing.errors import FramingError
from framing.tables import read_table

st.title("Score new articles")
st.markdown(
    "Upload article files (`.txt`, `.md`, `.html`) or one table (`.csv`, `.tsv`, `.jsonl`, "
    f"`.parquet`, one article per row). At most **{MAX_UPLOAD_MB} MB** in total; score larger "
    "corpora with the command line (`framing score FOLDER --out scores.csv`). Files are read in "
    "a temporary folder that is deleted straight after."
)
types = [e.lstrip(".") for e in (*ARTICLE_EXTENSIONS, *TABLE_EXTENSIONS)]
uploads = st.file_uploader("Articles", type=types, accept_multiple_files=True, key="score-files")
if not uploads:
    st.stop()

total_mb = sum(u.size for u in uploads) / 1e6
if total_mb > MAX_UPLOAD_MB:
    st.error(f"The files total {total_mb:.1f} MB; the dashboard scores at most {MAX_UPLOAD_MB} MB "
             "at once. Remove some files, or score the corpus with the command line.",
             icon=":material/error:")
    st.stop()

tables = [u for u in uploads if Path(u.name).suffix.lower() in TABLE_EXTENSIONS]
if tables and len(tables) != len(uploads):
    st.error("Upload either article files or tables, not both at once.")
    st.stop()


def _write(folder: Path) -> list[Path]:
    """The uploads written into ``folder`` under sanitised, unique names."""
    paths, seen = [], set()
    for u in uploads:
        stem, suffix = safe_stem(u.name), Path(u.name).suffix.lower()
        name, n = f"{stem}{suffix}", 1
        while name in seen:
            n += 1
            name = f"{stem}-{n}{suffix}"
        seen.add(name)
        path = folder / name
        path.write_bytes(u.getvalue())
        paths.append(path)
    return paths


mapping: dict[str, str | None] = {}
if tables:
    with tempfile.TemporaryDirectory(prefix="framing-upload-") as tmp:
        try:
            columns = [str(c) for c in read_table(_write(Path(tmp))[0]).columns]
        except (FramingError, ValueError, OSError) as exc:
            st.error(f"Could not read {tables[0].name}: {exc}")
            st.stop()
    st.subheader("Columns")
    st.caption(f"Which columns of {tables[0].name} hold what (the same for every table).")
    none = "(none)"
    fields = {"text": ["text", "body", "content", "article"], "doc_id": ["doc_id", "id"],
              "outlet": ["outlet", "source", "publisher", "site"],
              "date": ["date", "published", "publish_date"], "title": ["title", "headline"]}
    cols = st.columns(len(fields))
    for col, (field, guesses) in zip(cols, fields.items()):
        guess = next((c for c in columns if c.lower() in guesses), None)
        options = columns if field == "text" else [none, *columns]
        index = options.index(guess) if guess in options else 0
        mapping[field] = col.selectbox(field, options, index=index, key=f"score-col-{field}")
        if mapping[field] == none:
            mapping[field] = None

if st.button("Score", type="primary", key="score-run"):
    report: list[SkippedInput] = []
    with tempfile.TemporaryDirectory(prefix="framing-upload-") as tmp:
        try:
            table = read_corpus(_write(Path(tmp)), text_col=mapping.get("text"),
                                id_col=mapping.get("doc_id"), outlet_col=mapping.get("outlet"),
                                date_col=mapping.get("date"), title_col=mapping.get("title"),
                                report=report)
        except FramingError as exc:
            st.error(f"framing: error: {str(exc).replace(tmp + '/', '')}", icon=":material/error:")
            st.stop()
    if table.empty:
        st.error("No readable article in the upload.")
        st.stop()
    from framing.pipeline import score

    bar = st.progress(0.0, text=f"Scoring {len(table)} articles…")
    result = score(table, lexicons=[parse_lexicon(y) for y in active_yamls()],
                   news_tone=news_tone_available(),
                   progress=lambda done, total: bar.progress(done / total,
                                                             text=f"Scored {done} of {total}"))
    bar.progress(1.0, text=f"Scored {len(result.scores)} articles in {result.seconds:.1f} s")
    st.session_state["score-result"] = {
        "articles": table, "scores": result.scores, "evidence": result.evidence,
        "skipped": [(s.source.replace(tmp + "/", ""), s.reason) for s in report]
        + [(s.doc_id, s.reason) for s in result.skipped],
    }

done = st.session_state.get("score-result")
if done:
    st.subheader(f"Scores: {len(done['scores'])} articles")
    for source, reason in done["skipped"]:
        st.warning(f"Skipped {source}: {reason}")
    st.dataframe(done["scores"], hide_index=True)
    with st.container(horizontal=True):
        download_csv(done["scores"], "uploaded_scores", "Download scores CSV")
        download_csv(done["evidence"], "uploaded_evidence", "Download evidence CSV")
        if st.button("Explore these articles in the dashboard", key="score-use"):
            st.session_state["corpus_articles"] = done["articles"]
            st.session_state["corpus_name"] = f"{len(done['articles'])} uploaded articles"
            st.switch_page("app_pages/overview.py")
