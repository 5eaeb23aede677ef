"""Text emigre did not write (a data folder given with --data, a synthetic-population spec) is
shown as written: square brackets are not rich's markup (no hidden link, no crash on a stray
closing tag), ':name:' is not an emoji, and an escape sequence cannot reach the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from emigre.knowledge.loader import default_root
from tests.conftest import EXAMPLES, Cli

ON = "2026-11-25"
DIMA = EXAMPLES / "dima.toml"
ODD = "[link=https://evil.example/]official page[/link] [/bold] :warning: [1]"


def _data_with_summary(tmp_path: Path, summary: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(default_root(), data)
    route = data / "countries" / "de" / "routes" / "study.yaml"
    text = route.read_text(encoding="utf-8")
    start = text.index("summary:\n  en: >-\n") + len("summary:\n  en: >-\n")
    route.write_text(text[:start] + f"    {summary}\n" + text[start:], encoding="utf-8")
    return data


def test_brackets_in_a_data_text_are_shown_not_obeyed(cli: Cli, tmp_path: Path) -> None:
    data = _data_with_summary(tmp_path, ODD)
    code, out, err = cli("explain", "de.study", str(DIMA), "--on", ON, "--data", str(data))
    assert code == 0, err
    assert ODD in out, out[:600]


def test_an_escape_sequence_in_a_data_text_is_refused(cli: Cli, tmp_path: Path) -> None:
    """YAML's double quotes can spell an escape ("\\e"); such a text is refused by name."""
    data = _data_with_summary(tmp_path, "Study")
    route = data / "countries" / "de" / "routes" / "study.yaml"
    text = route.read_text(encoding="utf-8")
    title = "  en: Bachelor's study in German at a public university\n"
    forged = '  en: "\\e]8;;https://evil.example\\e\\\\Study\\e]8;;\\e\\\\"\n'
    route.write_text(text.replace(title, forged, 1), encoding="utf-8")
    code, out, err = cli("explain", "de.study", str(DIMA), "--on", ON, "--data", str(data))
    assert "\x1b" not in out + err
    assert code == 3 and "study.yaml" in err, err


def test_the_notice_of_a_parquet_file_is_shown_as_written(cli: Cli, tmp_path: Path) -> None:
    """A Parquet file from elsewhere can carry any 'synthetic' notice in its metadata."""
    import json

    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    notice = "[/bold] Not real \x1b]8;;https://evil.example\x07people\x1b]8;;\x07 :warning:"
    table = pa.table({"citizenship": ["RU"], "birth_date": ["2001-03-15"]})
    meta = {"emigre": json.dumps({"synthetic": True, "notice": notice})}
    people = tmp_path / "people.parquet"
    pq.write_table(table.replace_schema_metadata(meta), people)
    code, out, err = cli("population", "run", str(people), "--on", ON)
    assert code == 0, err
    assert "\x1b" not in out + err
    assert "[/bold] Not real \\x1b]8;;https://evil.example\\x07people" in out + err
    assert ":warning:" in out + err
