"""Compile lexicons into one Aho-Corasick automaton; find matches in a document with offsets.

How a document is matched (docs/lexicon-format.md has the rules):

1. ``C``: the normalized text (lowercase, straight apostrophes) with every whitespace run
   collapsed to one space; a short list of collapsed runs maps ``C`` offsets back to the text
   (empty in the common case: runs between sentences are left alone, so offsets agree).
2. ``T``: ``C`` with every character but an ASCII letter, digit or ``_`` replaced by a space,
   padded with a space at each end (non-ASCII letters are rechecked against ``C`` per hit).
   Every term is stored in the automaton in the same form, with a leading space when it starts
   with a letter or digit and a trailing one when it ends with one (and has no wildcard): so
   the automaton itself enforces word boundaries and never reports hits inside words, which
   keeps the cost flat in the number of terms. One pass of the automaton over ``T``.
3. Each hit is checked against ``C`` (punctuation is literal), wildcards are extended to the end
   of the word, ``=Word`` terms are checked against the original text, and the term's uses
   (an ``any`` pattern, an item of an ``all`` rule, a ``none`` veto, an ``exclude``, a negator)
   are collected per sentence. Then sentence rules, negation, vetoes, excludes and
   leftmost-longest resolve them into :class:`Match` tuples.

Why it is shaped like this (speed). Everything an automaton key needs per hit is computed at
compile time into its automaton value. A key with one plain term and only ``any``/rule uses (85%
of the hits on news text) takes a short path: a few integer operations, one ``bisect`` for the
sentence, one tuple; every other key (several terms sharing a T-form such as ``u.s.``/``U.S``,
``=Word``, phrases after a wildcard, negators, vetoes, excludes) loops over its terms. Candidates
carry one integer sort key, so leftmost-longest is one sort and one pass. Sentence rules keep
one bit per rule item: a rule is looked at only in the sentences where its trigger item (its
item of fewest terms) occurs, and fires when the sentence's OR of item bits covers its mask.
Negation looks at the nearest negator first; a clause break after it ends the search.

Where the time goes (shipped lexicons, 30,025 compiled terms; the ``bench_score`` articles of
~645 words and 25 sentences: ~330 automaton hits and ~110 matches per article; CPU time, medians
on a shared 2-core machine): ~670 us per article alone (``benchmarks/bench_matcher.py
--articles 300``), 650-830 us inside the pipeline (``bench_score.py --phases``), where a batch
runs the matcher over all its articles in a row so that the automaton and the per-key values stay
in the CPU caches. Under a line profiler the hit loop is three fifths of it (the automaton's
pass included; resolve() for the keys of the general path 8%), sentence rules a quarter (~300
rules looked at per article, nine in ten without all their items), leftmost-longest and the
Match tuples a tenth. What remains is per-hit interpreter work (~0.5 us per short-path hit,
~1 us per other hit). The layout before the short path and the rule bits took 1.22-1.28x as
long.

Lexicon shapes that cost more: a term that multiplies groups (``@weasel_who @report_verb`` gives
754 compiled terms; ``effectiveness of the @us government's @ec_subject`` 336) grows the
automaton and its compile time, not the matching time per character; a case-sensitive term whose
lowercase form is a common word (``=US`` vs "us", ``=May``) and a short word-end wildcard (``1*``)
are reported by the automaton at every occurrence of the common form and rejected by a check in
Python, ~0.5-1 us each.
"""

from __future__ import annotations

import itertools
import operator
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from framing.errors import LexiconError, ParameterError
from framing.lexicon import KINDS, NEGATION_MODES, Lexicon, term_problem
from framing.text import ASCII_WORD_BYTES, normalize_for_matching, word_spans

__all__ = ["Match", "Matcher", "compiled_matcher"]

# Clause breaks stop negation (docs/lexicon-format.md): , ; : — and "but". The en dash is
# included because many outlets set a spaced en dash where others use an em dash.
_CLAUSE_BREAK = re.compile(r"[,;:\u2014\u2013]|\bbut\b")
_OTHER_WS = re.compile(r"[^\S ]")  # whitespace other than ' ' (after \n \t \r are replaced)
_ASCII_OTHER_WS = b"\x0b\x0c\x1c\x1d\x1e\x1f"  # after \n \t \r are replaced
_WORD_RUN = re.compile(r"\w*")
_IS_WORD_CHAR = re.compile(r"\w").match
# T: ASCII letters, digits and '_' stay, every other byte (non-ASCII characters arrive as '?')
# becomes a space; one character in, one out.
_T_TABLE = ASCII_WORD_BYTES
# Case-preserving version of framing.text.normalize_for_matching's folding, for =Word checks.
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'",
                       "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                       "\u2010": "-", "\u2011": "-"})
