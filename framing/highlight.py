"""Evidence spans as safe, highlighted HTML: the article view of the dashboard.

Pure functions from the evidence table (docs/architecture.md) to HTML strings. Every piece of
article text, match, category and pattern id goes through :func:`html.escape`, so an article
containing ``<script>`` or ``<img onerror=...>`` renders as text; callers may hand the result to
``st.html`` / ``st.markdown(unsafe_allow_html=True)``.

>>> spans = highlight_spans(evidence, "doc-1")
>>> html = highlight_html(text, spans)       # <div class="fr-text">… <mark class="fr-hl" …>
>>> legend = legend_html()

Layers: every evidence row belongs to at most one layer (:func:`layer_of`): ``frame`` (any frame
category), ``hedge``, ``booster``, ``attribution`` (stance categories), ``target`` and
``boilerplate`` (shown greyed, never highlighted). Overlapping spans are split into segments;
a segment under several layers shows one horizontal colour band per layer.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

__all__ = [
    "DEFAULT_LAYERS",
    "LAYERS",
    "SPAN_COLUMNS",
    "Layer",
    "highlight_html",
    "highlight_spans",
    "layer_of",
    "legend_html",
    "span_changes",
    "tone_colour",
    "tone_strip_html",
]


@dataclass(frozen=True)
class Layer:
    """A highlight layer: its label for the legend, its colour and what it means."""

    key: str
    label: str
    colour: str
    description: str


# Colours: the Okabe & Ito (2008) colour-blind-safe palette ("Color Universal Design") as
# translucent tints so black text stays readable: orange frames, sky-blue hedges, reddish-purple
# boosters, bluish-green attribution (vermillion was too close to the frame orange on screen);
# targets, opt-in, a neutral grey.
LAYERS: dict[str, Layer] = {
    layer.key: layer
    for layer in (
        Layer("frame", "Frame", "rgba(230, 159, 0, 0.40)", "an issue or generic news frame"),
        Layer("hedge", "Hedge", "rgba(86, 180, 233, 0.40)", "the writer weakens commitment"),
        Layer("booster", "Booster", "rgba(204, 121, 167, 0.40)",
              "the writer strengthens commitment"),
        Layer("attribution", "Attribution", "rgba(0, 158, 115, 0.35)",
              "the claim is put in someone else's mouth"),
        Layer("target", "Target", "rgba(0, 0, 0, 0.12)",
              "a sentiment target is mentioned"),
    )
}
# Shown by default: the four the article view is about (targets are opt-in; they are dense).
DEFAULT_LAYERS: tuple[str, ...] = ("frame", "hedge", "booster", "attribution")
BOILERPLATE_COLOUR = "#8a8f98"  # grey text; 3.4:1 on white, legible yet clearly "set aside"
# Diverging tone scale ends (Okabe-Ito vermillion for negative, blue for positive).
_NEGATIVE_RGB = (213, 94, 0)
_POSITIVE_RGB = (0, 114, 178)

SPAN_COLUMNS: tuple[str, ...] = ("start", "end", "layer", "scorer", "category", "pattern",
                                 "match")
_STANCE = ("hedge", "booster", "attribution")


def layer_of(scorer: str, category: str) -> str | None:
    """The highlight layer of an evidence row, or None (sentence rows have no layer)."""
    if scorer == "frame":
        return "frame"
    if scorer == "stance" and category in _STANCE:
        return category
    if scorer == "target":
        return "target"
    if scorer == "boilerplate":
        return "boilerplate"
    return None


def highlight_spans(
    evidence: pd.DataFrame,
    doc_id: str | None = None,
    *,
    layers: Iterable[str] = DEFAULT_LAYERS,
    categories: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The evidence rows to highlight (``SPAN_COLUMNS``), sorted by position.

    ``doc_id`` selects one article (None: the table is already one article's). ``layers``
    chooses among ``LAYERS``; boilerplate rows are always kept so they can be greyed.
    ``categories`` (e.g. ``["cost_efficiency", "hedge"]``) keeps only those categories'
    highlights.
    """
    wanted = set(layers)
    unknown = wanted - set(LAYERS)
    if unknown:
        raise ValueError(f"highlight_spans: unknown layer(s) {sorted(unknown)}. "
                         f"Expected some of: {', '.join(LAYERS)}.")
    ev = evidence if doc_id is None else evidence[evidence["doc_id"].astype(str) == str(doc_id)]
    layer = [layer_of(str(s), str(c)) for s, c in zip(ev["scorer"], ev["category"])]
    ev = ev.assign(layer=layer)
    keep = ev["layer"].isin(wanted)
    if categories is not None:
        keep &= ev["category"].astype(str).isin({str(c) for c in categories})
    keep |= ev["layer"] == "boilerplate"
    out = ev.loc[keep, list(SPAN_COLUMNS)].copy()
    out["start"] = out["start"].astype(int)
    out["end"] = out["end"].astype(int)
    return out.sort_values(["start", "end", "layer"], kind="stable").reset_index(drop=True)


