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


def _numbered(out: str) -> list[str]:
    """The ranks in front of listed routes ("  1 Germany: …")."""
    import re

    return re.findall(r"(?m)^ {0,2}(\d+) [A-ZА-ЯЁ]", out)


def _routes_listed(out: str) -> list[str]:
    """Route ids in the order the listing shows them (the dim id after each title)."""
    import re

    if out.startswith("Before any route"):  # the situation warnings (with source hosts) first
        out = out.split("\n\n", 1)[1]
    return re.findall(r"\b([a-z]{2}\.[a-z_]+(?:\.[a-z_]+)*)\b", out)


def test_compact_default_counts_top_ten_and_groups_the_rest() -> None:
    res = _run("plan", DIMA, "--on", "2026-11-25", COLUMNS="80", LANG="C")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    # the warnings about the person's situation come first, then counts per verdict, all four named
    assert out.startswith("Before any route")
    head = " ".join(out.split("\n\n", 1)[1].splitlines()[:3])
    for word in ("eligible:", "reachable:", "unknown:", "blocked:"):
        assert word in head
    # ten ranked routes, numbered 1..10, with titles (a country name before each title)
    assert _numbered(out) == [str(i) for i in range(1, 11)]
    assert "Germany: " in out
    # blocked routes summed up one line per group, far shorter than one row each
    assert "Not open to you" in out and "✘ your nationality (" in out
    assert len(out.splitlines()) < 200
    # short stays are their own group and never ranked
    stays = out.split("Places to wait while you apply")[1].split("Not open to you")[0]
    assert "visa_free" in stays and not _numbered(stays)


def test_filters_and_top_select_what_is_listed() -> None:
    res = _run(
        "plan", DIMA, "--on", "2026-11-25", "--country", "de", "--verdict", "blocked",
        COLUMNS="100", LANG="C",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    ids = set(_routes_listed(res.stdout))
    assert ids and all(i.startswith("de.") for i in ids)
    assert "reachable: 0" in res.stdout and "eligible: 0" in res.stdout
    res = _run("plan", DIMA, "--on", "2026-11-25", "--family", "study", "--top", "3", LANG="C")
    assert res.returncode == 0, res.stderr
    assert 0 < len(_numbered(res.stdout)) <= 3 and "more: add --all" in res.stdout
    everything = _run("plan", DIMA, "--on", "2026-11-25", "--all", LANG="C").stdout
    assert (
        "de.humanitarian" in everything
        and "de.humanitarian"
        not in _run(
            "plan", DIMA, "--on", "2026-11-25", "--verdict", "eligible,reachable", LANG="C"
        ).stdout
    )


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--top", "0"), "--top"),
        (("--top", "many"), "--top"),
        (("--verdict", "great"), "--verdict"),
        (("--country", "Germany"), "--country"),
        (("--family", "holiday"), "--family"),
    ],
)
def test_bad_listing_flags_exit_2_naming_the_flag(args: tuple[str, ...], flag: str) -> None:
    res = _run("plan", DIMA, *args)
    assert res.returncode == 2 and flag in res.stderr and "Traceback" not in res.stderr


def test_risk_beside_the_verdict_and_why_here_line() -> None:
    res = _run("plan", DIMA, "--on", "2026-11-25", "--all", COLUMNS="120", LANG="C")
    lines = res.stdout.splitlines()
    flagged = [i for i, line in enumerate(lines) if line.rstrip().endswith(" ⚠")]
    assert flagged, "the example profile has routes with a risk that applies"
    # the risk itself is spelled out in the route's own lines, not only a symbol
    block = "\n".join(lines[flagged[0] : flagged[0] + 8])
    assert "\n" in block and any(line.strip().startswith("⚠ ") for line in block.splitlines())
    assert "why here: " in res.stdout


def test_russian_terminal_has_no_english_interface_words() -> None:
    import re

    res = _run("plan", DIMA, "--on", "2026-11-25", COLUMNS="80", LANG="ru_RU.UTF-8")
    assert res.returncode == 0, res.stderr
    text = re.sub(r"`[^`]*`|\S*\w\.\w\S*", " ", res.stdout)  # commands, URLs, ids
    words = {w.lower() for w in re.findall(r"\b[A-Za-z]{3,}\b", text)}
    interface = {"routes", "eligible", "reachable", "blocked", "unknown", "arrival", "why",
                 "here", "first", "goal", "short", "stays", "cost", "more", "the", "and"}  # fmt: skip
    assert not words & interface, words & interface
