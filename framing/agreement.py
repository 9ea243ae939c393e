"""Agreement between two codings of the same rows: ``framing agree A B``.

Before a lexicon's F1 against one coder means much, a researcher needs to know how far two careful
human coders agree on the same sentences: that agreement is the ceiling a lexicon can be held to,
and the inter-coder reliability a publication reports. Per category (each one a yes/no decision
per row) this module reports the 2x2 counts, percent agreement, Cohen's kappa (Cohen 1960),
Krippendorff's alpha for nominal data with two coders and no missing values (Krippendorff 2011,
"Computing Krippendorff's alpha-reliability") and the F1 of one coder against the other (F1 is
symmetric in the two coders). Summary rows give micro F1 (pooled counts), mean kappa and the share
of rows whose whole label sets agree, each micro F1 and mean kappa with a percentile bootstrap
interval over rows.

With a lexicon, the lexicon is a third coder: its agreement with each human is reported beside
the humans' agreement with each other, so a lexicon at F1 0.75 against coder A can be read
against coder B's F1 against coder A. As in ``framing evaluate``, a lexicon that ships a sentence
model (:func:`framing.frame_model.model_for`) is joined by it unless ``model=False``.

Files are read as :func:`framing.evaluate.read_labelled` reads them, except that a coder's file
needs no ``text`` column: an ``id`` column and either a ``labels``/``frames`` column of
comma-separated category ids or one 0/1 column per category. Rows are paired by id; ids in only
one file (a second coder who coded a reliability subsample) are left out, and the report says
how many.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError, ParameterError
from framing.evaluate import (
    _META_COLUMNS,
    CI_LEVEL,
    N_BOOT,
    SEED,
    _bool_columns,
    _is_binary_column,
    _read_frame,
    _sentence_model,
    add_model_arguments,
    count_fired,
    frame_model_trained_on,
    label_sets_table,
    prf,
)
from framing.lexicon import Lexicon, load_lexicon

__all__ = ["AgreementReport", "Coding", "add_arguments", "agreement", "cmd_agree",
           "cohen_kappa", "krippendorff_alpha", "read_coding"]


@dataclass
class Coding:
    """One coder's labels: ids in file order, a bool table (rows x categories), texts if given."""

    path: Path
    ids: list[str]
    labels: pd.DataFrame
    texts: list[str] | None = None
    splits: list[str] | None = None
    wide: bool = False  # one 0/1 column per category: a category without a column is uncoded


def read_coding(path: str | Path, *, id_col: str = "id", text_col: str = "text") -> Coding:
    """Read a coder's file: ``id`` plus a ``labels``/``frames`` column or 0/1 columns."""
    path = Path(path)
    frame = _read_frame(path)
    cols = list(frame.columns)
    if id_col not in cols:
        raise InputError(f"Coding file '{path}' must have an '{id_col}' column to pair its rows "
                         f"with the other coder's. Got columns {cols}.")
    ids = frame[id_col].astype(str).str.strip().tolist()
    seen: set[str] = set()
    dupes = sorted({i for i in ids if i in seen or seen.add(i)})
    if dupes:
        raise InputError(f"Coding file '{path}' repeats id(s) {dupes[:5]}; each row must have its "
                         f"own id.")
    label_col = next((c for c in ("labels", "frames", "categories") if c in cols), None)
    if label_col is not None:
        labels = label_sets_table(frame[label_col])
    else:
        wide = [c for c in cols if c not in _META_COLUMNS and c not in (id_col, text_col)
                and _is_binary_column(frame[c])]
        if not wide:
            raise InputError(f"Coding file '{path}' needs a 'labels' (or 'frames') column of "
                             f"comma-separated category ids, or one 0/1 column per category. "
                             f"Got columns {cols}.")
        labels, complete = _bool_columns(frame, {c: c for c in wide}, ids, [])
        if not complete.all():
            missing = [i for i, ok in zip(ids, complete) if not ok]
            raise InputError(f"Every row of '{path}' must be coded 0 or 1 in each category "
                             f"column. Got empty cells in row(s) {missing[:5]}.")
        labels = labels.reset_index(drop=True)
    texts = frame[text_col].astype(str).tolist() if text_col in cols else None
    splits = frame["split"].astype(str).tolist() if "split" in cols else None
    return Coding(path, ids, labels, texts, splits, wide=label_col is None)


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two boolean vectors; nan when chance agreement is 1 (one value only)."""
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    po = float(np.mean(a == b))
    pa, pb = float(a.mean()), float(b.mean())
    pe = pa * pb + (1 - pa) * (1 - pb)
    return float("nan") if pe == 1 else (po - pe) / (1 - pe)


def krippendorff_alpha(a: np.ndarray, b: np.ndarray) -> float:
    """Krippendorff's alpha, nominal, two coders, no missing values; nan when both coders used
    one value only. ``1 - (2N - 1)(disagreements) / (n_0 n_1)`` with n_v the values' counts."""
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    n = len(a)
    n1 = int(a.sum() + b.sum())
    n0 = 2 * n - n1
    if n0 == 0 or n1 == 0:
        return float("nan")
    return 1 - (2 * n - 1) * int((a != b).sum()) / (n0 * n1)


