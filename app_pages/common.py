"""What every page shares: the cached calls into the package, the session's corpus and lexicons,
and the chart/download widgets. Views only — the numbers come from ``framing``.

Caching (STYLE.md #13): parsed lexicons are ``st.cache_resource`` keyed on their YAML text; every
table is ``st.cache_data`` keyed on its inputs, and scoring is keyed on the articles table and the
tuple of lexicon YAML texts — so editing a lexicon re-scores, and nothing else does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from framing.lexicon import SHIPPED_DIR, Lexicon, load_lexicon
from framing.pipeline import DEFAULT_LEXICONS

# Largest upload the dashboard accepts, in MB; .streamlit/config.toml server.maxUploadSize must
# equal it (tests/test_app.py checks). 20 MB of plain text is ~3 million words, minutes of scoring.
MAX_UPLOAD_MB = 20
# Bootstrap/permutation sizes for the interactive comparison: fewer than the CLI's 2000/5000 so a
# filter change answers in about a second; the intervals' Monte Carlo error stays < 0.01.
N_BOOT = 1000
N_PERM = 1000

SEEDS = "seeds"


@st.cache_resource(show_spinner=False)
def news_tone_available() -> bool:
    """Whether the news-tone model (framing.tone and its artifact) loads. Until it ships, the
    dashboard scores without it: no ``sentiment__news_mean``, everything else unchanged."""
    import importlib.util

    from framing.errors import ModelError
    from framing.pipeline import Analyzer

    # Fast path (start-up time): framing.tone imports scikit-learn (~1-3 s); when its artifact
    # (framing/data/news_tone.npz + .json, see framing/tone.py) is absent, don't import it at all.
    data = Path(__file__).resolve().parents[1] / "framing" / "data"
    if importlib.util.find_spec("framing.tone") is None or not (
            (data / "news_tone.npz").is_file() and (data / "news_tone.json").is_file()):
        return False
    try:
        Analyzer([], news_tone=True).compile()
    except (ModelError, ImportError):
        return False
    return True


# --- the session's corpus and lexicons ----------------------------------------------------------


@st.cache_data(show_spinner=False)
def seed_articles() -> pd.DataFrame:
    """The five shipped seed articles."""
    from framing.corpus import read_corpus

    return read_corpus(None)


@st.cache_data(show_spinner=False)
def shipped_yaml(name: str) -> str:
    """The text of a shipped lexicon file, comments included."""
    return (SHIPPED_DIR / f"{name}.yaml").read_text(encoding="utf-8")


@st.cache_resource(show_spinner=False)
def parse_lexicon(yaml_text: str) -> Lexicon:
    """A lexicon from YAML text; raises ``LexiconError`` with the line (not cached then)."""
    return Lexicon.from_yaml(yaml_text, path="<edited lexicon>")


def validate_lexicon(yaml_text: str, file_name: str) -> tuple[Lexicon | None, str, list[str]]:
    """(lexicon or None, the LexiconError message as the CLI prints it, content warnings)."""
    import warnings

    from framing.errors import LexiconError

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            lexicon = Lexicon.from_yaml(yaml_text, path=file_name)
        except LexiconError as exc:
            return None, f"framing: error: {exc}", []
    return lexicon, "", [str(w.message) for w in caught]


def safe_stem(file_name: str, default: str = "upload") -> str:
    """A file name's stem reduced to ``[A-Za-z0-9_-]`` (no directories, no dots)."""
    import re

    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(file_name).stem).strip("_")[:60]
    return stem or default


def load_uploaded_lexicon(file_name: str, data: bytes) -> tuple[Lexicon, list[str]]:
    """A lexicon from an uploaded ``.yaml``/``.yml``/``.dic`` file and the loader's warnings.

    The bytes are written inside a ``TemporaryDirectory`` under a sanitised name (the lexicon
    name of an imported .dic comes from it) and removed when loading ends.
    """
    import warnings

    suffix = Path(file_name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="framing-upload-") as tmp:
        path = Path(tmp) / f"{safe_stem(file_name)}{suffix}"
        path.write_bytes(data)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lexicon = load_lexicon(path)
        notes = [str(w.message).replace(str(path), Path(file_name).name) for w in caught]
    return lexicon, notes


def lexicon_texts() -> dict[str, str]:
    """The session's active lexicons: name -> YAML text (shipped ones until edited)."""
    if "lexicons" not in st.session_state:
        st.session_state["lexicons"] = {name: shipped_yaml(name) for name in DEFAULT_LEXICONS}
    return st.session_state["lexicons"]


def active_yamls() -> tuple[str, ...]:
    """The active lexicons' YAML texts, in a stable order: the scoring cache key."""
    return tuple(lexicon_texts().values())


def articles() -> pd.DataFrame:
    """The session's corpus: uploaded articles if the user chose them, else the seeds."""
    return st.session_state.get("corpus_articles", seed_articles())


def corpus_name() -> str:
    return st.session_state.get("corpus_name", SEEDS)


# --- cached package calls -----------------------------------------------------------------------


