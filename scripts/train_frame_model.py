"""Train the ai_race sentence model (framing.frame_model) and measure it on writers it never saw.

    .venv/bin/python scripts/train_frame_model.py              # measure, then rebuild the artifact
    .venv/bin/python scripts/train_frame_model.py --no-write   # measure only
    .venv/bin/python scripts/train_frame_model.py --lexicon-at b5=/tmp/r5.yaml   # fresh-writer
        # union with the lexicon as it was before that writer (see docs/lexicons.md)

Reads evaluation/ai_race_sentences.tsv (labelled sentences by fifteen writers), and two kinds of
frame-free negatives: evaluation/ai_race_topical_negatives.tsv (sentences about the AI and chip
story that carry no frame) and the NYT and NFC texts of ../shared/eval (news without the topic;
training time only: the package never reads ../shared at run time). Writes
framing/data/ai_race_model.npz + .json.
Deterministic: same data, same artifact.

Protocol:
  * Features: TF-IDF of words and word pairs, sublinear tf, fitted on the labelled sentences of
    the training part; one balanced logistic regression per frame, C = 10, threshold 0.5.
    Chosen by the mean fresh-writer union F1 (below, with the lexicon revision each writer had
    not seen) over: words 1-2 / 1-3 / 1 / characters 2-5; C 3 / 10 / 30; min_df 1 / 2;
    2,000 / 5,000 background negatives; threshold 0.5-0.8 (docs/lexicons.md, "Sentence model").
  * Background: the NYT and NFC articles, shuffled with seed 7, cut in two halves by article.
    The first BACKGROUND sentences of half A are negatives in every training set; half B is never
    trained on and measures how often the model fires on news that carries no AI-race frame.
  * Topical negatives: every row of ai_race_topical_negatives.tsv is a negative in every training
    set. They teach the model that the story's topic words (chips, export controls, hedge fund,
    government) carry no frame by themselves, which real coverage needs and the labelled
    sentences, written to carry frames, under-teach.
  * Fresh writer: for each blind writer (bl, b2 … c4, in the order they wrote), a model trained on
    the writers before them is scored on all 200 of their sentences, alone and in union with a
    lexicon (``--lexicon-at WRITER=PATH``: the revision that had not seen them; default: shipped).
  * Held-out check: the same recipe trained on every row but the held-out halves (``test`` and
    ``blind*_test``), which are then scored alone and in union with the shipped lexicon.
  * Shipped: the same recipe trained on every labelled row. Its quality is what the two checks
    above measure; ``framing evaluate --model`` on the labels file is in-sample and says so.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import platform
import random
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.document import prepare
from framing.evaluate import count_fired, label_sets_table, prf
from framing.frame_model import FrameModel
from framing.lexicon import load_lexicon
from framing.training_texts import write_fingerprints

LABELS = ROOT / "evaluation" / "ai_race_sentences.tsv"
TOPICAL_NEGATIVES = ROOT / "evaluation" / "ai_race_topical_negatives.tsv"
EVAL_DIR = ROOT.parent / "shared" / "eval"
OUT = ROOT / "framing" / "data" / "ai_race_model.npz"
LEXICON = "ai_race"
# id prefixes, in the order the sets were written (c0 … c4: the tenth to fourteenth blind writers)
WRITERS = ("ar", "bl", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "c0", "c1", "c2", "c3",
           "c4")
C = 10.0
THRESHOLD = 0.5
MIN_DF = 1
BACKGROUND = 2000
BACKGROUND_SEED = 7


def background_halves(eval_dir: Path) -> tuple[list[str], list[str]]:
    """Sentences of the NYT and NFC articles, by article into halves A (train) and B (check)."""
    nyt = pd.read_csv(eval_dir / "sentiment" / "nyt_dev.tsv", sep="\t", quoting=csv.QUOTE_NONE)
    nfc = pd.read_csv(eval_dir / "frames" / "nfc_dev.tsv", sep="\t")
    docs = list(nyt["text"].astype(str)) + list(nfc["text"].astype(str))
    random.Random(BACKGROUND_SEED).shuffle(docs)

    def sentences(texts: list[str]) -> list[str]:
        out = []
        for text in texts:
            out += [text[s:e] for s, e in prepare(text).sentences]
        return out

    half = len(docs) // 2
    return sentences(docs[:half]), sentences(docs[half:])


def topical_negatives(path: Path) -> list[str]:
    """The frame-free sentences about the story (``text`` column of a TSV)."""
    frame = pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, keep_default_na=False)
    if "text" not in frame.columns:
        sys.exit(f"train_frame_model: {path} needs a 'text' column; got columns "
                 f"{list(frame.columns)}")
    empty = frame.index[frame["text"].str.strip() == ""]
    if len(empty):
        sys.exit(f"train_frame_model: {path} has {len(empty)} empty text cells (first at data "
                 f"row {empty[0] + 1}); expected one sentence per row")
    return frame["text"].tolist()


def fit(texts: list[str], labels: np.ndarray, negatives: list[str], categories: list[str],
        settings: dict) -> FrameModel:
    """One model: vocabulary and idf from ``texts``, classifiers on ``texts`` + ``negatives``
    (frame-free sentences)."""
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=MIN_DF)
    x = vectorizer.fit_transform(texts)
    if negatives:
        import scipy.sparse as sp

        x = sp.vstack([x, vectorizer.transform(negatives)]).tocsr()
        labels = np.vstack([labels, np.zeros((len(negatives), labels.shape[1]), bool)])
    estimators = [LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
                  .fit(x, labels[:, j]) for j in range(len(categories))]
    return FrameModel.from_sklearn(LEXICON, categories, vectorizer, estimators, THRESHOLD,
                                   settings)


def label_matrix(cells: pd.Series, categories: list[str]) -> np.ndarray:
    """Bool ``(rows, categories)``: which of ``categories`` each comma-separated cell names."""
    return label_sets_table(cells).reindex(columns=categories, fill_value=False).to_numpy()


def lexicon_flags(source: str, texts: list[str], categories: list[str]) -> np.ndarray:
    """Bool ``(texts, categories)``: each text read as one sentence, as framing evaluate reads
    it."""
    return count_fired(load_lexicon(source), texts, categories)[0] >= 1


def micro(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    """Micro-averaged (F1, precision, recall) over every category cell."""
    p, r, f = prf((pred & gold).sum(), (pred & ~gold).sum(), (~pred & gold).sum())
    return f, p, r


def line(label: str, lexicon: np.ndarray, model: np.ndarray, gold: np.ndarray) -> dict:
    figures = {name: micro(pred, gold) for name, pred in
               (("lexicon", lexicon), ("model", model), ("union", lexicon | model))}
    print(f"  {label:<17}" + "  ".join(f"{name} {f:.3f} (P {p:.3f} R {r:.3f})"
                                      for name, (f, p, r) in figures.items()))
    return {name: round(f, 4) for name, (f, _, _) in figures.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    ap.add_argument("--negatives", type=Path, default=TOPICAL_NEGATIVES,
                    help="frame-free sentences about the story (a TSV with a text column)")
    ap.add_argument("--no-negatives", action="store_true",
                    help="train without the topical negatives (to measure what they add)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-write", action="store_true", help="measure only")
    ap.add_argument("--texts-only", action="store_true",
                    help="only write the fingerprints of the training texts beside --out "
                         "(framing.training_texts), from the same inputs")
    ap.add_argument("--lexicon-at", action="append", default=[], metavar="WRITER=PATH",
                    help="fresh-writer union with this lexicon file for that writer")
    args = ap.parse_args()
    lexicon_at = dict(item.split("=", 1) for item in args.lexicon_at)

    rows = pd.read_csv(args.labels, sep="\t", keep_default_na=False)
    writer = rows["id"].str[:2].to_numpy()
    unknown = sorted(set(writer) - set(WRITERS))
    if unknown:
        sys.exit(f"train_frame_model: rows with unknown writer prefixes {unknown}; expected "
                 f"{WRITERS}")
    categories = [c.id for c in load_lexicon(LEXICON).categories]
    gold = label_matrix(rows["frames"], categories)
    texts = rows["text"].tolist()
    bg_train, bg_check = background_halves(args.eval_dir)
    bg_train = bg_train[:BACKGROUND]
    topical = [] if args.no_negatives else topical_negatives(args.negatives)
    print(f"{len(rows)} labelled sentences; {len(topical)} topical negatives; background: "
          f"{len(bg_train)} training negatives, {len(bg_check)} held-out sentences for the "
          "firing check")
    negatives = bg_train + topical  # in every training set
    if args.texts_only:
        print(f"wrote {write_fingerprints(args.out, texts + negatives)}")
        return

    figures: dict = {"fresh_writer": {}, "held_out": {}}
    print("fresh writer (trained on the writers before; all 200 of theirs scored):")
    for k, w in enumerate(WRITERS[1:], 1):
        train = np.isin(writer, WRITERS[:k])
        test = writer == w
        model = fit([t for t, keep in zip(texts, train) if keep], gold[train], negatives,
                    categories, {})
        test_texts = [t for t, keep in zip(texts, test) if keep]
        lex = lexicon_flags(lexicon_at.get(w, LEXICON), test_texts, categories)
        figures["fresh_writer"][w] = {
            **line(f"{w}{' (lexicon at)' if w in lexicon_at else ''}", lex,
                   model.flags(test_texts), gold[test]),
            "lexicon_file": Path(lexicon_at[w]).name if w in lexicon_at else "shipped"}

    held_out = rows["split"].str.endswith("test").to_numpy()
    check = fit([t for t, keep in zip(texts, ~held_out) if keep], gold[~held_out], negatives,
                categories, {})
    print("held-out check: the same recipe trained without the held-out halves, scored on them "
          "with the shipped lexicon:")
    splits = rows["split"].to_numpy()
    for name in sorted(set(splits[held_out])):
        keep = splits == name
        part = [t for t, s in zip(texts, keep) if s]
        figures["held_out"][name] = line(name, lexicon_flags(LEXICON, part, categories),
                                         check.flags(part), gold[keep])

    settings = {
        "trained_on": {
            "labels": args.labels.name,
            "labels_sha256": hashlib.sha256(args.labels.read_bytes()).hexdigest(),
            "rows": len(rows),
            "rows_left_out": "none: the figures come from the fresh-writer and held-out checks, "
                             "which refit the same recipe without the rows they score",
            "topical_negatives": {
                "file": args.negatives.name, "rows": len(topical),
                "sha256": hashlib.sha256(args.negatives.read_bytes()).hexdigest()}
            if topical else None,
            "background_negatives": len(bg_train),
            "background": f"NYT + NFC dev articles, shuffled with seed {BACKGROUND_SEED}, "
                          "first half, first sentences",
        },
        "features": {"ngram_range": [1, 2], "sublinear_tf": True, "min_df": MIN_DF},
        "classifier": {"kind": "logistic regression, one per category", "C": C,
                       "class_weight": "balanced"},
        "versions": {"scikit-learn": sklearn.__version__, "python": platform.python_version()},
    }
    model = fit(texts, gold, negatives, categories, settings)
    print(f"shipped model: every labelled row, {len(model.terms)} terms")
    fired_model = model.flags(bg_check).sum(axis=0)
    fired_lexicon = lexicon_flags(LEXICON, bg_check, categories).sum(axis=0)
    figures["background_check"] = {
        "sentences": len(bg_check),
        "model": dict(zip(categories, map(int, fired_model))),
        "lexicon": dict(zip(categories, map(int, fired_lexicon))),
    }
    print(f"background check, {len(bg_check)} sentences never trained on: model flags "
          f"{int(fired_model.sum())} (category-sentences), lexicon {int(fired_lexicon.sum())}")
    print("  model:  ", figures["background_check"]["model"])
    if not args.no_write:
        model.settings["figures"] = figures
        model.save(args.out)
        write_fingerprints(args.out, texts + negatives)  # what the shipped model was fitted on
        print(f"wrote {args.out} and {args.out.with_suffix('.json').name}")


if __name__ == "__main__":
    main()
