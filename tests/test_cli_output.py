"""What a person sees in a terminal: language from the locale, 80 columns, readable URLs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Cli

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
    # (and at most five routes open only if others agree, a few lines each, the rest counted)
    assert len(out.splitlines()) < 250
    asking = out.split("Open if the authority agrees: worth asking")[1].split("Not open to you")[0]
    assert asking.count("to be decided by others:") <= 5 and not _numbered(asking)
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


# --- `emigre explain` as a person reads it -------------------------------------------------

ON = "2026-12-06"
#: One route of each verdict for the example profile, found from `plan --format json` (never a
#: fixed list that could go stale with the data).
_BY_VERDICT: dict[str, str] = {}


def _route_of(verdict: str) -> str:
    import json

    if not _BY_VERDICT:
        res = _run("plan", DIMA, "--on", ON, "--format", "json", LANG="C")
        for r in json.loads(res.stdout)["routes"]:
            if r["group"] == "residence":
                _BY_VERDICT.setdefault(r["verdict"], r["id"])
    return _BY_VERDICT[verdict]


def _flat(text: str) -> str:
    """Words separated by single spaces (no-break spaces and line wraps included)."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.mark.parametrize("lang", ["C", "ru_RU.UTF-8"])
@pytest.mark.parametrize("verdict", ["eligible", "reachable", "unknown", "blocked"])
def test_explain_fits_80_columns(lang: str, verdict: str) -> None:
    route = _route_of(verdict)
    res = _run("explain", route, DIMA, "--on", ON, COLUMNS="80", LANG=lang)
    assert res.returncode == 0, res.stderr
    too_wide = [line for line in res.stdout.splitlines() if len(line) > 80]
    assert not too_wide, too_wide
    # every address is shown whole or as host/…end, never cut by the edge of the terminal
    for line in res.stdout.splitlines():
        for url in re.findall(r"\S+\.\S+/\S+", line):
            assert len(line) <= 80 and not line.endswith(url[:-1] + "…")


def test_explain_prints_each_caveat_once_with_numbered_notes() -> None:
    import json

    def shared_caveats(route: str) -> list[str]:
        doc = json.loads(_run("explain", route, DIMA, "--on", ON, "--format", "json").stdout)
        caveats = [p["caveat"] for c in doc["conditions"] for p in c.get("parameters", [])]
        caveats += [c["caveat"] for c in doc.get("cost_items", [])]
        return [c for c in caveats if c]

    # the first route open to Dima whose lines share a caveat (which one depends on the data)
    plan = json.loads(_run("plan", DIMA, "--on", ON, "--format", "json", LANG="C").stdout)
    open_now = [r["id"] for r in plan["routes"] if r["verdict"] in ("eligible", "reachable")]
    found = ((r, c) for r in open_now for c in [shared_caveats(r)] if len(c) > len(set(c)))
    route, caveats = next(found, ("", []))
    assert route, "a caveat shared by two lines, to print once"
    out = _run("explain", route, DIMA, "--on", ON, COLUMNS="80", LANG="C").stdout
    flat = _flat(out)
    for text in set(caveats):
        assert flat.count(_flat(text)) == 1, text
    # the lines that rely on a caveat cite its number; the number is explained once
    marks = re.findall(r"\[(\d+)\]", out)
    notes = re.findall(r"(?m)^\[(\d+)\] ", out)
    assert sorted(set(notes)) == sorted(set(marks)) and len(notes) == len(set(notes))
    assert len(marks) > len(notes)


def test_explain_outcomes_are_sentences_not_keys() -> None:
    out = _run("explain", _route_of("eligible"), DIMA, "--on", ON, COLUMNS="80", LANG="C").stdout
    assert "What it leads to" in out
    assert not re.search(r"\b(permit_months|work_allowed|family_can_join)\b", out)
    assert not re.search(r"\b(permit months|work allowed|family can join): ", out)
    assert not re.search(r": (True|False)\b", out)


@pytest.mark.parametrize("lang", ["C", "ru_RU.UTF-8"])
def test_explain_ends_with_the_next_action_of_the_json(lang: str) -> None:
    import json

    route = _route_of("reachable")
    doc = json.loads(_run("explain", route, DIMA, "--on", ON, "--format", "json", LANG=lang).stdout)
    action = doc["next_action"]
    assert action and action["title"] and action["title"] == doc["steps"][0]["title"]
    out = _run("explain", route, DIMA, "--on", ON, COLUMNS="80", LANG=lang).stdout
    tail = out.rstrip().split("\n\n")[-1]
    word = "Your next step:" if lang == "C" else "Ваш следующий шаг:"
    assert tail.startswith(word), tail
    if action["url"]:
        host = action["url"].split("://")[1].split("/")[0]
        assert host in tail