@dataclass
class AgreementReport:
    """What :func:`agreement` measured: ``categories`` (per category, the two human coders),
    ``pairs`` (one summary row per pair of coders) and ``disagreements`` (rows the humans split on)."""

    a: str
    b: str
    n: int
    categories: pd.DataFrame
    pairs: pd.DataFrame
    disagreements: pd.DataFrame
    lexicon: str = ""
    notes: list[str] = field(default_factory=list)

    def to_text(self, disagreements: int = 10, width: int = 110) -> str:
        """A plain-text report: header, the per-category table, the pair summary, disagreements."""
        lines = [f"framing agree: {self.n:,} rows coded in both files",
                 f"  A: {self.a}", f"  B: {self.b}"]
        if self.lexicon:
            lines.append(f"  lexicon: {self.lexicon} (a third coder, matched per row as one "
                         f"sentence, as framing evaluate does)")
        for note in self.notes:
            lines.append(f"  note: {note}")
        with pd.option_context("display.width", width, "display.max_columns", 30,
                               "display.max_rows", 200, "display.float_format", "{:.3f}".format):
            lines += ["", "per category, A vs B:", self.categories.to_string(index=False),
                      "", "per pair of coders:", self.pairs.to_string(index=False)]
        if disagreements and len(self.disagreements):
            shown = f"up to {disagreements} of {len(self.disagreements)}"
            lines += ["", f"rows A and B code differently ({shown}):"]
            for row in self.disagreements.head(disagreements).itertuples(index=False):
                line = f"  {row.id}: A [{row.a}] B [{row.b}]"
                if isinstance(row.text, str) and row.text:
                    text = " ".join(row.text.split())
                    line += "\n    " + (text if len(text) <= width else text[: width - 1] + "…")
                lines.append(line)
        return "\n".join(lines)


def _pair_row(name: str, x: np.ndarray, y: np.ndarray, n_boot: int,
              rng: np.random.Generator) -> dict:
    """Micro F1, mean kappa and exact-match share of two (rows x categories) bool arrays."""
    def stats(rows: np.ndarray) -> tuple[float, float]:
        xs, ys = x[rows], y[rows]
        tp, fp, fn = (xs & ys).sum(), (~xs & ys).sum(), (xs & ~ys).sum()
        kappas = [cohen_kappa(xs[:, j], ys[:, j]) for j in range(x.shape[1])]
        return prf(tp, fp, fn)[2], float(np.nanmean(kappas)) if not np.all(np.isnan(kappas)) \
            else float("nan")

    every = np.arange(len(x))
    f1, kappa = stats(every)
    row = {"pair": name, "micro_f1": f1, "mean_kappa": kappa,
           "exact_match": float(np.mean((x == y).all(axis=1)))}
    if n_boot:
        boot = np.array([stats(rng.integers(0, len(x), len(x))) for _ in range(n_boot)])
        lo, hi = np.nanpercentile(boot, [50 * (1 - CI_LEVEL), 50 * (1 + CI_LEVEL)], axis=0)
        row.update(f1_ci_low=lo[0], f1_ci_high=hi[0], kappa_ci_low=lo[1], kappa_ci_high=hi[1])
    return row


