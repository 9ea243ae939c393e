"""Tests for framing.boilerplate: edges of an article left out of scoring."""

from __future__ import annotations

import itertools

import pytest

from framing.boilerplate import BoilerplateSpan, find_boilerplate
from framing.corpus import seeds_dir
from framing.errors import ParameterError

# An ordinary news body the invented cases hang their first/last lines on.
BODY = (
    "Chinese start-up DeepSeek overtook ChatGPT on Apple's App Store on Monday, a milestone "
    "that rattled investors in American chip makers.\n"
    "Shares of Nvidia fell 17 percent, erasing nearly $600 billion in market value, as traders "
    "questioned whether expensive hardware would remain essential.\n"
)


def found(text: str) -> list[tuple[str, str]]:
    """(reason, text) of each span, checking the span invariants on the way."""
    spans = find_boilerplate(text)
    for span in spans:
        piece = text[span.start : span.end]
        assert piece == piece.strip() and piece, span
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans)), spans
    return [(s.reason, text[s.start : s.end]) for s in spans]


def seed(stem: str) -> str:
    (path,) = seeds_dir().glob(f"{stem}_*.txt")
    return path.read_text(encoding="utf-8")


# -- the seeds ------------------------------------------------------------------------------------

SEED_002_DISCLAIMER = (
    "Disclaimer: All materials on this site are for informational purposes only. None of the "
    "material should be interpreted as investment advice. Please note that despite the nature of "
    "much of the material created and hosted on this website, HODL FM is not a financial "
    "reference resource and the opinions of authors and other contributors are their own and "
    "should not be taken as financial advice. If you require advice of this sort, HODL FM "
    "strongly recommends contacting a qualified industry professional."
)
SEED_003_PROMOTION = (
    "For more detailed insights into the AI sector and its impact on global markets, the Sector "
    "Historical Overview API offers valuable data on market trends, sector performances, and "
    "broader economic impacts."
)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("000", []),
        ("001", [("dateline", "date 2025-01-27"), ("source_line", "Source: Reuters")]),
        ("002", [("disclaimer", SEED_002_DISCLAIMER)]),
        ("003", [("promotion", SEED_003_PROMOTION)]),
        ("004", [("source_line", "Sources By Agencies")]),
    ],
)
def test_boilerplate_seeds(stem, expected):
    assert found(seed(stem)) == expected


def test_boilerplate_seed_spans_are_offsets_into_the_untouched_text():
    text = seed("001")
    assert find_boilerplate(text) == [
        BoilerplateSpan(1, 16, "dateline"),
        BoilerplateSpan(len(text) - len("Source: Reuters"), len(text), "source_line"),
    ]
    # the closing paragraph above the source line survives
    last_kept = text[: find_boilerplate(text)[-1].start].rstrip()
    assert last_kept.endswith("big AI players like NVIDIA and Oracle.")


# -- invented positives -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        (
            (
                "(Reporting by Jane Doe in Beijing; Additional reporting by Max Roe; "
                "Editing by Tom Hogue)"
            ),
            [
                (
                    "credit",
                    (
                        "(Reporting by Jane Doe in Beijing; Additional reporting by Max Roe; "
                        "Editing by Tom Hogue)"
                    ),
                )
            ],
        ),
        (
            "Copyright © 2025 Harbour Ledger Media Group. All rights reserved.",
            [("copyright", "Copyright © 2025 Harbour Ledger Media Group. All rights reserved.")],
        ),
        (
            "Read more: Why cheaper AI models could still mean more chips",
            [("promotion", "Read more: Why cheaper AI models could still mean more chips")],
        ),
        (
            "Subscribe to our newsletter for daily updates on the AI race.",
            [("promotion", "Subscribe to our newsletter for daily updates on the AI race.")],
        ),
        (
            "Follow us on X and Telegram for the latest tech news.",
            [("promotion", "Follow us on X and Telegram for the latest tech news.")],
        ),
        (
            "This article was originally published on The Conversation. Read the original article.",
            [
                (
                    "republication",
                    (
                        "This article was originally published on The Conversation. "
                        "Read the original article."
                    ),
                )
            ],
        ),
        ("(With inputs from PTI)", [("source_line", "(With inputs from PTI)")]),
        ("— AFP", [("source_line", "— AFP")]),
        (
            (
                "The views expressed in this article are those of the author and do not reflect the "
                "position of this publication."
            ),
            [
                (
                    "disclaimer",
                    (
                        "The views expressed in this article are those of the author and do "
                        "not reflect the position of this publication."
                    ),
                )
            ],
        ),
    ],
)
def test_boilerplate_trailing_positive(ending, expected):
    assert found(BODY + ending + "\n") == expected


def test_boilerplate_stacked_trailing_lines_each_get_a_span():
    text = (
        BODY
        + "\n(Reporting by Jane Doe; Editing by John Roe)\n"
        + "Source: Reuters\n\n"
        + "© 2025 Example Media\n"
    )
    assert found(text) == [
        ("credit", "(Reporting by Jane Doe; Editing by John Roe)"),
        ("source_line", "Source: Reuters"),
        ("copyright", "© 2025 Example Media"),
    ]


