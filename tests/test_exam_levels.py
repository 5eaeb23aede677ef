"""An exam is planned at a level a person can pass it at: learning German to B1 and then sitting
TestDaF (whose lowest result is about B2) is a failed exam, not a proof of B1."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from emigre.documents import knowledge, run_plan
from emigre.exams import exams, pick_exam
from emigre.language import CEFR
from emigre.plan.rank import parse_weights
from emigre.profile_reading import parse_profile

ROOT = Path(__file__).parent.parent
PEOPLE = [
    ROOT / "examples" / "dima.toml",
    *sorted((ROOT / "tests" / "fixtures" / "people").glob("*.toml")),
]
ON = date(2026, 12, 7)


@pytest.mark.parametrize("path", PEOPLE, ids=lambda p: p.stem)
def test_every_planned_exam_is_passable_at_the_level_learned(path: Path) -> None:
    person = parse_profile(tomllib.loads(path.read_text()), path.name)
    run = run_plan(person, ON, knowledge(), parse_weights(None))
    by_name = {e.name: e for e in exams().values()}
    seen = 0
    for plan in run.plans.values():
        steps = {s.id: s for s in plan.steps}
        for step in plan.steps:
            if step.kind != "exam" or not step.depends_on:
                continue
            learn = steps.get(step.depends_on[0])
            if learn is None or learn.kind != "language" or learn.to_level is None:
                continue
            exam = next(e for name, e in by_name.items() if name in str(step.title))
            levels = sorted(CEFR.index(lv) for lv in exam.levels)
            assert levels[0] <= CEFR.index(learn.to_level) <= levels[-1], (exam.id, learn.to_level)
            seen += 1
    assert seen or path.stem not in {"dima"}


@pytest.mark.parametrize("language", sorted({e.language for e in exams().values()}))
def test_an_exam_is_picked_only_for_a_level_it_can_prove(language: str) -> None:
    for level in CEFR[: CEFR.index("C2") + 1]:
        exam = pick_exam(language, level, [])
        if exam is not None:
            levels = sorted(CEFR.index(lv) for lv in exam.levels)
            assert levels[0] <= CEFR.index(level) <= levels[-1], (exam.id, level)


def test_b1_german_is_proven_with_a_b1_exam_not_testdaf() -> None:
    exam = pick_exam("de", "B1", [])
    assert exam is not None and "B1" in exam.levels
