"""Official visa and permit fees on the work and nomad routes: a plan names each fee with its
amount in euros and the person's currency instead of "visa and permit fees: no data"."""

from __future__ import annotations

import json
from datetime import date

import pytest

from emigre.knowledge.loader import KnowledgeBase
from emigre.plan.costs import cost_items
from emigre.plan.schedule import PlanInputs
from emigre.profile import Profile
from tests.conftest import EXAMPLES, base_profile

ON = date(2026, 12, 6)

DIMA = str(EXAMPLES / "dima.toml")  # a Russian software engineer living in Russia, savings in RUB


def _costs(cli, route: str) -> dict[str, dict]:  # type: ignore[no-untyped-def, type-arg]
    code, out, err = cli("explain", route, DIMA, "--on", "2026-11-25", "--format", "json")
    assert code == 0, err
    return {c["id"]: c for c in json.loads(out)["cost_items"]}


def test_italian_nomad_plan_shows_the_consular_and_permit_fees(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("explain", "it.digital_nomad", DIMA, "--on", "2026-11-25")
    assert code == 0
    assert "visa and permit fees: no data" not in out
    assert "National (D) visa fee for digital nomads and remote workers: 116" in out
    costs = _costs(cli, "it.digital_nomad")
    assert "permit_fees" not in costs
    visa, permit = costs["visa_fee"]["amount"], costs["residence_permit_fee"]["amount"]
    assert visa["kind"] == "known" and visa["EUR"] == 116 and visa["RUB"] > 116
    assert permit["kind"] == "known" and permit["EUR"] == pytest.approx(116.46)
    # the total to arrival cites the page the fee was read on
    code, out, _ = cli(
        "explain", "it.digital_nomad", DIMA, "--on", "2026-11-25", "--format", "json"
    )
    sources = json.loads(out)["cost"]["to_arrival"]["sources"]
    assert any("Consulate General" in (s.get("title") or "") for s in sources)


@pytest.mark.parametrize(
    "route",
    [
        "it.blue_card",
        "it.self_employed",
        "es.blue_card",
        "es.highly_qualified",
        "es.entrepreneur",
        "pt.blue_card",
        "pt.d3_highly_qualified",
        "pt.tech_visa",
        "pt.job_seeker",
        "at.blue_card",
        "at.rwr.skilled_shortage",
        "at.rwr.other_key_worker",
        "dk.pay_limit",
        "dk.positive_list",
        "no.skilled_worker",
        "is.work_permit.expert",
        "si.single_permit",
        "si.digital_nomad",
        "cy.employment_bfu",
        "ro.digital_nomad",
        "no.job_seeker",
        "fi.employed_person",
        "ee.work",
        "ee.startup",
        "lt.blue_card",
        "lt.work",
        "be.blue_card",
        "be.single_permit",
        "hu.white_card",
        "hr.digital_nomad",
        "bg.digital_nomad",
        "fr.job_seeker",
        "lu.blue_card",
        "sk.blue_card",
        "hu.guest_worker.national_card",
        "lv.work",
    ],
)
def test_work_routes_price_the_application_instead_of_no_data(kb, route: str) -> None:  # type: ignore[no-untyped-def]
    """Whatever the verdict for a given person, the plan's list of costs prices the application."""
    prof = Profile.model_validate(base_profile())
    items = cost_items(kb.route(route), PlanInputs(prof, ON, kb.params, kb.fx, 15))
    assert "permit_fees" not in [c.id for c in items], "the route's fees are still not in the data"
    applying = [c for c in items if c.kind == "one_off" and c.stage == "application"]
    assert any(c.amount.kind == "known" and (c.amount.value or 0) > 0 for c in applying)


def test_a_fee_set_in_kroner_is_shown_in_euros_at_this_years_rate(cli) -> None:  # type: ignore[no-untyped-def]
    fee = _costs(cli, "dk.pay_limit")["permit_fee"]
    # DKK 6,810 (the 2026 rate) at about 7.46 DKK to the euro, no longer 2025's DKK 6,055
    assert 880 < fee["amount"]["EUR"] < 940
    assert "latest known value" not in (fee["caveat"] or "")


@pytest.mark.parametrize(("route", "fee"), [("gr.blue_card", 166)])
def test_a_fee_paid_only_after_arrival_leaves_the_fees_before_it_unknown(
    kb: KnowledgeBase, route: str, fee: float
) -> None:
    """The Blue Card fee paid in the country is known, but what is paid before arrival is not:
    the plan says so instead of counting the application as free."""
    prof = Profile.model_validate(base_profile())
    inp = PlanInputs(prof, ON, kb.params, kb.fx, 15)
    items = {c.id: c for c in cost_items(kb.route(route), inp)}
    arrival = [c for c in items.values() if c.stage == "arrival" and c.kind == "one_off"]
    assert [c.amount.value for c in arrival] == [fee]
    assert items["permit_fees"].amount.kind == "unknown"


def test_the_luxembourg_blue_card_counts_the_visa_before_arrival_and_the_permit_after(
    kb: KnowledgeBase,
) -> None:
    """The D visa fee paid at the consulate is priced as part of the application; the permit fee
    paid in Luxembourg stays an arrival cost, and nothing is left as 'no data'."""
    prof = Profile.model_validate(base_profile())
    inp = PlanInputs(prof, ON, kb.params, kb.fx, 15)
    items = {c.id: c for c in cost_items(kb.route("lu.blue_card"), inp)}
    assert "permit_fees" not in items
    assert (items["visa_fee"].stage, items["visa_fee"].amount.value) == ("application", 50)
    assert (items["residence_permit_fee"].stage, items["residence_permit_fee"].amount.value) == (
        "arrival",
        80,
    )
