"""The validated knowledge base kept on disk between runs, in a form that cannot lie.

Parsing and checking the YAML is most of a run's time, so the result is cached. The cache is
data only (JSON of the pydantic models, read back through the same models; never a pickle, which
would run code from a user-writable folder), and a file is used only if

* its name and header carry the fingerprint of every data file, the user's saved rates and every
  module of the package (path, size, mtime), so editing a model or a data file rebuilds it;
* the SHA-256 of its body matches the header, so a damaged file (a flipped byte, a cut write)
  is never read as facts;
* the body reads back into the models (`knowledge/readback.py`): the parsed JSON is turned into
  the same objects from the models' field types, without running pydantic's validators again
  on data that passed them when it was written; the checks of web addresses, route ids and
  country codes (they end up in links and file names) still run. A body the reader cannot take
  is validated instead (the checks that only reject a value, such as the consistency of a route,
  skipped: `base.TRUSTED`).

Anything else is rebuilt silently. The folder is private (0700) and files are written atomically.

A built package (a wheel, `pip install .`) also carries the cache of its own data folder,
`knowledge/bundled.json`, written by the build step (`setup.py`): the first run of an installed
package reads it instead of parsing the YAML. It is keyed on what the files *hold*
(`content_fingerprint`: the same wherever the package is installed), and used only for the
package's own data folder, with no saved exchange rates, when that key matches the installed
files; it then becomes the user's cache. An editable install, an edited data file or module, or a
package built without it parses the YAML as before; a bundled file that is there but does not
match (an edited installed file, a leftover of another version, a damaged or tampered file) is
said so in one line on stderr, once: the cache written next is used from then on.
"""

from __future__ import annotations

import hashlib
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import from_json

from emigre.base import TRUSTED, _url
from emigre.exams import Exam, exams, use_exams
from emigre.knowledge.loader import KnowledgeBase, load_knowledge_base
from emigre.knowledge.model import Parameter, route_id
from emigre.knowledge.parameters import ParameterStore
from emigre.knowledge.readback import Reader
from emigre.knowledge.route import Route
from emigre.knowledge.situation import SituationWarning
from emigre.language import language_data, use_language_data
from emigre.money import FxTable, Rate, user_rates_path
from emigre.paths import cache_dir
from emigre.profile_values import check_country

FORMAT = b"emigre-kb-json 3"
"""First word of the header; a new layout changes the number."""

KEEP = 4
"""Cache files kept (newest first): a few installs or worktrees can share one cache folder."""


class _Planner(BaseModel, defer_build=True):
    text: str
    """The planner file this was read from: used only while the bundled file still says this."""
    years: int
    decided: date


_PLANNER: dict[str, tuple[int, date]] = {}


def cached_horizon(text: str) -> tuple[int, date] | None:
    """The horizon (years, decided) read from the cache for this planner file's text, if the
    cache held one for exactly this text (`plan.horizon`)."""
    return _PLANNER.get(text)


def _planner() -> _Planner | None:
    from emigre.errors import EmigreError
    from emigre.plan.horizon import horizon, planner_text

    try:
        return _Planner(text=planner_text(), years=horizon().years, decided=horizon().decided)
    except (EmigreError, OSError):  # a broken planner file is reported where it is used
        return None


class _Payload(BaseModel, defer_build=True):
    """The cache's body. Its validator (which takes in every model of the knowledge base) is
    built only to write the cache or to validate a body the reader could not take."""

    model_config = ConfigDict(extra="forbid")
    fingerprint: str
    routes: list[Route]
    params: dict[str, Parameter]
    rates: list[Rate]
    warnings: list[SituationWarning] = []
    files: dict[str, str]
    """Route or parameter name → file, relative to the data folder."""
    exams: list[Exam]
    """The planner's exams and language-learning model (package data, `data/languages`), so
    that a warm run parses no YAML at all."""
    language: dict[str, Any]
    planner: _Planner | None = None
    """The planning horizon (`data/planner.yaml`), for the same reason."""


def _package_dir() -> Path:
    return Path(__file__).resolve().parent.parent


#: Folders of the package that hold no code (the data is stamped on its own).
_NOT_CODE = {"__pycache__", "data", "locale", "static", "templates"}


def _walk(
    base: Path, suffixes: tuple[str, ...], skip: set[str] | None = None
) -> list[tuple[str, str]]:
    """(path relative to `base`, full path) of every file under `base` ending in `suffixes`,
    outside the folders `skip` and hidden ones."""
    out: list[tuple[str, str]] = []
    top = str(base)
    for folder, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if d not in (skip or ()) and not d.startswith(".")]
        # The path relative to `base` (what os.path.relpath gives, without its cost per file).
        rel = folder[len(top) + 1 :] if folder != top else ""
        out.extend(
            (os.path.join(rel, name), os.path.join(folder, name))
            for name in names
            if name.endswith(suffixes)
        )
    return out


