"""Find boilerplate at the edges of an article: text to leave out of scoring, never removed.

Boilerplate sits at the edges. Working line by line from the **end**, trailing lines are marked
while each one is wholly one of:

=================  ==========================================================================
``source_line``    ``Source: Reuters``, ``Sources By Agencies``, ``With inputs from PTI``, ``— AFP``
``credit``         ``(Reporting by …; Editing by …)``, ``Additional reporting by …``, ``Photo: …``
``disclaimer``     a paragraph opening ``Disclaimer:``, ``The views expressed in this article are …``,
                   ``This article is for informational purposes only …``
``promotion``      ``Read more: …``, ``Subscribe to our newsletter …``, ``Follow us on …``,
                   ``For more detailed insights …`` when it sells something (an API, a newsletter…)
``copyright``      ``Copyright © 2025 …``, ``© 2025 …``, ``… All rights reserved.``
``republication``  ``This article was originally published on …``
=================  ==========================================================================

The first non-matching line stops the walk. From the **start**, a leading ``byline`` line
(``By Jane Doe``) and a ``dateline`` (``date 2025-01-27``, ``Published: January 27, 2025``, the
wire form ``WASHINGTON, Jan 27 (Reuters) -``) are marked; a dateline may be a prefix of the first
paragraph. In between, only whole ``Read more:``/``Also read:`` lines are marked.

Every rule is anchored at the start of its line and capped in length, so a closing paragraph that
merely mentions a source, an investment or a copyright dispute is kept. A paragraph hard-wrapped
over several short lines is tested as one unit.

Spans are offsets into the untouched text; ``text[start:end]`` is the boilerplate with surrounding
whitespace trimmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from framing.errors import ParameterError

__all__ = ["BoilerplateReason", "BoilerplateSpan", "find_boilerplate"]

BoilerplateReason = Literal[
    "source_line",
    "credit",
    "disclaimer",
    "promotion",
    "copyright",
    "republication",
    "dateline",
    "byline",
]

# Length caps in words, chosen from the seeds and common wire/web formats: the longest boilerplate
# seen (seed 002's disclaimer) has 83 words; agency source lines and credits stay under 20.
MAX_WORDS_SHORT = 20  # credits, copyright, read-more, follow/subscribe lines
MAX_WORDS_SOURCE = 12  # "Source: Reuters, Bloomberg, company filings" — not a sentence
MAX_WORDS_PARAGRAPH = 160  # disclaimers and promotions
MAX_WORDS_BYLINE = 12
# A block of consecutive lines is treated as one hard-wrapped paragraph only when every line but
# the last is at most this many characters (typical wrap widths are 70-80).
MAX_WRAPPED_LINE = 100
# Leading edge: how many bylines/datelines may be stacked at the top.
MAX_LEADING = 3

_AGENCIES = (
    r"Reuters|AP|Associated Press|AFP|Agence France-Presse|Bloomberg|PTI|IANS|ANI|Xinhua|dpa|"
    r"UPI|Kyodo|Yonhap|EFE|ANSA|TASS|Agencies"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})"
    r"(?:(?:,|\s+at)?\s+\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?"
)
_DASH = r"[-–—]"
_CAP = r"[A-Z][\w.'’-]*"
# "Jane Doe", "Jane Doe, Max Roe and Ann van Dijk", "Jane Doe & Max Roe"
_NAMES = rf"{_CAP}(?:(?:\s+|\s*,\s*|\s+and\s+|\s*&\s*)(?:(?:van|von|de|der|da|bin)\s+)?{_CAP})*"
_PLACE = rf"(?:\s+in\s+{_CAP}(?:\s+{_CAP})*(?:\s+and\s+{_CAP}(?:\s+{_CAP})*)?)?"
_CREDIT_ROLE = r"(?i:(?:additional\s+)?reporting|writing|compiled|edited|editing|produced)"
_CREDIT = rf"{_CREDIT_ROLE}\s+by\s+{_NAMES}{_PLACE}"
# A line ending like this is cut mid-sentence, so the next line continues it.
_CONTINUED = re.compile(r"(?:,|\b(?:by|with|to|from|told|and|or|of|the|a|in|at|on|for|said))\Z")
_CONTINUED_WIDTH = 4  # its longest match ("with", "from", "told", "said")

# A rule: (reason, pattern, word cap, needle); a unit matches when the pattern matches the whole
# unit and it has at most `cap` words. `needle` is a string every match contains ("" if none):
# looked for first, in C, where the pattern would scan the whole unit before failing.
_Rule = tuple[BoilerplateReason, re.Pattern[str], int, str]

_READ_MORE: _Rule = (
    "promotion",
    re.compile(
        r"(?i:read\s+more|also\s+read|read\s+also|related|see\s+also|recommended|watch"
        r"|listen|more\s+from\s+\S+)(?:\s*[:|»]|\s+[-–—])\s*\S.*"
    ),
    MAX_WORDS_SHORT + 5,
    "",
)

_TRAILING_RULES: tuple[_Rule, ...] = (
    ("source_line", re.compile(r"Sources?\s*:\s*\S.*"), MAX_WORDS_SOURCE, ""),
    (
        "source_line",
        re.compile(r"(?i:sources?\s+by\s+agencies|sources?\s*[-–—:]\s*agencies)\.?"),
        4,
        "",
    ),
    (
        "source_line",
        re.compile(r"\((?i:with\s+)?(?i:inputs?\s+from)\s+[^)]+\)\.?"),
        MAX_WORDS_SHORT,
        "",
    ),
    ("source_line", re.compile(r"(?i:with\s+inputs?\s+from)\s+\S.*"), MAX_WORDS_SOURCE, ""),
    ("source_line", re.compile(rf"(?:{_DASH}\s*)?\(?(?:{_AGENCIES})\)?\.?"), 4, ""),
    (
        "credit",
        re.compile(rf"\(?{_CREDIT}(?:\s*[;,]\s*(?:and\s+)?{_CREDIT})*\)?\.?"),
        MAX_WORDS_SHORT * 2,
        "",
    ),
    (
        "credit",
        re.compile(
            r"(?:Photo|Image|Picture|Lead\s+image|Featured\s+image|Illustration)"
            r"(?:\s+credits?)?\s*:\s*\S.*"
        ),
        MAX_WORDS_SHORT,
        "",
    ),
    (
        "copyright",
        re.compile(r"(?:Copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4}).*"),
        MAX_WORDS_SHORT,
        "",
    ),
    ("copyright", re.compile(r".*\bAll\s+rights\s+reserved\.?"), MAX_WORDS_SHORT, "reserved"),
    (
        "disclaimer",
        re.compile(r"(?i:(?:legal\s+|important\s+)?disclaimer)\s*[:\-–—.]\s*\S.*"),
        MAX_WORDS_PARAGRAPH,
        "",
    ),
    (
        "disclaimer",
        re.compile(
            r"(?:The\s+)?(?:views|opinions)\s+expressed\s+(?:in\s+this\s+"
            r"(?:article|piece|column|post|story)|here(?:in)?|above)\s+"
            r"(?:are|is)\s+(?:those\s+of|solely|the\s+author|the\s+personal|"
            r"not\s+necessarily).*"
        ),
        MAX_WORDS_PARAGRAPH,
        "",
    ),
    (
        "disclaimer",
        re.compile(
            r"(?:This|The)\s+(?:article|content|information|material|post)"
            r"(?:\s+\S+){0,4}?\s+(?:is|are)\s+(?:provided\s+)?(?:for\s+"
            r"(?:general\s+)?information(?:al)?\s+purposes|not\s+(?:intended\s+"
            r"as\s+)?(?:financial|investment|legal)\s+advice).*"
        ),
        MAX_WORDS_PARAGRAPH,
        "",
    ),
    (
        "disclaimer",
        re.compile(
            r"Nothing\s+in\s+this\s+(?:article|content|post)\s+(?:constitutes|"
            r"should\s+be\s+(?:construed|taken|considered)).*"
        ),
        MAX_WORDS_PARAGRAPH,
        "",
    ),
    (
        "republication",
        re.compile(
            r"This\s+(?:article|story|piece|post|column)\s+(?:was|is|has\s+"
            r"been)\s+(?:originally\s+|first\s+)?(?:published|posted|"
            r"republished|syndicated)\b.*"
        ),
        MAX_WORDS_SHORT * 2,
        "",
    ),
    (
        "republication",
        re.compile(
            rf"(?:Originally|First)\s+(?:published|appeared|posted)\s+"
            rf"(?:on|in|at|by)\s+{_CAP}(?:\s+{_CAP})*(?:\s+on\s+{_DATE})?\.?"
        ),
        MAX_WORDS_SHORT,
        "",
    ),
    _READ_MORE,
    (
        "promotion",
        re.compile(
            r"(?:Subscribe|Sign\s+up|Register)\s+(?:now\s+|today\s+|here\s+|"
            r"free\s+)?(?:to|for)\s+(?:our|the|a|free)\b.*\b(?:newsletters?|"
            r"inbox|updates|alerts|subscription|briefing|digest)\b.*"
        ),
        MAX_WORDS_SHORT + 5,
        "",
    ),
    (
        "promotion",
        re.compile(r"Join\s+our\s+.*\b(?:channel|community|group|newsletter)\b.*"),
        MAX_WORDS_SHORT,
        "",
    ),
    (
        "promotion",
        re.compile(
            rf"Follow\s+(?:us|@\w+|{_CAP}(?:\s+{_CAP}){{0,3}})\s+(?:on|at|via)\s+"
            r".*\b(?:Twitter|X|Facebook|Instagram|LinkedIn|Telegram|WhatsApp|"
            r"YouTube|Google\s+News|Threads|TikTok|Bluesky|Mastodon|"
            r"social\s+media)\b.*"
        ),
        MAX_WORDS_SHORT,
        "",
    ),
    (
        "promotion",
        re.compile(r"Download\s+(?:the|our)\s+.{0,60}?\bapp\b(?!['’]).*"),
        MAX_WORDS_SHORT,
        "",
    ),
    # "For more detailed insights … the X API offers valuable data …" (seed 003): the opening
    # alone is common in reporting, so the paragraph must also sell something.
    (
        "promotion",
        re.compile(
            r"For\s+(?:more|further|additional|deeper|the\s+latest)\s+(?:detailed\s+"
            r"|in-depth\s+|real-time\s+)?(?:insights?|information|info|analysis|"
            r"data|details|coverage|updates|news|stories)\b"
            r"(?=.*(?:\bAPIs?\b|\bnewsletters?\b|\bsubscri|\bsign\s+up\b|\bvisit\b|"
            r"\bdownload\b|\bclick\b|www\.|https?://|\bour\s+(?:website|site|app|"
            r"platform|coverage|newsletter|podcast)\b|\b(?:offers?|provides?)\s+"
            r"(?:valuable|comprehensive|detailed|in-depth|real-time|exclusive)\b))"
            r".*"
        ),
        MAX_WORDS_PARAGRAPH,
        "",
    ),
)

_BYLINE = re.compile(
    rf"By\s+{_NAMES},?(?:\s*(?:[|,·•]|{_DASH})\s*(?:{_DATE}|{_CAP}(?:\s+{_CAP}){{0,4}})){{0,2}}"
)
_LEADING_DATELINE = re.compile(
    rf"(?i:date|published|updated|posted|last\s+updated)(?:\s+on)?\s*[:\-–—]?\s*{_DATE}"
    rf"|{_DATE}(?=\s*$)",
    re.MULTILINE,
)
_WIRE_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"
    rf",?\s*(?:{_MONTH}\s+\d{{1,2}},?\s*)?\((?:{_AGENCIES})\)\s*{_DASH}+"
)
# Lines that are boilerplate wherever they stand (a "Read more" link between paragraphs):
# _READ_MORE, applied in find_boilerplate.


@dataclass(frozen=True)
class BoilerplateSpan:
    """A stretch of an article that is boilerplate: ``text[start:end]``, and why."""

    start: int
    end: int
    reason: BoilerplateReason


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, whitespace-trimmed; blank lines become (-1, -1)."""
    out = []
    append = out.append
    pos = 0
    for raw in text.splitlines(keepends=True):
        size = len(raw)
        body = raw.lstrip()
        if body:
            start = pos + size - len(body)
            append((start, start + len(body.rstrip())))
        else:
            append((-1, -1))
        pos += size
    return out


