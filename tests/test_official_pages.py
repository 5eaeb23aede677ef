"""The next step of a route links to the authority's own page (its first `official: true`
source), not to a relocation agency or a law firm, for the routes whose authority page was read;
and to the page of the authority that serves the person where they live when the route has one
(`Route.official_pages`: the German missions in Russia for a Blue Card applicant living there,
those in Kazakhstan for one living there)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlparse

import pytest
from pydantic import ValidationError

from emigre.knowledge.loader import KnowledgeBase
from emigre.knowledge.route import Route
from emigre.profile import Profile
from emigre.rules.conditions import Context
from emigre.rules.evaluate import evaluate_route, official_link
from tests.conftest import base_profile

ON = date(2026, 12, 7)

AUTHORITY_HOSTS = {
    "hu.guest_worker.national_card": "fit2.bah.b-m.hu",  # the immigration authority's factsheet
    "hu.white_card": "oif.gov.hu",
    "hr.digital_nomad": "mup.gov.hr",
    "uk.global_talent": "www.gov.uk",
    "es.study": "www.exteriores.gob.es",
    "ch.study": "www.bdm.bs.ch",  # a cantonal migration office: cantons decide on study permits
}


@pytest.mark.parametrize(("route_id", "host"), sorted(AUTHORITY_HOSTS.items()))
def test_the_next_step_links_to_the_authority(kb: Any, route_id: str, host: str) -> None:
    route = next(r for r in kb.routes if r.id == route_id)
    assert urlparse(official_link(route)).hostname == host


def _check_at(kb: KnowledgeBase, residence: str, citizenship: str) -> str:
    person = base_profile(person={"citizenship": [citizenship], "residence": residence})
    ctx = Context(Profile.model_validate(person), ON, "", kb.params, kb.fx)
    return evaluate_route(kb.route("de.blue_card"), ctx).check_at


@pytest.mark.parametrize(
    ("residence", "citizenship", "site"),
    [
        ("RU", "RU", "germania.diplo.de"),
        ("KZ", "KZ", "kasachstan.diplo.de"),
        ("KZ", "RU", "kasachstan.diplo.de"),  # a Russian living in Kazakhstan applies there
        ("BY", "BY", "minsk.diplo.de"),
        ("GE", "RU", "tiflis.diplo.de"),
    ],
)
def test_the_blue_card_sends_a_person_to_the_missions_where_they_live(
    kb: KnowledgeBase, residence: str, citizenship: str, site: str
) -> None:
    assert site in _check_at(kb, residence, citizenship)


def test_elsewhere_the_route_s_first_official_source_is_the_next_step(kb: KnowledgeBase) -> None:
    route = kb.route("de.blue_card")
    assert _check_at(kb, "RS", "RU") == official_link(route)  # no page for Serbia
    assert "diplo.de" in official_link(route)
    assert official_link(route, "RU") != official_link(route)


def test_an_official_page_by_residence_must_be_the_authority_s_own(kb: KnowledgeBase) -> None:
    data = kb.route("de.blue_card").model_dump(by_alias=True, mode="json")
    data["official_pages"] = {"RU": {"url": "https://example.org/blog", "checked": "2026-12-07"}}
    with pytest.raises(ValidationError, match="official_pages.RU"):
        Route.model_validate(data)


@pytest.mark.parametrize(
    ("route_id", "site"),
    [
        ("de.study", "germania.diplo.de"),
        ("de.it_specialist", "germania.diplo.de"),
        ("de.opportunity_card", "germania.diplo.de"),
        ("se.work_permit", "swedenabroad.se"),
        ("se.study", "swedenabroad.se"),
        ("no.skilled_worker", "udi.no"),
        ("no.study", "udi.no"),
        ("at.blue_card", "bmeia.gv.at"),
        ("at.study", "bmeia.gv.at"),
        ("cz.employee_card", "mzv.cz"),
        ("fi.specialist", "um.fi"),
        ("ch.study", "dfae.admin.ch"),
    ],
)
def test_a_person_in_russia_is_sent_to_the_page_for_people_living_there(
    kb: KnowledgeBase, route_id: str, site: str
) -> None:
    """Where the data holds the page of the authority serving people in Russia, the next step of
    a person living there links to it; living elsewhere, to the route's own official source."""
    route = kb.route(route_id)
    assert site in official_link(route, "RU")
    person = base_profile(person={"citizenship": ["RU"], "residence": "RU"})
    ctx = Context(Profile.model_validate(person), ON, "", kb.params, kb.fx)
    assert site in evaluate_route(route, ctx).check_at
    assert official_link(route, "KZ") == official_link(route)
