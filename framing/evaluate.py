"""Measure lexicons and tone models against human labels: ``framing evaluate FILE``.

Three tasks (``Task``):

* ``categories`` — each labelled category of a lexicon is predicted from its patterns and scored
  with precision, recall, F1 and confusion counts (TP/FP/FN/TN) per category, plus micro and
  macro averages. At **sentence** level a row is one sentence and a category is predicted when
  any of its patterns fires in it; at **article** level a row is an article (boilerplate left out,
  as in ``framing score``) and a category is predicted when it fires in at least the lexicon's
  ``present_min_sentences`` sentences (the ``frame__<id>__present`` rule). A frames lexicon
  that ships a sentence model (``ai_race``) is measured with it by default, as ``framing score``
  counts presence: a sentence the model flags carries the category too (``--no-model``: the
  patterns alone).
* ``hedge`` — ``categories`` restricted to the stance lexicon's ``hedge`` category (a row is
  "uncertain" when a hedge fires).
* ``tone`` — Pearson and Spearman r between a continuous human label and VADER's compound (row
  as one sentence; article level: mean over sentences) and the news-tone model
  (:mod:`framing.tone`), each with n and a percentile bootstrap interval over rows.

Readers (``Format``), told apart by the columns: ``sentiment`` (``id, human_mean, text``),
``hedging`` (``uncertain, text``), ``nfc`` (``RE HI CO MO EC`` booleans), ``labels`` (a ``labels``
or ``frames`` column of comma-separated category ids, e.g. evaluation/ai_race_sentences.tsv),
``wide`` (``text`` plus one 0/1 column per category) and ``continuous`` (``text`` plus one numeric
column). A ``split`` column selects rows with ``split=``.

Intervals are percentile bootstraps over rows (units), ``N_BOOT`` resamples with a fixed seed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import itertools
import math
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import pandas as pd

from framing.errors import InputError, ModelError, ParameterError
from framing.lexicon import Lexicon, load_lexicon, shipped_lexicon_names
from framing.matcher import Matcher

if TYPE_CHECKING:
    from framing.frame_model import FrameModel

__all__ = [
    "EvaluationReport",
    "Format",
    "LabelledData",
    "Task",
    "Unit",
    "add_arguments",
    "add_model_arguments",
    "cmd_evaluate",
    "count_fired",
    "evaluate",
    "frame_model_trained_on",
    "label_sets_table",
    "prf",
    "read_labelled",
    "sentence_matches",
    "tfidf_baseline",
]

Task = Literal["categories", "hedge", "tone"]
Unit = Literal["sentence", "article"]
Format = Literal["sentiment", "hedging", "nfc", "labels", "wide", "continuous"]
ClassWeight = Literal["balanced", "none"]

# --- tuned constants ---------------------------------------------------------------------------
# Bootstrap resamples for every interval: 1000 gives percentile bounds stable to about ±0.005 on
# the shared files (Efron & Tibshirani 1993, ch. 13, recommend >= 1000 for percentile intervals).
N_BOOT = 1000
CI_LEVEL = 0.95
SEED = 20250127
# NFC column names -> generic lexicon category ids (shared/codebook.md §2; Frermann et al. 2023).
NFC_COLUMNS: dict[str, str] = {"RE": "resolution", "HI": "human_interest", "CO": "conflict",
                               "MO": "morality", "EC": "economic"}
# Human sentiment scale of the VADER ground truth files (shared/eval/README.md): mean of raters, −4..+4.
SENTIMENT_SCALE = 4.0
# Columns never read as labels.
_META_COLUMNS = frozenset({"id", "doc", "doc_id", "sentence_id", "split", "text", "source",
                           "outlet", "date", "title", "mbfc", "cues", "url", "notes", "note"})
_TRUE = frozenset({"true", "1", "yes", "y", "t", "1.0"})
_FALSE = frozenset({"false", "0", "no", "n", "f", "0.0"})
# cells read as "not coded" (R and spreadsheets write NA / N/A / NULL for a missing value)
_EMPTY = frozenset({"", "nan", "none", "na", "n/a", "null", "<na>"})
# a column is a category's 0/1 column when at least this share of its filled cells are 0/1 or
# True/False; its other cells are then errors (a typo), not a reason to ignore the column
_BINARY_SHARE = 0.9
_LABEL_SEP = re.compile(r"\s*[,;|]\s*")


def _check_option(value: object, literal: object, param: str, func: str) -> None:
    options = get_args(literal)
    if value not in options:
        raise ParameterError(
            f"The '{param}' parameter of {func} must be one of {list(options)}. Got {value!r}.")


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall, F1; 0.0 where undefined (no predictions / no positives)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# --- reading labelled files --------------------------------------------------------------------


@dataclass
class LabelledData:
    """A labelled file, read: texts and ids, and either boolean category labels or a number."""

    path: Path
    format: Format
    ids: list[str]
    texts: list[str]
    categories: pd.DataFrame | None = None  # bool, one column per category id
    values: np.ndarray | None = None  # continuous labels
    value_column: str = ""
    splits: list[str] | None = None
    default_unit: Unit = "sentence"
    default_lexicon: str | None = None
    notes: list[str] = field(default_factory=list)
    groups: list[str] | None = None  # the article each row belongs to (read with group_by)
    # rows whose labels were read (None: all); with groups, an uncoded row still gives its
    # article its text
    coded: np.ndarray | None = None

    def select(self, mask: np.ndarray) -> LabelledData:
        """The rows where ``mask`` is True."""
        idx = np.flatnonzero(mask)
        return LabelledData(
            self.path, self.format, [self.ids[i] for i in idx], [self.texts[i] for i in idx],
            None if self.categories is None else self.categories.iloc[idx].reset_index(drop=True),
            None if self.values is None else self.values[idx], self.value_column,
            None if self.splits is None else [self.splits[i] for i in idx],
            self.default_unit, self.default_lexicon, list(self.notes),
            None if self.groups is None else [self.groups[i] for i in idx],
            None if self.coded is None else self.coded[idx])

    def joined(self) -> LabelledData:
        """One row per group (article), in order of first appearance: its rows' texts joined
        as paragraphs, and a category labelled when any of its coded rows has it. An uncoded
        row (an empty label) keeps its text in the article; an article with no coded row is
        left out, as its labels are unknown."""
        if self.groups is None or self.categories is None:
            raise ParameterError("Joining rows into articles needs category labels and a group "
                                 "column (group_by=).")
        coded = np.ones(len(self.ids), dtype=bool) if self.coded is None else self.coded
        members: dict[str, list[int]] = defaultdict(list)
        for i, g in enumerate(self.groups):
            members[g].append(i)
        has_coded = {g: bool(coded[rows].any()) for g, rows in members.items()}
        order = [g for g, kept in has_coded.items() if kept]
        uncoded = [g for g, kept in has_coded.items() if not kept]
        notes = list(self.notes)
        n_uncoded = int((~coded).sum())
        if n_uncoded:
            notes.append(f"{n_uncoded} row(s) with an empty label kept in their article's text; "
                         f"an article's labels come from its coded rows"
                         + (f"; {len(uncoded)} article(s) with no coded row left out: "
                            + ", ".join(uncoded[:5]) if uncoded else ""))
        splits = None
        if self.splits is not None:
            splits = []
            for g in order:
                found = sorted({self.splits[i] for i in members[g]})
                if len(found) > 1:
                    raise InputError(f"Article '{g}' of '{self.path}' has rows in several "
                                     f"splits {found}; expected one split per article.")
                splits.append(found[0])
        labels = self.categories.to_numpy(dtype=bool) & coded[:, None]
        categories = pd.DataFrame(
            np.vstack([labels[members[g]].any(axis=0) for g in order]) if order
            else np.zeros((0, labels.shape[1]), dtype=bool), columns=self.categories.columns)
        texts = ["\n\n".join(self.texts[i].strip() for i in members[g]) for g in order]
        note = f"{len(self.ids):,} rows joined into {len(order):,} articles"
        return LabelledData(self.path, self.format, order, texts, categories, splits=splits,
                            default_unit="article", default_lexicon=self.default_lexicon,
                            notes=[*notes, note])


def _read_frame(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"Cannot evaluate '{path}': expected a labelled .tsv/.csv file. "
                         f"Got no such file.")
    suffix = path.suffix.lower()
    try:
        if suffix in (".tsv", ".tab"):
            return _read_delimited(path, "\t")
        if suffix == ".csv":
            return _read_delimited(path, ",")
        if suffix == ".jsonl":
            frame = pd.read_json(path, lines=True, dtype=False)
            # a list of labels (["cost", "race"]) is the comma-separated cell of a CSV
            return frame.apply(lambda col: col.map(
                lambda v: ",".join(map(str, v)) if isinstance(v, list) else str(v)))
        if suffix == ".parquet":
            return pd.read_parquet(path).astype(str)
    except UnicodeDecodeError as exc:
        raise InputError(f"Cannot read labelled file '{path}': expected UTF-8 text. Got a byte "
                         f"that is not UTF-8 at offset {exc.start} (re-save the file as UTF-8)."
                         ) from exc
    except (ValueError, OSError) as exc:
        raise InputError(f"Cannot read labelled file '{path}': {exc}") from exc
    raise InputError(f"Cannot tell the format of '{path}': expected .tsv, .csv, .jsonl or "
                     f".parquet. Got '{suffix or '(no extension)'}'.")


def _read_delimited(path: Path, sep: str) -> pd.DataFrame:
    """Every cell as a str, each record checked, so that an unclosed quote or an unquoted
    separator in a text stops the run instead of merging or shifting rows without a word.

    Quoting is read strictly (a quoted field ends at its closing quote, inner quotes doubled).
    A .tsv that breaks that rule is read again with no quoting at all, one record per line: a
    tab-separated text often starts with a quotation (``"We'll take questions," she said``)."""
    try:
        return _read_records(path, sep, csv.QUOTE_MINIMAL)
    except InputError:
        if sep == "\t":
            with contextlib.suppress(InputError):  # if unquoted fails too, report the first
                return _read_records(path, sep, csv.QUOTE_NONE)
        raise


def _read_records(path: Path, sep: str, quoting: int) -> pd.DataFrame:
    name = "tab" if sep == "\t" else "comma"
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=sep, strict=True, quoting=quoting)
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(f"Labelled file '{path}' is empty: expected a header row.")
            if len(header) == 1 and sep == "," and ";" in header[0]:
                raise InputError(f"Labelled file '{path}' looks semicolon-separated (its header "
                                 f"is {header[0]!r}); expected commas, or save it as .tsv.")
            rows = []
            short = []  # lines with fewer fields: the missing cells are read as empty
            for row in reader:
                if len(row) > len(header):
                    raise InputError(
                        f"Line {reader.line_num} of '{path}' has {len(row)} fields; the header "
                        f"has {len(header)} (an unquoted {name} inside a text? quote that "
                        f"field).")
                if len(row) < len(header):
                    if not any(cell.strip() for cell in row):
                        continue  # a blank line
                    short.append(reader.line_num)
                    row += [""] * (len(header) - len(row))
                rows.append(row)
        except csv.Error as exc:
            raise InputError(
                f"Cannot read line {reader.line_num} of '{path}': {exc}. A quoted text must "
                f"end with a quote, and a quote inside it is doubled (\"\").") from None
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    if short:
        lines = ", ".join(map(str, short[:5]))
        note = (f"{len(short)} line(s) with fewer fields than the header, their last cells "
                f"read as empty: line {lines}")
        frame.attrs["notes"] = [note]
    return frame


def _as_bool(value: str) -> tuple[bool | None, bool]:
    """(value, read leniently) for a 0/1/True/False cell; (None, False) for an empty cell."""
    v = str(value).strip().lower()
    if v in _EMPTY:
        return None, False
    if v in _TRUE:
        return True, False
    if v in _FALSE:
        return False, False
    trimmed = v.strip("()[]. ")  # "False)" in nfc_dev.tsv
    if trimmed in _TRUE:
        return True, True
    if trimmed in _FALSE:
        return False, True
    raise ValueError(value)


def _is_binary_column(col: pd.Series) -> bool:
    """Whether ``col`` is a category's 0/1 column: nearly all its filled cells are booleans."""
    cells = col.astype(str).str.strip().str.lower()
    cells = cells[~cells.isin(_EMPTY)]
    if cells.empty:
        return False
    binary = cells.str.strip("()[]. ").isin(_TRUE | _FALSE)
    return bool(binary.any()) and float(binary.mean()) >= _BINARY_SHARE