def agreement(
    a: str | Path,
    b: str | Path,
    *,
    lexicon: str | Path | Lexicon | None = None,
    split: str | None = None,
    id_col: str = "id",
    text_col: str = "text",
    n_boot: int = N_BOOT,
    seed: int = SEED,
    model: bool | None = None,
) -> AgreementReport:
    """Agreement of two codings of the same rows, per category and overall (module docstring).

    ``lexicon`` (a shipped name, a path or a Lexicon) adds the lexicon as a third coder; it needs
    the texts, from a ``text`` column of either file. ``model``, as in ``framing evaluate``:
    None joins the lexicon's shipped sentence model to it when it has one, True requires one,
    False compares the patterns alone. ``split`` keeps the rows of that value of a ``split``
    column (in either file).
    """
    if not isinstance(n_boot, int) or isinstance(n_boot, bool) or n_boot < 0:
        raise ParameterError(f"The 'n_boot' parameter of agreement must be an int >= 0. "
                             f"Got {n_boot!r}.")
    if model not in (None, True, False):
        raise ParameterError(f"The 'model' parameter of agreement must be None, True or False. "
                             f"Got {model!r}.")
    ca, cb = read_coding(a, id_col=id_col, text_col=text_col), read_coding(
        b, id_col=id_col, text_col=text_col)
    if split is not None:
        holder = next((c for c in (ca, cb) if c.splits is not None), None)
        if holder is None:
            raise ParameterError(f"split={split!r} needs a 'split' column; neither '{ca.path}' "
                                 f"nor '{cb.path}' has one.")
        values = sorted(set(holder.splits))
        if split not in values:
            raise ParameterError(f"The 'split' parameter of agreement must be one of {values} "
                                 f"for '{holder.path}'. Got {split!r}.")
        chosen = {i for i, s in zip(holder.ids, holder.splits) if s == split}
        ca, cb = (_subset(c, [k for k, i in enumerate(c.ids) if i in chosen]) for c in (ca, cb))
    in_b = set(cb.ids)
    shared = [i for i in ca.ids if i in in_b]
    if not shared:
        raise InputError(f"The two codings share no id: '{ca.path}' has {ca.ids[:3]}…, "
                         f"'{cb.path}' has {cb.ids[:3]}…. Rows are paired by the "
                         f"'{id_col}' column.")
    notes = []
    left_out = [(c.path, len(c.ids) - len(shared)) for c in (ca, cb) if len(c.ids) > len(shared)]
    for path, n_out in left_out:  # e.g. a second coder who coded a reliability subsample
        notes.append(f"{n_out:,} id(s) of '{path}' are not in the other file and are left out; "
                     f"compared: the {len(shared):,} ids in both")
    ca = _subset(ca, [k for k, i in enumerate(ca.ids) if i in in_b])
    order = {i: k for k, i in enumerate(cb.ids)}
    b_rows = [order[i] for i in ca.ids]
    cats = sorted(set(ca.labels.columns) | set(cb.labels.columns))
    for one, other in ((ca, cb), (cb, ca)):
        uncoded = [c for c in other.labels.columns if c not in one.labels.columns]
        if one.wide and uncoded:
            raise InputError(f"'{one.path}' has no column for {uncoded}, which '{other.path}' "
                             f"codes: a file of 0/1 columns needs one per category (or a "
                             f"'labels' column listing the categories of each row).")
    by_case: dict[str, list[str]] = defaultdict(list)
    for c in cats:
        by_case[c.lower()].append(c)
    clashes = [names for names in by_case.values() if len(names) > 1]
    if clashes:
        notes.append(f"categories that differ only in case are counted apart: {clashes}")
    lex_obj: Lexicon | None = None
    if lexicon is not None:
        lex_obj = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
        lex_cats = {c.id for c in lex_obj.categories}
        unknown = [c for c in cats if c not in lex_cats]
        if unknown:
            raise ParameterError(f"The codings use categories {unknown} that lexicon "
                                 f"'{lex_obj.name}' does not define (it has {sorted(lex_cats)}).")
        cats = sorted(lex_cats)  # a category neither coder used still counts, for the lexicon
    sentence_model = None if lex_obj is None or model is False else _sentence_model(
        lex_obj, "categories", required=model is True)
    x = np.column_stack([ca.labels[c].to_numpy(bool) if c in ca.labels else
                         np.zeros(len(ca.ids), bool) for c in cats])
    y = np.column_stack([cb.labels[c].to_numpy(bool)[b_rows] if c in cb.labels else
                         np.zeros(len(ca.ids), bool) for c in cats])
    texts = ca.texts if ca.texts is not None else (
        [cb.texts[k] for k in b_rows] if cb.texts is not None else None)

    rows = []
    for j, c in enumerate(cats):
        xa, yb = x[:, j], y[:, j]
        rows.append({"category": c, "n_a": int(xa.sum()), "n_b": int(yb.sum()),
                     "both": int((xa & yb).sum()), "a_only": int((xa & ~yb).sum()),
                     "b_only": int((~xa & yb).sum()), "neither": int((~xa & ~yb).sum()),
                     "agree": float(np.mean(xa == yb)), "kappa": cohen_kappa(xa, yb),
                     "alpha": krippendorff_alpha(xa, yb),
                     "f1": prf((xa & yb).sum(), (~xa & yb).sum(), (xa & ~yb).sum())[2]})
    table = pd.DataFrame(rows)
    for c in ("n_a", "n_b", "both", "a_only", "b_only", "neither"):
        table[c] = table[c].astype("Int64")
    unused = [r["category"] for r in rows if not r["n_a"] and not r["n_b"]]
    if unused:
        notes.append(f"no coder used {unused}: kappa and alpha undefined there (nan), "
                     f"left out of the mean kappa")

    rng = np.random.default_rng(seed)
    pairs = [_pair_row("A vs B", x, y, n_boot, rng)]
    if lex_obj is not None:
        if texts is None:
            raise InputError(f"A lexicon as third coder needs the texts: a '{text_col}' column "
                             f"in '{ca.path}' or '{cb.path}'. Got none.")
        # each text read as one sentence, predicted exactly as framing evaluate predicts it
        pred = count_fired(lex_obj, texts, cats, unit="sentence", model=sentence_model)[0] >= 1
        if sentence_model is not None:
            # by file for each coder; by text once (the rows are the same texts)
            notes += [note for note in (frame_model_trained_on(sentence_model, ca.path, texts),
                                        frame_model_trained_on(sentence_model, cb.path))
                      if note]
        pairs.append(_pair_row("lexicon vs A", x, pred, n_boot, rng))
        pairs.append(_pair_row("lexicon vs B", y, pred, n_boot, rng))
    if n_boot:
        notes.append(f"CIs: {CI_LEVEL:.0%} percentile bootstrap over {len(x):,} rows, "
                     f"{n_boot} resamples")

    differ = np.flatnonzero((x != y).any(axis=1))
    disagreements = pd.DataFrame({
        "id": [ca.ids[i] for i in differ],
        "a": [",".join(c for c, v in zip(cats, x[i]) if v) for i in differ],
        "b": [",".join(c for c, v in zip(cats, y[i]) if v) for i in differ],
        "text": [texts[i] if texts is not None else "" for i in differ],
    }, columns=["id", "a", "b", "text"])
    return AgreementReport(str(ca.path), str(cb.path), len(x), table, pd.DataFrame(pairs),
                           disagreements, notes=notes, lexicon="" if lex_obj is None else
                           lex_obj.name + (" + sentence model" if sentence_model else ""))


