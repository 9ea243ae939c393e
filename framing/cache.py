"""A content-addressed store of scored articles, so that a re-run skips work already done.

An entry is keyed on ``(run key, text hash)``:

* the **text hash** is BLAKE2b-128 of the article text (UTF-8) — the doc_id is *not* part of it,
  so a renamed or re-exported article is still a hit;
* the **run key** (:func:`run_key`) hashes everything else the numbers depend on: the lexicons'
  content (their canonical YAML, in order), the scorer settings, ``framing.__version__`` and a
  fingerprint of framing's own code and data files — edit the code and old entries stop matching.

The value is the article's scores row and its evidence rows (as the caller packs them), zlib-compressed
JSON: exact for floats (``repr`` round-trips), NaN included, and never executes code on load (a
pickle would). The store is one SQLite file in WAL mode; why, and the alternatives, are in
docs/scaling.md. Writes are batched: one transaction per chunk, so a kill loses at most the chunk in
flight and never leaves a half-written entry.

>>> with ResultCache("scores.cache") as cache:
...     cache.put_many(key, [(text_hash("..."), row, evidence)])
...     cache.get_many(key, [text_hash("...")])
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Self

from framing.errors import InputError, ParameterError

# Bumped when the layout of a cached value changes (the run key includes it).
CACHE_FORMAT = 1
# zlib level 1: entries 4.5x smaller (~3 KB per 600-word article, about the size of its text);
# level 6 compresses 1.7x slower for 20% less (100 seed-built articles, bench_scale.build_frame).
COMPRESSION_LEVEL = 1
# SQLite limits a statement to 32,766 host parameters (SQLITE_MAX_VARIABLE_NUMBER since 3.32);
# lookups go in slices well below it.
LOOKUP_SLICE = 900
# WAL + synchronous=NORMAL survives a killed process (the OS has the pages); only a power cut can
# lose the last commits, which a re-run then recomputes. busy_timeout lets a reader wait for a writer.
_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=30000")

# The modules and files whose content decides the numbers: editing any of them invalidates the
# cache. Charts, comparison, CLI and app code are left out so that working on them keeps it warm.
SCORING_CODE: tuple[str, ...] = (
    "pipeline.py", "document.py", "text.py", "boilerplate.py", "vader.py", "tone.py",
    "frame_model.py", "matcher.py", "lexicon.py", "evidence.py", "scorers/*.py", "data/**/*",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    run_key   TEXT NOT NULL,
    text_hash BLOB NOT NULL,
    value     BLOB NOT NULL,
    PRIMARY KEY (run_key, text_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (
    run_key  TEXT PRIMARY KEY,
    settings TEXT NOT NULL
);
"""

Entry = tuple[dict[str, Any], list[tuple]]


def text_hash(text: str) -> bytes:
    """The cache's 16-byte hash of an article text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def code_fingerprint() -> str:
    """A hash of the code and data that compute scores (:data:`SCORING_CODE`)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    for pattern in SCORING_CODE:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def run_key(lexicon_texts: Sequence[str], settings: Mapping[str, Any]) -> tuple[str, str]:
    """The run key and the JSON it hashes, from the lexicons' canonical text and the settings."""
    from framing import __version__

    described = json.dumps(
        {
            "format": CACHE_FORMAT,
            "framing": __version__,
            "code": code_fingerprint(),
            "lexicons": [hashlib.sha256(t.encode()).hexdigest() for t in lexicon_texts],
            "settings": dict(sorted(settings.items())),
        },
        sort_keys=True,
    )
    return hashlib.sha256(described.encode()).hexdigest(), described


def encode_entry(row: Mapping[str, Any], evidence: Sequence[tuple]) -> bytes:
    """The stored form of one entry (so that workers can encode and the writer only stores)."""
    return zlib.compress(json.dumps([row, evidence], allow_nan=True).encode(), COMPRESSION_LEVEL)


def _decode(value: bytes) -> Entry:
    row, evidence = json.loads(zlib.decompress(value))
    return row, [tuple(e) for e in evidence]


class ResultCache:
    """The SQLite store of scored articles (see the module docstring). Use as a context manager."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def open(self) -> Self:
        """Open (creating if needed) the store; a file that is not a cache is an InputError."""
        if self.path.is_dir():
            raise InputError(f"The cache must be a file path. Got the folder '{self.path}'.")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None)  # explicit transactions
        try:
            for pragma in _PRAGMAS:
                self._db.execute(pragma)
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise InputError(
                f"Cannot use '{self.path}' as a score cache: expected an SQLite file written by "
                f"framing. Got: {exc}."
            ) from None
        return self

    def close(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()
            self._db = None

    def __enter__(self) -> Self:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _conn(self) -> sqlite3.Connection:
        db = getattr(self, "_db", None)
        if db is None:
            raise ParameterError("The ResultCache is not open: expected `with ResultCache(path):`.")
        return db

    def register(self, key: str, described: str) -> None:
        """Record what a run key stands for (for `framing` users inspecting a cache)."""
        self._conn().execute(
            "INSERT OR IGNORE INTO runs (run_key, settings) VALUES (?, ?)", (key, described)
        )

    def get_many(self, key: str, hashes: Iterable[bytes]) -> dict[bytes, Entry]:
        """The cached entries among ``hashes`` (missing or damaged ones are absent from the result)."""
        wanted = list(dict.fromkeys(hashes))
        found: dict[bytes, Entry] = {}
        db = self._conn()
        for i in range(0, len(wanted), LOOKUP_SLICE):
            part = wanted[i : i + LOOKUP_SLICE]
            marks = ",".join("?" * len(part))
            for h, value in db.execute(
                f"SELECT text_hash, value FROM results WHERE run_key = ? AND text_hash IN ({marks})",
                (key, *part),
            ):
                try:
                    found[bytes(h)] = _decode(value)
                except (zlib.error, ValueError, TypeError):
                    continue  # a damaged entry is a miss: the article is scored and stored again
        return found

    def put_many(self, key: str, entries: Iterable[tuple[bytes, Mapping[str, Any], Sequence[tuple]]]) -> int:
        """Store entries in one transaction (all or nothing); returns how many were given."""
        return self.put_encoded(key, [(h, encode_entry(r, e)) for h, r, e in entries])

    def put_encoded(self, key: str, entries: Iterable[tuple[bytes, bytes]]) -> int:
        """Store entries already encoded with :func:`encode_entry`, in one transaction."""
        rows = [(key, h, value) for h, value in entries]
        if not rows:
            return 0
        db = self._conn()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT OR REPLACE INTO results (run_key, text_hash, value) VALUES (?, ?, ?)", rows
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return len(rows)

    def count(self, key: str | None = None) -> int:
        """Entries stored (for one run key, or in all)."""
        if key is None:
            return self._conn().execute("SELECT count(*) FROM results").fetchone()[0]
        return self._conn().execute(
            "SELECT count(*) FROM results WHERE run_key = ?", (key,)
        ).fetchone()[0]


__all__ = ["ResultCache", "code_fingerprint", "encode_entry", "run_key", "text_hash"]
