"""Getting the licence to practise a regulated profession: the step a `licence` gap becomes.

What the procedure takes in a country is data, per group of occupations, in dated and sourced
parameters named `<cc>.licence.<group>.*`:

* `occupations` (unit occupations): the ISCO-08 codes the procedure is for; its value's `note`
  names the competent authority and what the procedure involves (a review of the documents, a
  knowledge test, a professional-language exam...);
* `months`: the time the law gives the authority to decide once the documents are complete;
* `fee`: what the authority charges (a range where it varies);
* `language.<code>` (unit cefr): the general level of the country's language the licence asks
  for; the plan learns it first when the person's level is lower.
* `open_to` (unit countries): where a qualification from abroad leads to the licence only for
  citizens of these countries; the `licence` condition blocks the others (see
  `emigre.rules.conditions.licence.reservations`).

Where the data has no procedure for the person's occupation in the country, the step is shown
with the reason and an unknown duration and fee: never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from emigre.base import Text
from emigre.knowledge.model import Source

if TYPE_CHECKING:
    from emigre.knowledge.parameters import ParameterStore, Resolved

PREFIX = "licence."


@dataclass(frozen=True)
class Procedure:
    """What getting the licence takes for one group of occupations in one country, as far as
    the data says (`group` None: nothing is in the data)."""

    group: str | None = None
    about: Text | None = None
    """The competent authority and what the procedure involves, from the data."""
    months: Resolved | None = None
    fee: Resolved | None = None
    languages: dict[str, str] = field(default_factory=dict)
    """Language code -> the CEFR level the licence asks for."""
    sources: list[Source] = field(default_factory=list)


def _known(params: ParameterStore, name: str, on: date) -> Resolved | None:
    if name not in params:
        return None
    res = params.resolve(name, on)
    return res if res.known else None


def procedure(country: str, occupation: str, params: ParameterStore, on: date) -> Procedure:
    """The licence procedure for `occupation` in `country`: the group whose most specific ISCO
    prefix matches it.

    >>> from emigre.knowledge.loader import knowledge_base
    >>> params = knowledge_base().params
    >>> procedure("DE", "2211", params, date(2026, 12, 6)).group
    'physician'
    >>> procedure("HU", "2211", params, date(2026, 12, 6)).group is None
    True
    """
    head = f"{country.lower()}.{PREFIX}"
    best: tuple[int, str, Resolved] | None = None
    for name in params.parameters:
        if not (name.startswith(head) and name.endswith(".occupations")):
            continue
        res = params.resolve(name, on)
        if not (res.known and isinstance(res.value, list)):
            continue
        for code in res.value:
            if occupation.startswith(str(code)) and (best is None or len(str(code)) > best[0]):
                best = (len(str(code)), name[len(head) : -len(".occupations")], res)
    if best is None:
        return Procedure()
    _, group, codes = best
    base = f"{head}{group}"
    languages: dict[str, str] = {}
    sources = list(codes.sources)
    lang_head = f"{base}.language."
    for name in params.parameters:
        if name.startswith(lang_head) and (level := _known(params, name, on)) is not None:
            languages[name[len(lang_head) :]] = str(level.value)
            sources += level.sources
    months = _known(params, f"{base}.months", on)
    fee = _known(params, f"{base}.fee", on)
    for got in (months, fee):
        if got is not None:
            sources += got.sources
    unique = list({s.url: s for s in sources}.values())
    about = codes.entry.note if codes.entry is not None else None
    return Procedure(group, about, months, fee, languages, unique)
