"""A condition of a route as JSON: its state and reason for the person, and what it says whatever
the person (legal basis, sources, the parameter values it read), built once per condition,
language and values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emigre.i18n import current_language, law, pick
from emigre.knowledge.model import Source
from emigre.report.json.citations import dedupe, legal_basis, source
from emigre.rules.evaluate import NodeResult


def condition_sources(node: NodeResult) -> list[Source]:
    own = list(node.condition.sources)
    for res in node.outcome.used:
        own.extend(res.sources)
    return dedupe(own)


def condition_legal_bases(node: NodeResult) -> list[str]:
    """The legal bases of a condition as the knowledge base writes them (in English): its own, or
    else those of the parameter values it read."""
    if node.condition.legal_basis:
        return [node.condition.legal_basis]
    return list(dict.fromkeys(res.entry.legal_basis for res in node.outcome.used if res.entry))


def condition_legal_basis(node: NodeResult) -> str | None:
    """The legal bases of a condition in the language of the moment, one after the other."""
    return "; ".join(law(b) for b in condition_legal_bases(node)) or None


def condition(node: NodeResult) -> dict[str, Any]:
    parts = _condition_parts(node)
    out: dict[str, Any] = {
        "id": node.condition.id,
        "type": node.condition.type,
        "status": node.status,
        "reason": node.outcome.reason,
        "legal_basis": None,
        **parts.legal_basis,
        "sources": parts.sources,
        "depth": node.depth,
    }
    if node.status == "unmet":
        out["closable"] = node.state == "closable"
        out["step"] = node.outcome.step if node.state == "closable" else None
    if node.outcome.missing:
        out["missing"] = node.outcome.missing
    if node.outcome.no_rate:
        out["no_rate"] = node.outcome.no_rate
    if parts.parameters is not None:
        out["parameters"] = parts.parameters
    if parts.note is not None:
        out["note"] = parts.note
    return out


@dataclass(frozen=True)
class _ConditionParts:
    """What a condition's JSON says whatever the person, given the parameter values it read."""

    legal_basis: dict[str, str]
    sources: list[dict[str, Any]]
    parameters: list[dict[str, Any]] | None
    note: str | None


_CONDITIONS: dict[tuple[int, str, tuple[int, ...]], tuple[tuple[object, ...], _ConditionParts]] = {}
"""Each condition's parts by object, language and the parameter values it read (resolved once
per name and date by the store, so the same for everyone planned at that date). The condition
and the values are kept beside the parts, so no id is reused while it is here."""


def _condition_parts(node: NodeResult) -> _ConditionParts:
    cond, used = node.condition, node.outcome.used
    key = (id(cond), current_language(), tuple(id(r) for r in used))
    hit = _CONDITIONS.get(key)
    if hit is not None:  # the objects it was made from are alive in it: theirs are the ids
        return hit[1]
    bases = condition_legal_bases(node)
    parts = _ConditionParts(
        legal_basis("; ".join(law(b) for b in bases) or None, "; ".join(bases)),
        [source(s) for s in condition_sources(node)],
        [
            {
                "name": r.name,
                "value": r.value
                if not isinstance(r.value, list) or not r.value or isinstance(r.value[0], str)
                else None,
                "unit": r.unit,
                "since": r.since.isoformat() if r.since else None,
                "latest_known": r.latest_known,
                "confidence": r.entry.confidence if r.entry else None,
                "caveat": r.caveat(),
            }
            for r in used
        ]
        if used
        else None,
        pick(cond.note) if cond.note else None,
    )
    if len(_CONDITIONS) >= 50_000:  # a long-lived server planning at many dates
        _CONDITIONS.clear()
    _CONDITIONS[key] = ((cond, *used), parts)
    return parts
