"""The ``framing`` command line. Every subcommand is a thin caller of the package.

    framing score [INPUT ...] [--lexicon PATH ...] [--out FILE] [--evidence FILE] [--jobs N]
"""

from __future__ import annotations

import argparse
import re
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


def _add_out_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE",
                        help="output table (.csv .tsv .parquet .jsonl); default: CSV on stdout")


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
    from framing.batch import default_cache_path, score_to_files
    from framing.pipeline import DEFAULT_LEXICONS

    lexicons = [] if args.no_default_lexicons else list(DEFAULT_LEXICONS)
    lexicons += args.lexicon
    if not lexicons:
        raise FramingError("--no-default-lexicons needs at least one --lexicon PATH.")
    cache = args.cache
    if args.resume and cache is None:
        if args.out is None:
            raise FramingError("--resume keeps its cache beside --out FILE: expected --out. Got none.")
        cache = default_cache_path(args.out)
    result = score_to_files(
        args.inputs or None, args.out, args.evidence,
        lexicons=lexicons, news_tone=not args.no_news_tone,
        frame_model=not args.no_frame_model, jobs=args.jobs,
        chunk_size=args.chunk_size, cache=cache, engine=args.engine, scheduler=args.scheduler,
        text_col=args.text_col, id_col=args.id_col, outlet_col=args.outlet_col,
        date_col=args.date_col, title_col=args.title_col,
        progress=None if args.quiet else ProgressBar("scoring"),
    )
    skipped = [(s.source, s.reason) for s in result.read_skipped] + [
        (s.doc_id, s.reason) for s in result.skipped
    ]
    cached = f", {result.n_cached:,} from the cache" if cache is not None else ""
    print(
        f"{PROG}: scored {result.n_rows:,} articles ({result.n_sentences:,} sentences, "
        f"{result.n_words:,} words; {result.n_words_boilerplate:,} words in "
        f"{result.n_boilerplate_passages} boilerplate passages left out){cached}, "
        f"skipped {len(skipped)}, {result.seconds:.1f} s",
        file=sys.stderr,
    )
    for source, reason in skipped:
        print(f"{PROG}: skipped {source}: {reason}", file=sys.stderr)
    written = [str(p) for p in result.outputs]
    if written:
        print(f"{PROG}: wrote {', '.join(written)}", file=sys.stderr)
    return 0


def _emit(table, out: str | None) -> None:
    """Write ``table`` to ``out`` (format from the extension), or as CSV to stdout."""
    from framing.tables import write_table

    if out is None:
        table.to_csv(sys.stdout, index=False)
    else:
        write_table(table, out)
        print(f"{PROG}: wrote {out} ({len(table):,} rows)", file=sys.stderr)


def _check_out(out: str | None) -> None:
    from framing.tables import table_format

    if out is not None:
        table_format(out)


def cmd_compare(args: argparse.Namespace) -> int:
    from framing.compare import compare, differences
    from framing.tables import read_table

    _check_out(args.out)
    scores = read_table(args.scores)
    evidence = read_table(args.evidence) if args.evidence else None
    metrics = args.metrics.split(",") if args.metrics else None
    if args.differences:
        table = differences(scores, evidence, by=args.by, metrics=metrics, contrast=args.contrast,
                            n_perm=args.n_perm, adjust=args.adjust, seed=args.seed)
    else:
        table = compare(scores, evidence, by=args.by, metrics=metrics, n_boot=args.n_boot,
                        n_perm=args.n_perm, ci_level=args.ci_level, seed=args.seed)
    _emit(table, args.out)
    if "small_n" in table.columns and table["small_n"].any():
        groups = sorted(table.loc[table["small_n"], "group"].astype(str).unique())
        print(f"{PROG}: caution: {len(groups)} group(s) have one or two articles "
              f"({', '.join(groups[:6])}{' …' if len(groups) > 6 else ''}); "
              "their intervals come from sentences and overstate certainty", file=sys.stderr)
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    from framing.claims import align_claims, extract_claims

    _check_out(args.out)
    articles, _ = _read_articles(args)
    claims = extract_claims(articles)
    if args.align:
        claims = align_claims(claims, by=args.by, rel_tol=args.rel_tol)
    _emit(claims, args.out)
    return 0


def cmd_keyness(args: argparse.Namespace) -> int:
    from framing.keyness import keyness

    _check_out(args.out)
    articles, _ = _read_articles(args)
    table = keyness(articles, by=args.by, ngram_range=(1, args.ngram_max), prior=args.prior,
                    min_count=args.min_count)
    _emit(table, args.out)
    return 0


def cmd_kwic(args: argparse.Namespace) -> int:
    from framing.concordance import concordance

    _check_out(args.out)
    articles, _ = _read_articles(args)
    _emit(concordance(articles, args.query, width=args.width), args.out)
    return 0


def cmd_reuse(args: argparse.Namespace) -> int:
    from framing.reuse import shared_passages

    _check_out(args.out)
    articles, _ = _read_articles(args)
    _emit(shared_passages(articles, min_words=args.min_words), args.out)
    return 0


