"""The fast YAML path (libyaml through PyYAML, ruamel's YAML 1.2 rules): the same values and
types as ruamel gives, and ruamel itself for whatever the fast path does not treat alike."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import VersionedResolver

from emigre import yaml12
from emigre.errors import DataError
from emigre.knowledge.yaml_file import read_yaml
from emigre.yaml12 import implicit_table, yaml_reader

DATA = Path(__file__).resolve().parent.parent / "src" / "emigre" / "data"


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (True == 1 and 1 == 1.0 do not count)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def test_the_table_of_implicit_types_is_ruamels() -> None:
    theirs = VersionedResolver(version=(1, 2)).versioned_resolver
    ours = implicit_table()
    assert sorted(ours, key=str) == sorted((k for k in theirs if k is not None), key=str)
    for first, entries in ours.items():
        assert [(tag, p.pattern) for tag, p in entries] == [
            (tag, p.pattern) for tag, p in theirs[first]
        ], first


def test_every_bundled_file_takes_the_fast_path_with_ruamels_types() -> None:
    for path in sorted(DATA.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert same(yaml12._fast_load(text), YAML(typ="safe").load(text)), path


SCALARS = [
    "NO",
    "yes",
    "010",
    "0o10",
    "0x1F",
    "0b101",
    "1_000",
    "-0",
    "+4",
    "1e3",
    "6.0e-3",
    ".5",
    "1.",
    "1_0.0_1",
    ".inf",
    "-.INF",
    ".NaN",
    "2025-01-01",
    "~",
    "",
    "null",
    "True",
    "FALSE",
    "12:30",
    '"true"',
    "'NO'",
    "!!str 123",
    "!!bool yes",
    "!!int 010",
    "!!float 1",
    "[1, 2.5, -3, {a: b}]",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_values_read_as_ruamel_reads_them(scalar: str) -> None:
    text = f"key: {scalar}\n"
    assert same(yaml_reader().load(text), YAML(typ="safe").load(text))


@pytest.mark.parametrize(
    "text",
    [
        "%YAML 1.1\n---\nanswer: yes\n",  # another version's rules
        "when: 2025-01-01 10:00:00\n",  # a time of day
        "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",  # a merge key
        "a: &x [1]\nb: *x\n",  # an alias is the same object
        "a: !custom 1\n",  # an unknown tag (ruamel's error)
        "a: 1\na: 2\n",  # a duplicate key (ruamel's error)
        "a: [unclosed\n",  # a syntax error (ruamel's message)
        "--- 1\n--- 2\n",  # two documents
    ],
)
def test_what_the_fast_path_does_not_take_is_ruamels(text: str) -> None:
    try:
        theirs: Any = YAML(typ="safe").load(text)
    except YAMLError as exc:
        with pytest.raises(type(exc)) as ours:
            yaml_reader().load(text)
        assert str(ours.value) == str(exc)
        return
    assert same(yaml_reader().load(text), theirs)


def test_an_alias_is_one_object() -> None:
    doc = yaml_reader().load("a: &x [1]\nb: *x\n")
    assert doc["a"] is doc["b"]


def test_a_broken_data_file_is_reported_in_ruamels_words(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad.yaml:2: a: given twice \(lines 1 and 2\); keep one"):
        read_yaml(bad, "bad.yaml", DataError)