def _classify(unit: str, rules: tuple[_Rule, ...] = _TRAILING_RULES) -> BoilerplateReason | None:
    # every rule is anchored at the start of the unit, so most fail within a few characters: the
    # words are counted only for a rule that matches
    words = -1
    for reason, pattern, cap, needle in rules:
        if needle in unit and pattern.fullmatch(unit):
            if words < 0:
                words = _n_words(unit)
            if words <= cap:
                return reason
    return None


def _n_words(unit: str) -> int:
    """Whitespace-delimited words of ``unit`` (str.split and \\S+ agree on whitespace)."""
    return len(unit.split())


def _trailing(text: str, lines: list[tuple[int, int]]) -> tuple[list[BoilerplateSpan], int]:
    """Spans found walking up from the end, and the index of the last line not marked."""
    spans: list[BoilerplateSpan] = []
    i = len(lines) - 1
    while i >= 0:
        start, end = lines[i]
        if start < 0:
            i -= 1
            continue
        prev = lines[i - 1] if i > 0 else (-1, -1)
        # _CONTINUED matches at most the last _CONTINUED_WIDTH characters of the line; with
        # pos/endpos, \b still sees the character before pos (as in the line: whitespace or a
        # word character of the line)
        continues = (
            prev[0] >= 0
            and _CONTINUED.search(text, max(prev[0], prev[1] - _CONTINUED_WIDTH), prev[1])
            is not None
        )
        reason = None if continues else _classify(text[start:end])
        if reason is not None:
            spans.append(BoilerplateSpan(start, end, reason))
            i -= 1
            continue
        first = _wrapped_start(text, lines, i)
        if first is None:
            break
        spans.append(BoilerplateSpan(lines[first][0], end, _classify(_join(text, lines, first, i))))
        i = first - 1
    spans.reverse()
    return spans, i


