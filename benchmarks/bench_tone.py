"""Speed of the news-tone model (framing.tone) as the pipeline calls it.

Builds ~600-word articles from the seed sentences (benchmarks/bench_score.py's builder), splits
them into scored sentences, computes their VADER rows once, then times ``NewsTone.predict(
sentences, vader=rows)`` per article and per batch of ``--batch`` articles (CPU time,
``time.process_time``; median over batches and ``--repeats``), plus ``load()`` and the first call
(which builds the model's lookup tables). Usage:

    .venv/bin/python benchmarks/bench_tone.py [--articles 640] [--batch 64] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from bench_score import build_texts

from framing.document import prepare
from framing.tone import NewsTone, vader_scores


def article_sentences(n: int) -> list[list[str]]:
    out = []
    for text in build_texts(n):
        doc = prepare(text)
        out.append([doc.sentence_text(i) for i, keep in enumerate(doc.scored) if keep])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=640)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    articles = article_sentences(args.articles)
    rows = vader_scores([s for a in articles for s in a])
    offsets = np.cumsum([0] + [len(a) for a in articles])

    t0 = time.perf_counter()
    model = NewsTone.load()
    t1 = time.perf_counter()
    model.predict(articles[0], vader=rows[: offsets[1]])
    t2 = time.perf_counter()
    print(f"load {1e3 * (t1 - t0):.0f} ms; first call (lookup tables) {1e3 * (t2 - t1):.0f} ms")

    b = args.batch
    batches = [
        (
            [s for a in articles[i : i + b] for s in a],
            rows[offsets[i] : offsets[min(i + b, len(articles))]],
        )
        for i in range(0, len(articles), b)
    ]
    for sentences, vader in batches:  # warm the chunk memo, as a long run would be
        model.predict(sentences, vader=vader)
    batched, single = [], []
    for _ in range(args.repeats):
        for (sentences, vader), i in zip(batches, range(0, len(articles), b)):
            t = time.process_time()
            model.predict(sentences, vader=vader)
            batched.append((time.process_time() - t) / min(b, len(articles) - i))
        for i in range(min(b, len(articles))):
            t = time.process_time()
            model.predict(articles[i], vader=rows[offsets[i] : offsets[i + 1]])
            single.append(time.process_time() - t)
    words = sum(len(s.split()) for a in articles for s in a) / len(articles)
    print(f"{len(articles)} articles, {offsets[-1] / len(articles):.1f} sentences and "
          f"{words:.0f} words each")
    print(f"batch of {b} articles: {1e6 * statistics.median(batched):.0f} us per article (median)")
    print(f"one article per call:  {1e6 * statistics.median(single):.0f} us per article (median)")


if __name__ == "__main__":
    main()
