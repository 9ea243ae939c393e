"""One self-contained report of an analysis: HTML (or Markdown) with the figures inlined.

``build_report(articles, scores, evidence)`` returns the whole document as a string: corpus
summary, the small-n caveat, every figure of :mod:`framing.figures` (inlined as a base64 SVG or
PNG ``data:`` URI, so the file has no external assets), comparison tables and the top evidence
sentences per frame with the matched words marked. All article text is escaped: a ``<script>``
in an article shows as text.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from framing import charts
from framing.compare import SMALL_N_MAX, _check_option, _check_table
from framing.errors import ParameterError

__all__ = ["build_report", "top_evidence"]

ReportFormat = Literal["html", "markdown"]
FigureFormat = Literal["svg", "png"]

_CSS = """
body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.45;color:#222}
h1,h2,h3{line-height:1.2}table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1.5rem 0}figure img{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#444}
.caveat{border-left:4px solid #de8f05;background:#fff6e8;padding:.5rem 1rem}
mark{background:#cfe3f6}blockquote{margin:.4rem 0 .8rem;padding-left:.8rem;border-left:3px solid #ccc}
.meta{color:#555;font-size:.85rem}
"""


# --- evidence -------------------------------------------------------------------------------------


def top_evidence(evidence: pd.DataFrame, *, meta: pd.DataFrame | None = None,
                 by: str = "outlet", top: int = 3) -> pd.DataFrame:
    """The ``top`` sentences per frame: the ones with most matches of the frame, then the
    strongest tone. Columns: ``frame, group, doc_id, sentence_index, sentence, sentence_start,
    spans`` (list of (start, end) offsets into the sentence), ``n_matches, compound``."""
    func = "top_evidence"
    _check_table(evidence, ["doc_id", "sentence_index", "start", "end", "scorer", "category",
                            "match", "compound"], "evidence", func)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ParameterError(f"The 'top' parameter of {func} must be an int >= 1. Got {top!r}.")
    ev = evidence.assign(doc_id=evidence["doc_id"].astype(str),
                         scorer=evidence["scorer"].astype(str),
                         category=evidence["category"].astype(str))
    sent = ev[ev["scorer"] == "sentiment"].drop_duplicates(["doc_id", "sentence_index"])
    sent = sent.set_index(["doc_id", "sentence_index"])
    frames = ev[ev["scorer"] == "frame"]
    group_of = {}
    if meta is not None and by in meta:
        group_of = dict(zip(meta["doc_id"].astype(str), meta[by].fillna("").astype(str)))
    rows = []
    for (frame, doc_id, s_index), part in frames.groupby(["category", "doc_id",
                                                          "sentence_index"], sort=True):
        key = (doc_id, s_index)
        if key in sent.index:
            s_row = sent.loc[key]
            text, s0 = str(s_row["match"]), int(s_row["start"])
        else:  # no sentence row (should not happen): show the matches alone
            text, s0 = " \u2026 ".join(part["match"].astype(str)), None
        spans = ([] if s0 is None else
                 sorted({(int(a) - s0, int(b) - s0) for a, b in zip(part["start"], part["end"])
                         if 0 <= int(a) - s0 <= int(b) - s0 <= len(text)}))
        rows.append({"frame": frame, "group": group_of.get(doc_id, ""), "doc_id": doc_id,
                     "sentence_index": int(s_index), "sentence": text, "sentence_start": s0,
                     "spans": spans, "n_matches": len(part),
                     "compound": float(part["compound"].astype(float).iloc[0])})
    out = pd.DataFrame(rows, columns=["frame", "group", "doc_id", "sentence_index", "sentence",
                                      "sentence_start", "spans", "n_matches", "compound"])
    if out.empty:
        return out
    out = out.assign(_abs=out["compound"].abs()).sort_values(
        ["frame", "n_matches", "_abs", "doc_id", "sentence_index"],
        ascending=[True, False, False, True, True], kind="stable")
    return out.groupby("frame", sort=True).head(top).drop(columns="_abs").reset_index(drop=True)


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def _md(text: object) -> str:
    """Escape for Markdown: HTML-escape (no raw HTML gets through) then backslash-escape
    Markdown punctuation; newlines become spaces (safe inside table cells)."""
    s = html.escape(str(text), quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = re.sub(r"\s*\n\s*", " ", s)
    return re.sub(r"^([#>+-]|\d+\.)", r"\\\1", s)  # no heading/quote/list at line start


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _marked(sentence: str, spans: list[tuple[int, int]], fmt: ReportFormat) -> str:
    esc = _h if fmt == "html" else _md
    on, off = ("<mark>", "</mark>") if fmt == "html" else ("**", "**")
    out, pos = [], 0
    for a, b in _merge_spans(spans):
        out += [esc(sentence[pos:a]), on, esc(sentence[a:b]), off]
        pos = b
    out.append(esc(sentence[pos:]))
    return "".join(out)


# --- tables ---------------------------------------------------------------------------------------


def _fmt(value: object, digits: int = 2) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else ""
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        return "" if np.isnan(value) else f"{float(value):,.{digits}f}"
    return str(value)


def _table(frame: pd.DataFrame, fmt: ReportFormat, digits: int = 2) -> str:
    cols = list(frame.columns)
    rows = [[_fmt(v, digits) for v in r] for r in frame.itertuples(index=False)]
    if fmt == "html":
        num = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(
            frame[c]) for c in cols]
        head = "".join(f"<th>{_h(c)}</th>" for c in cols)
        body = "".join("<tr>" + "".join(f'<td class="num">{_h(v)}</td>' if n else
                                        f"<td>{_h(v)}</td>" for v, n in zip(r, num)) + "</tr>\n"
                       for r in rows)
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"
    lines = ["| " + " | ".join(_md(c) for c in cols) + " |",
             "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(_md(v) for v in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _interval(row: pd.Series) -> str:
    if np.isnan(row["ci_low"]) or np.isnan(row["ci_high"]):
        return ""
    return f"{row['ci_low']:.2f} to {row['ci_high']:.2f}"


def _comparison_tables(comparison: pd.DataFrame, labels: Mapping[str, str]
                       ) -> list[tuple[str, str, pd.DataFrame, int]]:
    """(heading, note, table, digits) for the report."""
    out = []
    tone = comparison[(comparison["metric"] == "sentiment__compound_mean")
                      & (comparison["statistic"] == "sentence_mean")]
    if len(tone):
        t = pd.DataFrame({
            "group": tone["group"].astype(str), "mean sentence tone": tone["value"],
            "95% interval": [_interval(r) for _, r in tone.iterrows()],
            "interval from": tone["ci_method"].astype(str),
            "articles": tone["n_articles"].astype(int),
            "sentences": tone["n_sentences"].astype(int),
            f"\u2264{SMALL_N_MAX} articles": tone["small_n"].astype(bool)})
        out.append(("Tone by group", "Mean VADER compound of the group's sentences (\u22121 to 1).",
                    t, 3))
    rates = comparison[comparison["metric"].astype(str).str.match(r"^(stance|frame)__.+__count$")
                       & (comparison["statistic"] == "pooled_per_1k")]
    for kind, heading in (("stance", "Stance by group"), ("frame", "Frames by group")):
        part = rates[rates["metric"].astype(str).str.startswith(kind + "__")]
        if part.empty:
            continue
        cat = part["metric"].astype(str).str.split("__").str[1]
        wide = part.assign(category=[labels.get(c, c) for c in cat],
                           cell=[f"{v:.1f} ({lo:.1f}\u2013{hi:.1f})" if np.isfinite(lo) else
                                 f"{v:.1f}" for v, lo, hi in
                                 zip(part["value"], part["ci_low"], part["ci_high"])])
        wide = wide.pivot(index="category", columns="group", values="cell")
        order = (part.assign(category=[labels.get(c, c) for c in cat])
                 .groupby("category")["value"].mean().sort_values(ascending=False).index)
        wide = wide.loc[order].reset_index().rename(columns={"category": kind})
        wide.columns = [str(c) for c in wide.columns]
        out.append((heading, ("Mentions per 1,000 words, pooled over the group's articles, "
                             "with the 95% interval in brackets."), wide, 1))
    return out


# --- figures --------------------------------------------------------------------------------------


def _figure_uris(scores: pd.DataFrame, evidence: pd.DataFrame, articles: pd.DataFrame, *,
                 by: str, comparison: pd.DataFrame, width: charts.Width, dpi: int,
                 figure_format: FigureFormat, labels: Mapping[str, str] | None
                 ) -> list[tuple[str, str, str]]:
    from framing.figures import _METADATA, figure_specs, render

    out = []
    with charts.theme(width):
        for spec in figure_specs(scores, evidence, articles, by=by, comparison=comparison,
                                 width=width, labels=dict(labels) if labels else None):
            fig = render(spec, width)
            buf = io.BytesIO()
            fig.savefig(buf, format=figure_format, dpi=dpi, metadata=_METADATA[figure_format],
                        facecolor="white")
            mime = "image/svg+xml" if figure_format == "svg" else "image/png"
            uri = f"data:{mime};base64," + base64.b64encode(buf.getvalue()).decode("ascii")
            out.append((spec.name, spec.caption, uri))
    return out


# --- the report -----------------------------------------------------------------------------------


def build_report(articles: pd.DataFrame, scores: pd.DataFrame, evidence: pd.DataFrame, *,
                 format: ReportFormat = "html", by: str = "outlet",
                 comparison: pd.DataFrame | None = None, title: str = "Framing report",
                 top_sentences: int = 3, figure_format: FigureFormat | None = None,
                 width: charts.Width = "page", dpi: int = 150,
                 labels: Mapping[str, str] | None = None) -> str:
    """The report as one string: ``format="html"`` (self-contained) or ``"markdown"``.

    Figures are inlined as ``data:`` URIs (``figure_format`` defaults to "svg" for HTML and
    "png" for Markdown, which more viewers render). ``comparison`` (from
    :func:`framing.compare.compare`) is computed without permutation tests when not given.
    """
    from framing.compare import compare

    func = "build_report"
    _check_option(format, ReportFormat, "format", func)
    if figure_format is None:
        figure_format = "svg" if format == "html" else "png"
    _check_option(figure_format, FigureFormat, "figure_format", func)
    _check_table(articles, ["doc_id", "text"], "articles", func)
    _check_table(scores, ["doc_id", by, "n_words", "n_sentences"], "scores", func)
    if comparison is None:
        comparison = compare(scores, evidence, by=by, n_perm=0)
    all_labels = {**charts.category_labels(), **(labels or {})}

    n_art = len(scores)
    groups = scores[by].fillna("").astype(str)
    sizes = groups.value_counts().sort_index()
    small = sizes[sizes <= SMALL_N_MAX]
    summary = (f"{n_art:,} articles from {groups.nunique():,} {by} values; "
               f"{int(scores['n_sentences'].sum()):,} scored sentences and "
               f"{int(scores['n_words'].sum()):,} words "
               f"({int(scores.get('n_words_boilerplate', pd.Series([0])).sum()):,} words of "
               "boilerplate left out).")
    caveat = ""
    if len(small):
        caveat = (f"{len(small)} of {groups.nunique()} groups have {SMALL_N_MAX} or fewer "
                  f"articles ({', '.join(small.index)}). Their numbers describe those articles, "
                  "not the outlet's coverage; their intervals resample sentences within "
                  "articles and are narrower than the truth. Read differences between them as "
                  "leads to check in the text, not findings.")
    tone_col = "sentiment__compound_mean"
    per_article = pd.DataFrame({
        "doc_id": scores["doc_id"].astype(str), by: groups,
        "date": scores.get("date", pd.Series("", index=scores.index)).fillna("").astype(str),
        "title": scores.get("title", pd.Series("", index=scores.index)).fillna("").astype(str),
        "words": scores["n_words"].astype(int), "sentences": scores["n_sentences"].astype(int),
        "mean tone": scores[tone_col].astype(float) if tone_col in scores else np.nan})
    figures = _figure_uris(scores, evidence, articles, by=by, comparison=comparison,
                           width=width, dpi=dpi, figure_format=figure_format, labels=labels)
    tables = _comparison_tables(comparison, all_labels)
    top = top_evidence(evidence, meta=scores, by=by, top=top_sentences)

    if format == "html":
        parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
                 f"<title>{_h(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
                 f"<h1>{_h(title)}</h1>",
                 ('<p class="meta">Made with framing: VADER sentence sentiment, epistemic '
                 "stance and framing lexicons, explained sentence by sentence.</p>"),
                 "<h2>Corpus</h2>", f"<p>{_h(summary)}</p>"]
        if caveat:
            parts.append(f'<p class="caveat"><strong>Small samples.</strong> {_h(caveat)}</p>')
        parts.append(_table(per_article, "html", 3))
        parts.append("<h2>Figures</h2>")
        for name, caption, uri in figures:
            parts.append(f'<figure id="{_h(name)}"><img src="{uri}" alt="{_h(caption)}">'
                         f"<figcaption>{_h(caption)}</figcaption></figure>")
        parts.append("<h2>Comparison tables</h2>")
        for heading, note, table, digits in tables:
            parts += [f"<h3>{_h(heading)}</h3>", f"<p>{_h(note)}</p>",
                      _table(table, "html", digits)]
        parts.append("<h2>Evidence: the sentences behind each frame</h2>")
        for frame, part in top.groupby("frame", sort=True):
            parts.append(f"<h3>{_h(all_labels.get(frame, frame))} "
                         f'<span class="meta">({_h(frame)})</span></h3>')
            for r in part.itertuples(index=False):
                parts.append(f"<blockquote>{_marked(r.sentence, r.spans, 'html')}"
                             f'<br><span class="meta">{_h(r.group)} \u00b7 {_h(r.doc_id)} '
                             f"\u00b7 sentence {r.sentence_index + 1} \u00b7 tone "
                             f"{r.compound:+.2f}</span></blockquote>")
        parts += ["</body>", "</html>", ""]
        return "\n".join(parts)

    md = [f"# {_md(title)}", "", "## Corpus", "", _md(summary), ""]
    if caveat:
        md += [f"> **Small samples.** {_md(caveat)}", ""]
    md += [_table(per_article, "markdown", 3), "## Figures", ""]
    for name, caption, uri in figures:
        md += [f"![{_md(name)}]({uri})", "", f"*{_md(caption)}*", ""]
    md += ["## Comparison tables", ""]
    for heading, note, table, digits in tables:
        md += [f"### {_md(heading)}", "", _md(note), "", _table(table, "markdown", digits)]
    md += ["## Evidence: the sentences behind each frame", ""]
    for frame, part in top.groupby("frame", sort=True):
        md += [f"### {_md(all_labels.get(frame, frame))} ({_md(frame)})", ""]
        for r in part.itertuples(index=False):
            md += [f"> {_marked(r.sentence, r.spans, 'markdown')}",
                   (f"> \u2014 {_md(r.group)} \u00b7 {_md(r.doc_id)} \u00b7 sentence "
                   f"{r.sentence_index + 1} \u00b7 tone {r.compound:+.2f}"), ""]
    return "\n".join(md)