_NT = "n't"
_ITEM_BITS = 16  # sentence-rule item codes: gp << _ITEM_BITS | item
_tuple_new = tuple.__new__  # builds a Match without NamedTuple.__new__'s Python-level call
_first = operator.itemgetter(0)
# A key part made only of these can skip the check against C: T keeps them as they are.
_T_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")

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

    __slots__ = (
        "cs",
        "ends_word",
        "key",
        "key_wild",
        "lead",
        "offsets",
        "prefix",
        "raw",
        "rest",
        "starts_word",
        "uses",
        "words",
    )

    def __init__(self, words: tuple[_Word, ...]) -> None:
        self.words = words
        nkey = next((i + 1 for i, w in enumerate(words) if w[2]), len(words))
        self.prefix = prefix = " ".join(w[0] for w in words[:nkey])
        self.key_wild = words[nkey - 1][2]
        self.rest = words[nkey:]
        self.offsets = offsets = []
        pos = 0
        for w in words[:nkey]:
            offsets.append(pos)
            pos += len(w[0]) + 1
        # (word index, case-sensitive text) for =Word checks
        self.cs = tuple((i, w[1]) for i, w in enumerate(words) if w[1] is not None)
        self.starts_word = bool(prefix) and _IS_WORD_CHAR(prefix[0]) is not None
        last = words[-1][0]
        self.ends_word = not words[-1][2] and bool(last) and _IS_WORD_CHAR(last[-1]) is not None
        key = _to_t(prefix)
        if key.strip():
            # the T-form; pads make the automaton enforce word boundaries
            self.raw = False
            self.lead = 1 if self.starts_word else 0
            if self.starts_word:
                key = " " + key
            if nkey == len(words) and self.ends_word:
                key += " "
        else:
            # no ASCII letter or digit before the first wildcard ("中国", "é*"): matched in
            # " " + C, boundaries checked per hit
            self.raw = True
            self.lead = 0
            key = prefix
        self.key = key
        self.uses: list[tuple] = []

    def fast_shape(self, item_bit: dict[int, int], triggers: frozenset[int]) -> tuple | None:
        """``(act, wild, back, plen, check, any_use, imask, trig)`` when a hit of this entry
        alone takes Matcher.find's short path, else None: a key that resolve() need not finish
        (plain, or ending in a wildcard) with at most one `any` use (act bit 1) and any number
        of sentence-rule uses (act bit 2), and no other use."""
        back, plen, check, simple, _, _, any_uses, imask, trig, rare = self.as_value(
            item_bit, triggers)
        if simple not in (1, 2) or rare is not None or len(any_uses) > 1 or (
                not any_uses and not imask):
            return None
        act = (1 if any_uses else 0) | (2 if imask else 0)
        return (act, simple == 2, back, plen, check, any_uses[0] if any_uses else 0, imask,
                trig)

    def as_value(self, item_bit: dict[int, int], triggers: frozenset[int]) -> tuple:
        """An entry of the automaton payload (general path): what Matcher.find unpacks.

        ``(back, plen, check, simple, tcheck, extra, any_uses, imask, trig, rare)``: the key
        part runs from C offset ``t_end - back`` for ``plen`` characters; ``check`` is the text
        to verify there against C (None when the automaton's match already proves it);
        ``simple`` is 1 for a plain key, 2 for a key ending in a wildcard, 3 for a plain key
        with one ``=Word`` whose text ``tcheck = (offset, word)`` a plain ``startswith`` can
        verify against the original text (no quote or hyphen in it, which _FOLD would fold),
        0 when it needs Matcher.find's resolve() (3 also does when C offsets are not text
        offsets); ``any_uses`` are ``gp << 2`` (the low bits of a candidate's sort key);
        ``imask`` has the bit of each sentence-rule item the term belongs to (0 for none);
        ``trig`` is None or the patterns whose trigger item this is; ``rare`` is None or
        ``(negator lexicons, vetoed patterns, excluded categories)``, each a tuple or None.
        """
        tcheck = None
        if self.rest or self.raw:
            simple = 0
        elif self.cs:
            simple = 0
            if len(self.cs) == 1 and not self.key_wild:
                k, word = self.cs[0]
                if not any(ch in word for ch in "'\"-"):
                    simple, tcheck = 3, (self.offsets[k], word)
        else:
            simple = 2 if self.key_wild else 1
        extra = (self.key_wild, self.rest, self.cs, self.offsets, self.raw, self.starts_word,
                 self.ends_word)
        check = None if (self.raw or (self.prefix and _T_SAFE.issuperset(self.prefix))) \
            else self.prefix
        any_uses = tuple(u[2] << 2 for u in self.uses if u[0] == _ANY)
        codes = {(u[1] << _ITEM_BITS) | u[2] for u in self.uses if u[0] == _ALL}
        imask = 0
        for code in codes:
            imask |= item_bit[code]
        trig = frozenset(code >> _ITEM_BITS for code in codes & triggers) or None

        def of(kind: int) -> tuple[int, ...] | None:
            return tuple(u[1] for u in self.uses if u[0] == kind) or None

        rare = (of(_NEG), of(_NONE), of(_EXCL))
        return (len(self.key) - self.lead, len(self.prefix), check, simple, tcheck, extra,
                any_uses, imask, trig, None if rare == (None, None, None) else rare)


