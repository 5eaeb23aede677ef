"""ISCO-08, the ILO's International Standard Classification of Occupations: which codes exist and
what they are called.

The structure is bundled in `data/isco08.csv` (its header names the source, the ILO's workbook
"ISCO-08 EN Structure and definitions", and how it was read): 10 major groups (1 digit), 43
sub-major (2), 130 minor (3) and 436 unit groups (4 digits), each with its English title. A code
that is well formed (1 to 4 ASCII digits) but not in the list is not an occupation: every place a
code enters (a profile, a what-if flag, a population table, the knowledge base) refuses it, and
`unknown_hint` tells the person which codes exist nearby. Titles are English only: no sourced
Russian translation is bundled.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from importlib import resources

MAX_SHOWN = 10
"""How many codes a hint lists before "…"."""


@cache
def groups() -> dict[str, str]:
    """Every ISCO-08 code (1 to 4 digits) with its English title, in the ILO's order."""
    with resources.files("emigre.data").joinpath("isco08.csv").open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return {row["code"]: row["title"] for row in csv.DictReader(lines)}


def well_formed(code: str) -> bool:
    """1 to 4 ASCII digits (not Arabic-Indic or other digits).

    >>> well_formed("2512"), well_formed("٢٥١٢"), well_formed("25120")
    (True, False, False)
    """
    return code.isascii() and code.isdigit() and 1 <= len(code) <= 4


def exists(code: str) -> bool:
    """Whether `code` is a group of ISCO-08 (a major, sub-major, minor or unit group).

    >>> exists("2512"), exists("25"), exists("2599"), exists("99")
    (True, True, False, False)
    """
    return code in groups()


def title(code: str) -> str | None:
    """The group's English title, or None for a code that is not in ISCO-08."""
    return groups().get(code)


def label(code: str) -> str:
    """The code with its title, as shown to a person: "2512 Software Developers"; a code not in
    ISCO-08 (only in data that was not checked) is shown as it is. The title is the ILO's
    English one; in another interface language it is quoted as a name in its source's
    language: 2512 «Software Developers»."""
    from emigre.i18n import current_language

    name = title(code)
    if not name:
        return code
    return f"{code} {name}" if current_language() == "en" else f"{code} «{name}»"


TITLED = 3
"""Up to this many codes are shown with their titles; a longer list (a shortage list) is shown
as codes, whose titles `emigre data occupations` gives."""


def named(codes: Iterable[str]) -> str:
    """Codes as a reader sees them in a sentence: each with its title, separated by "; ", when
    there are at most `TITLED`; else the codes alone, separated by commas.

    >>> named(["2512"])
    '2512 Software Developers'
    >>> named(["2211", "2221"])
    '2211 Generalist Medical Practitioners; 2221 Nursing Professionals'
    >>> named(["21", "22", "23", "25"])
    '21, 22, 23, 25'
    """
    codes = list(codes)
    if len(codes) > TITLED:
        return ", ".join(codes)
    return "; ".join(label(c) for c in codes)


def children(code: str) -> list[str]:
    """The groups one level below `code` ("" for the major groups)."""
    return [c for c in groups() if len(c) == len(code) + 1 and c.startswith(code)]


def nearby(code: str) -> tuple[str, str]:
    """(parent, the codes under it) for a well-formed code that is not in ISCO-08: its longest
    prefix that is a group ("" when none is), and the codes one level below that prefix, by
    commas (the first `MAX_SHOWN`, then "…")."""
    parent = next((code[:n] for n in range(len(code) - 1, 0, -1) if exists(code[:n])), "")
    options = children(parent)
    return parent, ", ".join(options[:MAX_SHOWN]) + (", …" if len(options) > MAX_SHOWN else "")


def unknown_hint(code: str) -> str:
    """What to write instead of a well-formed code that is not in ISCO-08: the codes that exist
    under its longest existing prefix.

    >>> unknown_hint("2599")
    'the groups under 25 (Information and Communications Technology Professionals) are 251, 252'
    >>> unknown_hint("99")
    'the groups under 9 (Elementary Occupations) are 91, 92, 93, 94, 95, 96'
    """
    parent, options = nearby(code)
    if not parent:
        return f"the major groups are {options}"
    return f"the groups under {parent} ({title(parent)}) are {options}"
