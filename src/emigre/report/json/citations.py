"""What backs a statement in the JSON: a source (each one's JSON built once and shared), a legal
basis in the document's language beside the knowledge base's own text, a sourced fact."""

from __future__ import annotations

from typing import Any

from emigre.i18n import law, pick
from emigre.knowledge.model import Fact, Source

_SOURCES: dict[int, tuple[Source, dict[str, Any]]] = {}
"""Each source's JSON by object: a document cites the same few hundred sources thousands of
times. The source is kept beside its JSON, so an id is never reused while it is here."""


def source(s: Source) -> dict[str, Any]:
    """A source's JSON (shared: see the note of `emigre.report.json`)."""
    hit = _SOURCES.get(id(s))
    if hit is not None and hit[0] is s:
        return hit[1]
    out: dict[str, Any] = {"url": s.url, "checked": s.checked.isoformat()}
    if s.published:
        out["published"] = s.published.isoformat()
    if s.title:
        out["title"] = s.title
    if s.official:
        out["official"] = True
    if len(_SOURCES) >= 50_000:  # a long-lived server that reloaded its data many times
        _SOURCES.clear()
    _SOURCES[id(s)] = (s, out)
    return out


def dedupe(sources: list[Source]) -> list[Source]:
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(s.url, s)
    return list(seen.values())


def legal_basis(text: str | None, original: str | None = None) -> dict[str, str]:
    """`legal_basis` in the document's language and, where that is a translation,
    `legal_basis_original`: the knowledge base's own (English) text, as cited by the sources."""
    if not text:
        return {}
    shown = law(text) if original is None else text
    original = text if original is None else original
    if shown == original:
        return {"legal_basis": shown}
    return {"legal_basis": shown, "legal_basis_original": original}


def fact(f: Fact) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": f.value,
        "sources": [source(s) for s in f.sources],
        "confidence": f.confidence,
    }
    if f.note:
        out["note"] = pick(f.note)
    out.update(legal_basis(f.legal_basis))
    return out