def test_explain_of_an_undecided_or_closed_route_still_says_what_to_do(tmp_path: Path) -> None:
    import json
    import shutil

    from emigre.knowledge.loader import default_root

    # every route in the data now has a checklist, so a copy of the data takes one away: a route
    # whose modelled conditions Dima meets (the German language course, once he holds the
    # school's enrolment) without its checklist must say "unknown" and point to the official
    # page, never "eligible"
    enrolled = tmp_path / "dima.toml"
    enrolled.write_text(
        Path(DIMA).read_text() + '\n[[admissions]]\ncountry = "DE"\nkind = "language_course"\n'
    )
    data = tmp_path / "data"
    shutil.copytree(default_root(), data)
    course = data / "countries" / "de" / "routes" / "language_course.yaml"
    text = course.read_text(encoding="utf-8")
    course.write_text(text[: text.index("\nrequirements:\n") + 1], encoding="utf-8")
    with (data / "checklists_pending.yaml").open("a", encoding="utf-8") as pending:
        pending.write("- de.language_course\n")
    env = {"EMIGRE_DATA": str(data)}
    plan = json.loads(_run("plan", str(enrolled), "--on", ON, "--format", "json", **env).stdout)
    found = [r["id"] for r in plan["routes"] if r["verdict"] == "unknown" and r.get("unchecked")]
    assert found == ["de.language_course"]
    prof, route = str(enrolled), found[0]
    doc = json.loads(_run("explain", route, prof, "--on", ON, "--format", "json", **env).stdout)
    assert doc["next_action"]["url"] == doc["check_at"]
    out = _run("explain", route, prof, "--on", ON, COLUMNS="80", LANG="C", **env).stdout
    assert out.rstrip().split("\n\n")[-1].startswith("Your next step: Check the official")
    route = _route_of("blocked")
    doc = json.loads(_run("explain", route, DIMA, "--on", ON, "--format", "json").stdout)
    assert doc["next_action"] is None
    out = _run("explain", route, DIMA, "--on", ON, COLUMNS="80", LANG="C").stdout
    assert "Your next step: none on this route" in out and "emigre plan" in out


def _without_citations(out: str) -> str:
    """The text without the citations of the law (in the language of the source, as the web
    marks them `lang="en"`) and their wrapped lines."""
    kept, hanging = [], 0
    for line in out.splitlines():
        cite = re.match(r"\s*(Правовое основание|закон): ", line)
        if cite:
            hanging = cite.end()
            continue
        if hanging and line[:hanging].isspace():
            continue
        hanging = 0
        kept.append(line)
    return "\n".join(kept)


def _english_words(out: str) -> set[str]:
    """English words a Russian reader would notice, outside citations of the law, addresses,
    route ids, commands and the ILO's titles of ISCO-08 groups (no sourced Russian translation
    is bundled: quoted after the code, 2512 «Software Developers», as a name in its source's
    language)."""
    from tests.english_scan import ENGLISH

    text = re.sub(r"\d «[^»]*»", " ", _without_citations(out))
    text = re.sub(r"`[^`]*`|\S*\w\.\w\S*|\S+/\S+", " ", text)
    return {w for w in re.findall(r"(?<![\w-])[a-z][a-z']+(?![\w-])", text) if w in ENGLISH}


@pytest.mark.parametrize("verdict", ["eligible", "reachable", "unknown", "blocked"])
def test_russian_explain_has_no_english_words(verdict: str) -> None:
    res = _run("explain", _route_of(verdict), DIMA, "--on", ON, COLUMNS="80", LANG="ru_RU.UTF-8")
    assert res.returncode == 0, res.stderr
    assert not _english_words(res.stdout), _english_words(res.stdout)
    # the verdict word and the headings are Russian
    assert "Вывод на " in res.stdout and "Verdict" not in res.stdout


def test_russian_numbers_and_country_names_in_built_titles() -> None:
    """Titles the planner writes ("Save until you hold 17,827 EUR", "Find a job offer in
    Hungary") read as Russian in a Russian terminal: 17 827, в Венгрии; the JSON keeps numbers as
    written (its contract: plain numbers) and names countries, never by a bare code."""
    import json

    doc = json.loads(_run("plan", DIMA, "--on", ON, "--format", "json", LANG="ru_RU.UTF-8").stdout)
    titles = {s["title"] for r in doc["routes"] for s in r.get("steps") or []}
    coded = [t for t in titles if re.search(r"(?<![\w-])(в|обслуживающее) [A-Z]{2}(?![\w-])", t)]
    grouped = [t for t in titles if re.search(r"\d,\d{3} EUR", t)]
    assert grouped, "the plan builds titles with amounts"
    assert not coded, coded
    assert any("в Германии" in t for t in titles), "job searches name the country, declined"
    assert not any("в стране «" in t for t in titles), "every route country has its forms"
    for args in (("plan", DIMA, "--all"), ("explain", _route_of("reachable"), DIMA)):
        out = _run(*args, "--on", ON, COLUMNS="80", LANG="ru_RU.UTF-8").stdout
        text = re.sub(r"\S+/\S+", " ", _without_citations(out))  # and addresses
        assert not re.search(r"\d,\d{3}\b", text), re.findall(r".{20}\d,\d{3}.{10}", text)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
        flat = _flat(text)
        assert not [t for t in coded + grouped if _flat(t) in flat]
    out = _flat(_run("plan", DIMA, "--all", "--on", ON, LANG="ru_RU.UTF-8").stdout)
    assert "в Германии" in out and re.search(r"\d \d{3} EUR", out)


