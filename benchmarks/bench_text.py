"""Speed of framing.text and framing.document.prepare, agreement with labelled boundaries, and a
proof that the fast prepare builds the same Documents as the reference implementation.

Run from the repo root::

    .venv/bin/python benchmarks/bench_text.py [--articles 2000] [--runs 5] [--random 20000]
        [--only speed|prepare|identity|agreement]

Speed: the seed articles repeated to ``--articles`` articles; each figure is the median of
``--runs`` timed rounds (each round runs every case once, so machine load hits all
cases alike; the ratio to the floor is taken within a round). ``re.findall(r"\\w+", text.lower())`` is the floor a word count cannot
beat by much; nltk's data-free pieces (TreebankWordTokenizer, an *untrained* Punkt) are shown
for comparison.

Prepare: the bench articles of benchmarks/bench_score.py (~645 words, 25 sentences, paragraphs
of 2-5 sentences); per stage (sentences, boilerplate, normalisation + word count, all of
prepare), the reference implementation below and the current one, interleaved in each round,
timed with time.process_time (CPU time: less hit by other processes on a shared machine).

Identity: the reference implementation (a copy of framing.text / framing.boilerplate /
framing.document.prepare as they were before the speed work, commit dc72839) and the current
one must give identical Documents — sentences, scored flags, boilerplate spans, word counts,
normalized text, skipped indices — on the bench articles, the seed articles, every text file
under tests/data, and ``--random`` generated texts (fragments chosen to hit the edge cases:
abbreviations in any case, dotted acronyms, numbers, URLs, curly quotes and dashes, Unicode
spaces and line breaks, letters outside ASCII, boilerplate lines). Exits 1 on a difference.

Agreement: if ``../shared/eval/sentiment/nyt_dev.tsv`` exists, each NYT article is rebuilt by
joining its labelled sentences with one space, and the boundaries found by split_sentences are
compared with the labelled ones (precision / recall of boundary offsets). The labelled splits
have their own mistakes (e.g. breaks after "Gov." and "G.O.P."), so 100% is not the ceiling.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import framing.boilerplate as bp
import framing.text as ft
from framing.document import prepare
from framing.text import count_words, split_sentences, word_spans

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TEST_DATA = ROOT / "tests" / "data"
NYT = ROOT.parent / "shared" / "eval" / "sentiment" / "nyt_dev.tsv"
_W = re.compile(r"\w+")


# --- reference implementation --------------------------------------------------------------------
# framing.text / framing.boilerplate / framing.document.prepare before the speed work (commit
# dc72839), kept verbatim but for names; the regexes and word lists they use are unchanged and
# taken from the package (the trailing rules gained a 4th field, a needle, ignored here).

_REF_CANDIDATE = re.compile(
    "["
    + re.escape(ft._TERMINALS + ft._LINE_BREAKS)
    + "]["
    + re.escape(ft._TERMINALS + "\"'”’)]»")
    + "]*"
)
_REF_NON_SPACE = re.compile(r"\S")
_REF_WORDS = re.compile(r"\S+")


def ref_split_sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    append = spans.append
    non_space = _REF_NON_SPACE.search
    n = len(text)
    seg = 0
    for m in _REF_CANDIDATE.finditer(text):
        at, punct_end = m.span()
        if text[at] in ft._LINE_BREAKS:
            first = non_space(text, seg, at)
            if first is not None:
                end = at
                while text[end - 1].isspace():
                    end -= 1
                append((first.start(), end))
            seg = at + 1
            continue
        if punct_end < n and not text[punct_end].isspace():
            continue
        first = non_space(text, seg, at)
        if first is None and text[at] == ".":
            continue
        nxt = non_space(text, punct_end)
        if nxt is not None and not _ref_ends_sentence(text, m, nxt.start(), first):
            continue
        append((first.start() if first is not None else at, punct_end))
        seg = punct_end
    first = non_space(text, seg)
    if first is not None:
        end = n
        while text[end - 1].isspace():
            end -= 1
        append((first.start(), end))
    return spans


def _ref_ends_sentence(text: str, m: re.Match[str], nxt: int, first: re.Match[str] | None) -> bool:
    c = text[nxt]
    if c.islower() and not (nxt + 1 < len(text) and text[nxt + 1].isupper()):
        return False
    punct = m.group()
    if punct[0] != "." or (len(punct) > 1 and punct[1] in ".!?…"):
        return True
    if len(punct) > 1:
        return True
    dot = m.start()
    base = first.start() if first is not None else dot
    token = text[(text.rfind(" ", base, dot) + 1) or base : dot]
    if not token.isprintable():
        parts = token.split()
        token = parts[-1] if parts else ""
    token = token.lstrip(ft._OPENERS)
    if not token:
        return True
    if len(token) == 1 and token.isupper():
        return ft._opens_sentence(text, nxt)
    low = token.lower()
    if low in ft._TITLE_ABBREVS:
        return False
    if low in ft._NUMBER_ABBREVS:
        return not c.isdigit()
    if low in ft._AMBIGUOUS_ABBREVS:
        return ft._opens_sentence(text, nxt)
    if token.isdigit():
        before = text[base : dot - len(token)].rstrip()
        return bool(before) and not before.endswith(":")
    if "." in token and ft._DOTTED_ACRONYM.fullmatch(token):
        return ft._opens_sentence(text, nxt)
    return True


def ref_count_words(text: str, start: int = 0, end: int | None = None) -> int:
    return len(ft._WORD.findall(text, start, len(text) if end is None else end))


def ref_normalize_for_matching(text: str) -> str:
    if text.isascii():
        return text.lower()
    unified = text
    for ch in ft._NORMALIZE_CHARS.intersection(ft._NON_ASCII.findall(text)):
        unified = unified.replace(ch, ft._NORMALIZE_MAP[ch])
    out = unified.lower()
    if len(out) != len(text):
        out = "".join(ch.lower()[0] for ch in unified)
    return out


def _ref_lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            out.append((start, start + len(stripped)))
        else:
            out.append((-1, -1))
        pos += len(raw)
    return out


def _ref_classify(unit: str, rules: tuple = bp._TRAILING_RULES) -> str | None:
    words = len(_REF_WORDS.findall(unit))
    for reason, pattern, cap, _needle in rules:
        if words <= cap and pattern.fullmatch(unit):
            return reason
    return None


def _ref_trailing(text: str, lines: list[tuple[int, int]]) -> tuple[list[bp.BoilerplateSpan], int]:
    spans: list[bp.BoilerplateSpan] = []
    i = len(lines) - 1
    while i >= 0:
        start, end = lines[i]
        if start < 0:
            i -= 1
            continue
        prev = lines[i - 1] if i > 0 else (-1, -1)
        continues = prev[0] >= 0 and bp._CONTINUED.search(text[prev[0] : prev[1]]) is not None
        reason = None if continues else _ref_classify(text[start:end])
        if reason is not None:
            spans.append(bp.BoilerplateSpan(start, end, reason))
            i -= 1
            continue
        first = _ref_wrapped_start(text, lines, i)
        if first is None:
            break
        unit = " ".join(text[s:e] for s, e in lines[first : i + 1])
        spans.append(bp.BoilerplateSpan(lines[first][0], end, _ref_classify(unit)))
        i = first - 1
    spans.reverse()
    return spans, i


def _ref_wrapped_start(text: str, lines: list[tuple[int, int]], last: int) -> int | None:
    first = last
    words = len(_REF_WORDS.findall(text[lines[last][0] : lines[last][1]]))
    while first > 0:
        s, e = lines[first - 1]
        if s < 0 or e - s > bp.MAX_WRAPPED_LINE:
            break
        words += len(_REF_WORDS.findall(text[s:e]))
        if words > bp.MAX_WORDS_PARAGRAPH:
            break
        first -= 1
        if _ref_classify(" ".join(text[s:e] for s, e in lines[first : last + 1])) is not None:
            return first
    return None


def _ref_leading(text: str) -> list[bp.BoilerplateSpan]:
    spans: list[bp.BoilerplateSpan] = []
    pos = 0
    for _ in range(bp.MAX_LEADING):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        line = text[pos:line_end].rstrip()
        if len(_REF_WORDS.findall(line)) <= bp.MAX_WORDS_BYLINE and bp._BYLINE.fullmatch(line):
            spans.append(bp.BoilerplateSpan(pos, pos + len(line), "byline"))
            pos = line_end
            continue
        match = bp._LEADING_DATELINE.match(text, pos, line_end) or bp._WIRE_DATELINE.match(
            text, pos, line_end
        )
        if match is None:
            break
        spans.append(bp.BoilerplateSpan(pos, match.end(), "dateline"))
        pos = match.end()
    return spans


def ref_find_boilerplate(text: str) -> list[bp.BoilerplateSpan]:
    lines = _ref_lines(text)
    trailing, last_kept = _ref_trailing(text, lines)
    limit = trailing[0].start if trailing else len(text)
    leading = [s for s in _ref_leading(text) if s.end <= limit]
    after_leading = leading[-1].end if leading else 0
    middle = []
    for start, end in lines[: last_kept + 1]:
        if start >= after_leading and _ref_classify(text[start:end], (bp._READ_MORE,)) is not None:
            middle.append(bp.BoilerplateSpan(start, end, "promotion"))
    return leading + middle + trailing


def ref_prepare(text: str, detect_boilerplate: bool = True) -> tuple:
    """The reference Document, as a tuple of every field and derived property."""
    sentences = ref_split_sentences(text)
    spans = ref_find_boilerplate(text) if detect_boilerplate else []
    scored = [True] * len(sentences)
    touched = False
    for span in spans:
        for i, (start, end) in enumerate(sentences):
            if end <= span.start or start >= span.end or not scored[i]:
                continue
            touched = True
            if span.start <= start and end <= span.end:
                scored[i] = False
            elif span.start <= start < span.end < end:
                j = span.end
                while j < end and text[j].isspace():
                    j += 1
                sentences[i] = (j, end)
            elif start < span.start < end <= span.end:
                j = span.start
                while j > start and text[j - 1].isspace():
                    j -= 1
                sentences[i] = (start, j)
            elif span.start <= (start + end) / 2 < span.end:
                scored[i] = False
    n_all = ref_count_words(text)
    if touched:
        n_words = sum(ref_count_words(text, s, e) for (s, e), k in zip(sentences, scored) if k)
    else:
        n_words = n_all
    skipped = [i for i, keep in enumerate(scored) if not keep]
    return (
        text,
        ref_normalize_for_matching(text),
        sentences,
        scored,
        spans,
        n_words,
        n_all - n_words,
        skipped,
        sum(scored),
        len(scored) - sum(scored),
    )


def document_fields(text: str, detect_boilerplate: bool = True) -> tuple:
    """The current Document for ``text``, as the tuple ref_prepare gives."""
    d = prepare(text, detect_boilerplate=detect_boilerplate)
    return (
        d.text,
        d.normalized,
        d.sentences,
        d.scored,
        d.boilerplate,
        d.n_words,
        d.n_words_boilerplate,
        d.skipped_indices,
        d.n_sentences,
        d.n_sentences_boilerplate,
    )


# --- prepare: speed per stage and identity ----------------------------------------------------


def bench_articles(n: int) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_score import build_texts

    return build_texts(n)


def prepare_speed(n_articles: int, runs: int) -> None:
    texts = bench_articles(n_articles)
    n_words = sum(count_words(t) for t in texts) / len(texts)
    n_sent = sum(len(split_sentences(t)) for t in texts) / len(texts)
    print(
        f"\nprepare: {len(texts)} bench articles, {n_words:.0f} words and {n_sent:.1f} sentences "
        f"each; CPU µs per article, median of {runs} rounds (min)"
    )
    stages: list[tuple[str, Callable[[str], object], Callable[[str], object]]] = [
        ("sentences", ref_split_sentences, split_sentences),
        ("boilerplate", ref_find_boilerplate, bp.find_boilerplate),
        (
            "normalize + count words",
            lambda t: (ref_normalize_for_matching(t), ref_count_words(t)),
            ft._normalize_and_count,
        ),
        ("  normalize_for_matching", ref_normalize_for_matching, ft.normalize_for_matching),
        ("  count_words", ref_count_words, count_words),
        ("prepare (all of it)", ref_prepare, prepare),
        ('floor: re.findall(r"\\w+", text.lower())', _floor, _floor),
    ]
    rounds = []
    for _ in range(runs):
        row = []
        for _, ref, new in stages:
            for fn in (ref, new):
                t0 = time.process_time()
                for t in texts:
                    fn(t)
                row.append((time.process_time() - t0) / len(texts) * 1e6)
        rounds.append(row)
    print(f"{'':42s} {'before':>15s} {'after':>15s} {'speed-up':>9s}")
    for i, (name, _, _) in enumerate(stages):
        ref_t = [r[2 * i] for r in rounds]
        new_t = [r[2 * i + 1] for r in rounds]
        ratio = statistics.median(a / b for a, b in zip(ref_t, new_t))
        print(
            f"{name:42s} {statistics.median(ref_t):7.1f} ({min(ref_t):5.1f}) "
            f"{statistics.median(new_t):7.1f} ({min(new_t):5.1f}) {ratio:8.2f}x"
        )


# Fragments for random texts: each a likely edge case of the splitter, the word counter, the
# normaliser or the boilerplate rules.
_ABBREVIATIONS = sorted(ft._TITLE_ABBREVS | ft._NUMBER_ABBREVS | ft._AMBIGUOUS_ABBREVS)
_FRAGMENTS = (
    list("abcXYZ019 .,;:!?-'\"()[]_%$@/&#\n\r\t…’‘‛“”„—–‐‑\u00a0\u2009\u2028\u2029\x85\x0b\x1c")
    + list("ʼéÉİßΣ½²©Ⓐ€«»•·Ⅳ\x01\x02\x08")
    + [
        "U.S.",
        "U.S",
        "u.s.",
        "a.m.",
        "No. 1",
        "Jan. 20",
        "$5.5 million",
        "5.5a",
        "1.2.3",
        "2,048",
        "10:30",
        "www.example.com/a.b",
        "http://x.org/?q=1.",
        "x@y.org",
        "example.COM",
        "e-mail",
        "don't",
        "it’s",
        "a--b",
        "well—known",
        "U.S.-made",
        "'.\"-",
        ". . .",
        "...",
        "?!",
        ".)",
        " The ",
        " the ",
        " It ",
        " iPhone ",
        " However, ",
        "1. ",
        "Steps: 1. Open",
        "in 2023. The",
        "P. W. Botha",
        "Liang W. Feng",
        " (",
        ") ",
        "\n\n",
        "\n \n",
        "  ",
    ]
    + [" " + a + ". " for a in _ABBREVIATIONS]
    + [" " + a.upper() + ". " for a in _ABBREVIATIONS]
    + [" " + a.title() + "." for a in _ABBREVIATIONS]
    + [
        "\nSource: Reuters",
        "\nSources By Agencies",
        "\n(With inputs from PTI)",
        "\n— AFP",
        "\n(Reporting by Jane Doe; Editing by Max Roe)",
        "\nPhoto: AP",
        "\nCopyright © 2025 X",
        "\nAll rights reserved.",
        "\nDisclaimer: this is not advice.",
        "\nRead more: x",
        "\nAlso read | y",
        "\nSubscribe to our newsletter for updates.",
        "\nFollow us on X.",
        "\nThis article was originally published on X.",
        "By Jane Doe\n",
        "date 2025-01-27 ",
        "WASHINGTON, Jan 27 (Reuters) - ",
        "Published: January 27, 2025\n",
        "\nFor more detailed insights, the X API offers valuable data.",
        " said\n",
        " by\n",
        ",\n",
    ]
)


def random_texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pool = bench_articles(50)
    sentences = [s for t in pool for s in re.split(r"(?<=[.!?])\s+", t)]
    out = []
    for i in range(n):
        if i % 4 == 3:  # bench-like paragraphs with fragments spliced in and boilerplate after
            parts = [rng.choice(sentences) for _ in range(rng.randint(1, 12))]
            for _ in range(rng.randint(0, 4)):
                parts.insert(rng.randint(0, len(parts)), rng.choice(_FRAGMENTS))
            sep = rng.choice([" ", "\n", "\n\n"])
            out.append(sep.join(parts))
        else:
            k = rng.choice([5, 20, 60, 200])
            out.append("".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(0, k))))
    return out


def identity(n_articles: int, n_random: int) -> bool:
    corpora = {
        "bench articles": bench_articles(n_articles),
        "seed articles": [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))],
        "tests/data files": [
            p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(TEST_DATA.rglob("*"))
            if p.is_file() and p.suffix in {".txt", ".md", ".html", ".csv", ".tsv", ".jsonl"}
        ],
        "random texts": random_texts(n_random),
    }
    ok = True
    for name, texts in corpora.items():
        bad = 0
        for text in texts:
            for detect in (True, False):
                ref, new = ref_prepare(text, detect), document_fields(text, detect)
                same = ref == new
                same = same and ref_count_words(text) == count_words(text)
                same = same and ref_normalize_for_matching(text) == ft.normalize_for_matching(text)
                if not same:
                    bad += 1
                    if bad <= 3:
                        print(f"  DIFFERENT ({name}, detect_boilerplate={detect}): {text[:200]!r}")
        print(f"identity: {name}: {len(texts)} texts, {bad} different Documents")
        ok = ok and bad == 0
    return ok


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
    ap.add_argument("--random", type=int, default=20000, help="random texts for the identity check")
    ap.add_argument("--only", choices=["speed", "prepare", "identity", "agreement"])
    args = ap.parse_args()
    if args.only in (None, "identity") and not identity(args.articles, args.random):
        sys.exit("the fast prepare differs from the reference implementation")
    if args.only in (None, "speed"):
        speed(args.articles, args.runs)
    if args.only in (None, "prepare"):
        prepare_speed(args.articles, args.runs)
    if args.only in (None, "agreement"):
        agreement()


if __name__ == "__main__":
    main()
