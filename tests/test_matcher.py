"""framing.matcher: the matching rules of docs/lexicon-format.md, example by example."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.errors import LexiconError, ParameterError
from framing.lexicon import Category, Lexicon, Pattern, load_lexicon
from framing.matcher import Match, Matcher, compiled_matcher
from framing.text import split_sentences

DATA = Path(__file__).parent / "data" / "lexicons"


def lexicon(kind="frames", name="t", groups=None, negators=None, **categories) -> Lexicon:
    """categories: id -> list of Pattern (or a list of terms: one `any` pattern named after it)."""
    cats = []
    for cid, spec in categories.items():
        exclude = ()
        if isinstance(spec, tuple):
            spec, exclude = spec
        patterns = spec if isinstance(spec[0], Pattern) else [Pattern(cid, any=tuple(spec))]
        cats.append(Category(cid, cid, "", tuple(patterns), exclude))
    extra = {} if negators is None else {"negators": negators}
    return Lexicon(name, kind, tuple(cats), groups or {}, **extra)


def find(matcher_or_lexicon, text, sentences=None, **kw) -> list[Match]:
    matcher = (matcher_or_lexicon if isinstance(matcher_or_lexicon, Matcher)
               else Matcher([matcher_or_lexicon]))
    return matcher.find(text, split_sentences(text) if sentences is None else sentences, **kw)


def spans(matches, text):
    return [(m.category, text[m.start:m.end]) for m in matches]


@pytest.fixture(scope="module")
def worked_example():
    return Matcher([load_lexicon(DATA / "worked_example.yaml")])


# --- terms -------------------------------------------------------------------------------------


def test_matcher_word_matches_case_insensitively_on_word_boundaries():
    lex = lexicon(c=["sanction"])
    text = "Sanction them. New sanctions. A sanction, the sanctioned"
    assert spans(find(lex, text), text) == [("c", "Sanction"), ("c", "sanction")]


def test_matcher_wildcard_matches_word_starts():
    lex = lexicon(c=["sanction*"])
    text = "Sanctions and sanctioned, a sanction; not unsanctioned."
    assert spans(find(lex, text), text) == [
        ("c", "Sanctions"), ("c", "sanctioned"), ("c", "sanction")]


def test_matcher_wildcards_inside_phrases():
    lex = lexicon(c=["catch* up", "pull* ahead"])
    text = "China is catching up. It pulled ahead. Catchup up? It pulls  ahead\tfast."
    assert spans(find(lex, text), text) == [
        ("c", "catching up"), ("c", "pulled ahead"), ("c", "Catchup up"), ("c", "pulls  ahead")]


def test_matcher_phrase_allows_any_whitespace_and_offsets_stay_in_the_text():
    lex = lexicon(c=["export control*"])
    text = "New   export \n\n  controls and export-controls.\nExport\tcontrols."
    got = find(lex, text, sentences=[(0, len(text))])
    assert spans(got, text) == [("c", "export \n\n  controls"), ("c", "Export\tcontrols")]
    assert [(m.start, m.end) for m in got] == [(6, 25), (47, 62)]


def test_matcher_case_sensitive_term():
    lex = lexicon(us=["=US", "United States"])
    text = "The US said it would help us. The United States agreed."
    assert spans(find(lex, text), text) == [("us", "US"), ("us", "United States")]


def test_matcher_punctuation_is_literal():
    lex = lexicon(us=["U.S."])
    text = "The U.S. and the US and U.S.-made chips and u.s."
    assert spans(find(lex, text), text) == [("us", "U.S."), ("us", "U.S."), ("us", "u.s.")]


def test_matcher_folds_apostrophes():
    lex = lexicon(china=["China's"], neg=["hasn’t"])
    text = "China’s chips, China's chips. It hasn't."
    assert spans(find(lex, text), text) == [
        ("china", "China’s"), ("china", "China's"), ("neg", "hasn't")]


def test_matcher_non_ascii_letters_are_word_characters():
    lex = lexicon(c=["caf", "naïve*", "über"])
    text = "Un café — naïvely, caf über-cool Über."
    assert spans(find(lex, text), text) == [
        ("c", "naïvely"), ("c", "caf"), ("c", "über"), ("c", "Über")]


def test_matcher_terms_without_ascii_letters():
    lex = lexicon(c=["中国", "é*"])
    text = "«中国» et 在中国. Évidemment."
    got = find(lex, text)
    assert spans(got, text) == [("c", "中国"), ("c", "Évidemment")]


def test_matcher_term_details_of_the_format_doc():
    lex = lexicon(china=["China"], open=["open*"], us=["us"], ny=["=New York"])
    text = "China's China-made open-source bus. New York, new york."
    assert spans(find(lex, text), text) == [
        ("china", "China"), ("china", "China"), ("open", "open"), ("ny", "New York")]


def test_matcher_groups_may_use_groups():
    lex = lexicon(groups={"us": ("=US", "@usa"), "usa": ("United States",)}, c=["@us chips"])
    text = "US chips and United States chips, not us chips."
    assert spans(find(lex, text), text) == [("c", "US chips"), ("c", "United States chips")]


def test_matcher_group_inside_a_phrase_keeps_case_sensitivity_of_its_terms():
    lex = lexicon(groups={"us": ("=US", "America")},
                  c=["effectiveness of the @us export controls"])
    text = ("The effectiveness of the US export controls. The effectiveness of the us export "
            "controls. The effectiveness of the america export controls.")
    assert spans(find(lex, text), text) == [
        ("c", "effectiveness of the US export controls"),
        ("c", "effectiveness of the america export controls")]


# --- the matching rules (docs/lexicon-format.md, "Matching rules") ------------------------------


def test_matcher_new_york_times_counts_once_as_the_longest_match():
    # rule 1: with `new york` and `new york times` in one category, "New York Times" counts once
    lex = lexicon(place=["new york", "new york times"])
    text = "The New York Times reported from New York."
    got = find(lex, text)
    assert spans(got, text) == [("place", "New York Times"), ("place", "New York")]


def test_matcher_leftmost_match_wins_over_a_later_overlapping_one():
    lex = lexicon(c=["york times", "new york"])
    text = "The New York Times."
    assert spans(find(lex, text), text) == [("c", "New York")]


def test_matcher_same_span_counts_in_several_categories():
    # rule 2: "reportedly" is a hedge and an attribution
    lex = lexicon("stance", hedge=["reportedly", "may"], attribution=["reportedly", "said"])
    text = "The firm reportedly spent $6 million, analysts said."
    got = find(lex, text)
    assert spans(got, text) == [
        ("attribution", "reportedly"), ("hedge", "reportedly"), ("attribution", "said")]
    assert got[0][:3] == got[1][:3] == (0, 9, 19)


def test_matcher_boilerplate_sentences_are_not_scored():
    # rule 3
    lex = lexicon("stance", hedge=["may"])
    text = "Prices may fall. This article may contain affiliate links."
    assert spans(find(lex, text, skip={1}), text) == [("hedge", "may")]
    assert [m.sentence_index for m in find(lex, text, skip=[0])] == [1]


def test_matcher_match_never_crosses_a_sentence_boundary():
    lex = lexicon(c=["export control*"])
    text = "We export\nControls are strict."
    assert find(lex, text) == []  # a line break ends a sentence


# --- negation ----------------------------------------------------------------------------------


def test_matcher_has_not_surpassed_and_has_yet_to_surpass_with_negation_require(worked_example):
    text = "China has not surpassed the US. It has yet to surpass it. It surpassed Japan."
    got = find(worked_example, text)
    assert spans(got, text) == [
        ("catching_up_not_surpassing", "surpassed"), ("catching_up_not_surpassing", "surpass")]
    assert [(m.pattern, m.negated, m.sentence_index) for m in got] == [
        ("cu_negated_overtake", True, 0), ("cu_negated_overtake", True, 1)]


def test_matcher_negation_by_nt_word_and_window(worked_example):
    text = ("It hasn't surpassed them. It did not in any way surpass them. "
            "It is far from overtaking them.")
    got = find(worked_example, text)
    # "not" is four words before "surpass": outside the window of 3
    assert spans(got, text) == [
        ("catching_up_not_surpassing", "surpassed"), ("catching_up_not_surpassing", "overtaking")]


def test_matcher_negation_window_examples_of_the_format_doc(worked_example):
    negated = ["It has not surpassed them.", "It has not yet surpassed them.",
               "It is not a real surpass.", "It failed to surpass them."]
    for text in negated:
        assert [m.negated for m in find(worked_example, text)] == [True], text
    assert find(worked_example, "It did not in any way surpass them.") == []


def test_matcher_en_dash_is_a_clause_break(worked_example):
    assert find(worked_example, "It is not cheap – it surpassed them.") == []


def test_matcher_clause_break_stops_negation(worked_example):
    text = "It is not cheap, but it surpassed them. Not now; it surpassed them."
    assert find(worked_example, text) == []


def test_matcher_negation_block_drops_negated_matches():
    lex = lexicon("frames", race=["arms race", "rivalry"])
    text = "This is not an arms race. It is a rivalry. There is no rivalry."
    got = find(lex, text)
    assert spans(got, text) == [("race", "rivalry")]
    assert got[0].negated is False


def test_matcher_negation_ignore_does_not_look():
    lex = lexicon("stance", hedge=["may"])  # stance: negation_default ignore
    text = "It may not. It does not may."
    assert [m.negated for m in find(lex, text)] == [False, False]


def test_matcher_negators_are_per_lexicon():
    lex = lexicon("frames", negators=("hardly",), race=["race"])
    text = "It is hardly a race. It is not a race."
    assert spans(find(lex, text), text) == [("race", "race")]
    assert find(lex, text)[0].sentence_index == 1


# --- sentence rules, vetoes, excludes ----------------------------------------------------------


def test_matcher_sentence_rule_needs_subject_and_cue_in_one_sentence(worked_example):
    one = "Export controls proved ineffective as firms found loopholes."
    got = find(worked_example, one)
    assert spans(got, one) == [("export_controls_failing", "Export controls proved ineffective")]
    assert got[0].pattern == "ecf_subject_cue"
    two = "Export controls were tightened. Firms found loopholes."
    assert find(worked_example, two) == []


def test_matcher_sentence_rule_fires_once_per_sentence(worked_example):
    text = "Despite sanctions and export controls, smuggling and loopholes persist."
    got = find(worked_example, text)
    # one match; its components are the first occurrence of each item
    assert spans(got, text) == [("export_controls_failing", "Despite sanctions")]


def test_matcher_sentence_rule_span_runs_from_first_to_last_component(worked_example):
    text = "Smuggling undermines the chip restrictions."
    assert spans(find(worked_example, text), text) == [
        ("export_controls_failing", "Smuggling undermines the chip restrictions")]


def test_matcher_export_rules_announced_fires_nothing(worked_example):
    text = "The export rules were announced in October 2022."
    assert find(worked_example, text) == []


def test_matcher_none_vetoes_the_rule_in_its_sentence(worked_example):
    vetoed = "Export controls were announced despite objections."
    assert find(worked_example, vetoed) == []
    fires = "Export controls stay despite objections."
    assert len(find(worked_example, fires)) == 1


def test_matcher_sentence_rule_checks_negation_on_the_last_item(worked_example):
    text = "The export controls are not ineffective."
    assert find(worked_example, text) == []  # frames: negation block on the cue


def test_matcher_exclude_drops_overlapping_matches(worked_example):
    text = "Under the Export Controls Act, smuggling is a crime."
    assert find(worked_example, text) == []
    effectiveness = "The effectiveness of export controls is in doubt."
    got = find(worked_example, effectiveness)
    assert spans(got, effectiveness) == [
        ("export_controls_failing", "effectiveness of export controls")]


def test_matcher_may_versus_may_2025_case_sensitive_or_exclude():
    text = "Prices may fall in May 2025. May they fall? Analysts say prices may."
    sensitive = lexicon("stance", hedge=["=may"])
    assert spans(find(sensitive, text), text) == [("hedge", "may"), ("hedge", "may")]
    excluded = lexicon("stance", hedge=(["may"], ("may 20*", "may 1*")))
    got = find(excluded, text)
    assert spans(got, text) == [("hedge", "may"), ("hedge", "May"), ("hedge", "may")]
    assert [m.start for m in got] == [7, 29, 64]


# --- the Matcher object ------------------------------------------------------------------------


def test_matcher_category_collision_within_a_kind_names_both_lexicons():
    a = lexicon("stance", name="stance", hedge=["may"])
    b = lexicon("stance", name="my_stance", hedge=["might"])
    with pytest.raises(LexiconError, match=r"category 'hedge' is defined by both lexicon 'stance' "
                                           r"and lexicon 'my_stance' \(kind 'stance'\)"):
        Matcher([a, b])
    Matcher([a, lexicon("frames", name="f", hedge=["might"])])  # other kinds may share ids


def test_matcher_rejects_a_single_lexicon():
    with pytest.raises(ParameterError, match=r"Matcher expects a sequence of Lexicon objects\. "
                                             r"Got Lexicon\."):
        Matcher(lexicon(c=["a"]))  # type: ignore[arg-type]


def test_matcher_rejects_unknown_group_in_a_built_lexicon():
    lex = lexicon(c=["@nope"])
    with pytest.raises(LexiconError, match=r"lexicon 't', pattern 'c': term '@nope' refers to "
                                           r"unknown group '@nope' \(known: none defined\)"):
        Matcher([lex])


def test_matcher_normalized_must_have_the_text_length():
    m = Matcher([lexicon(c=["a"])])
    with pytest.raises(ParameterError, match=r"'normalized' parameter of Matcher\.find must have "
                                             r"the length of text \(3\)\. Got 2\."):
        m.find("a b", [(0, 3)], normalized="ab")


def test_matcher_accepts_the_caller_normalized_text():
    from framing.text import normalize_for_matching

    m = Matcher([lexicon(c=["china's"])])
    text = "CHINA’S rise"
    assert m.find(text, [(0, 12)], normalized=normalize_for_matching(text)) == m.find(
        text, [(0, 12)])


def test_matcher_pickles_for_worker_processes(worked_example):
    clone = pickle.loads(pickle.dumps(worked_example))
    text = "China has yet to surpass the US."
    assert clone.find(text, [(0, len(text))]) == worked_example.find(text, [(0, len(text))])


def test_matcher_results_carry_lexicon_and_kind(worked_example):
    text = "It has caught up."
    (m,) = find(worked_example, text)
    assert (m.lexicon, m.kind, m.category, m.pattern) == (
        "ai_race", "frames", "catching_up_not_surpassing", "cu_caught_up")


# --- property: agrees with a regex reference implementation ------------------------------------

_VOCAB = ["china", "China's", "China’s", "chips", "chip", "export", "Export", "controls",
          "us", "US", "U.S.", "may", "May", "new", "york", "times", "a", "e2e", "ch", "café",
          "Café", "é"]
_SEPS = [" ", " ", " ", "  ", "\n", ", ", ". ", "-", "\t", "'", "’", " — ", "—"]


def _fold(s: str) -> str:
    return s.replace("’", "'")


def _reference_regex(term: str) -> re.Pattern[str]:
    cs = term.startswith("=")
    words = (term[1:] if cs else term).split()
    parts = []
    for w in words:
        wild = w.endswith("*")
        lit = _fold(w[:-1] if wild else w)
        parts.append(re.escape(lit) + (r"\w*+" if wild else ""))
    body = r"\s+".join(parts)
    first, last = _fold(words[0])[0], _fold(words[-1])
    if re.match(r"\w", first):
        body = r"(?<!\w)" + body
    if not last.endswith("*") and re.match(r"\w", last[-1]):
        body += r"(?!\w)"
    return re.compile(r"(?=(" + body + "))", 0 if cs else re.IGNORECASE)


def _reference(categories: dict[str, list[str]], text: str, sentences, skip) -> set:
    folded = _fold(text)
    out = set()
    for cid, terms in categories.items():
        occ = set()
        for term in terms:
            for m in _reference_regex(term).finditer(folded):
                s, e = m.span(1)
                for i, (ss, se) in enumerate(sentences):
                    if ss <= s and e <= se and i not in skip:
                        occ.add((s, e, i))
        reach = -1
        for s, e, i in sorted(occ, key=lambda o: (o[0], -o[1])):
            if s >= reach:
                out.add((cid, s, e, i))
                reach = e
    return out


_term = st.builds(
    lambda words, wild, cs: ("=" if cs else "") + " ".join(words) + ("*" if wild else ""),
    st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=2), st.booleans(),
    st.booleans())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.tuples(st.sampled_from(_VOCAB), st.sampled_from(_SEPS)), max_size=25),
    categories=st.dictionaries(st.sampled_from(["a", "b", "c"]),
                               st.lists(_term, min_size=1, max_size=4), min_size=1),
    skip=st.sets(st.integers(0, 5), max_size=2),
)
def test_matcher_property_agrees_with_regex_reference(words, categories, skip):
    text = "".join(w + s for w, s in words)
    sentences = split_sentences(text)
    lex = Lexicon("p", "stance", tuple(
        Category(cid, cid, "", (Pattern(cid, any=tuple(terms)),)) for cid, terms in
        categories.items()))
    got = Matcher([lex]).find(text, sentences, skip=skip)
    for m in got:
        ss, se = sentences[m.sentence_index]
        assert ss <= m.start < m.end <= se
        assert any(_reference_regex(t).match(_fold(text), m.start) and
                   _reference_regex(t).match(_fold(text), m.start).end(1) == m.end
                   for t in categories[m.category])
    assert sorted((m.category, m.start, m.end, m.sentence_index) for m in got) == sorted(
        _reference(categories, text, sentences, skip))


def test_matcher_phrases_across_whitespace_runs_inside_and_between_sentences():
    # runs between sentences are left uncollapsed (offsets stay those of the text); runs
    # inside a sentence still join a phrase; a line break ends a sentence
    lex = lexicon(c=["export control*", "data"])
    text = "Data  export  \n controls.\n\n  New export   controls here.  Export\n\ncontrols data."
    got = find(lex, text)
    assert spans(got, text) == [("c", "Data"), ("c", "export   controls"), ("c", "data")]
    assert [m.sentence_index for m in got] == [0, 2, 4]
    one = find(lex, text, sentences=[(0, len(text))])
    assert spans(one, text) == [("c", "Data"), ("c", "export  \n controls"),
                                ("c", "export   controls"), ("c", "Export\n\ncontrols"),
                                ("c", "data")]


# --- paths of Matcher.find's per-hit loop ------------------------------------------------------


def test_matcher_sentence_rule_fires_whichever_item_is_rarest():
    # a rule is looked at in a sentence holding its trigger item (the one of fewest terms); it
    # still needs every item there, and the negation mode still applies to the last item
    rule = Pattern("r", all=(("chip", "chips", "gpu*", "processor*"), ("smuggl*",),
                             ("border", "customs")), negation="block")
    lex = lexicon("frames", c=[rule])
    text = ("Chips were smuggled across the border. Chips were smuggled. "
            "GPUs crossed the border, smuggled, not through customs. "
            "Smuggling chips is not border business.")
    got = find(lex, text)
    assert [(m.sentence_index, text[m.start:m.end], m.negated) for m in got] == [
        (0, "Chips were smuggled across the border", False),
        (2, "GPUs crossed the border, smuggled", False)]


def test_matcher_nt_word_in_another_sentence_does_not_negate():
    lex = lexicon("frames", race=["race"])
    text = "They didn't. It is a race. It isn't a race."
    got = find(lex, text)
    assert [(m.sentence_index, m.negated) for m in got] == [(1, False)]


def test_matcher_term_with_uses_of_several_kinds():
    # one word reached through two terms ("chip", "chip*"); "chip*" is used by an `any` pattern
    # of one category and by a sentence rule of another; a phrase is excluded from a third
    lex = lexicon("frames",
                  hardware=["chip", "chip*"],
                  race=[Pattern("r", all=(("chip*",), ("race",)))],
                  other=(["chips", "race"], ["chips race"]))
    text = "The chip race. Chips race on."
    got = find(lex, text)
    assert spans(got, text) == [("hardware", "chip"), ("race", "chip race"), ("other", "race"),
                                ("hardware", "Chips"), ("race", "Chips race")]


def test_matcher_case_sensitive_word_is_checked_on_the_text_on_every_path():
    # "=US" and "US$" share one automaton key; "=US" is checked on the text by startswith when
    # C offsets are text offsets and the text has no non-ASCII letter, else by the general
    # check: a space run inside a sentence, or "é", must not change the result
    lex = lexicon(us=["=US", "US$"])
    for text in ("The US and us. Pay US$ 5 to us.",
                 "The  US and us. Pay US$ 5 to us.",
                 "The US and us. Pay US$ 5 to us, café."):
        assert spans(find(lex, text), text) == [("us", "US"), ("us", "US$")], text


def test_matcher_other_whitespace_inside_a_sentence_joins_a_phrase():
    # a line separator, NEL or vertical tab counts as a space, whether or not the text also
    # has a non-ASCII letter (found before or after it)
    lex = lexicon(c=["export controls"])
    for ws in ("\u2028", "\x85", "\x0b"):
        for text in (f"New export{ws}controls.", f"Naïve export{ws}controls.",
                     f"New export{ws}controls, naïve."):
            got = find(lex, text, sentences=[(0, len(text))])
            assert spans(got, text) == [("c", f"export{ws}controls")], repr(text)


def test_matcher_negation_looks_back_from_the_nearest_negator():
    # the nearest negator decides first: a clause break after it also cuts off every earlier
    # one; a negator after the match does not count
    lex = lexicon("frames", race=["race"])
    text = "Not a race. No, it is not, in fact, a race. No, it is a race. It is no race, not close."
    got = find(lex, text)
    assert [(m.sentence_index, text[m.start:m.end]) for m in got] == [(1, "race"), (2, "race")]


def test_compiled_matcher_is_reused_for_equal_lexicons_only() -> None:
    text = "Export controls failed. Some analysts said the gap may close."
    sentences = [(0, 23), (24, len(text))]
    first = compiled_matcher([load_lexicon("stance")])
    assert compiled_matcher([load_lexicon("stance")]) is first  # loaded again: equal content
    stance = load_lexicon("stance")
    hedge = stance.category("hedge")
    fewer = Lexicon(stance.name, stance.kind, (hedge,), stance.groups)
    other = compiled_matcher([fewer])
    assert other is not first
    assert {m.category for m in first.find(text, sentences)} == {"hedge", "attribution"}
    assert {m.category for m in other.find(text, sentences)} == {"hedge"}
    with pytest.raises(ParameterError, match="sequence of Lexicon"):
        compiled_matcher(stance)
