"""Throughput of full scoring against VADER alone and against a reading floor, in one run.

Builds N articles of ~600 words by sampling sentences of the seed articles (seeded RNG, boilerplate
excluded) and writing one .txt file per article, then times, on the same files:

  floor      read + lowercase + re.findall(r"\\w+")
  vader      read + sentence split + vaderSentiment's polarity_scores per sentence
  sentences  the same with framing's own VADER scorer (framing.vader, identical scores): sentence
             sentiment alone, set against vaderSentiment per sentence
  full       read + framing's full scoring (all scorers + evidence rows), 1 process, in batches
             of CHUNK_SIZE articles (Analyzer.analyze_batch: the news-tone model runs once a batch)
  full x J   framing.score(jobs=1) and framing.score(jobs=J) on an articles table, interleaved
             round by round, each round with a probe of the speed-up J processes get on pure-
             Python work right now (machine.cpu_ceiling): on a shared VM the neighbours move it

Each timing is the median of --repeats runs (the floor, ~1 s, of 3x as many). Usage:

    .venv/bin/python benchmarks/bench_score.py [--articles 10000] [--repeats 3] [--jobs 2] [--phases]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
from machine import cpu_ceiling, cpu_seconds  # benchmarks/ is on sys.path as a script

from framing.corpus import read_corpus
from framing.document import prepare
from framing.pipeline import CHUNK_SIZE, Analyzer, score
from framing.text import split_sentences
from framing.vader import VaderScorer

WORDS_PER_ARTICLE = 600
FLOOR_REPEATS_FACTOR = 3


def seed_sentences() -> list[str]:
    sentences = []
    for text in read_corpus(None)["text"]:
        doc = prepare(text)
        sentences += [doc.sentence_text(i) for i, keep in enumerate(doc.scored) if keep]
    return sentences


def build_texts(n: int, *, words: int = WORDS_PER_ARTICLE, seed: int = 13,
                pool: list[str] | None = None) -> list[str]:
    """``n`` articles of about ``words`` words: seed sentences drawn at random (seeded), in
    paragraphs of 2 to 5 sentences."""
    rng = random.Random(seed)
    pool = pool or seed_sentences()
    texts = []
    for _ in range(n):
        count, paragraphs, paragraph = 0, [], []
        while count < words:
            sentence = rng.choice(pool)
            paragraph.append(sentence)
            count += len(sentence.split())
            if len(paragraph) >= rng.randint(2, 5):
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        texts.append("\n\n".join(paragraphs))
    return texts


def build_articles(n: int, folder: Path, seed: int = 13) -> list[Path]:
    """``build_texts`` written as one .txt file per article in ``folder``."""
    paths = []
    for i, text in enumerate(build_texts(n, seed=seed)):
        path = folder / f"article_{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--phases", action="store_true",
                        help="also print µs per article per stage of full scoring")
    args = parser.parse_args()

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    with tempfile.TemporaryDirectory() as tmp:
        paths = build_articles(args.articles, Path(tmp))
        n = len(paths)
        words = sum(len(re.findall(r"\w+", p.read_text(encoding="utf-8"))) for p in paths)
        print(f"{n:,} articles, {words / n:.0f} words each on average (\\w+ tokens)")

        word_re = re.compile(r"\w+")

        def floor() -> None:
            for p in paths:
                word_re.findall(p.read_text(encoding="utf-8").lower())

        def per_sentence(polarity_scores):
            """Read every article, split it, and score each sentence with ``polarity_scores``."""
            def run() -> None:
                for p in paths:
                    text = p.read_text(encoding="utf-8")
                    for start, end in split_sentences(text):
                        polarity_scores(text[start:end])
            return run

        vader_alone = per_sentence(SentimentIntensityAnalyzer().polarity_scores)
        sentences_alone = per_sentence(VaderScorer().polarity_scores)

        analyzer = Analyzer()
        analyzer.analyze("warm-up", paths[0].read_text(encoding="utf-8"))

        def full() -> None:  # scores row + evidence rows per article, in batches as framing.score does
            for i in range(0, n, CHUNK_SIZE):
                analyzer.analyze_batch([(p.stem, p.read_text(encoding="utf-8"))
                                        for p in paths[i : i + CHUNK_SIZE]])

        def full_jobs() -> None:
            articles = pd.DataFrame({
                "doc_id": [p.stem for p in paths],
                "text": [p.read_text(encoding="utf-8") for p in paths],
            })
            score(articles, jobs=args.jobs)

        def full_one_job() -> None:
            articles = pd.DataFrame({
                "doc_id": [p.stem for p in paths],
                "text": [p.read_text(encoding="utf-8") for p in paths],
            })
            score(articles, jobs=1)

        results = {}
        for name, fn in [("floor", floor), ("vader", vader_alone), ("sentences", sentences_alone),
                         ("full", full)]:
            # the floor takes ~1 s, so one noisy second on a shared machine moves it most: it
            # gets FLOOR_REPEATS_FACTOR times the repeats
            repeats = args.repeats * (FLOOR_REPEATS_FACTOR if name == "floor" else 1)
            seconds = timed(fn, repeats)
            results[name] = n / seconds
            print(f"{name:>16}: {n / seconds:10,.0f} articles/s  ({seconds:.2f} s, median of {repeats})")
        # one job and J jobs interleaved round by round, each round with a probe of what J
        # processes get from this shared machine right now, so both see the same neighbours
        many = f"score(jobs={args.jobs})"
        times: dict[str, list[float]] = {"score(jobs=1)": [], many: []}
        cpus: dict[str, list[float]] = {"score(jobs=1)": [], many: []}
        ceilings = []
        for _ in range(args.repeats):
            ceilings.append(cpu_ceiling(args.jobs))
            for name, fn in [("score(jobs=1)", full_one_job), (many, full_jobs)]:
                cpu = cpu_seconds()
                started = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - started)
                cpus[name].append(cpu_seconds() - cpu)
        for name, seconds_list in times.items():
            seconds = statistics.median(seconds_list)
            results[name] = n / seconds
            cpu = statistics.median(cpus[name])
            print(f"{name:>16}: {n / seconds:10,.0f} articles/s  ({seconds:.2f} s, median of "
                  f"{args.repeats}; CPU {cpu:.2f} s = {cpu / seconds:.2f} cores)")

        print()
        print(f"full / floor            = 1/{results['floor'] / results['full']:.1f}")
        print(f"full / vaderSentiment   = {results['full'] / results['vader']:.2f}x")
        print(f"sentence sentiment alone, framing / vaderSentiment = "
              f"{results['sentences'] / results['vader']:.2f}x")
        print(f"jobs={args.jobs} / jobs=1        = "
              f"{results[many] / results['score(jobs=1)']:.2f}x  (CPU ceiling of {args.jobs} "
              f"processes in the same rounds: {', '.join(f'{c:.2f}x' for c in ceilings)})")
        if args.phases:
            print()
            print_phases([p.read_text(encoding="utf-8") for p in paths[:2000]])


def print_phases(texts: list[str]) -> None:
    """Where full scoring spends its time: µs per article per stage of Analyzer.analyze_batch
    (one pass over ``texts`` in batches, each stage timed by wrapping it)."""
    from framing import pipeline

    analyzer = Analyzer().compile()
    analyzer.analyze_batch([("warm-up", texts[0])])
    spent: dict[str, float] = {}
    originals = []

    def wrap(owner, name: str, label: str) -> None:
        original = getattr(owner, name)
        originals.append((owner, name, original))

        def timed_call(*a, **k):
            started = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, timed_call)

    wrap(pipeline, "prepare", "sentences, boilerplate, word counts (prepare)")
    wrap(pipeline, "vader_pass", "VADER per sentence + whole text")
    wrap(analyzer._matcher, "find", "lexicon matching (all lexicons)")
    wrap(pipeline, "tone_pass", "news tone (once per batch)")
    wrap(analyzer, "_model_pass", "frame sentence models (once per batch)")
    wrap(analyzer, "_finish", "scores row + evidence rows")
    started = time.perf_counter()
    try:
        for i in range(0, len(texts), CHUNK_SIZE):
            analyzer.analyze_batch([(str(k), t) for k, t in enumerate(texts[i : i + CHUNK_SIZE], i)])
    finally:
        for owner, name, original in originals:
            if owner is analyzer._matcher or owner is analyzer:
                delattr(owner, name)  # back to the class attribute
            else:
                setattr(owner, name, original)
    total = time.perf_counter() - started
    print(f"per article, {len(texts):,} articles (one pass):")
    for label, seconds in [*spent.items(), ("other (batch loop)", total - sum(spent.values()))]:
        print(f"  {label:<48} {seconds / len(texts) * 1e6:6.0f} µs")
    print(f"  {'total':<48} {total / len(texts) * 1e6:6.0f} µs")


if __name__ == "__main__":
    main()
