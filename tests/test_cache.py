"""The score cache: exact round trips, keys that change with what changes the numbers, atomic batches."""

from __future__ import annotations

import math

import pytest

from framing.cache import ResultCache, run_key, text_hash
from framing.errors import InputError, ParameterError

ROW = {"n_words": 12, "sentiment__compound_mean": 0.1 + 0.2, "target__us__compound_mean": math.nan,
       "frame__ai_race__present": True}
EVIDENCE = [(0, 0, 5, "frame", "ai_race", "ai_race:race", "Race!", False, -0.3612, math.nan)]


def test_cache_round_trip_is_exact(tmp_path):
    h = text_hash("An article.")
    with ResultCache(tmp_path / "c.cache") as cache:
        assert cache.put_many("k", [(h, ROW, EVIDENCE)]) == 1
        row, evidence = cache.get_many("k", [h, text_hash("other")])[h]
    assert row["sentiment__compound_mean"] == 0.1 + 0.2  # repr round trip, not 0.3
    assert math.isnan(row["target__us__compound_mean"])
    assert row["n_words"] == 12 and type(row["n_words"]) is int
    assert row["frame__ai_race__present"] is True
    assert evidence[0][:9] == EVIDENCE[0][:9] and math.isnan(evidence[0][9])


def test_cache_lookup_is_per_run_key_and_survives_reopening(tmp_path):
    h = text_hash("text")
    with ResultCache(tmp_path / "c.cache") as cache:
        cache.put_many("k1", [(h, ROW, [])])
    with ResultCache(tmp_path / "c.cache") as cache:
        assert set(cache.get_many("k1", [h])) == {h}
        assert cache.get_many("k2", [h]) == {}
        assert cache.count("k1") == 1


def test_cache_lookups_of_many_hashes_go_in_slices(tmp_path):
    entries = [(text_hash(str(i)), {"i": i}, []) for i in range(2_500)]
    with ResultCache(tmp_path / "c.cache") as cache:
        cache.put_many("k", entries)
        found = cache.get_many("k", [h for h, _, _ in entries])
    assert len(found) == 2_500 and found[text_hash("1234")][0] == {"i": 1234}


def test_cache_batch_is_all_or_nothing(tmp_path):
    def entries():
        yield text_hash("a"), ROW, []
        raise RuntimeError("scoring failed half-way")

    with ResultCache(tmp_path / "c.cache") as cache:
        with pytest.raises(RuntimeError):
            cache.put_many("k", entries())
        assert cache.count() == 0


def test_cache_run_key_changes_with_lexicons_and_settings():
    base, _ = run_key(["name: a\n"], {"news_tone": True})
    assert run_key(["name: a\n"], {"news_tone": True})[0] == base
    assert run_key(["name: b\n"], {"news_tone": True})[0] != base
    assert run_key(["name: a\n"], {"news_tone": False})[0] != base
    assert run_key(["name: a\n", "name: c\n"], {"news_tone": True})[0] != base


def test_cache_text_hash_depends_on_the_text_only():
    assert text_hash("Same words.") == text_hash("Same words.")
    assert text_hash("Same words.") != text_hash("Same words!")
    assert len(text_hash("")) == 16


def test_cache_rejects_a_file_that_is_not_a_cache(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("doc_id,text\n" * 200)
    with pytest.raises(InputError, match="expected an SQLite file written by framing. Got: "):
        ResultCache(path).open()


def test_cache_must_be_opened_before_use(tmp_path):
    with pytest.raises(ParameterError, match="not open"):
        ResultCache(tmp_path / "c.cache").get_many("k", [b"x"])


def test_cache_code_fingerprint_covers_every_module_that_scores():
    """An edit to any module the scoring pipeline runs must change the run key: each framing
    module that framing.pipeline imports is in SCORING_CODE, or is named here as not computing
    numbers (reading input, error types, package set-up)."""
    import fnmatch
    import importlib
    import subprocess
    import sys
    from pathlib import Path

    import framing
    from framing.cache import SCORING_CODE

    names = subprocess.run(
        [sys.executable, "-c", ("import sys, framing.pipeline; "
                                "print('\\n'.join(m for m in sys.modules if m.startswith('framing')))")],
        capture_output=True, text=True, check=True).stdout.split()
    root = Path(framing.__file__).parent
    paths = [Path(importlib.import_module(n).__file__).relative_to(root).as_posix() for n in names]
    not_scoring = {"__init__.py", "corpus.py", "errors.py", "scorers/__init__.py"}
    assert "frame_model.py" in paths
    assert [p for p in paths
            if p not in not_scoring and not any(fnmatch.fnmatch(p, g) for g in SCORING_CODE)] == []


def test_a_damaged_entry_is_a_miss_and_is_replaced(tmp_path):
    import sqlite3

    good, bad = text_hash("kept"), text_hash("damaged")
    with ResultCache(tmp_path / "c.cache") as cache:
        cache.put_many("k", [(good, ROW, []), (bad, ROW, [])])
    db = sqlite3.connect(tmp_path / "c.cache")
    value = bytearray(db.execute("SELECT value FROM results WHERE text_hash = ?",
                                 (bad,)).fetchone()[0])
    value[len(value) // 2] ^= 0xFF  # flip one byte inside the compressed entry
    with db:
        db.execute("UPDATE results SET value = ? WHERE text_hash = ?", (bytes(value), bad))
    db.close()
    with ResultCache(tmp_path / "c.cache") as cache:
        assert set(cache.get_many("k", [good, bad])) == {good}
        cache.put_many("k", [(bad, ROW, [])])
        assert set(cache.get_many("k", [good, bad])) == {good, bad}
