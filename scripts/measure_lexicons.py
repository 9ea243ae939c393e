"""Measure the shipped lexicons against human labels.

    .venv/bin/python scripts/measure_lexicons.py                 # everything
    .venv/bin/python scripts/measure_lexicons.py --only ai_race --errors dev

* ai_race: per-frame precision / recall / F1 and micro / macro F1 on evaluation/ai_race_sentences.tsv,
  dev and test splits, sentence level (a frame is predicted when any of its patterns fires).
* hedge: F1 of the `uncertain` class on shared/eval/hedging/wikiweasel.tsv; a sentence is predicted
  uncertain when at least one `stance:hedge` match fires.
* generic: per-frame F1 and macro F1 on shared/eval/frames/nfc_dev.tsv, article level: a frame is
  present when it fires in >= the lexicon's `present_min_sentences` sentences.

Measuring logic is deliberately small; `framing evaluate` is the user-facing command.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.lexicon import load_lexicon
from framing.matcher import Matcher
from framing.text import split_sentences

EVAL = Path(os.environ.get("FRAMING_EVAL_DIR", "/work/shared/eval"))
AI_RACE_TSV = ROOT / "evaluation" / "ai_race_sentences.tsv"
NFC_COLUMNS = {"RE": "resolution", "HI": "human_interest", "CO": "conflict", "MO": "morality",
               "EC": "economic"}


def read_tsv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", keep_default_na=False, quoting=3)


def sentence_categories(matcher: Matcher, text: str) -> list[set[str]]:
    """The categories that fire in each sentence of ``text``."""
    spans = split_sentences(text)
    found: list[set[str]] = [set() for _ in spans]
    for m in matcher.find(text, spans):
        found[m.sentence_index].add(m.category)
    return found


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def print_table(rows: list[tuple], header: tuple) -> None:
    print("  " + "  ".join(f"{h:>8}" if i else f"{h:<28}" for i, h in enumerate(header)))
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            if i == 0:
                cells.append(f"{v:<28}")
            elif isinstance(v, float):
                cells.append(f"{v:>8.3f}")
            else:
                cells.append(f"{v!s:>8}")
        print("  " + "  ".join(cells))


def measure_ai_race(show_errors: str | None) -> None:
    lex = load_lexicon("ai_race")
    matcher = Matcher([lex])
    cats = [c.id for c in lex.categories]
    data = read_tsv(AI_RACE_TSV)
    for split in ("dev", "test"):
        part = data[data["split"] == split]
        counts = {c: Counter() for c in cats}
        errors = []
        for row in part.itertuples():
            gold = {f for f in row.frames.split(",") if f}
            pred = set().union(*sentence_categories(matcher, row.text))
            for c in cats:
                key = ("tp" if c in pred else "fn") if c in gold else ("fp" if c in pred else "tn")
                counts[c][key] += 1
            if gold != pred:
                errors.append((row.id, sorted(gold - pred), sorted(pred - gold), row.text))
        rows, fs = [], []
        for c in cats:
            k = counts[c]
            p, r, f = prf(k["tp"], k["fp"], k["fn"])
            fs.append(f)
            rows.append((c, k["tp"] + k["fn"], p, r, f))
        tp = sum(counts[c]["tp"] for c in cats)
        fp = sum(counts[c]["fp"] for c in cats)
        fn = sum(counts[c]["fn"] for c in cats)
        mp, mr, mf = prf(tp, fp, fn)
        print(f"\nai_race frames, {split} split ({len(part)} sentences), sentence level")
        print_table(rows + [("micro", tp + fn, mp, mr, mf),
                            ("macro", "", sum(r[2] for r in rows) / len(rows),
                             sum(r[3] for r in rows) / len(rows), sum(fs) / len(fs))],
                    ("frame", "n_pos", "P", "R", "F1"))
        if show_errors == split:
            print(f"\n  errors on {split} (id, missed, spurious, text):")
            for e in errors:
                print(f"  {e[0]}  miss={','.join(e[1]) or '-'}  extra={','.join(e[2]) or '-'}  {e[3]}")


def measure_hedge(show_errors: bool) -> None:
    lex = load_lexicon("stance")
    matcher = Matcher([lex])
    data = read_tsv(EVAL / "hedging" / "wikiweasel.tsv")
    tp = fp = fn = 0
    fps, fns = Counter(), []
    for row in data.itertuples():
        text = row.text
        spans = [(0, len(text))]  # the corpus is already one sentence per row
        hits = [m for m in matcher.find(text, spans) if m.category == "hedge"]
        pred, gold = bool(hits), row.uncertain == 1
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
        if pred and not gold:
            for m in hits:
                fps[m.pattern + "=" + text[m.start:m.end].lower()] += 1
        if gold and not pred:
            fns.append(row.cues)
    p, r, f = prf(tp, fp, fn)
    print(f"\nhedge on WikiWeasel ({len(data)} sentences, {int((data.uncertain == 1).sum())} uncertain)")
    print_table([("hedge -> uncertain", tp + fn, p, r, f)], ("class", "n_pos", "P", "R", "F1"))
    if show_errors:
        print("  most frequent false-positive matches:", fps.most_common(40))
        miss = Counter(c.lower() for cues in fns for c in cues.split("|") if c)
        print("  most frequent missed cues:", miss.most_common(40))


def measure_generic(show_errors: bool, present_min: list[int] | None = None) -> None:
    lex = load_lexicon("generic")
    matcher = Matcher([lex])
    for need in present_min or [lex.present_min_sentences]:
        _measure_generic(matcher, need)


def _measure_generic(matcher: Matcher, need: int) -> None:
    data = read_tsv(EVAL / "frames" / "nfc_dev.tsv")
    data = data[data["RE"].isin(["True", "False"])]  # one row has no labels
    counts = {c: Counter() for c in NFC_COLUMNS.values()}
    for row in data.itertuples():
        per_sentence = sentence_categories(matcher, row.text)
        n = Counter(c for cats in per_sentence for c in cats)
        for col, c in NFC_COLUMNS.items():
            gold = str(getattr(row, col)).startswith("True")
            pred = n[c] >= need
            counts[c][("tp" if pred else "fn") if gold else ("fp" if pred else "tn")] += 1
    rows = []
    for c, k in counts.items():
        rows.append((c, k["tp"] + k["fn"], *prf(k["tp"], k["fp"], k["fn"])))
    macro = sum(r[4] for r in rows) / len(rows)
    print(f"\ngeneric frames on NFC dev ({len(data)} articles), article level, "
          f"present when >= {need} sentences")
    print_table(rows + [("macro", "", sum(r[2] for r in rows) / 5, sum(r[3] for r in rows) / 5, macro)],
                ("frame", "n_pos", "P", "R", "F1"))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=["ai_race", "hedge", "generic"], action="append")
    ap.add_argument("--errors", choices=["dev", "test"], help="list ai_race errors on a split "
                    "(and hedge false positives / missed cues)")
    ap.add_argument("--present-min", type=int, nargs="+", help="generic: try these "
                    "present_min_sentences values instead of the lexicon's own")
    args = ap.parse_args(argv)
    only = set(args.only or ["ai_race", "hedge", "generic"])
    if "ai_race" in only:
        measure_ai_race(args.errors)
    if "hedge" in only:
        measure_hedge(args.errors is not None)
    if "generic" in only:
        measure_generic(args.errors is not None, args.present_min)


if __name__ == "__main__":
    main()
