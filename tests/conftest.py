"""Shared fixtures: the seed corpus scored once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def seed_articles():
    from framing.corpus import read_corpus

    return read_corpus(None)


@pytest.fixture(scope="session")
def seed_result(seed_articles):
    from framing.pipeline import score

    return score(seed_articles)
