"""The next step of a route links to the authority's own page (its first `official: true`
source), not to a relocation agency or a law firm, for the routes whose authority page was read."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from emigre.rules.evaluate import official_link

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
