"""The YAML reader: YAML 1.2 as ruamel reads it, only faster (the resolver's table taken once)."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from emigre.yaml12 import yaml_reader

DATA = Path(__file__).resolve().parent.parent / "src" / "emigre" / "data"


def test_words_stay_words_and_numbers_numbers() -> None:
    text = "country: NO\nanswer: yes\nold_octal: 010\nnew_octal: 0o10\nday: 2025-01-01\nn: 1e3\n"
    doc = yaml_reader().load(text)
    assert doc["country"] == "NO" and doc["answer"] == "yes"
    assert doc["old_octal"] == 10 and doc["new_octal"] == 8 and doc["n"] == 1000.0
    assert doc["day"].isoformat() == "2025-01-01"
    # The second file read by a new reader gets its own table, not the first one's state.
    assert yaml_reader().load("x: no\n") == {"x": "no"}


def test_every_bundled_file_reads_as_ruamel_reads_it() -> None:
    files = sorted(DATA.rglob("*.yaml"))
    assert len(files) > 100
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml_reader().load(text) == YAML(typ="safe").load(text), path