def _band_style(colours: Sequence[str]) -> str:
    if len(colours) == 1:
        return f"background:{colours[0]}"
    step = 100 / len(colours)
    stops = ", ".join(f"{c} {i * step:.1f}% {(i + 1) * step:.1f}%" for i, c in enumerate(colours))
    return f"background:linear-gradient(to bottom, {stops})"


def highlight_html(text: str, spans: pd.DataFrame) -> str:
    """``text`` as escaped HTML with ``spans`` (from :func:`highlight_spans`) marked.

    Highlighted segments are ``<mark class="fr-hl" data-layers="frame hedge" title="…">``;
    boilerplate is ``<span class="fr-boilerplate">`` in grey. Line breaks are kept
    (``white-space: pre-wrap``). Spans outside the text are ignored.
    """
    if not isinstance(text, str):
        raise TypeError(f"highlight_html expects the article text as str. Got {type(text).__name__}.")
    n = len(text)
    rows = [(max(0, int(s)), min(n, int(e)), str(la), str(ca), str(pa))
            for s, e, la, ca, pa in zip(spans["start"], spans["end"], spans["layer"],
                                        spans["category"], spans["pattern"])
            if int(s) < int(e) and int(s) < n and int(e) > 0] if len(spans) else []
    cuts = sorted({0, n, *(r[0] for r in rows), *(r[1] for r in rows)})
    order = list(LAYERS)
    parts = ['<div class="fr-text" style="white-space:pre-wrap;line-height:1.7">']
    for a, b in pairwise(cuts):
        piece = html.escape(text[a:b], quote=True)
        active = [r for r in rows if r[0] <= a and b <= r[1]]
        boiler = [r for r in active if r[2] == "boilerplate"]
        marks = [r for r in active if r[2] != "boilerplate"]
        if marks:
            present = sorted({r[2] for r in marks}, key=order.index)
            colours = [LAYERS[k].colour for k in present]
            tip = "; ".join(dict.fromkeys(
                f"{LAYERS[r[2]].label.lower()}: {r[3]} ({r[4]})" for r in marks))
            piece = (f'<mark class="fr-hl" data-layers="{" ".join(present)}" '
                     f'title="{html.escape(tip, quote=True)}" '
                     f'style="{_band_style(colours)};color:inherit;padding:0 1px;'
                     f'border-radius:2px">{piece}</mark>')
        if boiler:
            reason = html.escape(f"boilerplate ({boiler[0][3]}), not scored", quote=True)
            piece = (f'<span class="fr-boilerplate" title="{reason}" '
                     f'style="color:{BOILERPLATE_COLOUR};font-style:italic">{piece}</span>')
        parts.append(piece)
    parts.append("</div>")
    return "".join(parts)