def _is_numeric_column(col: pd.Series) -> bool:
    nonempty = col[~col.astype(str).str.strip().str.lower().isin(_EMPTY)]
    return len(nonempty) > 0 and pd.to_numeric(nonempty, errors="coerce").notna().all()


def _bool_columns(frame: pd.DataFrame, columns: dict[str, str], ids: list[str],
                  notes: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Boolean labels for ``columns`` (file column -> category id) and a mask of complete rows."""
    out = {cat: np.zeros(len(frame), dtype=bool) for cat in columns.values()}
    complete = np.ones(len(frame), dtype=bool)
    lenient = []
    for col, cat in columns.items():
        for i, raw in enumerate(frame[col].tolist()):
            try:
                value, loose = _as_bool(raw)
            except ValueError:
                raise InputError(f"Column '{col}' of row {ids[i]} must be a boolean "
                                 f"(0/1, True/False). Got {raw!r}.") from None
            if value is None:
                complete[i] = False
                continue
            out[cat][i] = value
            if loose:
                lenient.append(f"row {ids[i]} {col} {raw!r} read as {value}")
    if lenient:
        notes.append("read leniently: " + "; ".join(lenient))
    return pd.DataFrame(out), complete


def read_labelled(path: str | Path, *, format: Format | None = None,
                  text_col: str = "text", group_by: str | None = None) -> LabelledData:
    """Read a labelled file; ``format`` is inferred from the columns unless given.
    ``group_by`` names a column whose value says which article each row belongs to
    (kept in ``groups``, for :meth:`LabelledData.joined`); rows with an empty label are then
    kept, marked in ``coded``, since their text belongs to the article."""
    func = "read_labelled"
    if format is not None:
        _check_option(format, Format, "format", func)
    path = Path(path)
    frame = _read_frame(path)
    cols = list(frame.columns)
    if text_col not in cols:
        raise InputError(f"Labelled file '{path}' must have a '{text_col}' column. "
                         f"Got columns {cols}.")
    if format is None:
        format = _infer_format(frame, path, text_col)
    id_col = next((c for c in ("id", "ID", "doc_id") if c in cols), None)
    ids = (frame[id_col].astype(str).tolist() if id_col
           else [f"row-{i + 1}" for i in range(len(frame))])
    if "sentence_id" in cols and id_col == "doc_id":
        ids = [f"{d}/{s}" for d, s in zip(ids, frame["sentence_id"].astype(str))]
    texts = frame[text_col].astype(str).tolist()
    splits = frame["split"].astype(str).tolist() if "split" in cols else None
    if group_by is not None:
        if group_by not in cols:
            raise InputError(f"group_by={group_by!r}: labelled file '{path}' has no such column. "
                             f"Got columns {cols}.")
        empty = frame.index[frame[group_by].astype(str).str.strip() == ""]
        if len(empty):
            raise InputError(f"Column '{group_by}' of '{path}' is empty in row {ids[empty[0]]}; "
                             f"group_by needs the article of every row.")
    notes: list[str] = list(frame.attrs.get("notes", []))
    data = LabelledData(path, format, ids, texts, splits=splits, notes=notes,
                        groups=None if group_by is None else frame[group_by].astype(str).tolist())

    def need(*names: str) -> None:
        missing = [n for n in names if n not in cols]
        if missing:
            raise InputError(f"A '{format}' file needs column(s) {list(names)}. "
                             f"Got columns {cols} (missing {missing}).")

    if format in ("sentiment", "continuous"):
        if format == "sentiment":
            need("human_mean")
            value_col = "human_mean"
        else:
            candidates = [c for c in cols if c not in _META_COLUMNS and c != text_col
                          and _is_numeric_column(frame[c]) and not _is_binary_column(frame[c])]
            if len(candidates) != 1:
                raise InputError(f"A 'continuous' file needs exactly one numeric label column "
                                 f"besides '{text_col}'. Got {candidates or 'none'}.")
            value_col = candidates[0]
        raw = frame[value_col].astype(str).str.strip()
        filled = ~raw.str.lower().isin(_EMPTY)
        values = pd.to_numeric(raw.where(filled), errors="coerce").to_numpy(dtype=float)
        bad = raw[filled & np.isnan(values)]
        if len(bad):
            raise InputError(f"Column '{value_col}' must hold numbers. Got {bad.iloc[0]!r} "
                             f"in row {ids[bad.index[0]]}.")
        data.values, data.value_column = values, value_col
        keep = ~np.isnan(values)
        if not keep.all():
            notes.append(f"{int((~keep).sum())} row(s) with an empty '{value_col}' left out")
            data = data.select(keep)
        return data
    if format == "hedging":
        need("uncertain")
        labels, keep = _bool_columns(frame, {"uncertain": "hedge"}, ids, notes)
        data.default_lexicon = "stance"
    elif format == "nfc":
        need(*NFC_COLUMNS)
        labels, keep = _bool_columns(frame, NFC_COLUMNS, ids, notes)
        data.default_unit, data.default_lexicon = "article", "generic"
    elif format == "labels":
        col = next((c for c in ("labels", "frames", "categories") if c in cols), None)
        if col is None:
            raise InputError(f"A 'labels' file needs a 'labels' (or 'frames') column of "
                             f"comma-separated category ids. Got columns {cols}.")
        labels = label_sets_table(frame[col])
        names = list(labels.columns)
        keep = np.ones(len(frame), dtype=bool)
        data.default_lexicon = _lexicon_for(names)
    else:  # wide
        label_cols = [c for c in cols if c not in _META_COLUMNS and c != text_col
                      and _is_binary_column(frame[c])]
        if not label_cols:
            raise InputError(f"A 'wide' file needs at least one 0/1 column per category besides "
                             f"'{text_col}'. Got columns {cols}.")
        labels, keep = _bool_columns(frame, {c: c for c in label_cols}, ids, notes)
        data.default_lexicon = _lexicon_for(label_cols)
    data.categories = labels
    if format in ("labels", "wide") and _looks_like_articles(texts):
        data.default_unit = "article"
    if not keep.all():
        if data.groups is not None:  # joined(): the row's text stays in its article
            data.coded = keep
        else:
            notes.append(f"{int((~keep).sum())} row(s) with an empty label left out: "
                         + ", ".join(np.asarray(ids)[~keep][:5]))
            data = data.select(keep)
    return data


def label_sets_table(cells: Sequence[str] | pd.Series) -> pd.DataFrame:
    """One bool column per category id named in ``cells`` (comma-separated ids per row)."""
    sets = [{x for x in _LABEL_SEP.split(str(v).strip()) if x} for v in cells]
    names = sorted(set().union(*sets))
    # index given: a file whose rows are all no-frame has no label columns but keeps its rows
    return pd.DataFrame({c: [c in s for s in sets] for c in names},
                        index=pd.RangeIndex(len(sets)), dtype=bool)


def _infer_format(frame: pd.DataFrame, path: Path, text_col: str) -> Format:
    cols = set(frame.columns)
    if "human_mean" in cols:
        return "sentiment"
    if "uncertain" in cols:
        return "hedging"
    if set(NFC_COLUMNS) <= cols:
        return "nfc"
    if cols & {"labels", "frames", "categories"}:
        return "labels"
    others = [c for c in frame.columns if c not in _META_COLUMNS and c != text_col]
    if any(_is_binary_column(frame[c]) for c in others):
        return "wide"
    if any(_is_numeric_column(frame[c]) for c in others):
        return "continuous"
    raise InputError(
        f"Cannot tell how '{path}' is labelled: expected a 'human_mean' or one numeric column "
        f"(tone), an 'uncertain' column (hedging), RE/HI/CO/MO/EC (NFC frames), a 'labels' column "
        f"of comma-separated category ids, or 0/1 columns per category. Got columns {list(cols)}.")


def _lexicon_for(categories: Sequence[str]) -> str | None:
    """The shipped lexicon whose categories cover the labelled ones, if exactly one does."""
    wanted = set(categories)
    if not wanted:
        return None
    hits = [name for name in shipped_lexicon_names()
            if wanted <= {c.id for c in load_lexicon(name).categories}]
    return hits[0] if len(hits) == 1 else None


def _looks_like_articles(texts: Sequence[str]) -> bool:
    """More than half of the rows hold more than one sentence."""
    from framing.text import split_sentences

    sample = texts[:200]
    multi = sum(len(split_sentences(t)) > 1 for t in sample)
    return multi * 2 > len(sample)


# --- the report --------------------------------------------------------------------------------


@dataclass
class EvaluationReport:
    """What :func:`evaluate` measured: ``table`` (one row per category or predictor), ``misses``
    (worst errors), ``predictions`` (one row per unit) and the facts needed to read them."""

    task: str
    unit: str
    path: str
    format: str
    n: int
    table: pd.DataFrame
    misses: pd.DataFrame
    predictions: pd.DataFrame
    lexicon: str = ""
    split: str = "all"
    rule: str = ""
    notes: list[str] = field(default_factory=list)

    def to_text(self, misses: int = 10, width: int = 110) -> str:
        """A plain-text report: header, table, notes and up to ``misses`` worst misses."""
        what = {"categories": "category detection", "hedge": "hedge -> uncertain",
                "tone": "tone correlation"}.get(self.task, self.task)
        lines = [f"framing evaluate: {what} on {self.path} (format '{self.format}')",
                 f"  unit: {self.unit} level — {self.rule}",
                 f"  rows: {self.n:,} ({'split ' + repr(self.split) if self.split != 'all' else 'all rows'})"]
        if self.lexicon:
            lines.append(f"  lexicon: {self.lexicon}")
        for note in self.notes:
            lines.append(f"  note: {note}")
        lines.append("")
        with pd.option_context("display.width", width, "display.max_columns", 30,
                               "display.max_rows", 200, "display.float_format", "{:.3f}".format):
            lines.append(self.table.to_string(index=False))
        if misses and len(self.misses):
            lines.append("")
            lines.append(f"worst misses (up to {misses} of {len(self.misses)}):")
            for row in self.misses.head(misses).itertuples(index=False):
                lines.append("  " + _miss_line(row, width))
        return "\n".join(lines)


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _miss_line(row: Any, width: int) -> str:
    d = row._asdict()
    if "error" in d:
        head = f"{d['id']} {d['error']} {d['category']}: expected [{d['expected']}] got [{d['got']}]"
        if d.get("fired"):
            head += f" fired: {d['fired']}"
        return head + "\n    " + _clip(d["text"], width)
    return (f"{d['id']} human {d['human']:+.2f} (scaled {d['human_scaled']:+.2f}) "
            f"{d['predictor']} {d['predicted']:+.2f}\n    " + _clip(d["text"], width))


# --- evaluation --------------------------------------------------------------------------------


def evaluate(
    path: str | Path,
    *,
    task: Task | None = None,
    lexicon: str | Path | Lexicon | None = None,
    split: str | None = None,
    unit: Unit | None = None,
    present_min: int | None = None,
    format: Format | None = None,
    text_col: str = "text",
    n_boot: int = N_BOOT,
    seed: int = SEED,
    model: bool | None = None,
    group_by: str | None = None,
) -> EvaluationReport:
    """Score a labelled file against the lexicon (or tone models) and report agreement.

    ``task`` defaults from the file (a numeric label: ``tone``; ``uncertain``: ``hedge``; else
    ``categories``), ``lexicon`` from the labels (the shipped lexicon whose categories cover them),
    ``unit`` from the file (NFC and multi-sentence rows: ``article``). ``split`` keeps the rows of
    that value of the ``split`` column (several values: comma-separated). ``present_min``
    overrides the lexicon's ``present_min_sentences`` at article level. ``model``: whether the
    lexicon's shipped sentence model (:mod:`framing.frame_model`) joins it, so that a sentence
    carries a category when either finds it. None (the default) uses it when the lexicon has one,
    as ``framing score`` does for ``frame__<id>__present``; True requires one; False measures the
    patterns alone. ``group_by``: a column naming each row's article; the rows (sentences) of
    each article are joined in file order and measured at article level (a category is labelled
    when any of its rows has it), which is what ``frame__<id>__present`` reports.
    """
    func = "evaluate"
    for value, literal, name in ((task, Task, "task"), (unit, Unit, "unit")):
        if value is not None:
            _check_option(value, literal, name, func)
    if present_min is not None and (isinstance(present_min, bool)
                                    or not isinstance(present_min, int) or present_min < 1):
        raise ParameterError(f"The 'present_min' parameter of {func} must be an int >= 1 or "
                             f"None. Got {present_min!r}.")
    if not isinstance(n_boot, int) or n_boot < 0:
        raise ParameterError(f"The 'n_boot' parameter of {func} must be an int >= 0. "
                             f"Got {n_boot!r}.")
    if model not in (None, True, False):
        raise ParameterError(f"The 'model' parameter of {func} must be None, True or False. "
                             f"Got {model!r}.")
    data = read_labelled(path, format=format, text_col=text_col, group_by=group_by)
    if group_by is not None:
        if data.categories is None:
            raise ParameterError(f"group_by needs category labels; '{data.path}' has a numeric "
                                 f"label ('{data.value_column}').")
        if unit == "sentence":
            raise ParameterError("group_by joins rows into articles, so it measures at article "
                                 "level; got unit='sentence'.")
        data = data.joined()
    data, split_name = _select_split(data, split)
    continuous = data.values is not None
    if task is None:
        task = "tone" if continuous else ("hedge" if data.format == "hedging" else "categories")
    if (task == "tone") != continuous:
        have = f"a numeric label ('{data.value_column}')" if continuous else (
            "category labels (" + ", ".join(data.categories.columns) + ")")
        raise ParameterError(f"task '{task}' needs {'a numeric label' if task == 'tone' else 'category labels'}; "
                             f"'{data.path}' has {have}.")
    unit = unit or data.default_unit
    if task == "tone":
        unused = [name for name, value in (("lexicon", lexicon), ("present_min", present_min))
                  if value is not None] + (["model=True"] if model is True else [])
        if unused:
            raise ParameterError(f"task 'tone' correlates VADER and the news-tone model with the "
                                 f"labels; it takes no {', '.join(unused)}.")
    elif present_min is not None and unit == "sentence":
        raise ParameterError(f"present_min counts the sentences of an article that carry a "
                             f"category, so it needs unit='article' (or group_by). Got unit "
                             f"'sentence' for '{data.path}'.")
    if len(data.texts) == 0:
        raise InputError(f"No labelled rows left to evaluate in '{data.path}'"
                         f"{f' (split {split!r})' if split else ''}.")
    rng = np.random.default_rng(seed)
    if task == "tone":
        report = _evaluate_tone(data, unit, n_boot, rng)
    else:
        lex = _resolve_lexicon(lexicon, data, task)
        sentence_model = None if model is False else _sentence_model(lex, task, model is True)
        report = _evaluate_categories(data, lex, task, unit, present_min, n_boot, rng,
                                      sentence_model)
        if sentence_model is not None and model is None:
            report.notes.append(
                f"sentence model: measured with the {lex.name} lexicon, as framing score counts "
                f"frame__<id>__present; --no-model (model=False) measures the patterns alone")
    report.split = split_name
    report.notes = data.notes + report.notes
    return report


def _select_split(data: LabelledData, split: str | None) -> tuple[LabelledData, str]:
    if split is None:
        if data.splits is not None:
            values = sorted(set(data.splits))
            data.notes.append(f"all splits evaluated together ({', '.join(values)}); "
                              f"choose one with split=")
        return data, "all"
    if data.splits is None:
        raise ParameterError(f"split={split!r} needs a 'split' column; '{data.path}' has none.")
    values = sorted(set(data.splits))
    wanted = {name.strip() for name in split.split(",")}
    if not wanted <= set(values):
        raise ParameterError(f"The 'split' parameter of evaluate must be one of {values}, or "
                             f"several joined by commas, for '{data.path}'. Got {split!r}.")
    return data.select(np.array([s in wanted for s in data.splits])), split


def _resolve_lexicon(lexicon: str | Path | Lexicon | None, data: LabelledData,
                     task: str) -> Lexicon:
    if lexicon is None:
        lexicon = "stance" if task == "hedge" else data.default_lexicon
        if lexicon is None:
            raise ParameterError(
                f"evaluate cannot tell which lexicon to measure for labels "
                f"{list(data.categories.columns)}: no single shipped lexicon "
                f"({', '.join(shipped_lexicon_names())}) has them all. Pass lexicon=PATH_OR_NAME.")
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    known = [c.id for c in lex.categories]
    if task == "hedge":
        if "hedge" not in known:
            raise ParameterError(f"task 'hedge' needs a lexicon with a 'hedge' category. "
                                 f"Got lexicon '{lex.name}' with {known}.")
        labels = data.categories
        if "hedge" not in labels.columns:
            if labels.shape[1] != 1:
                raise ParameterError(f"task 'hedge' needs one label column (uncertain/hedge). "
                                     f"Got {list(labels.columns)}.")
            data.categories = labels.set_axis(["hedge"], axis=1)
        else:
            data.categories = labels[["hedge"]]
        return lex
    unknown = [c for c in data.categories.columns if c not in known]
    if unknown:
        raise ParameterError(f"Labelled categories {unknown} are not in lexicon '{lex.name}' "
                             f"(its categories: {', '.join(known)}).")
    unlabelled = [c for c in known if c not in data.categories.columns]
    if unlabelled and data.format != "labels":
        data.notes.append(f"lexicon categories without labels, not measured: "
                          f"{', '.join(unlabelled)}")
    if data.format == "labels":  # every lexicon category is labelled: absent = negative
        for c in unlabelled:
            data.categories[c] = False
        data.categories = data.categories[known]
    return lex


def _sentence_model(lex: Lexicon, task: str, required: bool) -> FrameModel | None:
    """The sentence model that goes with ``lex`` (framing.frame_model.model_for), or None;
    ``required``: a ParameterError instead of None."""
    from framing.frame_model import available_models, model_for

    found = model_for(lex) if task == "categories" else None
    if found is None and required:
        raise ParameterError(
            f"model=True needs a frames lexicon with a shipped sentence model and the model's "
            f"categories ({', '.join(available_models()) or 'none shipped'}). Got lexicon "
            f"'{lex.name}'{' and task ' + repr(task) if task != 'categories' else ''}.")
    return found


def frame_model_trained_on(model: FrameModel, path: str | Path,
                           texts: Sequence[str] | None = None) -> str:
    """A note when the sentence model was trained on this file (its training record names the
    file's SHA-256) or on some of ``texts`` (framing.training_texts), else ""."""
    trained = (model.settings.get("trained_on") or {}).get("labels_sha256", "")
    if trained and trained == _file_sha256(Path(path)):
        return (f"sentence model: THE MODEL WAS TRAINED ON THIS FILE (its training record has "
                f"sha256 {trained[:12]}… = {Path(path).name}), so figures with the model are "
                f"in-sample; quote the fresh-writer and held-out checks it records "
                f"(scripts/train_frame_model.py) instead")
    overlap, every = _training_overlap(model, texts or [])
    return (f"sentence model: {overlap}, so figures with the model are "
            f"{'' if every else 'partly '}in-sample") if overlap else ""


def _training_overlap(model: Any, texts: Sequence[str]) -> tuple[str, bool]:
    """``("k of n rows (p%) repeat ...", k == n)`` when rows of ``texts``, or sentences of them,
    are among the texts ``model`` was trained on (its fingerprints, framing.training_texts),
    else ``("", False)``."""
    from framing.text import split_sentences
    from framing.training_texts import fingerprints, read_fingerprints

    source = getattr(model, "source", None)
    known = read_fingerprints(source) if source is not None else None
    if known is None or not len(texts):
        return "", False
    whole = np.isin(fingerprints(texts), known)
    # a row that is not a training text may still hold one (an article of training sentences)
    rest = np.flatnonzero(~whole)
    owner, sentences = [], []
    for i in rest:
        spans = split_sentences(texts[i])
        if len(spans) > 1:
            owner += [i] * len(spans)
            sentences += [texts[i][a:b] for a, b in spans]
    part = np.zeros(len(texts), dtype=bool)
    if sentences:
        part[np.asarray(owner)[np.isin(fingerprints(sentences), known)]] = True
    n_seen = int(whole.sum() + part.sum())
    if not n_seen:
        return "", False
    how = "" if not part.any() else (
        f" ({int(whole.sum())} whole, {int(part.sum())} by one or more of their sentences)")
    return (f"{n_seen:,} of {len(texts):,} rows ({n_seen / len(texts):.1%}) repeat a text it "
            f"was trained on{how}, compared ignoring case and spacing"), n_seen == len(texts)


def _evaluate_categories(data: LabelledData, lex: Lexicon, task: str, unit: str,
                         present_min: int | None, n_boot: int,
                         rng: np.random.Generator,
                         model: FrameModel | None = None) -> EvaluationReport:
    cats = list(data.categories.columns)
    need = present_min if present_min is not None else (
        lex.present_min_sentences if unit == "article" else 1)
    n = len(data.texts)
    gold = data.categories.to_numpy(dtype=bool)
    use_model = model is not None and any(c in model.categories for c in cats)
    fired, fired_by_patterns, evidence = count_fired(lex, data.texts, cats, unit=unit,
                                                     model=model if use_model else None)
    pred = fired >= need

    table, notes = _confusion_table(cats, gold, pred, n_boot, rng)
    if unit == "sentence":
        rule = ("each row is one sentence; a category is predicted when any of its patterns "
                "fires in the row")
    else:
        rule = (f"each row is an article (boilerplate left out); a category is predicted when it "
                f"fires in >= {need} sentence(s)"
                + ("" if present_min is not None else " (the lexicon's present_min_sentences)"))
    misses = _category_misses(data, cats, gold, pred, fired, need, evidence)
    predictions = pd.DataFrame({"id": data.ids})
    for j, c in enumerate(cats):
        predictions[f"{c}__gold"] = gold[:, j]
        predictions[f"{c}__predicted"] = pred[:, j]
        predictions[f"{c}__fired"] = fired[:, j]
    if n_boot:
        notes.append(f"f1_ci: {CI_LEVEL:.0%} percentile bootstrap over {n:,} rows, "
                     f"{n_boot} resamples")
    if model is not None:
        rule += ("; with the sentence model: a sentence also counts for a category the model "
                 f"flags (probability > {model.threshold:g})")
        in_sample = frame_model_trained_on(model, data.path, data.texts)
        if in_sample:
            notes.append(in_sample)
        if use_model:
            notes.append(_patterns_alone_note(gold, pred, fired_by_patterns >= need))
    if unit == "article" and gold.any():
        # at article level most frames are often present: the trivial rule is the yardstick
        _, _, always = prf(gold.sum(), (~gold).sum(), 0)
        notes.append(f"baseline: calling every category present in every article gives "
                     f"micro-F1 {always:.3f} ({gold.mean():.0%} of article-category cells are "
                     f"labelled present)")
    measured = f"{lex.name}{' + sentence model' if model is not None else ''}"
    return EvaluationReport(task, unit, str(data.path), data.format, n, table, misses,
                            predictions, lexicon=f"{measured} ({len(cats)} categories measured)",
                            rule=rule, notes=notes)


def count_fired(lex: Lexicon, texts: Sequence[str], cats: Sequence[str], *,
                unit: Unit = "sentence", model: FrameModel | None = None
                ) -> tuple[np.ndarray, np.ndarray, list[dict[str, list[str]]]]:
    """How often each of ``cats`` fires in each text: ``(fired, by_patterns, evidence)``.

    ``unit="sentence"`` reads each text as one sentence and counts matches; ``"article"`` splits
    it (boilerplate left out) and counts sentences. With ``model``, a sentence the model flags
    counts for that category too (once per sentence, as ``framing score`` counts presence);
    ``by_patterns`` is the same count without the model. ``evidence`` lists, per text and
    category, the patterns (``pattern='text'``) and model terms (``model=a+b``) that fired. The
    model scores all sentences of all texts in one call.
    """
    from framing.document import prepare

    matcher = Matcher([lex])
    col = {c: j for j, c in enumerate(cats)}
    fired_by_patterns = np.zeros((len(texts), len(cats)), dtype=int)
    evidence: list[dict[str, list[str]]] = []
    found: list[dict[str, set[int]]] = []  # per text: category -> sentence numbers
    spans: list[tuple[int, int, int, int]] = []  # (text, sentence number, start, end)
    for i, text in enumerate(texts):
        per_cat: dict[str, list[str]] = defaultdict(list)
        if unit == "sentence":
            matches = sentence_matches(matcher, text)
            for m in matches:
                if m.category in col:
                    fired_by_patterns[i, col[m.category]] += 1
            if text.strip():
                spans.append((i, 0, 0, len(text)))
        else:
            doc = prepare(text)
            matches = matcher.find(doc.text, doc.sentences, skip=doc.skipped_indices,
                                   normalized=doc.normalized)
            spans.extend((i, si, s, e) for si, ((s, e), keep)
                         in enumerate(zip(doc.sentences, doc.scored)) if keep)
        sentences: dict[str, set[int]] = defaultdict(set)
        for m in matches:
            sentences[m.category].add(m.sentence_index)
            per_cat[m.category].append(f"{m.pattern}={text[m.start:m.end]!r}")
        if unit != "sentence":
            _count_sentences(fired_by_patterns[i], sentences, col)
        found.append(sentences)
        evidence.append(per_cat)
    fired = fired_by_patterns.copy()
    if model is not None and spans:
        flagged = model.flagged([texts[i][s:e].strip() for i, _, s, e in spans])
        for number, category, terms in flagged:
            if category in col:
                i, si = spans[number][:2]
                found[i][category].add(si)
                evidence[i][category].append("model=" + "+".join(terms))
        for i in {i for i, *_ in spans}:  # with the model, every count is of sentences
            _count_sentences(fired[i], found[i], col)
    return fired, fired_by_patterns, evidence


def _count_sentences(row: np.ndarray, sentences: dict[str, set[int]], col: dict[str, int]
                     ) -> None:
    """Set ``row``'s cell of each measured category to its number of sentences."""
    for category, numbers in sentences.items():
        if category in col:
            row[col[category]] = len(numbers)


def _patterns_alone_note(gold: np.ndarray, with_model: np.ndarray, patterns: np.ndarray) -> str:
    """Micro figures of the patterns alone beside the union: whether the model helps on these
    rows (it adds recall on invented sentences and can cost precision on real prose)."""
    def micro(pred: np.ndarray) -> tuple[float, float, float]:
        return prf((gold & pred).sum(), (~gold & pred).sum(), (gold & ~pred).sum())

    (p0, r0, f0), (p1, r1, f1) = micro(patterns), micro(with_model)
    return (f"patterns alone on these rows: micro-F1 {f0:.3f} (P {p0:.3f}, R {r0:.3f}); with the "
            f"sentence model {f1:.3f} (P {p1:.3f}, R {r1:.3f}), {f1 - f0:+.3f}")


def sentence_matches(matcher: Matcher, text: str) -> list:
    """The matches in ``text`` read as one sentence (surrounding whitespace left out)."""
    stripped = text.strip()
    if not stripped:
        return []
    start = text.find(stripped)
    return matcher.find(text, [(start, start + len(stripped))])


def _confusion_table(cats: list[str], gold: np.ndarray, pred: np.ndarray, n_boot: int,
                     rng: np.random.Generator) -> tuple[pd.DataFrame, list[str]]:
    """Counts, P/R/F1 (with bootstrap intervals when ``n_boot``) per category, micro and macro;
    and the notes the table needs."""
    tp = (gold & pred).astype(int)
    fp = (~gold & pred).astype(int)
    fn = (gold & ~pred).astype(int)
    tn = (~gold & ~pred).astype(int)
    # a category neither coded nor predicted in any row has no precision, recall or F1: it is
    # shown with NaN and left out of the macro mean (the same whether a file says "absent" in a
    # 0/1 column or by leaving the id out of a labels list)
    measured = (gold | pred).any(axis=0)
    rows = []
    for j, c in enumerate(cats):
        p, r, f = prf(tp[:, j].sum(), fp[:, j].sum(), fn[:, j].sum()) if measured[j] else (
            (np.nan,) * 3)
        rows.append({"category": c, "n_pos": int(gold[:, j].sum()), "n_pred": int(pred[:, j].sum()),
                     "tp": int(tp[:, j].sum()), "fp": int(fp[:, j].sum()),
                     "fn": int(fn[:, j].sum()), "tn": int(tn[:, j].sum()),
                     "precision": p, "recall": r, "f1": f})
    T, P, N = tp.sum(), fp.sum(), fn.sum()
    mp, mr, mf = prf(T, P, N)
    micro = {"category": "micro", "n_pos": int(gold.sum()), "n_pred": int(pred.sum()),
             "tp": int(T), "fp": int(P), "fn": int(N), "tn": int(tn.sum()),
             "precision": mp, "recall": mr, "f1": mf}
    kept = [r for r, m in zip(rows, measured) if m]

    def mean(key: str) -> float:
        return float(np.mean([r[key] for r in kept])) if kept else 0.0

    macro = {"category": "macro", "n_pos": None, "n_pred": None,
             "tp": None, "fp": None, "fn": None, "tn": None,  # macro averages ratios, not counts
             "precision": mean("precision"), "recall": mean("recall"), "f1": mean("f1")}
    out = pd.DataFrame(rows + ([micro, macro] if len(cats) > 1 else []))
    for c in ("n_pos", "n_pred", "tp", "fp", "fn", "tn"):
        out[c] = out[c].astype("Int64")
    if n_boot:
        boot = _bootstrap_f1(tp, fp, fn, n_boot, rng, measured)  # (n_boot, k + 2)
        lo, hi = np.percentile(boot, [50 * (1 - CI_LEVEL), 50 * (1 + CI_LEVEL)], axis=0)
        keep = len(out)
        out["f1_ci_low"] = lo[:keep] if len(cats) > 1 else lo[:1]
        out["f1_ci_high"] = hi[:keep] if len(cats) > 1 else hi[:1]
    unmeasured = [c for c, m in zip(cats, measured) if not m]
    notes = [(f"neither coded nor predicted in any row, so without precision, recall or F1 and "
              f"left out of the macro: {', '.join(unmeasured)}")] if unmeasured else []
    return out, notes


def _bootstrap_f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, n_boot: int,
                  rng: np.random.Generator, measured: np.ndarray) -> np.ndarray:
    """F1 per category, micro and macro (over the ``measured`` categories), for ``n_boot``
    resamples of the rows; NaN for a category that is not measured."""
    n, k = tp.shape
    stacked = np.hstack([tp, fp, fn]).astype(float)  # n x 3k
    out = np.empty((n_boot, k + 2))
    for b in range(n_boot):
        w = np.bincount(rng.integers(0, n, n), minlength=n).astype(float)
        s = w @ stacked
        t, p, f = s[:k], s[k:2 * k], s[2 * k:]
        with np.errstate(divide="ignore", invalid="ignore"):
            prec = np.where(t + p > 0, t / (t + p), 0.0)
            rec = np.where(t + f > 0, t / (t + f), 0.0)
            f1 = np.where(prec + rec > 0, 2 * prec * rec / (prec + rec), 0.0)
        out[b, :k] = np.where(measured, f1, np.nan)
        out[b, k] = prf(t.sum(), p.sum(), f.sum())[2]
        out[b, k + 1] = f1[measured].mean() if measured.any() else 0.0
    return out


def _category_misses(data: LabelledData, cats: list[str], gold: np.ndarray, pred: np.ndarray,
                     fired: np.ndarray, need: int, evidence: list) -> pd.DataFrame:
    rows = []
    for i, j in zip(*np.nonzero(gold != pred)):
        c = cats[j]
        fp = bool(pred[i, j])
        rows.append({
            "id": data.ids[i], "category": c, "error": "FP" if fp else "FN",
            "expected": ",".join(x for x, g in zip(cats, gold[i]) if g),
            "got": ",".join(x for x, p in zip(cats, pred[i]) if p),
            "fired": "; ".join(evidence[i].get(c, [])[:4]),
            # how wrong: fired well past the rule (FP), or far from reaching it (FN)
            "severity": int(fired[i, j]) if fp else need - int(fired[i, j]),
            "text": data.texts[i],
        })
    cols = ["id", "category", "error", "expected", "got", "fired", "severity", "text"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["severity", "error", "id"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


# --- tone --------------------------------------------------------------------------------------


def _tone_predictors(data: LabelledData, unit: str) -> tuple[dict[str, np.ndarray], list[str]]:
    from framing.document import prepare
    from framing.scorers.sentiment import news_tone, vader

    notes: list[str] = []
    if unit == "sentence":
        groups = [[t.strip()] for t in data.texts]
    else:
        groups = []
        for t in data.texts:
            doc = prepare(t)
            groups.append([doc.sentence_text(i) for i, k in enumerate(doc.scored) if k] or [""])
    flat = [s for g in groups for s in g]
    bounds = np.cumsum([0] + [len(g) for g in groups])

    def per_unit(values: np.ndarray) -> np.ndarray:
        return np.array([values[a:b].mean() for a, b in itertools.pairwise(bounds)])

    out = {"vader_compound": per_unit(np.asarray(vader().compounds(flat), dtype=float))}
    try:
        model = news_tone()
    except (ImportError, ModelError) as exc:
        notes.append(f"news tone not measured: {exc}")
        return out, notes
    out["news_tone"] = per_unit(np.asarray(model.predict(flat), dtype=float))
    seen = _seen_in_training(model, data.path, data.texts)
    if seen:
        notes.append(seen)
    return out, notes


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _training_records(model: Any) -> list[dict[str, str]]:
    """What the model says it was trained on: ``[{"file": ..., "sha256": ...}, ...]``.

    Reads :class:`framing.tone.NewsTone`'s ``settings["training_data"]``, a mapping of file name
    to ``{"sha256": ...}`` written by ``scripts/train_news_tone.py``.
    """
    settings = getattr(model, "settings", None) or {}
    data = settings.get("training_data") or {}
    return [{"file": str(name), "sha256": str(info.get("sha256", ""))}
            for name, info in data.items() if isinstance(info, dict)]


def _seen_in_training(model: Any, path: Path, texts: Sequence[str] = ()) -> str:
    """A note when the news-tone model records this file (by SHA-256) among its training data,
    or was trained on some of ``texts`` (framing.training_texts)."""
    records = _training_records(model)
    digest = _file_sha256(path)
    for rec in records:
        if rec["sha256"].lower() == digest:
            return (f"news tone: THE MODEL SAW THIS FILE IN TRAINING (its recorded training data "
                    f"includes sha256 {digest[:12]}… = {path.name}); its r here is a training-set "
                    f"figure — quote the grouped cross-validated r its author reports instead")
    overlap, every = _training_overlap(model, texts)
    if overlap:
        return (f"news tone: {overlap}, so its r here is {'' if every else 'partly '}a "
                f"training-set figure — quote the grouped cross-validated r its author reports "
                f"for held-out rows")
    if not records:
        return ("news tone: the model records no training-data hash, so this report cannot tell "
                "whether it saw this file in training")
    return ""


def _evaluate_tone(data: LabelledData, unit: str, n_boot: int,
                   rng: np.random.Generator) -> EvaluationReport:
    gold = np.asarray(data.values, dtype=float)
    n = len(gold)
    constant = n > 0 and bool(np.all(gold == gold[0]))
    if n < 3 or constant:
        raise InputError(f"A tone correlation needs at least 3 labelled rows whose labels differ. "
                         f"Got {n} row(s) in '{data.path}'"
                         f"{f', every label {gold[0]:g}' if constant else ''}.")
    preds, notes = _tone_predictors(data, unit)
    idx = rng.integers(0, n, size=(n_boot, n)) if n_boot else None
    rows = []
    for name, values in preds.items():
        ok = ~np.isnan(values)
        row: dict[str, Any] = {"predictor": name, "n": int(ok.sum())}
        for kind, fn in (("pearson", _pearson), ("spearman", _spearman)):
            row[f"{kind}_r"] = fn(gold[ok], values[ok])
            if idx is not None:
                boots = np.array([fn(gold[b], values[b]) for b in idx])
                boots = boots[~np.isnan(boots)]  # resamples of one label value: no r
                lo, hi = (np.percentile(boots, [50 * (1 - CI_LEVEL), 50 * (1 + CI_LEVEL)])
                          if len(boots) else (np.nan, np.nan))
                row[f"{kind}_ci_low"], row[f"{kind}_ci_high"] = float(lo), float(hi)
        rows.append(row)
    table = pd.DataFrame(rows)
    scale = SENTIMENT_SCALE if data.format == "sentiment" else float(np.nanmax(np.abs(gold))) or 1.0
    misses = []
    for name, values in preds.items():
        diff = np.abs(values - gold / scale)
        for i in np.argsort(-np.nan_to_num(diff, nan=-1)):
            misses.append({"id": data.ids[i], "predictor": name, "human": gold[i],
                           "human_scaled": gold[i] / scale, "predicted": values[i],
                           "abs_error": diff[i], "text": data.texts[i]})
    misses_df = pd.DataFrame(misses, columns=["id", "predictor", "human", "human_scaled",
                                              "predicted", "abs_error", "text"])
    misses_df = misses_df.sort_values("abs_error", ascending=False, kind="stable")
    predictions = pd.DataFrame({"id": data.ids, "human": gold, **preds})
    if unit == "sentence":
        rule = ("each row is one sentence; VADER compound of the row; news tone of the row")
    else:
        rule = ("each row is an article (boilerplate left out); mean over its sentences of the "
                "VADER compound / the news tone")
    notes.append(f"label '{data.value_column}' scaled by 1/{scale:g} for the misses list only; "
                 f"intervals: {CI_LEVEL:.0%} percentile bootstrap over rows, {n_boot} resamples")
    return EvaluationReport("tone", unit, str(data.path), data.format, n, table,
                            misses_df.reset_index(drop=True), predictions, rule=rule, notes=notes)


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import rankdata

    return _pearson(rankdata(x), rankdata(y))


# --- a supervised baseline ---------------------------------------------------------------------


def tfidf_baseline(
    path: str | Path,
    *,
    folds: int = 5,
    class_weight: ClassWeight = "balanced",
    split: str | None = None,
    seed: int = SEED,
    n_boot: int = N_BOOT,
    text_col: str = "text",
    group_by: str | None = None,
) -> EvaluationReport:
    """TF-IDF + logistic regression per category, cross-validated (out-of-fold predictions).

    The supervised anchor to compare a lexicon with: one ``LogisticRegression`` (C=1, liblinear)
    per category on ``TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
    stop_words="english")``, fitted on k−1 folds and predicting the held-out fold; every row is
    predicted exactly once, by a model that never saw it. Nothing is tuned. ``group_by`` joins
    each article's rows first (as :func:`evaluate` does), so the folds and figures are per article.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    _check_option(class_weight, ClassWeight, "class_weight", "tfidf_baseline")
    if isinstance(folds, bool) or not isinstance(folds, int) or folds < 2:
        raise ParameterError(f"The 'folds' parameter of tfidf_baseline must be an int >= 2. "
                             f"Got {folds!r}.")
    data = read_labelled(path, text_col=text_col, group_by=group_by)
    if data.categories is None:
        raise ParameterError(f"tfidf_baseline needs category labels; '{data.path}' has a numeric "
                             f"label ('{data.value_column}').")
    if group_by is not None:
        data = data.joined()
    data, split_name = _select_split(data, split)
    cats = list(data.categories.columns)
    gold = data.categories.to_numpy(dtype=bool)
    n = len(gold)
    if n < folds:
        raise ParameterError(f"tfidf_baseline with {folds} folds needs at least {folds} labelled "
                             f"{'articles' if group_by else 'rows'}. Got {n}; lower folds.")
    pred = np.zeros_like(gold)
    texts = np.array(data.texts, dtype=object)
    for train, test in KFold(folds, shuffle=True, random_state=seed % (2**32)).split(texts):
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                              stop_words="english")
        try:
            xtr = vec.fit_transform(texts[train])
        except ValueError as exc:  # no term in two training texts: nothing to learn from
            raise InputError(f"tfidf_baseline cannot learn from '{data.path}': {exc} (every "
                             f"term of a training fold occurs in fewer than 2 of its {len(train)} "
                             f"texts, or only stop words). Label more rows.") from None
        xte = vec.transform(texts[test])
        for j in range(len(cats)):
            y = gold[train, j]
            if y.all() or not y.any():
                pred[test, j] = y[0]
                continue
            model = LogisticRegression(C=1.0, solver="liblinear",
                                       class_weight=None if class_weight == "none" else "balanced")
            pred[test, j] = model.fit(xtr, y).predict(xte)
    rng = np.random.default_rng(seed)
    table, table_notes = _confusion_table(cats, gold, pred, n_boot, rng)
    rule = (f"TF-IDF (1-2-grams, min_df 2) + logistic regression per category, class_weight="
            f"{class_weight}; {folds}-fold cross-validation, out-of-fold predictions")
    predictions = pd.DataFrame({"id": data.ids, **{f"{c}__predicted": pred[:, j]
                                                   for j, c in enumerate(cats)}})
    return EvaluationReport("categories", data.default_unit, str(data.path), data.format, n,
                            table, pd.DataFrame(), predictions,
                            lexicon="(none: supervised baseline)", split=split_name, rule=rule,
                            notes=[*data.notes, *table_notes])


# --- command line ------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``framing evaluate`` (to add to its subparser)."""
    parser.add_argument("file", metavar="FILE",
                        help="labelled .tsv/.csv: sentiment (human_mean), hedging (uncertain), "
                             "NFC frames (RE HI CO MO EC), a 'labels'/'frames' column of "
                             "comma-separated ids, or one 0/1 column per category")
    parser.add_argument("--task", choices=get_args(Task), help="default: from the file")
    parser.add_argument("--lexicon", metavar="PATH_OR_NAME",
                        help="lexicon to measure (default: the shipped one the labels name)")
    parser.add_argument("--split", metavar="NAME",
                        help="evaluate only rows of this split (several: NAME,NAME)")
    parser.add_argument("--unit", choices=get_args(Unit),
                        help="sentence or article level (default: from the file)")
    parser.add_argument("--present-min", type=int, metavar="N",
                        help="article level: present when firing in >= N sentences "
                             "(default: the lexicon's present_min_sentences)")
    parser.add_argument("--text-col", default="text", metavar="COL",
                        help="column holding the text (default: text)")
    parser.add_argument("--group-by", metavar="COL",
                        help="rows are sentences of articles named in COL: join each article's "
                             "rows and measure frame presence per article")
    parser.add_argument("--misses", type=int, default=10, metavar="N",
                        help="how many worst misses to print (default 10; 0: none)")
    parser.add_argument("--out", metavar="FILE",
                        help="write the metrics table (.csv .tsv .parquet .jsonl)")
    parser.add_argument("--misses-out", metavar="FILE", help="write all misses as a table")
    add_model_arguments(parser)
    parser.add_argument("--baseline", choices=["tfidf"],
                        help="instead of a lexicon, measure a cross-validated TF-IDF + logistic "
                             "regression baseline on the same labels")
    parser.add_argument("--folds", type=int, default=5, metavar="K",
                        help="--baseline: cross-validation folds (default 5)")
    parser.add_argument("--n-boot", type=int, default=N_BOOT, metavar="B",
                        help=f"bootstrap resamples for intervals (default {N_BOOT}; 0: none)")


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    """``--model`` / ``--no-model`` into ``args.model`` (None when neither is given): the
    ``model`` parameter of :func:`evaluate` and :func:`framing.agreement.agreement`."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--model", action="store_true", default=None,
                       help="require the lexicon's shipped sentence model (ai_race) beside its "
                            "patterns: a sentence counts when either finds the category "
                            "(default: used when the lexicon has one, as framing score does)")
    which.add_argument("--no-model", dest="model", action="store_false", default=None,
                       help="the lexicon's patterns alone")


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Run ``framing evaluate`` from parsed arguments; print the report, write tables."""
    from framing.tables import table_format, write_table

    for target in (args.out, args.misses_out):
        if target is not None:
            table_format(target)
    if args.misses < 0:
        raise ParameterError(f"--misses must be >= 0. Got {args.misses}.")
    if args.baseline == "tfidf":
        ignored = [flag for flag, value in (("--lexicon", args.lexicon), ("--task", args.task),
                                            ("--unit", args.unit),
                                            ("--present-min", args.present_min),
                                            ("--model", args.model))
                   if value is not None]
        if args.misses_out is not None:
            ignored.append("--misses-out (it lists no misses)")
        if ignored:
            raise ParameterError(f"--baseline tfidf fits its own classifier on the labels; it "
                                 f"takes no {', '.join(ignored)}.")
        report = tfidf_baseline(args.file, folds=args.folds, split=args.split,
                                n_boot=args.n_boot, text_col=args.text_col,
                                group_by=args.group_by)
    else:
        report = evaluate(args.file, task=args.task, lexicon=args.lexicon, split=args.split,
                          unit=args.unit, present_min=args.present_min, text_col=args.text_col,
                          n_boot=args.n_boot, model=args.model, group_by=args.group_by)
    print(report.to_text(misses=args.misses))
    if args.out is not None:
        write_table(report.table, args.out)
    if args.misses_out is not None:
        write_table(report.misses, args.misses_out)
    written = [p for p in (args.out, args.misses_out) if p]
    if written:
        print(f"framing: wrote {', '.join(written)}", file=sys.stderr)
    return 0
