"""The lexicon data model: load and dump the YAML format, import LIWC ``.dic`` and quanteda YAML.

A :class:`Lexicon` is plain, frozen data that round-trips: ``Lexicon.from_yaml(lex.to_yaml()) ==
lex``. Terms are stored exactly as written (``"=US"``, ``"export control*"``, ``"@us"``); they are
compiled by :class:`framing.matcher.Matcher`. The format is specified in docs/lexicon-format.md.

Loading is strict on structure (a :class:`~framing.errors.LexiconError` naming file, line and
problem) and lenient on content: empty and duplicate terms are skipped with one summary warning.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from framing.errors import LexiconError, ParameterError
from framing.text import normalize_for_matching

__all__ = [
    "Category",
    "Lexicon",
    "Pattern",
    "dump_lexicon",
    "load_lexicon",
    "shipped_lexicon_names",
]

Kind = Literal["frames", "stance", "targets"]
NegationMode = Literal["block", "require", "ignore"]
KINDS: tuple[str, ...] = get_args(Kind)
NEGATION_MODES: tuple[str, ...] = get_args(NegationMode)

# --- defaults (documented in docs/lexicon-format.md) -------------------------------------------
# Negators: the negation words of VADER's NEGATE list (vaderSentiment.py) that are not
# contractions (contractions are covered by the "n't" rule), plus the phrase negators the codebook
# needs for "has yet to surpass" / "far from" / "failed to" (shared/codebook.md §1).
DEFAULT_NEGATORS: tuple[str, ...] = (
    "not", "no", "never", "neither", "nor", "none", "nothing", "nowhere", "cannot", "without",
    "n't", "yet to", "far from", "fail* to",
)
# Words before a match in which a negator counts: 3, VADER's look-back for negation
# (vaderSentiment.py checks the three preceding words).
DEFAULT_NEGATION_WINDOW = 3
# frames: "has not surpassed" must not count as surpassing; stance and targets: a hedge or a
# mention is one whether negated or not.
DEFAULT_NEGATION_BY_KIND: dict[str, str] = {
    "frames": "block", "stance": "ignore", "targets": "ignore"}

SHIPPED_DIR = Path(__file__).parent / "data" / "lexicons"

_TOP_KEYS = (
    "name", "kind", "version", "description", "provenance", "present_min_sentences",
    "negation_window", "negation_default", "negators", "groups", "categories",
)
_CATEGORY_KEYS = ("label", "description", "patterns", "exclude")
_PATTERN_KEYS = ("id", "any", "all", "none", "negation")
_GROUP_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_WORD_CHAR = re.compile(r"\w")
_SPACES = re.compile(r"\s+")


# --- data model --------------------------------------------------------------------------------


def _tuple(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Pattern:
    """One rule of a category: ``any`` (each occurrence of a term) or ``all`` (a sentence rule).

    ``all`` holds items; each item is a tuple of alternative terms. ``negation`` of ``None``
    inherits the lexicon's ``negation_default``.
    """

    id: str
    any: tuple[str, ...] = ()
    all: tuple[tuple[str, ...], ...] = ()
    none: tuple[str, ...] = ()
    negation: NegationMode | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "any", _tuple(self.any))
        object.__setattr__(self, "all", tuple(_tuple(item) for item in self.all))
        object.__setattr__(self, "none", _tuple(self.none))


@dataclass(frozen=True)
class Category:
    """A category: what it measures (``label``, ``description``) and the patterns that find it."""

    id: str
    label: str
    description: str
    patterns: tuple[Pattern, ...]
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "patterns", tuple(self.patterns))
        object.__setattr__(self, "exclude", _tuple(self.exclude))


@dataclass(frozen=True)
class Lexicon:
    """A named set of categories of one ``kind`` (frames, stance or targets).

    ``negation_default`` of ``None`` becomes the kind's default (``block`` for frames, ``ignore``
    otherwise), so two lexicons that behave the same compare equal.
    """

    name: str
    kind: Kind
    categories: tuple[Category, ...]
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    version: str = ""
    description: str = ""
    provenance: str = ""
    negators: tuple[str, ...] = DEFAULT_NEGATORS
    negation_window: int = DEFAULT_NEGATION_WINDOW
    negation_default: NegationMode | None = None
    present_min_sentences: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "groups", {k: _tuple(v) for k, v in dict(self.groups).items()})
        object.__setattr__(self, "negators", _tuple(self.negators))
        if self.negation_default is None:
            object.__setattr__(
                self, "negation_default", DEFAULT_NEGATION_BY_KIND.get(self.kind, "ignore")
            )

    def __hash__(self) -> int:
        return hash((self.name, self.kind, self.categories, tuple(sorted(self.groups.items())),
                     self.version, self.description, self.provenance, self.negators,
                     self.negation_window, self.negation_default, self.present_min_sentences))

    def category(self, category_id: str) -> Category:
        """The category with this id (``KeyError`` listing the known ids otherwise)."""
        for c in self.categories:
            if c.id == category_id:
                return c
        raise KeyError(f"lexicon '{self.name}' has no category '{category_id}' "
                       f"(known: {', '.join(c.id for c in self.categories)})")

    # -- YAML ---------------------------------------------------------------------------------
    def to_yaml(self) -> str:
        """The lexicon in the YAML format of docs/lexicon-format.md."""
        return yaml.dump(_to_data(self), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                         default_flow_style=None, width=100)

    @classmethod
    def from_yaml(cls, text: str, *, path: str | Path | None = None) -> Lexicon:
        """Parse the framing YAML format. ``path`` only names the file in errors and warnings."""
        reader = _Reader(path)
        root = reader.compose(text)
        lexicon = reader.lexicon(root)
        reader.warn_skipped()
        return lexicon


# --- dumping -----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """SafeDumper writing multi-line strings as ``|`` blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.rstrip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _to_data(lex: Lexicon) -> dict[str, Any]:
    data: dict[str, Any] = {"name": lex.name, "kind": lex.kind}
    for key in ("version", "description", "provenance"):
        if getattr(lex, key):
            data[key] = getattr(lex, key)
    data["present_min_sentences"] = lex.present_min_sentences
    data["negation_window"] = lex.negation_window
    data["negation_default"] = lex.negation_default
    data["negators"] = list(lex.negators)
    if lex.groups:
        data["groups"] = {name: list(terms) for name, terms in lex.groups.items()}
    categories: dict[str, Any] = {}
    for c in lex.categories:
        cat: dict[str, Any] = {"label": c.label}
        if c.description:
            cat["description"] = c.description
        patterns = []
        for p in c.patterns:
            pat: dict[str, Any] = {"id": p.id}
            if p.any:
                pat["any"] = list(p.any)
            if p.all:
                pat["all"] = [item[0] if len(item) == 1 else list(item) for item in p.all]
            if p.none:
                pat["none"] = list(p.none)
            if p.negation is not None:
                pat["negation"] = p.negation
            patterns.append(pat)
        cat["patterns"] = patterns
        if c.exclude:
            cat["exclude"] = list(c.exclude)
        categories[c.id] = cat
    data["categories"] = categories
    return data


