"""A route: one legal pathway in one country, as data."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, GetJsonSchemaHandler, ValidationInfo, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from emigre.base import trusted
from emigre.knowledge.model import Fact, Family, ParamName, RouteId, Source, Sources, Strict, Text
from emigre.profile_values import CountryCode
from emigre.rules.conditions import Condition, walk


class Risk(Strict):
    """A warning shown when its condition holds (e.g. activists expelled from a country)."""

    id: str
    when: Condition | None = None
    text: Text
    sources: Sources
    level: Literal["low", "medium", "high"] = "medium"
    """How grave the risk is when it applies. Medium and high move the route below every route
    without such a risk (a risk for everyone, without `when`, only while the route still needs
    steps: not once the person can apply); low is only shown."""


class Note(Strict):
    """Something a person must know about the route that is not a condition. A note about some
    people only (the citizens of a country, its residents) says whom in `when`, a condition like
    a risk's: it is shown when the condition holds or cannot be decided for the person (a fact
    missing), and not shown to people it does not concern. A note without `when` is for all.
    In a data file a note for all may be written as its text alone."""

    text: Text
    when: Condition | None = None
    """Whom the note concerns: `citizenship` / `residence` (which may list the countries
    themselves here, `in: [RU]`), or any condition, combined with `all` / `any` / `not`."""

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, data: Any) -> Any:
        """A bare text (`"..."` or `{en: ..., ru: ...}`) is a note for everyone."""
        if isinstance(data, str) or (isinstance(data, dict) and "text" not in data):
            return {"text": data}
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Editors accept the short form (the text alone) as well as `{text, when}`."""
        full = handler(core_schema)
        text = {
            "anyOf": [
                {"type": "string"},
                {"type": "object", "additionalProperties": {"type": "string"}},
            ]
        }
        return {"anyOf": [text, full]}


class Cost(Strict):
    """Money a route asks for. `shown` money (a blocked account, proof of funds) stays the
    person's but must be held before the visa; `one_off` is paid once at `stage`; `recurring`
    is paid from arrival on, per the parameter's period."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    kind: Literal["one_off", "recurring", "shown"]
    amount: ParamName | None = None
    """The money parameter; none when the price is not known (the plan shows it as unknown,
    never as free)."""
    months: float = Field(default=1, ge=0)
    """Multiplier for a monthly amount paid or shown at once (e.g. 12 months of a blocked account)."""
    stage: Literal["application", "departure", "arrival"] = "departure"
    label: Text | None = None
    from_residence: list[CountryCode] = []
    """Where the figure holds for: a fare or price quoted from these countries of residence (e.g.
    a flight from Moscow). For a person living elsewhere the cost still applies but its amount
    is unknown (never the other country's figure, never free)."""
    when: Condition | None = None
    """Whom the cost applies to (e.g. tuition only for citizens not on an exemption list): it is
    counted when the condition holds or a step of the plan makes it hold, left out when it
    cannot hold, and unknown (with the reason) when the facts are missing."""
    only_with: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    """The id of an alternative in `requires` (a child of an `any`): the cost is counted only
    when the plan goes that way (e.g. the tuition of English-taught programmes)."""
    visa: bool = False
    """The fee for the visa a consulate issues before travel: not owed by a person whose passport
    lets them enter without one and apply in the country (`<cc>.apply_in_country.nationalities`,
    e.g. a US citizen in Germany under §41 AufenthV), who pays only the permit's fee there."""


MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class Intake(Strict):
    """A yearly start date (MM-DD), the application deadline before it and, where known, the day
    applications open (the planner applies then, so the admission letter comes early)."""

    start: MonthDay
    apply_by: MonthDay
    opens: MonthDay | None = None
    results_by: MonthDay | None = None
    """The day admission decisions are published (a fixed date in a central procedure)."""
    label: Text | None = None
    only_with: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    """The id of the alternative (a condition under an `any`) this intake belongs to, e.g. the
    English-taught programmes' earlier round; the planner uses it only on that way."""


Filing = Literal["consulate", "in_country"]


class Timeline(Strict):
    """How long the route's own steps take; every figure sourced."""

    processing_weeks: Fact | None = None
    job_search_months: Fact | None = None
    recognition_weeks: Fact | None = None
    recognition_fee: ParamName | None = None
    """A money parameter with what the recognition procedure costs (the step's cost)."""
    preparatory_months: Fact | None = None
    admission_weeks: Fact | None = None
    """Study: from filing the university application to the admission letter."""
    intakes: list[Intake] = []
    intake_sources: list[Source] = []
    filed: Filing = "consulate"
    """Where the application is filed: at a consulate before travel, or `in_country` after a
    visa-free entry (the plan then travels first and files within `file_within_days`)."""
    file_within_days: Fact | None = None
    """in_country: the days after entry by which the application must be filed."""
    consulate_wait_weeks: dict[CountryCode, Fact] = {}
    """Weeks from asking for an appointment to filing at the consulate that serves residents of
    a country (e.g. RU: the Moscow embassy's national-visa waiting list)."""
    consulate_waits_as: RouteId | None = None
    """Another route of the same country whose `consulate_wait_weeks` hold here too (the same
    national-visa appointment lists), so that they are written once; this route's own entries
    win. Resolved when the knowledge base is loaded."""


CefrLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]


