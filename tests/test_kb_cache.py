"""The knowledge-base cache: data only, keyed on data and code, never trusted when damaged."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from emigre.knowledge import cache
from emigre.knowledge.loader import KnowledgeBase, _cached, default_root, load_knowledge_base

SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("EMIGRE_HOME", str(tmp_path / "home"))
    _cached.cache_clear()
    yield tmp_path / "home" / "cache"
    _cached.cache_clear()


def facts(kb: KnowledgeBase) -> tuple[object, ...]:
    return (kb.routes, kb.params.parameters, kb.fx.rates(), kb.files, kb.root)


@pytest.fixture(scope="module")
def fresh() -> KnowledgeBase:
    return load_knowledge_base()


def test_cache_is_private_json_and_gives_the_same_facts(
    cache_home: Path, fresh: KnowledgeBase
) -> None:
    first = cache.cached_knowledge_base(default_root())
    files = list(cache_home.glob("kb-*"))
    assert [f.suffix for f in files] == [".json"]
    assert cache_home.stat().st_mode & 0o777 == 0o700
    assert files[0].stat().st_mode & 0o077 == 0
    warm = cache.cached_knowledge_base(default_root())
    assert facts(first) == facts(fresh) == facts(warm)
    assert b"pickle" not in files[0].read_bytes()[:40]


def test_flipped_bytes_never_crash_nor_change_facts(
    cache_home: Path, fresh: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.cached_knowledge_base(default_root())
    # a rebuild gives the fresh facts (tested above); only whether the damage is seen matters here
    monkeypatch.setattr(cache, "load_knowledge_base", lambda root: fresh)
    (path,) = cache_home.glob("kb-*.json")
    good = path.read_bytes()
    rng = random.Random(9)
    # a few bytes of the header, the rest anywhere in the body
    spots = [rng.randrange(0, 90) for _ in range(4)] + [rng.randrange(len(good)) for _ in range(16)]
    for spot in spots:
        bad = bytearray(good)
        bad[spot] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(bad))
        kb = cache.cached_knowledge_base(default_root())
        assert facts(kb) == facts(fresh), f"byte {spot}"
        assert path.read_bytes() == good, f"byte {spot}: the damaged cache was not rebuilt"


def test_truncated_or_foreign_cache_is_rebuilt(
    cache_home: Path, fresh: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.cached_knowledge_base(default_root())
    monkeypatch.setattr(cache, "load_knowledge_base", lambda root: fresh)
    (path,) = cache_home.glob("kb-*.json")
    good = path.read_bytes()
    for bad in (b"", good[: len(good) // 2], b"\x80\x04\x95 not json", b"x\n{}"):
        path.write_bytes(bad)
        assert facts(cache.cached_knowledge_base(default_root())) == facts(fresh)
        assert path.read_bytes() == good


def test_a_rewritten_cache_with_a_bad_web_address_is_rebuilt(
    cache_home: Path, fresh: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache is read back without re-running the checks that only reject a value, but web
    addresses are still checked: one rewritten with its checksum made to match, so that a
    source links to a script, is not taken as facts."""
    import hashlib

    cache.cached_knowledge_base(default_root())
    monkeypatch.setattr(cache, "load_knowledge_base", lambda root: fresh)
    (path,) = cache_home.glob("kb-*.json")
    good = path.read_bytes()
    header, _, body = good.partition(b"\n")
    url = fresh.routes[0].sources[0].url.encode()
    assert body.count(b'"' + url + b'"') >= 1
    body = body.replace(b'"' + url + b'"', b'"javascript:alert(1)"')
    words = header.split(b" ")
    header = b" ".join([*words[:-1], hashlib.sha256(body).hexdigest().encode()])
    path.write_bytes(header + b"\n" + body)
    kb = cache.cached_knowledge_base(default_root())
    assert facts(kb) == facts(fresh)
    assert path.read_bytes() == good


def test_an_unreadable_cache_folder_does_not_stop_the_program(
    cache_home: Path, fresh: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "load_knowledge_base", lambda root: fresh)
    cache_home.parent.mkdir(parents=True)
    cache_home.write_text("a file where the folder should be")
    assert facts(cache.cached_knowledge_base(default_root())) == facts(fresh)


def test_xdg_cache_home_wins_over_emigre_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from emigre.paths import cache_dir, data_dir

    monkeypatch.setenv("EMIGRE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "emigre"
    assert data_dir() == tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache_dir() == tmp_path / "home" / "cache"


def test_editing_a_data_file_or_a_module_changes_the_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(default_root(), data)
    code = tmp_path / "code"
    (code / "knowledge").mkdir(parents=True)
    model = code / "knowledge" / "model.py"
    model.write_text("x = 1\n")
    before = cache.fingerprint(data, code)
    assert cache.fingerprint(data, code) == before
    model.write_text("x = 1\ny: int = 2\n")
    after_code = cache.fingerprint(data, code)
    assert after_code != before
    (param,) = list(data.glob("countries/de/parameters.yaml"))[:1]
    param.write_text(param.read_text() + "\n")
    assert cache.fingerprint(data, code) not in (before, after_code)


def _run(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_new_model_field_rebuilds_the_cache(tmp_path: Path) -> None:
    """The crash of issue 9: a field added to a model with a default, next run read a stale cache."""
    pkg = tmp_path / "src" / "emigre"
    shutil.copytree(SRC / "emigre", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path / "src"),
        "EMIGRE_HOME": str(tmp_path / "home"),
        "EMIGRE_DATA": str(pkg / "data"),
    }
    env.pop("XDG_CACHE_HOME", None)
    probe = (
        "import emigre; from emigre.knowledge.loader import knowledge_base; "
        f"assert list(emigre.__path__)[0] == {str(pkg)!r}, emigre.__path__; "
        "kb = knowledge_base(); p = next(iter(kb.params.parameters.values())); "
        "print(getattr(p, 'reviewed_by', 'absent'))"
    )
    assert _run(probe, env).strip() == "absent"
    (first,) = (tmp_path / "home" / "cache").glob("kb-*.json")
    model = pkg / "base.py"  # the strict base model every knowledge-base model derives from
    text = model.read_text()
    start = text.index("class Strict(BaseModel")
    anchor = text.index("\n", text.index("    model_config = ConfigDict(", start)) + 1
    model.write_text(text[:anchor] + '    reviewed_by: str = "nobody"\n' + text[anchor:])
    assert _run(probe, env).strip() == "nobody"
    after = set((tmp_path / "home" / "cache").glob("kb-*.json"))
    assert len(after - {first}) == 1, "a new cache under a new key"
