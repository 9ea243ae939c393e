"""Lexicon diagnostics: which patterns fire on a corpus, and which words a category may be missing.

* :func:`pattern_usage` — one row per pattern: how often it fires, in how many sentences and
  articles, its most frequent matched strings and an example; patterns that never fire have
  ``fires == 0`` (candidates for removal or a typo).
* :func:`candidate_terms` — words and bigrams over-represented in the sentences where a category
  fires versus the sentences where it does not (or in a user's positive examples versus the
  corpus), ranked by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
  Quinn 2008, via :func:`framing.keyness.keyness`), with counts and G². Terms the category
  already matches are left out unless ``include_known=True``. A ranked list to accept or reject by
  hand, not a list to paste in: co-occurring topic words (names, places) rank high too.

Articles are prepared as in ``framing score`` (sentences, boilerplate left out).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError, ParameterError
from framing.lexicon import Category, Lexicon, Pattern, load_lexicon
from framing.matcher import Matcher

__all__ = ["add_arguments", "candidate_terms", "cmd_diagnose", "pattern_usage"]

# --- tuned constants ---------------------------------------------------------------------------
# Matched strings listed per pattern in pattern_usage's ``top_matches``.
TOP_MATCHES = 5
# A candidate must occur this often in the whole comparison (keyness's min_count): below 3 a
# term's log-odds rests on one or two sentences and the top of the list is noise.
MIN_COUNT = 3
# Characters of example sentences kept in the tables, and of each matched string in top_matches
# (sentence rules can match most of a sentence).
EXAMPLE_CHARS = 200
MATCH_CHARS = 40

USAGE_COLUMNS = ["lexicon", "category", "pattern", "rule", "fires", "sentences", "articles",
                 "share_sentences", "top_matches", "example", "example_sentence"]
CANDIDATE_COLUMNS = ["category", "term", "n_gram", "count_in", "count_out", "per_1k_in",
                     "per_1k_out", "log_odds", "z", "g2", "in_lexicon", "example"]


def _as_lexicon(lexicon: str | Path | Lexicon, func: str) -> Lexicon:
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, (str, Path)):
        return load_lexicon(lexicon)
    raise ParameterError(f"The 'lexicon' parameter of {func} must be a Lexicon, a path or a "
                         f"shipped name. Got {type(lexicon).__name__}.")


def _as_texts(articles: Any, name: str, func: str) -> tuple[list[str], list[str]]:
    """(doc ids, texts) from an articles table or a list of strings."""
    if isinstance(articles, str):
        raise ParameterError(f"The '{name}' parameter of {func} expects many texts (a list or an "
                             f"articles table). Got a single str; wrap it in a list.")
    if isinstance(articles, pd.DataFrame):
        if "text" not in articles.columns:
            raise InputError(f"The '{name}' table given to {func} must have a 'text' column. "
                             f"Got columns {list(articles.columns)}.")
        texts = articles["text"].fillna("").astype(str).tolist()
        ids = (articles["doc_id"].astype(str).tolist() if "doc_id" in articles.columns
               else [f"doc-{i}" for i in range(len(texts))])
        return ids, texts
    try:
        texts = list(articles)
    except TypeError:
        raise ParameterError(f"The '{name}' parameter of {func} must be an articles table or a "
                             f"list of str. Got {type(articles).__name__}.") from None
    bad = [type(t).__name__ for t in texts if not isinstance(t, str)]
    if bad:
        raise ParameterError(f"The '{name}' parameter of {func} must hold str texts. "
                             f"Got {bad[0]}.")
    return [f"doc-{i}" for i in range(len(texts))], texts


def _sentences(texts: Sequence[str]):
    """Yield (article index, prepared document) for every text."""
    from framing.document import prepare

    for i, text in enumerate(texts):
        if text.strip():
            yield i, prepare(text)


def _clip(text: str, n: int = 0) -> str:
    n = n or EXAMPLE_CHARS
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def pattern_usage(lexicon: str | Path | Lexicon, articles: Any) -> pd.DataFrame:
    """One row per pattern of ``lexicon``: how it fires on ``articles``.

    Columns: ``lexicon, category, pattern, rule`` (``any``/``all``), ``fires`` (counted matches,
    after negation, vetoes and leftmost-longest), ``sentences`` and ``articles`` it fires in,
    ``share_sentences`` (of all scored sentences), ``top_matches`` ("cost ×12; costs ×5"),
    ``example`` (the first matched text) and ``example_sentence``. Ordered by category, then
    ``fires`` descending; never-firing patterns last in their category with ``fires == 0``.
    """
    func = "pattern_usage"
    lex = _as_lexicon(lexicon, func)
    _, texts = _as_texts(articles, "articles", func)
    matcher = Matcher([lex])
    fires: Counter[str] = Counter()
    sentences: dict[str, set] = defaultdict(set)
    docs: dict[str, set] = defaultdict(set)
    strings: dict[str, Counter] = defaultdict(Counter)
    example: dict[str, tuple[str, str]] = {}
    n_sentences = 0
    for i, doc in _sentences(texts):
        n_sentences += doc.n_sentences
        for m in matcher.find(doc.text, doc.sentences, skip=doc.skipped_indices,
                              normalized=doc.normalized):
            fires[m.pattern] += 1
            sentences[m.pattern].add((i, m.sentence_index))
            docs[m.pattern].add(i)
            matched = doc.text[m.start:m.end]
            strings[m.pattern][" ".join(matched.lower().split())] += 1
            example.setdefault(m.pattern, (matched, doc.sentence_text(m.sentence_index)))
    rows = []
    for cat in lex.categories:
        block = []
        for pat in cat.patterns:
            pid = pat.id
            top = "; ".join(f"{_clip(s, MATCH_CHARS)} ×{k}"
                            for s, k in strings[pid].most_common(TOP_MATCHES))
            ex, sent = example.get(pid, ("", ""))
            block.append({
                "lexicon": lex.name, "category": cat.id, "pattern": pid,
                "rule": "all" if pat.all else "any", "fires": fires[pid],
                "sentences": len(sentences[pid]), "articles": len(docs[pid]),
                "share_sentences": len(sentences[pid]) / n_sentences if n_sentences else 0.0,
                "top_matches": top, "example": ex, "example_sentence": _clip(sent),
            })
        block.sort(key=lambda r: -r["fires"])
        rows.extend(block)
    return pd.DataFrame(rows, columns=USAGE_COLUMNS)


def _category_terms(lex: Lexicon, cat: Category) -> Lexicon:
    """A lexicon whose one category matches every term of ``cat`` (any terms and all items),
    with negation ignored: to test whether a candidate is already covered."""
    terms: list[str] = []
    for pat in cat.patterns:
        terms.extend(pat.any)
        for item in pat.all:
            terms.extend(item)
    unique = list(dict.fromkeys(terms))
    return Lexicon(name="_known", kind="frames", groups=lex.groups, negation_default="ignore",
                   categories=(Category("known", "known", "", (Pattern("known", tuple(unique)),)),))


def candidate_terms(
    lexicon: str | Path | Lexicon,
    articles: Any,
    category: str,
    *,
    positives: Any = None,
    top: int = 30,
    ngram_range: tuple[int, int] = (1, 2),
    min_count: int = MIN_COUNT,
    include_known: bool = False,
) -> pd.DataFrame:
    """Words and bigrams over-represented where ``category`` is present, ranked by ``z``.

    Without ``positives``: the scored sentences of ``articles`` where the category fires ("in")
    against those where it does not ("out"). With ``positives`` (texts or an articles table of
    hand-picked positive examples): the positives ("in") against ``articles`` ("out"), whole
    texts. Columns: ``category, term, n_gram, count_in, count_out, per_1k_in, per_1k_out,
    log_odds, z, g2, in_lexicon, example`` (a sentence or text of the "in" side containing it).
    ``z`` is the log-odds ratio with an informative Dirichlet prior over its standard error
    (Monroe et al. 2008); ``g2`` the log-likelihood ratio (1 df; > 10.83 is p < 0.001).
    """
    from framing.compare import _check_int
    from framing.keyness import keyness

    func = "candidate_terms"
    lex = _as_lexicon(lexicon, func)
    try:
        cat = lex.category(category)
    except KeyError as exc:
        raise ParameterError(f"The 'category' parameter of {func} must be a category of lexicon "
                             f"'{lex.name}' ({', '.join(c.id for c in lex.categories)}). "
                             f"Got {category!r}.") from exc
    top = _check_int(top, "top", func, minimum=1)
    min_count = _check_int(min_count, "min_count", func, minimum=1)
    _, texts = _as_texts(articles, "articles", func)
    if positives is None:
        matcher = Matcher([lex])
        units, groups = [], []
        for _, doc in _sentences(texts):
            hit = {m.sentence_index for m in matcher.find(
                doc.text, doc.sentences, skip=doc.skipped_indices, normalized=doc.normalized)
                if m.category == category}
            for si, keep in enumerate(doc.scored):
                if keep:
                    units.append(doc.sentence_text(si))
                    groups.append("in" if si in hit else "out")
        if "in" not in groups:
            raise InputError(f"Category '{category}' never fires on the {len(texts)} text(s) "
                             f"given, so there is nothing to compare. Pass positives= (hand-"
                             f"picked examples) or a larger corpus.")
        if "out" not in groups:
            raise InputError(f"Category '{category}' fires in every sentence given; "
                             f"candidate_terms needs sentences where it does not fire.")
    else:
        _, pos = _as_texts(positives, "positives", func)
        if not pos or not texts:
            raise InputError(f"{func} with positives needs at least one positive and one other "
                             f"text. Got {len(pos)} positive(s) and {len(texts)} other(s).")
        units = pos + texts
        groups = ["in"] * len(pos) + ["out"] * len(texts)
    table = pd.DataFrame({"doc_id": [f"u{i}" for i in range(len(units))], "text": units,
                          "side": groups})
    keys = keyness(table, by="side", ngram_range=ngram_range, min_count=min_count)
    keys = keys[(keys["group"] == "in") & (keys["z"] > 0)]
    known = Matcher([_category_terms(lex, cat)])
    keys = keys.assign(in_lexicon=np.array(
        [bool(known.find(t, [(0, len(t))])) for t in keys["term"]], dtype=bool))
    if not include_known:
        keys = keys[~keys["in_lexicon"].to_numpy(dtype=bool)]
    keys = keys.head(top)
    out = pd.DataFrame({
        "category": category, "term": keys["term"].to_numpy(), "n_gram": keys["n_gram"].to_numpy(),
        "count_in": keys["count_group"].to_numpy(), "count_out": keys["count_rest"].to_numpy(),
        "per_1k_in": keys["per_1k_group"].to_numpy(), "per_1k_out": keys["per_1k_rest"].to_numpy(),
        "log_odds": keys["log_odds"].to_numpy(), "z": keys["z"].to_numpy(),
        "g2": keys["g2"].to_numpy(), "in_lexicon": keys["in_lexicon"].to_numpy(),
    })
    inside = [u for u, g in zip(units, groups) if g == "in"]
    out["example"] = [_example(term, inside) for term in out["term"]]
    return out[CANDIDATE_COLUMNS]


def _example(term: str, texts: Sequence[str]) -> str:
    pattern = re.compile(r"(?<![\w])" + r"\W+".join(map(re.escape, term.split())) + r"(?![\w])",
                         re.IGNORECASE)
    for text in texts:
        m = pattern.search(text.replace("\u2019", "'"))
        if m:
            start = max(0, m.start() - EXAMPLE_CHARS // 2)
            return ("…" if start else "") + _clip(text[start:])
    return ""


# --- command line ------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``framing diagnose`` besides the corpus options (INPUT ..., --text-col …,
    added by ``framing.cli._add_corpus_options``)."""
    parser.add_argument("--lexicon", required=True, metavar="PATH_OR_NAME",
                        help="lexicon to diagnose (.yaml, LIWC .dic, or a shipped name)")
    parser.add_argument("--category", metavar="ID",
                        help="also list candidate new terms for this category")
    parser.add_argument("--positives", nargs="+", metavar="PATH",
                        help="--category: files/tables of hand-picked positive examples, "
                             "compared with the INPUT corpus")
    parser.add_argument("--top", type=int, default=30, metavar="N",
                        help="candidate terms to list (default 30)")
    parser.add_argument("--include-known", action="store_true",
                        help="keep candidates the category already matches")
    parser.add_argument("--usage-out", metavar="FILE",
                        help="write the pattern table (.csv .tsv .parquet .jsonl)")
    parser.add_argument("--candidates-out", metavar="FILE",
                        help="write the candidate-term table (.csv .tsv .parquet .jsonl)")


