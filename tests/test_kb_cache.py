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


def _package_copy(tmp_path: Path) -> Path:
    pkg = tmp_path / "src" / "emigre"
    shutil.copytree(
        SRC / "emigre", pkg, ignore=shutil.ignore_patterns("__pycache__", cache.BUNDLED)
    )
    return pkg


def _bundle(pkg: Path, kb: KnowledgeBase) -> Path:
    """What the build step writes (`write_bundled`, tested in a process of its own below)."""
    path = pkg / "knowledge" / cache.BUNDLED
    path.write_bytes(cache.encode(kb, cache.content_fingerprint(pkg / "data", pkg)))
    return path


def _as_package(pkg: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Run the cache as if `pkg` were the installed package; the list collects the folders whose
    YAML was parsed."""
    parsed: list[Path] = []

    def parse(root: Path) -> KnowledgeBase:
        parsed.append(root)
        return load_knowledge_base(root)

    monkeypatch.setattr(cache, "_package_dir", lambda: pkg)
    monkeypatch.setattr(cache, "load_knowledge_base", parse)
    return parsed


def same_facts(a: KnowledgeBase, b: KnowledgeBase) -> bool:
    rel = {n: p.relative_to(a.root) for n, p in a.files.items()}
    return facts(a)[:3] == facts(b)[:3] and rel == {
        n: p.relative_to(b.root) for n, p in b.files.items()
    }


def test_a_built_package_reads_its_bundled_knowledge_base_on_its_first_run(
    cache_home: Path,
    tmp_path: Path,
    fresh: KnowledgeBase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pkg = _package_copy(tmp_path)
    bundled = _bundle(pkg, fresh)
    parsed = _as_package(pkg, monkeypatch)
    first = cache.cached_knowledge_base(pkg / "data")
    assert parsed == [], "the first run parsed the YAML although the bundled cache fits"
    assert first.root == pkg / "data" and same_facts(first, fresh)
    # It became the user's cache (keyed as any cache): later runs read that, not the bundle.
    (user,) = cache_home.glob("kb-*.json")
    assert user.name == f"kb-{cache.fingerprint(pkg / 'data')}.json"
    bundled.unlink()
    assert same_facts(cache.cached_knowledge_base(pkg / "data"), fresh) and parsed == []
    assert capsys.readouterr().err == "", "a bundled file that fits, or none, is not remarked"


def test_a_bundled_knowledge_base_is_not_used_once_the_installed_files_differ(
    cache_home: Path,
    tmp_path: Path,
    fresh: KnowledgeBase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pkg = _package_copy(tmp_path)
    _bundle(pkg, fresh)
    parsed = _as_package(pkg, monkeypatch)
    route = next(iter(sorted((pkg / "data" / "countries").glob("*/routes/*.yaml"))))
    text = route.read_text()
    route.write_text(text + "\n# a comment\n")  # the same facts, other bytes
    assert same_facts(cache.cached_knowledge_base(pkg / "data"), fresh)
    assert parsed == [pkg / "data"], "an edited data file must be parsed, not taken as bundled"
    err = capsys.readouterr().err
    assert err == (
        "note: the bundled knowledge base does not match the installed data files (edited, "
        "damaged or from another version of emigre); reading the data files instead\n"
    )
    cache.cached_knowledge_base(pkg / "data")  # the user's cache now: nothing to say again
    assert capsys.readouterr().err == "" and parsed == [pkg / "data"]


@pytest.mark.parametrize("damage", ["flipped byte", "older format"])
def test_a_damaged_or_foreign_bundled_knowledge_base_is_said_in_the_persons_language(
    damage: str,
    cache_home: Path,
    tmp_path: Path,
    fresh: KnowledgeBase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from emigre.i18n import set_language

    pkg = _package_copy(tmp_path)
    bundled = _bundle(pkg, fresh)
    blob = bytearray(bundled.read_bytes())
    if damage == "flipped byte":
        blob[len(blob) // 2] ^= 0x01
    else:
        blob[: len(cache.FORMAT)] = b"emigre-kb-json 2"
    bundled.write_bytes(bytes(blob))
    parsed = _as_package(pkg, monkeypatch)
    set_language("ru")
    try:
        assert same_facts(cache.cached_knowledge_base(pkg / "data"), fresh)
    finally:
        set_language("en")
    assert parsed == [pkg / "data"]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("примечание: встроенная база знаний"), err


def test_a_bundled_knowledge_base_is_not_used_with_saved_rates_or_another_folder(
    cache_home: Path,
    tmp_path: Path,
    fresh: KnowledgeBase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pkg = _package_copy(tmp_path)
    _bundle(pkg, fresh)
    parsed = _as_package(pkg, monkeypatch)
    other = tmp_path / "other-data"
    shutil.copytree(pkg / "data", other)  # the same files in a folder given with --data
    cache.cached_knowledge_base(other)
    assert parsed == [other]
    from emigre.money import user_rates_path

    rates = user_rates_path()
    rates.parent.mkdir(parents=True)
    rates.write_text("date,currency,per_eur,source\n2026-11-20,USD,1.05,https://example.org\n")
    kb = cache.cached_knowledge_base(pkg / "data")
    assert parsed == [other, pkg / "data"], "saved rates are not in the bundled cache"
    assert any(r.source == "https://example.org" for r in kb.fx.rates())
    assert capsys.readouterr().err == "", "passed by on purpose: nothing to remark"


def test_the_build_step_writes_a_bundled_cache_keyed_on_what_the_files_hold(
    tmp_path: Path,
) -> None:
    """`write_bundled` as the build step runs it (`setup.py`): the package first on the path, a
    home of its own. The key does not depend on where the package is installed."""
    pkg = _package_copy(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(pkg.parent), "EMIGRE_HOME": str(tmp_path / "build")}
    for var in ("XDG_CACHE_HOME", "EMIGRE_DATA"):
        env.pop(var, None)
    code = (
        "import sys; from pathlib import Path; from emigre.knowledge.cache import write_bundled; "
        "print(write_bundled(Path(sys.argv[1])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(pkg)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == pkg / "knowledge" / cache.BUNDLED
    header = (pkg / "knowledge" / cache.BUNDLED).read_bytes().partition(b"\n")[0]
    moved = tmp_path / "elsewhere" / "emigre"
    shutil.copytree(pkg, moved)
    key = cache.content_fingerprint(moved / "data", moved)
    assert header.split(b" ")[2] == key.encode()
    assert not (tmp_path / "build" / "cache").exists(), "the build wrote no cache of its own"


def test_loading_the_knowledge_base_needs_only_the_build_requirements(tmp_path: Path) -> None:
    """The build step loads the data in pip's isolated build environment, which holds only
    `[build-system] requires`: a validator that reaches for another dependency there (Babel's
    country names for a 'did you mean', say) makes every built package ship without its
    bundled knowledge base, and its first run parse the YAML."""
    import re
    import tomllib

    meta = tomllib.loads((SRC.parent / "pyproject.toml").read_text(encoding="utf-8"))

    def names(reqs: list[str]) -> set[str]:
        return {re.split(r"[<>=;!~\[ ]", r, maxsplit=1)[0].strip().lower() for r in reqs}

    modules = {"python-multipart": "multipart", "tomli-w": "tomli_w"}
    runtime_only = names(meta["project"]["dependencies"]) - names(meta["build-system"]["requires"])
    blocked = sorted(modules.get(n, n.replace("-", "_")) for n in runtime_only if "." not in n)
    assert "babel" in blocked and "typer" in blocked
    code = (
        "import sys\n"
        f"BLOCKED = {blocked!r}\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in BLOCKED:\n"
        "            raise ImportError('not in the build environment: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from pathlib import Path\n"
        "from emigre.knowledge.loader import load_knowledge_base\n"
        "print(len(load_knowledge_base(Path(sys.argv[1])).routes))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "EMIGRE_HOME": str(tmp_path)}
    env.pop("EMIGRE_DATA", None)
    done = subprocess.run(
        [sys.executable, "-c", code, str(SRC / "emigre" / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.strip()) > 100
