"""Table of results*.json + article-bootstrap 95% CI of r for the main setups (from pred_*.npy)."""
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[3]
WORK = Path(os.environ.get("FRAMING_TONE_WORK", REPO / ".cache" / "contextual_tone"))
H = WORK
rows = pd.read_parquet(H / "rows.parquet")
nyt = rows[rows.domain == "nyt_dev"]
y = nyt.y.to_numpy(); g = nyt.id.str.split("_").str[0].to_numpy()
res = {}
for f in ("results.json", "results_b.json"):
    if (H / f).exists():
        res.update(json.loads((H / f).read_text()))
print(f"{'setup':58s} {'r':>6s} {'rho':>6s}  per-fold r  [alpha]  (s)")
for k, v in res.items():
    al = [f.get("alpha") for f in v["folds"]]
    print(f"{k:58s} {v['r']:.4f} {v['rho']:.4f}  {v['fold_r']}  {al if al[0] else ''} ({v['seconds']})")
arts = np.unique(g); idx = {a: np.flatnonzero(g == a) for a in arts}
rng = np.random.default_rng(0)
boots = [np.concatenate([idx[a] for a in rng.choice(arts, len(arts))]) for _ in range(1000)]
base = np.load(H / "pred_shipped_w30.npy")
for k in ("b_emb+vader_w30", "c_stack_shipped+emb+ctx+vader_w30",
          "c_stack_shipped+nystroem(emb+ctx+vader)+emb+ctx+vader_w30"):
    p = np.load(H / f"pred_{k}.npy")
    rs = np.array([np.corrcoef(p[b], y[b])[0, 1] for b in boots])
    d = rs - np.array([np.corrcoef(base[b], y[b])[0, 1] for b in boots])
    print(f"{k}: r 95% CI [{np.percentile(rs, 2.5):.3f}, {np.percentile(rs, 97.5):.3f}], "
          f"minus shipped [{np.percentile(d, 2.5):.3f}, {np.percentile(d, 97.5):.3f}], P(r>=0.65) {np.mean(rs >= 0.65):.2f}")
