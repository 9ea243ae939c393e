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
import warnings
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


def _resolve_columns(path: Path, columns: Sequence[str], given: dict[str, str | None]) -> _Mapping:
    found = ", ".join(map(str, columns)) or "(none)"
    resolved: dict[str, str | None] = {}
    for role, defaults in _DEFAULT_COLUMNS.items():
        name = given[role]
        if name is not None:
            if name not in columns:
                param = "id_col" if role == "doc_id" else f"{role}_col"
                raise InputError(
                    f"The table '{path}' has no column '{name}' ({param}). Columns found: {found}."
                )
            resolved[role] = name
        else:
            resolved[role] = next((c for c in defaults if c in columns), None)
    if resolved["text"] is None:
        raise InputError(
            f"The table '{path}' has no 'text' column; pass text_col= to name the column that "
            f"holds the article text. Columns found: {found}."
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
    try:
        text, _ = _decode(path.read_bytes())
    except _DecodeError as exc:
        yield None, SkippedInput(str(path), f"cannot decode: {exc.message}")
        return
    kind = "tsv" if sep == "\t" else "csv"
    try:
        header = pd.read_csv(io.StringIO(text), sep=sep, nrows=0)
    except pd.errors.EmptyDataError:
        raise InputError(f"The table '{path}' is empty: expected a header row.") from None
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(f"Cannot read the table '{path}' as {kind}: {exc}") from None
    mapping = _resolve_columns(path, list(header.columns), given)
    reader = pd.read_csv(
        io.StringIO(text),
        sep=sep,
        dtype=str,
        keep_default_na=False,
        chunksize=chunksize,
        skip_blank_lines=False,  # a one-column row with empty text is a row, not a blank line
    )
    n = 0
    try:
        for chunk in reader:
            records = chunk.to_dict("records")
            yield from _rows_to_outcomes(path, mapping, enumerate(records, start=n))
            n += len(records)
    except (ValueError, pd.errors.ParserError) as exc:
        yield None, SkippedInput(f"{path}#{n}", f"cannot parse the rest of the {kind}: {exc}")


def _iter_jsonl(path: Path, given: dict[str, str | None]) -> Iterator[_Outcome]:
    mapping: _Mapping | None = None
    offset = 0
    n = 0
    with path.open("rb") as handle:
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
            if mapping is None:
                mapping = _resolve_columns(path, list(row), given)
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

    csv/tsv tables are decoded whole and parsed ``chunksize`` rows at a time; JSON Lines are read
    line by line; parquet files in record batches; article files ``chunksize`` at a time.
    Duplicate doc_ids are caught across chunks.
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
    if skipped and not produced:
        raise InputError(
            "No article could be read: expected at least one usable article. Got "
            + "; ".join(f"'{s.source}': {s.reason}" for s in skipped[:_WARN_LIST])
            + (f"; and {len(skipped) - _WARN_LIST} more" if len(skipped) > _WARN_LIST else "")
            + "."
        )
    if skipped and report is None:
        listed = "; ".join(f"'{s.source}': {s.reason}" for s in skipped[:_WARN_LIST])
        more = f"; and {len(skipped) - _WARN_LIST} more" if len(skipped) > _WARN_LIST else ""
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
