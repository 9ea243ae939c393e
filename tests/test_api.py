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


def test_api_readme_five_lines_work():
    articles = framing.read_corpus()
    scores, evidence = framing.score(articles)
    assert len(scores) == len(articles) == 5
    assert (evidence["end"] > evidence["start"]).all()