@pytest.mark.parametrize(
    ("env", "russian"),
    [
        ({"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}, False),
        ({"LC_ALL": "ru_RU.UTF-8", "LC_MESSAGES": "en_US.UTF-8", "LANG": "en_US.UTF-8"}, True),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "ru_RU.UTF-8"}, False),
        ({"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, True),
        ({"LC_ALL": "", "LANG": "ru_RU.UTF-8"}, True),
        ({"LANG": "ru"}, True),
        ({}, False),
    ],
)
def test_language_follows_lc_all_then_lc_messages_then_lang(
    env: dict[str, str], russian: bool
) -> None:
    res = _run("explain", _route_of("eligible"), DIMA, "--on", ON, COLUMNS="100", **env)
    assert res.returncode == 0, res.stderr
    assert ("Вывод на" in res.stdout and "доступен" in res.stdout) is russian
    assert ("Verdict on" in res.stdout and "eligible" in res.stdout) is not russian


def test_leave_soon_lists_the_places_to_wait_first_in_the_terminal() -> None:
    """With the goal leave_soon the short stays come first, as places to wait while applying
    (Russian too); with any other goal the routes to live there come first."""
    soon = _run("plan", DIMA, "--on", "2026-11-25", "--goal", "leave_soon", COLUMNS="100")
    assert soon.returncode == 0, soon.stderr
    wait, best = "Places to wait while you apply", "The best"
    assert wait in soon.stdout and soon.stdout.index(wait) < soon.stdout.index(best)
    calm = _run("plan", DIMA, "--on", "2026-11-25", "--goal", "work", COLUMNS="100")
    assert calm.stdout.index(best) < calm.stdout.index(wait)
    ru = _run(
        "plan",
        DIMA,
        "--on",
        "2026-11-25",
        "--goal",
        "leave_soon",
        COLUMNS="100",
        LANG="ru_RU.UTF-8",
    )
    assert ru.stdout.index("Где переждать") < ru.stdout.index("Лучшие для вашей цели")


def test_a_reason_is_said_once_per_route(tmp_path: Path) -> None:
    """Two conditions blocked for the same reason (a degree too low for two alternatives) read
    as one reason, not "your degree is too low; your degree is too low"."""
    nurse = tmp_path / "nurse.toml"
    nurse.write_text(
        '[person]\ncitizenship = ["BY"]\nbirth_date = 1992-04-11\nresidence = "BY"\n'
        '[education]\nhighest_degree = "vocational"\nfield = "nursing"\n'
        '[[work]]\noccupation = "3221"\nstart = 2016-09-01\n'
        '[languages]\nru = "native"\nen = "A2"\n[money]\ncurrency = "EUR"\nsavings = 4000\n',
        encoding="utf-8",
    )
    for lang in ("en", "ru"):
        res = _run("plan", str(nurse), "--on", "2026-12-06", "--all", "--lang", lang, COLUMNS="200")
        assert res.returncode == 0, res.stderr
        for line in res.stdout.splitlines():
            parts = [p.strip() for p in line.split(";") if p.strip()]
            assert len(parts) == len(set(parts)), line


def test_the_quick_exit_keeps_the_whole_output_and_the_exit_codes(tmp_path: Path) -> None:
    """`python -m emigre` ends without tearing the interpreter down: the piped document (over
    a megabyte, far more than a pipe holds) still arrives whole, a failure keeps its code, and
    exit handlers still run."""
    import json

    res = _run("plan", DIMA, "--on", "2026-11-25", "--format", "json")
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert len(res.stdout) > 1_000_000 and doc["routes"]
    res = _run("plan", str(tmp_path / "missing.toml"))
    assert res.returncode == 2 and "no such file" in res.stderr
    mark = tmp_path / "exited"
    code = (
        "import atexit, pathlib, sys; "
        f"atexit.register(pathlib.Path({str(mark)!r}).write_text, 'yes'); "
        "sys.argv = ['emigre', '--help']; from emigre.cli import run; run()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "Usage" in done.stdout
    assert mark.read_text() == "yes"


def test_a_belarusian_locale_gets_the_russian_interface() -> None:
    res = _run("plan", DIMA, "--on", "2026-11-25", COLUMNS="80", LANG="be_BY.UTF-8")
    assert res.returncode == 0 and "доступен" in res.stdout and "eligible" not in res.stdout


def test_piped_output_has_no_lines_padded_with_blanks(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`COLUMNS=80 emigre plan … > plan.txt` (or pasted into a chat on a phone): rich pads
    every cell to the full width; the text keeps the same words without the trailing blanks."""
    monkeypatch.setenv("COLUMNS", "80")
    for args in (("plan",), ("explain", "de.study")):
        code, out, _err = cli(*args, str(EXAMPLES / "dima.toml"), "--lang", "ru")
        assert code == 0
        padded = [line for line in out.splitlines() if line.endswith(" ")]
        assert padded == [], padded[:3]
        assert max(len(line) for line in out.splitlines()) <= 80
