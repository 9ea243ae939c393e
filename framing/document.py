"""A prepared article: sentences, boilerplate mask and word counts, computed once and shared by scorers."""

from __future__ import annotations

from dataclasses import dataclass, field

from framing.boilerplate import BoilerplateSpan, find_boilerplate
from framing.text import _count_range, _normalize_and_count, count_words, split_sentences


@dataclass(slots=True)
class Document:
    """One article ready for scoring.

    ``text`` is the article exactly as read. ``sentences`` are character spans into it;
    ``scored[i]`` is False for sentences that fall in boilerplate (left out of every score).
    ``compounds[i]`` is the sentence's VADER compound and ``tones[i]`` its news-calibrated tone
    (NaN for boilerplate), filled by :meth:`framing.scorers.SentimentScorer.annotate`.
    """

    text: str
    normalized: str
    sentences: list[tuple[int, int]]
    scored: list[bool]
    boilerplate: list[BoilerplateSpan]
    n_words: int
    n_words_boilerplate: int
    compounds: list[float] = field(default_factory=list)
    tones: list[float] = field(default_factory=list)

    @property
    def n_sentences(self) -> int:
        """Sentences that are scored (boilerplate excluded)."""
        return sum(self.scored)

    @property
    def n_sentences_boilerplate(self) -> int:
        return len(self.scored) - sum(self.scored)

    @property
    def skipped_indices(self) -> list[int]:
        """Indices of the sentences left out as boilerplate."""
        return [i for i, keep in enumerate(self.scored) if not keep]

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]


def prepare(text: str, *, detect_boilerplate: bool = True) -> Document:
    """Split ``text`` into sentences, mark boilerplate sentences, count words.

    A boilerplate span found by :func:`framing.boilerplate.find_boilerplate` that covers the start
    or the end of a sentence (a dateline such as "date 2025-01-27 Just two weeks …") trims that
    sentence to the rest; a sentence whose midpoint lies inside a span is left out whole.
    """
    sentences = split_sentences(text)
    spans = find_boilerplate(text) if detect_boilerplate else []
    original = sentences.copy() if spans else sentences
    scored = [True] * len(sentences)
    touched = False  # a span left out or trimmed a sentence
    for span in spans:
        for i, (start, end) in enumerate(sentences):
            if end <= span.start or start >= span.end or not scored[i]:
                continue
            touched = True
            if span.start <= start and end <= span.end:
                scored[i] = False
            elif span.start <= start < span.end < end:  # span covers the sentence's head
                sentences[i] = (_skip_space(text, span.end, end), end)
            elif start < span.start < end <= span.end:  # span covers the sentence's tail
                sentences[i] = (start, _trim_space(text, start, span.start))
            elif span.start <= (start + end) / 2 < span.end:
                scored[i] = False
    normalized, n_all = _normalize_and_count(text)
    if touched:
        n_words = _words_left(text, original, sentences, scored, n_all)
        if n_words is None:
            n_words = sum(
                count_words(text, start, end)
                for (start, end), keep in zip(sentences, scored)
                if keep
            )
    else:
        # Every sentence is scored whole: the sentences hold every word of the text (spans of
        # split_sentences start and end next to whitespace, and no word contains whitespace).
        n_words = n_all
    return Document(
        text=text,
        normalized=normalized,
        sentences=sentences,
        scored=scored,
        boilerplate=spans,
        n_words=n_words,
        n_words_boilerplate=n_all - n_words,
    )


def _words_left(
    text: str,
    original: list[tuple[int, int]],
    sentences: list[tuple[int, int]],
    scored: list[bool],
    n_all: int,
) -> int | None:
    """The words of the scored sentences: ``n_all`` less the words of what was left out.

    The sentences of split_sentences start after whitespace (or at 0) and end before whitespace
    (or at the end), so no word straddles their bounds and the words of the text are those of
    its sentences. A trimmed bound that is not next to whitespace gives None (count directly).
    """
    n = len(text)
    left_out = 0
    for (o_start, o_end), (start, end), keep in zip(original, sentences, scored):
        if not keep:
            left_out += _count_range(text, o_start, o_end)
            continue
        if start > o_start:
            if not (text[start - 1].isspace() or text[start].isspace()):
                return None
            left_out += _count_range(text, o_start, start)
        if end < o_end:
            if not (text[end - 1].isspace() or end == n or text[end].isspace()):
                return None
            left_out += _count_range(text, end, o_end)
    return n_all - left_out


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def _trim_space(text: str, start: int, i: int) -> int:
    while i > start and text[i - 1].isspace():
        i -= 1
    return i
