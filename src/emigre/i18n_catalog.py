"""Maintaining the gettext catalogs (`emigre/locale/<lang>/LC_MESSAGES/<domain>.po` and their
`.mo`) with Babel; at run time the catalogs are read by the standard library's gettext.

    python -m emigre.i18n_catalog update     # add new strings to the .po files, drop unused ones
    python -m emigre.i18n_catalog compile    # write the .mo files from the .po files
    python -m emigre.i18n_catalog check      # exit 1 if a string lacks a translation or a .mo is stale

Two domains:

* `emigre`, the interface: strings found in the Python sources (`_("…")`, `N_("…")`,
  `ngettext("…", "…", n)`) and in the web templates (Jinja's i18n extension). Country and language
  names are not in the catalog: they come from CLDR (see `emigre.codes`).
* `knowledge`, the legal bases of the knowledge base: every `legal_basis` string of the YAML files
  in `emigre/data` (routes, conditions, parameter values, outcomes, warnings ...), its exact English
  text being the message id, so that the data files stay as they are. `check` also wants every
  number and `§` of a legal basis kept in its translation (a law's number is never translated).
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from emigre.codes import FRAMES

PACKAGE = Path(__file__).resolve().parent
LOCALE = PACKAGE / "locale"
LANGUAGES = ("ru",)
DOMAIN = "emigre"
KNOWLEDGE = "knowledge"
DOMAINS = (DOMAIN, KNOWLEDGE)
DATA = PACKAGE / "data"
KNOWLEDGE_COMPLETE = True
"""Whether every legal basis must be translated: `check` then fails on one without a Russian
text; otherwise it only counts them (they are shown in English until translated)."""
KEYWORDS = {"_": None, "N_": None, "Msg": None, "ngettext": (1, 2), "Plural": (1, 2)}
METHODS = [("**.py", "python"), ("web/templates/**.html", "jinja2.ext:babel_extract")]
OPTIONS = {"web/templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}


def extract() -> Catalog:
    """Every translatable string of the package, in order of first appearance."""
    template = Catalog(project="emigre", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, METHODS, OPTIONS, KEYWORDS
    ):
        ref = (f"emigre/{filename}", lineno)
        template.add(message, None, [ref], auto_comments=comments, context=context)
    return template


def legal_bases(root: Path | None = None) -> Catalog:
    """Every `legal_basis` string of the knowledge base's YAML files, in order of the files, each
    with the files it is in (no line numbers: the data files change often)."""
    from emigre.knowledge.yaml_file import read_yaml

    template = Catalog(project="emigre", domain=KNOWLEDGE, fuzzy=False)

    def walk(node: object, rel: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "legal_basis" and isinstance(value, str) and value.strip():
                    where: Any = (rel, None)  # a file without a line (Babel writes it so)
                    have = template.get(value)
                    if have is None:
                        template.add(value, None, [where], flags=())
                    elif where not in have.locations:
                        have.locations.append(where)
                else:
                    walk(value, rel)
        elif isinstance(node, list):
            for value in node:
                walk(value, rel)

    root = root or DATA
    for path in sorted(root.rglob("*.yaml")):
        rel = f"emigre/data/{path.relative_to(root).as_posix()}"
        walk(read_yaml(path, rel), rel)
    return template


def _template(domain: str) -> Catalog:
    return legal_bases() if domain == KNOWLEDGE else extract()


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def _read(lang: str, domain: str = DOMAIN) -> Catalog:
    with po_path(lang, domain).open("rb") as fh:
        return read_po(fh, locale=lang, domain=domain)


def _write(lang: str, catalog: Catalog, domain: str = DOMAIN) -> None:
    path = po_path(lang, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, no_location=False, sort_output=False)
    path.write_bytes(buf.getvalue())


def _mo(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def update() -> None:
    for domain in DOMAINS:
        template = _template(domain)
        for lang in LANGUAGES:
            if po_path(lang, domain).exists():
                catalog = _read(lang, domain)
            else:
                catalog = Catalog(locale=lang, domain=domain, project="emigre", fuzzy=False)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            _write(lang, catalog, domain)
            missing = sum(1 for m in catalog if m.id and not _translated(m.string))
            print(f"{po_path(lang, domain)}: {len(catalog)} strings, {missing} to translate")


def compile_all() -> None:
    for domain in DOMAINS:
        for lang in LANGUAGES:
            path = po_path(lang, domain)
            path.with_suffix(".mo").write_bytes(_mo(_read(lang, domain)))


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    if isinstance(string, tuple | list):
        return bool(string) and all(string)
    return bool(string)


_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]")
_KEPT = re.compile(r"\d+|§")
"""What a legal basis keeps verbatim in any language: its numbers and section signs."""


def kept_tokens(text: str) -> list[str]:
    """The numbers and `§` signs of a legal basis, sorted (each as often as it occurs).

    >>> kept_tokens("§18g(1) sentence 1 AufenthG")
    ['1', '1', '18', '§']
    """
    return sorted(_KEPT.findall(text))


def _placeholders(text: str) -> list[str]:
    """The placeholders of a text, a country's grammatical frame left out ("{country:in}" is
    "{country}": a translation may decline a name its English original does not)."""
    out = set()
    for p in _PLACEHOLDER.findall(text):
        name, _, spec = p[1:-1].partition(":")
        out.add("{" + name + "}" if spec in FRAMES else p)
    return sorted(out)


def problems() -> list[str]:
    """Untranslated strings, placeholders (or a legal basis's numbers) that differ, and stale
    .mo files."""
    out: list[str] = []
    for domain in DOMAINS:
        found = _template(domain)
        for lang in LANGUAGES:
            catalog = _read(lang, domain)
            for m in found:
                if not m.id:
                    continue
                have = catalog.get(m.id)
                if have is None or have.fuzzy or not _translated(have.string):
                    if domain == KNOWLEDGE and not KNOWLEDGE_COMPLETE:
                        continue  # counted by `pending`
                    where = m.locations[0][0]
                    out.append(f"{lang}: {domain}: not translated: {m.id!r} ({where})")
                    continue
                msgid = str(m.id[0] if isinstance(m.id, tuple | list) else m.id)
                raw = have.string if isinstance(have.string, tuple | list) else [have.string]
                for s in (str(x or "") for x in raw):
                    if domain == KNOWLEDGE:
                        if kept_tokens(s) != kept_tokens(msgid):
                            out.append(f"{lang}: numbers or § differ in {msgid!r}: {s!r}")
                    elif _placeholders(s) != _placeholders(msgid):
                        out.append(f"{lang}: placeholders differ in {msgid!r}: {s!r}")
            mo = po_path(lang, domain).with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != _mo(catalog):
                out.append(f"{lang}: {mo} is stale; run `python -m emigre.i18n_catalog compile`")
    return out


def pending() -> dict[str, int]:
    """How many legal bases of the knowledge base have no translation yet, per language."""
    found = legal_bases()
    out: dict[str, int] = {}
    for lang in LANGUAGES:
        catalog = _read(lang, KNOWLEDGE)
        out[lang] = sum(
            1
            for m in found
            if m.id
            and ((have := catalog.get(m.id)) is None or have.fuzzy or not _translated(have.string))
        )
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        issues = problems()
        for line in issues:
            print(line)
        if not KNOWLEDGE_COMPLETE:
            for lang, n in pending().items():
                if n:
                    print(
                        f"{lang}: {KNOWLEDGE}: {n} legal bases not translated yet (shown in English)"
                    )
        return 1 if issues else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
