"""The profile's description is derived from the model and drives the docs and the table."""

from __future__ import annotations

from emigre.population.schema import BASE_COLUMNS, JOB_FIELDS, NOT_IN_TABLE
from emigre.profile_fields import fields, markdown
from tests.conftest import EXAMPLES

DOCS = EXAMPLES.parent / "docs" / "profile.md"


def test_the_profile_docs_table_is_generated_from_the_model() -> None:
    assert markdown() in DOCS.read_text(encoding="utf-8"), (
        "docs/profile.md is out of date: replace its table with emigre.profile_fields.markdown()"
    )


def test_new_facts_are_described_with_their_choices() -> None:
    by_path = {f.path: f for f in fields()}
    assert by_path["preferences.goal"].choices == ("settle_eu", "study", "work", "leave_soon")
    assert by_path["preferences.goal"].default == "settle_eu"
    assert by_path["person.military_service"].choices == ("none", "liable", "reserve", "exempt")
    assert by_path["education.degree_country"].kind == "ISO 3166-1 alpha-2"
    assert by_path["work[].occupation"].required


def test_every_profile_fact_has_a_population_column_or_a_reason() -> None:
    mapped = {c.maps_to for c in BASE_COLUMNS} | {f"work[1].{f}" for f in JOB_FIELDS}
    mapped |= {"person.citizenship", "languages.<ISO 639-1 code>"}  # citizenship_2, lang_<code>
    missing = [
        f.path
        for f in fields()
        if f.path.replace("[]", "[1]") not in mapped and f.path not in NOT_IN_TABLE
    ]
    assert not missing, f"profile fields without a population column: {missing}"
