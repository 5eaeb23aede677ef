"""Maintaining the gettext catalog (`emigre/locale/<lang>/LC_MESSAGES/emigre.po` and its `.mo`).

    python -m emigre.i18n_catalog update     # add new strings to the .po files, drop unused ones
    python -m emigre.i18n_catalog compile    # write the .mo files from the .po files
    python -m emigre.i18n_catalog check      # exit 1 if a string lacks a translation or a .mo is stale

Strings are found in the Python sources (`_("…")`, `N_("…")`, `ngettext("…", "…", n)`), in the web
templates (Jinja's i18n extension), and in the names of the countries and languages the interface
offers. No Babel or GNU gettext is needed: reading and writing .po and .mo files is done here.
"""

from __future__ import annotations

import ast
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
LOCALE = PACKAGE / "locale"
LANGUAGES = ("ru",)
DOMAIN = "emigre"

PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


@dataclass
class Entry:
    msgid: str
    plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr) and not self.fuzzy


# --- Extraction ----------------------------------------------------------------------------------


def _python_strings(path: Path, rel: str) -> list[tuple[str, str | None, str]]:
    out: list[tuple[str, str | None, str]] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.Call)),
        key=lambda n: (n.lineno, n.col_offset),
    )
    for node in calls:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = node.args
        const = [a.value if isinstance(a, ast.Constant) else None for a in args]
        ref = f"{rel}:{node.lineno}"
        if node.func.id in ("_", "N_") and const and isinstance(const[0], str):
            out.append((const[0], None, ref))
        elif node.func.id == "ngettext" and len(const) >= 2:
            s, p = const[0], const[1]
            if isinstance(s, str) and isinstance(p, str):
                out.append((s, p, ref))
    return out


