"""Compile lexicons into one Aho-Corasick automaton; find matches in a document with offsets.

How a document is matched (docs/lexicon-format.md has the rules):

1. ``C``: the normalized text (lowercase, straight apostrophes) with every whitespace run
   collapsed to one space; a short list of collapsed runs maps ``C`` offsets back to the text.
2. ``T``: ``C`` with every non-word character replaced by a space, padded with a space at each
   end. Every term is stored in the automaton in the same form, with a leading space when it
   starts with a letter or digit and a trailing one when it ends with one (and has no wildcard):
   so the automaton itself enforces word boundaries and never reports hits inside words, which
   keeps the cost flat in the number of terms.
3. Each hit is checked against ``C`` (punctuation is literal), wildcards are extended to the end
   of the word, ``=Word`` terms are checked against the original text, and the term's uses
   (an ``any`` pattern, an item of an ``all`` rule, a ``none`` veto, an ``exclude``, a negator)
   are collected per sentence. Then negation, vetoes, excludes and leftmost-longest resolve them.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import NamedTuple

import ahocorasick

from framing.errors import LexiconError, ParameterError
from framing.lexicon import KINDS, NEGATION_MODES, Lexicon, term_problem
from framing.text import normalize_for_matching, word_spans

__all__ = ["Match", "Matcher"]

# Clause breaks stop negation (docs/lexicon-format.md): , ; : — and "but". The en dash is
# included because many outlets set a spaced en dash where others use an em dash.
_CLAUSE_BREAK = re.compile(r"[,;:\u2014\u2013]|\bbut\b")
_WS = re.compile(r"\s{2,}|[^\S ]")  # runs to collapse, and single non-space whitespace
_NON_WORD = re.compile(r"[^\w ]")  # applied after whitespace became ' '
_IS_WORD_CHAR = re.compile(r"\w").match
# Case-preserving version of framing.text.normalize_for_matching's folding, for =Word checks.
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'",
                       "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                       "\u2010": "-", "\u2011": "-"})
_NT = "n't"

# use kinds
_ANY, _ALL, _NONE, _EXCL, _NEG = range(5)
_BLOCK, _REQUIRE, _IGNORE = (NEGATION_MODES.index(m) for m in ("block", "require", "ignore"))


class Match(NamedTuple):
    """One counted match. ``text[start:end]`` is the matched text (offsets into the original)."""

    sentence_index: int
    start: int
    end: int
    lexicon: str
    kind: str
    category: str
    pattern: str
    negated: bool


# A compiled word: (normalized lowercase text without '*', case-sensitive text or None, wildcard)
_Word = tuple[str, str | None, bool]


def _expand(term: str, groups: dict[str, tuple[str, ...]], memo: dict[str, list]) -> list:
    """All compiled forms (tuples of _Word) of a term, with @groups substituted."""
    cs = term.startswith("=")
    body = term[1:] if cs else term
    choices: list[list[tuple[_Word, ...]]] = []
    for word in body.split():
        if word.startswith("@"):
            name = word[1:]
            if name not in memo:
                memo[name] = []  # cycle guard (cycles are rejected at load time)
                memo[name] = [f for t in groups[name] for f in _expand(t, groups, memo)]
            choices.append(memo[name])
            continue
        wild = word.endswith("*")
        lit = word[:-1] if wild else word
        choices.append([((normalize_for_matching(lit), lit.translate(_FOLD) if cs else None,
                          wild),)])
    return [tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*choices)]


class _Entry:
    """A compiled term reachable from one automaton key, and everything it is used for."""

    __slots__ = ("prefix", "lead", "key_len", "key_wild", "rest", "cs", "uses", "offsets", "_key")

    def __init__(self, words: tuple[_Word, ...], nkey: int, key_len: int, lead: int) -> None:
        self.prefix = " ".join(w[0] for w in words[:nkey])
        self.lead = lead
        self.key_len = key_len
        self.key_wild = words[nkey - 1][2]
        self.rest = words[nkey:]
        offsets, pos = [], 0
        for w in words[:nkey]:
            offsets.append(pos)
            pos += len(w[0]) + 1
        self.offsets = offsets
        # (word index, case-sensitive text) for =Word checks
        self.cs = tuple((i, w[1]) for i, w in enumerate(words) if w[1] is not None)
        self.uses: list[tuple] = []


class Matcher:
    """All lexicons compiled into one automaton; :meth:`find` returns the counted matches.

    Two lexicons of the same kind may not define the same category id (their counts would
    share a column).
    """

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        if isinstance(lexicons, Lexicon) or not all(isinstance(x, Lexicon) for x in lexicons):
            got = type(lexicons).__name__ if isinstance(lexicons, Lexicon) else (
                ", ".join(sorted({type(x).__name__ for x in lexicons})))
            raise ParameterError(f"Matcher expects a sequence of Lexicon objects. Got {got}.")
        self.lexicons = tuple(lexicons)
        self._compile()

    def __reduce__(self):
        return (Matcher, (self.lexicons,))

    def __repr__(self) -> str:
        return f"Matcher({[lex.name for lex in self.lexicons]!r}, terms={self._n_terms})"

    # -- compilation ------------------------------------------------------------------------
    def _compile(self) -> None:
        owners: dict[tuple[str, str], str] = {}
        for lex in self.lexicons:
            if lex.kind not in KINDS:
                raise LexiconError(f"lexicon '{lex.name}' has kind '{lex.kind}' "
                                   f"(expected one of: {', '.join(KINDS)})")
            for cat in lex.categories:
                other = owners.setdefault((lex.kind, cat.id), lex.name)
                if other != lex.name:
                    raise LexiconError(
                        f"category '{cat.id}' is defined by both lexicon '{other}' and lexicon "
                        f"'{lex.name}' (kind '{lex.kind}'); category ids of one kind must differ")
        # metadata tables, indexed by global category (gc) and pattern (gp) numbers
        self._cat_info: list[tuple[int, str, str, str]] = []  # (li, lexicon, kind, category id)
        self._pat_info: list[tuple[int, str, int, int]] = []  # (gc, pattern id, negation, n items)
        self._lex_neg: list[tuple[int, bool]] = []  # (window, n't rule)
        entries: dict[tuple[_Word, ...], _Entry] = {}
        self._has_all = False

        def add(term: str, use: tuple, lex: Lexicon, where: str, memo: dict) -> None:
            problem = term_problem(term, lex.groups)
            if problem is not None:
                if problem == "is empty":
                    return
                raise LexiconError(f"lexicon '{lex.name}', {where}: term '{term}' {problem}")
            for words in _expand(term, lex.groups, memo):
                entry = entries.get(words)
                if entry is None:
                    entry = entries[words] = self._make_entry(words, lex, term)
                if use not in entry.uses:
                    entry.uses.append(use)

        for li, lex in enumerate(self.lexicons):
            memo: dict[str, list] = {}
            nt_rule = False
            for term in lex.negators:
                if term.strip() == _NT:
                    nt_rule = True
                else:
                    add(term, (_NEG, li), lex, "negators", memo)
            self._lex_neg.append((lex.negation_window, nt_rule))
            default_mode = NEGATION_MODES.index(lex.negation_default or "ignore")
            for cat in lex.categories:
                gc = len(self._cat_info)
                self._cat_info.append((li, lex.name, lex.kind, cat.id))
                for term in cat.exclude:
                    add(term, (_EXCL, gc), lex, f"category '{cat.id}' exclude", memo)
                for pat in cat.patterns:
                    gp = len(self._pat_info)
                    mode = default_mode if pat.negation is None else NEGATION_MODES.index(
                        pat.negation)
                    self._pat_info.append((gc, pat.id, mode, len(pat.all)))
                    where = f"pattern '{pat.id}'"
                    for term in pat.any:
                        add(term, (_ANY, gc, gp), lex, where, memo)
                    for k, item in enumerate(pat.all):
                        self._has_all = True
                        for term in item:
                            add(term, (_ALL, gp, k), lex, where, memo)
                    for term in pat.none:
                        add(term, (_NONE, gp), lex, where, memo)

        automaton = ahocorasick.Automaton()
        by_key: dict[str, list[_Entry]] = defaultdict(list)
        for entry in entries.values():
            by_key[entry._key].append(entry)  # type: ignore[attr-defined]
        for key, group in by_key.items():
            automaton.add_word(key, tuple((e.key_len, e.lead, e.prefix, e.key_wild,
                                           e.rest, e.cs, e.offsets, tuple(e.uses))
                                          for e in group))
        if by_key:
            automaton.make_automaton()
        self._automaton = automaton if by_key else None
        self._n_terms = len(entries)

    @staticmethod
    def _make_entry(words: tuple[_Word, ...], lex: Lexicon, term: str) -> _Entry:
        nkey = next((i + 1 for i, w in enumerate(words) if w[2]), len(words))
        prefix = " ".join(w[0] for w in words[:nkey])
        key = _NON_WORD.sub(" ", prefix)
        if not key.strip():
            raise LexiconError(f"lexicon '{lex.name}': term '{term}' cannot be matched "
                               f"(it needs a letter or digit before its first wildcard)")
        lead = 1 if _IS_WORD_CHAR(prefix[0]) else 0
        if lead:
            key = " " + key
        if nkey == len(words) and not words[-1][2] and _IS_WORD_CHAR(prefix[-1]):
            key += " "
        entry = _Entry(words, nkey, len(key), lead)
        entry._key = key  # type: ignore[attr-defined]
        return entry

    # -- matching ---------------------------------------------------------------------------
    def find(self, text: str, sentences: Sequence[tuple[int, int]], *,
             skip: Collection[int] = (), normalized: str | None = None) -> list[Match]:
        """The counted matches of all lexicons in ``text``, ordered by position.

        ``sentences`` are ``(start, end)`` spans into ``text`` (``framing.text.split_sentences``);
        matches never cross them. ``skip`` holds sentence indices not to score (boilerplate).
        ``normalized`` is ``normalize_for_matching(text)`` if the caller has it already.
        """
        if not isinstance(text, str):
            raise ParameterError(f"Matcher.find expects text as a str. Got {type(text).__name__}.")
        if normalized is None:
            norm = normalize_for_matching(text)
        elif len(normalized) != len(text):
            raise ParameterError(
                "The 'normalized' parameter of Matcher.find must have the length of text "
                f"({len(text)}). Got {len(normalized)}.")
        else:
            norm = normalized
        if self._automaton is None or not sentences:
            return []

        # 1. C (whitespace collapsed) and the map back to text offsets
        pieces: list[str] = []
        run_pos: list[int] = []  # first C offset shifted by a collapsed run
        run_shift: list[int] = []  # cumulative characters removed up to it
        last = removed = 0
        for m in _WS.finditer(norm):
            s, e = m.span()
            pieces.append(norm[last:s])
            pieces.append(" ")
            last = e
            if e - s > 1:
                removed += e - s - 1
                run_pos.append(s - removed + e - s)  # = C offset just after the run's space
                run_shift.append(removed)
        if pieces:
            pieces.append(norm[last:])
            c_text = "".join(pieces)
        else:
            c_text = norm
        t_text = " " + _NON_WORD.sub(" ", c_text) + " "

        def to_text(x: int) -> int:
            k = bisect_right(run_pos, x)
            return x + run_shift[k - 1] if k else x

        sent_starts = [s for s, _ in sentences]
        sent_ends = [e for _, e in sentences]
        skip_set = skip if isinstance(skip, (set, frozenset)) else set(skip)
        startswith = c_text.startswith
        t_find = t_text.find

        cands: dict[int, list] = defaultdict(list)  # gc -> [(start, end, si, gp, negated)]
        items: dict[tuple[int, int], list] | None = None  # (gp, si) -> [[(s, e)], ...]
        vetoes: set[tuple[int, int]] = set()
        excludes: dict[int, list] = defaultdict(list)
        negators: dict[tuple[int, int], list] = defaultdict(list)

        # 2. automaton hits -> verified occurrences -> uses
        for t_end, group in self._automaton.iter(t_text):
            for key_len, lead, prefix, key_wild, rest, cs, offsets, uses in group:
                cstart = t_end - key_len + lead  # T offset t is C offset t - 1
                if not startswith(prefix, cstart):
                    continue
                pos = cstart + len(prefix)  # C offset after the key part
                if key_wild:
                    pos = t_find(" ", pos + 1) - 1
                starts = None
                if rest:
                    starts = [cstart + o for o in offsets]
                    ok = True
                    for lw, _, wild in rest:
                        if c_text[pos:pos + 1] != " " or not startswith(lw, pos + 1):
                            ok = False
                            break
                        starts.append(pos + 1)
                        pos += 1 + len(lw)
                        if wild:
                            pos = t_find(" ", pos + 1) - 1
                        elif _IS_WORD_CHAR(lw[-1]) and t_text[pos + 1] != " ":
                            ok = False
                            break
                    if not ok:
                        continue
                if cs:
                    if starts is None:
                        starts = [cstart + o for o in offsets]
                    ok = True
                    for i, word in cs:
                        o = to_text(starts[i]) if run_pos else starts[i]
                        if text[o:o + len(word)].translate(_FOLD) != word:
                            ok = False
                            break
                    if not ok:
                        continue
                if run_pos:
                    ostart, oend = to_text(cstart), to_text(pos - 1) + 1
                else:
                    ostart, oend = cstart, pos
                si = bisect_right(sent_starts, ostart) - 1
                if si < 0 or oend > sent_ends[si] or si in skip_set:
                    continue
                for use in uses:
                    u = use[0]
                    if u == _ANY:
                        cands[use[1]].append((ostart, oend, si, use[2], None))
                    elif u == _NEG:
                        negators[(use[1], si)].append((ostart, oend))
                    elif u == _ALL:
                        if items is None:
                            items = {}
                        slot = items.get((use[1], si))
                        if slot is None:
                            slot = items[(use[1], si)] = [
                                [] for _ in range(self._pat_info[use[1]][3])]
                        slot[use[2]].append((ostart, oend))
                    elif u == _NONE:
                        vetoes.add((use[1], si))
                    else:
                        excludes[use[1]].append((ostart, oend))

        # 3. sentence rules
        pat_info = self._pat_info
        cat_info = self._cat_info
        lex_neg = self._lex_neg
        if items:
            for (gp, si), slots in items.items():
                if (gp, si) in vetoes or not all(slots):
                    continue
                gc, _, mode, _ = pat_info[gp]
                window, nt_rule = lex_neg[cat_info[gc][0]]
                chosen = [min(slot) for slot in slots[:-1]]
                last_choice = None
                for s, e in sorted(slots[-1]):
                    neg = False
                    if mode != _IGNORE:
                        neg = _negated(norm, sent_starts[si], s,
                                       negators.get((cat_info[gc][0], si), ()), window, nt_rule)
                        if neg != (mode == _REQUIRE):
                            continue
                    last_choice = (s, e, neg)
                    break
                if last_choice is None:
                    continue
                start = min([s for s, _ in chosen] + [last_choice[0]])
                end = max([e for _, e in chosen] + [last_choice[1]])
                cands[gc].append((start, end, si, gp, last_choice[2]))

        # 4. vetoes, negation, excludes, leftmost-longest within each category
        out: list[Match] = []
        for gc, found in cands.items():
            li, lex_name, kind, cat_id = cat_info[gc]
            window, nt_rule = lex_neg[li]
            excl = excludes.get(gc)
            kept = []
            for start, end, si, gp, neg in found:
                if neg is None:  # an `any` match: vetoes and negation still to check
                    if vetoes and (gp, si) in vetoes:
                        continue
                    mode = pat_info[gp][2]
                    neg = False
                    if mode != _IGNORE:
                        neg = _negated(norm, sent_starts[si], start,
                                       negators.get((li, si), ()), window, nt_rule)
                        if neg != (mode == _REQUIRE):
                            continue
                if excl and any(s < end and start < e for s, e in excl):
                    continue
                kept.append((start, -end, gp, si, neg))
            kept.sort()
            reach = -1
            for start, neg_end, gp, si, neg in kept:
                if start < reach:
                    continue
                reach = -neg_end
                out.append(Match(si, start, -neg_end, lex_name, kind, cat_id,
                                 pat_info[gp][1], neg))
        out.sort(key=lambda m: (m.start, m.end, m.lexicon, m.category))
        return out


def _negated(norm: str, sent_start: int, start: int, negs: Sequence[tuple[int, int]],
             window: int, nt_rule: bool) -> bool:
    """Whether a negator governs a match at ``start``: within ``window`` words before it in the
    same sentence and clause (docs/lexicon-format.md, "negated")."""
    if not negs and not nt_rule:
        return False
    cut = sent_start
    for m in _CLAUSE_BREAK.finditer(norm, sent_start, start):
        cut = m.end()
    words = word_spans(norm, cut, start)
    if nt_rule:
        for s, e in words[-window:]:
            if norm.endswith(_NT, s, e):
                return True
    for s, e in negs:
        if s >= cut and e <= start:
            between = sum(1 for ws, _ in words if ws >= e)
            if between < window:
                return True
    return False
