"""Reading a big csv with iter_corpus, nothing scored: peak memory and speed (issue #7).

Writes a csv of about --mb MB (articles of seed sentences in paragraphs, so every text is a quoted
multi-line field with curly quotes and dashes) to a temporary folder, reads it with
``iter_corpus(path, chunksize=--chunksize)`` in a fresh child process per run, and deletes it.
Each child reports its peak RSS (``VmHWM``), its RSS after imports, wall and CPU seconds, and a
digest of every row, so both variants are checked to give the same table. Timings are medians of
--repeats runs; peak RSS is the largest seen.

  old   the previous reader: the whole file decoded to one str, then parsed chunksize rows at a
        time (a copy of the old ``_iter_delimited`` below)
  new   framing.corpus as it is: decoded block by block (``_BLOCK_BYTES``; --blocks tries others)

    .venv/bin/python benchmarks/bench_read.py [--mb 1000] [--chunksize 1000] [--repeats 3]
        [--encoding utf-8|cp1252|utf-16] [--variants old,new] [--blocks 262144,1048576,4194304]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from framing import corpus


def old_iter_delimited(path, given, chunksize, sep):
    """framing.corpus._iter_delimited before streaming (kept here to measure against)."""
    try:
        text, _ = corpus._decode(path.read_bytes())
    except corpus._DecodeError as exc:
        yield None, corpus.SkippedInput(str(path), f"cannot decode: {exc.message}")
        return
    kind = "tsv" if sep == "\t" else "csv"
    try:
        header = pd.read_csv(io.StringIO(text), sep=sep, nrows=0)
    except pd.errors.EmptyDataError:
        raise corpus.InputError(f"The table '{path}' is empty: expected a header row.") from None
    except (ValueError, pd.errors.ParserError) as exc:
        raise corpus.InputError(f"Cannot read the table '{path}' as {kind}: {exc}") from None
    mapping = corpus._resolve_columns(path, list(header.columns), given)
    reader = pd.read_csv(
        io.StringIO(text),
        sep=sep,
        dtype=str,
        keep_default_na=False,
        chunksize=chunksize,
        skip_blank_lines=False,
    )
    n = 0
    try:
        for chunk in reader:
            records = chunk.to_dict("records")
            yield from corpus._rows_to_outcomes(path, mapping, enumerate(records, start=n))
            n += len(records)
    except (ValueError, pd.errors.ParserError) as exc:
        yield (
            None,
            corpus.SkippedInput(f"{path}#{n}", f"cannot parse the rest of the {kind}: {exc}"),
        )


def status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(variant: str, path: Path, chunksize: int, block: int) -> None:
    if variant == "old":
        corpus._iter_delimited = old_iter_delimited
    else:
        corpus._BLOCK_BYTES = block
    start_rss = status_mb("VmRSS")
    digest = hashlib.blake2b(digest_size=16)
    rows = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for chunk in corpus.iter_corpus(path, chunksize=chunksize, id_col="id", outlet_col="site"):
        rows += len(chunk)
        for doc_id, outlet, text in zip(chunk["doc_id"], chunk["outlet"], chunk["text"]):
            digest.update(f"{doc_id}\x1f{outlet}\x1f{text}\x1e".encode("utf-8", "surrogatepass"))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork + exec
    peak = status_mb("VmHWM")
    print(
        json.dumps(
            {
                "rows": rows,
                "digest": digest.hexdigest(),
                "wall": wall,
                "cpu": cpu,
                "peak_rss_mb": peak,
                "start_rss_mb": start_rss,
            }
        )
    )


def write_csv(path: Path, mb: int, encoding: str) -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_score import build_texts

    texts = [
        t.replace("'", "\u2019") + "\n\n\u201cQuoted,\u201d she said \u2014 \u20ac5m."
        for t in build_texts(2000, seed=7)
    ]
    rng = random.Random(7)
    target, written, n = mb * 1_000_000, 0, 0
    with path.open("w", encoding=encoding, newline="") as handle:
        handle.write("id,site,date,text\n")
        while written < target:
            rows = [
                {
                    "id": f"a{n + i:08d}",
                    "site": rng.choice(["Desk A", "Desk B"]),
                    "date": "2025-01-27",
                    "text": rng.choice(texts),
                }
                for i in range(5000)
            ]
            n += len(rows)
            block = pd.DataFrame(rows).to_csv(index=False, header=False)
            handle.write(block)
            written += len(block.encode(encoding))
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1000)
    parser.add_argument("--chunksize", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "cp1252", "utf-16"])
    parser.add_argument("--variants", default="old,new")
    parser.add_argument("--blocks", default=str(corpus._BLOCK_BYTES))
    parser.add_argument(
        "--child",
        nargs=4,
        metavar=("VARIANT", "PATH", "CHUNKSIZE", "BLOCK"),
        help=argparse.SUPPRESS,
    )
    args = parser.parse_args()
    if args.child:
        variant, path, chunksize, block = args.child
        child(variant, Path(path), int(chunksize), int(block))
        return
    folder = Path(tempfile.mkdtemp(prefix="bench_read_", dir="/tmp"))
    try:
        path = folder / "big.csv"
        started = time.perf_counter()
        n = write_csv(path, args.mb, args.encoding)
        size = path.stat().st_size / 1e6
        print(
            f"wrote {n:,} articles, {size:,.0f} MB ({args.encoding}) in "
            f"{time.perf_counter() - started:.0f} s; chunksize {args.chunksize}, "
            f"median of {args.repeats}"
        )
        runs = [("old", 0)] if "old" in args.variants.split(",") else []
        if "new" in args.variants.split(","):
            runs += [("new", int(b)) for b in args.blocks.split(",")]
        digests = set()
        for variant, block in runs:
            results = []
            for _ in range(args.repeats):
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        variant,
                        str(path),
                        str(args.chunksize),
                        str(block),
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            digests.add((results[0]["rows"], results[0]["digest"]))
            wall = statistics.median(r["wall"] for r in results)
            cpu = statistics.median(r["cpu"] for r in results)
            label = variant if variant == "old" else f"new (block {block // 1024} KiB)"
            print(
                f"{label:22s} peak RSS {max(r['peak_rss_mb'] for r in results):7,.0f} MB "
                f"(after imports {results[0]['start_rss_mb']:4,.0f} MB)  wall {wall:6.1f} s  "
                f"cpu {cpu:6.1f} s  {size / wall:5.1f} MB/s  rows {results[0]['rows']:,}"
            )
        print("same rows and digest in every variant:", len(digests) == 1)
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
