"""Reasons are message ids with arguments, translated when shown: an evaluation does not depend
on the language of the moment, so one result (a cached one, say) reads right in each language."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import emigre.rules
from emigre.i18n import Lazy, Msg, current_language, set_language
from emigre.knowledge.loader import KnowledgeBase
from emigre.profile import Profile
from emigre.rules.conditions import Context
from emigre.rules.evaluate import NodeResult, RouteResult, evaluate_route
from tests.conftest import base_profile

ON = date(2026, 6, 1)
CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


@pytest.fixture
def language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


def _evaluate(kb: KnowledgeBase, route_id: str, lang: str) -> RouteResult:
    set_language(lang)
    person = Profile.model_validate(base_profile())
    return evaluate_route(kb.route(route_id), Context(person, ON, "", kb.params, kb.fx))


def _leaves(res: RouteResult) -> list[NodeResult]:
    return [n for n in res.root.walk() if not n.children]


@pytest.mark.parametrize("route_id", ["de.blue_card.it_specialist", "cz.employee_card", "de.study"])
def test_one_evaluation_reads_in_each_language(
    kb: KnowledgeBase, route_id: str, language: None
) -> None:
    res = _evaluate(kb, route_id, "en")
    set_language("ru")
    russian = [n.outcome.reason for n in _leaves(res)]
    set_language("en")
    english = [n.outcome.reason for n in _leaves(res)]
    assert not any(set(r.lower()) & CYRILLIC for r in english), english
    assert any(set(r.lower()) & CYRILLIC for r in russian), russian
    assert russian != english
    # the same person evaluated while the language is Russian: the very same messages
    again = _evaluate(kb, route_id, "ru")
    assert [n.outcome.message for n in _leaves(again)] == [n.outcome.message for n in _leaves(res)]


def test_a_country_name_in_a_message_follows_the_language(language: None) -> None:
    from emigre.codes import country_names

    said = Msg("not open to citizens of {names}", names=Lazy(country_names, ["DE", "RS"]))
    set_language("en")
    assert str(said) == "not open to citizens of Germany and Serbia"
    set_language("ru")
    assert str(said) == "не открыт для граждан Германии и Сербии"
    assert "Германии" in str(Msg("must not hold: ") + said)


def translating_calls(package: Path, names: tuple[str, ...], allowed: str) -> list[str]:
    """Where a module of `package` calls gettext (`names`) inside a function other than
    `allowed`: a text built there would be frozen in the language of the moment."""
    calls = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in names
                    and fn.name != allowed
                ):
                    calls.append(f"{path.name}:{node.lineno} in {fn.name}")
    return calls


def test_the_rules_never_translate_while_evaluating() -> None:
    """No module of `emigre.rules` calls gettext's `_()` except to describe a result when it is
    shown (`RouteResult.unchecked`): a reason is a `Msg`, translated by whoever shows it."""
    calls = translating_calls(Path(emigre.rules.__file__).parent, ("_",), "unchecked")
    assert not calls, "translated during evaluation (use Msg):\n" + "\n".join(calls)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_points_test_names_what_earned_the_points_never_item_ids(
    kb: KnowledgeBase, lang: str, language: None
) -> None:
    """A points test says "70 points, 50 needed (you have a master's degree: +30; 16.3 years of work …: +20; …)",
    and not "(qual_base 20, exp_1 2, …)"; items that differ only by their threshold are summed."""
    from emigre.rules.conditions import Points

    person = Profile.model_validate(
        base_profile(
            person={"birth_date": date(1986, 10, 1)},
            education={"highest_degree": "master", "university_years": 6},
            work=[{"occupation": "2144", "start": date(2010, 8, 1)}],
            languages={"ru": "native", "en": "B2", "de": "A2"},
        )
    )
    set_language(lang)
    seen = 0
    for route in kb.routes:
        res = evaluate_route(route, Context(person, ON, "", kb.params, kb.fx))
        for node in res.root.walk():
            if isinstance(node.condition, Points) and "(" in node.outcome.reason:
                seen += 1
                reason = node.outcome.reason
                assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b", reason), reason
                assert re.search(r": \+\d+", reason), reason
                item_ids = [i.when.id for i in node.condition.items]
                assert not any(re.search(rf"\b{i}\b", reason) for i in item_ids), reason
    assert seen >= 2


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_alternatives_of_a_condition_read_differently(
    kb: KnowledgeBase, lang: str, language: None
) -> None:
    """ "Slovak: B2 needed" twice under "any one of 2 alternatives" tells the reader nothing:
    alternatives that are not met say how they differ (a course in the country, say)."""
    from emigre.rules.conditions import Any_

    person = Profile.model_validate(base_profile(languages={"ru": "native"}))
    set_language(lang)
    for route in kb.routes:
        res = evaluate_route(route, Context(person, ON, "", kb.params, kb.fx))
        for node in res.root.walk():
            if isinstance(node.condition, Any_):
                said = [
                    c.outcome.reason for c in node.children if not c.children and c.state != "met"
                ]
                assert len(said) == len(set(said)), (route.id, said)