def test_boilerplate_hard_wrapped_disclaimer_is_one_span():
    disclaimer = (
        "Disclaimer: This content is provided for information only and\n"
        "does not constitute investment advice. Always do your own research\n"
        "before buying or selling any asset."
    )
    text = BODY + "\n" + disclaimer + "\n"
    assert found(text) == [("disclaimer", disclaimer)]


def test_boilerplate_leading_byline_and_wire_dateline():
    text = "By Jane Doe and Max Roe\n\nBEIJING, Jan 27 (Reuters) - " + BODY
    assert found(text) == [
        ("byline", "By Jane Doe and Max Roe"),
        ("dateline", "BEIJING, Jan 27 (Reuters) -"),
    ]


def test_boilerplate_leading_published_line():
    text = "Published: January 27, 2025, 10:05 GMT\n" + BODY
    assert found(text) == [("dateline", "Published: January 27, 2025, 10:05 GMT")]


def test_boilerplate_read_more_line_between_paragraphs():
    first, second = BODY.splitlines()
    text = first + "\nAlso read: Nvidia loses $600 billion in a day\n" + second + "\n"
    assert found(text) == [("promotion", "Also read: Nvidia loses $600 billion in a day")]


# -- invented negatives: plausible closing and opening paragraphs are kept ----------------------


@pytest.mark.parametrize(
    "ending",
    [
        (
            "The company did not disclose the source of its funding, and investors said they would "
            "wait for more details before committing new investment."
        ),
        "Sources familiar with the talks said a decision could come as early as next week.",
        "Source code for the model was released on GitHub under a permissive license.",
        "For more than a decade, American firms have relied on Nvidia chips; that may now change.",
        (
            "For more insight into investor sentiment, analysts pointed to the sharp drop in Nvidia's "
            "share price on Monday."
        ),
        "Copyright disputes over training data remain unresolved, and several lawsuits are pending.",
        "Reporting by Bloomberg last week suggested the deal was close to collapse.",
        "Inputs from farmers' groups will shape the final bill, the minister said.",
        "Disclaimers aside, the company's numbers speak for themselves.",
        "First published in 1998, the novel remains a touchstone for readers in China.",
        "Watch-dog groups say they will challenge the export rules in court.",
        "Follow the money, critics say, and the picture looks very different.",
        "The views expressed by lawmakers on Tuesday were sharply divided.",
        "Reuters could not independently verify the figures.",
    ],
)
def test_boilerplate_closing_paragraph_is_kept(ending):
    assert found(BODY + ending) == []


def test_boilerplate_wrapped_agency_name_ending_a_sentence_is_kept():
    text = (
        "The chief executive said the company had no plans to raise prices, speaking in an\n"
        "interview with\n"
        "Reuters.\n"
    )
    assert found(text) == []


@pytest.mark.parametrize(
    "opening",
    [
        "By Monday, DeepSeek had topped the charts in 12 countries.",
        "By the end of the year, the company expects to double its user base.",
        "Published figures show chip exports fell in December.",
    ],
)
def test_boilerplate_opening_sentence_is_kept(opening):
    assert found(opening + "\n" + BODY) == []


def test_boilerplate_empty_text_has_no_spans():
    assert find_boilerplate("") == []
    assert find_boilerplate("\n\n  \n") == []


def test_boilerplate_rejects_non_text():
    with pytest.raises(ParameterError, match=r"expects the article text as a str\. Got bytes"):
        find_boilerplate(b"Source: Reuters")  # type: ignore[arg-type]


# -- the cheap checks in front of the rules decide nothing on their own -------------------------


def test_boilerplate_line_cut_after_said_joins_the_next_line_however_long():
    # only the last characters of the line above are looked at; "said" ending a long line still
    # marks the next line as its continuation, so "Reuters" is kept
    long_line = "The chip maker's shares fell sharply in early trading on Monday, an analyst said"
    assert len(long_line) > 70
    assert found(long_line + "\nReuters\n") == []
    assert found(long_line + ".\nReuters\n") == [("source_line", "Reuters")]


def test_boilerplate_all_rights_reserved_needs_the_exact_words():
    assert found(BODY + "\n2025 Example Media. All rights reserved.\n") == [
        ("copyright", "2025 Example Media. All rights reserved.")
    ]
    assert found(BODY + "\n2025 Example Media. All rights Reserved.\n") == []
    # the word cap still applies when the pattern matches
    long = " ".join(["word"] * 20) + " All rights reserved."
    assert found(BODY + "\n" + long + "\n") == []


def test_boilerplate_read_more_line_over_the_word_cap_is_kept():
    first, second = BODY.splitlines()
    short = "Read more: " + " ".join(["word"] * 22)  # 24 words: at the cap of 25
    long = "Read more: " + " ".join(["word"] * 24)  # 26 words
    assert found(first + "\n" + short + "\n" + second + "\n") == [("promotion", short)]
    assert found(first + "\n" + long + "\n" + second + "\n") == []


def test_boilerplate_byline_needs_a_capital_by():
    assert found("by Jane Doe\n\n" + BODY) == []
    assert found("By Jane Doe\n\n" + BODY) == [("byline", "By Jane Doe")]
