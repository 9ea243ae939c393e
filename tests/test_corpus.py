"""Tests for framing.corpus: folders, files and tables into the articles table."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framing.corpus import (
    ARTICLE_COLUMNS,
    SkippedInput,
    SkippedInputWarning,
    decode_bytes,
    iter_corpus,
    read_corpus,
    seeds_dir,
)
from framing.errors import InputError, ParameterError

DATA = Path(__file__).parent / "data" / "corpus"
REPO = Path(__file__).resolve().parent.parent

# A sentence with every cp1252-only character the brief names: curly quotes, em dash, euro.
CP1252_TEXT = "\u201cCheaper models\u201d \u2014 said the \u2018analyst\u2019 \u2014 cost \u20ac5m."
CP1252_BYTES = b"\x93Cheaper models\x94 \x97 said the \x91analyst\x92 \x97 cost \x805m."


def write_csv(path: Path, rows: list[dict], sep: str = ",") -> Path:
    pd.DataFrame(rows).to_csv(path, index=False, sep=sep)
    return path


# -- seeds ----------------------------------------------------------------------------------------


def test_corpus_seeds_dir_is_the_repo_seeds_folder():
    assert seeds_dir() == REPO / "seeds"
    assert (seeds_dir() / "metadata.csv").is_file()


def test_corpus_reads_seeds_with_sidecar_metadata():
    articles = read_corpus()
    assert list(articles.columns) == list(ARTICLE_COLUMNS)
    assert list(articles["doc_id"]) == [
        "000_0d9e428de75cc1ab",
        "001_36eaa19a9fd239b1",
        "002_9edbe6fc9148524f",
        "003_3a41afc459691076",
        "004_9904f7d0297002af",
    ]
    row = articles.set_index("doc_id")
    assert row.loc["002_9edbe6fc9148524f", "outlet"] == "HODL FM"
    assert row.loc["002_9edbe6fc9148524f", "date"] == "2025-01-27"
    assert row.loc["001_36eaa19a9fd239b1", "outlet"] == "unattributed-001"
    assert row.loc["003_3a41afc459691076", "date"] == ""
    assert row.loc["000_0d9e428de75cc1ab", "title"] == ""
    # the text is exactly the file's content: not stripped, boilerplate kept
    raw = (seeds_dir() / "001_36eaa19a9fd239b1.txt").read_text(encoding="utf-8")
    assert row.loc["001_36eaa19a9fd239b1", "text"] == raw
    assert row.loc["001_36eaa19a9fd239b1", "text"].startswith(" date 2025-01-27 Just two weeks")
    assert row.loc["004_9904f7d0297002af", "source"].endswith("004_9904f7d0297002af.txt")


def test_corpus_doc_ids_are_the_same_from_any_working_directory(tmp_path, monkeypatch):
    first = read_corpus(DATA / "frontmatter")
    monkeypatch.chdir(DATA)
    second = read_corpus("frontmatter")
    assert list(first["doc_id"]) == list(second["doc_id"]) == ["alpha", "beta", "gamma"]
    assert list(first["text"]) == list(second["text"])


def test_corpus_clashing_stems_get_relative_paths():
    articles = read_corpus([DATA / "clash" / "nyt", DATA / "clash" / "wapo"])
    assert list(articles["doc_id"]) == ["nyt/story", "wapo/story"]


def test_corpus_same_stem_in_one_folder_keeps_extensions(tmp_path):
    (tmp_path / "story.txt").write_text("Plain text version of the story.", encoding="utf-8")
    (tmp_path / "story.md").write_text("Markdown version of the story.", encoding="utf-8")
    articles = read_corpus(tmp_path)
    assert sorted(articles["doc_id"]) == ["story.md", "story.txt"]


# -- saved web pages ---------------------------------------------------------------------------


def test_corpus_html_keeps_the_article_and_drops_page_furniture():
    articles = read_corpus(DATA / "html")
    assert len(articles) == 1
    page = articles.iloc[0]
    assert page["doc_id"] == "chip-rules"
    assert page["title"] == "Chip export rules leave Chinese labs scrambling"
    assert page["outlet"] == "The Harbour Ledger"
    assert page["date"] == "2025-01-28"
    text = page["text"]
    paragraphs = text.split("\n")
    assert paragraphs[0].startswith("Engineers at several Chinese artificial intelligence")
    assert paragraphs[-1].startswith("For now, the laboratories are betting")
    assert len(paragraphs) == 5
    assert "\u201cWe planned for the restrictions" in text
    for furniture in (
        "Subscribe for one dollar",  # nav
        "Refinance your mortgage",  # ad
        "Related coverage",  # aside
        "GPU prices climb",
        "sanctions never work",  # comments
        "Five kitchen gadgets",  # sponsored
        "Morning Ledger newsletter",  # footer
        "All rights reserved",
        "Privacy policy",
    ):
        assert furniture not in text, furniture
    # the headline is the title, not the first paragraph
    assert not text.startswith("Chip export rules")


def test_corpus_html_honours_a_declared_cp1252_charset(tmp_path):
    body = " ".join(["Officials said the export rules were working as intended."] * 8)
    html = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        b"<title>Quotes</title></head><body><article><p>"
        + CP1252_BYTES
        + b" "
        + body.encode("ascii")
        + b"</p><p>"
        + body.encode("ascii")
        + b"</p></article></body></html>"
    )
    (tmp_path / "page.htm").write_bytes(html)
    text = read_corpus(tmp_path / "page.htm").loc[0, "text"]
    assert text.startswith(CP1252_TEXT)


# -- front matter and sidecars ---------------------------------------------------------------


def test_corpus_front_matter_gives_metadata_and_is_not_text():
    articles = read_corpus(DATA / "frontmatter").set_index("doc_id")
    alpha = articles.loc["alpha"]
    assert (alpha["title"], alpha["outlet"], alpha["date"]) == (
        "Lawmakers weigh tighter chip rules",
        "Capitol Wire",
        "2025-01-29",
    )
    assert alpha["text"].startswith("Lawmakers on Wednesday weighed")
    assert "---" not in alpha["text"]
    beta = articles.loc["beta"]
    # synonyms publisher/published, and a month-name date normalised to ISO
    assert (beta["outlet"], beta["date"]) == ("Market Desk", "2025-01-30")
    assert beta["text"] == (
        "Technology shares recovered some of Monday's losses as investors reassessed what "
        "cheaper models mean for chip demand.\n"
    )


def test_corpus_horizontal_rules_are_not_front_matter():
    gamma = read_corpus(DATA / "frontmatter" / "gamma.md").iloc[0]
    assert gamma["text"] == (DATA / "frontmatter" / "gamma.md").read_text(encoding="utf-8")
    assert gamma["title"] == ""


def test_corpus_invalid_front_matter_is_reported_with_its_line(tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\noutlet: X\n---\nBody text.\n")
    (tmp_path / "good.md").write_text("A perfectly good article about chips.\n")
    report: list[SkippedInput] = []
    articles = read_corpus(tmp_path, report=report)
    assert list(articles["doc_id"]) == ["good"]
    assert report[0].source == str(tmp_path / "bad.md")
    assert "front matter is not valid YAML at line" in report[0].reason
    with pytest.raises(InputError, match=r"bad\.md'.*front matter is not valid YAML at line"):
        read_corpus(tmp_path, on_error="raise")


def test_corpus_sidecar_wins_over_front_matter():
    articles = read_corpus(DATA / "sidecar").set_index("doc_id")
    one = articles.loc["one"]
    assert (one["outlet"], one["date"]) == ("Sidecar Times", "2025-02-03")
    assert one["title"] == "Title from front matter"  # sidecar title cell is empty
    two = articles.loc["two"]
    assert (two["outlet"], two["date"], two["title"]) == (
        "Sidecar Times",
        "",
        "Regulators stay quiet",
    )


def test_corpus_sidecar_applies_to_a_single_file_input():
    article = read_corpus(seeds_dir() / "002_9edbe6fc9148524f.txt").iloc[0]
    assert (article["outlet"], article["date"]) == ("HODL FM", "2025-01-27")


def test_corpus_sidecar_without_file_column_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("Some article text.")
    (tmp_path / "metadata.csv").write_text("name,outlet\na.txt,X\n")
    with pytest.raises(
        InputError, match=r"metadata\.csv' needs a 'file' column.*Got columns: name, outlet"
    ):
        read_corpus(tmp_path)


# -- decoding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(CP1252_TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + CP1252_TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(b"\xff\xfe" + CP1252_TEXT.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + CP1252_TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(CP1252_BYTES, id="cp1252"),
    ],
)
def test_corpus_decodes_each_supported_encoding(tmp_path, data):
    (tmp_path / "quote.txt").write_bytes(data)
    text = read_corpus(tmp_path / "quote.txt").loc[0, "text"]
    assert text == CP1252_TEXT  # BOM removed, every character right


def test_corpus_broken_utf8_is_reported_with_offset_not_mangled(tmp_path):
    # valid UTF-8 (curly quotes) and one stray byte at offset 24
    data = "\u201cChips\u201d are scarce; ".encode("utf-8") + b"\xff" + b"prices rise."
    assert data.index(b"\xff") == 24
    (tmp_path / "broken.txt").write_bytes(data)
    (tmp_path / "fine.txt").write_text("A fine article.", encoding="utf-8")
    with pytest.warns(SkippedInputWarning, match=r"broken\.txt'.*0xff at offset 24"):
        articles = read_corpus(tmp_path)
    assert list(articles["doc_id"]) == ["fine"]
    with pytest.raises(
        InputError, match=r"broken\.txt'.*byte 0xff at offset 24 is not valid UTF-8"
    ):
        read_corpus(tmp_path, on_error="raise")


def test_corpus_undefined_cp1252_byte_is_reported(tmp_path):
    (tmp_path / "odd.txt").write_bytes(b"Plain start \x81 then more.")
    with pytest.raises(InputError, match=r"odd\.txt'.*byte 0x81 at offset 12 is not valid cp1252"):
        read_corpus(tmp_path / "odd.txt", on_error="raise")


def test_corpus_nul_bytes_are_reported(tmp_path):
    (tmp_path / "nobom.txt").write_bytes("Hi there".encode("utf-16-le"))
    with pytest.raises(InputError, match=r"nobom\.txt'.*NUL byte at offset 1"):
        read_corpus(tmp_path / "nobom.txt", on_error="raise")


def test_corpus_truncated_utf16_is_reported(tmp_path):
    (tmp_path / "cut.txt").write_bytes(b"\xff\xfe" + "Chips".encode("utf-16-le") + b"C")
    with pytest.raises(InputError, match=r"cut\.txt'.*offset 12 is not valid utf-16-le"):
        read_corpus(tmp_path / "cut.txt", on_error="raise")


def test_corpus_decode_bytes_names_the_source():
    assert decode_bytes(b"\xef\xbb\xbfplain") == "plain"
    with pytest.raises(InputError, match=r"Cannot decode 'x\.txt': .*offset 3"):
        decode_bytes("caf\u00e9 ".encode("utf-8")[:3] + b"\xe9\xc3\xa9", source="x.txt")


# -- tables ----------------------------------------------------------------------------------


ROWS = [
    {
        "id": "a1",
        "body": "Chip stocks fell sharply on Monday.",
        "site": "Desk A",
        "when": "2025-01-27",
    },
    {
        "id": "a2",
        "body": "Analysts said the sell-off was overdone.",
        "site": "Desk B",
        "when": "27 January 2025",
    },
    {"id": "a3", "body": "Regulators declined to comment.", "site": "Desk A", "when": "not a date"},
]


def test_corpus_csv_with_column_mapping(tmp_path):
    path = write_csv(tmp_path / "clips.csv", ROWS)
    articles = read_corpus(path, text_col="body", id_col="id", outlet_col="site", date_col="when")
    assert list(articles["doc_id"]) == ["a1", "a2", "a3"]
    assert list(articles["outlet"]) == ["Desk A", "Desk B", "Desk A"]
    assert list(articles["date"]) == ["2025-01-27", "2025-01-27", ""]
    assert list(articles["source"]) == [f"{path}#0", f"{path}#1", f"{path}#2"]
    assert articles.loc[1, "text"] == "Analysts said the sell-off was overdone."


def test_corpus_tsv_uses_default_column_names(tmp_path):
    rows = [
        {
            "text": "Tab separated article.",
            "outlet": "TSV Times",
            "published": "2025-02-01",
            "title": "Tabs",
        }
    ]
    path = write_csv(tmp_path / "clips.tsv", rows, sep="\t")
    article = read_corpus(path).iloc[0]
    assert (article["doc_id"], article["outlet"], article["date"], article["title"]) == (
        "row-0",
        "TSV Times",
        "2025-02-01",
        "Tabs",
    )


def test_corpus_table_without_text_column_lists_the_columns(tmp_path):
    path = write_csv(tmp_path / "clips.csv", ROWS)
    with pytest.raises(
        InputError, match=r"clips\.csv' has no 'text' column.*Columns found: id, body, site, when"
    ):
        read_corpus(path)
    with pytest.raises(
        InputError,
        match=r"clips\.csv' has no column 'headline' \(title_col\).*Columns found: id, body",
    ):
        read_corpus(path, text_col="body", title_col="headline")


def test_corpus_bad_rows_are_skipped_and_reported(tmp_path):
    rows = [
        {"text": "Good article one."},
        {"text": ""},
        {"text": "   "},
        {"text": "Good article two."},
    ]
    path = write_csv(tmp_path / "clips.csv", rows)
    report: list[SkippedInput] = []
    articles = read_corpus(path, report=report)
    assert list(articles["doc_id"]) == ["row-0", "row-3"]
    assert report == [
        SkippedInput(f"{path}#1", "text is empty"),
        SkippedInput(f"{path}#2", "text is empty"),
    ]
    with pytest.warns(SkippedInputWarning, match=r"Skipped 2 input\(s\).*clips\.csv#1'"):
        read_corpus(path)
    with pytest.raises(InputError, match=r"clips\.csv#1': text is empty"):
        read_corpus(path, on_error="raise")


def test_corpus_jsonl_reports_corrupt_line_and_non_string_text(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"text": "First article.", "outlet": "Feed"})
        + "\n"
        + "\n"
        + '{"text": "broken, "outlet": "Feed"}\n'
        + json.dumps({"text": 42, "outlet": "Feed"})
        + "\n"
        + json.dumps(["not", "an", "object"])
        + "\n"
        + json.dumps({"text": "Last article.", "outlet": "Feed"})
        + "\n",
        encoding="utf-8",
    )
    report: list[SkippedInput] = []
    articles = read_corpus(path, report=report)
    assert list(articles["text"]) == ["First article.", "Last article."]
    assert list(articles["outlet"]) == ["Feed", "Feed"]
    reasons = [r.reason for r in report]
    assert reasons[0].startswith("line 3: not valid JSON")
    assert reasons[1] == "text is int, expected str"
    assert reasons[2] == "line 5: expected a JSON object, got list"
    with pytest.raises(InputError, match=r"feed\.jsonl#1': line 3: not valid JSON"):
        read_corpus(path, on_error="raise")


def test_corpus_jsonl_bad_utf8_names_line_and_offset(tmp_path):
    path = tmp_path / "feed.jsonl"
    first = (json.dumps({"text": "Fine."}) + "\n").encode("utf-8")
    path.write_bytes(first + b'{"text": "caf\xe9"}\n')
    with pytest.raises(InputError, match=rf"line 2: byte 0xe9 at offset {len(first) + 13}"):
        read_corpus(path, on_error="raise")


def test_corpus_parquet_reads_in_row_groups(tmp_path):
    table = pa.table(
        {
            "story": [f"Article number {i} about chips." for i in range(5)],
            "slug": [f"s{i}" for i in range(5)],
            "day": pa.array([pd.Timestamp("2025-01-27")] * 4 + [None], type=pa.timestamp("s")),
        }
    )
    path = tmp_path / "clips.parquet"
    pq.write_table(table, path, row_group_size=2)
    chunks = list(iter_corpus(path, text_col="story", id_col="slug", date_col="day", chunksize=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    articles = pd.concat(chunks, ignore_index=True)
    assert list(articles["doc_id"]) == ["s0", "s1", "s2", "s3", "s4"]
    assert list(articles["date"]) == ["2025-01-27"] * 4 + [""]
    assert articles.equals(read_corpus(path, text_col="story", id_col="slug", date_col="day"))


def test_corpus_corrupt_parquet_is_reported(tmp_path):
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not really parquet")
    write_csv(tmp_path / "ok.csv", [{"text": "A readable article.", "doc_id": "ok-1"}])
    report: list[SkippedInput] = []
    articles = read_corpus([tmp_path / "broken.parquet", tmp_path / "ok.csv"], report=report)
    assert list(articles["doc_id"]) == ["ok-1"]
    assert report[0].source == str(tmp_path / "broken.parquet")
    assert report[0].reason.startswith("not a readable parquet file")


# -- csv/tsv read as a stream ------------------------------------------------------------------

# Rows whose texts are quoted fields with line breaks (\n and \r\n), commas, doubled quotes,
# curly quotes and a character outside the BMP (a surrogate pair in UTF-16).
STREAM_ROWS = [
    {"id": f"s{i}", "text": text, "site": site}
    for i, (text, site) in enumerate(
        [
            ("\u201cChips,\u201d he said.\n\nThen: \u201cmore chips\u201d.", "Desk \u00e9"),
            ('A "quoted" word, a comma\r\nand a CRLF line.', "Desk B"),
            ("Plain ASCII article.", "Desk B"),
            ("Em dash \u2014 euro \u20ac5m \u2014 and \U0001f600.\n", "Desk \u00e9"),
            ("Last\n\n\narticle,\n\u2018done\u2019.", "Desk B"),
        ]
    )
]


@pytest.fixture
def small_blocks(monkeypatch):
    """Decode csv/tsv files a few bytes at a time, so every row and code point spans blocks."""
    from framing import corpus

    monkeypatch.setattr(corpus, "_BLOCK_BYTES", 7)
    monkeypatch.setattr(corpus, "_DECIDE_BYTES", 16)
    return corpus


def csv_bytes(rows: list[dict], encoding: str) -> bytes:
    """``rows`` as csv text encoded with ``encoding`` (a BOM first for utf-16-le/be)."""
    text = pd.DataFrame(rows).to_csv(index=False)
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    return bom + text.encode(encoding)


def expected_stream_table(path: Path, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [r["id"] for r in rows],
            "outlet": [r["site"] for r in rows],
            "date": [""] * len(rows),
            "title": [""] * len(rows),
            "text": [r["text"] for r in rows],
            "source": [f"{path}#{i}" for i in range(len(rows))],
        },
        dtype=str,
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"])
def test_corpus_csv_quoted_multiline_fields_read_the_same_across_blocks(
    tmp_path, small_blocks, encoding
):
    path = tmp_path / "clips.csv"
    path.write_bytes(csv_bytes(STREAM_ROWS, encoding))
    chunks = list(iter_corpus(path, id_col="id", outlet_col="site", chunksize=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    articles = pd.concat(chunks, ignore_index=True)
    pd.testing.assert_frame_equal(articles, expected_stream_table(path, STREAM_ROWS))
    # what the reader did before streaming: decode the whole file, parse it in one go
    whole = pd.read_csv(path, encoding=encoding, dtype=str, keep_default_na=False)
    assert list(articles["text"]) == list(whole["text"])


def test_corpus_csv_cp1252_curly_quotes_after_an_ascii_head_across_blocks(tmp_path, small_blocks):
    rows = [{"id": f"c{i}", "text": f"Plain article {i}.", "site": "Desk"} for i in range(4)]
    rows.append({"id": "c4", "text": CP1252_TEXT, "site": "Desk"})
    path = tmp_path / "clips.csv"
    path.write_bytes(csv_bytes(rows, "cp1252"))
    assert path.read_bytes().index(b"\x93") > 7 * 10  # first non-ASCII byte: blocks later
    articles = read_corpus(path, id_col="id", outlet_col="site")
    assert list(articles["text"]) == [r["text"] for r in rows]  # every character right


def test_corpus_csv_invalid_utf8_after_the_first_block_skips_that_row_only(tmp_path, small_blocks):
    rows = [
        {"text": "\u201cChips\u201d are scarce.", "site": "A"},
        {"text": "Prices rise.", "site": "A"},
        {"text": "caf\u00e9 BAD here", "site": "A"},
        {"text": "Shares \u2014 recover.", "site": "A"},
    ]
    data = csv_bytes(rows, "utf-8").replace(b"BAD", b"\xff\xff\xff")
    offset = data.index(b"\xff")
    assert offset > 7 * 5  # decided as UTF-8 blocks before the bad byte
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    report: list[SkippedInput] = []
    articles = read_corpus(path, outlet_col="site", report=report)
    assert list(articles["doc_id"]) == ["row-0", "row-1", "row-3"]  # ids unchanged by the skip
    assert articles.loc[2, "text"] == "Shares \u2014 recover."
    assert report == [
        SkippedInput(
            f"{path}#2",
            f"cannot decode: byte 0xff at offset {offset} is not valid UTF-8, and the file holds "
            "valid UTF-8 elsewhere, so it is not re-read as cp1252",
        )
    ]
    # on_error="raise": the rows before the bad one arrive, then the error names file and offset
    chunks = []
    with pytest.raises(
        InputError, match=rf"mixed\.csv#2': cannot decode: byte 0xff at offset {offset} "
    ):
        for chunk in iter_corpus(path, outlet_col="site", on_error="raise", chunksize=1):
            chunks.append(chunk)  # noqa: PERF402 (the chunks before the error are the point)
    assert [c.loc[0, "doc_id"] for c in chunks] == ["row-0", "row-1"]


def test_corpus_csv_read_as_cp1252_reports_later_utf8_instead_of_mojibake(tmp_path, small_blocks):
    head = "text\n\x93Cheap\x94 chips.\n".encode("latin-1")  # cp1252 curly quotes
    data = head + "Plain row.\ncaf\u00e9 in UTF-8.\nLast row \x97 cp1252.\n".encode("latin-1")
    data = data.replace("caf\u00e9".encode("latin-1"), "caf\u00e9".encode("utf-8"))
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    offset = data.index("\u00e9".encode("utf-8"))
    report: list[SkippedInput] = []
    articles = read_corpus(path, report=report)
    assert list(articles["text"]) == [
        "\u201cCheap\u201d chips.",
        "Plain row.",
        "Last row \u2014 cp1252.",
    ]
    assert report == [
        SkippedInput(
            f"{path}#2",
            f"cannot decode: bytes 0xc3a9 at offset {offset} are valid UTF-8 in a file "
            "read as cp1252 (byte 0x93 at offset 5 is not UTF-8); mixed encodings are not guessed",
        )
    ]


def test_corpus_csv_utf16_errors_across_blocks_name_the_offset(tmp_path, small_blocks):
    rows = [{"text": "Fine \U0001f600 row.", "site": "A"}, {"text": "Lone X here.", "site": "A"}]
    data = csv_bytes(rows, "utf-16-le")
    bad = data.index("X".encode("utf-16-le"))
    data = data[:bad] + b"\x00\xdc" + data[bad + 2 :]  # a low surrogate with no high one
    path = tmp_path / "wide.csv"
    path.write_bytes(data)
    report: list[SkippedInput] = []
    articles = read_corpus(path, report=report)
    assert list(articles["text"]) == ["Fine \U0001f600 row."]
    assert report[0].source == f"{path}#1"
    assert report[0].reason.startswith(
        f"cannot decode: byte 0x00 at offset {bad} is not valid utf-16-le (illegal encoding)"
    )


def test_corpus_csv_utf8_bom_names_the_encoding_it_promised(tmp_path, small_blocks):
    data = csv_bytes(STREAM_ROWS, "utf-8-sig").replace(b"Plain", b"Pl\xffin")
    path = tmp_path / "bom.csv"
    path.write_bytes(data)
    report: list[SkippedInput] = []
    articles = read_corpus(path, id_col="id", outlet_col="site", report=report)
    assert list(articles["doc_id"]) == ["s0", "s1", "s3", "s4"]
    assert report == [
        SkippedInput(
            f"{path}#2",
            f"cannot decode: byte 0xff at offset {data.index(b'Pl') + 2} is not valid utf-8 "
            "(invalid start byte)",
        )
    ]


def test_corpus_csv_own_noncharacter_is_kept_next_to_undecodable_bytes(tmp_path):
    # U+FDD0 stands in for bad bytes while parsing; the file's own U+FDD0 must survive intact
    rows = [
        {"text": "Keeps \ufdd0 its own mark.", "site": "A"},
        {"text": "Bad BAD byte.", "site": "A"},
        {"text": "Two \ufdd0\ufdd0 marks, then \u2014 fine.", "site": "A"},
    ]
    data = csv_bytes(rows, "utf-8").replace(b"BAD", b"\xfe")
    offset = data.index(b"\xfe")
    path = tmp_path / "marks.csv"
    path.write_bytes(data)
    report: list[SkippedInput] = []
    articles = read_corpus(path, report=report)
    assert list(articles["text"]) == [rows[0]["text"], rows[2]["text"]]
    assert [(s.source, s.reason[:50]) for s in report] == [
        (f"{path}#1", f"cannot decode: byte 0xfe at offset {offset} is not valid")
    ]


def test_corpus_csv_nul_bytes_skip_the_file_at_the_start_and_the_row_later(tmp_path, small_blocks):
    nobom = tmp_path / "nobom.csv"
    nobom.write_bytes("text\nHi there\n".encode("utf-16-le"))
    with pytest.raises(InputError, match=r"nobom\.csv': cannot decode: NUL byte at offset 1"):
        read_corpus(nobom, on_error="raise")
    late = tmp_path / "late.csv"
    data = b"text\nFirst row is fine.\nA NUL\x00 here.\nLast row.\n"
    late.write_bytes(data)
    report: list[SkippedInput] = []
    assert list(read_corpus(late, report=report)["doc_id"]) == ["row-0", "row-2"]
    assert report[0].source == f"{late}#1"
    assert report[0].reason.startswith(f"cannot decode: NUL byte at offset {data.index(0)}")


def test_corpus_csv_undecodable_header_skips_the_file(tmp_path):
    path = tmp_path / "head.csv"
    path.write_bytes(
        "\u201cid\u201d,te\u00e9xt\n".encode("utf-8").replace(b"\xc3\xa9", b"\xe9")
        + b"1,An article.\n"
    )
    report: list[SkippedInput] = []
    with pytest.raises(InputError, match=r"No article could be read.*head\.csv': cannot decode"):
        read_corpus(path, report=report)
    assert report[0].source == str(path)
    assert "byte 0xe9 at offset 11 is not valid UTF-8" in report[0].reason


def test_corpus_csv_first_chunk_arrives_before_the_file_is_read_to_the_end(tmp_path, monkeypatch):
    from framing import corpus

    monkeypatch.setattr(corpus, "_BLOCK_BYTES", 4096)
    rows = [
        {"doc_id": f"d{i:04d}", "text": f"Article {i:04d} " + "words " * 80} for i in range(2000)
    ]
    path = write_csv(tmp_path / "big.csv", rows)
    assert path.stat().st_size > 900_000
    chunks = iter_corpus(path, chunksize=10)
    first = next(chunks)
    assert first.loc[0, "text"].startswith("Article 0000 ")
    # rewrite the last article in place: a reader that streams sees the new text
    data = path.read_bytes()
    with path.open("r+b") as handle:
        handle.seek(data.rindex(b"Article 1999"))
        handle.write(b"Changed 1999")
    last = pd.concat(list(chunks), ignore_index=True).iloc[-1]
    assert (last["doc_id"], last["text"][:12]) == ("d1999", "Changed 1999")


# -- several inputs, chunks, errors ----------------------------------------------------------


def test_corpus_duplicate_doc_ids_name_both_sources(tmp_path):
    first = write_csv(tmp_path / "first.csv", [{"text": "One."}, {"text": "Two."}])
    second = write_csv(tmp_path / "second.csv", [{"text": "Three."}])
    with pytest.raises(
        InputError, match=rf"Duplicate doc_id 'row-0': from '{first}#0' and from '{second}#0'"
    ):
        read_corpus([first, second])


def test_corpus_several_inputs_are_concatenated_in_order(tmp_path):
    table = write_csv(tmp_path / "extra.csv", [{"doc_id": "extra-1", "text": "Extra article."}])
    articles = read_corpus([seeds_dir(), table])
    assert len(articles) == 6
    assert articles["doc_id"].iloc[-1] == "extra-1"
    assert articles["outlet"].iloc[-1] == ""


def test_corpus_iter_corpus_chunks_add_up_to_read_corpus():
    chunks = list(iter_corpus(chunksize=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    assert pd.concat(chunks, ignore_index=True).equals(read_corpus())


def test_corpus_missing_path_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"Cannot read '.*nowhere': no such file or folder\."):
        read_corpus(tmp_path / "nowhere")


def test_corpus_article_text_instead_of_a_path_gets_a_hint():
    with pytest.raises(InputError, match=r"looks like article text; read_corpus takes paths"):
        read_corpus("Chinese startup DeepSeek has reached a milestone.\nIt topped the charts.")


def test_corpus_folder_without_articles_is_an_error(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(
        InputError,
        match=r"has no article files: expected \.txt, \.md, \.html, \.htm files \(not recursive\)\. "
        r"Got image\.png, notes\.csv\.",
    ):
        read_corpus(tmp_path)


def test_corpus_unsupported_extension_lists_the_supported_ones(tmp_path):
    path = tmp_path / "clips.docx"
    path.write_bytes(b"PK")
    with pytest.raises(
        InputError,
        match=r"unsupported extension '\.docx'\. Expected an article file \(\.txt, \.md, \.html, "
        r"\.htm\), a table \(\.csv, \.tsv, \.jsonl, \.parquet\) or a folder",
    ):
        read_corpus(path)


def test_corpus_nothing_readable_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    with pytest.raises(InputError, match=r"No article could be read.*empty\.txt': text is empty"):
        read_corpus(tmp_path)


def test_corpus_bad_options_are_rejected():
    with pytest.raises(
        ParameterError, match=r"'on_error' parameter.*'raise' or 'skip'\. Got 'ignore'"
    ):
        read_corpus(on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"'chunksize' parameter.*positive int\. Got 0"):
        iter_corpus(chunksize=0)
    with pytest.raises(
        ParameterError, match=r"must be a path or a sequence of paths\. Got DataFrame"
    ):
        read_corpus(pd.DataFrame({"text": ["x"]}))  # type: ignore[arg-type]


def test_corpus_no_warning_when_nothing_is_skipped():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_corpus()


def test_corpus_an_empty_jsonl_is_an_error_like_an_empty_csv(tmp_path):
    for name, content in (("none.jsonl", ""), ("blank.jsonl", "\n  \n\n"),
                          ("none.csv", "")):
        path = tmp_path / name
        path.write_text(content)
        with pytest.raises(InputError, match=rf"'{path}' is empty: expected"):
            read_corpus(path)


def test_corpus_a_jsonl_record_without_text_is_named_as_a_record(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"doc_id": "a", "text": "Chips."}\n{"doc_id": "b", "body": "No text key."}\n')
    report = []
    frame = read_corpus(path, on_error="skip", report=report)
    assert list(frame["doc_id"]) == ["a"]
    assert report[0].reason == ("line 2: The record has no 'text' key; pass text_col= to name "
                                "the key that holds the article text. Keys found: doc_id, body.")
