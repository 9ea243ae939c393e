"""Read article files and tables into the articles table.

The articles table has one row per article and the columns ``doc_id, outlet, date, title, text,
source`` (see ``docs/architecture.md``)::

    >>> articles = read_corpus()                       # the shipped seeds
    >>> articles = read_corpus("clips/")               # a folder of .txt/.md/.html/.htm files
    >>> articles = read_corpus("scrape.csv", text_col="body", outlet_col="site")

Inputs
    * a **folder**: its ``.txt .md .html .htm`` files, sorted by name, *not* recursive (pass
      sub-folders as further inputs). Hidden files are ignored. Tables inside a folder are not read;
      pass them explicitly.
    * an **article file** (``.txt .md .html .htm``).
    * a **table** (``.csv .tsv .jsonl .parquet``): one article per row.

Metadata for article files, strongest first
    1. a ``metadata.csv`` sidecar in the file's folder: columns ``file`` (the file name) and any of
       ``outlet``, ``published`` or ``date``, ``title``, ``doc_id``; other columns are ignored;
    2. YAML front matter (a ``---`` line, a mapping, a closing ``---`` line) at the top of a ``.txt``
       or ``.md`` file: keys ``outlet`` (or ``publisher``, ``sitename``), ``date`` (or
       ``published``), ``title``; the front matter is not part of the article text;
    3. for saved web pages, what trafilatura extracts: site name as outlet, title, date.

doc_id
    the id column / sidecar ``doc_id`` if given, else the file stem; when stems clash, the path
    relative to the clashing files' common folder (``nyt/story``); for a table without an id
    column, ``row-<n>`` with ``n`` the 0-based row position. Ids depend only on names, never on
    the machine or the run, so the same input always gets the same ids.

Decoding (article files, csv/tsv tables and sidecars), in this order
    1. a byte-order mark: UTF-8 (removed), UTF-32 LE/BE, UTF-16 LE/BE;
    2. for ``.html``/``.htm``, a ``<meta charset>`` declaration (ISO-8859-1 and ASCII read as
       cp1252, as browsers do);
    3. strict UTF-8;
    4. strict cp1252 — only when the bytes contain no valid multi-byte UTF-8 sequence at all; a
       file that is UTF-8 apart from some bad bytes is reported, not re-read as cp1252 mojibake.
    A NUL byte (a binary file, or UTF-16 without a byte-order mark) is reported too. Every
    failure names the file and the byte offset. JSON Lines files must be UTF-8 (the format says so).

Decoding csv/tsv tables
    A table is decoded a block at a time as it is parsed, never whole, by the rules above with two
    differences that streaming forces:

    * UTF-8 or cp1252 is decided at the first non-ASCII byte (before it, both read the same), from
      the bytes that follow it — at least 64 KiB, usually the rest of a 1 MiB block — not from
      the whole file.
    * Undecodable bytes after that cost only the rows that hold them: each such row is skipped
      (``on_error="skip"``) or raises (``"raise"``), named ``path#n`` with the byte offset; rows
      before it have been yielded already, rows after it are read, and row numbers (``row-<n>``
      ids) count it. Undecodable means: not valid in the decided encoding (a stray byte in a
      UTF-8 file is not re-read as cp1252), a valid multi-byte UTF-8 sequence in a file decided as
      cp1252 (mojibake either way, so not guessed), or a NUL byte. A NUL byte in the first block
      or undecodable bytes in the header row skip the whole table, as before.

Errors
    Problems with the *arguments* always raise :class:`~framing.errors.InputError`: a missing path,
    an unsupported extension, a folder without article files, a table without the text column,
    duplicate doc_ids. Problems with the *content* of one article (undecodable bytes, empty text,
    a corrupt JSON line or parquet file) raise with ``on_error="raise"``; with ``on_error="skip"``
    (the default) the article is left out and described by a :class:`SkippedInput` — appended to
    ``report`` when given, otherwise summarised in one :class:`SkippedInputWarning`.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import io
import json
import re
import threading
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import pandas as pd

from framing.errors import InputError, ParameterError

__all__ = [
    "ARTICLE_COLUMNS",
    "ARTICLE_EXTENSIONS",
    "TABLE_EXTENSIONS",
    "SkippedInput",
    "SkippedInputWarning",
    "decode_bytes",
    "iter_corpus",
    "read_corpus",
    "seeds_dir",
]

ARTICLE_COLUMNS: tuple[str, ...] = ("doc_id", "outlet", "date", "title", "text", "source")
ARTICLE_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm")
TABLE_EXTENSIONS: tuple[str, ...] = (".csv", ".tsv", ".jsonl", ".parquet")
SIDECAR_NAME = "metadata.csv"
DEFAULT_CHUNKSIZE = 10_000

# Table columns looked for when no explicit mapping is given (first present wins).
_DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text",),
    "doc_id": ("doc_id",),
    "outlet": ("outlet",),
    "date": ("date", "published"),
    "title": ("title",),
}
_FRONT_MATTER_KEYS: dict[str, tuple[str, ...]] = {
    "outlet": ("outlet", "publisher", "sitename", "site_name"),
    "date": ("date", "published"),
    "title": ("title",),
}
# How many skipped inputs the summary warning spells out before "and N more".
_WARN_LIST = 5

OnError = Literal["raise", "skip"]


@dataclass(frozen=True)
class SkippedInput:
    """An article (file or table row) left out of the corpus, and why."""

    source: str
    reason: str


class SkippedInputWarning(UserWarning):
    """Some inputs were skipped while reading a corpus (with ``on_error="skip"``, no ``report``)."""


def seeds_dir() -> Path:
    """The folder of shipped seed articles.

    ``framing/_seeds`` inside an installed wheel, else ``<repo>/seeds`` for an editable install.
    """
    package = Path(__file__).resolve().parent
    for candidate in (package / "_seeds", package.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise InputError(
        f"Cannot find the seed articles: expected a folder at '{package / '_seeds'}' or "
        f"'{package.parent / 'seeds'}'. Got neither."
    )


# -- decoding -------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}"
    rb"|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}"
    rb"|\xF4[\x80-\x8F][\x80-\xBF]{2}"
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# WHATWG encoding standard: these labels mean windows-1252 on the web.
_WEB_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii"}


class _DecodeError(Exception):
    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


def _strict(data: bytes, encoding: str, base: int = 0) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        raise _DecodeError(
            base + exc.start,
            f"byte 0x{bad.hex()} at offset {base + exc.start} is not valid {encoding} ({exc.reason})",
        ) from None


def _declared_html_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _WEB_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding) or raise _DecodeError with a byte offset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, base=len(bom)), encoding
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _DecodeError(
            nul,
            f"NUL byte at offset {nul}: expected text (a binary file, or UTF-16 without a "
            "byte-order mark)",
        )
    if html:
        declared = _declared_html_charset(data)
        if declared is not None:
            return _strict(data, declared), declared
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            raise _DecodeError(
                exc.start,
                f"byte 0x{data[exc.start : exc.start + 1].hex()} at offset {exc.start} is not "
                "valid UTF-8, and the file holds valid UTF-8 elsewhere, so it is not re-read "
                "as cp1252",
            ) from None
    return _strict(data, "cp1252"), "cp1252"


def decode_bytes(data: bytes, *, source: str = "<bytes>", html: bool = False) -> str:
    """Decode article bytes in the documented order (BOM, HTML meta charset, UTF-8, cp1252).

    A byte-order mark is removed. Raises :class:`InputError` naming ``source`` and the byte
    offset when the bytes cannot be decoded without guessing.
    """
    try:
        return _decode(data, html=html)[0]
    except _DecodeError as exc:
        raise InputError(f"Cannot decode '{source}': {exc.message}.") from None


# -- decoding csv/tsv tables as a stream ----------------------------------------------------------

# Bytes read and decoded at a time. Peak memory while reading a table is a few blocks, pandas'
# parse buffer and one chunk of rows, whatever the file size. bench_read.py (1 GB UTF-8 csv,
# chunksize 1000): peak RSS 268 / 273 / 304 MB with 256 KiB / 1 MiB / 4 MiB blocks, speed the same
# within the noise of a shared machine.
_BLOCK_BYTES = 1 << 20
# UTF-8 or cp1252 is decided on the bytes from the first non-ASCII byte on: at least this many
# (more when the block holds more), so a long ASCII head does not decide for a whole file.
_DECIDE_BYTES = 1 << 16
# Stands in for each run of undecodable bytes in the text handed to the csv parser. A Unicode
# noncharacter: never a delimiter, quote or line end, so it cannot change how rows split.
_MARK = "\ufdd0"
_MARK_ERRORS = "framing.corpus.mark"
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_NUL_MESSAGE = (
    "NUL byte at offset {}: expected text (a binary file, or UTF-16 without a byte-order mark)"
)
_CODECS = {
    "utf-8": codecs.utf_8_decode,
    "utf-16-le": codecs.utf_16_le_decode,
    "utf-16-be": codecs.utf_16_be_decode,
    "utf-32-le": codecs.utf_32_le_decode,
    "utf-32-be": codecs.utf_32_be_decode,
}
_spans = threading.local()  # what the _MARK_ERRORS handler saw during one decode call


def _mark_undecodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _spans.found.append((exc.start, exc.end, exc.reason))
    return _MARK, exc.end


codecs.register_error(_MARK_ERRORS, _mark_undecodable)


@dataclass(frozen=True)
class _BadBytes:
    """Undecodable bytes in a table, stood in for by one _MARK."""

    offset: int
    message: str


class _TableTextStream(io.TextIOBase):
    """A csv/tsv file's text, decoded block by block for ``pd.read_csv``.

    The encoding comes from a byte-order mark, else from the bytes after the first non-ASCII byte
    (strict UTF-8; else cp1252 when they hold no valid multi-byte UTF-8 sequence) — until then
    UTF-8 and cp1252 read the same. Bytes that do not decode in that encoding (and, in a file read
    as cp1252, valid multi-byte UTF-8 sequences, which would be mojibake) each become one
    ``_MARK``. ``marks`` holds one entry per ``_MARK`` in the text so far, in order: a
    :class:`_BadBytes`, or None for a ``_MARK`` character the file itself holds. Raises
    _DecodeError when the file has no byte-order mark and its first block holds a NUL byte.
    """

    def __init__(self, handle: io.BufferedIOBase) -> None:
        self.marks: deque[_BadBytes | None] = deque()
        self._handle = handle
        self._text = ""
        self._pos = 0
        self._pending = handle.read(max(_BLOCK_BYTES, 4))  # 4: the longest byte-order mark
        self._offset = 0  # file offset of self._pending[0]
        self._eof = False
        self._done = False
        self._not_utf8 = ""  # why a file read as cp1252 is not UTF-8
        self._encoding = "ascii"  # only ASCII so far: UTF-8 and cp1252 agree
        self._guessed = True  # False when a byte-order mark names the encoding
        for bom, encoding in _BOMS:
            if self._pending.startswith(bom):
                self._encoding = encoding
                self._guessed = False
                self._pending = self._pending[len(bom) :]
                self._offset = len(bom)
                return
        nul = self._pending.find(b"\x00")
        if nul >= 0:
            raise _DecodeError(nul, _NUL_MESSAGE.format(nul))

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        want = size if size is not None and size >= 0 else None
        while not self._done and (want is None or len(self._text) - self._pos < want):
            self._text = self._text[self._pos :] + self._decode_block()
            self._pos = 0
        end = len(self._text) if want is None else self._pos + want
        out = self._text[self._pos : end]
        self._pos += len(out)
        return out

    def _read_more(self, data: bytes) -> bytes:
        more = self._handle.read(_BLOCK_BYTES)
        self._eof = not more
        return data + more if data else more

    def _decode_block(self) -> str:
        data = self._pending if self._eof else self._read_more(self._pending)
        if self._encoding == "ascii":
            data = self._decide(data)
        if self._encoding == "cp1252":
            text, consumed = self._decode_cp1252(data)
        else:
            text, consumed = self._decode_unicode(data)
        self._pending = data[consumed:]
        self._offset += consumed
        self._done = self._eof and not self._pending
        return text

    def _decide(self, data: bytes) -> bytes:
        first = _NON_ASCII.search(data)
        if first is None:
            return data
        start = first.start()
        while len(data) - start < _DECIDE_BYTES and not self._eof:
            data = self._read_more(data)
        window = data[start:]
        try:
            codecs.utf_8_decode(window, "strict", self._eof)
        except UnicodeDecodeError as exc:
            if not _UTF8_MULTIBYTE.search(window):
                bad = window[exc.start : exc.start + 1].hex()
                self._encoding = "cp1252"
                self._not_utf8 = f"byte 0x{bad} at offset {self._offset + start + exc.start}"
                return data
        self._encoding = "utf-8"
        return data

    def _decode_unicode(self, data: bytes) -> tuple[str, int]:
        decode = _CODECS["utf-8" if self._encoding == "ascii" else self._encoding]
        guessed = self._guessed  # then NUL bytes are reported too: 0xff is never UTF-8
        source = data.replace(b"\x00", b"\xff") if guessed and b"\x00" in data else data
        _spans.found = spans = []
        text, consumed = decode(source, _MARK_ERRORS, self._eof)
        if not spans and _MARK not in text:
            return text, consumed
        # Each error became one _MARK; the file may hold _MARK characters of its own too, so
        # count those between errors to keep ``marks`` in text order.
        legit = text.count(_MARK) - len(spans)
        prev = 0
        for start, end, reason in spans:
            if legit:
                piece = decode(source[prev:start], "strict", True)[0].count(_MARK)
                self.marks.extend([None] * piece)
                legit -= piece
            offset = self._offset + start
            byte = data[start : start + 1]
            if byte == b"\x00" and guessed:
                message = _NUL_MESSAGE.format(offset)
            elif guessed:
                message = (
                    f"byte 0x{byte.hex()} at offset {offset} is not valid UTF-8, and the file "
                    "holds valid UTF-8 elsewhere, so it is not re-read as cp1252"
                )
            else:
                message = (
                    f"byte 0x{byte.hex()} at offset {offset} is not valid {self._encoding} "
                    f"({reason})"
                )
            self.marks.append(_BadBytes(offset, message))
            prev = end
        self.marks.extend([None] * legit)
        return text, consumed

    def _decode_cp1252(self, data: bytes) -> tuple[str, int]:
        end = len(data)
        if not self._eof:  # keep a possibly split multi-byte UTF-8 sequence for the next block
            while end > len(data) - 3 and end > 0 and data[end - 1] >= 0x80:
                end -= 1
        chunk = data[:end]
        _spans.found = spans = []
        text = chunk.decode("cp1252", _MARK_ERRORS)  # one character per byte, so offsets agree
        found = [(start, stop, f"is not valid cp1252 ({reason})") for start, stop, reason in spans]
        found += [(m.start(), m.end(), "") for m in _UTF8_MULTIBYTE.finditer(chunk)]
        found += [(m.start(), m.end(), "NUL") for m in re.finditer(rb"\x00", chunk)]
        if not found:
            return text, end
        pieces: list[str] = []
        prev = 0
        for start, stop, problem in sorted(found):
            if start < prev:  # an undefined cp1252 byte inside a UTF-8 sequence: one mark
                continue
            offset = self._offset + start
            if problem == "NUL":
                message = _NUL_MESSAGE.format(offset)
            elif not problem:
                message = (
                    f"bytes 0x{chunk[start:stop].hex()} at offset {offset} are valid UTF-8 in a "
                    f"file read as cp1252 ({self._not_utf8} is not UTF-8); mixed encodings are "
                    "not guessed"
                )
            else:
                message = f"byte 0x{chunk[start:stop].hex()} at offset {offset} {problem}"
            pieces += [text[prev:start], _MARK]
            self.marks.append(_BadBytes(offset, message))
            prev = stop
        pieces.append(text[prev:])
        return "".join(pieces), end


def _take_marks(marks: deque[_BadBytes | None], values: Iterable[Any]) -> _BadBytes | None:
    """Consume the ``marks`` entries of the _MARK characters in ``values``; the first bad one."""
    count = sum(v.count(_MARK) for v in values if isinstance(v, str) and _MARK in v)
    bad: _BadBytes | None = None
    for _ in range(count):
        entry = marks.popleft() if marks else _BadBytes(-1, "undecodable bytes")
        if bad is None and entry is not None:
            bad = entry
    return bad


# -- small helpers ----------------------------------------------------------------------------

_MONTH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b. %d, %Y")
_ISO_PREFIX = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s])")


def _normalize_date(value: Any) -> str:
    """An ISO ``YYYY-MM-DD`` string, or "" when the value is missing or not a recognised date."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime | pd.Timestamp):
        return "" if pd.isna(value) else value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if not text:
        return ""
    match = _ISO_PREFIX.match(text)
    if match:
        try:
            return _dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return ""
    for fmt in _MONTH_FORMATS:
        try:
            return _dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def _as_str(value: Any) -> str:
    """A metadata cell as a string ("" when missing)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_text(value: Any) -> str | None:
    """Why ``value`` is not usable article text, or None when it is."""
    if value is None or (not isinstance(value, str) and _is_missing(value)):
        return "text is missing"
    if not isinstance(value, str):
        return f"text is {type(value).__name__}, expected str"
    if not value.strip():
        return "text is empty"
    return None


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _describe(paths: Iterable[str], limit: int = 8) -> str:
    names = sorted(paths)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


# -- planning: which files and tables, with which ids ------------------------------------------


@dataclass
class _Sidecar:
    path: Path
    rows: dict[str, dict[str, str]]


@dataclass
class _ArticleFile:
    path: Path
    doc_id: str = ""
    sidecar: dict[str, str] = field(default_factory=dict)


@dataclass
class _Table:
    path: Path


def _load_sidecar(folder: Path) -> _Sidecar | None:
    path = folder / SIDECAR_NAME
    if not path.is_file():
        return None
    text = decode_bytes(path.read_bytes(), source=str(path))
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(f"Cannot read the metadata sidecar '{path}' as csv: {exc}") from None
    if "file" not in frame.columns:
        raise InputError(
            f"The metadata sidecar '{path}' needs a 'file' column naming each article file. "
            f"Got columns: {', '.join(map(str, frame.columns))}."
        )
    date_col = next((c for c in ("published", "date") if c in frame.columns), None)
    rows: dict[str, dict[str, str]] = {}
    for record in frame.to_dict("records"):
        meta: dict[str, str] = {}
        for key in ("outlet", "title", "doc_id"):
            if key in frame.columns and _as_str(record[key]):
                meta[key] = _as_str(record[key])
        if date_col is not None and _as_str(record[date_col]):
            meta["date"] = _normalize_date(record[date_col])
        rows[PurePosixPath(str(record["file"]).strip()).name] = meta
    return _Sidecar(path, rows)


def _list_folder(folder: Path) -> list[Path]:
    entries = sorted(
        (p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name
    )
    files = [p for p in entries if p.is_file() and p.suffix.lower() in ARTICLE_EXTENSIONS]
    if not files:
        found = [p.name for p in entries]
        raise InputError(
            f"The folder '{folder}' has no article files: expected "
            f"{', '.join(ARTICLE_EXTENSIONS)} files (not recursive). Got "
            + (_describe(found) if found else "an empty folder")
            + "."
        )
    return files


def _normalize_inputs(inputs: Any) -> list[Path]:
    if inputs is None:
        return [seeds_dir()]
    if isinstance(inputs, str | Path):
        return [Path(inputs)]
    if isinstance(inputs, pd.DataFrame | bytes | bytearray | dict) or not isinstance(
        inputs, Iterable
    ):
        raise ParameterError(
            "The 'inputs' parameter of read_corpus must be a path or a sequence of paths. "
            f"Got {type(inputs).__name__}."
        )
    paths = []
    for item in inputs:
        if not isinstance(item, str | Path):
            raise ParameterError(
                "The 'inputs' parameter of read_corpus must hold paths (str or Path). "
                f"Got an item of type {type(item).__name__}."
            )
        paths.append(Path(item))
    if not paths:
        raise ParameterError("The 'inputs' parameter of read_corpus is an empty sequence.")
    return paths


def _plan(inputs: Any) -> list[_ArticleFile | _Table]:
    items: list[_ArticleFile | _Table] = []
    for path in _normalize_inputs(inputs):
        if not path.exists():
            hint = ""
            if "\n" in str(path) or len(str(path)) > 255:
                hint = " (it looks like article text; read_corpus takes paths)"
            shown = str(path) if len(str(path)) <= 80 else str(path)[:77] + "..."
            raise InputError(f"Cannot read '{shown}': no such file or folder{hint}.")
        if path.is_dir():
            items.extend(_ArticleFile(p) for p in _list_folder(path))
            continue
        suffix = path.suffix.lower()
        if suffix in ARTICLE_EXTENSIONS:
            items.append(_ArticleFile(path))
        elif suffix in TABLE_EXTENSIONS:
            items.append(_Table(path))
        else:
            raise InputError(
                f"Cannot read '{path}': unsupported extension '{suffix or '(none)'}'. Expected an "
                f"article file ({', '.join(ARTICLE_EXTENSIONS)}), a table "
                f"({', '.join(TABLE_EXTENSIONS)}) or a folder."
            )
    sidecars: dict[Path, _Sidecar | None] = {}
    files = [item for item in items if isinstance(item, _ArticleFile)]
    for item in files:
        folder = item.path.parent
        if folder not in sidecars:
            sidecars[folder] = _load_sidecar(folder)
        sidecar = sidecars[folder]
        if sidecar is not None:
            item.sidecar = sidecar.rows.get(item.path.name, {})
    _assign_file_ids(files)
    for folder, sidecar in sidecars.items():
        if sidecar is None:
            continue
        present = {p.name for p in folder.iterdir()}
        missing = [name for name in sidecar.rows if name not in present]
        if missing:
            warnings.warn(
                f"The metadata sidecar '{sidecar.path}' lists files that are not in the folder: "
                f"{_describe(missing)}.",
                SkippedInputWarning,
                stacklevel=4,
            )
    return items


def _assign_file_ids(files: list[_ArticleFile]) -> None:
    by_stem: dict[str, list[_ArticleFile]] = {}
    for item in files:
        if item.sidecar.get("doc_id"):
            item.doc_id = item.sidecar["doc_id"]
        else:
            by_stem.setdefault(item.path.stem, []).append(item)
    for stem, group in by_stem.items():
        if len(group) == 1:
            group[0].doc_id = stem
            continue
        resolved = [item.path.resolve() for item in group]
        parts = [p.parts for p in resolved]
        common = 0
        while all(len(p) > common + 1 and p[common] == parts[0][common] for p in parts):
            common += 1
        for item, path_parts in zip(group, parts):
            relative = PurePosixPath(*path_parts[common:])
            same_folder = [q for q in parts if q[common:-1] == path_parts[common:-1]]
            if len(same_folder) == 1:  # stems differ by folder only: keep the extension off
                relative = relative.with_suffix("")
            item.doc_id = str(relative)


# -- reading article files ----------------------------------------------------------------------

_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise _ContentError(f"front matter is not valid YAML{where}: {exc}") from None
    if not isinstance(data, dict):  # a Markdown rule pair, not front matter
        return {}, text
    lowered = {str(k).lower(): v for k, v in data.items()}
    meta: dict[str, str] = {}
    for column, keys in _FRONT_MATTER_KEYS.items():
        value = next((lowered[k] for k in keys if k in lowered and lowered[k] is not None), None)
        if value is None:
            continue
        meta[column] = _normalize_date(value) if column == "date" else _as_str(value)
    body = text[match.end() :]
    body = re.sub(r"\A(?:[ \t]*\r?\n)+", "", body)
    return meta, body


class _ContentError(Exception):
    """One article's content is unusable; becomes a SkippedInput or an InputError."""


