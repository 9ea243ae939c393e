"""Benchmark framing.matcher: articles/s by lexicon size and article length.

    .venv/bin/python benchmarks/bench_matcher.py [--runs 5] [--quick]
    .venv/bin/python benchmarks/bench_matcher.py --articles 400 [--baseline OLD_MATCHER.py]

``--articles N`` times Matcher.find with the shipped lexicons on N bench_score articles (~645
words, 25 sentences, the articles of benchmarks/bench_score.py), as framing.pipeline calls it;
with ``--baseline`` it also times a copy of an older framing/matcher.py on the same articles,
alternating runs in one process, and checks that both return the same matches.

Articles are cut from the seed articles (seeds/*.txt, cycled) at 300, 600, 2,400 and 9,600 words.
Lexicons of 100, 1,000 and 10,000 terms are generated from a fixed seed: 60 real terms taken from
the seed vocabulary (words and bigrams, so every lexicon finds a realistic number of matches)
(the same 60 in every lexicon) plus pseudo-words from a character-trigram model of that
vocabulary that are not a prefix of any seed word (English-looking, sharing substrings with real
words: the worst case for an automaton that would report hits inside words, yet never matching,
so the number of matches is the same for every lexicon size); 20% are wildcards, 30% two-word
phrases. Timed: Matcher.find with the normalized text supplied (as framing.document.prepare
does), sentences from framing.text.split_sentences.
Each figure is the median of --runs runs over a batch of articles, in CPU time of this process
(time.process_time: the machine is shared, and wall time would measure the neighbours). The budget is 150 µs per
600-word article with ~1,000 terms, flat in lexicon size and linear in length.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from framing.errors import LexiconError
from framing.lexicon import Category, Lexicon, Pattern
from framing.matcher import Matcher
from framing.text import normalize_for_matching, split_sentences

SEED = 20250127
LEXICON_SIZES = (100, 1_000, 10_000)
ARTICLE_WORDS = (300, 600, 2_400, 9_600)
REAL_TERMS = 60
BUDGET_US = 150.0


def seed_text() -> str:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    return "\n\n".join(p.read_text(encoding="utf-8") for p in paths)


def articles(n_words: int, count: int, text: str) -> list[str]:
    """``count`` articles of ``n_words`` words, each starting at a different offset."""
    tokens = re.findall(r"\S+\s+", text)
    out = []
    step = max(1, len(tokens) // count)
    for i in range(count):
        start = (i * step) % len(tokens)
        words = [tokens[(start + j) % len(tokens)] for j in range(n_words)]
        out.append("".join(words).rstrip())
    return out


def generate_lexicon(n_terms: int, text: str) -> Lexicon:
    rng = random.Random(SEED + n_terms)
    words = re.findall(r"[a-z]+", text.lower())
    vocab = sorted({w for w in words if len(w) > 2})
    bigrams = sorted({f"{a} {b}" for a, b in itertools.pairwise(words)
                      if len(a) > 2 and len(b) > 2})
    fixed = random.Random(SEED)
    half = REAL_TERMS // 2
    real = fixed.sample(vocab, half) + fixed.sample(bigrams, REAL_TERMS - half)
    # character trigram model of the vocabulary
    nxt: dict[str, list[str]] = defaultdict(list)
    for w in vocab:
        padded = "^^" + w + "$"
        for i in range(len(padded) - 2):
            nxt[padded[i:i + 2]].append(padded[i + 2])

    def pseudo() -> str:
        state, out = "^^", ""
        while len(out) < 14:
            ch = rng.choice(nxt[state])
            if ch == "$":
                break
            out += ch
            state = state[1] + ch
        return out if len(out) > 2 else pseudo()

    all_words = sorted(set(words))

    def occurs_as_prefix(p: str) -> bool:
        i = bisect.bisect_left(all_words, p)
        return i < len(all_words) and all_words[i].startswith(p)

    terms: list[str] = list(real)
    seen = set(terms)
    while len(terms) < n_terms:
        term = pseudo()
        if occurs_as_prefix(term):  # pseudo-words never match: every lexicon finds the same
            continue
        r = rng.random()
        if r < 0.2:
            term = term + "*"
        elif r < 0.5:
            term = term + " " + (pseudo() if rng.random() < 0.5 else rng.choice(vocab))
        if term not in seen:
            seen.add(term)
            terms.append(term)
    rng.shuffle(terms)
    n_cats = 20
    cats = tuple(
        Category(f"c{i}", f"c{i}", "", (Pattern(f"p{i}", tuple(terms[i::n_cats])),))
        for i in range(n_cats)
    )
    return Lexicon(f"gen{n_terms}", "stance", cats)


def bench(matcher: Matcher, docs: list[tuple[str, str, list]], runs: int) -> tuple[float, float]:
    """(median seconds per article, matches per article)."""
    times = []
    n_matches = 0
    for _ in range(runs):
        t0 = time.process_time()
        n_matches = 0
        for text, norm, sents in docs:
            n_matches += len(matcher.find(text, sents, normalized=norm))
        times.append((time.process_time() - t0) / len(docs))
    return statistics.median(times), n_matches / len(docs)


def bench_articles(n: int, runs: int, baseline: str | None) -> None:
    """Matcher.find on bench_score articles with the shipped lexicons (and a baseline copy)."""
    import importlib.util

    from bench_score import build_texts

    from framing.document import prepare
    from framing.lexicon import load_lexicon, shipped_lexicon_names

    docs = [prepare(t) for t in build_texts(n)]
    calls = [(d.text, d.sentences, d.skipped_indices, d.normalized) for d in docs]
    lexicons = [load_lexicon(name) for name in shipped_lexicon_names()]
    matchers = {"current": Matcher(lexicons)}
    if baseline:
        spec = importlib.util.spec_from_file_location("baseline_matcher", baseline)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        matchers["baseline"] = module.Matcher(lexicons)
    results = {name: [m.find(t, s, skip=k, normalized=nm) for t, s, k, nm in calls]
               for name, m in matchers.items()}
    if baseline:
        same = sum(a == b for a, b in zip(results["current"], results["baseline"]))
        print(f"identical output: {same} of {len(calls)} articles")
    n_matches = sum(map(len, results["current"])) / len(calls)
    times: dict[str, list[float]] = {name: [] for name in matchers}
    for _ in range(runs):
        for name, m in matchers.items():  # alternating, so both see the same machine load
            find = m.find
            t0 = time.process_time()
            for t, s, k, nm in calls:
                find(t, s, skip=k, normalized=nm)
            times[name].append((time.process_time() - t0) / len(calls))
    print(f"{len(calls)} bench_score articles, shipped lexicons ({m._n_terms} compiled terms), "
          f"{n_matches:.1f} matches/article; CPU µs per article, median of {runs} runs:")
    for name, ts in times.items():
        print(f"  {name:>8}: {statistics.median(ts) * 1e6:7.1f} µs  (min {min(ts) * 1e6:.1f})")
    if baseline:
        ratio = statistics.median(times["baseline"]) / statistics.median(times["current"])
        print(f"  baseline / current = {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="fewer articles per batch")
    parser.add_argument("--articles", type=int, default=0,
                        help="time N bench_score articles with the shipped lexicons instead")
    parser.add_argument("--baseline", help="path to an older matcher.py to compare against")
    args = parser.parse_args()
    if args.articles:
        bench_articles(args.articles, args.runs, args.baseline)
        return
    text = seed_text()
    per_batch = 20 if args.quick else 100
    print(f"framing.matcher benchmark: median of {args.runs} runs (CPU time), "
          f"Python {sys.version.split()[0]}")
    print(f"{'terms':>7} {'words':>6} {'articles/s':>11} {'µs/article':>11} {'µs/1k words':>12} "
          f"{'matches/art':>12}")
    results = {}
    for n_terms in LEXICON_SIZES:
        t0 = time.perf_counter()
        matcher = Matcher([generate_lexicon(n_terms, text)])
        compile_s = time.perf_counter() - t0
        for n_words in ARTICLE_WORDS:
            count = max(3, per_batch * 600 // n_words)
            docs = [(a, normalize_for_matching(a), split_sentences(a))
                    for a in articles(n_words, count, text)]
            sec, matches = bench(matcher, docs, args.runs)
            results[(n_terms, n_words)] = sec
            print(f"{n_terms:>7} {n_words:>6} {1 / sec:>11,.0f} {sec * 1e6:>11.1f} "
                  f"{sec * 1e6 / n_words * 1000:>12.1f} {matches:>12.1f}")
        print(f"        (compile {n_terms} terms: {compile_s * 1000:.0f} ms)")
    try:
        from framing.lexicon import load_lexicon, shipped_lexicon_names

        shipped = [load_lexicon(n) for n in shipped_lexicon_names()]
        if shipped:
            matcher = Matcher(shipped)
            docs = [(a, normalize_for_matching(a), split_sentences(a))
                    for a in articles(600, per_batch, text)]
            sec, matches = bench(matcher, docs, args.runs)
            print(f"shipped lexicons ({', '.join(lex.name for lex in shipped)}; "
                  f"{matcher._n_terms} compiled terms), 600 words: {1 / sec:,.0f} articles/s, "
                  f"{sec * 1e6:.1f} µs/article, {matches:.1f} matches/article")
    except (LexiconError, OSError) as e:  # the shipped files are being written by someone else
        print(f"shipped lexicons: not benchmarked ({type(e).__name__}: {e})")
    us = results[(1_000, 600)] * 1e6
    flat = results[(10_000, 600)] / results[(100, 600)]
    linear = (results[(1_000, 9_600)] / 9_600) / (results[(1_000, 600)] / 600)
    print(f"600 words, 1,000 terms: {us:.1f} µs (budget {BUDGET_US:.0f} µs: "
          f"{'OK' if us <= BUDGET_US else 'OVER'}); 10,000 vs 100 terms: x{flat:.2f}; "
          f"per-word cost 9,600 vs 600 words: x{linear:.2f}")


if __name__ == "__main__":
    main()
