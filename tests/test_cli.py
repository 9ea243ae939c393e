"""`framing score` from the command line: outputs, summary, and a one-line error per bad input."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from framing.cli import main
from framing.tables import write_table


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(err: str, *fragments: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("framing: error: ")
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def test_cli_score_seeds_writes_scores_and_evidence(tmp_path, capsys):
    out, evidence = tmp_path / "s.csv", tmp_path / "e.csv"
    code, _, err = run(capsys, "score", "--out", str(out), "--evidence", str(evidence))
    assert code == 0, err
    scores = pd.read_csv(out)
    assert len(scores) == 5
    ev = pd.read_csv(evidence, keep_default_na=False)
    assert {"doc_id", "start", "end", "match", "pattern", "compound"} <= set(ev.columns)
    assert "scored 5 articles" in err and "skipped 0" in err


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".tsv"])
def test_cli_score_output_format_follows_the_extension(tmp_path, capsys, suffix):
    out = tmp_path / f"s{suffix}"
    code, _, err = run(capsys, "score", "--quiet", "--no-news-tone", "--out", str(out))
    assert code == 0, err
    from framing.tables import read_table

    assert len(read_table(out)) == 5


def test_cli_score_table_input_with_column_mapping(tmp_path, capsys):
    table = tmp_path / "articles.csv"
    pd.DataFrame({
        "story": ["Analysts said the export controls may have failed.", "Nvidia shares fell 13%."],
        "key": ["a", "b"],
        "paper": ["Daily A", "Daily B"],
    }).to_csv(table, index=False)
    out = tmp_path / "s.csv"
    code, _, err = run(capsys, "score", str(table), "--text-col", "story", "--id-col", "key",
                       "--outlet-col", "paper", "--out", str(out), "--quiet")
    assert code == 0, err
    scores = pd.read_csv(out)
    assert list(scores["doc_id"]) == ["a", "b"]
    assert list(scores["outlet"]) == ["Daily A", "Daily B"]


def test_cli_score_missing_text_column_is_one_line(tmp_path, capsys):
    table = tmp_path / "articles.csv"
    pd.DataFrame({"body": ["x"], "id": ["1"]}).to_csv(table, index=False)
    code, _, err = run(capsys, "score", str(table), "--quiet")
    assert code == 2
    assert_one_line_error(err, "articles.csv", "text")


def test_cli_errors_name_the_flags_not_the_python_parameters(tmp_path, capsys):
    table = tmp_path / "articles.csv"
    pd.DataFrame({"body": ["x"], "id": ["1"]}).to_csv(table, index=False)
    _, _, err = run(capsys, "score", str(table), "--quiet")
    assert "pass --text-col to name the column" in err and "text_col" not in err
    _, _, err = run(capsys, "score", str(table), "--quiet", "--text-col", "body",
                    "--outlet-col", "site")
    assert "has no column 'site' (--outlet-col)" in err
    labelled = tmp_path / "mine.csv"
    pd.DataFrame({"text": ["A cheap chip.", "Nothing."], "frames": ["cost", ""]}).to_csv(
        labelled, index=False)
    code, _, err = run(capsys, "evaluate", str(labelled), "--present-min", "0")
    assert code == 2 and "error: --present-min must be an int >= 1" in err
    _, _, err = run(capsys, "evaluate", str(labelled), "--group-by", "doc")
    assert "error: --group-by 'doc': labelled file" in err
    _, _, err = run(capsys, "evaluate", str(labelled), "--unit", "sentence", "--present-min", "2")
    assert "error: --present-min counts the sentences" in err and "--unit 'article'" in err


def test_cli_score_unreadable_file_is_one_line(tmp_path, capsys):
    missing = tmp_path / "nowhere.txt"
    code, _, err = run(capsys, "score", str(missing), "--quiet")
    assert code == 2
    assert_one_line_error(err, "nowhere.txt")


def test_cli_score_malformed_lexicon_names_file_and_line(tmp_path, capsys):
    lexicon = tmp_path / "broken.yaml"
    lexicon.write_text("name: broken\nkind: frames\ncategories:\n  x:\n    patterns:\n"
                       "      - id: p\n        any: [a\n", encoding="utf-8")
    code, _, err = run(capsys, "score", "--lexicon", str(lexicon), "--quiet")
    assert code == 2
    assert_one_line_error(err, "broken.yaml:")


def test_cli_score_bad_output_extension_fails_before_work(tmp_path, capsys):
    code, _, err = run(capsys, "score", "--out", str(tmp_path / "s.xlsx"), "--quiet")
    assert code == 2
    assert_one_line_error(err, ".xlsx", ".csv")
    assert not (tmp_path / "s.xlsx").exists()


def test_cli_score_failure_leaves_existing_output_untouched(tmp_path, capsys):
    out = tmp_path / "s.csv"
    out.write_text("previous results\n", encoding="utf-8")
    code, _, _ = run(capsys, "score", str(tmp_path / "missing.csv"), "--out", str(out), "--quiet")
    assert code == 2
    assert out.read_text(encoding="utf-8") == "previous results\n"


def test_tables_write_is_atomic_when_writing_fails(tmp_path, monkeypatch):
    out = tmp_path / "s.csv"
    out.write_text("old\n", encoding="utf-8")

    def explode(self, path, **kwargs):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("half a ta")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", explode)
    with pytest.raises(OSError, match="disk full"):
        write_table(pd.DataFrame({"a": [1]}), out)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["s.csv"]


def test_written_tables_get_the_usual_file_mode(tmp_path):
    old = os.umask(0o022)
    try:
        fresh = write_table(pd.DataFrame({"a": [1]}), tmp_path / "fresh.csv")
        assert fresh.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
        shared = tmp_path / "shared.tsv"
        shared.write_text("old\n", encoding="utf-8")
        shared.chmod(0o664)
        write_table(pd.DataFrame({"a": [1]}), shared)
        assert shared.stat().st_mode & 0o777 == 0o664  # a replaced file keeps its mode
    finally:
        os.umask(old)


def test_cli_score_reports_skipped_articles(tmp_path, capsys):
    table = tmp_path / "articles.jsonl"
    table.write_text('{"id": "1", "text": "Nvidia shares fell."}\n{"id": "2", "text": ""}\n',
                     encoding="utf-8")
    code, out, err = run(capsys, "score", str(table), "--id-col", "id", "--quiet")
    assert code == 0, err
    assert "skipped 1" in err
    assert out.startswith("doc_id,")


def test_cli_stops_quietly_when_the_reader_closes_the_pipe():
    import subprocess
    import sys

    shell = f"'{sys.executable}' -m framing.cli keyness | head -n 1"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.stdout.startswith("by,group,term")
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed-tables")
    scores, evidence = folder / "s.csv", folder / "e.csv"
    assert main(["score", "--quiet", "--out", str(scores), "--evidence", str(evidence)]) == 0
    return scores, evidence


def test_cli_compare_writes_intervals_and_flags_small_groups(seed_tables, tmp_path, capsys):
    scores, evidence = seed_tables
    out = tmp_path / "cmp.csv"
    code, _, err = run(capsys, "compare", str(scores), "--evidence", str(evidence),
                       "--n-boot", "200", "--n-perm", "200", "--out", str(out))
    assert code == 0, err
    table = pd.read_csv(out)
    assert {"group", "metric", "statistic", "value", "ci_low", "ci_high", "n_articles",
            "small_n"} <= set(table.columns)
    assert table["small_n"].all() and "caution" in err


def test_cli_claims_align_shows_the_training_cost_disagreement(tmp_path, capsys):
    out = tmp_path / "claims.csv"
    code, _, err = run(capsys, "claims", "--align", "--out", str(out))
    assert code == 0, err
    aligned = pd.read_csv(out).set_index("quantity")
    assert bool(aligned.at["training cost", "disagree"]) is True


def test_cli_keyness_and_reuse_write_tables(tmp_path, capsys):
    for command in ("keyness", "reuse"):
        out = tmp_path / f"{command}.csv"
        code, _, err = run(capsys, command, "--out", str(out))
        assert code == 0, err
        assert out.exists()
    assert len(pd.read_csv(tmp_path / "keyness.csv")) > 0


def test_cli_charts_writes_figure_csv_and_caption(seed_tables, tmp_path, capsys):
    scores, evidence = seed_tables
    code, _, err = run(capsys, "charts", str(scores), "--evidence", str(evidence),
                       "--out-dir", str(tmp_path / "figs"), "--format", "svg")
    assert code == 0, err
    names = {p.name for p in (tmp_path / "figs").iterdir()}
    assert {"01_frame_prevalence.svg", "01_frame_prevalence.csv",
            "01_frame_prevalence.txt"} <= names


def test_cli_report_writes_markdown_and_rejects_other_suffixes(tmp_path, capsys):
    code, _, err = run(capsys, "report", "--quiet", "--out", str(tmp_path / "r.md"))
    assert code == 0, err
    assert "# " in (tmp_path / "r.md").read_text(encoding="utf-8")
    code, _, err = run(capsys, "report", "--quiet", "--out", str(tmp_path / "r.pdf"))
    assert code == 2
    assert_one_line_error(err, ".html or .md", "r.pdf")


def test_cli_evaluate_own_sentences_prints_f1(capsys):
    from pathlib import Path

    labelled = Path(__file__).resolve().parents[1] / "evaluation" / "ai_race_sentences.tsv"
    code, out, err = run(capsys, "evaluate", str(labelled), "--split", "test")
    assert code == 0, err
    assert "micro" in out and "export_controls_failing" in out
    assert "lexicon: ai_race + sentence model" in out
    code, out, err = run(capsys, "evaluate", str(labelled), "--split", "test", "--no-model")
    assert code == 0, err
    assert "lexicon: ai_race (" in out and "sentence model" not in out
    with pytest.raises(SystemExit) as exited:
        run(capsys, "evaluate", str(labelled), "--model", "--no-model")
    assert exited.value.code == 2
    assert "not allowed with argument --model" in capsys.readouterr().err


def test_cli_evaluate_group_by_measures_articles(capsys):
    from pathlib import Path

    labelled = Path(__file__).resolve().parents[1] / "evaluation" / "ai_race_articles.tsv"
    code, out, err = run(capsys, "evaluate", str(labelled), "--group-by", "doc", "--split",
                         "test", "--misses", "0", "--n-boot", "0")
    assert code == 0, err
    assert "unit: article level" in out and "819 rows joined into 32 articles" in out
    assert "rows: 16 (split 'test')" in out and "baseline: calling every category present" in out


def test_cli_diagnose_lists_pattern_usage(tmp_path, capsys):
    code, _out, err = run(capsys, "diagnose", "--lexicon", "ai_race", "--category", "market_shock",
                         "--usage-out", str(tmp_path / "usage.csv"))
    assert code == 0, err
    usage = pd.read_csv(tmp_path / "usage.csv")
    assert "pattern" in usage.columns and (usage["fires"] > 0).any()


def test_cli_kwic_prints_contexts(capsys):
    code, out, err = run(capsys, "kwic", "export controls", "--width", "20")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "doc_id,outlet,start,end,left,match,right" and len(lines) >= 5