class PrPath(Strict):
    """One way to permanent residence that needs a language level: after `months` in the
    country with `language` at `level` (e.g. Germany's Blue Card: 21 months with B1, 27 with A1)."""

    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    level: CefrLevel
    months: float = Field(gt=0)
    legal_basis: str
    sources: Sources
    exams: list[str] = []
    """Certificates that prove the level, best first (as for a `language` condition)."""


class Outcomes(Strict):
    permit_months: Fact | None = None
    stay_days: Fact | None = None
    """For a short stay: days allowed (e.g. 180 in a year); a permit uses `permit_months`."""
    permanent_residence_months: Fact | None = None
    leads_to_permanent_residence: Fact | None = None
    """Whether time on this permit leads to permanent residence (value true/false); false for a
    stay that ends or a stepping stone (a language-course visa that cannot be renewed, a permit
    that must be switched for another first). For the goal `settle_eu` such a route ranks after
    the routes that may lead there."""
    permanent_residence_language: list[PrPath] = []
    """Where permanent residence depends on a language level: the ways, each with its months
    (the planner takes the one that ends first and plans the language for it)."""
    family_can_join: Fact | None = None
    work_allowed: Fact | None = None


DocumentKind = Literal[
    "passport",
    "photo",
    "application_form",
    "degree",
    "transcript",
    "school_certificate",
    "language_certificate",
    "recognition",
    "criminal_record",
    "proof_of_funds",
    "proof_of_income",
    "health_insurance",
    "accommodation",
    "employment_contract",
    "admission",
    "cv",
    "business_plan",
    "company_documents",
    "client_letters",
    "social_security",
    "tax_record",
    "medical_certificate",
    "fee_receipt",
    "other",
]
DOCUMENT_KINDS: tuple[str, ...] = DocumentKind.__args__  # type: ignore[attr-defined]


class DocumentSpec(Strict):
    """A paper to obtain for the application. It goes to the document checklist, never to the
    verdict; `None` on a flag means the source does not say (shown as "check")."""

    kind: DocumentKind
    apostille: bool | None = None
    """A foreign public document must carry an apostille (or consular legalisation)."""
    translation: bool | None = None
    """A certified/sworn translation into an official language of the country is needed."""
    original: bool | None = None
    """The original (not a copy) must be shown."""
    max_age_months: float | None = Field(default=None, gt=0)
    """How old the paper may be at filing (e.g. a criminal-record certificate: 3 months)."""
    issued_by: Text | None = None
    """Who issues it (e.g. "the Ministry of Internal Affairs of the country of citizenship")."""
    cost: ParamName | None = None
    """A money parameter with its fee, when known."""
    note: Text | None = None


Mapping = Literal["condition", "external", "document"]


