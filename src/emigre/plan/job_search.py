"""How long a job search takes for this person, as far as the data can tell.

No source measures how long someone abroad needs to find work in an EU country. What the data
holds is, per occupation group, how long vacancies stay open (`eu.job_search.<group>.months`
for the ISCO-08 prefixes in `eu.job_search.<group>.occupations`), a rough stand-in used only
for the occupations it covers, with a pessimistic end (`eu.job_search.months_high`, the year
Germany's Opportunity Card grants for a search). Everything else is *unknown* -- never zero and
never another occupation's figure -- with the reason:

* the person lists no work (or none in the occupations the route asks for);
* the occupation has no figure;
* a remote-income gap (a digital-nomad route) and the person has never worked remotely: a
  first remote job paying a nomad threshold is a different market from a job in the country,
  and no figure covers it;
* the occupation is a profession the route's country regulates (`eu.regulated_professions.sectoral`
  in an EU member state, `<cc>.regulated_professions` where the data has one) and the route
  models neither the licence nor the recognition: an employer can hire the person in it only
  once the licence is granted, and how long that takes is not in the data;
* the occupation is one every EU member state regulates (a doctor, a nurse), the route's
  country is outside the EU and the data has no list of the professions it regulates: whether
  a licence comes first there is not known, so neither is the search's length (a doctor's
  search in Serbia is not dated like a developer's).

An unknown search is also *unbounded*: no known step of another search stands in for it, so
the ranking puts the plan after plans with known or estimated timing (`plan/rank.py`) -- except
when the person has worked in the occupation the search is in and only the figure is missing:
that search is like the dated ones, and the ranking counts it as the longest known search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from emigre import occupations
from emigre.codes import country_in_sentence
from emigre.i18n import Lazy, Msg
from emigre.knowledge.model import Source
from emigre.rules.conditions import walk
from emigre.rules.gaps import OfferGap, RemoteIncomeGap

if TYPE_CHECKING:
    from emigre.knowledge.parameters import ParameterStore
    from emigre.knowledge.route import Route
    from emigre.profile import Job, Profile
    from emigre.rules.gaps import Gap

PREFIX = "eu.job_search."
HIGH = "eu.job_search.months_high"
EU_MEMBERS = "eu.member_states"
EU_REGULATED = "eu.regulated_professions.sectoral"


@dataclass(frozen=True)
class SearchTime:
    """A job search's duration: `months` None when unknown (then `why` says why)."""

    months: float | None
    high: float | None = None
    sources: list[Source] = field(default_factory=list)
    why: Msg | None = None
    """Why the duration is unknown, or which figure stands in for it."""
    bounded: bool = False
    """Unknown, but comparable to the searches the data does date: the person has worked in the
    occupation and looks for work in it, so the ranking may count it as the longest known search
    instead of putting the route after every dated one."""


def _groups(params: ParameterStore, on: date) -> list[tuple[str, str]]:
    """(ISCO prefix, group) for every occupation group with a figure at the date."""
    out: list[tuple[str, str]] = []
    for name in params.named(PREFIX, ".occupations"):
        group = name[len(PREFIX) : -len(".occupations")]
        codes = params.resolve(name, on)
        if codes.known and isinstance(codes.value, list):
            out.extend((str(c), group) for c in codes.value)
    return out


def group_of(occupation: str, params: ParameterStore, on: date) -> str | None:
    """The occupation group whose most specific ISCO prefix matches, if any.

    >>> from emigre.knowledge.loader import knowledge_base
    >>> params = knowledge_base().params
    >>> on = date(2026, 12, 6)
    >>> group_of("2512", params, on), group_of("7411", params, on), group_of("2642", params, on)
    ('ict', 'crafts', None)
    """
    best = max(
        ((len(p), g) for p, g in _groups(params, on) if occupation.startswith(p)),
        default=None,
    )
    return best[1] if best else None


def _latest(jobs: list[Job]) -> Job | None:
    """The current job, else the one that ended last (a job without an end is current)."""
    return max(jobs, key=lambda j: (j.end is None, j.end or j.start, j.start), default=None)