def _stamp(
    h: hashlib._Hash, base: Path, suffixes: tuple[str, ...], skip: set[str] | None = None
) -> None:
    """Add the relative path, size and mtime of every file under `base` ending in `suffixes`."""
    entries: list[str] = []
    for rel, full in _walk(base, suffixes, skip):
        try:
            st = os.stat(full)
        except OSError:
            continue
        entries.append(f"{rel}:{st.st_size}:{st.st_mtime_ns};")
    h.update(f"|{base}|".encode())
    h.update("".join(sorted(entries)).encode())


def fingerprint(root: Path, code: Path | None = None) -> str:
    """Changes whenever a data file, the user's saved rates or a module of the package changes.

    Only names, sizes and modification times are read (one walk, a few hundred `stat` calls),
    which keeps a warm start fast; an edit that keeps all three (rare outside of tests) is not
    seen."""
    h = hashlib.sha256()
    h.update(FORMAT)
    package = code or _package_dir()
    _stamp(h, package, (".py",), _NOT_CODE)
    _stamp(h, package / "data" / "languages", (".yaml",))
    _stamp(h, root, (".yaml", ".csv"))
    user = user_rates_path()
    try:
        st = user.stat()
        h.update(f"|{user}:{st.st_size}:{st.st_mtime_ns}".encode())
    except OSError:
        pass
    return h.hexdigest()[:32]


def _sources(root: Path, package: Path) -> list[tuple[str, Path, tuple[str, ...], set[str] | None]]:
    """What a knowledge base is made from: the package's modules, the planner's language data
    and the data folder (as `fingerprint` stamps them)."""
    return [
        ("code", package, (".py",), _NOT_CODE),
        ("languages", package / "data" / "languages", (".yaml",), None),
        ("data", root, (".yaml", ".csv"), None),
    ]


def content_fingerprint(root: Path, code: Path | None = None) -> str:
    """Like `fingerprint`, from what the files hold (their bytes) instead of when they changed,
    with paths relative to their folders, and without saved rates: the same wherever the package
    is installed. It reads every file (~3.5 MB), so it is worked out only to use a bundled cache
    (`bundled_cache`)."""
    h = hashlib.sha256()
    h.update(FORMAT)
    for label, base, suffixes, skip in _sources(root, code or _package_dir()):
        h.update(f"|{label}|".encode())
        for rel, full in sorted(_walk(base, suffixes, skip)):
            blob = Path(full).read_bytes()
            h.update(f"{rel}:{len(blob)};".encode())
            h.update(blob)
    return h.hexdigest()[:32]


BUNDLED = "bundled.json"
"""The cache of the package's own data folder, in `emigre/knowledge/` of a built package."""


def write_bundled(package: Path) -> Path:
    """Write the cache of `package`'s own data folder into it, keyed on `content_fingerprint`:
    the build step of a package (`setup.py`), run with that package first on the path and no
    saved exchange rates (the build gives it a home of its own)."""
    from emigre.errors import DataError
    from emigre.files import write_atomic

    if _package_dir().resolve() != package.resolve():
        raise DataError(f"{package}: not the emigre package this runs ({_package_dir()})")
    if user_rates_path().exists():
        raise DataError(f"{user_rates_path()}: saved rates would end up in the bundled cache")
    root = package / "data"
    kb = load_knowledge_base(root)
    path = package / "knowledge" / BUNDLED
    write_atomic(path, encode(kb, content_fingerprint(root, package)))
    return path


def bundled_cache(
    root: Path, key: str, package: Path | None = None
) -> tuple[KnowledgeBase, bytes] | None:
    """The knowledge base from the package's bundled cache, with the user's cache file to write
    (keyed `key`), if `root` is the package's own data folder, no rates are saved and the
    bundled file is sound and keyed on what the installed files hold; else None.

    A bundled file that is there but does not fit (a data file or module edited in the
    installed package, a file left from another version, a damaged or tampered one) is said so
    in one line on stderr (`stale_bundle_notice`) before the YAML is parsed: it was meant to be
    used. Another data folder (`--data`, `EMIGRE_DATA`) or saved rates pass it by on purpose,
    and a package built without it (an editable install) has none: those parse silently."""
    package = package or _package_dir()
    if root.resolve() != (package / "data").resolve() or user_rates_path().exists():
        return None
    try:
        blob = (package / "knowledge" / BUNDLED).read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        _notice_stale()
        return None
    kb = None
    if blob.startswith(FORMAT + b" "):
        content = content_fingerprint(root, package)
        kb = decode(blob, content, root)
    if kb is None:
        _notice_stale()
        return None
    body = blob.partition(b"\n")[2]
    # The body names its key first (`_Payload.fingerprint`): the user's copy names theirs.
    head = b'{"fingerprint":"'
    if not body.startswith(head + content.encode() + b'"'):
        return kb, encode(kb, key)
    body = head + key.encode() + body[len(head) + len(content) :]
    digest = hashlib.sha256(body).hexdigest().encode()
    return kb, FORMAT + b" " + key.encode() + b" " + digest + b"\n" + body