def _to_t(s: str) -> str:
    """``s`` with every character but an ASCII letter, digit or '_' replaced by a space."""
    return s.encode("ascii", "replace").translate(_T_TABLE).decode("ascii")


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

        def add(term: str, use: tuple, lex: Lexicon, where: str, memo: dict) -> None:
            problem = term_problem(term, lex.groups)
            if problem is not None:
                if problem == "is empty":
                    return
                raise LexiconError(f"lexicon '{lex.name}', {where}: term '{term}' {problem}")
            for words in _expand(term, lex.groups, memo):
                entry = entries.get(words)
                if entry is None:
                    entry = entries[words] = _Entry(words)
                    if entry.raw and not entry.prefix.strip(" "):
                        raise LexiconError(
                            f"lexicon '{lex.name}', {where}: term '{term}' cannot be matched "
                            f"(it needs a letter or digit before its first wildcard)")
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
                        for term in item:
                            add(term, (_ALL, gp, k), lex, where, memo)
                    for term in pat.none:
                        add(term, (_NONE, gp), lex, where, memo)

        # tables for Matcher.find: sort-key widths, the Match order of patterns, sentence rules
        n_pat = len(self._pat_info)
        self._gp_bits = max(1, n_pat.bit_length())
        names = [(*self._cat_info[gc][1:], pid) for gc, pid, _, _ in self._pat_info]
        order = {name: 2 * r for r, name in enumerate(sorted(set(names)))}
        self._pat_rank = [order[name] for name in names]  # 2 * rank, + negated in sort keys
        self._rank_bits = max(1, (2 * n_pat).bit_length())
        if any(n >= 1 << _ITEM_BITS for _, _, _, n in self._pat_info):
            raise LexiconError(f"a sentence rule has more than {(1 << _ITEM_BITS) - 1} items")
        # a rule is looked at in a sentence that has its trigger: the item of fewest terms (the
        # rarest, likely), so that few rules are looked at in vain
        n_terms_of: dict[int, int] = defaultdict(int)
        for entry in entries.values():
            for u in entry.uses:
                if u[0] == _ALL:
                    n_terms_of[(u[1] << _ITEM_BITS) | u[2]] += 1
        self._rule_triggers = frozenset(
            min(((gp << _ITEM_BITS) | k for k in range(n)), key=lambda c: (n_terms_of[c], c))
            for gp, (_, _, _, n) in enumerate(self._pat_info) if n)
        # one bit per item of a sentence rule; per rule: (all its bits, bits of its items but
        # the last, bit of the last item)
        item_bit: dict[int, int] = {}
        self._rules: list[tuple[int, tuple[int, ...], int] | None] = []
        for gp, (_, _, _, n) in enumerate(self._pat_info):
            bits = []
            for k in range(n):
                bits.append(item_bit.setdefault((gp << _ITEM_BITS) | k, 1 << len(item_bit)))
            self._rules.append((sum(bits), tuple(bits[:-1]), bits[-1]) if n else None)
        triggers = self._rule_triggers
        self._automaton = self._raw_automaton = None
        self._groups: list[tuple] = []  # per automaton value: its entries (general path)
        for raw in (False, True):
            by_key: dict[str, list[_Entry]] = defaultdict(list)
            for entry in entries.values():
                if entry.raw == raw:
                    by_key[entry.key].append(entry)
            if not by_key:
                continue
            automaton = ahocorasick.Automaton()
            for key, group in by_key.items():
                # (act, wild, back, plen, check, any_use, imask, trig, vid): act 0 is the
                # general path over self._groups[vid] (each entry as _Entry.as_value); see
                # _Entry.fast_shape. The short path touches no object of the general path
                # (the hits of one article touch ~150 values, cache misses in a pipeline).
                shape = group[0].fast_shape(item_bit, triggers) if len(group) == 1 else None
                automaton.add_word(key, (*(shape or (0, False, 0, 0, None, 0, 0, None)),
                                         len(self._groups)))
                self._groups.append(tuple(e.as_value(item_bit, triggers) for e in group))
            automaton.make_automaton()
            if raw:
                self._raw_automaton = automaton
            else:
                self._automaton = automaton
        self._n_terms = len(entries)
        self._any_nt_rule = any(nt for _, nt in self._lex_neg)
        # per pattern: (gc, pattern id, negation mode, li, lexicon, kind, category, 2 * rank)
        self._pat_full = [(gc, pid, mode, *self._cat_info[gc], self._pat_rank[gp])
                          for gp, (gc, pid, mode, _) in enumerate(self._pat_info)]
        # per candidate low bits (gp << 2 | kind): (gc, gp, negation mode of an `any` match or
        # -1 for a sentence rule's, li, the Match fields after end, output sort rank): a kept
        # `any` match is negated exactly when its mode is `require`
        self._low_info = [
            (gc, gp, mode if k == 0 else -1, li,
             (lex_name, kind, cat_id, pid, neg), rank + neg)
            for gp, (gc, pid, mode, li, lex_name, kind, cat_id, rank) in enumerate(self._pat_full)
            for k in range(4)
            for neg in ((mode == _REQUIRE) if k == 0 else k == 2,)]

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
        if not sentences or (self._automaton is None and self._raw_automaton is None):
            return []
        sent_starts = [s for s, _ in sentences]
        sent_ends = [e for _, e in sentences]
        ordered = sent_starts == sorted(sent_starts)  # sentences in text order

        # 1. C: whitespace as single spaces; run_pos/run_shift map C offsets back to the text.
        #    A run that no sentence holds with a character on each side is left as it is: a
        #    match spanning it would cross a sentence boundary and be dropped anyway, and
        #    leaving it keeps C offsets equal to text offsets (runs are mostly paragraph breaks).
        c_text = norm.replace("\n", " ").replace("\t", " ").replace("\r", " ")
        encoded = c_text.encode("ascii", "replace")  # one byte per character, b"?" if not ASCII
        # Other whitespace (rare) becomes one space per character. T treats every non-ASCII
        # character as a non-word character; when the text has a non-ASCII letter or digit,
        # boundaries and wildcard ends are rechecked against C (fast is False). One pass over
        # the non-ASCII characters finds both, up to the first such letter (then
        # str.isprintable() stands in for the rest: it costs ~13 us per article).
        other_ws = any(b in encoded for b in _ASCII_OTHER_WS)
        fast = True
        if not c_text.isascii():
            i = encoded.find(b"?")
            while i != -1:
                ch = c_text[i]
                if ch >= "\x80":
                    if ch.isalnum():
                        fast = False
                        other_ws = other_ws or not c_text.isprintable()
                        break
                    if ch.isspace():
                        other_ws = True
                i = encoded.find(b"?", i + 1)
        if other_ws:
            c_text = _OTHER_WS.sub(" ", c_text)  # same length: offsets and `fast` still hold
        run_pos: list[int] = []  # first C offset after a collapsed run
        run_shift: list[int] = []  # characters removed up to there
        i = c_text.find("  ")
        if i != -1:
            if ordered:  # reach[k]: the furthest end of sentences 0..k
                reach_end = list(itertools.accumulate(sent_ends, max))
            pieces: list[str] = []
            n = len(c_text)
            last = removed = 0
            while i != -1:
                j = i + 2
                while j < n and c_text[j] == " ":
                    j += 1
                if ordered:
                    # sentences starting before the run; does one of them end after it?
                    k = bisect_left(sent_starts, i)
                    if not k or reach_end[k - 1] <= j:
                        i = c_text.find("  ", j)
                        continue
                pieces.append(c_text[last:i + 1])
                last = j
                removed += j - i - 1
                run_pos.append(j - removed)
                run_shift.append(removed)
                i = c_text.find("  ", j)
            if run_pos:
                pieces.append(c_text[last:])
                c_text = "".join(pieces)
        c_len = len(c_text)
        if other_ws or run_pos:
            encoded = c_text.encode("ascii", "replace")
        t_text = " " + encoded.translate(_T_TABLE).decode("ascii") + " "

        def to_text(x: int) -> int:
            k = bisect_right(run_pos, x)
            return x + run_shift[k - 1] if k else x

        def word_at(x: int) -> bool:
            if x < 0 or x >= c_len:
                return False
            if t_text[x + 1] != " ":
                return True
            ch = c_text[x]
            return ch >= "\x80" and (ch.isalnum() or ch == "_")

        startswith = c_text.startswith
        t_find = t_text.find

        def extend(x: int) -> int:  # end of the word that continues at C offset x
            x = t_find(" ", x + 1) - 1
            if not fast and x < c_len and c_text[x] >= "\x80":
                x = _WORD_RUN.match(c_text, x).end()
            return x

        def resolve(cstart: int, pos: int, extra: tuple) -> int:
            """C end of the term whose key part runs from cstart to pos, or -1 (no match)."""
            key_wild, rest, cs, offsets, raw, starts_word, ends_word = extra
            if key_wild:
                pos = extend(pos)
            starts = None
            if rest:
                starts = [cstart + o for o in offsets]
                for lw, _, wild in rest:
                    if c_text[pos:pos + 1] != " " or not startswith(lw, pos + 1):
                        return -1
                    starts.append(pos + 1)
                    pos += 1 + len(lw)
                    if wild:
                        pos = extend(pos)
            if (rest or raw or not fast) and (
                    (starts_word and word_at(cstart - 1)) or (ends_word and word_at(pos))):
                return -1
            if cs:
                if starts is None:
                    starts = [cstart + o for o in offsets]
                for k, word in cs:
                    o = to_text(starts[k]) if run_pos else starts[k]
                    if text[o:o + len(word)].translate(_FOLD) != word:
                        return -1
            return pos

        skip_set = skip if isinstance(skip, (set, frozenset)) else set(skip)
        n_sent = len(sentences)

        # candidates: (key, start, end, si, low) with low = gp << 2 | kind and the int sort key
        #   ((start << end_bits | end_max - end) << low_shift) | low
        # ordered as the tuple (start, -end, gp, kind) would be. kind 0: an `any` match (vetoes
        # and negation still to check); 1 + negated: a sentence rule's match. Within one
        # category this is the order (start, -end, gp) that leftmost-longest needs.
        cands: list[tuple] = []
        add_cand = cands.append
        low_shift = self._gp_bits + 2
        end_bits = len(text).bit_length()
        end_max = (1 << end_bits) - 1
        # sentence ends, -1 for a skipped sentence and (at index -1) before the first sentence
        limits = [-1 if i in skip_set else e for i, e in enumerate(sent_ends)] if skip_set \
            else sent_ends.copy()
        limits.append(-1)
        n_runs = len(run_pos)
        simple_1, simple_2 = (1, 2) if fast else (-1, -1)
        # the short path of a hit, and =Word checks by startswith, need C offsets that are
        # text offsets and ASCII word rules
        fast_mask, simple_3 = (3, 3) if fast and not n_runs else (0, -1)
        text_startswith = text.startswith
        item_recs: list[list] = [[] for _ in range(n_sent)]  # si -> [(start, end, imask)]
        triggered: list[tuple[int, frozenset]] = []  # (si, patterns whose trigger occurs)
        add_triggered = triggered.append
        vetoes: set[tuple[int, int]] = set()  # (gp, si)
        excludes: dict[int, list] = defaultdict(list)  # gc -> [(start, end)]
        negators: dict[int, list] = defaultdict(list)  # si -> [(end, lexicons)]

        hits = self._automaton.iter(t_text) if self._automaton is not None else ()
        if self._raw_automaton is not None:
            hits = itertools.chain(hits, self._raw_automaton.iter(" " + c_text + " "))

        # 2. automaton hits -> verified occurrences -> uses
        groups = self._groups
        for t_end, (act, wild, back, plen, check, any_use, imask, trig, vid) in hits:
            if act & fast_mask:  # the short path (see _Entry.fast_shape)
                cstart = t_end - back  # T offset t is C offset t - 1
                if check is not None and not startswith(check, cstart):
                    continue
                pos = cstart + plen
                if wild:
                    pos = t_find(" ", pos + 1) - 1
                si = bisect_right(sent_starts, cstart) - 1
                if pos > limits[si]:  # also before the first sentence, or skipped
                    continue
                if act & 1:
                    add_cand(((((cstart << end_bits) + end_max - pos) << low_shift) + any_use,
                              cstart, pos, si, any_use))
                if act & 2:
                    item_recs[si].append((cstart, pos, imask))
                    if trig is not None:
                        add_triggered((si, trig))
                continue
            for back, plen, check, simple, tcheck, extra, any_uses, imask, trig, rare in groups[vid]:
                cstart = t_end - back
                if check is not None and not startswith(check, cstart):
                    continue
                pos = cstart + plen
                if simple == simple_1:
                    pass
                elif simple == simple_2:
                    pos = t_find(" ", pos + 1) - 1
                elif simple == simple_3:
                    if not text_startswith(tcheck[1], cstart + tcheck[0]):
                        continue
                else:
                    pos = resolve(cstart, pos, extra)
                    if pos < 0:
                        continue
                if n_runs:
                    k = bisect_right(run_pos, cstart)
                    ostart = cstart + run_shift[k - 1] if k else cstart
                    if k < n_runs and run_pos[k] <= pos - 1:
                        k = bisect_right(run_pos, pos - 1)
                    oend = pos + run_shift[k - 1] if k else pos
                else:
                    ostart, oend = cstart, pos
                si = bisect_right(sent_starts, ostart) - 1
                if oend > limits[si]:
                    continue
                if any_uses:
                    base = ((ostart << end_bits) + end_max - oend) << low_shift
                    for low in any_uses:
                        add_cand((base + low, ostart, oend, si, low))
                if imask:
                    item_recs[si].append((ostart, oend, imask))
                    if trig is not None:
                        add_triggered((si, trig))
                if rare is not None:
                    neg_lexicons, vetoed_patterns, excluded_categories = rare
                    if neg_lexicons is not None:
                        negators[si].append((oend, neg_lexicons))
                    if vetoed_patterns is not None:
                        for gp in vetoed_patterns:
                            vetoes.add((gp, si))
                    if excluded_categories is not None:
                        for gc in excluded_categories:
                            excludes[gc].append((ostart, oend))

        pat_full = self._pat_full
        lex_neg = self._lex_neg
        # ends of the words ending in n't, when a lexicon has the n't rule
        nt_ends = _nt_ends(norm) if self._any_nt_rule else []
        # the sentences where a match may be negated (a negator or a word ending in n't)
        neg_sents = range(n_sent) if nt_ends else negators

        def negated(li: int, si: int, start: int) -> bool:
            """Whether a negator of lexicon ``li`` governs a match at ``start`` in sentence ``si``:
            it ends fewer than the lexicon's window of words before the match, in the same
            sentence, with no clause break in between (docs/lexicon-format.md)."""
            window, nt_rule = lex_neg[li]
            negs = negators.get(si)
            ends = [e for e, lis in negs if e <= start and li in lis] if negs else []
            if nt_rule and nt_ends:
                lo = bisect_right(nt_ends, sent_starts[si] + 3)
                hi = bisect_right(nt_ends, start)
                if lo < hi:
                    ends += nt_ends[lo:hi]
            if len(ends) > 1:
                ends.sort(reverse=True)
            # nearest negator first: a clause break after a negator is also after every
            # earlier one, so the first break ends the search
            for e in ends:
                if _CLAUSE_BREAK.search(norm, e, start):
                    return False
                if len(word_spans(norm, e, start)) < window:
                    return True
            return False

        # 3. sentence rules, looked at in the sentences where their trigger item occurs: those
        #    with every item in the sentence; the first occurrence of each item, and for the
        #    last item the first that passes the pattern's negation mode
        if triggered:
            rules = self._rules
            by_sentence: dict[int, list] = defaultdict(list)
            for si, trig in triggered:
                by_sentence[si].append(trig)
            for si, trigs in by_sentence.items():
                recs = item_recs[si]
                present = 0
                for rec in recs:
                    present |= rec[2]
                recs.sort()
                for gp in (trigs[0] if len(trigs) == 1 else frozenset().union(*trigs)):
                    need, first_bits, last_bit = rules[gp]
                    if present & need != need or (vetoes and (gp, si) in vetoes):
                        continue
                    # recs are in (start, end) order: the first with an item's bit is its
                    # first occurrence
                    start, end = end_max, -1
                    for bit in first_bits:
                        for s, e, mask in recs:
                            if mask & bit:
                                break
                        start = min(start, s)
                        end = max(end, e)
                    gc, _, mode, li = pat_full[gp][:4]
                    if mode == _IGNORE:
                        for s, e, mask in recs:
                            if mask & last_bit:
                                break
                        neg = False
                    else:
                        want = mode == _REQUIRE
                        for s, e, mask in recs:
                            if mask & last_bit:
                                neg = si in neg_sents and negated(li, si, s)
                                if neg == want:
                                    break
                        else:
                            continue
                    start = min(start, s)
                    end = max(end, e)
                    low = (gp << 2) + 1 + neg
                    add_cand(((((start << end_bits) + end_max - end) << low_shift) + low,
                              start, end, si, low))

        # 4. leftmost-longest within each category, skipping candidates that a veto, negation
        #    or an exclude drops (in priority order, so the result is that of filter-then-pick)
        cands.sort(key=_first)  # keys are unique but for identical candidates
        # with sentences in text order, the Match tuples sort as the result is ordered (by
        # sentence, start, end, lexicon, kind, category, pattern, negated); else by sort keys
        out: list = []
        add_out = out.append
        rank_bits = self._rank_bits
        out_shift = end_bits + rank_bits
        reach = [-1] * len(self._cat_info)
        low_info = self._low_info
        for _, start, end, si, low in cands:
            gc, gp, mode, li, tail, rank = low_info[low]
            if start < reach[gc]:
                continue
            if mode >= 0:  # an `any` match: vetoes and negation still to check
                if vetoes and (gp, si) in vetoes:
                    continue
                if mode != _IGNORE and (
                        si in neg_sents and negated(li, si, start)) != (mode == _REQUIRE):
                    continue
            if excludes and gc in excludes:
                for s, e in excludes[gc]:
                    if s < end and start < e:
                        break
                else:
                    s = -1
                if s >= 0:
                    continue
            reach[gc] = end
            if ordered:
                add_out(_tuple_new(Match, (si, start, end) + tail))
            else:
                add_out(((start << out_shift) + (end << rank_bits) + rank,
                         _tuple_new(Match, (si, start, end) + tail)))
        out.sort()
        return out if ordered else [m for _, m in out]


def compiled_matcher(lexicons: Sequence[Lexicon]) -> Matcher:
    """``Matcher(lexicons)``, reused when the same lexicons (equal content, same order) were
    compiled in this process by one of the last two calls: scoring again in a notebook or the
    dashboard skips the compilation (~1 s for the shipped lexicons). A Matcher is read-only once
    compiled; each kept one holds ~50 MB for the shipped lexicons."""
    if isinstance(lexicons, Lexicon) or not all(isinstance(x, Lexicon) for x in lexicons):
        return Matcher(lexicons)  # the constructor's error
    return _compiled_matcher(tuple(lexicons))


@lru_cache(maxsize=2)
def _compiled_matcher(lexicons: tuple[Lexicon, ...]) -> Matcher:
    return Matcher(lexicons)


def _nt_ends(norm: str) -> list[int]:
    """The ends of the words ending in n't in ``norm``, ascending (the n't negator rule)."""
    ends = []
    n = len(norm)
    i = norm.find(_NT)
    while i != -1:
        e = i + 3
        if norm[i - 1].isalnum() and (e >= n or not (norm[e].isalnum() or norm[e] == "_")):
            ends.append(e)
        i = norm.find(_NT, e)
    return ends
