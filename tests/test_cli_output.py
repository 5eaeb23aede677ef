"""What a person sees in a terminal: language from the locale, 80 columns, readable URLs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

DIMA = str(EXAMPLES / "dima.toml")


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "emigre", *args],
        capture_output=True,
        text=True,
        env={**clean, **env},
        check=False,
    )


def test_russian_from_lang_at_80_columns_piped() -> None:
    res = _run("plan", DIMA, "--on", "2026-11-25", COLUMNS="80", LANG="ru_RU.UTF-8")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    # verdict words in Russian and whole (not cut to "достиж…")
    assert "достижим" in res.stdout and "reachable" not in res.stdout
    assert "…" not in "".join(line for line in lines if "│" in line)


def test_lang_option_overrides_locale_and_unknown_is_refused() -> None:
    res = _run(
        "plan", DIMA, "--on", "2026-11-25", "--lang", "en", COLUMNS="100", LANG="ru_RU.UTF-8"
    )
    assert res.returncode == 0 and "reachable" in res.stdout and "достижим" not in res.stdout
    res = _run("plan", DIMA, "--lang", "xx")
    assert res.returncode == 2 and "--lang" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("var", ["LC_ALL", "LC_MESSAGES"])
def test_lc_variables_win_over_lang(var: str) -> None:
    res = _run(
        "plan",
        DIMA,
        "--on",
        "2026-11-25",
        COLUMNS="120",
        LANG="en_US.UTF-8",
        **{var: "ru_RU.UTF-8"},
    )
    assert res.returncode == 0 and "достижим" in res.stdout


def test_explain_shortens_long_urls_for_display_but_json_keeps_them(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    code, out, _ = cli("explain", "de.study", DIMA, "--on", "2026-11-25", "--format", "json")
    urls = [s["url"] for c in json.loads(out)["conditions"] for s in c["sources"]]
    long = [u for u in urls if len(u) > 60]
    assert long, "the data has long URLs to shorten"
    code, out, _ = cli("explain", "de.study", DIMA, "--on", "2026-11-25")
    assert code == 0
    assert not any(u in out for u in long)
    assert long[0].split("://")[1].split("/")[0] in out
