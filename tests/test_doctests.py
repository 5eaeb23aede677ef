"""The examples in the docstrings of small pure helpers (dates, money units, ISCO prefixes,
ranking weights, the state algebra) run as tests: an example that no longer holds fails here."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

import emigre.cli

PACKAGE = Path(emigre.cli.__file__).parent


def _modules_with_examples() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if ">>>" in path.read_text(encoding="utf-8"):
            parts = ["emigre", *path.relative_to(PACKAGE).with_suffix("").parts]
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


MODULES = _modules_with_examples()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples fail"
    assert result.attempted > 0, f"{name}: its examples were not found"


@pytest.mark.parametrize(
    "helper",
    [
        "emigre.dates.age_on",
        "emigre.dates.birthday",
        "emigre.dates.add_months",
        "emigre.base.money_unit",
        "emigre.money.fmt",
        "emigre.rules.conditions.base.isco_prefixes",
        "emigre.plan.rank.parse_weights",
        "emigre.rules.state.State",
    ],
)
def test_the_small_helpers_show_examples(helper: str) -> None:
    module, _, name = helper.rpartition(".")
    obj = getattr(importlib.import_module(module), name)
    assert ">>>" in (obj.__doc__ or ""), f"{helper} has no example in its docstring"