_TRAFILATURA_CONFIG = None


def _extract_html(html: str) -> tuple[dict[str, str], str]:
    global _TRAFILATURA_CONFIG
    import trafilatura
    from trafilatura.settings import use_config

    if _TRAFILATURA_CONFIG is None:
        config = use_config()
        # No SIGALRM timeout: it only works in the main thread and would break worker threads.
        config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
        _TRAFILATURA_CONFIG = config
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        config=_TRAFILATURA_CONFIG,
    )
    if doc is None or not (doc.text or "").strip():
        raise _ContentError("no article text found in the HTML page")
    text = doc.text
    title = (doc.title or "").strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest  # trafilatura repeats the headline as the first line; it is the title
    meta = {
        "outlet": (doc.sitename or "").strip(),
        "title": title,
        "date": _normalize_date(doc.date or ""),
    }
    return {k: v for k, v in meta.items() if v}, text


def _read_article(item: _ArticleFile) -> dict[str, str]:
    source = str(item.path)
    is_html = item.path.suffix.lower() in (".html", ".htm")
    try:
        data = item.path.read_bytes()
    except OSError as exc:
        raise _ContentError(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text, _ = _decode(data, html=is_html)
    except _DecodeError as exc:
        raise _ContentError(f"cannot decode: {exc.message}") from None
    if is_html:
        meta, text = _extract_html(text)
    else:
        meta, text = _split_front_matter(text)
    meta.update({k: v for k, v in item.sidecar.items() if k != "doc_id"})
    problem = _check_text(text)
    if problem:
        raise _ContentError(problem)
    return {
        "doc_id": item.doc_id,
        "outlet": meta.get("outlet", ""),
        "date": meta.get("date", ""),
        "title": meta.get("title", ""),
        "text": text,
        "source": source,
    }


# -- reading tables -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mapping:
    text: str
    doc_id: str | None
    outlet: str | None
    date: str | None
    title: str | None


def _resolve_columns(
    path: Path, columns: Sequence[str], given: dict[str, str | None], *, record: bool = False
) -> _Mapping:
    """Which column plays each role; ``record``: ``columns`` are one JSON record's keys."""
    found = ", ".join(map(str, columns)) or "(none)"
    where, column = ("The record", "key") if record else (f"The table '{path}'", "column")
    resolved: dict[str, str | None] = {}
    for role, defaults in _DEFAULT_COLUMNS.items():
        name = given[role]
        if name is not None:
            if name not in columns:
                param = "id_col" if role == "doc_id" else f"{role}_col"
                raise InputError(
                    f"{where} has no {column} '{name}' ({param}). {column.title()}s found: "
                    f"{found}."
                )
            resolved[role] = name
        else:
            resolved[role] = next((c for c in defaults if c in columns), None)
    if resolved["text"] is None:
        raise InputError(
            f"{where} has no 'text' {column}; pass text_col= to name the {column} that holds "
            f"the article text. {column.title()}s found: {found}."
        )
    return _Mapping(**resolved)  # type: ignore[arg-type]


def _row_record(path: Path, n: int, row: dict[str, Any], mapping: _Mapping) -> dict[str, Any]:
    doc_id = f"row-{n}"
    if mapping.doc_id is not None:
        doc_id = _as_str(row.get(mapping.doc_id))
        if not doc_id:
            raise _ContentError(f"the id column '{mapping.doc_id}' is empty")

    def meta(column: str | None) -> Any:
        return row.get(column) if column is not None else None

    if mapping.text not in row:
        raise _ContentError(f"no '{mapping.text}' field")
    text = row[mapping.text]
    problem = _check_text(text)
    if problem:
        raise _ContentError(problem)
    return {
        "doc_id": doc_id,
        "outlet": _as_str(meta(mapping.outlet)),
        "date": _normalize_date(meta(mapping.date)),
        "title": _as_str(meta(mapping.title)),
        "text": text,
        "source": f"{path}#{n}",
    }


_Outcome = tuple[dict[str, Any] | None, SkippedInput | None]


def _iter_table(path: Path, given: dict[str, str | None], chunksize: int) -> Iterator[_Outcome]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _iter_jsonl(path, given)
    elif suffix == ".parquet":
        yield from _iter_parquet(path, given, chunksize)
    else:
        yield from _iter_delimited(path, given, chunksize, sep="\t" if suffix == ".tsv" else ",")


def _rows_to_outcomes(
    path: Path, mapping: _Mapping, rows: Iterable[tuple[int, dict[str, Any]]]
) -> Iterator[_Outcome]:
    for n, row in rows:
        try:
            yield _row_record(path, n, row, mapping), None
        except _ContentError as exc:
            yield None, SkippedInput(f"{path}#{n}", str(exc))


def _iter_delimited(
    path: Path, given: dict[str, str | None], chunksize: int, sep: str
) -> Iterator[_Outcome]:
    kind = "tsv" if sep == "\t" else "csv"
    try:
        with path.open("rb") as handle:
            stream = _TableTextStream(handle)
            try:
                header = pd.read_csv(stream, sep=sep, nrows=0)
            except pd.errors.EmptyDataError:
                raise InputError(f"The table '{path}' is empty: expected a header row.") from None
            except (ValueError, pd.errors.ParserError) as exc:
                raise InputError(f"Cannot read the table '{path}' as {kind}: {exc}") from None
    except _DecodeError as exc:
        yield None, SkippedInput(str(path), f"cannot decode: {exc.message}")
        return
    columns = list(header.columns)
    bad = _take_marks(stream.marks, columns)
    if bad is not None:
        yield None, SkippedInput(str(path), f"cannot decode: {bad.message}")
        return
    mapping = _resolve_columns(path, columns, given)
    n = 0
    with path.open("rb") as handle:
        stream = _TableTextStream(handle)
        reader = pd.read_csv(
            stream,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            chunksize=chunksize,
            skip_blank_lines=False,  # a one-column row with empty text is a row, not a blank line
            on_bad_lines="warn",  # a row with too many fields is skipped and named, not fatal
        )
        try:
            with reader:
                for chunk, bad_lines in _chunks_and_bad_lines(reader):
                    for line, message in bad_lines:
                        yield None, SkippedInput(f"{path}:line {line}",
                                                 f"malformed row: {message}")
                    if chunk is None:
                        break
                    if n == 0:
                        _take_marks(stream.marks, columns)  # the header's own, checked above
                    records = chunk.to_dict("records")
                    if not stream.marks:
                        yield from _rows_to_outcomes(path, mapping, enumerate(records, start=n))
                    else:
                        yield from _screened_outcomes(path, mapping, chunk, records, n, stream)
                    n += len(records)
        except (ValueError, pd.errors.ParserError) as exc:
            yield None, SkippedInput(f"{path}#{n}", f"cannot parse the rest of the {kind}: {exc}")


def _surrogate_field(row: dict[str, Any]) -> str | None:
    """The first key (or string value's key) of ``row`` that cannot be encoded as UTF-8."""
    for key, value in row.items():
        for text in (key, value):
            if isinstance(text, str):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    return key.encode("utf-8", "backslashreplace").decode("utf-8")
    return None


_SKIPPED_LINE = re.compile(r"Skipping line (\d+): (.*)")


def _chunks_and_bad_lines(reader: Any) -> Iterator[tuple[pd.DataFrame | None,
                                                          list[tuple[int, str]]]]:
    """``(chunk, [(line, problem)])`` per chunk of a ``read_csv(on_bad_lines="warn")`` reader,
    ending with ``(None, [...])``: the rows pandas skipped, taken from its warnings (caught only
    while a chunk is parsed, so the caller's own warnings are untouched)."""
    chunks = iter(reader)
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            chunk = next(chunks, None)
        bad = []
        for w in caught:
            found = [m.groups() for m in _SKIPPED_LINE.finditer(str(w.message))]
            if issubclass(w.category, pd.errors.ParserWarning) and found:
                bad += [(int(line), problem.strip()) for line, problem in found]
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        yield chunk, bad
        if chunk is None:
            return


def _screened_outcomes(
    path: Path,
    mapping: _Mapping,
    chunk: pd.DataFrame,
    records: list[dict[str, Any]],
    n: int,
    stream: _TableTextStream,
) -> Iterator[_Outcome]:
    """Rows of a chunk that holds undecodable bytes: a row with any is skipped, naming them."""
    # pandas makes the first column the index when the header is one field short
    index = [None] * len(records) if isinstance(chunk.index, pd.RangeIndex) else list(chunk.index)
    for i, (label, row) in enumerate(zip(index, records)):
        labels = label if isinstance(label, tuple) else (label,)
        bad = _take_marks(stream.marks, [*labels, *row.values()])
        if bad is None:
            yield from _rows_to_outcomes(path, mapping, [(n + i, row)])
        else:
            yield None, SkippedInput(f"{path}#{n + i}", f"cannot decode: {bad.message}")


def _iter_jsonl(path: Path, given: dict[str, str | None]) -> Iterator[_Outcome]:
    # JSON writers often leave out null keys, so each record's keys are mapped on their own
    # (memoised by key tuple): a record without a title still lets the next one have its title,
    # and a record without text costs that record only
    mappings: dict[tuple[str, ...], _Mapping | str] = {}
    offset = 0
    n = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 16):
            if chunk.strip(b" \t\r\n\f\v" + codecs.BOM_UTF8):
                break
        else:  # nothing but whitespace: an error, as for a CSV without a header
            raise InputError(f"The table '{path}' is empty: expected one JSON object per line.")
        handle.seek(0)
        for line_no, raw in enumerate(handle, start=1):
            start = offset
            offset += len(raw)
            if line_no == 1 and raw.startswith(codecs.BOM_UTF8):
                raw, start = raw[len(codecs.BOM_UTF8) :], start + len(codecs.BOM_UTF8)
            try:
                line = _strict(raw, "utf-8", base=start)
            except _DecodeError as exc:
                yield None, SkippedInput(f"{path}#{n}", f"line {line_no}: {exc.message}")
                n += 1
                continue
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield (
                    None,
                    SkippedInput(
                        f"{path}#{n}",
                        f"line {line_no}: not valid JSON ({exc.msg} at column {exc.colno})",
                    ),
                )
                n += 1
                continue
            if not isinstance(row, dict):
                yield (
                    None,
                    SkippedInput(
                        f"{path}#{n}",
                        f"line {line_no}: expected a JSON object, got {type(row).__name__}",
                    ),
                )
                n += 1
                continue
            broken = _surrogate_field(row) if "\\ud" in line.lower() else None
            if broken is not None:  # json.loads accepts "\ud800", which no text can hold
                yield None, SkippedInput(f"{path}#{n}", f"line {line_no}: field '{broken}' holds "
                                                        f"a lone surrogate escape (\\ud800-"
                                                        f"\\udfff), not text")
                n += 1
                continue
            keys = tuple(row)
            mapping = mappings.get(keys)
            if mapping is None:
                if len(mappings) > 4096:  # records with ever-new key sets: keep memory bounded
                    mappings.clear()
                try:
                    mapping = mappings[keys] = _resolve_columns(path, list(keys), given,
                                                                record=True)
                except InputError as exc:
                    mapping = mappings[keys] = f"line {line_no}: {exc}"
            if isinstance(mapping, str):
                yield None, SkippedInput(f"{path}#{n}", mapping)
            else:
                yield from _rows_to_outcomes(path, mapping, [(n, row)])
            n += 1


