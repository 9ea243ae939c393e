"""Batch scoring at scale, in one run: processes, Dask, lexicon size, article length, big inputs.

Articles are built by sampling sentences of the seed articles (seeded RNG, boilerplate excluded),
as in bench_score.py. Sections (each timing is the median of --repeats runs, the configurations of a
section interleaved round by round; ratios are measured in the same run, so they survive a noisy
shared machine better than the absolute numbers):

  jobs      score_to_files, parquet → parquet, --jobs processes vs 1 (identical output asserted);
            with the CPU seconds used and the cores that amounts to, because on a shared machine
            the wall-clock speed-up says more about the neighbours than about the code
  dask      engine="dask" on a LocalCluster of --jobs single-threaded workers vs 1 local job
            (cluster start-up reported apart; identical output asserted)
  lexicon   ms per article with generated frame lexicons of 100 … 10,000 patterns
  length    µs per word for articles of 300 … 9,600 words (flat = linear cost)
            (both score their articles in one Analyzer.analyze_batch call, as framing score
            does, so the once-a-batch cost of the tone and sentence models is shared)
  big       (--big-mb > 0) a parquet input of that many MB of text, scored in a child process:
            time to first output chunk, total time, peak RSS of the main process and of a worker

    .venv/bin/python benchmarks/bench_scale.py [--articles 50000] [--repeats 3] [--jobs 2]
        [--skip jobs,dask,lexicon,length] [--big-mb 1000] [--no-news-tone]

Scoring is what `framing score` does by default: every shipped lexicon, the sentence model and
the news-tone model.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from bench_score import build_texts, seed_sentences  # benchmarks/ is on sys.path as a script
from machine import cpu_ceiling, cpu_seconds

from framing.batch import score_to_files
from framing.lexicon import Category, Lexicon, Pattern
from framing.pipeline import Analyzer
from framing.tables import read_table

WORDS_PER_ARTICLE = 600
ROW_GROUP = 1_000  # rows per input row group = one Dask task


def build_frame(n: int, words: int = WORDS_PER_ARTICLE, seed: int = 13, pool=None) -> pd.DataFrame:
    """An articles table of ``build_texts`` articles with made-up outlets."""
    texts = build_texts(n, words=words, seed=seed, pool=pool)
    rng = random.Random(seed)
    return pd.DataFrame({
        "doc_id": [f"a{seed}-{i:07d}" for i in range(n)],
        "outlet": [rng.choice(["nyt", "wapo", "reuters"]) for _ in range(n)],
        "date": ["2025-01-27"] * n,
        "title": [""] * n,
        "text": texts,
    })


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=ROW_GROUP)
    return path


def assert_same(a: Path, b: Path) -> None:
    pd.testing.assert_frame_equal(pd.read_parquet(a), read_table(b) if b.is_file() else
                                  pd.read_parquet(b))


def section_jobs_and_dask(args, tmp: Path, do_dask: bool, do_jobs: bool) -> None:
    frame = build_frame(args.articles)
    source = write_parquet(frame, tmp / "in.parquet")
    del frame
    words = args.articles * WORDS_PER_ARTICLE
    print(f"\n== {args.articles:,} articles of ~{WORDS_PER_ARTICLE} words, parquet in row groups "
          f"of {ROW_GROUP:,}")

    def local(jobs: int, name: str):
        return lambda: score_to_files(source, tmp / f"{name}.parquet", tmp / f"{name}_ev.parquet",
                                      jobs=jobs, news_tone=args.news_tone)

    configs = {"local jobs=1": local(1, "one")}
    if do_jobs:
        configs[f"local jobs={args.jobs}"] = local(args.jobs, "many")
    cluster = None
    if do_dask:
        from distributed import LocalCluster

        started = time.perf_counter()
        cluster = LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        print(f"  (LocalCluster start-up: {time.perf_counter() - started:.1f} s, not included)")
        configs[f"dask {args.jobs} workers"] = lambda: score_to_files(
            source, tmp / "dask.parquet", tmp / "dask_ev.parquet", engine="dask",
            scheduler=cluster.scheduler_address, news_tone=args.news_tone)
    times: dict[str, list[float]] = {name: [] for name in configs}
    cpus: dict[str, list[float]] = {name: [] for name in configs}
    for _ in range(args.repeats):  # interleaved, so that every configuration sees the same noise
        print(f"  CPU ceiling now: {args.jobs} processes do {cpu_ceiling(args.jobs):.2f}x the "
              f"pure-Python work of 1")
        for name, fn in configs.items():
            cpu = cpu_seconds()
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
            cpus[name].append(cpu_seconds() - cpu)
    if cluster is not None:
        cluster.close()
    rows = {name: statistics.median(t) for name, t in times.items()}
    if do_jobs:
        assert_same(tmp / "many.parquet", tmp / "one.parquet")
        assert_same(tmp / "many_ev.parquet", tmp / "one_ev.parquet")
    if do_dask:
        assert_same(tmp / "dask.parquet", tmp / "one.parquet")
        assert_same(tmp / "dask_ev.parquet", tmp / "one_ev.parquet")
    base = rows["local jobs=1"]
    for name, seconds in rows.items():
        cpu = statistics.median(cpus[name])
        cores = f"CPU {cpu:6.1f} s = {cpu / seconds:4.2f} cores" if not name.startswith("dask") else \
            "CPU of Dask workers not counted"
        print(f"  {name:>18}: {seconds:8.1f} s  {args.articles / seconds:8,.0f} articles/s  "
              f"{words / seconds / 1e3:7,.0f} k words/s  speed-up {base / seconds:4.2f}x  {cores}")
    print(f"  outputs identical: yes (asserted); medians of {args.repeats}, runs interleaved")


def generated_lexicon(n_patterns: int, vocabulary: list[str], seed: int = 5,
                      name: str = "generated") -> Lexicon:
    """A frames lexicon of n single- and two-word patterns from the seed vocabulary, 50 per category."""
    rng = random.Random(seed)
    categories, patterns = [], []
    for i in range(n_patterns):
        term = rng.choice(vocabulary)
        if rng.random() < 0.3:
            term += " " + rng.choice(vocabulary)
        patterns.append(Pattern(f"p{i}", any=(term,)))
        if len(patterns) == 50 or i == n_patterns - 1:
            cid = f"{name}{len(categories)}"
            categories.append(Category(cid, cid, "generated", tuple(patterns)))
            patterns = []
    return Lexicon(name, "frames", tuple(categories))


def interleaved_medians(runs: list, repeats: int) -> list[float]:
    """Median seconds of each callable over ``repeats`` rounds; every round runs them all in turn,
    so a slow spell on a shared machine lands on every configuration, not on one of them."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for i, run in enumerate(runs):
            started = time.perf_counter()
            run()
            times[i].append(time.perf_counter() - started)
    return [statistics.median(t) for t in times]


