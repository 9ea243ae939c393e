"""framing.lexicon: the YAML format round-trips; imports; strict structure, lenient content."""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.errors import LexiconError, ParameterError
from framing.lexicon import (
    DEFAULT_NEGATORS,
    Category,
    Lexicon,
    Pattern,
    dump_lexicon,
    load_lexicon,
    shipped_lexicon_names,
    term_key,
)

DATA = Path(__file__).parent / "data" / "lexicons"


def write(tmp_path: Path, text: str, name: str = "my.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# --- the framing format ------------------------------------------------------------------------


def test_lexicon_loads_the_worked_example_of_the_format_doc():
    lex = load_lexicon(DATA / "worked_example.yaml")
    assert (lex.name, lex.kind, lex.version) == ("ai_race", "frames", "1")
    assert lex.negation_window == 3 and lex.present_min_sentences == 1
    assert lex.negation_default == "block"  # the default for frames
    assert lex.negators == ("not", "never", "no", "n't", "without", "yet to", "far from",
                            "fail* to")  # `no` stays a string, not YAML's False
    assert lex.groups["us"] == ("=US", "U.S.", "United States", "America", "American*",
                                "Washington")
    ecf = lex.category("export_controls_failing")
    assert ecf.label == "Export controls failing"
    assert ecf.exclude == ("export controls act",)
    rule = ecf.patterns[1]
    assert rule == Pattern("ecf_subject_cue", all=(("@export_controls",), ("@failing_cue",)),
                           none=("were announced",))
    cu = lex.category("catching_up_not_surpassing")
    assert cu.description == ""
    assert cu.patterns[0].negation == "require" and cu.patterns[1].negation is None
    assert lex.provenance.startswith("Written for framing from the codebook")


def test_lexicon_round_trips_the_worked_example(tmp_path):
    lex = load_lexicon(DATA / "worked_example.yaml")
    dump_lexicon(lex, tmp_path / "out.yaml")
    assert load_lexicon(tmp_path / "out.yaml") == lex
    assert Lexicon.from_yaml(lex.to_yaml()) == lex
    assert hash(Lexicon.from_yaml(lex.to_yaml())) == hash(lex)


def test_lexicon_dump_writes_multiline_provenance_as_a_block():
    lex = Lexicon("x", "stance", (Category("c", "C", "", (Pattern("p", ("a",)),)),),
                  provenance="line one\nline two\n")
    assert "provenance: |\n  line one\n  line two\n" in lex.to_yaml()


def test_lexicon_negation_default_depends_on_kind():
    cats = (Category("c", "C", "", (Pattern("p", ("a",)),)),)
    assert Lexicon("x", "frames", cats).negation_default == "block"
    assert Lexicon("x", "stance", cats).negation_default == "ignore"
    assert Lexicon("x", "targets", cats).negation_default == "ignore"
    assert Lexicon("x", "frames", cats).negators == DEFAULT_NEGATORS


def test_lexicon_all_items_may_be_lists_of_alternatives(tmp_path):
    lex = load_lexicon(write(tmp_path, """
        name: t
        kind: frames
        categories:
          c:
            patterns:
              - id: p
                all: [[chip*, semiconductor*], smuggl*]
        """))
    assert lex.categories[0].patterns[0].all == (("chip*", "semiconductor*"), ("smuggl*",))
    assert lex.categories[0].label == "c"  # label defaults to the id
    assert Lexicon.from_yaml(lex.to_yaml()) == lex


# hypothesis: load(dump(lexicon)) == lexicon over generated lexicons

_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC'.-é", min_size=1, max_size=8).filter(
    lambda w: any(ch.isalnum() for ch in w))
_terms = st.lists(_words, min_size=1, max_size=3).map(" ".join).flatmap(
    lambda t: st.sampled_from([t, t + "*", "=" + t]))
_ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
_free_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                     max_size=40) | st.just("two\nlines\n")


def _unique_terms(min_size: int = 1):
    return st.lists(_terms, min_size=min_size, max_size=5, unique_by=term_key).map(tuple)


@st.composite
def lexicons(draw):
    groups = draw(st.dictionaries(_ids, _unique_terms(), max_size=2))
    group_refs = ["@" + g for g in groups]
    term_or_ref = _terms | st.sampled_from(group_refs) if group_refs else _terms
    cat_ids = draw(st.lists(_ids, min_size=1, max_size=3, unique=True))
    pattern_ids = iter(draw(st.lists(_ids, min_size=9, max_size=9, unique=True)))
    categories = []
    for cid in cat_ids:
        patterns = []
        for _ in range(draw(st.integers(1, 3))):
            pid = next(pattern_ids)
            negation = draw(st.sampled_from([None, "block", "require", "ignore"]))
            none = draw(st.lists(_terms, max_size=2, unique_by=term_key).map(tuple))
            if draw(st.booleans()):
                any_ = draw(st.lists(term_or_ref, min_size=1, max_size=4,
                                     unique_by=term_key).map(tuple))
                patterns.append(Pattern(pid, any=any_, none=none, negation=negation))
            else:
                items = draw(st.lists(
                    st.lists(term_or_ref, min_size=1, max_size=2, unique_by=term_key).map(tuple),
                    min_size=1, max_size=3, unique_by=lambda i: tuple(sorted(map(term_key, i)))))
                patterns.append(Pattern(pid, all=tuple(items), none=none, negation=negation))
        exclude = draw(st.lists(_terms, max_size=2, unique_by=term_key).map(tuple))
        categories.append(Category(cid, draw(_free_text), draw(_free_text), tuple(patterns),
                                   exclude))
    return Lexicon(
        name=draw(_ids), kind=draw(st.sampled_from(["frames", "stance", "targets"])),
        categories=tuple(categories), groups=groups, version=draw(_free_text),
        description=draw(_free_text), provenance=draw(_free_text),
        negators=draw(_unique_terms()), negation_window=draw(st.integers(1, 9)),
        negation_default=draw(st.sampled_from([None, "block", "require", "ignore"])),
        present_min_sentences=draw(st.integers(1, 5)),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lexicons())