def _iter_parquet(path: Path, given: dict[str, str | None], chunksize: int) -> Iterator[_Outcome]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        yield None, SkippedInput(str(path), f"not a readable parquet file: {exc}")
        return
    mapping = _resolve_columns(path, parquet.schema_arrow.names, given)
    n = 0
    try:
        for batch in parquet.iter_batches(batch_size=chunksize):
            records = batch.to_pylist()
            yield from _rows_to_outcomes(path, mapping, enumerate(records, start=n))
            n += len(records)
    except (pa.ArrowException, OSError) as exc:
        yield None, SkippedInput(f"{path}#{n}", f"cannot read the rest of the parquet file: {exc}")


# -- the façade ---------------------------------------------------------------------------------


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        {col: pd.Series([r[col] for r in records], dtype=str) for col in ARTICLE_COLUMNS}
    )


def _check_options(on_error: Any, chunksize: Any) -> None:
    if on_error not in ("raise", "skip"):
        raise ParameterError(
            f"The 'on_error' parameter of read_corpus must be 'raise' or 'skip'. Got {on_error!r}."
        )
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ParameterError(
            f"The 'chunksize' parameter of iter_corpus must be a positive int. Got {chunksize!r}."
        )


def iter_corpus(
    inputs: str | Path | Sequence[str | Path] | None = None,
    *,
    text_col: str | None = None,
    id_col: str | None = None,
    outlet_col: str | None = None,
    date_col: str | None = None,
    title_col: str | None = None,
    on_error: OnError = "skip",
    report: list[SkippedInput] | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
) -> Iterator[pd.DataFrame]:
    """The articles table of :func:`read_corpus` in chunks of at most ``chunksize`` rows.

    Memory follows the chunk, not the input (a 5 GB table never has to fit in RAM): csv/tsv tables
    are decoded 1 MiB at a time and parsed ``chunksize`` rows at a time; JSON Lines are read line
    by line; parquet files in record batches; article files ``chunksize`` at a time. What a row of
    a csv/tsv table with undecodable bytes does is in the module docstring ("Decoding csv/tsv
    tables"): the row is skipped and reported with its byte offset, the rest of the table is read.
    Duplicate doc_ids are caught across chunks; for that, every id read so far (and its source)
    is kept, the one thing that grows with the input.
    """
    _check_options(on_error, chunksize)
    items = _plan(inputs)  # argument errors surface before the first chunk
    given = {
        "text": text_col,
        "doc_id": id_col,
        "outlet": outlet_col,
        "date": date_col,
        "title": title_col,
    }
    return _generate(items, given, on_error, report, chunksize)