def _subset(coding: Coding, rows: list[int]) -> Coding:
    """The coding restricted to ``rows`` (positions), in their order."""
    def pick(values: list[str] | None) -> list[str] | None:
        return None if values is None else [values[k] for k in rows]

    return Coding(coding.path, [coding.ids[k] for k in rows],
                  coding.labels.iloc[rows].reset_index(drop=True), pick(coding.texts),
                  pick(coding.splits))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``framing agree`` (to add to its subparser)."""
    parser.add_argument("a", metavar="A", help="first coder's file (.tsv/.csv/.jsonl/.parquet): "
                        "id plus a 'labels'/'frames' column or one 0/1 column per category")
    parser.add_argument("b", metavar="B", help="second coder's file, same ids")
    parser.add_argument("--lexicon", metavar="PATH_OR_NAME",
                        help="also compare a lexicon with each coder (needs a text column)")
    add_model_arguments(parser)
    parser.add_argument("--split", metavar="NAME",
                        help="compare only rows of this value of a 'split' column")
    parser.add_argument("--id-col", default="id", metavar="COL", help="id column (default: id)")
    parser.add_argument("--text-col", default="text", metavar="COL",
                        help="text column, in either file (default: text)")
    parser.add_argument("--disagreements", type=int, default=10, metavar="N",
                        help="how many rows the coders split on to print (default 10; 0: none)")
    parser.add_argument("--out", metavar="FILE",
                        help="write the per-category table (.csv .tsv .parquet .jsonl)")
    parser.add_argument("--n-boot", type=int, default=N_BOOT, metavar="B",
                        help=f"bootstrap resamples for intervals (default {N_BOOT}; 0: none)")


def cmd_agree(args: argparse.Namespace) -> int:
    """Run ``framing agree`` from parsed arguments; print the report, write the table."""
    from framing.tables import table_format, write_table

    if args.out is not None:
        table_format(args.out)
    if args.disagreements < 0:
        raise ParameterError(f"--disagreements must be >= 0. Got {args.disagreements}.")
    report = agreement(args.a, args.b, lexicon=args.lexicon, split=args.split, id_col=args.id_col,
                       text_col=args.text_col, n_boot=args.n_boot, model=args.model)
    print(report.to_text(disagreements=args.disagreements))
    if args.out is not None:
        write_table(report.categories, args.out)
        print(f"framing: wrote {args.out}", file=sys.stderr)
    return 0