def _join(text: str, lines: list[tuple[int, int]], first: int, last: int) -> str:
    return " ".join(text[s:e] for s, e in lines[first : last + 1])


def _wrapped_start(text: str, lines: list[tuple[int, int]], last: int) -> int | None:
    """The first line of a hard-wrapped boilerplate paragraph ending at line ``last``, if any.

    The paragraph's lines are consecutive (no blank line) and, all but the last, at most
    MAX_WRAPPED_LINE characters long; the nearest start that makes it match a rule wins.
    """
    first = last
    words = -1
    while first > 0:
        s, e = lines[first - 1]
        if s < 0 or e - s > MAX_WRAPPED_LINE:
            break
        if words < 0:
            words = _n_words(text[lines[last][0] : lines[last][1]])
        words += _n_words(text[s:e])
        if words > MAX_WORDS_PARAGRAPH:
            break
        first -= 1
        if _classify(_join(text, lines, first, last)) is not None:
            return first
    return None


def _leading(text: str) -> list[BoilerplateSpan]:
    """Bylines and datelines at the top, in order; a dateline may end mid-line."""
    spans: list[BoilerplateSpan] = []
    pos = 0
    for _ in range(MAX_LEADING):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        if text.startswith("By", pos):  # _BYLINE opens with it
            line = text[pos:line_end].rstrip()
            if _BYLINE.fullmatch(line) and _n_words(line) <= MAX_WORDS_BYLINE:
                spans.append(BoilerplateSpan(pos, pos + len(line), "byline"))
                pos = line_end
                continue
        match = _LEADING_DATELINE.match(text, pos, line_end) or _WIRE_DATELINE.match(
            text, pos, line_end
        )
        if match is None:
            break
        spans.append(BoilerplateSpan(pos, match.end(), "dateline"))
        pos = match.end()
    return spans


def find_boilerplate(text: str) -> list[BoilerplateSpan]:
    """Boilerplate spans in ``text``, sorted by start and not overlapping.

    Marks trailing source lines, credits, disclaimers, promotions, copyright and republication
    notes; a leading byline and dateline; and "Read more:" lines anywhere. See the module
    docstring for the rules. An article without boilerplate gives ``[]``.
    """
    if not isinstance(text, str):
        raise ParameterError(
            f"find_boilerplate expects the article text as a str. Got {type(text).__name__}."
        )
    lines = _lines(text)
    trailing, last_kept = _trailing(text, lines)
    limit = trailing[0].start if trailing else len(text)
    leading = [s for s in _leading(text) if s.end <= limit]
    after_leading = leading[-1].end if leading else 0
    middle = []
    # the "anywhere" rule has no lookbehind, word boundary or anchor: matching it within
    # pos/endpos is matching the line
    _, pattern, cap, _ = _READ_MORE
    for start, end in lines[: last_kept + 1]:
        if (
            start >= after_leading
            and pattern.fullmatch(text, start, end)
            and _n_words(text[start:end]) <= cap
        ):
            middle.append(BoilerplateSpan(start, end, "promotion"))
    return leading + middle + trailing
