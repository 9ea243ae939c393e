"""Train the news-tone model (framing.tone) and measure it by grouped cross-validation.

    .venv/bin/python scripts/train_news_tone.py            # nested CV + rebuild the artifact
    .venv/bin/python scripts/train_news_tone.py --no-cv    # rebuild only (hyper-parameters by CV)

Reads ../shared/eval/sentiment/ (never shipped, never read by the package at run time) and
writes framing/data/news_tone.npz + .json. Deterministic: same data, same artifact.

Protocol (docs/news-tone.md):
  * NYT dev sentences are grouped by article (the part of ``id`` before ``_``); tweets,
    movie and Amazon sentences are in every training fold and never scored.
  * Outer loop: GroupKFold(5) over NYT articles. Inner loop, on the outer training
    articles only: GroupKFold(4) picks ``alpha`` and the NYT row weight from a fixed grid.
    The outer test articles are scored once with the inner choice; the reported Pearson r /
    Spearman rho pool all outer-fold predictions.
  * The shipped model takes the grid point with the best 5-fold grouped CV r on all NYT dev
    rows and is fitted on all rows.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from scipy.stats import pearsonr, spearmanr
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import framing
from framing import tone

EVAL_DIR = ROOT.parent / "shared" / "eval" / "sentiment"
OUT = ROOT / "framing" / "data" / f"{tone.ARTIFACT_STEM}.npz"
NYT_FILE = "nyt_dev.tsv"
OTHER_FILES = ("tweets.tsv", "movies.tsv", "amazon.tsv")
#: Grid fixed before looking at results; chosen inside the inner loop of the nested CV.
ALPHAS = (3.0, 10.0, 30.0)
NEWS_WEIGHTS = (10.0, 30.0)
OUTER_FOLDS = 5
INNER_FOLDS = 4


def load_data(eval_dir: Path = EVAL_DIR) -> tuple[pd.DataFrame, dict[str, str]]:
    """All sentences with ``text, y, domain, group``; and the sha256 of each file read."""
    frames, hashes = [], {}
    for name in (NYT_FILE, *OTHER_FILES):
        path = eval_dir / name
        hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        df = pd.read_csv(path, sep="\t", keep_default_na=False, dtype={"id": str})
        domain = name.removesuffix(".tsv")
        frames.append(
            pd.DataFrame(
                {
                    "text": df["text"].astype(str),
                    "y": df["human_mean"].astype(float),
                    "domain": domain,
                    "group": df["id"].str.split("_").str[0] if domain == "nyt_dev" else "",
                }
            )
        )
    return pd.concat(frames, ignore_index=True), hashes


def _fit_predict(H, D, y, is_nyt, train, test, alpha, weight) -> np.ndarray:
    w = np.where(is_nyt[train], weight, 1.0)
    m = tone.fit_features(H[train], D[train], y[train], alpha=alpha, sample_weight=w)
    return np.clip(
        (H[test] @ m.hash_coef.astype(float) + D[test] @ m.dense_coef.astype(float) + m.intercept)
        / tone.OUTPUT_SCALE,
        -1,
        1,
    )


def grouped_cv(H, D, y, is_nyt, groups, nyt_rows, other_rows, alpha, weight, folds):
    """Out-of-fold predictions for ``nyt_rows`` (GroupKFold by article)."""
    pred = np.empty(len(nyt_rows))
    for tr, te in GroupKFold(folds).split(nyt_rows, groups=groups[nyt_rows]):
        train = np.r_[nyt_rows[tr], other_rows]
        pred[te] = _fit_predict(H, D, y, is_nyt, train, nyt_rows[te], alpha, weight)
    return pred


def choose(H, D, y, is_nyt, groups, nyt_rows, other_rows, folds) -> tuple[float, float, float]:
    """Best (r, alpha, weight) over the grid by grouped CV on ``nyt_rows``."""
    best = (-np.inf, 0.0, 0.0)
    for alpha, weight in itertools.product(ALPHAS, NEWS_WEIGHTS):
        p = grouped_cv(H, D, y, is_nyt, groups, nyt_rows, other_rows, alpha, weight, folds)
        r = pearsonr(p, y[nyt_rows])[0]
        best = max(best, (r, alpha, weight))
    return best


def nested_cv(H, D, y, is_nyt, groups, vader_compound) -> dict:
    nyt = np.flatnonzero(is_nyt)
    other = np.flatnonzero(~is_nyt)
    pred = np.empty(len(nyt))
    folds = []
    for k, (tr, te) in enumerate(GroupKFold(OUTER_FOLDS).split(nyt, groups=groups[nyt])):
        t0 = time.perf_counter()
        r_in, alpha, weight = choose(H, D, y, is_nyt, groups, nyt[tr], other, INNER_FOLDS)
        pred[te] = _fit_predict(H, D, y, is_nyt, np.r_[nyt[tr], other], nyt[te], alpha, weight)
        fold = {
            "fold": k,
            "n_test": len(te),
            "alpha": alpha,
            "news_weight": weight,
            "inner_r": round(float(r_in), 4),
            "model_r": round(float(pearsonr(pred[te], y[nyt[te]])[0]), 4),
            "vader_r": round(float(pearsonr(vader_compound[nyt[te]], y[nyt[te]])[0]), 4),
        }
        folds.append(fold)
        print(f"  outer fold {k}: {fold}  ({time.perf_counter() - t0:.0f}s)", flush=True)
    yt = y[nyt]
    return {
        "protocol": f"nested GroupKFold by article: outer {OUTER_FOLDS}, inner {INNER_FOLDS}; "
        f"grid alpha={list(ALPHAS)} x news_weight={list(NEWS_WEIGHTS)}; "
        "other domains always in training",
        "n_nyt_sentences": len(nyt),
        "n_nyt_articles": len(np.unique(groups[nyt])),
        "model_pearson_r": round(float(pearsonr(pred, yt)[0]), 4),
        "model_spearman_rho": round(float(spearmanr(pred, yt)[0]), 4),
        "vader_pearson_r": round(float(pearsonr(vader_compound[nyt], yt)[0]), 4),
        "vader_spearman_rho": round(float(spearmanr(vader_compound[nyt], yt)[0]), 4),
        "folds": folds,
    }


def build(
    data: pd.DataFrame,
    hashes: dict[str, str],
    *,
    cv: bool = True,
    alpha: float | None = None,
    news_weight: float | None = None,
) -> tone.NewsTone:
    """Nested CV (optional), choose hyper-parameters, fit on everything; return the model."""
    t0 = time.perf_counter()
    H, D = tone.featurize(list(data["text"]))
    y = data["y"].to_numpy()
    is_nyt = (data["domain"] == "nyt_dev").to_numpy()
    groups = data["group"].to_numpy()
    print(f"features for {len(data)} sentences: {time.perf_counter() - t0:.1f}s", flush=True)
    settings: dict = {}
    if cv:
        settings["cv"] = nested_cv(H, D, y, is_nyt, groups, D[:, 0])
        print(json.dumps({k: v for k, v in settings["cv"].items() if k != "folds"}, indent=1))
    if alpha is None or news_weight is None:
        r, alpha, news_weight = choose(
            H, D, y, is_nyt, groups, np.flatnonzero(is_nyt), np.flatnonzero(~is_nyt), OUTER_FOLDS
        )
        settings["selection"] = {
            "method": f"GroupKFold({OUTER_FOLDS}) on all NYT dev articles",
            "cv_pearson_r_of_choice": round(float(r), 4),
        }
        print(f"chosen alpha={alpha} news_weight={news_weight} (CV r {r:.4f})", flush=True)
    w = np.where(is_nyt, news_weight, 1.0)
    model = tone.fit_features(H, D, y, alpha=alpha, sample_weight=w)
    settings.update(
        {
            "format_version": tone.FORMAT_VERSION,
            "hash_bits": tone.HASH_BITS,
            "dense_features": list(tone.DENSE_FEATURES),
            "alpha": alpha,
            "news_weight": news_weight,
            "output": f"clip(raw / {tone.OUTPUT_SCALE}, -1, 1); raw = predicted rater mean (-4..+4)",
            "training_data": {name: {"sha256": h} for name, h in hashes.items()},
            "training_rows": {
                d: int(n) for d, n in data["domain"].value_counts().sort_index().items()
            },
            "vader_lexicon_sha256": tone.lexicon_sha256(),
            "versions": {
                "framing": framing.__version__,
                "scikit-learn": sklearn.__version__,
                "numpy": np.__version__,
                "python": platform.python_version(),
            },
            "built_by": "scripts/train_news_tone.py",
        }
    )
    return tone.NewsTone(model.hash_coef, model.dense_coef, model.intercept, settings)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument(
        "--no-cv", action="store_true", help="skip the nested CV (figures not recorded)"
    )
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    data, hashes = load_data(args.eval_dir)
    model = build(data, hashes, cv=not args.no_cv)
    if args.no_cv and args.out.with_suffix(".json").exists():  # keep the recorded CV figures
        old = json.loads(args.out.with_suffix(".json").read_text())
        if "cv" in old and old.get("training_data") == model.settings["training_data"]:
            model.settings["cv"] = old["cv"]
    model.save(args.out)
    size = args.out.stat().st_size + args.out.with_suffix(".json").stat().st_size
    print(
        f"wrote {args.out} (+.json), {size / 1e6:.2f} MB, "
        f"{np.count_nonzero(model.hash_coef)} non-zero hashed weights; "
        f"total {time.perf_counter() - t0:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
