"""JSON documents are written by pydantic-core's encoder, and read exactly as `json.dumps` wrote
them before: same text for any document, non-finite floats as null."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from emigre.files import finite, strict_json

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([1e-5, 3e-7, 1.2e-5, 0.0001, 1e16, 1e-100, -0.0, 2.5e-7])
    | st.text()
)
keys = st.text() | st.sampled_from(["None", '"None":', "1e-5", "null"])
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=30,
)


def dumped(doc: Any, indent: int | None) -> str:
    seps = (",", ":") if indent is None else (",", ": ")
    return json.dumps(
        finite(doc), ensure_ascii=False, indent=indent, separators=seps, allow_nan=False
    )


@settings(max_examples=300)
@given(documents)
def test_the_text_is_what_json_dumps_writes(doc: Any) -> None:
    assert strict_json(doc, indent=None) == dumped(doc, None)
    assert strict_json(doc, indent=2) == dumped(doc, 2)


def test_keys_that_are_not_text_are_written_as_json_dumps_writes_them() -> None:
    doc = {None: 1, 2: [1e-5], 2.5: 3, True: math.inf}
    assert strict_json(doc, indent=None) == dumped(doc, None)
    assert json.loads(strict_json(doc, indent=None)) == {
        "null": 1,
        "2": [1e-5],
        "2.5": 3,
        "true": None,
    }
