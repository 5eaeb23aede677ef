"""Terminal views, one module per view: `routes` (the verdict list of `plan`, the catalogue),
`conditions` (the condition list of `explain`), `timeline` (an open route's steps and money),
over the shared pieces in `text`."""

from emigre.report.terminal.conditions import explain, next_step, outcome_sentence
from emigre.report.terminal.routes import Selection, plan_view, routes_table, situation_warnings
from emigre.report.terminal.text import Notes, short_url, verdict_word
from emigre.report.terminal.timeline import after_arrival_line, timeline

__all__ = [
    "Notes",
    "Selection",
    "after_arrival_line",
    "explain",
    "next_step",
    "outcome_sentence",
    "plan_view",
    "routes_table",
    "short_url",
    "situation_warnings",
    "timeline",
    "verdict_word",
]
