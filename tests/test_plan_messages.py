"""A plan keeps its texts (step titles and notes, cost labels, the ranking's reasons) as message
ids with arguments, translated when shown: one plan, built while any language is active, reads
right in each language -- the terminal, the JSON for its language, a web page per request."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import emigre.plan
from emigre.codes import countries
from emigre.documents import PlanRun, run_plan
from emigre.i18n import current_language, said, set_language
from emigre.knowledge.loader import KnowledgeBase
from emigre.plan.rank import parse_weights
from emigre.plan.schedule import Plan
from emigre.profile import Profile
from emigre.report.terminal.text import say
from tests.conftest import base_profile
from tests.test_messages import translating_calls
from tests.test_plan import RICH, SRC, WORK, plan_for

ON = date(2026, 6, 1)
CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
# A person with gaps to close on many routes: a language to learn, money to save, a job to find.
PERSON = base_profile(money={"currency": "RUB", "savings": 300_000, "monthly_savings": 40_000})


@pytest.fixture
def language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


def _run(kb: KnowledgeBase, lang: str) -> PlanRun:
    set_language(lang)
    return run_plan(Profile.model_validate(PERSON), ON, kb, parse_weights(None))


def _texts(plan: Plan) -> list[str]:
    """Every text of a plan a reader sees, read in the language of the moment."""
    return [
        *(s.title for s in plan.steps),
        *(s.note for s in plan.steps if s.note),
        *(s.why for s in plan.steps if s.why),
        *plan.notes,
        *(c.label for c in plan.costs),
        *(c.caveat for c in plan.costs if c.caveat),
        *([plan.why] if plan.why else []),
        *plan.ranked_as,
    ]


def _russian(text: str) -> bool:
    return bool(set(text.lower()) & CYRILLIC)


def test_one_plan_reads_in_english_and_in_russian(kb: KnowledgeBase, language: None) -> None:
    run = _run(kb, "en")  # built once, while English is active
    plans = [p for p in run.plans.values() if p.steps]
    assert len(plans) >= 10
    english = [s.title for p in plans for s in p.steps]
    english_texts = [t for p in plans for t in _texts(p)]
    set_language("ru")
    russian = [s.title for p in plans for s in p.steps]
    russian_texts = [t for p in plans for t in _texts(p)]
    assert not [t for t in english_texts if _russian(t)]
    assert not [t for t in russian_texts if not _russian(t)]
    assert len(russian) == len(english) and all(
        r != e for r, e in zip(russian, english, strict=True)
    )
    # As the reader sees them, no Russian title leaves a country as its ISO code.
    codes = set(countries())
    coded = [say(t) for t in russian if codes & set(re.findall(r"\b[A-Z]{2}\b", say(t)))]
    assert not coded, coded
    set_language("en")
    assert [s.title for p in plans for s in p.steps] == english


def test_a_plan_is_the_same_whatever_language_it_was_built_in(
    kb: KnowledgeBase, language: None
) -> None:
    english, russian = _run(kb, "en"), _run(kb, "ru")
    assert english.plans.keys() == russian.plans.keys()
    for rid, plan in english.plans.items():
        other = russian.plans[rid]
        assert [said(s, "title") for s in plan.steps] == [said(s, "title") for s in other.steps]
        assert [said(s, "note") for s in plan.steps] == [said(s, "note") for s in other.steps]
        assert said(plan, "notes") == said(other, "notes")
        assert said(plan, "why") == said(other, "why")


def test_country_names_the_planner_writes_follow_the_language(language: None) -> None:
    """The consulate serving where the person lives, named in the reader's language."""
    route: dict[str, Any] = copy.deepcopy(WORK)
    route["timeline"]["consulate_wait_weeks"] = {"RU": {"value": 40, "sources": SRC}}
    offer = [{"country": "DE", "gross_annual_salary": 50000}]
    set_language("en")
    plan = plan_for(route, money=RICH, offers=offer, person={"residence": "RS"})
    wait = next(s for s in plan.steps if s.id == "appointment")
    assert "Serbia" in wait.title and wait.why is not None and "Serbia" in wait.why
    set_language("ru")
    assert "Сербии" in wait.title and "Serbia" not in wait.title
    assert wait.why is not None and "Сербии" in wait.why
    assert any("Сербии" in n for n in plan.notes)


def test_the_planner_never_translates_while_building() -> None:
    """No module of `emigre.plan` calls gettext's `_()` except in a property read when the plan
    is shown (`Plan.no_arrival`): a text is a `Msg`, translated by whoever shows it."""
    package = Path(emigre.plan.__file__).parent
    calls = translating_calls(package, ("_", "ngettext"), "no_arrival")
    assert not calls, "translated while planning (use Msg):\n" + "\n".join(calls)