def _figure(occupation: str, params: ParameterStore, on: date) -> SearchTime | None:
    group = group_of(occupation, params, on)
    name = f"{PREFIX}{group}.months"
    if group is None or name not in params:
        return None
    med = params.resolve(name, on)
    if not med.known:
        return None
    months = float(med.value)
    hi = params.resolve(HIGH, on) if HIGH in params else None
    high = max(months, float(hi.value)) if hi is not None and hi.known else None
    return SearchTime(
        months,
        high,
        med.sources + (hi.sources if hi is not None else []),
        why=Msg(
            "a rough estimate for your occupation (ISCO {isco}): {m:g} months, up to {h:g}; "
            "it is how long vacancies stay open, and searches from abroad vary widely",
            isco=Lazy(occupations.label, occupation),
            m=months,
            h=high or months,
        ),
    )


def _listed(params: ParameterStore, name: str, on: date) -> tuple[str, ...]:
    if name not in params:
        return ()
    res = params.resolve(name, on)
    return tuple(str(c) for c in res.value) if res.known and isinstance(res.value, list) else ()


def licence_first(occupation: str, route: Route, params: ParameterStore, on: date) -> Msg | None:
    """Why a search in `occupation` cannot be dated on this route: the profession is regulated
    in the route's country and the route does not model the licence or the recognition itself
    (where it does, its verdict or its own steps deal with it). None when nothing stands in the
    way."""
    if any(n.type in ("licence", "recognition") for n in walk(route.requires)):
        return None
    own = f"{route.country.lower()}.regulated_professions"
    codes = _listed(params, own, on)
    sectoral = _listed(params, EU_REGULATED, on)
    in_eu = route.country in _listed(params, EU_MEMBERS, on)
    if in_eu:
        codes += sectoral
    if not in_eu and own not in params and sectoral and occupation.startswith(sectoral):
        # Outside the EU, with no list of the country's own: whether the profession needs a
        # licence there is not known, so neither is how long a search takes.
        return Msg(
            "whether {country} asks for a licence to practise your occupation (ISCO {isco}) is"
            " not in the data (every EU member state does), so how long a job search there"
            " takes is not known",
            isco=Lazy(occupations.label, occupation),
            country=Lazy(country_in_sentence, route.country),
        )
    if not (codes and occupation.startswith(codes)):
        return None
    return Msg(
        "your occupation (ISCO {isco}) is regulated in {country}: an employer can hire you in it"
        " only with the licence to practise, and how long getting it takes is not in the data",
        isco=Lazy(occupations.label, occupation),
        country=Lazy(country_in_sentence, route.country),
    )


def search_time(
    gap: Gap | None, profile: Profile, route: Route, params: ParameterStore, on: date
) -> SearchTime:
    """How long closing a job-offer or remote-income gap takes for this person."""
    own = route.timeline.job_search_months  # the route's figure for finding an offer there
    if (
        own is not None
        and not isinstance(gap, RemoteIncomeGap)
        and isinstance(own.value, int | float)
        and not isinstance(own.value, bool)
    ):
        return SearchTime(float(own.value), own.high, list(own.sources))
    jobs = list(profile.work)
    if isinstance(gap, OfferGap) and gap.kind == "training":
        return SearchTime(
            None, why=Msg("how long finding a training place takes is not in the data")
        )
    if isinstance(gap, RemoteIncomeGap):
        remote = [j for j in jobs if j.remote]
        if not remote:
            return SearchTime(
                None,
                why=Msg(
                    "you list no remote work, and no source says how long finding a first "
                    "remote job at this pay takes"
                ),
            )
        jobs = remote
    elif isinstance(gap, OfferGap) and gap.occupations:
        jobs = [j for j in jobs if j.occupation.startswith(gap.occupations)]
        if not jobs:
            return SearchTime(
                None,
                why=Msg(
                    "you list no work in the occupations this route asks for, so how long a "
                    "search takes is not in the data"
                ),
            )
    job = _latest(jobs)
    if job is None:
        return SearchTime(
            None,
            why=Msg("you list no work, so how long a job search takes is not in the data"),
        )
    # remote work for employers abroad is not practising the profession in the country
    blocked = (
        None
        if isinstance(gap, RemoteIncomeGap)
        else licence_first(job.occupation, route, params, on)
    )
    if blocked is not None:
        return SearchTime(None, why=blocked)
    found = _figure(job.occupation, params, on)
    if found is None:
        hi = params.resolve(HIGH, on) if HIGH in params else None
        return SearchTime(
            None,
            float(hi.value) if hi is not None and hi.known else None,
            hi.sources if hi is not None else [],
            why=Msg(
                "how long a job search takes in your occupation (ISCO {isco}) is not in the data",
                isco=Lazy(occupations.label, job.occupation),
            ),
            bounded=True,
        )
    return found