class Requirement(Strict):
    """One official requirement as the route's official source states it, and where emigre
    handles it: a modelled `condition` of the `requires` tree, an `external` condition (a fact
    a profile cannot show, which makes the verdict unknown), or a `document` to obtain."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    text: Text
    source: Source
    maps_to: Mapping
    condition: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    """The id of the condition in `requires` (for `condition` and `external`)."""
    document: DocumentSpec | None = None
    """What the paper is (for `document`)."""

    @model_validator(mode="after")
    def _mapped(self, info: ValidationInfo) -> Requirement:
        if trusted(info):
            return self
        if not isinstance(self.text, dict) or not {"en", "ru"} <= set(self.text):
            raise ValueError(f"requirement '{self.id}': text needs both en and ru")
        if self.maps_to in ("condition", "external"):
            if self.condition is None:
                raise ValueError(
                    f"requirement '{self.id}': maps_to {self.maps_to} needs `condition: <id>`"
                )
            if self.document is not None:
                raise ValueError(f"requirement '{self.id}': `document` only with maps_to document")
        elif self.document is None or self.condition is not None:
            raise ValueError(
                f"requirement '{self.id}': maps_to document needs `document:` and no `condition`"
            )
        return self


Gives = Literal["residence_permit", "short_stay"]

#: Families whose routes give a short stay unless the route file says otherwise (`gives:`).
SHORT_STAY_FAMILIES = ("visa_free",)


class Route(Strict):
    id: RouteId
    country: CountryCode
    family: Family
    title: Text
    summary: Text | None = None
    legal_basis: str
    sources: Sources
    requires: Condition
    # Defaults made without a validator (equal to `Outcomes()`, `Timeline()`): calling the
    # models here would build their validators at import, which a warm run never needs.
    outcomes: Outcomes = Outcomes.model_construct()
    costs: list[Cost] = []
    timeline: Timeline = Timeline.model_construct()
    risks: list[Risk] = []
    gives: Gives = "residence_permit"
    """A residence permit, or a short stay (visa-free days) that is a place to wait, not a home."""
    requirements: list[Requirement] = []
    """The official checklist. Empty = not written yet: the route can then never be "eligible"."""
    risk_level: Literal["low", "medium", "high"] = "medium"
    """How likely a well-prepared applicant is refused or loses the permit (ranking input)."""
    leads_to: Literal["vocational", "bachelor", "master", "doctorate"] | None = None
    """Study routes: the highest qualification the route's programmes lead to, where the
    ranking cannot tell it from the conditions (`emigre.plan.fit.study_level`)."""
    notes: list[Note] = []
    official_pages: dict[CountryCode, Source] = {}
    """The authority's own page for people living in a country (the mission that serves them,
    e.g. the German missions in Russia for a Blue Card applicant living there), by country of
    residence: a person living there is sent to it for the next step instead of the route's
    first official source. Each must be `official: true`."""
    """What a person must know that is not a condition; each shown to the people it concerns."""

    @model_validator(mode="before")
    @classmethod
    def _gives_from_family(cls, data: Any) -> Any:
        """A route that does not say what it gives: a visa-free family gives a short stay (a
        place to wait, never a home), every other family a residence permit."""
        if isinstance(data, dict) and data.get("gives") is None and "family" in data:
            short = data["family"] in SHORT_STAY_FAMILIES
            data = {**data, "gives": "short_stay" if short else "residence_permit"}
        return data

    @model_validator(mode="after")
    def _unique_ids(self, info: ValidationInfo) -> Route:
        if trusted(info):
            return self
        seen: set[str] = set()
        for node in walk(self.requires):
            if node.id in seen:
                raise ValueError(f"condition id '{node.id}' is used twice in route {self.id}")
            seen.add(node.id)
        costs = [c.id for c in self.costs]
        if len(costs) != len(set(costs)):
            raise ValueError(f"cost ids must be unique in route {self.id}")
        for cost in self.costs:
            if cost.only_with is not None and cost.only_with not in seen:
                raise ValueError(
                    f"costs '{cost.id}'.only_with: no condition '{cost.only_with}' in requires"
                )
        for where, page in self.official_pages.items():
            if not page.official:
                raise ValueError(f"official_pages.{where}: the page must be `official: true`")
        reqs = [r.id for r in self.requirements]
        if len(reqs) != len(set(reqs)):
            raise ValueError(f"requirement ids must be unique in route {self.id}")
        if self.gives == "short_stay" and self.outcomes.stay_days is None:
            if self.outcomes.permit_months is None:
                raise ValueError(
                    "outcomes.stay_days: a short stay needs the days allowed (or permit_months)"
                )
        if self.leads_to is not None and self.family != "study":
            raise ValueError("leads_to: only a study route leads to a qualification")
        if self.timeline.intakes and not self.timeline.intake_sources:
            raise ValueError("timeline.intake_sources: intakes need a source")
        for intake in self.timeline.intakes:
            if intake.only_with is not None and intake.only_with not in seen:
                raise ValueError(
                    f"timeline.intakes only_with: no condition '{intake.only_with}' in requires"
                )
        return self

    @property
    def short_stay(self) -> bool:
        return self.gives == "short_stay"

    def days_allowed(self) -> int | None:
        """Days a short stay allows: `stay_days`, else `permit_months` counted as the 30-day
        months of visa-free rules (6 months = the usual 180 days; a year = 365 days)."""
        for fact, per in ((self.outcomes.stay_days, 1.0), (self.outcomes.permit_months, 30.0)):
            if fact is None or isinstance(fact.value, bool | str):
                continue
            value = float(fact.value)
            return round(value * 365 / 12 if per > 1 and value >= 12 else value * per)
        return None

    @property
    def checklist_complete(self) -> bool:
        """A checklist is written (each item is mapped, which the loader checks)."""
        return bool(self.requirements)

    def documents(self) -> list[Requirement]:
        """The `document` items of the checklist, in order (for the document checklist)."""
        return [r for r in self.requirements if r.maps_to == "document"]
