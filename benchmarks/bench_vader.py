"""Benchmark framing.vader.VaderScorer against vaderSentiment 3.3.2 on news-like sentences.

Corpus: the seed articles split into sentences, repeated to at least --n sentences and shuffled
with a fixed seed. No cache is used anywhere: every sentence is scored from scratch each run.
Prints sentences/s and words/s (median of --runs runs) and the speed ratio to vaderSentiment.

    .venv/bin/python benchmarks/bench_vader.py            # 20,000 sentences, 7 runs
    .venv/bin/python benchmarks/bench_vader.py --n 50000 --runs 9
    .venv/bin/python benchmarks/bench_vader.py --corpus eval   # the 22k labelled eval sentences

--mode document times what the pipeline needs per article, on documents of --doc-size shuffled
sentences: per-sentence scores plus the whole-text compound, as two calls (polarity_scores per
sentence, then compound of the joined text) against one VaderScorer.score_document call:

    .venv/bin/python benchmarks/bench_vader.py --mode document --n 10000 --runs 9
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing.vader import VaderScorer

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EVAL = ROOT.parent / "shared" / "eval" / "sentiment"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"\w+")


def seed_sentences() -> list[str]:
    """Sentences of the seed articles (a plain end-punctuation / newline split)."""
    out: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return out


def eval_sentences() -> list[str]:
    """The text column of every labelled sentiment TSV."""
    out: list[str] = []
    for path in sorted(EVAL.glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").split("\n")[1:]
        out += [line.split("\t", 2)[2] for line in lines if line.count("\t") >= 2]
    return out


def build_corpus(base: list[str], n: int, seed: int = 0) -> list[str]:
    repeats = -(-n // len(base))
    corpus = (base * repeats)[: max(n, len(base))]
    random.Random(seed).shuffle(corpus)
    return corpus


def time_interleaved(
    cases: dict[str, Callable[[], object]],
    runs: int,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, list[float]]:
    """Time of each case per run (wall time by default); cases take turns within a run so load
    drifts hit all."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, fn in cases.items():
            start = clock()
            fn()
            times[name].append(clock() - start)
    return times


def bench_documents(base: list[str], args: argparse.Namespace) -> None:
    """us per document: package and VaderScorer two-call paths against score_document."""
    corpus = build_corpus(base, args.n)
    size = args.doc_size
    documents = [corpus[i : i + size] for i in range(0, len(corpus) - size + 1, size)]
    analyzer = SentimentIntensityAnalyzer()
    scorer = VaderScorer()
    fields = ("compound", "pos", "neg", "neu")
    for doc in documents[:50]:  # identity spot check against the package
        rows, whole = scorer.score_document(doc)
        assert rows == [tuple(analyzer.polarity_scores(s)[k] for k in fields) for s in doc]
        assert whole == analyzer.polarity_scores(" ".join(doc))["compound"]

    def package_two_calls() -> None:
        for doc in documents:
            [analyzer.polarity_scores(s) for s in doc]
            analyzer.polarity_scores(" ".join(doc))

    def scorer_two_calls() -> None:
        for doc in documents:
            [scorer.polarity_scores(s) for s in doc]
            scorer.compound(" ".join(doc))

    def scorer_document() -> None:
        for doc in documents:
            scorer.score_document(doc)

    cases: dict[str, Callable[[], object]] = {
        "vaderSentiment, 2 calls": package_two_calls,
        "VaderScorer, 2 calls": scorer_two_calls,
        "VaderScorer.score_document": scorer_document,
    }
    n_words = sum(len(s.split()) for doc in documents for s in doc)
    print(
        f"{len(documents):,} documents of {size} sentences ({n_words / len(documents):.0f} words); "
        f"CPU time, median of {args.runs} runs"
    )
    print(f"{'':30} {'us/doc':>8} {'vs 2 calls':>10}")
    times = time_interleaved(cases, args.runs, clock=time.process_time)
    reference = times["VaderScorer, 2 calls"]
    for name, ts in times.items():
        ratio = statistics.median(r / x for r, x in zip(reference, ts))
        print(f"{name:30} {statistics.median(ts) / len(documents) * 1e6:8.1f} {ratio:9.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="sentences (default 20,000)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs, median reported")
    parser.add_argument("--corpus", choices=["seeds", "eval"], default="seeds")
    parser.add_argument("--mode", choices=["sentences", "document"], default="sentences")
    parser.add_argument("--doc-size", type=int, default=25, help="sentences per document")
    args = parser.parse_args()

    base = seed_sentences() if args.corpus == "seeds" else eval_sentences()
    if args.mode == "document":
        bench_documents(base, args)
        return
    corpus = build_corpus(base, args.n)
    n_sent = len(corpus)
    n_words = sum(len(s.split()) for s in corpus)
    joined = "\n".join(corpus)

    analyzer = SentimentIntensityAnalyzer()
    scorer = VaderScorer()
    # Score-identity spot check so a fast-but-wrong build cannot report a ratio.
    for s in base:
        assert scorer.polarity_scores(s) == analyzer.polarity_scores(s), s

    cases: dict[str, Callable[[], object]] = {
        "floor: lower + findall(\\w+)": lambda: _WORD.findall(joined.lower()),
        "vaderSentiment.polarity_scores": lambda: [analyzer.polarity_scores(s) for s in corpus],
        "VaderScorer.polarity_scores": lambda: [scorer.polarity_scores(s) for s in corpus],
        "VaderScorer.compound": lambda: [scorer.compound(s) for s in corpus],
        "VaderScorer.compounds (batch)": lambda: scorer.compounds(corpus),
    }
    print(
        f"corpus={args.corpus}: {n_sent:,} sentences ({len(base)} distinct, shuffled), "
        f"{n_words:,} words, {n_words / n_sent:.1f} words/sentence; median of {args.runs} runs"
    )
    print(f"{'':34} {'us/sent':>8} {'sent/s':>10} {'words/s':>11} {'vs package':>10}")
    times = time_interleaved(cases, args.runs)
    reference = times["vaderSentiment.polarity_scores"]
    for name, ts in times.items():
        t = statistics.median(ts)
        # ratio: median over runs of (package time / this time) within the same run
        ratio = statistics.median(r / x for r, x in zip(reference, ts))
        print(
            f"{name:34} {t / n_sent * 1e6:8.2f} {n_sent / t:10,.0f} {n_words / t:11,.0f} "
            f"{ratio:9.2f}x"
        )


if __name__ == "__main__":
    main()
