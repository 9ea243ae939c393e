"""Fingerprints of the texts a shipped model was trained on, to tell in-sample figures.

A labelled file gives in-sample figures for a model whenever its rows repeat the model's training
texts, whether it is the training file itself, a re-saved or shuffled copy, or a file that
borrowed some of its rows. ``framing evaluate`` therefore compares texts, not files: each
training script writes the fingerprints of every text it trained on beside the artifact
(``<artifact>.texts.npy``), and the report counts the rows whose text, or one of whose
sentences, is among them.

A fingerprint is the first 8 bytes of BLAKE2b over the text case-folded, with its whitespace
runs collapsed to single spaces and its ends stripped, read as an unsigned 64-bit integer; the
file holds them sorted and unique. Two different texts share a fingerprint with probability
~n / 2**64, nothing for the ~20,000 texts of a model. The texts themselves are never shipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from framing.errors import ModelError

__all__ = ["fingerprints", "fingerprints_path", "read_fingerprints", "seen",
           "write_fingerprints"]


def fingerprints(texts: Iterable[str]) -> np.ndarray:
    """The fingerprint of each text, in order (uint64)."""
    out = [int.from_bytes(hashlib.blake2b(" ".join(str(t).casefold().split()).encode("utf-8"),
                                          digest_size=8).digest(), "little")
           for t in texts]
    return np.array(out, dtype=np.uint64)


def fingerprints_path(artifact: str | Path) -> Path:
    """Where the fingerprints of the model saved at ``artifact`` (its ``.npz``) are kept."""
    return Path(artifact).with_suffix(".texts.npy")


def write_fingerprints(artifact: str | Path, texts: Iterable[str]) -> Path:
    """Write the sorted unique fingerprints of ``texts`` beside ``artifact``; returns the path."""
    path = fingerprints_path(artifact)
    np.save(path, np.unique(fingerprints(texts)), allow_pickle=False)
    return path


def read_fingerprints(artifact: str | Path) -> np.ndarray | None:
    """The fingerprints kept beside ``artifact``, or None when it has none."""
    return _read(fingerprints_path(artifact))


@lru_cache(maxsize=4)
def _read(path: Path) -> np.ndarray | None:
    if not path.is_file():
        return None
    try:
        known = np.load(path, allow_pickle=False)
    except (ValueError, OSError) as exc:
        raise ModelError(f"The training-text fingerprints {path} are corrupt: {exc!r}") from exc
    if known.dtype != np.uint64 or known.ndim != 1:
        raise ModelError(f"The training-text fingerprints {path} must be a 1-d uint64 array. "
                         f"Got {known.dtype} with shape {known.shape}.")
    return known


def seen(texts: Iterable[str], known: np.ndarray) -> np.ndarray:
    """Whether each text's fingerprint is in ``known`` (bool array, in order)."""
    return np.isin(fingerprints(texts), known, assume_unique=False)
