"""Speed (and, where labelled data is present, boundary agreement) of framing.text.

Run from the repo root::

    .venv/bin/python benchmarks/bench_text.py [--articles 2000] [--runs 5]

Speed: the seed articles repeated to ``--articles`` articles; each figure is the median of
``--runs`` timed rounds (each round runs every case once, so machine load hits all
cases alike; the ratio to the floor is taken within a round). ``re.findall(r"\\w+", text.lower())`` is the floor a word count cannot
beat by much; nltk's data-free pieces (TreebankWordTokenizer, an *untrained* Punkt) are shown
for comparison.

Agreement: if ``../shared/eval/sentiment/nyt_dev.tsv`` exists, each NYT article is rebuilt by
joining its labelled sentences with one space, and the boundaries found by split_sentences are
compared with the labelled ones (precision / recall of boundary offsets). The labelled splits
have their own mistakes (e.g. breaks after "Gov." and "G.O.P."), so 100% is not the ceiling.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from framing.text import count_words, split_sentences, word_spans

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
NYT = ROOT.parent / "shared" / "eval" / "sentiment" / "nyt_dev.tsv"
_W = re.compile(r"\w+")


def _time_once(fn: Callable[[str], object], texts: list[str]) -> float:
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - t0


def _floor(text: str) -> int:
    return len(_W.findall(text.lower()))


def _sentences_and_words(text: str) -> int:
    return len(split_sentences(text)) + count_words(text)


def speed(n_articles: int, runs: int) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts = (seeds * (n_articles // len(seeds) + 1))[:n_articles]
    n_sent = sum(len(split_sentences(t)) for t in texts)
    n_words = sum(count_words(t) for t in texts)
    print(
        f"{len(texts)} articles, {n_sent} sentences, {n_words} words "
        f"(mean {n_words / len(texts):.0f} words/article); median of {runs} runs"
    )
    cases: list[tuple[str, Callable[[str], object]]] = [
        ("split_sentences", split_sentences),
        ("count_words", count_words),
        ("word_spans", word_spans),
        ("split_sentences + count_words", _sentences_and_words),
        ('floor: re.findall(r"\\w+", text.lower())', _floor),
    ]
    try:
        from nltk.tokenize import PunktSentenceTokenizer, TreebankWordTokenizer

        tb = TreebankWordTokenizer()
        punkt = PunktSentenceTokenizer()  # untrained: no downloaded data
        cases.append(
            ("nltk TreebankWordTokenizer.span_tokenize", lambda t: list(tb.span_tokenize(t)))
        )
        cases.append(("nltk untrained Punkt span_tokenize", lambda t: list(punkt.span_tokenize(t))))
    except ImportError:  # pragma: no cover - nltk is a dependency, but the benchmark can do without
        pass
    # Rounds interleave the cases, so load from other processes hits them alike; the ratio to
    # the floor is taken within each round, then the median over rounds is reported.
    rounds = [[_time_once(fn, texts) for _, fn in cases] for _ in range(runs)]
    floor_i = next(i for i, (name, _) in enumerate(cases) if name.startswith("floor"))
    print(f"{'':44s} {'articles/s':>11s} {'µs/article':>11s} {'sentences/s':>12s} {'× floor':>8s}")
    for i, (name, _) in enumerate(cases):
        s = statistics.median(r[i] for r in rounds)
        ratio = statistics.median(r[i] / r[floor_i] for r in rounds)
        print(
            f"{name:44s} {len(texts) / s:11,.0f} {s / len(texts) * 1e6:11.1f} "
            f"{n_sent / s:12,.0f} {ratio:8.2f}"
        )


def agreement() -> None:
    if not NYT.exists():
        print(f"(no {NYT}: boundary agreement skipped)")
        return
    import pandas as pd

    df = pd.read_csv(NYT, sep="\t", keep_default_na=False)
    df["doc"] = df["id"].str.split("_").str[0]
    splitters: dict[str, Callable[[str], list[tuple[int, int]]]] = {
        "split_sentences": split_sentences
    }
    try:
        from nltk.tokenize import PunktSentenceTokenizer

        punkt = PunktSentenceTokenizer()
        splitters["nltk untrained Punkt"] = lambda t: list(punkt.span_tokenize(t))
    except ImportError:  # pragma: no cover
        pass
    for name, split in splitters.items():
        tp = fp = fn = 0
        for _, g in df.groupby("doc", sort=False):
            sents = [s.strip() for s in g["text"]]
            text = " ".join(sents)
            gold, pos = set(), 0
            for s in sents[:-1]:
                pos += len(s)
                gold.add(pos)
                pos += 1
            pred = {e for _, e in split(text)[:-1]}
            tp += len(gold & pred)
            fp += len(pred - gold)
            fn += len(gold - pred)
        p, r = tp / (tp + fp), tp / (tp + fn)
        print(
            f"NYT boundaries ({df['doc'].nunique()} articles, {tp + fn} labelled boundaries) "
            f"{name}: precision {p:.4f} recall {r:.4f} F1 {2 * p * r / (p + r):.4f} "
            f"(fp {fp}, fn {fn})"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    speed(args.articles, args.runs)
    agreement()


if __name__ == "__main__":
    main()