def section_lexicon(args, pool: list[str]) -> None:
    import re

    vocabulary = sorted({w.lower() for s in pool for w in re.findall(r"[A-Za-z]{4,}", s)})
    synthetic = [f"zq{i}x" for i in range(20_000)]  # never in the text: pure automaton size
    articles = build_frame(args.length_articles, seed=3, pool=pool)
    texts = list(zip(articles["doc_id"], articles["text"]))
    print(f"\n== lexicon size: {len(texts)} articles of ~{WORDS_PER_ARTICLE} words; a generated "
          f"frames lexicon of n patterns + stance + targets; medians of {args.repeats} "
          f"interleaved runs")
    for label, words in (("absent from the text (automaton size only)", synthetic),
                         ("seed words (size and matches grow together)", vocabulary)):
        print(f"  patterns {label}:")
        runs, compile_times, rows = [], [], []
        for n in args.lexicon_sizes:
            lexicon = generated_lexicon(n, words, name="gen")
            started = time.perf_counter()
            analyzer = Analyzer([lexicon, "stance", "targets"], news_tone=args.news_tone)
            analyzer.compile()
            compile_times.append(time.perf_counter() - started)

            def run(analyzer: Analyzer = analyzer) -> int:
                return sum(len(r.evidence) for r in analyzer.analyze_batch(texts))

            rows.append(run())  # also the warm-up
            runs.append(run)
        base = None
        for n, seconds, compile_s, r in zip(args.lexicon_sizes,
                                            interleaved_medians(runs, args.repeats),
                                            compile_times, rows):
            per = seconds / len(texts) * 1e3
            base = base or per
            print(f"    {n:>7,}: {per:7.2f} ms/article ({per / base:5.2f}x), compile "
                  f"{compile_s:5.2f} s, {r / len(texts):7.0f} evidence rows/article")