# --- term syntax -------------------------------------------------------------------------------


def term_problem(term: str, groups: Mapping[str, Any]) -> str | None:
    """Why ``term`` is not valid term syntax (see docs/lexicon-format.md), or ``None``."""
    body = term.removeprefix("=")
    words = body.split()
    if not words:
        return "is empty"
    for word in words:
        if word.startswith("@"):
            name = word[1:]
            if name not in groups:
                known = ", ".join(groups) or "none defined"
                return f"refers to unknown group '@{name}' (known: {known})"
            continue
        if "*" in word[:-1] or word == "*":
            return "has a '*' that is not at the end of a word (only word-end wildcards exist)"
    if not any(w.startswith("@") for w in words) and not _WORD_CHAR.search(body):
        return "has no letter or digit"
    return None


def term_key(term: str) -> str:
    """What makes two terms the same: case folded unless ``=``, whitespace collapsed."""
    body = " ".join(term.split())
    return body if body.startswith("=") else normalize_for_matching(body)


# --- the YAML reader ---------------------------------------------------------------------------


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'" if node.value else "nothing"


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Reader:
    """Turns a composed YAML node tree into a Lexicon, tracking lines for errors and warnings."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = None if path is None else str(path)
        self.skipped: list[tuple[int, str]] = []  # (line, "empty" | "duplicate" | reason)
        self.groups: dict[str, tuple[str, ...]] = {}

    def error(self, problem: str, node: yaml.Node | None = None, line: int | None = None):
        if node is not None:
            line = _line(node)
        return LexiconError(problem, path=self.path, line=line)

    def compose(self, text: str) -> yaml.Node:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            root = yaml.compose(text, Loader=loader)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            problem = " ".join(str(s) for s in (e.context, e.problem) if s)
            raise LexiconError(f"YAML syntax error: {problem}", path=self.path,
                               line=None if mark is None else mark.line + 1) from None
        except yaml.YAMLError as e:
            raise LexiconError(f"YAML syntax error: {e}", path=self.path) from None
        if root is None:
            raise LexiconError("the file is empty (expected a mapping with name, kind, categories)",
                               path=self.path, line=1)
        return root

    # -- generic node readers ------------------------------------------------------------------
    def mapping(self, node: yaml.Node, what: str, allowed: Sequence[str] | None = None,
                ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(f"{what} must be a mapping. Got {_node_kind(node)}.", node)
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(f"{what} has a key that is not a plain string", key_node)
            key = key_node.value
            if key in out:
                raise self.error(f"{what} has duplicate key '{key}' "
                                 f"(first at line {_line(out[key][0])})", key_node)
            if allowed is not None and key not in allowed:
                raise self.error(f"{what} has unknown key '{key}' "
                                 f"(expected one of: {', '.join(allowed)})", key_node)
            out[key] = (key_node, value_node)
        return out

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(f"{what} must be a string. Got {_node_kind(node)}.", node)
        return node.value

    def integer(self, node: yaml.Node, what: str, minimum: int) -> int:
        raw = self.scalar(node, what)
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise self.error(f"{what} must be an integer >= {minimum}. Got '{raw}'.", node)
        return value

    def choice(self, node: yaml.Node, what: str, options: Sequence[str]) -> str:
        raw = self.scalar(node, what)
        if raw not in options:
            raise self.error(f"{what} must be one of {', '.join(options)}. Got '{raw}'.", node)
        return raw

    def terms(self, node: yaml.Node, what: str, *, check: bool = True,
              allow_nested: bool = False) -> tuple[Any, ...]:
        """A list of terms (read raw: ``no`` stays the string "no"); empty/duplicates skipped."""
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and not node.value:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(f"{what} must be a list of terms. Got {_node_kind(node)}.", node)
        out: list[Any] = []
        seen: set[Any] = set()
        for item in node.value:
            if allow_nested and isinstance(item, yaml.SequenceNode):
                alternatives = self.terms(item, what, check=check)
                if not alternatives:
                    self.skipped.append((_line(item), "empty"))
                    continue
                key = tuple(sorted(term_key(t) for t in alternatives))
                if key in seen:
                    self.skipped.append((_line(item), "duplicate"))
                    continue
                seen.add(key)
                out.append(alternatives)
                continue
            if not isinstance(item, yaml.ScalarNode):
                raise self.error(f"{what}: each term must be a string. Got {_node_kind(item)}.",
                                 item)
            term = " ".join(item.value.split())
            if not term or term == "=":
                self.skipped.append((_line(item), "empty"))
                continue
            key = term_key(term)
            if key in seen:
                self.skipped.append((_line(item), "duplicate"))
                continue
            if check:
                problem = term_problem(term, self.groups)
                if problem is not None:
                    if problem.startswith("refers to"):  # the group name says which term
                        raise self.error(f"{what} {problem}", item)
                    raise self.error(f"{what}: term '{term}' {problem}", item)
            seen.add(key)
            out.append((term,) if allow_nested else term)
        return tuple(out)

    def warn_skipped(self, stacklevel: int = 3) -> None:
        if not self.skipped:
            return
        counts: dict[str, int] = {}
        for _, reason in self.skipped:
            counts[reason] = counts.get(reason, 0) + 1
        lines = sorted({line for line, _ in self.skipped if line})
        shown = ", ".join(map(str, lines[:12])) + (", …" if len(lines) > 12 else "")
        what = "; ".join(f"{n} {reason}" for reason, n in counts.items())
        where = self.path or "lexicon"
        at = f" at line(s) {shown}" if lines else ""
        warnings.warn(f"{where}: skipped {len(self.skipped)} item(s) ({what}){at}",
                      UserWarning, stacklevel=stacklevel)

    # -- the framing format --------------------------------------------------------------------
    def lexicon(self, root: yaml.Node) -> Lexicon:
        top = self.mapping(root, "the lexicon", _TOP_KEYS)
        for required in ("name", "kind", "categories"):
            if required not in top:
                raise self.error(f"the lexicon has no '{required}' "
                                 f"(required: name, kind, categories)", root)
        name = self.scalar(top["name"][1], "'name'")
        kind = self.choice(top["kind"][1], "'kind'", KINDS)
        fields: dict[str, Any] = {}
        for key in ("version", "description", "provenance"):
            if key in top:
                fields[key] = self.scalar(top[key][1], f"'{key}'")
        if "present_min_sentences" in top:
            fields["present_min_sentences"] = self.integer(
                top["present_min_sentences"][1], "'present_min_sentences'", 1)
        if "negation_window" in top:
            fields["negation_window"] = self.integer(
                top["negation_window"][1], "'negation_window'", 1)
        if "negation_default" in top:
            fields["negation_default"] = self.choice(
                top["negation_default"][1], "'negation_default'", NEGATION_MODES)
        if "groups" in top:
            self.read_groups(top["groups"][1])
        if "negators" in top:
            fields["negators"] = self.terms(top["negators"][1], "'negators'")
        categories = self.read_categories(top["categories"][1])
        return Lexicon(name=name, kind=kind, categories=categories, groups=self.groups, **fields)

    def read_groups(self, node: yaml.Node) -> None:
        entries = self.mapping(node, "'groups'")
        for name, (key_node, _) in entries.items():
            if not _GROUP_NAME.fullmatch(name):
                raise self.error(f"group name '{name}' may only contain letters, digits, "
                                 f"'_', '.' and '-'", key_node)
        # names first, so that groups can refer to groups defined later
        self.groups = {name: () for name in entries}
        for name, (_, value_node) in entries.items():
            self.groups[name] = self.terms(value_node, f"group '{name}'")
        for name, (key_node, _) in entries.items():
            cycle = _group_cycle(self.groups, name)
            if cycle:
                raise self.error(f"group '{name}' refers to itself: {' -> '.join(cycle)}",
                                 key_node)

    def read_categories(self, node: yaml.Node) -> tuple[Category, ...]:
        entries = self.mapping(node, "'categories'")
        if not entries:
            raise self.error("'categories' is empty (a lexicon needs at least one category)", node)
        pattern_lines: dict[str, int] = {}
        categories = []
        for cid, (key_node, value_node) in entries.items():
            what = f"category '{cid}'"
            fields = self.mapping(value_node, what, _CATEGORY_KEYS)
            label = self.scalar(fields["label"][1], f"{what} 'label'") if "label" in fields else cid
            description = (self.scalar(fields["description"][1], f"{what} 'description'")
                           if "description" in fields else "")
            if "patterns" not in fields:
                raise self.error(f"{what} has no patterns", key_node)
            patterns_node = fields["patterns"][1]
            if not isinstance(patterns_node, yaml.SequenceNode) or not patterns_node.value:
                raise self.error(f"{what} has no patterns (expected a list of patterns. "
                                 f"Got {_node_kind(patterns_node)}.)", patterns_node)
            patterns = tuple(self.read_pattern(p, cid, pattern_lines)
                             for p in patterns_node.value)
            exclude = (self.terms(fields["exclude"][1], f"{what} 'exclude'")
                       if "exclude" in fields else ())
            categories.append(Category(cid, label, description, patterns, exclude))
        return tuple(categories)

    def read_pattern(self, node: yaml.Node, cid: str, seen: dict[str, int]) -> Pattern:
        fields = self.mapping(node, f"a pattern of category '{cid}'", _PATTERN_KEYS)
        if "id" not in fields:
            raise self.error(f"a pattern of category '{cid}' has no 'id'", node)
        pid = self.scalar(fields["id"][1], "a pattern 'id'")
        if pid in seen:
            raise self.error(f"duplicate pattern id '{pid}' (first at line {seen[pid]}; "
                             f"pattern ids must be unique within the lexicon)", fields["id"][1])
        seen[pid] = _line(fields["id"][1])
        what = f"pattern '{pid}'"
        if ("any" in fields) == ("all" in fields):
            has = "both 'any' and 'all'" if "any" in fields else "neither 'any' nor 'all'"
            raise self.error(f"{what} has {has} (it needs exactly one of them)", node)
        any_terms: tuple[str, ...] = ()
        all_items: tuple[tuple[str, ...], ...] = ()
        if "any" in fields:
            any_terms = self.terms(fields["any"][1], what)
            if not any_terms:
                raise self.error(f"{what} has no terms in 'any'", fields["any"][1])
        else:
            all_items = self.terms(fields["all"][1], what, allow_nested=True)
            if not all_items:
                raise self.error(f"{what} has no items in 'all'", fields["all"][1])
        none = self.terms(fields["none"][1], what) if "none" in fields else ()
        negation = (self.choice(fields["negation"][1], f"{what} 'negation'", NEGATION_MODES)
                    if "negation" in fields else None)
        return Pattern(pid, any_terms, all_items, none, negation)  # type: ignore[arg-type]


def _group_cycle(groups: Mapping[str, Sequence[str]], start: str) -> list[str]:
    """A reference path from ``start`` back to itself, or []."""
    stack = [(start, [start])]
    seen = set()
    while stack:
        name, path = stack.pop()
        for term in groups.get(name, ()):
            for word in term.split():
                if word.startswith("@"):
                    ref = word[1:]
                    if ref == start:
                        return path + [ref]
                    if ref in groups and ref not in seen:
                        seen.add(ref)
                        stack.append((ref, path + [ref]))
    return []


# --- imported formats --------------------------------------------------------------------------


def _import_term(raw: str) -> tuple[str | None, str]:
    """A foreign term in framing syntax, or (None, reason it cannot be)."""
    term = " ".join(raw.split())
    if not term:
        return None, "empty"
    if term.startswith("=") or any(w.startswith("@") for w in term.split()):
        return None, "unsupported ('=' or '@' have a meaning in framing terms)"
    if "?" in term or term_problem(term, {}) is not None:
        return None, "unsupported glob (only word-end '*' is supported)"
    return term, ""


def _category_id(raw: str) -> str:
    return "_".join(raw.split())


def _imported_lexicon(name: str, kind: str, cats: list[tuple[str, list[tuple[str, int]]]],
                      what: str, reader: _Reader) -> Lexicon:
    categories = []
    for cid, raw_terms in cats:
        terms: list[str] = []
        seen: set[str] = set()
        for raw, line in raw_terms:
            term, reason = _import_term(raw)
            if term is None:
                reader.skipped.append((line, reason))
                continue
            key = term_key(term)
            if key in seen:
                reader.skipped.append((line, "duplicate"))
                continue
            seen.add(key)
            terms.append(term)
        if not terms:
            reader.skipped.append((0, f"category '{cid}' left empty and dropped"))
            continue
        categories.append(Category(cid, cid, "", (Pattern(cid, tuple(terms)),)))
    if not categories:
        raise LexiconError(f"no category of the {what} has a usable term", path=reader.path)
    return Lexicon(name=name, kind=kind, categories=tuple(categories),  # type: ignore[arg-type]
                   description=f"Imported from the {what} {Path(reader.path or name).name}.",
                   provenance=f"Converted by framing.load_lexicon from {reader.path}.")


def _read_liwc(text: str, path: Path, kind: str) -> Lexicon:
    reader = _Reader(path)
    lines = text.splitlines()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines) or lines[i].strip() != "%":
        raise LexiconError("a LIWC .dic file starts with a '%' line", path=path, line=i + 1)
    names: dict[int, str] = {}
    i += 1
    while i < len(lines) and lines[i].strip() != "%":
        parts = lines[i].split(None, 1)
        if parts:
            if len(parts) != 2:
                raise LexiconError(
                    f"a category line needs '<id> <name>'. Got '{lines[i].strip()}'.",
                    path=path, line=i + 1)
            if not parts[0].isdigit():
                raise LexiconError(f"a category id must be a number. Got '{parts[0]}'.",
                                   path=path, line=i + 1)
            if int(parts[0]) in names:
                raise LexiconError(f"duplicate category id {parts[0]}", path=path, line=i + 1)
            names[int(parts[0])] = _category_id(parts[1])
        i += 1
    if i == len(lines):
        raise LexiconError("the category header is not closed by a '%' line", path=path, line=i)
    terms: dict[str, list[tuple[str, int]]] = {n: [] for n in names.values()}
    for lineno in range(i + 2, len(lines) + 1):
        line = lines[lineno - 1]
        if not line.strip():
            continue
        if "\t" in line:
            word, _, rest = line.strip().partition("\t")
            ids = rest.split()
        else:
            tokens = line.split()
            k = len(tokens)
            while k > 1 and tokens[k - 1].isdigit():
                k -= 1
            word, ids = " ".join(tokens[:k]), tokens[k:]
        for cid in ids:
            if not cid.isdigit():  # LIWC2007 disambiguation rules such as 134/125/464/253
                reader.skipped.append((lineno, "unsupported category rule"))
                continue
            if int(cid) not in names:
                raise LexiconError(f"'{word.strip()}' refers to undeclared category {cid} "
                                   f"(declared: {', '.join(map(str, names))})",
                                   path=path, line=lineno)
            terms[names[int(cid)]].append((word, lineno))
    lex = _imported_lexicon(path.stem, kind, list(terms.items()), "LIWC dictionary", reader)
    reader.warn_skipped(stacklevel=4)
    return lex


def _read_quanteda(root: yaml.Node, path: Path, kind: str, reader: _Reader) -> Lexicon:
    cats: list[tuple[str, list[tuple[str, int]]]] = []

    def walk(node: yaml.MappingNode, prefix: str) -> None:
        for key_node, value in node.value:
            key = prefix + _category_id(key_node.value)
            if isinstance(value, yaml.MappingNode):
                walk(value, key + ".")
            elif isinstance(value, yaml.SequenceNode):
                cats.append((key, [(v.value, _line(v)) for v in value.value]))
            else:
                cats.append((key, [(value.value, _line(value))]))

    walk(root, "")  # type: ignore[arg-type]
    seen: dict[str, int] = {}
    for cid, _ in cats:
        seen[cid] = seen.get(cid, 0) + 1
    dupes = [c for c, n in seen.items() if n > 1]
    if dupes:
        raise LexiconError(f"quanteda dictionary has duplicate key(s): {', '.join(dupes)}",
                           path=path)
    lex = _imported_lexicon(path.stem, kind, cats, "quanteda dictionary", reader)
    reader.warn_skipped(stacklevel=4)
    return lex


def _is_quanteda(node: yaml.Node) -> bool:
    """A mapping whose values are lists of strings or (recursively) such mappings."""
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return False
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            return False
        if isinstance(value, yaml.SequenceNode):
            if not all(isinstance(v, yaml.ScalarNode) for v in value.value):
                return False
        elif not _is_quanteda(value):
            return False
    return True


# --- public functions --------------------------------------------------------------------------


def shipped_lexicon_names() -> list[str]:
    """Names of the lexicons shipped in ``framing/data/lexicons`` (usable in load_lexicon)."""
    if not SHIPPED_DIR.is_dir():
        return []
    return sorted(p.stem for p in SHIPPED_DIR.glob("*.yaml"))


def load_lexicon(source: str | Path, *, kind: str | None = None) -> Lexicon:
    """Load a shipped lexicon by name (``"ai_race"``) or a file by path.

    ``.yaml``/``.yml`` files are the framing format or a quanteda-style dictionary (told apart by
    structure); ``.dic`` files are LIWC dictionaries. Imported dictionaries become lexicons of
    ``kind`` (default ``frames``); for framing files ``kind``, when given, must match the file.
    """
    if kind is not None and kind not in KINDS:
        raise ParameterError(f"The 'kind' parameter of load_lexicon must be one of "
                             f"{', '.join(KINDS)} or None. Got {kind!r}.")
    if isinstance(source, Path):
        path = source
    elif isinstance(source, str):
        if source in shipped_lexicon_names():
            path = SHIPPED_DIR / f"{source}.yaml"
        else:
            path = Path(source)
    else:
        raise ParameterError(f"load_lexicon expects a shipped name or a path. "
                             f"Got {type(source).__name__}.")
    if not path.is_file():
        shipped = ", ".join(shipped_lexicon_names()) or "none installed"
        raise LexiconError(f"no lexicon file '{path}' and no shipped lexicon of that name "
                           f"(shipped: {shipped})")
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".dic"):
        raise LexiconError(f"unsupported lexicon file extension '{path.suffix}' "
                           f"(expected .yaml, .yml or .dic)", path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise LexiconError(f"not UTF-8 text ({e.reason} at byte {e.start})", path=path) from None
    if suffix == ".dic":
        return _read_liwc(text, path, kind or "frames")
    reader = _Reader(path)
    root = reader.compose(text)
    if _is_quanteda(root):
        return _read_quanteda(root, path, kind or "frames", reader)
    lexicon = reader.lexicon(root)
    reader.warn_skipped()
    if kind is not None and lexicon.kind != kind:
        raise LexiconError(f"expected a lexicon of kind '{kind}'. Got kind '{lexicon.kind}'.",
                           path=path)
    return lexicon


def dump_lexicon(lexicon: Lexicon, path: str | Path) -> None:
    """Write ``lexicon`` to ``path`` in the framing YAML format (UTF-8)."""
    if not isinstance(lexicon, Lexicon):
        raise ParameterError(f"dump_lexicon expects a Lexicon. Got {type(lexicon).__name__}.")
    Path(path).write_text(lexicon.to_yaml(), encoding="utf-8")
