"""Dump the shipped news-tone design matrix (scripts/train_news_tone.py's features) to the work folder.

Run with the project venv from the repo root:
    .venv/bin/python scripts/experiments/contextual_tone/dump_shipped.py
"""
import os
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.dont_write_bytecode = True
REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))
import train_news_tone as T

from framing import tone

t0 = time.perf_counter()
data, hashes = T.load_data()
emb = T.load_embeddings()
feats = tone.featurize(list(data["text"]), embeddings=emb)
X = tone.design_matrix(feats)
out = Path(os.environ.get("FRAMING_TONE_WORK", REPO / ".cache" / "contextual_tone"))
out.mkdir(parents=True, exist_ok=True)
sp.save_npz(out / "shipped_X.npz", X)
np.save(out / "shipped_dense.npy", feats.dense)
data[["y", "domain", "group"]].to_parquet(out / "shipped_rows.parquet")
print(X.shape, f"{time.perf_counter() - t0:.0f}s", hashes)
print("dense:", tone.DENSE_FEATURES)
