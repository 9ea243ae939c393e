"""Tests for framing.text: sentence spans, word spans, counting, normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import ParameterError
from framing.text import (
    count_words,
    normalize_for_matching,
    sentence_index,
    split_sentences,
    word_spans,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in word_spans(text)]


# Each case: text, the exact sentences expected.
SENTENCE_CASES = [
    (
        "us_mid_sentence",
        "It topped the U.S. App Store. Rivals took note.",
        ["It topped the U.S. App Store.", "Rivals took note."],
    ),
    (
        "us_before_lowercase",
        "The U.S. tech giants fell. Shares slid.",
        ["The U.S. tech giants fell.", "Shares slid."],
    ),
    (
        "us_at_end_before_opener",
        "Chips are made in the U.S. The next step is China.",
        ["Chips are made in the U.S.", "The next step is China."],
    ),
    (
        "us_at_end_before_name_stays",
        "Data centers in the U.S. Congress approved funds.",
        ["Data centers in the U.S. Congress approved funds."],
    ),
    ("us_at_end_of_text", "It is popular in the U.S.", ["It is popular in the U.S."]),
    (
        "uk_mid_sentence",
        "Similarly, U.K. Prime Minister Keir Starmer spoke. He left.",
        ["Similarly, U.K. Prime Minister Keir Starmer spoke.", "He left."],
    ),
    (
        "month_before_day",
        "On Jan. 20 the model shipped. It was cheap.",
        ["On Jan. 20 the model shipped.", "It was cheap."],
    ),
    (
        "month_before_capital_ends",
        "It shipped in Jan. The price fell.",
        ["It shipped in Jan.", "The price fell."],
    ),
    ("mr", "Mr. Liang founded it. He is rich.", ["Mr. Liang founded it.", "He is rich."]),
    ("mrs", "Mrs. Smith agreed. Others did not.", ["Mrs. Smith agreed.", "Others did not."]),
    ("dr", "Dr. Chen disagreed with it. Why?", ["Dr. Chen disagreed with it.", "Why?"]),
    (
        "prof",
        "Prof. Ng spoke first. Then came questions.",
        ["Prof. Ng spoke first.", "Then came questions."],
    ),
    (
        "st_before_name",
        "He moved to St. Louis last year. It rained.",
        ["He moved to St. Louis last year.", "It rained."],
    ),
    (
        "st_at_end",
        "The office is on Main St. The rent is high.",
        ["The office is on Main St.", "The rent is high."],
    ),
    (
        "no_before_number",
        "It is the No. 1 free app. Users love it.",
        ["It is the No. 1 free app.", "Users love it."],
    ),
    (
        "no_as_answer_ends",
        "The answer was no. The talks ended.",
        ["The answer was no.", "The talks ended."],
    ),
    (
        "money_decimal",
        "It cost $5.5 million. That is cheap.",
        ["It cost $5.5 million.", "That is cheap."],
    ),
    (
        "plain_decimal",
        "Pi is about 3.14 in most books. Fine.",
        ["Pi is about 3.14 in most books.", "Fine."],
    ),
    (
        "inc_before_name_stays",
        "Apple Inc. Chief Executive Tim Cook spoke. He smiled.",
        ["Apple Inc. Chief Executive Tim Cook spoke.", "He smiled."],
    ),
    (
        "inc_at_end",
        "The buyer was Apple Inc. The seller was not named.",
        ["The buyer was Apple Inc.", "The seller was not named."],
    ),
    (
        "corp",
        "Nvidia Corp. shares fell 17%. It was a record.",
        ["Nvidia Corp. shares fell 17%.", "It was a record."],
    ),
    (
        "ltd_at_end",
        "It sold chips to Acme Ltd. However, the deal collapsed.",
        ["It sold chips to Acme Ltd.", "However, the deal collapsed."],
    ),
    (
        "co_mid",
        "Samsung Electronics Co. Ltd. makes memory. It is Korean.",
        ["Samsung Electronics Co. Ltd. makes memory.", "It is Korean."],
    ),
    (
        "eg",
        "Some labs, e.g. DeepSeek, train cheaply. Others do not.",
        ["Some labs, e.g. DeepSeek, train cheaply.", "Others do not."],
    ),
    (
        "ie",
        "The model, i.e. R1, is open. Anyone can use it.",
        ["The model, i.e. R1, is open.", "Anyone can use it."],
    ),
    (
        "vs",
        "It is U.S. vs. China now. The race is on.",
        ["It is U.S. vs. China now.", "The race is on."],
    ),
    (
        "etc_at_end",
        "They use GPUs, TPUs, etc. Costs keep rising.",
        ["They use GPUs, TPUs, etc.", "Costs keep rising."],
    ),
    (
        "etc_mid",
        "GPUs, TPUs, etc. are scarce. Prices rose.",
        ["GPUs, TPUs, etc. are scarce.", "Prices rose."],
    ),
    (
        "initial",
        "The founder Liang W. Feng spoke. He was brief.",
        ["The founder Liang W. Feng spoke.", "He was brief."],
    ),
    (
        "two_initials",
        "President P. W. Botha spoke often. Few listened.",
        ["President P. W. Botha spoke often.", "Few listened."],
    ),
    (
        "closing_quote_belongs_to_first",
        'He said, "It works." Then he left.',
        ['He said, "It works."', "Then he left."],
    ),
    (
        "curly_closing_quote",
        "He said, “It works.” Then he left.",
        ["He said, “It works.”", "Then he left."],
    ),
    (
        "question_in_quote_no_break",
        '"Is it?" she asked. Nobody knew.',
        ['"Is it?" she asked.', "Nobody knew."],
    ),
    (
        "ellipsis_then_capital",
        "It was over... The market crashed.",
        ["It was over...", "The market crashed."],
    ),
    (
        "ellipsis_then_lowercase",
        "It was over... or so it seemed.",
        ["It was over... or so it seemed."],
    ),
    ("unicode_ellipsis", "Wait… The model is free.", ["Wait…", "The model is free."]),
    (
        "interrobang",
        "Cheaper than ChatGPT?! Investors panicked.",
        ["Cheaper than ChatGPT?!", "Investors panicked."],
    ),
    (
        "paren_sentence",
        "See the table (see below.) Costs are in dollars.",
        ["See the table (see below.)", "Costs are in dollars."],
    ),
    (
        "paren_lowercase_continues",
        "It is cheap (see below.) and fast.",
        ["It is cheap (see below.) and fast."],
    ),
    (
        "headline_line",
        "China’s AI Progress: Catching Up but Not Surpassing\nWhile DeepSeek rose, analysts doubt it.",
        [
            "China’s AI Progress: Catching Up but Not Surpassing",
            "While DeepSeek rose, analysts doubt it.",
        ],
    ),
    (
        "blank_line",
        "First paragraph ends here\n\nSecond one starts.",
        ["First paragraph ends here", "Second one starts."],
    ),
    ("crlf_line_break", "Line one\r\nLine two", ["Line one", "Line two"]),
    (
        "bullets",
        "Key points:\n• Cheap training\n- Open weights\n* Top app",
        ["Key points:", "• Cheap training", "- Open weights", "* Top app"],
    ),
    ("numbered_list_lines", "1. First step\n2. Second step.", ["1. First step", "2. Second step."]),
    (
        "numbered_list_inline",
        "Steps: 1. Open the app. 2. Ask it.",
        ["Steps: 1. Open the app.", "2. Ask it."],
    ),
    (
        "year_at_end",
        "It was founded in 2023. The founder is Liang.",
        ["It was founded in 2023.", "The founder is Liang."],
    ),
    (
        "url",
        "Visit example.com for details. Or mail x@y.org today.",
        ["Visit example.com for details.", "Or mail x@y.org today."],
    ),
    (
        "url_at_end",
        "Read more at example.com. The site is new.",
        ["Read more at example.com.", "The site is new."],
    ),
    (
        "full_url",
        "See https://example.com/a.b?x=1 now. Done.",
        ["See https://example.com/a.b?x=1 now.", "Done."],
    ),
    (
        "version_numbers",
        "GPT-4.5 trails DeepSeek-V3. Both are large.",
        ["GPT-4.5 trails DeepSeek-V3.", "Both are large."],
    ),
    (
        "model_name_at_end",
        "The lab released R1. It reasons well.",
        ["The lab released R1.", "It reasons well."],
    ),
    (
        "curly_apostrophes",
        "DeepSeek’s app isn’t small. It’s the top app.",
        ["DeepSeek’s app isn’t small.", "It’s the top app."],
    ),
    (
        "camel_case_opener",
        "The phone sold well. iPhone sales rose.",
        ["The phone sold well.", "iPhone sales rose."],
    ),
    (
        "opening_quote_after_us",
        "It was built in the U.S. “We are proud,” he said.",
        ["It was built in the U.S.", "“We are proud,” he said."],
    ),
    (
        "dateline_without_punctuation",
        " date 2025-01-27 Just two weeks later, it led. Then it fell.",
        ["date 2025-01-27 Just two weeks later, it led.", "Then it fell."],
    ),
    ("trailing_whitespace", "  One.   Two.  \n ", ["One.", "Two."]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in SENTENCE_CASES], ids=[c[0] for c in SENTENCE_CASES]
)
def test_text_split_sentences_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_text_split_sentences_has_enough_cases() -> None:
    assert len(SENTENCE_CASES) >= 40


def test_text_split_sentences_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


def test_text_split_sentences_returns_offsets() -> None:
    text = "Hi there. Bye now."
    assert split_sentences(text) == [(0, 9), (10, 18)]


def test_text_split_sentences_rejects_non_str() -> None:
    with pytest.raises(ParameterError, match=r"split_sentences expects a str\. Got list\."):
        split_sentences(["a list", "of texts"])  # type: ignore[arg-type]


def test_text_split_sentences_seed_002() -> None:
    text = (SEEDS / "002_9edbe6fc9148524f.txt").read_text(encoding="utf-8")
    got = sentences(text)
    assert (
        got[1]
        == "As of this writing (January 27), it’s now the top-rated free app on Apple’s U.S. App Store."
    )
    # "... data centers in the U.S. The project is expected ..." is a real sentence end
    i = next(k for k, s in enumerate(got) if s.endswith("data centers in the U.S."))
    assert got[i + 1] == "The project is expected to create 100,000 jobs."
    assert "Similarly, U.K. Prime Minister Keir Starmer unveiled plans" in got[i + 2]


def test_text_split_sentences_seed_003_headlines() -> None:
    text = (SEEDS / "003_3a41afc459691076.txt").read_text(encoding="utf-8")
    got = sentences(text)
    assert "China’s AI Progress: Catching Up but Not Surpassing" in got
    assert "U.S. Response: Further Tightening of AI-Related Exports?" in got
    assert (
        "The U.S. AI frontier remains firmly ahead, despite China’s increasing AI capabilities."
        in got
    )
    assert len(got) == 16


@pytest.mark.parametrize(
    ("name", "n_sentences"),
    [
        ("000_0d9e428de75cc1ab", 37),
        ("001_36eaa19a9fd239b1", 17),
        ("002_9edbe6fc9148524f", 26),
        ("003_3a41afc459691076", 16),
        ("004_9904f7d0297002af", 25),
    ],
)
def test_text_split_sentences_seed_counts(name: str, n_sentences: int) -> None:
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    spans = split_sentences(text)
    assert len(spans) == n_sentences
    # every sentence ends with terminal punctuation or is a line of its own
    for s, e in spans:
        assert text[e - 1] in '.!?…"”’)' or e == len(text.rstrip()) or text[e] in "\r\n"


# --- words -------------------------------------------------------------------------------------

WORD_CASES = [
    ("The U.S. and U.K. agreed.", ["The", "U.S.", "and", "U.K.", "agreed"]),
    (
        "It cost $5.5 million, or 5.5 units.",
        ["It", "cost", "$5.5", "million", "or", "5.5", "units"],
    ),
    ("It used 2,048 H800s.", ["It", "used", "2,048", "H800s"]),
    ("Nvidia fell 13% today.", ["Nvidia", "fell", "13%", "today"]),
    ("DeepSeek-V3 beats GPT-4.5.", ["DeepSeek-V3", "beats", "GPT-4.5"]),
    ("I don't and you don’t.", ["I", "don't", "and", "you", "don’t"]),
    ("Send an e-mail to x@y.org now.", ["Send", "an", "e-mail", "to", "x@y.org", "now"]),
    (
        "See https://example.com/a?b=1. Or example.com.",
        ["See", "https://example.com/a?b=1", "Or", "example.com"],
    ),
    ("costs—a fraction — of $70-$100.", ["costs", "a", "fraction", "of", "$70", "$100"]),
    ("U.S.-designed chips, e.g. H20.", ["U.S.-designed", "chips", "e.g.", "H20"]),
    ("At 10:30 a.m. it rose.", ["At", "10:30", "a.m.", "it", "rose"]),
    ("-- ... !!! ___ ‘’ — ", []),
    ("北京 and Zürich", ["北京", "and", "Zürich"]),
]


@pytest.mark.parametrize(("text", "expected"), WORD_CASES, ids=[c[0][:20] for c in WORD_CASES])
def test_text_word_spans_cases(text: str, expected: list[str]) -> None:
    assert words(text) == expected
    assert count_words(text) == len(expected)


def test_text_word_spans_range_offsets_into_full_text() -> None:
    text = "Skip this. Count these three words."
    start = text.index("Count")
    spans = word_spans(text, start)
    assert [text[s:e] for s, e in spans] == ["Count", "these", "three", "words"]
    assert spans[0] == (start, start + 5)
    assert count_words(text, start, start + len("Count these")) == 2
    assert count_words(text, 0, 0) == 0


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(-1, None, r"start=-1, end=None"), (3, 2, r"start=3, end=2"), (0, 99, r"start=0, end=99")],
)
def test_text_word_spans_rejects_bad_range(start: int, end: int | None, message: str) -> None:
    with pytest.raises(
        ParameterError, match=r"expects 0 <= start <= end <= len\(text\) = 10\. Got " + message
    ):
        word_spans("ten chars!", start, end)
    with pytest.raises(ParameterError, match=r"count_words expects"):
        count_words("ten chars!", start, end)


def test_text_count_words_seed() -> None:
    text = (SEEDS / "004_9904f7d0297002af.txt").read_text(encoding="utf-8")
    assert count_words(text) == len(word_spans(text)) == 582


# --- normalisation -----------------------------------------------------------------------------


def test_text_normalize_for_matching_quotes_spaces_case() -> None:
    text = "DeepSeek’s “AI”\u00a0Lead — ‘Not’ Surpassing\u2009US"
    assert normalize_for_matching(text) == "deepseek's \"ai\" lead — 'not' surpassing us"


def test_text_normalize_for_matching_keeps_length_for_expanding_lowercase() -> None:
    text = "İSTANBUL’s chips"  # "İ".lower() is two code points
    out = normalize_for_matching(text)
    assert len(out) == len(text)
    assert out == "istanbul's chips"


def test_text_normalize_for_matching_keeps_dashes_and_line_breaks() -> None:
    assert normalize_for_matching("A–B—C\nD\tE") == "a–b—c\nd\te"


# --- sentence_index ----------------------------------------------------------------------------


def test_text_sentence_index_finds_containing_sentence() -> None:
    text = "  One two. Three four.\nFive."
    spans = split_sentences(text)
    assert sentence_index(spans, text.index("two")) == 0
    assert sentence_index(spans, text.index("Three")) == 1
    assert sentence_index(spans, text.index(" Three")) == 0  # the gap belongs to the earlier one
    assert sentence_index(spans, text.index("Five")) == 2
    with pytest.raises(
        ParameterError, match=r"offset at or after the first sentence start \(2\)\. Got 0\."
    ):
        sentence_index(spans, 0)


# --- properties --------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("aAbBzZ019 .,!?…\"'“”‘’()-–—$%@/:;\n\r\t\u00a0_İß")
    + ["U.S.", "Mr.", "e.g.", " The ", "... "]
)
_TEXTS = st.lists(_ALPHABET, max_size=80).map("".join) | st.text(max_size=120)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_text_split_sentences_properties(text: str) -> None:
    spans = split_sentences(text)
    covered = [0] * len(text)
    prev_end = 0
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        for i in range(s, e):
            covered[i] += 1
        prev_end = e
    for i, ch in enumerate(text):
        assert covered[i] <= 1
        if not ch.isspace():
            assert covered[i] == 1, (text, i)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.data())
def test_text_word_spans_properties(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    spans = word_spans(text, start, end)
    prev_end = start
    for s, e in spans:
        assert prev_end <= s < e <= end
        assert any(ch.isalnum() for ch in text[s:e])
        prev_end = e
    assert count_words(text, start, end) == len(spans)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_text_normalize_for_matching_preserves_length(text: str) -> None:
    out = normalize_for_matching(text)
    assert len(out) == len(text)
    assert all(a.isspace() == b.isspace() or b == " " for a, b in zip(text, out))


def test_count_words_of_successive_ranges_of_one_text_equal_a_scan_of_each_range():
    # count_words keeps the word starts of a text it is asked about twice; ranges that begin
    # or end inside a word must still count as a scan of the range does
    text = "See example.com and U.S. data.\n\nIt's 5.5% of 2,048 words: www.x.org/a b@c.io ok"
    ranges = [
        (0, len(text)),
        (4, 15),
        (0, 30),
        (32, 50),
        (3, 17),
        (20, len(text)),
        (33, 33),
        (10, 11),
        (0, 0),
        (50, len(text)),
    ]
    for start, end in ranges * 2:
        assert count_words(text, start, end) == len(word_spans(text, start, end)), (start, end)
    assert count_words(text) == len(word_spans(text))


_NORMALIZE_ALPHABET = (
    "aZ İ\u212a ΣΟ’‘‛ʼ“”„‟‐‑\u00a0\u1680\u202f\u205f\u3000\u2000\u2005\u200a\u200b—–\t\n.é"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_NORMALIZE_ALPHABET) | st.characters(), max_size=60))
def test_text_normalize_for_matching_equals_translate(text: str) -> None:
    from framing.text import _NORMALIZE_TABLE

    reference = text.translate(_NORMALIZE_TABLE).lower()
    if len(reference) != len(text):
        reference = "".join(ch.lower()[0] for ch in text.translate(_NORMALIZE_TABLE))
    assert normalize_for_matching(text) == reference


_PREPARE_ALPHABET = list("ab AB.!?\n\t’-5,%") + [
    "Mr. ",
    "U.S. ",
    "Source: Reuters\n",
    "Disclaimer: x.\n",
    "Follow us on Twitter.",
    "date 2025-01-27 ",
    "e.g. ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PREPARE_ALPHABET), max_size=40).map("".join))
def test_text_prepare_word_counts_equal_counting_each_sentence(text: str) -> None:
    from framing.document import prepare

    doc = prepare(text)
    spans = [span for span, keep in zip(doc.sentences, doc.scored) if keep]
    n_words = sum(count_words(text, s, e) for s, e in spans)
    assert doc.n_words == n_words
    assert doc.n_words_boilerplate == len(word_spans(text)) - n_words


# --- fast paths (framing.text's ASCII class view; see the comment above _class_view) ----------

# Tokens that hold more or fewer words than their letter/digit runs suggest, characters of every
# word class outside ASCII, and the control characters the view uses as stand-ins.
_COUNT_ALPHABET = st.sampled_from(
    list("aZ09 _.,:;-'’‘‐‑/@%$()\"“”—–…\n\t\u00a0\u2009\u2028\x85éÉßİʼ²½Ⅳ©€\x01\x02")
    + [
        "U.S.",
        "U.S",
        "a.m.",
        "5.5",
        "5.5a",
        "1.2.3",
        "2,048",
        "10:30",
        "a--b",
        "well—known",
        "U.S.-made",
        "e-mail",
        "don't",
        "www.example.com/a.b",
        "http://x.org/?q=1.",
        "x@y.org",
        "example.COM",
        "(word)",
        "“quoted”",
        "‘quoted’",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_COUNT_ALPHABET, max_size=60).map("".join) | st.text(max_size=80))
def test_text_count_words_equals_a_scan_with_the_word_pattern(text: str) -> None:
    from framing.text import _WORD

    assert count_words(text) == len(_WORD.findall(text)) == len(word_spans(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S.-made chips", ["U.S.-made", "chips"]),
        ("5.5a", ["5.5", "a"]),  # the decimal join takes digits only
        ("a--b a-b", ["a", "b", "a-b"]),
        ("well—known", ["well", "known"]),
        ("example.COM example.com", ["example", "COM", "example.com"]),
        ("(word) “quoted” ‘single’ — end", ["word", "quoted", "single", "end"]),
        ("Café au lait, naïve", ["Café", "au", "lait", "naïve"]),
        ("a\x01b \x02—c", ["a", "b", "c"]),  # stand-in characters in the text itself
    ],
)
def test_text_count_words_tricky_tokens(text: str, expected: list[str]) -> None:
    assert words(text) == expected
    assert count_words(text) == len(expected)


def test_text_count_words_and_normalize_with_many_distinct_non_ascii_characters() -> None:
    from framing.text import _class_view

    # more distinct non-ASCII characters than the view replaces one by one: the plain scans
    text = "Δεν ξέρω. Привет, мир — «ёлка» 5,5 млн. " * 3
    assert _class_view(text) == (None, None)
    assert count_words(text) == len(word_spans(text)) == 21
    assert normalize_for_matching(text) == text.lower()


@settings(max_examples=300, deadline=None)
@given(st.lists(_COUNT_ALPHABET, max_size=60).map("".join))
def test_text_normalize_and_count_equal_the_public_functions(text: str) -> None:
    from framing.text import _normalize_and_count, _normalize_slow

    assert _normalize_and_count(text) == (_normalize_slow(text), len(word_spans(text)))
    assert normalize_for_matching(text) == _normalize_slow(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # runs of line breaks, with whitespace between them, end one sentence
        ("One\n \n\r\nTwo", ["One", "Two"]),
        ("One\u2028Two\x85Three", ["One", "Two", "Three"]),
        # punctuation right after a line break opens the next sentence and ends nothing
        ("One\n... two. Three", ["One", "... two.", "Three"]),
        ("One\n”. Two", ["One", "”. Two"]),
        # every terminal, also before a line break and at the end
        ("Really?! Yes… No! Fine.\nEnd.", ["Really?!", "Yes…", "No!", "Fine.", "End."]),
        # a word ending like an abbreviation ("reps", "sen") is still checked as a whole
        (
            "He met the reps. Then he left. The Dept. The end. A teen. Then",
            ["He met the reps. Then he left.", "The Dept.", "The end.", "A teen.", "Then"],
        ),
    ],
)
def test_text_split_sentences_line_breaks_terminals_and_word_endings(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


def test_text_prepare_counts_words_when_a_dateline_ends_inside_a_word() -> None:
    from framing.document import prepare

    # the dateline span ends between "27" and "The": the trimmed sentence starts mid-token
    text = "date 2025-01-27The chips shipped. Prices fell.\n\nSource: Reuters"
    doc = prepare(text)
    kept = [doc.sentence_text(i) for i, keep in enumerate(doc.scored) if keep]
    assert kept == ["The chips shipped.", "Prices fell."]
    assert doc.n_words == 5
    assert doc.n_words_boilerplate == count_words(text) - 5
