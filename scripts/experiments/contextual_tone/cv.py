"""Grouped nested CV of news tone with all-MiniLM-L6-v2 sentence embeddings (experiment).

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 .venv/bin/python cv.py [--only NAME ...]

Inputs (made by embed.py and dump_shipped.py): emb_int8.npy, rows.parquet, shipped_X.npz,
shipped_dense.npy, shipped_rows.parquet. Writes results.json (one entry per setup) and prints
a table.

Protocol = scripts/train_news_tone.py: NYT dev grouped by article (id prefix); outer
GroupKFold(5); inside each outer training part an inner GroupKFold(3) picks the
hyper-parameters (best pooled inner out-of-fold Pearson r); other domains in every training
fold, never scored; NYT rows weighted w (fixed per run). Output clip(raw / 4, -1, 1) as shipped.
Pooled out-of-fold Pearson r / Spearman rho over the 3,460 NYT sentences + per-fold r.
Nothing fitted sees the outer test fold's labels: alpha, stacking weights, Nystroem landmarks
are all fitted on the outer training part only.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.stats import pearsonr, spearmanr
from sklearn.kernel_approximation import Nystroem
from sklearn.linear_model import Ridge
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parents[3]
WORK = Path(os.environ.get("FRAMING_TONE_WORK", REPO / ".cache" / "contextual_tone"))
HERE = WORK
HERE.mkdir(parents=True, exist_ok=True)
OUTER, INNER = 5, 3
SCALE = 4.0
EMB_ALPHAS = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0)  # first grid 0.03..100 hit the top edge in every fold
SHIP_ALPHAS = (10.0, 20.0, 40.0)  # the shipped script's grid
RESULTS = HERE / os.environ.get("TONEX_RESULTS", "results.json")

# ---------------------------------------------------------------- data
rows = pd.read_parquet(HERE / "rows.parquet")
srows = pd.read_parquet(HERE / "shipped_rows.parquet")
assert np.array_equal(rows["y"].to_numpy(), srows["y"].to_numpy())
EMB = np.load(HERE / "emb_int8.npy").astype(np.float64)
XS = sp.load_npz(HERE / "shipped_X.npz").tocsr()
VADER4 = np.load(HERE / "shipped_dense.npy")[:, :4]  # compound, pos, neg, neu
Y = rows["y"].to_numpy()
DOMAIN = rows["domain"].to_numpy()
IS_NYT = DOMAIN == "nyt_dev"
GROUP = np.where(IS_NYT, rows["id"].str.split("_").str[0], "")
NYT = np.flatnonzero(IS_NYT)
OTHER = np.flatnonzero(~IS_NYT)


def context_features(emb: np.ndarray) -> np.ndarray:
    """Leave-one-out mean embedding of the other sentences of the same document (no labels).

    NYT and Amazon ids are ``doc_sentence``; tweets/movie snippets stand alone (zeros)."""
    doc = np.where(
        np.isin(DOMAIN, ["nyt_dev", "amazon"]),
        DOMAIN + ":" + rows["id"].str.split("_").str[0],
        "",
    )
    out = np.zeros_like(emb)
    for d in pd.unique(doc[doc != ""]):
        idx = np.flatnonzero(doc == d)
        if len(idx) > 1:
            s = emb[idx].sum(0)
            out[idx] = (s - emb[idx]) / (len(idx) - 1)
    return out


# ---------------------------------------------------------------- models
class DenseRidge:
    """Weighted ridge with an unpenalised intercept, all alphas from one eigendecomposition
    (same solution as sklearn Ridge with sample_weight)."""

    alphas = EMB_ALPHAS

    def __init__(self, X: np.ndarray) -> None:
        self.X = X

    def fit_predict_all(self, train, test, weight):
        X, y = self.X[train], Y[train]
        w = np.where(IS_NYT[train], weight, 1.0)
        mu = w @ X / w.sum()
        ym = w @ y / w.sum()
        Xc = X - mu
        G = Xc.T @ (Xc * w[:, None])
        b = Xc.T @ (w * (y - ym))
        ev, V = np.linalg.eigh(G)
        Vb = V.T @ b
        Xt = self.X[test] - mu
        XtV = Xt @ V
        return {a: XtV @ (Vb / (ev + a)) + ym for a in self.alphas}


class NystroemRidge(DenseRidge):
    """RBF kernel ridge approximated by Nystroem features (landmarks from the training rows)."""

    def __init__(self, X: np.ndarray, n_components: int = 1500, gamma: float = 1.0) -> None:
        super().__init__(X)
        self.n, self.gamma = n_components, gamma

    def fit_predict_all(self, train, test, weight):
        ny = Nystroem(gamma=self.gamma, n_components=self.n, random_state=0).fit(self.X[train])
        full = self.X
        self.X = np.zeros((len(full), self.n))
        self.X[train] = ny.transform(full[train])
        self.X[test] = ny.transform(full[test])
        try:
            return super().fit_predict_all(train, test, weight)
        finally:
            self.X = full


class SparseRidge:
    """The shipped estimator (sklearn Ridge, sparse_cg, tol 1e-6) on a sparse design matrix."""

    alphas = SHIP_ALPHAS

    def __init__(self, X: sp.csr_matrix) -> None:
        self.X = X

    def fit_predict_all(self, train, test, weight):
        w = np.where(IS_NYT[train], weight, 1.0)
        out = {}
        for a in self.alphas:
            m = Ridge(alpha=a, solver="sparse_cg", tol=1e-6, max_iter=10_000)
            m.fit(self.X[train], Y[train], sample_weight=w)
            out[a] = m.predict(self.X[test])
        return out


def out(raw: np.ndarray) -> np.ndarray:
    return np.clip(raw / SCALE, -1, 1)


def r_of(p, y) -> float:
    return float(pearsonr(p, y)[0])


# ---------------------------------------------------------------- nested CV
def inner_oof(model, nyt_train: np.ndarray, weight: float):
    """Inner GroupKFold(3) on outer-train NYT rows: best alpha, its OOF raw predictions, r."""
    preds = {a: np.empty(len(nyt_train)) for a in model.alphas}
    for tr, te in GroupKFold(INNER).split(nyt_train, groups=GROUP[nyt_train]):
        allp = model.fit_predict_all(np.r_[nyt_train[tr], OTHER], nyt_train[te], weight)
        for a, p in allp.items():
            preds[a][te] = p
    scores = {a: r_of(out(p), Y[nyt_train]) for a, p in preds.items()}
    best = max(scores, key=scores.get)
    return best, preds[best], scores[best]


def outer_splits():
    return list(GroupKFold(OUTER).split(NYT, groups=GROUP[NYT]))


def nested(model, weight: float) -> dict:
    pred = np.empty(len(NYT))
    folds = []
    for k, (tr, te) in enumerate(outer_splits()):
        a, _, r_in = inner_oof(model, NYT[tr], weight)
        p = model.fit_predict_all(np.r_[NYT[tr], OTHER], NYT[te], weight)[a]
        pred[te] = out(p)
        folds.append({"alpha": a, "inner_r": round(r_in, 4), "r": round(r_of(pred[te], Y[NYT[te]]), 4)})
    return summarize(pred, folds)


def article_loo_mean(p: np.ndarray, nyt_rows: np.ndarray) -> np.ndarray:
    """Mean of ``p`` over the other sentences of each row's article (own value if alone).

    Uses predictions only (never labels); an article lies wholly in one fold."""
    g = GROUP[nyt_rows]
    df = pd.DataFrame({"g": g, "p": p})
    s = df.groupby("g")["p"].transform("sum").to_numpy()
    n = df.groupby("g")["p"].transform("size").to_numpy()
    return np.where(n > 1, (s - p) / np.maximum(n - 1, 1), p)


def nested_stack(models: dict, weights: dict, article_ctx: bool = False) -> dict:
    """Blend base models: per outer fold, each base model's alpha and inner OOF predictions come
    from the inner loop; a least-squares blend (with intercept) of those OOF predictions is
    fitted on the outer-train NYT rows; bases refit on the whole outer training part predict
    the test articles, and the blend combines them."""
    pred = np.empty(len(NYT))
    folds = []
    for k, (tr, te) in enumerate(outer_splits()):
        train_cols, test_cols, info = [], [], {}
        for name, model in models.items():
            a, oof, r_in = inner_oof(model, NYT[tr], weights[name])
            train_cols.append(oof)
            test_cols.append(
                model.fit_predict_all(np.r_[NYT[tr], OTHER], NYT[te], weights[name])[a]
            )
            info[name] = {"alpha": a, "inner_r": round(r_in, 4)}
        if article_ctx:  # + each base model's mean prediction over the article's other sentences
            train_cols += [article_loo_mean(c, NYT[tr]) for c in train_cols]
            test_cols += [article_loo_mean(c, NYT[te]) for c in test_cols]
        A = np.c_[np.ones(len(tr)), np.column_stack(train_cols)]
        coef = np.linalg.lstsq(A, Y[NYT[tr]], rcond=None)[0]
        pred[te] = out(np.c_[np.ones(len(te)), np.column_stack(test_cols)] @ coef)
        info["blend"] = [round(float(c), 3) for c in coef]
        info["r"] = round(r_of(pred[te], Y[NYT[te]]), 4)
        folds.append(info)
        print(f"    fold {k}: {info}", flush=True)
    return summarize(pred, folds)


def summarize(pred, folds) -> dict:
    y = Y[NYT]
    return {
        "r": round(r_of(pred, y), 4),
        "rho": round(float(spearmanr(pred, y)[0]), 4),
        "fold_r": [f["r"] for f in folds],
        "folds": folds,
        "_pred": pred,
    }


# ---------------------------------------------------------------- setups
def setups():
    ctx = context_features(EMB)
    emb_vader = np.c_[EMB, VADER4]
    emb_ctx_vader = np.c_[EMB, ctx, VADER4]
    dom = np.c_[(DOMAIN == "tweets"), (DOMAIN == "movies"), (DOMAIN == "amazon")].astype(float)
    s = {}
    for w in (1.0, 10.0, 30.0, 100.0):
        s[f"a_emb_w{w:g}"] = lambda w=w: nested(DenseRidge(EMB), w)
        s[f"b_emb+vader_w{w:g}"] = lambda w=w: nested(DenseRidge(emb_vader), w)
    s["d_emb+vader+domain_w30"] = lambda: nested(DenseRidge(np.c_[emb_vader, 10 * dom]), 30.0)
    for w in (10.0, 30.0):
        s[f"d_emb+ctx+vader_w{w:g}"] = lambda w=w: nested(DenseRidge(emb_ctx_vader), w)
    s["d_nystroem_emb+vader_w30"] = lambda: nested(NystroemRidge(emb_vader), 30.0)
    s["shipped_w30"] = lambda: nested(SparseRidge(XS), 30.0)
    # concatenation: embedding block scaled so one alpha suits both blocks (see report)
    s["c_concat_shipped+emb_w30"] = lambda: nested(
        SparseRidge(sp.hstack([XS, sp.csr_matrix(CONCAT_SCALE * EMB)], format="csr")), 30.0
    )
    s["c_stack_shipped+emb+vader_w30"] = lambda: nested_stack(
        {"shipped": SparseRidge(XS), "emb": DenseRidge(emb_vader)},
        {"shipped": 30.0, "emb": 30.0},
    )
    s["c_stack_shipped+emb+ctx+vader_w30"] = lambda: nested_stack(
        {"shipped": SparseRidge(XS), "emb": DenseRidge(emb_ctx_vader)},
        {"shipped": 30.0, "emb": 30.0},
    )
    s["d_nystroem_emb+ctx+vader_w30"] = lambda: nested(NystroemRidge(emb_ctx_vader), 30.0)
    s["c_stack_shipped+nystroem(emb+vader)_w30"] = lambda: nested_stack(
        {"shipped": SparseRidge(XS), "nys": NystroemRidge(emb_vader)},
        {"shipped": 30.0, "nys": 30.0},
    )
    s["c_stack_shipped+nystroem(emb+ctx+vader)+emb+ctx+vader_w30"] = lambda: nested_stack(
        {"shipped": SparseRidge(XS), "nys": NystroemRidge(emb_ctx_vader),
         "lin": DenseRidge(emb_ctx_vader)},
        {"shipped": 30.0, "nys": 30.0, "lin": 30.0},
    )
    s["d_stack_shipped+emb+ctx+vader+articlemean_w30"] = lambda: nested_stack(
        {"shipped": SparseRidge(XS), "emb": DenseRidge(emb_ctx_vader)},
        {"shipped": 30.0, "emb": 30.0},
        article_ctx=True,
    )
    return s


CONCAT_SCALE = 5 ** 0.5  # sqrt(alpha emb+vader (100, w30) / shipped alpha (20)): one alpha fits both blocks


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name, run in setups().items():
        if args.only and not any(o in name for o in args.only):
            continue
        t0 = time.perf_counter()
        res = run()
        res["seconds"] = round(time.perf_counter() - t0, 1)
        np.save(HERE / f"pred_{name}.npy", res.pop("_pred"))
        results[name] = res
        RESULTS.write_text(json.dumps(results, indent=1))
        print(f"{name:40s} r {res['r']:.4f} rho {res['rho']:.4f} folds {res['fold_r']} "
              f"alphas {[f.get('alpha') for f in res['folds']]} ({res['seconds']}s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
