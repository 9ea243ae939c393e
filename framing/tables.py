"""Reading and writing result tables, the format chosen by the file extension.

Writes are atomic: the table goes to a temporary file beside the target, which then replaces the
target in one step, so a crash or Ctrl-C never leaves a half-written file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from framing.errors import InputError, ParameterError

TABLE_FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".jsonl": "jsonl",
}


def table_format(path: str | Path) -> str:
    """The format of ``path`` from its extension; a clear error for an unknown one."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise ParameterError(
            f"Cannot tell the table format of '{path}': expected one of "
            f"{', '.join(TABLE_FORMATS)}. Got '{suffix or '(no extension)'}'."
        )
    return TABLE_FORMATS[suffix]


@contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step.

    On any error (or Ctrl-C) the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); give it the mode a plain open() would, or
        # the mode of the file it replaces
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (read by setting it, so set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text(text: str, path: str | Path) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` atomically (csv, tsv, parquet or jsonl by extension)."""
    fmt = table_format(path)
    with atomic_output(path) as tmp:
        if fmt == "csv":
            frame.to_csv(tmp, index=False)
        elif fmt == "tsv":
            frame.to_csv(tmp, index=False, sep="\t")
        elif fmt == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_json(tmp, orient="records", lines=True, force_ascii=False)
    return Path(path)


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (or any csv/tsv/parquet/jsonl file), or a
    folder of parquet parts such as ``framing score --engine dask`` writes (one table, parts in
    name order)."""
    path = Path(path)
    fmt = table_format(path)
    if fmt == "parquet" and path.is_dir():
        if not any(path.glob("*.parquet")):
            raise InputError(f"Cannot read table '{path}': a folder with no .parquet part.")
    elif not path.is_file():
        raise InputError(f"Cannot read table '{path}': no such file.")
    try:
        if fmt == "csv":
            return pd.read_csv(path, keep_default_na=False, na_values=[""])
        if fmt == "tsv":
            return pd.read_csv(path, sep="\t", keep_default_na=False, na_values=[""])
        if fmt == "parquet":
            return pd.read_parquet(path)
        return pd.read_json(path, orient="records", lines=True)
    except (ValueError, OSError) as exc:
        raise InputError(f"Cannot read table '{path}' as {fmt}: {exc}") from exc
