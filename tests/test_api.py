"""The public API is what framing/__init__.py declares: every name exists, nothing else leaks."""

from __future__ import annotations

import inspect

import framing


def test_api_every_declared_name_resolves():
    for name in framing.__all__:
        assert getattr(framing, name) is not None, name


def test_api_declares_every_public_module_level_name():
    public = {
        name for name, value in vars(framing).items()
        if not name.startswith("_") and not inspect.ismodule(value)
        and name not in {"annotations", "importlib", "TYPE_CHECKING", "Any"}
    }
    assert public <= set(framing.__all__), public - set(framing.__all__)


def test_api_errors_subclass_value_error_where_users_cause_them():
    for error in (framing.InputError, framing.LexiconError, framing.ParameterError):
        assert issubclass(error, ValueError)
        assert issubclass(error, framing.FramingError)


def test_api_scores_the_seeds_by_default():
    articles = framing.read_corpus()
    scores, evidence = framing.score(articles)
    assert len(scores) == len(articles) == 5
    assert (evidence["end"] > evidence["start"]).all()


def test_api_no_top_level_name_shadows_a_submodule():
    import importlib
    import pkgutil

    submodules = {m.name for m in pkgutil.iter_modules(framing.__path__)}
    assert not submodules & set(framing.__all__), submodules & set(framing.__all__)
    for name in ("compare", "keyness"):
        module = importlib.import_module(f"framing.{name}")
        assert getattr(framing, name) is module


def test_api_readme_python_example_runs_as_written(capsys, monkeypatch):
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    block = readme.split("```python\n", 1)[1].split("```", 1)[0]
    assert len(block.strip().splitlines()) == 5
    monkeypatch.chdir(repo)
    exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - runs the README example
    printed = capsys.readouterr().out
    assert "gz-1" in printed and "category" in printed


def test_api_every_lazy_name_is_declared():
    assert set(framing._LAZY) <= set(framing.__all__)
