"""The ``framing`` command line. Every subcommand is a thin caller of the package.

    framing score [INPUT ...] [--lexicon PATH ...] [--out FILE] [--evidence FILE] [--jobs N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from framing.errors import FramingError

PROG = "framing"


class ProgressBar:
    """A one-line progress bar on stderr (redrawn in place on a terminal, quartiles otherwise)."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.started = time.perf_counter()
        self._last_quarter = -1
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        elapsed = time.perf_counter() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        filled = int(fraction * self.width)
        line = (
            f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{done:,}/{total:,} ({rate:,.0f}/s)"
        )
        if self._tty:
            self.stream.write("\r" + line + ("\n" if done >= total else ""))
            self.stream.flush()
        else:
            quarter = int(fraction * 4)
            if quarter != self._last_quarter:
                self._last_quarter = quarter
                self.stream.write(line + "\n")


def _add_corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="article files, folders or tables (.txt .md .html .csv .tsv .jsonl "
                             ".parquet); none: the seed articles")
    group = parser.add_argument_group("table columns")
    for name in ("text", "id", "outlet", "date", "title"):
        group.add_argument(f"--{name}-col", metavar="COL", help=f"column holding the {name}")


def _read_articles(args: argparse.Namespace):
    from framing.corpus import read_corpus

    report: list = []
    articles = read_corpus(
        args.inputs or None,
        text_col=args.text_col, id_col=args.id_col, outlet_col=args.outlet_col,
        date_col=args.date_col, title_col=args.title_col, report=report,
    )
    return articles, report


def cmd_score(args: argparse.Namespace) -> int:
    from framing.pipeline import DEFAULT_LEXICONS, score
    from framing.tables import table_format, write_table

    for target in (args.out, args.evidence):
        if target is not None:
            table_format(target)  # a bad extension fails before any work is done
    lexicons = [] if args.no_default_lexicons else list(DEFAULT_LEXICONS)
    lexicons += args.lexicon
    if not lexicons:
        raise FramingError("--no-default-lexicons needs at least one --lexicon PATH.")
    articles, read_skipped = _read_articles(args)
    progress = None if args.quiet else ProgressBar("scoring")
    result = score(articles, lexicons=lexicons, jobs=args.jobs, progress=progress,
                   news_tone=not args.no_news_tone)
    if args.out is not None:
        write_table(result.scores, args.out)
    else:
        result.scores.to_csv(sys.stdout, index=False)
    if args.evidence is not None:
        write_table(result.evidence, args.evidence)
    skipped = [(s.source, s.reason) for s in read_skipped] + [
        (s.doc_id, s.reason) for s in result.skipped
    ]
    scores = result.scores
    words = int(scores["n_words"].sum()) if len(scores) else 0
    left_out = int(scores["n_words_boilerplate"].sum()) if len(scores) else 0
    passages = int((result.evidence["scorer"] == "boilerplate").sum())
    print(
        f"{PROG}: scored {len(scores):,} articles ({result.n_sentences:,} sentences, {words:,} words; "
        f"{left_out:,} words in {passages} boilerplate passages left out), "
        f"skipped {len(skipped)}, {result.seconds:.1f} s",
        file=sys.stderr,
    )
    for source, reason in skipped:
        print(f"{PROG}: skipped {source}: {reason}", file=sys.stderr)
    written = [p for p in (args.out, args.evidence) if p]
    if written:
        print(f"{PROG}: wrote {', '.join(written)}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from framing import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Media-framing and bias analysis: explained sentiment, stance and frame scores.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("score", help="score articles: one row per article, plus evidence",
                       description="Score articles for sentiment, stance, frames and targets.")
    _add_corpus_options(p)
    p.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                   help="an extra lexicon (.yaml, LIWC .dic) or a shipped name; repeatable")
    p.add_argument("--no-default-lexicons", action="store_true",
                   help="use only the --lexicon files, not ai_race, generic, stance, targets")
    p.add_argument("--out", metavar="FILE", help="scores table (.csv .tsv .parquet .jsonl); "
                                                   "default: CSV on stdout")
    p.add_argument("--evidence", metavar="FILE", help="evidence table (.csv .tsv .parquet .jsonl)")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--no-news-tone", action="store_true", help="skip the news-tone model")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_score)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framing`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except FramingError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; no output file was left half-written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