def _template_strings(path: Path, rel: str) -> list[tuple[str, str | None, str]]:
    from jinja2 import Environment

    env = Environment(extensions=["jinja2.ext.i18n"])
    out: list[tuple[str, str | None, str]] = []
    found = env.extract_translations(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    for lineno, func, message in found:
        ref = f"{rel}:{lineno}"
        if func == "ngettext" and isinstance(message, tuple):
            s, p = message[0], message[1]
            if isinstance(s, str) and isinstance(p, str):
                out.append((s, p, ref))
        elif isinstance(message, str):
            out.append((message, None, ref))
        elif isinstance(message, tuple) and isinstance(message[0], str):
            out.append((message[0], None, ref))  # `_("… %(x)s", x=…)`: keywords show as None
    return out


def extract() -> dict[str, Entry]:
    """Every translatable string of the package, in order of first appearance."""
    entries: dict[str, Entry] = {}

    def add(msgid: str, plural: str | None, ref: str) -> None:
        entry = entries.setdefault(msgid, Entry(msgid, plural))
        if plural and not entry.plural:
            entry.plural = plural
        entry.refs.append(ref)

    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        for msgid, plural, ref in _python_strings(path, rel):
            add(msgid, plural, ref)
    for path in sorted((PACKAGE / "web" / "templates").rglob("*.html")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        for msgid, plural, ref in _template_strings(path, rel):
            add(msgid, plural, ref)
    from emigre.codes import countries, languages
    from emigre.web.labels import COUNTRY_CHOICES, LANGUAGE_CHOICES

    for code in COUNTRY_CHOICES:
        add(countries()[code], None, f"iso3166:{code}")
    for code in LANGUAGE_CHOICES:
        add(languages()[code], None, f"iso639-1:{code}")
    return entries


# --- .po files -----------------------------------------------------------------------------------


def _unquote(text: str) -> str:
    body = text.strip()
    if not (body.startswith('"') and body.endswith('"')):
        raise ValueError(f"expected a quoted string, got {text!r}")
    out, i, body = [], 0, body[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _quote(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" not in body.rstrip("\n") and len(body) < 70:
        return '"' + body.replace("\n", "\\n") + '"'
    parts = re.split(r"(?<=\n)", body)
    chunks: list[str] = []
    for part in parts:
        if not part:
            continue
        part = part.replace("\n", "\\n")
        while len(part) > 76:
            cut = part.rfind(" ", 0, 76)
            cut = 76 if cut <= 0 else cut + 1
            chunks.append(part[:cut])
            part = part[cut:]
        chunks.append(part)
    return '""\n' + "\n".join(f'"{c}"' for c in chunks)


def read_po(path: Path) -> tuple[str, dict[str, Entry]]:
    """The header's msgstr and the entries of a .po file."""
    header = ""
    entries: dict[str, Entry] = {}
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
    for block in blocks:
        lines = [ln for ln in block.strip().splitlines() if ln.strip()]
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        fields: dict[str, str] = {}
        key = ""
        for ln in lines:
            if ln.startswith("#"):
                continue
            m = re.match(r"^(msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$", ln)
            if m:
                key = m.group(1)
                fields[key] = _unquote(m.group(2))
            elif key:
                fields[key] += _unquote(ln)
        if "msgid" not in fields:
            continue
        if fields["msgid"] == "":
            header = fields.get("msgstr", "")
            continue
        plural = fields.get("msgid_plural")
        if plural is None:
            msgstr = [fields.get("msgstr", "")]
        else:
            msgstr = [fields[k] for k in sorted(f for f in fields if f.startswith("msgstr["))]
        entries[fields["msgid"]] = Entry(fields["msgid"], plural, msgstr, fuzzy=fuzzy)
    return header, entries


def write_po(path: Path, lang: str, entries: dict[str, Entry]) -> None:
    header = (
        "Project-Id-Version: emigre\\n"
        f"Language: {lang}\\n"
        "MIME-Version: 1.0\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Content-Transfer-Encoding: 8bit\\n"
        f"Plural-Forms: {PLURAL_FORMS[lang]}\\n"
    )
    out = [
        f"# {lang} translations of the emigre interface. Update with "
        "`python -m emigre.i18n_catalog update`,\n# translate, then `… compile`.",
        'msgid ""\nmsgstr ""\n'
        + "\n".join(f'"{ln}"' for ln in re.split(r"(?<=\\n)", header) if ln),
    ]
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[lang]).group(1))  # type: ignore[union-attr]
    for e in entries.values():
        lines = [f"#: {' '.join(e.refs[:3])}"] if e.refs else []
        if e.fuzzy:
            lines.append("#, fuzzy")
        if "{" in e.msgid:
            lines.append("#, python-brace-format")
        elif "%(" in e.msgid:
            lines.append("#, python-format")
        lines.append(f"msgid {_quote(e.msgid)}")
        if e.plural is None:
            lines.append(f"msgstr {_quote(e.msgstr[0] if e.msgstr else '')}")
        else:
            lines.append(f"msgid_plural {_quote(e.plural)}")
            forms = (e.msgstr + [""] * nplurals)[:nplurals]
            lines.extend(f"msgstr[{i}] {_quote(s)}" for i, s in enumerate(forms))
        out.append("\n".join(lines))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")


def mo_bytes(header: str, entries: dict[str, Entry]) -> bytes:
    """A GNU .mo file of the translated entries (untranslated ones fall back to the msgid)."""
    pairs: dict[bytes, bytes] = {b"": header.encode("utf-8")}
    for e in entries.values():
        if not e.translated:
            continue
        key = e.msgid if e.plural is None else e.msgid + "\0" + e.plural
        pairs[key.encode("utf-8")] = "\0".join(e.msgstr).encode("utf-8")
    keys = sorted(pairs)
    n = len(keys)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(pairs[k] + b"\0" for k in keys)
    start = 7 * 4 + 16 * n
    id_offsets, pos = [], start
    for k in keys:
        id_offsets.append((len(k), pos))
        pos += len(k) + 1
    str_offsets = []
    for k in keys:
        str_offsets.append((len(pairs[k]), pos))
        pos += len(pairs[k]) + 1
    out = struct.pack("<7I", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    out += b"".join(struct.pack("<2I", *o) for o in id_offsets)
    out += b"".join(struct.pack("<2I", *o) for o in str_offsets)
    return out + ids + strs


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def update() -> None:
    found = extract()
    for lang in LANGUAGES:
        path = po_path(lang)
        old = read_po(path)[1] if path.exists() else {}
        merged: dict[str, Entry] = {}
        for msgid, e in found.items():
            prev = old.get(msgid)
            msgstr = prev.msgstr if prev and (prev.plural is None) == (e.plural is None) else []
            merged[msgid] = Entry(msgid, e.plural, msgstr, e.refs, prev.fuzzy if prev else False)
        write_po(path, lang, merged)
        missing = sum(not e.translated for e in merged.values())
        print(f"{path}: {len(merged)} strings, {missing} to translate")


def compile_all() -> None:
    for lang in LANGUAGES:
        header, entries = read_po(po_path(lang))
        po_path(lang).with_suffix(".mo").write_bytes(mo_bytes(header, entries))


_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]")


def problems() -> list[str]:
    """Untranslated strings, placeholders that differ, and stale .mo files."""
    found = extract()
    out: list[str] = []
    for lang in LANGUAGES:
        path = po_path(lang)
        header, entries = read_po(path)
        for msgid, e in found.items():
            have = entries.get(msgid)
            if have is None or not have.translated:
                out.append(f"{lang}: not translated: {msgid!r} ({e.refs[0]})")
                continue
            want = sorted(_PLACEHOLDER.findall(msgid))
            for s in have.msgstr:
                if sorted(set(_PLACEHOLDER.findall(s))) != sorted(set(want)):
                    out.append(f"{lang}: placeholders differ in {msgid!r}: {s!r}")
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(header, entries):
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