def test_lexicon_round_trip_property(lex):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a canonical lexicon loads without skipping anything
        assert Lexicon.from_yaml(lex.to_yaml()) == lex


# --- lenient content ---------------------------------------------------------------------------


def test_lexicon_skips_empty_and_duplicate_terms_with_one_warning(tmp_path):
    path = write(tmp_path, """
        name: t
        kind: stance
        categories:
          hedge:
            patterns:
              - id: h
                any: [may, "", might, May, "  ", "might", "=May"]
        """)
    with pytest.warns(UserWarning) as caught:
        lex = load_lexicon(path)
    assert len(caught) == 1
    assert str(caught[0].message) == (
        f"{path}: skipped 4 item(s) (2 empty; 2 duplicate) at line(s) 7")
    # "May" duplicates "may" (case-insensitive); "=May" is a different, case-sensitive term
    assert lex.categories[0].patterns[0].any == ("may", "might", "=May")


# --- strict structure: file AND line in every error --------------------------------------------

BASE = """\
name: t
kind: frames
groups:
  us: ["=US", America]
  export_controls: ["export control*"]
categories:
  c:
    label: C
    patterns:
      - id: p1
        any: [surpass*]
"""


@pytest.mark.parametrize(
    ("text", "match"),
    [
        pytest.param(BASE + "colour: red\n",
                     r"my\.yaml:12: the lexicon has unknown key 'colour' \(expected one of: name, "
                     r"kind, version, description, provenance, present_min_sentences, "
                     r"negation_window, negation_default, negators, groups, categories\)",
                     id="unknown-top-level-key"),
        pytest.param(BASE + "  d:\n    label: D\n",
                     r"my\.yaml:12: category 'd' has no patterns$", id="category-without-patterns"),
        pytest.param(BASE + "  d:\n    patterns: []\n",
                     r"my\.yaml:13: category 'd' has no patterns", id="empty-patterns"),
        pytest.param(BASE + "  d:\n    patterns:\n      - id: p2\n        any: [a]\n"
                     "        all: [b, c]\n",
                     r"my\.yaml:14: pattern 'p2' has both 'any' and 'all' \(it needs exactly one",
                     id="both-any-and-all"),
        pytest.param(BASE + "  d:\n    patterns:\n      - id: p2\n        none: [a]\n",
                     r"my\.yaml:14: pattern 'p2' has neither 'any' nor 'all'", id="neither"),
        pytest.param(BASE + "  d:\n    patterns:\n      - id: p2\n        all: ['@us', "
                     "'@failing_cues']\n",
                     r"my\.yaml:15: pattern 'p2' refers to unknown group "
                     r"'@failing_cues' \(known: us, export_controls\)", id="unknown-group"),
        pytest.param(BASE + "  d:\n    patterns:\n      - id: p2\n        any: [a]\n"
                     "        negation: sometimes\n",
                     r"my\.yaml:16: pattern 'p2' 'negation' must be one of block, require, "
                     r"ignore\. Got 'sometimes'\.", id="bad-negation"),
        pytest.param(BASE + "  d:\n    patterns:\n      - id: p1\n        any: [a]\n",
                     r"my\.yaml:14: duplicate pattern id 'p1' \(first at line 10",
                     id="duplicate-pattern-id"),
        pytest.param(BASE.replace("kind: frames", "kind: issues"),
                     r"my\.yaml:2: 'kind' must be one of frames, stance, targets\. Got 'issues'\.",
                     id="bad-kind"),
        pytest.param(BASE.replace('any: [surpass*]', 'any: [surpass*, "a"b]'),
                     r"my\.yaml:11: YAML syntax error: .*flow sequence", id="yaml-syntax"),
        pytest.param(BASE.replace("surpass*", "sur*pass"),
                     r"my\.yaml:11: pattern 'p1': term 'sur\*pass' has a '\*' that is not at the "
                     r"end of a word", id="inner-wildcard"),
        pytest.param(BASE.replace("surpass*", "—"),
                     r"my\.yaml:11: pattern 'p1': term '—' has no letter or digit",
                     id="no-letter"),
        pytest.param(BASE.replace("name: t\n", ""),
                     r"my\.yaml:1: the lexicon has no 'name' \(required: name, kind, categories\)",
                     id="missing-name"),
        pytest.param(BASE + "negation_window: 0\n",
                     r"my\.yaml:12: 'negation_window' must be an integer >= 1\. Got '0'\.",
                     id="bad-window"),
        pytest.param(BASE.replace("    label: C\n", "    label: C\n    label: D\n"),
                     r"my\.yaml:9: category 'c' has duplicate key 'label' \(first at line 8\)",
                     id="duplicate-key"),
        pytest.param(BASE.replace("us: [", "us: ['@us', "),
                     r"my\.yaml:4: group 'us' refers to itself: us -> us", id="group-cycle"),
        pytest.param("- just\n- a list\n",
                     r"my\.yaml:1: the lexicon must be a mapping\. Got a list\.", id="not-mapping"),
    ],
)
def test_lexicon_structure_errors_name_file_and_line(tmp_path, text, match):
    path = write(tmp_path, text)
    with pytest.raises(LexiconError, match=match) as info:
        load_lexicon(path)
    assert info.value.path == str(path)
    assert isinstance(info.value, ValueError)