def section_length(args, pool: list[str]) -> None:
    print(f"\n== article length: {args.length_articles} 600-word equivalents per length, default "
          f"lexicons; medians of {args.repeats} interleaved runs")
    analyzer = Analyzer(news_tone=args.news_tone).compile()
    runs, sizes = [], []
    for words in args.lengths:
        n = max(4, args.length_articles * 600 // words)
        frame = build_frame(n, words=words, seed=words, pool=pool)
        texts = list(zip(frame["doc_id"], frame["text"]))
        sizes.append((words, n, sum(len(t.split()) for _, t in texts)))
        runs.append(lambda texts=texts: analyzer.analyze_batch(texts))
    runs[0]()  # warm-up
    base = None
    for (words, n, n_words), seconds in zip(sizes, interleaved_medians(runs, args.repeats)):
        per_word = seconds / n_words * 1e6
        base = base or per_word
        print(f"  {words:>6,} words: {n:5} articles, {seconds / n * 1e3:8.1f} ms/article, "
              f"{per_word:6.2f} µs/word ({per_word / base:4.2f}x of the shortest)")


CHILD = """
import json, resource, sys, time
from framing.batch import score_to_files
started = time.perf_counter()
first = []
def progress(done, total):
    if not first:
        first.append(time.perf_counter() - started)
        print(json.dumps({"first": first[0], "done": done}), flush=True)
r = score_to_files(sys.argv[1], sys.argv[2], sys.argv[3], jobs=int(sys.argv[4]),
                   chunk_size=int(sys.argv[5]), news_tone=sys.argv[6] == "1", progress=progress)
print(json.dumps({"seconds": r.seconds, "articles": r.n_articles, "first": r.first_output_seconds,
                  "main_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def section_big(args, tmp: Path, pool: list[str]) -> None:
    path = tmp / "big.parquet"
    writer, size, n, seed = None, 0, 0, 0
    while size < args.big_mb * 1e6:  # built and written one row group at a time
        frame = build_frame(ROW_GROUP, seed=1000 + seed, pool=pool)
        table = pa.Table.from_pandas(frame, preserve_index=False)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
        size += int(frame["text"].str.len().sum())
        n += len(frame)
        seed += 1
    writer.close()
    print(f"\n== big input: {n:,} articles, {size / 1e6:,.0f} MB of text "
          f"({path.stat().st_size / 1e6:,.0f} MB parquet), chunk_size {args.chunk_size}, "
          f"jobs {args.jobs}")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(tmp / "big_out.parquet"),
         str(tmp / "big_ev.parquet"), str(args.jobs), str(args.chunk_size),
         "1" if args.news_tone else "0"],
        capture_output=True, text=True, check=True,
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    final = lines[-1]
    print(f"  time to first output: {lines[0]['first']:.1f} s (first {lines[0]['done']:,} articles "
          f"written)")
    print(f"  total: {final['seconds']:.0f} s, {final['articles'] / final['seconds']:,.0f} "
          f"articles/s")
    print(f"  peak RSS: main process {final['main_rss_mb']:,.0f} MB, largest worker "
          f"{final['worker_rss_mb']:,.0f} MB (input {size / 1e6:,.0f} MB of text)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-news-tone", dest="news_tone", action="store_false",
                        help="leave out the news-tone model (framing score --no-news-tone); "
                             "by default it runs, as in framing score")
    parser.add_argument("--skip", default="", help="comma-separated sections to skip")
    parser.add_argument("--lexicon-sizes", default="100,1000,10000")
    parser.add_argument("--lengths", default="300,600,1200,2400,4800,9600")
    parser.add_argument("--length-articles", type=int, default=600,
                        help="articles per lexicon size; 600-word equivalents per length")
    parser.add_argument("--big-mb", type=float, default=0, help="MB of text for the big run (0: off)")
    parser.add_argument("--chunk-size", type=int, default=1_000)
    args = parser.parse_args()
    args.lexicon_sizes = [int(x) for x in args.lexicon_sizes.split(",")]
    args.lengths = [int(x) for x in args.lengths.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    pool = seed_sentences()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if not {"jobs", "dask"} <= skip:
            section_jobs_and_dask(args, tmp, "dask" not in skip, "jobs" not in skip)
        if "lexicon" not in skip:
            section_lexicon(args, pool)
        if "length" not in skip:
            section_length(args, pool)
        if args.big_mb > 0:
            section_big(args, tmp, pool)


if __name__ == "__main__":
    main()
