"""The condition registry: one module per type, docs generated from it, both faces present."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from emigre.rules.conditions import BY_TYPE, LEAF_TYPES, param_refs, vectorised
from emigre.rules.state import VERDICT_ORDER, State

ROOT = Path(__file__).resolve().parent.parent


def _gen():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_condition_docs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_condition_docs_table_is_up_to_date() -> None:
    gen = _gen()
    text = gen.DOC.read_text(encoding="utf-8")
    assert gen.render(text) == text, "run: python scripts/gen_condition_docs.py"
    for name in BY_TYPE:
        assert f"| `{name}` |" in text


def test_every_leaf_type_has_both_faces_and_a_module() -> None:
    for model in LEAF_TYPES:
        assert vectorised(model), model
        assert model.__module__.startswith("emigre.rules.conditions."), model
        assert model.__doc__


def test_state_algebra_orders_verdicts() -> None:
    assert [s.verdict for s in sorted(State)] == sorted(VERDICT_ORDER, key=VERDICT_ORDER.get)
    assert State.all_of([]) is State.MET and State.any_of([]) is State.BLOCKED
    assert State.all_of([State.CLOSABLE, State.BLOCKED, State.UNKNOWN]) is State.BLOCKED
    assert State.any_of([State.CLOSABLE, State.BLOCKED, State.UNKNOWN]) is State.CLOSABLE


def test_param_refs_come_from_the_types() -> None:
    funds = BY_TYPE["funds"].model_validate(
        {"id": "f", "type": "funds", "min_amount": "de.blocked_account.monthly"}
    )
    assert param_refs(funds) == [("min_amount", "de.blocked_account.monthly", "money")]
