"""Reading the knowledge-base cache back without validating: the same objects as validation
gives, the link checks still run, and anything the reader does not know is validated."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import pytest
from pydantic import AfterValidator, BaseModel, ConfigDict

from emigre.base import TRUSTED
from emigre.knowledge import cache
from emigre.knowledge.loader import default_root, load_knowledge_base
from emigre.knowledge.readback import Mismatch, Reader, Unsupported


@pytest.fixture(scope="module")
def body() -> bytes:
    kb = load_knowledge_base()
    blob = cache.encode(kb, "k" * 32)
    return blob.partition(b"\n")[2]


def test_the_bundled_knowledge_base_reads_back_as_validation_gives_it(body: bytes) -> None:
    read = cache._read_back(body)
    validated = cache._Payload.model_validate_json(body, context={TRUSTED: True})
    assert read is not None
    assert read == validated
    # Same types too (an int where a float was would print differently): the same JSON.
    assert read.model_dump_json(by_alias=True) == validated.model_dump_json(by_alias=True)
    assert read.model_dump_json(by_alias=True).encode() == body


def test_the_same_source_cited_twice_is_one_object(body: bytes) -> None:
    read = cache._read_back(body)
    assert read is not None
    sources = [s for r in read.routes for s in r.sources]
    assert len({id(s) for s in sources}) < len(sources)
    assert len({id(s) for s in sources}) == len({s.model_dump_json() for s in sources})


def _no_script(url: str) -> str:
    if not url.startswith("https://"):
        raise ValueError("not a web address")
    return url


class _Link(BaseModel):
    model_config = ConfigDict(frozen=True)
    url: Annotated[str, AfterValidator(_no_script)]
    seen: date | None = None
    share: float = 0
    kind: Literal["*"] | Annotated[str, AfterValidator(_no_script)] = "*"


class _Page(BaseModel):
    links: list[_Link]
    scores: list[str] | list[_Link] = []


def test_dates_floats_and_nested_models_are_rebuilt() -> None:
    data = {
        "links": [{"url": "https://a.example", "seen": "2026-01-02", "share": 1, "kind": "*"}],
        "scores": [{"url": "https://b.example", "seen": None, "share": 0.5, "kind": "*"}],
    }
    page = Reader().read(_Page, data)
    assert page == _Page.model_validate(data)
    assert page.links[0].seen == date(2026, 1, 2)
    assert type(page.links[0].share) is float
    assert isinstance(page.scores[0], _Link)


def test_the_checks_it_is_given_still_run() -> None:
    bad = {"links": [{"url": "javascript:alert(1)", "seen": None, "share": 0, "kind": "*"}]}
    bad["scores"] = []
    assert Reader().read(_Page, bad).links[0].url == "javascript:alert(1)"  # not asked to check
    with pytest.raises(ValueError):
        Reader(checks=[_no_script]).read(_Page, bad)
    odd_kind = {"url": "https://a.example", "seen": None, "share": 0, "kind": "ftp://x"}
    with pytest.raises(ValueError):
        Reader(checks=[_no_script]).read(_Link, odd_kind)


def test_data_of_another_shape_is_refused() -> None:
    with pytest.raises(Mismatch):
        Reader().read(_Page, {"links": [{"url": "https://a.example"}], "scores": []})
    with pytest.raises(Mismatch):
        Reader().read(_Page, {"links": "https://a.example", "scores": []})


class _Pair(BaseModel):
    pair: tuple[int, int]


def test_an_unknown_type_is_refused_when_the_reader_is_built() -> None:
    with pytest.raises(Unsupported):
        Reader().read(_Pair, {"pair": [1, 2]})


class _Refusing(Reader):
    def read(self, tp: object, data: object) -> object:
        raise Unsupported("a type this reader does not know")


def test_a_body_the_reader_cannot_take_is_validated(
    body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_READER", _Refusing())
    key = "k" * 32
    blob = cache.FORMAT + f" {key} {hashlib.sha256(body).hexdigest()}\n".encode() + body
    kb = cache.decode(blob, key, default_root())
    assert kb is not None
    assert kb.routes == load_knowledge_base().routes


def test_a_warm_start_builds_no_validator_of_the_knowledge_base(tmp_path: Path) -> None:
    env = {**os.environ, "EMIGRE_HOME": str(tmp_path / "home")}
    env.pop("XDG_CACHE_HOME", None)
    probe = (
        "from emigre.knowledge.loader import knowledge_base; "
        "from emigre.knowledge.cache import _Payload; from emigre.knowledge.route import Route; "
        "kb = knowledge_base(); "
        "print(len(kb.routes), _Payload.__pydantic_complete__, Route.__pydantic_complete__)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=300
        )
        for _ in range(2)
    ]
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    count = str(len(load_knowledge_base(default_root()).routes))
    assert runs[0].stdout.split() == [count, "True", "True"]  # the first run writes the cache
    assert runs[1].stdout.split() == [count, "False", "False"]


class _Holder(BaseModel):
    pair: _Pair


def test_a_model_it_cannot_read_leaves_no_half_built_reader() -> None:
    reader = Reader()
    for _ in range(2):
        with pytest.raises(Unsupported):
            reader.read(_Holder, {"pair": {"pair": [1, 2]}})
    assert reader.read(_Link, {"url": "https://a.example", "seen": None, "share": 0, "kind": "*"})
