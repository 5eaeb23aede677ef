"""Warnings about the person's wider situation (military service, passport, banks, tax, visas,
reporting duties at home), as data: each is shown when its condition holds for the profile.

They are not routes and never change a verdict; they come first in every plan because they can
stop a departure that every route takes for granted. Files: `data/warnings/*.yaml`, a list each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo

from emigre.base import trusted
from emigre.knowledge.model import Sources, Strict, Text
from emigre.rules.conditions import Condition

if TYPE_CHECKING:
    from emigre.knowledge.parameters import ParameterStore
    from emigre.money import FxTable
    from emigre.profile import Profile


def _both_languages(value: str | dict[str, str], info: ValidationInfo) -> str | dict[str, str]:
    if trusted(info):
        return value
    if not isinstance(value, dict) or not {"en", "ru"} <= set(value):
        raise ValueError("a warning's text needs both languages: {en: ..., ru: ...}")
    return value


class SituationWarning(Strict):
    """One warning: shown (`applies: yes`) when `when` is met for the profile, as a question
    (`applies: unknown`) when the profile lacks the facts to tell."""

    id: Annotated[str, Field(pattern=r"^[a-z]{2}(\.[a-z0-9_]+)+$")]
    topic: Literal[
        "military", "passport", "banking", "tax", "visa", "reporting", "protection", "other"
    ]
    level: Literal["low", "medium", "high"] = "medium"
    scope: Literal["answer", "move"] = "move"
    """What the warning is about. `answer`: the answer itself, it changes what every route says
    for the person (an EU citizen needs none of these permits in the EU): it comes before every
    other warning, whatever their level. `move` (the default): a risk or a duty around the move
    that the routes take for granted (a passport, an exit ban, banks, tax): by level."""
    when: Condition
    ask_if: Condition | None = None
    """When `when` is unknown, ask only if this holds (e.g. ask about the employer's country
    only people tied to the country in question); without it, always ask."""
    title: Annotated[Text, AfterValidator(_both_languages)]
    text: Annotated[Text, AfterValidator(_both_languages)]
    since: date | None = None
    """The day the rule behind the warning took effect."""
    legal_basis: str
    sources: Sources


@dataclass(frozen=True)
class WarningResult:
    warning: SituationWarning
    applies: Literal["yes", "unknown"]
    missing: list[str]
    """Profile fields whose absence leaves it open (for `applies: unknown`)."""
    because_of: list[str] = field(default_factory=list)
    """For a person of several citizenships: those the warning applies because of."""


LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2}
SCOPE_ORDER = {"answer": 0, "move": 1}


def situation_warnings(
    warnings: list[SituationWarning],
    profile: Profile,
    on: date,
    params: ParameterStore,
    fx: FxTable,
) -> list[WarningResult]:
    """The warnings that apply (or may apply) to the person on `on`: those that do first; among
    them, one that changes the answer itself (`scope: answer`) before the others; then by level
    and id."""
    from emigre.rules.conditions import Context
    from emigre.rules.evaluate import evaluate_node, passports_behind

    ctx = Context(profile, on, profile.person.residence or "", params, fx)
    out: list[WarningResult] = []
    for w in warnings:
        node = evaluate_node(w.when, ctx)
        if node.state == "met":
            out.append(WarningResult(w, "yes", [], passports_behind(node, profile)))
        elif node.state == "unknown" and (
            w.ask_if is None or evaluate_node(w.ask_if, ctx).state == "met"
        ):
            missing = sorted({m for n in node.walk() for m in n.outcome.missing})
            out.append(WarningResult(w, "unknown", missing, passports_behind(node, profile)))
    out.sort(
        key=lambda r: (
            r.applies != "yes",
            SCOPE_ORDER[r.warning.scope],
            LEVEL_ORDER[r.warning.level],
            r.warning.id,
        )
    )
    return out