def stale_bundle_notice() -> str:
    """The line said when the package's bundled knowledge base does not fit its files."""
    from emigre.i18n import _

    return _(
        "note: the bundled knowledge base does not match the installed data files (edited, "
        "damaged or from another version of emigre); reading the data files instead"
    )


def _notice_stale() -> None:
    sys.stderr.write(stale_bundle_notice() + "\n")


def encode(kb: KnowledgeBase, key: str) -> bytes:
    """Header line (format, fingerprint, SHA-256 of the body), then the body as JSON."""
    payload = _Payload(
        fingerprint=key,
        routes=kb.routes,
        params=kb.params.parameters,
        rates=kb.fx.rates(),
        warnings=kb.warnings,
        files={name: str(path.relative_to(kb.root)) for name, path in kb.files.items()},
        exams=list(exams().values()),
        language=language_data(),
        planner=_planner(),
    )
    body = payload.model_dump_json(by_alias=True).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest().encode()
    return FORMAT + b" " + key.encode() + b" " + digest + b"\n" + body


_READER = Reader(checks=(_url, route_id, check_country))
"""Checks still run on read-back: web addresses, route ids and country codes end up in links
and file names."""


def _read_back(body: bytes) -> _Payload | None:
    """The body as the models it was dumped from, without validating it again; None when the
    reader cannot take it (then it is validated)."""
    try:
        payload = _READER.read(_Payload, from_json(body))
    except Exception:  # noqa: BLE001 - whatever the reader could not do, validation does
        return None
    return payload if isinstance(payload, _Payload) else None


def decode(blob: bytes, key: str, root: Path) -> KnowledgeBase | None:
    """The knowledge base in `blob`, or None if it is of another format or fingerprint, damaged,
    or not valid."""
    header, sep, body = blob.partition(b"\n")
    if (
        not sep
        or header != FORMAT + b" " + key.encode() + b" " + hashlib.sha256(body).hexdigest().encode()
    ):
        return None
    payload = _read_back(body)
    if payload is None:
        try:
            payload = _Payload.model_validate_json(body, context={TRUSTED: True})
        except (ValidationError, ValueError):
            return None
    if payload.fingerprint != key:
        return None
    files = {name: root / rel for name, rel in payload.files.items()}
    use_exams(payload.exams)
    use_language_data(payload.language)
    if payload.planner is not None:
        _PLANNER[payload.planner.text] = (payload.planner.years, payload.planner.decided)
    return KnowledgeBase(
        payload.routes,
        ParameterStore(payload.params),
        FxTable(payload.rates),
        root,
        files,
        payload.warnings,
    )


def _private(folder: Path) -> None:
    """Create `folder` readable by its owner only (and tighten it if it exists)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        os.chmod(folder, 0o700)


def _prune(folder: Path, keep: Path) -> None:
    """Remove old caches (and the pickles of earlier versions), keeping the newest few."""
    old = sorted(
        (p for p in folder.glob("kb-*") if p != keep and p.is_file()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for path in old[KEEP - 1 :] + [p for p in old if p.suffix == ".pickle"]:
        path.unlink(missing_ok=True)


def cached_knowledge_base(root: Path) -> KnowledgeBase:
    """The knowledge base from the cache if a sound one exists, else from the package's bundled
    cache (`bundled_cache`), else loaded and validated; then cached. Problems with the cache itself never reach the user: the data is loaded anew."""
    from emigre.files import write_atomic

    key = fingerprint(root)
    folder = cache_dir()
    path = folder / f"kb-{key}.json"
    try:
        kb = decode(path.read_bytes(), key, root)
    except OSError:
        kb = None
    if kb is not None:
        return kb
    bundled = bundled_cache(root, key)
    if bundled is not None:
        kb, blob = bundled
    else:
        kb = load_knowledge_base(root)
        blob = encode(kb, key)
    try:
        _private(folder)
        write_atomic(path, blob)
        _prune(folder, path)
    except OSError:
        pass
    return kb
