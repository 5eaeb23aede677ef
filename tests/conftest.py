from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from emigre.knowledge.loader import KnowledgeBase, knowledge_base

if TYPE_CHECKING:
    from emigre.rules.evaluate import RouteResult

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="session", autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep a developer's saved exchange rates (and anything else in their data dir) and their
    resident planner out of tests."""
    import os

    os.environ["EMIGRE_HOME"] = str(tmp_path_factory.mktemp("emigre-home"))
    # A developer's resident planner (`emigre daemon start`) never answers the suite's commands.
    os.environ["EMIGRE_DAEMON_DIR"] = str(tmp_path_factory.mktemp("no-daemon"))


@pytest.fixture(autouse=True)
def _english_between_tests() -> Any:
    """Each test starts in English, whatever language an earlier in-process `--lang ru` run
    left set: no test depends on the order the suite runs in."""
    from emigre.i18n import set_language

    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge_base()


def base_profile(**over: Any) -> dict[str, Any]:
    """A minimal valid profile as a dict, for tests to vary one thing at a time."""
    prof: dict[str, Any] = {
        "person": {"citizenship": ["RU"], "birth_date": date(2001, 3, 15), "residence": "RU"},
        "education": {"school_certificate": "RU", "highest_degree": "none", "university_years": 2},
        "work": [{"occupation": "2512", "start": date(2019, 9, 1)}],
        "languages": {"ru": "native", "en": "C1"},
        "money": {"currency": "EUR", "savings": 5000, "monthly_savings": 800},
    }
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(prof.get(key), dict):
            prof[key] = {**prof[key], **value}
        else:
            prof[key] = value
    return prof


def qualified_person(
    country: str, born: date, degree: str, occupation: str, since: date, **over: Any
) -> dict[str, Any]:
    """A citizen and resident of `country` with a degree from there, working in `occupation`
    since `since` (the people of the licence and regulated-profession tests); `over` as in
    `base_profile`."""
    return base_profile(
        person={"citizenship": [country], "birth_date": born, "residence": country},
        education={
            "school_certificate": country,
            "highest_degree": degree,
            "degree_country": country,
            **over.pop("education", {}),
        },
        work=[{"occupation": occupation, "start": since}],
        **over,
    )


def evaluate_and_plan(
    kb: KnowledgeBase, route_id: str, raw: dict[str, Any], on: date
) -> tuple[RouteResult, Any]:
    """One route for one profile: the evaluation, and the plan where the route is open (else
    None)."""
    from emigre.plan.schedule import PlanInputs, build_plan
    from emigre.profile import Profile
    from emigre.rules.conditions import Context
    from emigre.rules.evaluate import evaluate_route

    prof = Profile.model_validate(raw)
    route = next(r for r in kb.routes if r.id == route_id)
    res = evaluate_route(route, Context(prof, on, route.country, kb.params, kb.fx))
    plan = None
    if res.verdict in ("eligible", "reachable"):
        inp = PlanInputs(prof, on, kb.params, kb.fx, prof.preferences.study_hours_per_week)
        plan = build_plan(res, inp)
    return res, plan


class Cli:
    """Runs the real entry point in-process: exit code, stdout, stderr."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.capsys, self.monkeypatch = capsys, monkeypatch

    def __call__(self, *args: str) -> tuple[int, str, str]:
        from emigre.cli import main

        self.monkeypatch.setattr(sys, "argv", ["emigre", *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch)


def web_client(tmp_path: Path, today: date = TODAY, lang: str | None = None) -> Any:
    """The web app in process, with a store of its own, as a reader in `lang` sees it."""
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from emigre.web.app import create_app

    app = create_app(store_path=tmp_path / "p.sqlite3", today=lambda: today)
    cookies = {"lang": lang} if lang else None
    return TestClient(app, base_url="http://127.0.0.1:8000", cookies=cookies)


def import_profile(client: Any, toml: str | bytes, name: str = "profile.toml") -> str:
    """Imports a profile the way the page's form does; the saved profile's address (its pages
    are below it: `/results`, `/route/ID`)."""
    data = toml.encode() if isinstance(toml, str) else toml
    resp = client.post(
        "/profile/import",
        files={"file": (name, data, "application/toml")},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    return str(resp.headers["location"]).removesuffix("/results")