def legend_html(layers: Iterable[str] = DEFAULT_LAYERS, *, boilerplate: bool = True) -> str:
    """A one-line legend: a colour swatch and label per layer, and the boilerplate style."""
    items = []
    for key in layers:
        layer = LAYERS[key]
        items.append(
            f'<span class="fr-legend-item" title="{html.escape(layer.description, quote=True)}" '
            f'style="margin-right:1em;white-space:nowrap"><mark style="background:{layer.colour};'
            f'padding:0 .4em;border-radius:2px">{html.escape(layer.label)}</mark></span>')
    if boilerplate:
        items.append(f'<span class="fr-legend-item" style="color:{BOILERPLATE_COLOUR};'
                     f'font-style:italic;white-space:nowrap">Boilerplate (not scored)</span>')
    return f'<div class="fr-legend">{"".join(items)}</div>'


def tone_colour(compound: float) -> str:
    """A CSS colour for a VADER compound in [-1, 1]: vermillion (negative), white, blue (positive)."""
    if compound is None or (isinstance(compound, float) and math.isnan(compound)):
        return "#e5e7eb"
    x = max(-1.0, min(1.0, float(compound)))
    end = _NEGATIVE_RGB if x < 0 else _POSITIVE_RGB
    w = abs(x)
    r, g, b = (round(255 + (c - 255) * w) for c in end)
    return f"rgb({r}, {g}, {b})"


def tone_strip_html(evidence: pd.DataFrame, doc_id: str | None = None, *,
                    height_px: int = 22) -> str:
    """One cell per scored sentence, coloured by its compound (the ``sentiment`` evidence rows).

    Each cell's tooltip gives the sentence number, compound and the sentence's first words.
    """
    ev = evidence if doc_id is None else evidence[evidence["doc_id"].astype(str) == str(doc_id)]
    rows = ev[ev["scorer"].astype(str) == "sentiment"].sort_values("sentence_index")
    cells = []
    for idx, compound, match in zip(rows["sentence_index"], rows["compound"], rows["match"]):
        words = str(match)
        words = words if len(words) <= 80 else words[:77] + "…"
        tip = html.escape(f"sentence {int(idx) + 1}: compound {float(compound):+.2f} — {words}",
                          quote=True)
        cells.append(f'<span class="fr-tone-cell" title="{tip}" style="flex:1;min-width:3px;'
                     f'height:{int(height_px)}px;background:{tone_colour(float(compound))};'
                     f'border-right:1px solid #fff"></span>')
    if not cells:
        return '<div class="fr-tone-strip fr-empty">no scored sentences</div>'
    return ('<div class="fr-tone-strip" style="display:flex;border:1px solid #d1d5db;'
            f'border-radius:3px;overflow:hidden">{"".join(cells)}</div>')


_SPAN_KEY = ["doc_id", "start", "end", "scorer", "category", "pattern"]


def span_changes(before: pd.DataFrame, after: pd.DataFrame, *,
                 scorers: Iterable[str] = ("frame", "stance", "target")) -> pd.DataFrame:
    """Matches that started or stopped between two evidence tables (e.g. before/after an edit).

    One row per changed span: ``status`` (``started``/``stopped``), then ``doc_id, start, end,
    scorer, category, pattern, match``. Spans in both tables are left out.
    """
    keep = set(scorers)
    cols = [*_SPAN_KEY, "match"]

    def pick(ev: pd.DataFrame) -> pd.DataFrame:
        part = ev.loc[ev["scorer"].astype(str).isin(keep), cols]
        return part.astype({"doc_id": str, "scorer": str, "category": str, "pattern": str,
                            "match": str, "start": int, "end": int})

    merged = pick(before).merge(pick(after), on=cols, how="outer", indicator=True)
    merged = merged[merged["_merge"] != "both"]
    status = merged["_merge"].map({"left_only": "stopped", "right_only": "started"}).astype(str)
    out = merged.drop(columns="_merge").assign(status=status.to_numpy())
    out = out[["status", *cols]].sort_values(["doc_id", "start", "category", "status"])
    return out.reset_index(drop=True)
