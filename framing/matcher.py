"""Compile lexicons into one Aho-Corasick automaton; find matches in a document with offsets.

How a document is matched (docs/lexicon-format.md has the rules):

1. ``C``: the normalized text (lowercase, straight apostrophes) with every whitespace run
   collapsed to one space; a short list of collapsed runs maps ``C`` offsets back to the text.
2. ``T``: ``C`` with every character but an ASCII letter, digit or ``_`` replaced by a space,
   padded with a space at each end (non-ASCII letters are rechecked against ``C`` per hit). Every term is stored in the automaton in the same form, with a leading space when it
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
from framing.text import count_words, normalize_for_matching

__all__ = ["Match", "Matcher"]

# Clause breaks stop negation (docs/lexicon-format.md): , ; : — and "but". The en dash is
# included because many outlets set a spaced en dash where others use an em dash.
_CLAUSE_BREAK = re.compile(r"[,;:\u2014\u2013]|\bbut\b")
_OTHER_WS = re.compile(r"[^\S ]")  # whitespace other than ' ' (after \n \t \r are replaced)
_WORD_RUN = re.compile(r"\w*")
_IS_WORD_CHAR = re.compile(r"\w").match
# T: ASCII letters, digits and '_' stay, every other byte (non-ASCII characters arrive as '?')
# becomes a space; one character in, one out.
_T_TABLE = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == 95) else 32
                 for c in range(256))
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

    def as_value(self) -> tuple:
        """The automaton's payload: what the per-hit loop of Matcher.find unpacks."""
        # 1: a plain key, 2: a key ending in a wildcard, 0: needs Matcher.find's resolve()
        simple = 0 if (self.rest or self.cs or self.raw) else 2 if self.key_wild else 1
        extra = (self.key_wild, self.rest, self.cs, self.offsets, self.raw, self.starts_word,
                 self.ends_word)
        any_uses = tuple((u[1], u[2]) for u in self.uses if u[0] == _ANY)
        other_uses = tuple(u for u in self.uses if u[0] != _ANY)
        return (len(self.key), self.lead, self.prefix, simple, extra, any_uses, other_uses)


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

        self._automaton = self._raw_automaton = None
        for raw in (False, True):
            by_key: dict[str, list[_Entry]] = defaultdict(list)
            for entry in entries.values():
                if entry.raw == raw:
                    by_key[entry.key].append(entry)
            if not by_key:
                continue
            automaton = ahocorasick.Automaton()
            for key, group in by_key.items():
                automaton.add_word(key, tuple(e.as_value() for e in group))
            automaton.make_automaton()
            if raw:
                self._raw_automaton = automaton
            else:
                self._automaton = automaton
        self._n_terms = len(entries)

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

        # 1. C: whitespace as single spaces; run_pos/run_shift map C offsets back to the text
        c_text = norm.replace("\n", " ").replace("\t", " ").replace("\r", " ")
        if not c_text.isprintable():  # other whitespace (rare): one space per character
            c_text = _OTHER_WS.sub(" ", c_text)
        run_pos: list[int] = []  # first C offset after a collapsed run
        run_shift: list[int] = []  # characters removed up to there
        i = c_text.find("  ")
        if i != -1:
            pieces: list[str] = []
            n = len(c_text)
            last = removed = 0
            while i != -1:
                j = i + 2
                while j < n and c_text[j] == " ":
                    j += 1
                pieces.append(c_text[last:i + 1])
                last = j
                removed += j - i - 1
                run_pos.append(j - removed)
                run_shift.append(removed)
                i = c_text.find("  ", j)
            pieces.append(c_text[last:])
            c_text = "".join(pieces)
        c_len = len(c_text)
        encoded = c_text.encode("ascii", "replace")  # one byte per character, b"?" if not ASCII
        t_text = " " + encoded.translate(_T_TABLE).decode("ascii") + " "
        # T treats every non-ASCII character as a non-word character; when the text has a
        # non-ASCII letter or digit, boundaries and wildcard ends are rechecked against C
        fast = True
        if not c_text.isascii():
            i = encoded.find(b"?")
            while i != -1:
                ch = c_text[i]
                if ch >= "\x80" and ch.isalnum():
                    fast = False
                    break
                i = encoded.find(b"?", i + 1)

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

        sent_starts = [s for s, _ in sentences]
        sent_ends = [e for _, e in sentences]
        skip_set = skip if isinstance(skip, (set, frozenset)) else set(skip)
        pat_info = self._pat_info

        cands: list[tuple] = []  # (gc, start, -end, gp, si, negated or None)
        add_cand = cands.append
        items: dict[tuple[int, int], list] = {}  # (gp, si) -> [(item, start, end)]
        vetoes: set[tuple[int, int]] = set()
        excludes: dict[int, list] = defaultdict(list)  # gc -> [(start, end)]
        negators: dict[tuple[int, int], list] = defaultdict(list)  # (li, si) -> [(start, end)]

        hits = self._automaton.iter(t_text) if self._automaton is not None else ()
        if self._raw_automaton is not None:
            hits = itertools.chain(hits, self._raw_automaton.iter(" " + c_text + " "))

        # 2. automaton hits -> verified occurrences -> uses
        n_runs = len(run_pos)
        for t_end, group in hits:
            for key_len, lead, prefix, simple, extra, any_uses, other_uses in group:
                cstart = t_end - key_len + lead  # T offset t is C offset t - 1
                if not startswith(prefix, cstart):
                    continue
                pos = cstart + len(prefix)
                if simple == 1 and fast:
                    pass
                elif simple == 2 and fast:
                    pos = t_find(" ", pos + 1) - 1
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
                if si < 0 or oend > sent_ends[si] or si in skip_set:
                    continue
                for gc, gp in any_uses:
                    add_cand((gc, ostart, -oend, gp, si, None))
                for use in other_uses:
                    u = use[0]
                    if u == _NEG:
                        negators[(use[1], si)].append((ostart, oend))
                    elif u == _ALL:
                        slot = items.get((use[1], si))
                        if slot is None:
                            items[(use[1], si)] = [(use[2], ostart, oend)]
                        else:
                            slot.append((use[2], ostart, oend))
                    elif u == _NONE:
                        vetoes.add((use[1], si))
                    else:
                        excludes[use[1]].append((ostart, oend))

        # 3. sentence rules: the first occurrence of each item; for the last item, the first
        #    that passes the pattern's negation mode
        cat_info = self._cat_info
        lex_neg = self._lex_neg
        for (gp, si), found in items.items():
            gc, _, mode, n_items = pat_info[gp]
            if len(found) < n_items or (gp, si) in vetoes:
                continue
            found.sort()
            firsts: dict[int, tuple[int, int]] = {}
            lasts = []
            for k, s, e in found:
                if k == n_items - 1:
                    lasts.append((s, e))
                elif k not in firsts:
                    firsts[k] = (s, e)
            if len(firsts) < n_items - 1 or not lasts:
                continue
            li = cat_info[gc][0]
            last_choice = None
            for s, e in lasts:
                neg = False
                if mode != _IGNORE:
                    window, nt_rule = lex_neg[li]
                    neg = _negated(norm, sent_starts[si], s, negators.get((li, si), ()),
                                   window, nt_rule)
                    if neg != (mode == _REQUIRE):
                        continue
                last_choice = (s, e, neg)
                break
            if last_choice is None:
                continue
            start = min([s for s, _ in firsts.values()] + [last_choice[0]])
            end = max([e for _, e in firsts.values()] + [last_choice[1]])
            add_cand((gc, start, -end, gp, si, last_choice[2]))

        # 4. leftmost-longest within each category, skipping candidates that a veto, negation
        #    or an exclude drops (in priority order, so the result is that of filter-then-pick)
        cands.sort()
        out: list[Match] = []
        current = -1
        reach = -1
        for gc, start, neg_end, gp, si, neg in cands:
            if gc != current:
                current, reach = gc, -1
                li, lex_name, kind, cat_id = cat_info[gc]
                window, nt_rule = lex_neg[li]
                excl = excludes.get(gc)
            if start < reach:
                continue
            end = -neg_end
            if neg is None:  # an `any` match: vetoes and negation still to check
                if vetoes and (gp, si) in vetoes:
                    continue
                mode = pat_info[gp][2]
                neg = False
                if mode != _IGNORE:
                    neg = _negated(norm, sent_starts[si], start, negators.get((li, si), ()),
                                   window, nt_rule)
                    if neg != (mode == _REQUIRE):
                        continue
            if excl and any(s < end and start < e for s, e in excl):
                continue
            reach = end
            out.append(Match(si, start, end, lex_name, kind, cat_id, pat_info[gp][1], neg))
        out.sort()  # by sentence, then position (matches never cross sentences)
        return out


def _negated(norm: str, sent_start: int, start: int, negs: Sequence[tuple[int, int]],
             window: int, nt_rule: bool) -> bool:
    """Whether a negator governs a match at ``start``: it ends fewer than ``window`` words before
    the match, in the same sentence, with no clause break in between (docs/lexicon-format.md)."""
    ends = [e for _, e in negs if e <= start]
    if nt_rule:  # a word ending in n't
        i = norm.find(_NT, sent_start, start)
        while i != -1:
            e = i + 3
            if i > sent_start and norm[i - 1].isalnum() and (e >= len(norm) or not (
                    norm[e].isalnum() or norm[e] == "_")):
                ends.append(e)
            i = norm.find(_NT, e, start)
    for e in ends:
        if not _CLAUSE_BREAK.search(norm, e, start) and count_words(norm, e, start) < window:
            return True
    return False