def cmd_charts(args: argparse.Namespace) -> int:
    from framing.corpus import read_corpus
    from framing.figures import write_figure_set
    from framing.tables import read_table

    scores = read_table(args.scores)
    evidence = read_table(args.evidence)
    articles = None
    if args.articles is not None:
        articles = read_corpus(args.articles or None)
    written = write_figure_set(scores, evidence, articles, args.out_dir, args.format, args.dpi,
                               width=args.width)
    print(f"{PROG}: wrote {len(written)} files to {args.out_dir}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from framing.charts import category_labels
    from framing.lexicon import load_lexicon
    from framing.pipeline import DEFAULT_LEXICONS, score
    from framing.report import build_report
    from framing.tables import write_text

    out = Path(args.out)
    if out.suffix.lower() not in {".html", ".htm", ".md"}:
        raise FramingError(f"--out must end in .html or .md. Got '{out.name}'.")
    extra = [load_lexicon(p) for p in args.lexicon]
    articles, _ = _read_articles(args)
    progress = None if args.quiet else ProgressBar("scoring")
    scores, evidence = score(articles, lexicons=[*DEFAULT_LEXICONS, *extra], jobs=args.jobs,
                             progress=progress)
    fmt = "markdown" if out.suffix.lower() == ".md" else "html"
    text = build_report(articles, scores, evidence, format=fmt, title=args.title,
                        labels=category_labels(extra) if extra else None)
    write_text(text, out)
    print(f"{PROG}: wrote {out} ({len(text) / 1e6:.1f} MB)", file=sys.stderr)
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
    p.add_argument("--chunk-size", type=int, default=1000, metavar="N",
                   help="articles read, scored and written at a time (default 1000); memory "
                        "stays bounded by a few chunks whatever the input size")
    p.add_argument("--cache", metavar="PATH",
                   help="SQLite cache of scored articles: a re-run scores only new or changed "
                        "articles, and a killed run resumes")
    p.add_argument("--resume", action="store_true",
                   help="shorthand for --cache OUT.cache (needs --out)")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local processes (default), or a Dask cluster: parquet in, parquet "
                        "datasets out (docs/scaling.md)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (tcp://host:8786); default: a local cluster of "
                        "--jobs workers")
    p.add_argument("--no-news-tone", action="store_true", help="skip the news-tone model")
    p.add_argument("--no-frame-model", action="store_true",
                   help="skip the frame lexicons' sentence models (frame_model__* columns)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("compare", help="compare outlets (or any column) with intervals and tests",
                       description="Outlets side by side: pooled rates, means, bootstrap intervals, "
                                   "permutation tests, small-n flags.")
    p.add_argument("scores", metavar="SCORES", help="scores table written by 'framing score'")
    p.add_argument("--evidence", metavar="FILE", help="evidence table (enables sentence statistics)")
    p.add_argument("--by", default="outlet", help="grouping column (default: outlet)")
    p.add_argument("--metrics", metavar="LIST", help="comma-separated score columns (default: all)")
    _add_out_option(p)
    p.add_argument("--differences", action="store_true",
                   help="test differences between groups instead of describing each group")
    p.add_argument("--contrast", choices=["rest", "pairwise"], default="rest")
    p.add_argument("--adjust", choices=["per_contrast", "all"], default="per_contrast")
    p.add_argument("--n-boot", type=int, default=2000, metavar="N")
    p.add_argument("--n-perm", type=int, default=5000, metavar="N")
    p.add_argument("--ci-level", type=float, default=0.95, metavar="LEVEL")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("claims", help="numeric claims (money, counts, %%, durations, dates)",
                       description="Numeric claims with the quantity they measure, aligned across "
                                   "articles so that disagreements stand out.")
    _add_corpus_options(p)
    p.add_argument("--align", action="store_true", help="one row per quantity, values side by side")
    p.add_argument("--by", choices=["doc_id", "outlet"], default="doc_id",
                   help="with --align: columns per article or per outlet")
    p.add_argument("--rel-tol", type=float, default=0.01, help="with --align: tolerance for 'same'")
    _add_out_option(p)
    p.set_defaults(func=cmd_claims)

    p = sub.add_parser("keyness", help="distinctive terms per outlet (log-odds, G²)",
                       description="Distinctive words and phrases of each group against the rest.")
    _add_corpus_options(p)
    p.add_argument("--by", default="outlet")
    p.add_argument("--ngram-max", type=int, default=3, metavar="N")
    p.add_argument("--prior", choices=["corpus", "uniform"], default="corpus")
    p.add_argument("--min-count", type=int, default=2, metavar="N")
    _add_out_option(p)
    p.set_defaults(func=cmd_keyness)

    p = sub.add_parser("kwic", help="keyword in context: every occurrence of a word or phrase",
                       description="Every occurrence of a word or phrase with the text around "
                                   "it, and its character offsets in the article.")
    p.add_argument("query", metavar="QUERY", help='a word or phrase, e.g. "export controls"')
    _add_corpus_options(p)
    p.add_argument("--width", type=int, default=60, metavar="N",
                   help="characters of context on each side (default 60)")
    _add_out_option(p)
    p.set_defaults(func=cmd_kwic)

    p = sub.add_parser("reuse", help="passages shared between articles (wire copy, rewrites)")
    _add_corpus_options(p)
    p.add_argument("--min-words", type=int, default=8, metavar="N")
    _add_out_option(p)
    p.set_defaults(func=cmd_reuse)

    p = sub.add_parser("charts", help="write the figure set: PNG/SVG/PDF + CSV + caption each",
                       description="Figures for write-ups, each with the CSV of exactly the numbers "
                                   "it plots and a caption.")
    p.add_argument("scores", metavar="SCORES", help="scores table from 'framing score --out'")
    p.add_argument("--evidence", metavar="FILE", required=True,
                   help="evidence table from 'framing score --evidence' (sentence tone figures)")
    p.add_argument("--articles", nargs="*", default=None, metavar="INPUT",
                   help="the articles (adds keyness and claims figures); no INPUT: the seeds")
    p.add_argument("--out-dir", required=True, metavar="DIR")
    p.add_argument("--format", default="png,svg,pdf", help="comma-separated: png, svg, pdf")
    p.add_argument("--dpi", type=int, default=300)
    p.add_argument("--width", choices=["column", "page"], default="page",
                   help="column (3.5 in) or page (7 in) figures")
    p.set_defaults(func=cmd_charts)

    p = sub.add_parser("report", help="one self-contained HTML (or Markdown) report of a corpus")
    _add_corpus_options(p)
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.html or FILE.md")
    p.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                   help="an extra lexicon; repeatable")
    p.add_argument("--title", default="Framing report")
    p.add_argument("--jobs", type=int, default=1, metavar="N")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_report)

    from framing.diagnostics import add_arguments as add_diagnose_arguments
    from framing.diagnostics import cmd_diagnose
    from framing.evaluate import add_arguments as add_evaluate_arguments
    from framing.evaluate import cmd_evaluate

    p = sub.add_parser("evaluate", help="measure a lexicon or the tone against a labelled file",
                       description="Precision/recall/F1 per category (or Pearson/Spearman r for "
                                   "continuous labels) against a hand-labelled file.")
    add_evaluate_arguments(p)
    p.set_defaults(func=cmd_evaluate)

    from framing.agreement import add_arguments as add_agree_arguments
    from framing.agreement import cmd_agree

    p = sub.add_parser("agree", help="how far two coders (and a lexicon) agree on the same rows",
                       description="Inter-coder agreement per category: counts, percent "
                                   "agreement, Cohen's kappa, Krippendorff's alpha, F1; with "
                                   "--lexicon, the lexicon as a third coder.")
    add_agree_arguments(p)
    p.set_defaults(func=cmd_agree)

    p = sub.add_parser("diagnose", help="which patterns fire, which never do, candidate new terms")
    _add_corpus_options(p)
    add_diagnose_arguments(p)
    p.set_defaults(func=cmd_diagnose)
    return parser