def cmd_diagnose(args: argparse.Namespace) -> int:
    """Run ``framing diagnose`` from parsed arguments (corpus options included)."""
    from framing.corpus import read_corpus
    from framing.tables import table_format, write_table

    for target in (args.usage_out, args.candidates_out):
        if target is not None:
            table_format(target)
    if args.positives and not args.category:
        raise ParameterError("--positives needs --category (the category they are examples of).")
    lex = load_lexicon(args.lexicon)
    columns = {f"{k}_col": getattr(args, f"{k}_col", None)
               for k in ("text", "id", "outlet", "date", "title")}
    articles = read_corpus(args.inputs or None, **columns)
    usage = pattern_usage(lex, articles)
    never = usage[usage["fires"] == 0]
    print(f"framing diagnose: lexicon '{lex.name}' on {len(articles):,} article(s); "
          f"{len(usage)} patterns, {len(never)} never fire")
    with pd.option_context("display.width", 120, "display.max_columns", 20,
                           "display.max_rows", 500, "display.max_colwidth", 60,
                           "display.float_format", "{:.4f}".format):
        shown = usage.drop(columns=["lexicon", "example_sentence"])
        shown["top_matches"] = [_clip(t, 70) for t in shown["top_matches"]]
        shown["example"] = [_clip(t, 40) for t in shown["example"]]
        print(shown.to_string(index=False))
        candidates = None
        if args.category:
            positives = read_corpus(args.positives, text_col=columns["text_col"]) \
                if args.positives else None
            candidates = candidate_terms(lex, articles, args.category, positives=positives,
                                         top=args.top, include_known=args.include_known)
            side = ("hand-picked positives vs the corpus" if positives is not None
                    else "sentences where it fires vs the rest")
            print(f"\ncandidate terms for '{args.category}' ({side}; log-odds z, "
                  f"Monroe et al. 2008):")
            if candidates.empty:
                where = "in the positives" if positives is not None else "where it fires"
                known = "" if args.include_known else " and is not a term of the category"
                print(f"  none: no word or word pair occurs {MIN_COUNT}+ times, more often "
                      f"{where}{known}; give more text")
            else:
                print(candidates.drop(columns=["category", "example"]).to_string(index=False))
    if args.usage_out:
        write_table(usage, args.usage_out)
    if candidates is not None and args.candidates_out:
        write_table(candidates, args.candidates_out)
    return 0