@st.cache_data(show_spinner="Scoring the corpus…", max_entries=16)
def score_articles(table: pd.DataFrame, yamls: tuple[str, ...],
                   news_tone: bool | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Scores, evidence and skipped articles for ``table`` under the lexicons ``yamls``."""
    from framing.pipeline import score

    news_tone = news_tone_available() if news_tone is None else news_tone
    result = score(table, lexicons=[parse_lexicon(y) for y in yamls], news_tone=news_tone)
    return result.scores, result.evidence, [(s.doc_id, s.reason) for s in result.skipped]


def scored() -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """The session corpus scored under the session lexicons (cached)."""
    return score_articles(articles(), active_yamls())


@st.cache_data(show_spinner="Comparing outlets…", max_entries=32)
def compare_table(scores: pd.DataFrame, evidence: pd.DataFrame,
                  metrics: tuple[str, ...] | None = None) -> pd.DataFrame:
    """``framing.compare.compare`` by outlet (all metrics when ``metrics`` is None)."""
    from framing.compare import compare

    if scores.empty:
        return pd.DataFrame()
    return compare(scores, evidence, metrics=None if metrics is None else list(metrics),
                   n_boot=N_BOOT, n_perm=N_PERM)


@st.cache_data(show_spinner=False, max_entries=32)
def frame_profile_table(scores: pd.DataFrame, evidence: pd.DataFrame,
                        by: str = "outlet") -> pd.DataFrame:
    from framing.compare import frame_profile

    return frame_profile(scores, evidence, by=by)


@st.cache_data(show_spinner=False, max_entries=32)
def target_tone_table(evidence: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    from framing.compare import target_tone

    return target_tone(evidence, meta=scores)


@st.cache_data(show_spinner=False, max_entries=32)
def keyness_table(table: pd.DataFrame) -> pd.DataFrame:
    from framing.keyness import keyness

    if table["outlet"].nunique() < 2:
        return pd.DataFrame()
    return keyness(table)


@st.cache_data(show_spinner=False, max_entries=32)
def claims_table(table: pd.DataFrame) -> pd.DataFrame:
    from framing.claims import extract_claims

    return extract_claims(table)


@st.cache_data(show_spinner=False, max_entries=32)
def aligned_claims(claims: pd.DataFrame, by: str) -> pd.DataFrame:
    from framing.claims import align_claims

    return align_claims(claims, by=by)


# --- charts and downloads -----------------------------------------------------------------------


@st.cache_resource(show_spinner="Preparing charts…", max_entries=8)
def figure_set(scores: pd.DataFrame, evidence: pd.DataFrame, table: pd.DataFrame,
               comparison: pd.DataFrame) -> dict[str, Any]:
    """``framing.figures.figure_specs`` by name. A resource, not data: specs hold draw functions
    (not picklable); they are never mutated."""
    from framing.figures import figure_specs

    specs = figure_specs(scores, evidence, table if "text" in table else None,
                         comparison=comparison)
    return {spec.name: spec for spec in specs}


def figure_bytes(spec: Any, fmt: str, dpi: int = 150) -> bytes:
    """``spec`` drawn by framing.figures and saved as ``fmt``, inside a temporary directory."""
    from framing import charts
    from framing.figures import render, save_figure

    with charts.theme("page"), tempfile.TemporaryDirectory(prefix="framing-fig-") as tmp:
        fig = render(spec, "page")
        path = save_figure(fig, Path(tmp) / f"figure.{fmt}", dpi=dpi)
        return path.read_bytes()


@st.cache_data(show_spinner=False, max_entries=64)
def figure_png(scores: pd.DataFrame, evidence: pd.DataFrame, table: pd.DataFrame,
               comparison: pd.DataFrame, name: str) -> bytes:
    """The PNG of one figure of the set (cached per input tables and figure)."""
    return figure_bytes(figure_set(scores, evidence, table, comparison)[name], "png")


def figure(name: str, scores: pd.DataFrame, evidence: pd.DataFrame, table: pd.DataFrame,
           comparison: pd.DataFrame) -> None:
    """One figure of the write-up set with its caption and PNG/SVG/CSV downloads."""
    specs = figure_set(scores, evidence, table, comparison)
    spec = specs.get(name)
    if spec is None:
        st.info("Nothing to draw for the current filters (this chart needs at least two "
                "outlets, or data the filters removed).")
        return
    stem = name.split("_", 1)[1]
    png = figure_png(scores, evidence, table, comparison, name)
    st.image(png, caption=spec.caption)
    with st.container(horizontal=True):
        st.download_button("PNG", png, file_name=f"{stem}.png", mime="image/png",
                           key=f"dl-{stem}-png", on_click="ignore", icon=":material/download:")
        # SVG is drawn only when asked for (a deferred callable: pure, no Streamlit calls).
        st.download_button("SVG", lambda: figure_bytes(spec, "svg"), file_name=f"{stem}.svg",
                           mime="image/svg+xml", key=f"dl-{stem}-svg", on_click="ignore",
                           icon=":material/download:")
        download_csv(spec.data, stem, "CSV")


def csv_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False).encode("utf-8")


def download_csv(table: pd.DataFrame, stem: str, label: str = "CSV") -> None:
    st.download_button(label, csv_bytes(table), file_name=f"{stem}.csv", mime="text/csv",
                       key=f"dl-{stem}-csv", on_click="ignore", icon=":material/download:")


def category_labels() -> dict[str, str]:
    """Category id -> readable label from the session's lexicons (first lexicon wins)."""
    labels: dict[str, str] = {}
    for yaml_text in active_yamls():
        for category in parse_lexicon(yaml_text).categories:
            labels.setdefault(category.id, category.label or category.id)
    return labels


def doc_label(row: pd.Series) -> str:
    """How an article is named in pickers: outlet, date, title or id."""
    bits = [str(row.get("outlet") or "no outlet"), str(row.get("date") or "undated")]
    title = str(row.get("title") or "")
    return f"{' · '.join(bits)} — {title[:60] or row['doc_id']}"


def html_block(markup: str) -> None:
    """Render HTML built by framing.highlight (every text in it is already escaped)."""
    st.html(markup)