# Python parameter names in the package's messages, as the command line spells them
_PARAM_OF = re.compile(r"The '(\w+)' parameter of [\w.]+ ")
_PARAM_IS = re.compile(r"\b([a-z][a-z0-9_]*)=(True|False|'[^']*'|\"[^\"]*\"|[^\s,;:)]*)")
_PARAM_IN_PARENS = re.compile(r"\((\w+)\)")
_PARAM_BARE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def as_flags(message: str, parser: argparse.ArgumentParser) -> str:
    """``message`` with the Python parameter names of ``parser``'s options written as its
    flags: "pass text_col= to name" -> "pass --text-col to name", "The 'jobs' parameter of
    score_to_files must" -> "--jobs must", "model=True" -> "--model". Names that are not options
    of the command stay as they are."""
    flags: dict[str, str] = {}
    switches: dict[tuple[str, bool], str] = {}
    for action in parser._actions:  # argparse keeps no public list of a parser's options
        longs = [o for o in action.option_strings if o.startswith("--")]
        if not longs or action.dest == "help":
            continue
        flags.setdefault(action.dest, longs[0])
        if isinstance(action.const, bool):
            switches[(action.dest, action.const)] = longs[0]

    def value(m: re.Match) -> str:
        name, given = m.groups()
        if name not in flags:
            return m[0]
        if given in ("True", "False"):
            return switches.get((name, given == "True"), m[0])
        return flags[name] + (" " + given if given else "")

    message = _PARAM_OF.sub(lambda m: flags[m[1]] + " " if m[1] in flags else m[0], message)
    message = _PARAM_IS.sub(value, message)
    message = _PARAM_IN_PARENS.sub(lambda m: f"({flags[m[1]]})" if m[1] in flags else m[0],
                                   message)
    return _PARAM_BARE.sub(lambda m: flags.get(m[0], m[0]), message)


def _subcommand_parser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            return action.choices[name]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framing`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except FramingError as exc:
        message = as_flags(str(exc), _subcommand_parser(parser, args.command))
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; no output file was left half-written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `framing keyness | head`: the reader has gone, stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # the file system refused: a folder that is a file, no permission, …
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"{PROG}: error: {exc.strerror or exc}{where}; no output file was left "
              f"half-written", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
