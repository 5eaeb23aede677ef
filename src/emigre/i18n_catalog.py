"""Maintaining the gettext catalog (`emigre/locale/<lang>/LC_MESSAGES/emigre.po` and its `.mo`)
with Babel; at run time the catalog is read by the standard library's gettext.

    python -m emigre.i18n_catalog update     # add new strings to the .po files, drop unused ones
    python -m emigre.i18n_catalog compile    # write the .mo files from the .po files
    python -m emigre.i18n_catalog check      # exit 1 if a string lacks a translation or a .mo is stale

Strings are found in the Python sources (`_("…")`, `N_("…")`, `ngettext("…", "…", n)`) and in the
web templates (Jinja's i18n extension). Country and language names are not in the catalog: they
come from CLDR (see `emigre.codes`).
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from emigre.codes import FRAMES

PACKAGE = Path(__file__).resolve().parent
LOCALE = PACKAGE / "locale"
LANGUAGES = ("ru",)
DOMAIN = "emigre"
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


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def _write(lang: str, catalog: Catalog) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, no_location=False, sort_output=False)
    path.write_bytes(buf.getvalue())


def _mo(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def update() -> None:
    template = extract()
    for lang in LANGUAGES:
        if po_path(lang).exists():
            catalog = _read(lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="emigre")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _write(lang, catalog)
        missing = sum(1 for m in catalog if m.id and not _translated(m.string))
        print(f"{po_path(lang)}: {len(catalog)} strings, {missing} to translate")


def compile_all() -> None:
    for lang in LANGUAGES:
        po_path(lang).with_suffix(".mo").write_bytes(_mo(_read(lang)))


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    if isinstance(string, tuple | list):
        return bool(string) and all(string)
    return bool(string)


_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]")


def _placeholders(text: str) -> list[str]:
    """The placeholders of a text, a country's grammatical frame left out ("{country:in}" is
    "{country}": a translation may decline a name its English original does not)."""
    out = set()
    for p in _PLACEHOLDER.findall(text):
        name, _, spec = p[1:-1].partition(":")
        out.add("{" + name + "}" if spec in FRAMES else p)
    return sorted(out)


def problems() -> list[str]:
    """Untranslated strings, placeholders that differ, and stale .mo files."""
    found = extract()
    out: list[str] = []
    for lang in LANGUAGES:
        catalog = _read(lang)
        for m in found:
            if not m.id:
                continue
            have = catalog.get(m.id)
            if have is None or have.fuzzy or not _translated(have.string):
                out.append(f"{lang}: not translated: {m.id!r} ({m.locations[0][0]})")
                continue
            msgid = str(m.id[0] if isinstance(m.id, tuple | list) else m.id)
            want = _placeholders(msgid)
            raw = have.string if isinstance(have.string, tuple | list) else [have.string]
            for s in (str(x or "") for x in raw):
                if _placeholders(s) != want:
                    out.append(f"{lang}: placeholders differ in {msgid!r}: {s!r}")
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != _mo(catalog):
            out.append(f"{lang}: {mo} is stale; run `python -m emigre.i18n_catalog compile`")
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
        return 1 if issues else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