def test_lexicon_from_yaml_without_path_names_the_line():
    with pytest.raises(LexiconError, match=r"^line 2: 'kind' must be one of"):
        Lexicon.from_yaml("name: t\nkind: nope\ncategories: {}\n")


def test_lexicon_kind_argument_must_match_a_framing_file():
    with pytest.raises(LexiconError, match=r"expected a lexicon of kind 'stance'\. Got kind "
                                           r"'frames'\."):
        load_lexicon(DATA / "worked_example.yaml", kind="stance")
    with pytest.raises(ParameterError, match=r"must be one of frames, stance, targets or None\. "
                                             r"Got 'frame'\."):
        load_lexicon(DATA / "worked_example.yaml", kind="frame")


def test_lexicon_unknown_source_lists_shipped_names(tmp_path):
    with pytest.raises(LexiconError, match=r"no lexicon file 'nonexistent' and no shipped "
                                           r"lexicon of that name \(shipped: "):
        load_lexicon("nonexistent")
    (tmp_path / "x.txt").write_text("a")
    with pytest.raises(LexiconError, match=r"unsupported lexicon file extension '\.txt' "
                                           r"\(expected \.yaml, \.yml or \.dic\)"):
        load_lexicon(tmp_path / "x.txt")


def test_lexicon_shipped_names_are_loadable():
    for name in shipped_lexicon_names():
        assert load_lexicon(name).name == name


# --- imports -----------------------------------------------------------------------------------


def test_lexicon_imports_liwc_dic():
    with pytest.warns(UserWarning, match=r"liwc_sample\.dic: skipped 1 item\(s\) \(1 unsupported "
                                         r"category rule\) at line\(s\) 25"):
        lex = load_lexicon(DATA / "liwc_sample.dic")
    assert (lex.name, lex.kind) == ("liwc_sample", "frames")
    assert [c.id for c in lex.categories] == [
        "funct", "pronoun", "ppron", "negate", "posemo", "negemo", "insight", "filler"]
    negemo = lex.category("negemo")
    assert negemo.patterns == (Pattern("negemo", any=("abandon*", "hurt*", "worr*")),)
    assert lex.category("negate").patterns[0].any == ("ain't", "never", "not")
    assert "kind of" in lex.category("funct").patterns[0].any  # phrase entries survive
    assert lex.category("pronoun").patterns[0].any == ("he", "he's", "like", "we")  # "02" == 2
    assert Lexicon.from_yaml(lex.to_yaml()) == lex


def test_lexicon_imports_liwc_with_kind(tmp_path):
    path = tmp_path / "hedges.dic"
    path.write_text("%\n1 hedge\n%\nmay 1\nperhaps 1\nkind of 1\n", encoding="utf-8")
    lex = load_lexicon(path, kind="stance")
    assert lex.kind == "stance"
    assert lex.category("hedge").patterns[0].any == ("may", "perhaps", "kind of")


def test_lexicon_liwc_undeclared_category_is_an_error(tmp_path):
    path = tmp_path / "bad.dic"
    path.write_text("%\n1\tposemo\n%\ngood\t1\nbad\t7\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.dic:5: 'bad' refers to undeclared category 7 "
                                           r"\(declared: 1\)"):
        load_lexicon(path)


def test_lexicon_imports_quanteda_yaml():
    with pytest.warns(UserWarning, match=r"skipped 2 item\(s\) \(2 unsupported glob \(only "
                                         r"word-end '\*' is supported\)\) at line\(s\) 13, 14"):
        lex = load_lexicon(DATA / "quanteda_sample.yml", kind="targets")
    assert lex.kind == "targets"
    assert [c.id for c in lex.categories] == ["economy.markets", "economy.jobs", "security"]
    assert lex.category("economy.markets").patterns[0].any == (
        "stock*", "share price*", "investor*", "sell-off")
    assert lex.category("security").patterns[0].any == (
        "surveillance", "espionage", "national security")
    assert Lexicon.from_yaml(lex.to_yaml()) == lex
