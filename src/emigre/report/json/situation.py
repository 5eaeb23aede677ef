"""A warning about the person's wider situation as JSON."""

from __future__ import annotations

from typing import Any

from emigre.knowledge.situation import WarningResult
from emigre.report.json.citations import legal_basis, source


def situation_warning(res: WarningResult) -> dict[str, Any]:
    """A warning about the person's wider situation, in both languages (the front end picks)."""
    w = res.warning
    return {
        "id": w.id,
        "topic": w.topic,
        "level": w.level,
        "scope": w.scope,
        "applies": res.applies,
        "because_of_citizenship": res.because_of,
        "missing": res.missing,
        "title": dict(w.title) if isinstance(w.title, dict) else {"en": w.title},
        "text": dict(w.text) if isinstance(w.text, dict) else {"en": w.text},
        "since": w.since.isoformat() if w.since else None,
        **legal_basis(w.legal_basis),
        "sources": [source(s) for s in w.sources],
    }