def _outcomes(
    items: list[_ArticleFile | _Table], given: dict[str, str | None], chunksize: int
) -> Iterator[_Outcome]:
    for item in items:
        if isinstance(item, _Table):
            yield from _iter_table(item.path, given, chunksize)
            continue
        try:
            yield _read_article(item), None
        except _ContentError as exc:
            yield None, SkippedInput(str(item.path), str(exc))


def _generate(
    items: list[_ArticleFile | _Table],
    given: dict[str, str | None],
    on_error: OnError,
    report: list[SkippedInput] | None,
    chunksize: int,
) -> Iterator[pd.DataFrame]:
    seen: dict[str, str] = {}
    skipped: list[SkippedInput] = []
    buffer: list[dict[str, Any]] = []
    produced = 0
    for record, skip in _outcomes(items, given, chunksize):
        if skip is not None:
            if on_error == "raise":
                raise InputError(f"Cannot read '{skip.source}': {skip.reason}.")
            skipped.append(skip)
            if report is not None:
                report.append(skip)
            continue
        assert record is not None
        doc_id = record["doc_id"]
        if doc_id in seen:
            raise InputError(
                f"Duplicate doc_id '{doc_id}': from '{seen[doc_id]}' and from '{record['source']}'. "
                "Expected each article to have its own id (give tables an id column, id_col=)."
            )
        seen[doc_id] = record["source"]
        buffer.append(record)
        if len(buffer) >= chunksize:
            produced += len(buffer)
            yield _frame(buffer)
            buffer = []
    if buffer:
        produced += len(buffer)
        yield _frame(buffer)
    if skipped:
        listed = "; ".join(f"'{s.source}': {s.reason.rstrip('.')}"
                           for s in skipped[:_WARN_LIST])
        more = f"; and {len(skipped) - _WARN_LIST} more" if len(skipped) > _WARN_LIST else ""
    if skipped and not produced:
        raise InputError(
            f"No article could be read: expected at least one usable article. Got {listed}{more}."
        )
    if skipped and report is None:
        warnings.warn(
            f"Skipped {len(skipped)} input(s) while reading the corpus: {listed}{more}.",
            SkippedInputWarning,
            stacklevel=3,
        )


def read_corpus(
    inputs: str | Path | Sequence[str | Path] | None = None,
    *,
    text_col: str | None = None,
    id_col: str | None = None,
    outlet_col: str | None = None,
    date_col: str | None = None,
    title_col: str | None = None,
    on_error: OnError = "skip",
    report: list[SkippedInput] | None = None,
) -> pd.DataFrame:
    """Read folders, article files and tables into the articles table.

    ``inputs`` is a path, a sequence of paths, or None for the shipped seeds (:func:`seeds_dir`).
    Table columns default to ``text``, ``doc_id``, ``outlet``, ``date``/``published`` and
    ``title`` when present; ``*_col`` names them explicitly. Several inputs are concatenated in
    order; a doc_id seen twice raises :class:`InputError` naming both sources. See the module
    docstring for folders, metadata, decoding and error handling.
    """
    chunks = list(
        iter_corpus(
            inputs,
            text_col=text_col,
            id_col=id_col,
            outlet_col=outlet_col,
            date_col=date_col,
            title_col=title_col,
            on_error=on_error,
            report=report,
        )
    )
    if not chunks:
        return _frame([])
    return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
