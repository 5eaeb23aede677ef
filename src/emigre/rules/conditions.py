"""The closed vocabulary of conditions a route may set, and their *explain* face.

Each condition type is a small declarative record (read from YAML) with one `evaluate` method
that answers three-valued (met / unmet / unknown), in plain words, and says whether the person
can close the gap (and with which kind of step) or not. The records hold no logic beyond that, so
the same vocabulary can later be compiled to column expressions for whole populations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from emigre.codes import country_name, language_name
from emigre.i18n import _
from emigre.knowledge.model import ParamName, Source, Strict, Text, money_unit
from emigre.language import CefrLevel, at_least
from emigre.money import fmt
from emigre.profile import DEGREE_RANK, DegreeLevel, PoliticalRecord

if TYPE_CHECKING:
    from emigre.knowledge.parameters import ParameterStore, Resolved
    from emigre.money import FxTable
    from emigre.profile import Profile
    from emigre.rules.evaluate import NodeResult

Status = Literal["met", "unmet", "unknown"]
StepKind = Literal[
    "language",
    "exam",
    "savings",
    "job_search",
    "experience",
    "recognition",
    "preparatory_year",
    "application",
    "visa",
    "travel",
    "wait",
]


@dataclass
class Context:
    """Everything a condition may look at; the date and rates are explicit, never the clock."""

    profile: Profile
    on: date
    country: str
    params: ParameterStore
    fx: FxTable


@dataclass
class Outcome:
    status: Status
    reason: str
    step: StepKind | None = None
    """For an unmet condition: the kind of step that closes it; None when nothing can."""
    missing: list[str] = field(default_factory=list)
    """Profile fields whose absence made the outcome unknown."""
    used: list[Resolved] = field(default_factory=list)
    """Parameters consulted, for their sources and dates."""
    target: dict[str, object] = field(default_factory=dict)
    """What closing the gap means, for the planner (e.g. language and level, amount in EUR)."""

    @property
    def closable(self) -> bool:
        return self.status == "unmet" and self.step is not None


def _met(reason: str, **kw: object) -> Outcome:
    return Outcome("met", reason, **kw)  # type: ignore[arg-type]


def _unknown(reason: str, missing: list[str], **kw: object) -> Outcome:
    return Outcome("unknown", reason, missing=missing, **kw)  # type: ignore[arg-type]


class Base(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    legal_basis: str | None = None
    sources: list[Source] = []
    note: Text | None = None
    closable: bool | None = None
    """Override the type's own answer to "can a person close this gap?"."""

    def finish(self, out: Outcome) -> Outcome:
        if out.status == "unmet" and self.closable is False:
            out.step = None
        return out


def _missing_param(res: Resolved, on: date) -> Outcome:
    return _unknown(
        _("no value of {name} is known for {on}").format(name=res.name, on=on.isoformat()),
        [],
        used=[res],
    )


def _money(ctx: Context, res: Resolved, per: Literal["year", "month", "total"]) -> float | None:
    """A money parameter in EUR, scaled to the period asked for; None if no rate is known."""
    return money_eur(ctx.fx, ctx.on, res, per)


def money_eur(
    fx: FxTable, on: date, res: Resolved, per: Literal["year", "month", "total"]
) -> float | None:
    """`_money` without a profile: the population compiler resolves thresholds once with it, so
    both faces compute the very same float."""
    mu = money_unit(res.unit)
    assert mu is not None, f"{res.name} is not a money parameter"
    cur, unit_per = mu
    amount = float(res.value)
    if per == "year" and unit_per == "month":
        amount *= 12
    elif per == "month" and unit_per == "year":
        amount /= 12
    conv = fx.convert(amount, cur, "EUR", on)
    return None if conv is None else conv.amount


class _InOrNotIn(Base):
    in_: ParamName | None = Field(default=None, alias="in")
    not_in: ParamName | None = None

    @model_validator(mode="after")
    def _one_list(self) -> _InOrNotIn:
        if (self.in_ is None) == (self.not_in is None):
            raise ValueError(f"condition '{self.id}': give exactly one of 'in' or 'not_in'")
        return self


class Citizenship(_InOrNotIn):
    """Holds (or holds none of) the listed citizenships; bans catch dual nationals too."""

    type: Literal["citizenship"]
    exhaustive: bool = True
    """False when the list is known to be incomplete: not being on it is then 'unknown'."""

    def evaluate(self, ctx: Context) -> Outcome:
        name = self.in_ or self.not_in
        assert name is not None
        res = ctx.params.resolve(name, ctx.on)
        if not res.known:
            return _missing_param(res, ctx.on)
        listed = set(res.value)
        held = ctx.profile.person.citizenship
        hit = [c for c in held if c in listed]
        names = ", ".join(country_name(c) for c in (hit or held))
        if self.not_in:
            if hit:
                since = min(d for c in hit if (d := ctx.params.member_since(name, c, ctx.on)))
                return Outcome(
                    "unmet",
                    _("closed to citizens of {names} (since {since})").format(
                        names=names, since=since
                    ),
                    used=[res],
                )
            return _met(
                _("no restriction applies to citizens of {names}").format(names=names), used=[res]
            )
        if hit:
            return _met(_("open to citizens of {names}").format(names=names), used=[res])
        if not self.exhaustive:
            return _unknown(
                _(
                    "citizens of {names} are not on the list we hold, which is incomplete; check the source"
                ).format(names=names),
                [],
                used=[res],
            )
        return Outcome(
            "unmet", _("not open to citizens of {names}").format(names=names), used=[res]
        )


class Residence(_InOrNotIn):
    """Lives in (or not in) the listed countries, e.g. where a consulate accepts applications."""

    type: Literal["residence"]

    def evaluate(self, ctx: Context) -> Outcome:
        name = self.in_ or self.not_in
        assert name is not None
        res = ctx.params.resolve(name, ctx.on)
        where = ctx.profile.person.residence
        if where is None:
            return _unknown(
                _("your country of residence is not given"), ["person.residence"], used=[res]
            )
        if not res.known:
            return _missing_param(res, ctx.on)
        inside = where in set(res.value)
        ok = inside if self.in_ else not inside
        text = _("you live in {country}").format(country=country_name(where))
        # Moving elsewhere first is a real option: a person can apply from a third country.
        return Outcome("met" if ok else "unmet", text, step=None if ok else "wait", used=[res])


class Age(Base):
    """Age at the evaluation date within [min, max]; too young waits, too old cannot close."""

    type: Literal["age"]
    min: int | None = None
    max: int | None = None

    def evaluate(self, ctx: Context) -> Outcome:
        age = ctx.profile.age_on(ctx.on)
        if self.min is not None and age < self.min:
            born = ctx.profile.person.birth_date
            when = date(born.year + self.min, born.month, min(born.day, 28))
            return Outcome(
                "unmet",
                _("you are {age}; the minimum age is {min}").format(age=age, min=self.min),
                step="wait",
                target={"date": when.isoformat()},
            )
        if self.max is not None and age > self.max:
            return Outcome(
                "unmet", _("you are {age}; the maximum age is {max}").format(age=age, max=self.max)
            )
        return _met(_("you are {age}").format(age=age))


class Degree(Base):
    """A completed qualification of at least the given level."""

    type: Literal["degree"]
    min_level: DegreeLevel

    def evaluate(self, ctx: Context) -> Outcome:
        have = ctx.profile.education.highest_degree
        if have is None:
            return _unknown(_("your highest degree is not given"), ["education.highest_degree"])
        words = {
            "none": _("no completed degree"),
            "vocational": _("a vocational qualification"),
            "bachelor": _("a bachelor's degree"),
            "master": _("a master's degree"),
            "doctorate": _("a doctorate"),
        }
        if DEGREE_RANK[have] >= DEGREE_RANK[self.min_level]:
            return _met(_("you have {have}").format(have=words[have]))
        return Outcome(
            "unmet",
            _("needs at least {need}; you have {have}").format(
                need=words[self.min_level], have=words[have]
            ),
        )


DAYS_PER_MONTH = 30.4375
"""An average Gregorian month (365.25 / 12 days)."""


class Experience(Base):
    """Years of work in the listed ISCO-08 groups, counted within the last `within_years`."""

    type: Literal["experience"]
    occupations: list[Annotated[str, Field(pattern=r"^\d{1,4}$")]] = Field(min_length=1)
    years: float = Field(gt=0)
    within_years: float | None = None

    def evaluate(self, ctx: Context) -> Outcome:
        on = ctx.on
        start = (
            date(on.year - int(self.within_years), on.month, min(on.day, 28))
            if self.within_years
            else None
        )
        spans: list[tuple[date, date]] = []
        ongoing = False
        for job in ctx.profile.work:
            if not job.occupation.startswith(tuple(self.occupations)) or job.start > on:
                continue
            end = min(job.end or on, on)
            ongoing = ongoing or job.end is None or job.end >= on
            begin = max(job.start, start) if start else job.start
            if end > begin:
                spans.append((begin, end))
        # Whole days first, converted once: the sum is exact, so the vectorised face (which
        # counts the same days column by column) reaches the same float at a threshold.
        days = 0
        cursor: date | None = None
        for a, b in sorted(spans):
            if cursor is not None and a < cursor:
                a = cursor
            if b > a:
                days += (b - a).days
            cursor = max(cursor or b, b)
        years = days / DAYS_PER_MONTH / 12
        groups = ", ".join(self.occupations)
        window = (
            _(" in the last {n} years").format(n=int(self.within_years))
            if self.within_years
            else ""
        )
        if years >= self.years:
            return _met(
                _("{have:.1f} years of work in ISCO {groups}{window} (needs {need:g})").format(
                    have=years, groups=groups, window=window, need=self.years
                )
            )
        target: dict[str, object] = {
            "years": self.years,
            "have": round(years, 2),
            "ongoing": ongoing,
        }
        if ongoing:
            target["date"] = (on + timedelta(days=round((self.years - years) * 365.25))).isoformat()
        return Outcome(
            "unmet",
            _("{have:.1f} years of work in ISCO {groups}{window}; needs {need:g}").format(
                have=years, groups=groups, window=window, need=self.years
            ),
            step="experience",
            target=target,
        )


class Language(Base):
    """A CEFR level (or better) in a language."""

    type: Literal["language"]
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    level: CefrLevel
    exams: list[str] = []
    """Certificates accepted as proof (ids in data/languages/exams.yaml), best first."""

    def evaluate(self, ctx: Context) -> Outcome:
        have = ctx.profile.level(self.language)
        name = language_name(self.language)
        shown = have or _("none")
        if at_least(have, self.level):
            return _met(
                _("{lang}: you have {have}, {need} needed").format(
                    lang=name, have=shown, need=self.level
                )
            )
        return Outcome(
            "unmet",
            _("{lang}: {need} needed, you have {have}").format(
                lang=name, need=self.level, have=shown
            ),
            step="language",
            target={"language": self.language, "from": have, "to": self.level},
        )


class AgeBand(Strict):
    below_age: int | None = None
    min_salary: ParamName


class JobOffer(Base):
    """A job offer in the route's country at or above a salary threshold (per age where the law
    sets thresholds by age)."""

    type: Literal["job_offer"]
    min_salary: ParamName | None = None
    by_age: list[AgeBand] = []
    occupations: list[Annotated[str, Field(pattern=r"^\d{1,4}$")]] = []

    def _threshold(self, ctx: Context) -> ParamName:
        age = ctx.profile.age_on(ctx.on)
        for band in self.by_age:
            if band.below_age is None or age < band.below_age:
                return band.min_salary
        assert self.min_salary is not None, f"{self.id}: no salary threshold for age {age}"
        return self.min_salary

    def evaluate(self, ctx: Context) -> Outcome:
        res: Resolved | None = None
        need: float | None = 0.0
        if self.min_salary or self.by_age:
            res = ctx.params.resolve(self._threshold(ctx), ctx.on)
            if not res.known:
                return _missing_param(res, ctx.on)
            need = _money(ctx, res, "year")
        used = [res] if res else []
        if need is None:
            return _unknown(_("no exchange rate known for the threshold's currency"), [], used=used)
        offers = [o for o in ctx.profile.offers if o.country == ctx.country]
        where = country_name(ctx.country)
        need_txt = fmt(need, "EUR") + _(" a year") if need else ""
        target: dict[str, object] = {"min_salary_eur": round(need, 2), "country": ctx.country}
        # An offer with no threshold (e.g. Serbia) still needs finding.
        if not offers:
            return Outcome(
                "unmet",
                _("needs a job offer in {where}{paying}; you have none yet").format(
                    where=where, paying=(_(" paying at least ") + need_txt) if need else ""
                ),
                step="job_search",
                used=used,
                target=target,
            )
        best_eur = -1.0
        for offer in offers:
            conv = ctx.fx.convert(offer.gross_annual_salary, offer.currency, "EUR", ctx.on)
            if conv is None:
                return _unknown(
                    _("no exchange rate known for {cur}").format(cur=offer.currency),
                    ["offers.currency"],
                    used=used,
                )
            occupation_ok = (
                not self.occupations
                or offer.occupation is None
                or offer.occupation.startswith(tuple(self.occupations))
            )
            if occupation_ok:
                best_eur = max(best_eur, conv.amount)
        if best_eur < 0:
            return Outcome(
                "unmet",
                _("your offer in {where} is not in ISCO {groups}").format(
                    where=where, groups=", ".join(self.occupations)
                ),
                step="job_search",
                used=used,
                target=target,
            )
        if best_eur >= need:
            return _met(
                _("your offer of {offer} a year meets the threshold of {need}").format(
                    offer=fmt(best_eur, "EUR"), need=need_txt or "—"
                ),
                used=used,
            )
        return Outcome(
            "unmet",
            _("your offer of {offer} a year is below the threshold of {need}").format(
                offer=fmt(best_eur, "EUR"), need=need_txt
            ),
            step="job_search",
            used=used,
            target=target,
        )


class Funds(Base):
    """Savings of at least an amount (proof of funds, blocked account), converted at the date."""

    type: Literal["funds"]
    min_amount: ParamName
    months: float = 1
    """Multiplier for a monthly amount (e.g. 12 months of living costs)."""

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.min_amount, ctx.on)
        if not res.known:
            return _missing_param(res, ctx.on)
        need = _money(ctx, res, "total")
        if need is None:
            return _unknown(_("no exchange rate known for the required amount"), [], used=[res])
        if res.unit.endswith("/month"):
            need *= self.months
        money = ctx.profile.money
        if money is None:
            return _unknown(_("your savings are not given"), ["money.savings"], used=[res])
        conv = ctx.fx.convert(money.savings, money.currency, "EUR", ctx.on)
        if conv is None:
            return _unknown(
                _("no exchange rate known for {cur}; cannot compare your savings").format(
                    cur=money.currency
                ),
                ["money.currency"],
                used=[res],
            )
        have = conv.amount
        txt = {"have": fmt(have, "EUR"), "need": fmt(need, "EUR")}
        if have >= need:
            return _met(
                _("your savings of {have} cover the {need} required").format(**txt),
                used=[res],
                target={"amount_eur": round(need, 2)},
            )
        return Outcome(
            "unmet",
            _("{need} must be shown; your savings are {have}").format(**txt),
            step="savings",
            used=[res],
            target={"amount_eur": round(need, 2)},
        )


class RemoteIncome(Base):
    """Income from remote work for employers or clients outside the route's country."""

    type: Literal["remote_income"]
    min_monthly: ParamName
    foreign_employer: bool = True

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.min_monthly, ctx.on)
        if not res.known:
            return _missing_param(res, ctx.on)
        need = _money(ctx, res, "month")
        if need is None:
            return _unknown(_("no exchange rate known for the threshold"), [], used=[res])
        need_txt = fmt(need, "EUR") + _(" a month")
        target: dict[str, object] = {"min_monthly_eur": round(need, 2)}
        total = 0.0
        remote_jobs = [
            (i, j)
            for i, j in enumerate(ctx.profile.work, 1)
            if j.remote and j.start <= ctx.on and (j.end is None or j.end >= ctx.on)
        ]
        if not remote_jobs:
            return Outcome(
                "unmet",
                _(
                    "needs remote income of at least {need} from outside {where}; you list no current remote work"
                ).format(need=need_txt, where=country_name(ctx.country)),
                step="job_search",
                used=[res],
                target=target,
            )
        for i, job in remote_jobs:
            if self.foreign_employer and job.employer_country is None:
                return _unknown(
                    _("the employer's country of your remote job is not given"),
                    [f"work[{i}].employer_country"],
                    used=[res],
                )
            if self.foreign_employer and job.employer_country == ctx.country:
                continue
            if job.gross_monthly_salary is None or job.currency is None:
                return _unknown(
                    _("the salary of your remote job is not given"),
                    [f"work[{i}].gross_monthly_salary"],
                    used=[res],
                )
            conv = ctx.fx.convert(job.gross_monthly_salary, job.currency, "EUR", ctx.on)
            if conv is None:
                return _unknown(
                    _("no exchange rate known for {cur}").format(cur=job.currency),
                    [f"work[{i}].currency"],
                    used=[res],
                )
            total += conv.amount
        if total >= need:
            return _met(
                _("remote income of {have} a month meets {need}").format(
                    have=fmt(total, "EUR"), need=need_txt
                ),
                used=[res],
            )
        return Outcome(
            "unmet",
            _("remote income of {have} a month is below {need}").format(
                have=fmt(total, "EUR"), need=need_txt
            ),
            step="job_search",
            used=[res],
            target=target,
        )


class SchoolAccess(Base):
    """Whether the school-leaving certificate (plus any university years) opens universities."""

    type: Literal["school_access"]
    rules: ParamName

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.rules, ctx.on)
        edu = ctx.profile.education
        if edu.school_certificate is None:
            return _unknown(
                _("the country of your school-leaving certificate is not given"),
                ["education.school_certificate"],
                used=[res],
            )
        if not res.known:
            return _missing_param(res, ctx.on)
        cert = edu.school_certificate
        for rule in res.value:
            if ("*" in rule.certificates or cert in rule.certificates) and (
                edu.university_years >= rule.min_university_years
            ):
                src = country_name(cert)
                if rule.outcome == "direct":
                    return _met(
                        _("a certificate from {src} gives direct access").format(src=src),
                        used=[res],
                    )
                if rule.outcome == "recognition":
                    return Outcome(
                        "unmet",
                        _(
                            "a certificate from {src} must first be recognised (nostrification)"
                        ).format(src=src),
                        step="recognition",
                        used=[res],
                    )
                if rule.outcome == "preparatory_year":
                    return Outcome(
                        "unmet",
                        _(
                            "a certificate from {src} needs a preparatory year (e.g. Studienkolleg) or more university years at home"
                        ).format(src=src),
                        step="preparatory_year",
                        used=[res],
                    )
                return Outcome(
                    "unmet",
                    _("a certificate from {src} gives no access").format(src=src),
                    used=[res],
                )
        return _unknown(
            _("no access rule is known for certificates from {src}").format(src=country_name(cert)),
            [],
            used=[res],
        )


class PoliticalRecordIs(Base):
    """The person's record of political persecution is one of the listed kinds."""

    type: Literal["political_record"]
    in_: list[PoliticalRecord] = Field(alias="in", min_length=1)

    def evaluate(self, ctx: Context) -> Outcome:
        rec = ctx.profile.person.political_record
        if rec is None:
            return _unknown(
                _("whether you were persecuted for political activity is not given"),
                ["person.political_record"],
            )
        if rec in self.in_:
            return _met(_("your record: {rec}").format(rec=rec))
        return Outcome("unmet", _("your record: {rec}").format(rec=rec))


class InForce(Base):
    """The programme accepts applications (a dated yes/no parameter: suspensions are facts too)."""

    type: Literal["in_force"]
    param: ParamName

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.param, ctx.on)
        if not res.known:
            return _missing_param(res, ctx.on)
        if res.value:
            return _met(
                _("accepting applications (since {since})").format(since=res.since), used=[res]
            )
        return Outcome(
            "unmet",
            _("not accepting applications since {since}").format(since=res.since),
            used=[res],
        )


class External(Base):
    """A requirement a profile cannot show (an endorsement, a quota place, a facilitator's
    approval). It is always "unknown": emigre says what to get and never guesses "eligible"."""

    type: Literal["external"]
    what: Text

    def evaluate(self, ctx: Context) -> Outcome:
        from emigre.i18n import pick

        return _unknown(
            _("needs {what}: emigre cannot check this; see the source").format(
                what=pick(self.what)
            ),
            [],
        )


class PointItem(Strict):
    points: int = Field(gt=0)
    when: Condition


class Points(Base):
    """A points test (e.g. Germany's Opportunity Card): the sum of points of the items that hold
    must reach `min`. Items whose facts are missing count as "maybe"; items a person can close
    (e.g. learning German) make the route reachable when they would lift the total enough."""

    type: Literal["points"]
    min: int = Field(gt=0)
    items: list[PointItem] = Field(min_length=1)

    def evaluate(self, ctx: Context) -> Outcome:
        from emigre.rules.evaluate import evaluate_node

        sure = maybe = reachable = 0
        steps: list[StepKind] = []
        earned: list[str] = []
        for item in self.items:
            res = evaluate_node(item.when, ctx)
            if res.state == "met":
                sure += item.points
                earned.append(f"{item.when.id} {item.points}")
            elif res.state == "unknown":
                maybe += item.points
            elif res.state == "closable":
                reachable += item.points
                steps.extend(g.outcome.step for g in _closable_leaves(res) if g.outcome.step)
        txt = {"have": sure, "need": self.min}
        detail = f" ({', '.join(earned)})" if earned else ""
        if sure >= self.min:
            return _met(_("{have} points, {need} needed").format(**txt) + detail)
        if sure + reachable >= self.min and steps:
            return Outcome(
                "unmet",
                _("{have} points now, {need} needed; {more} more can be earned").format(
                    more=reachable, **txt
                )
                + detail,
                step=steps[0],
                target={"points": sure, "min": self.min},
            )
        if sure + maybe + reachable >= self.min:
            return _unknown(
                _(
                    "{have} points certain, {maybe} more depend on facts not given; {need} needed"
                ).format(maybe=maybe, **txt),
                [],
            )
        return Outcome(
            "unmet", _("{have} points, {need} needed, and no more can be earned").format(**txt)
        )


def _closable_leaves(node: NodeResult) -> list[NodeResult]:
    if not node.children:
        return [node] if node.state == "closable" else []
    return [leaf for c in node.children for leaf in _closable_leaves(c)]


class All(Base):
    type: Literal["all"]
    of: list[Condition] = Field(min_length=1)


class Any_(Base):
    type: Literal["any"]
    of: list[Condition] = Field(min_length=2)


class Not(Base):
    type: Literal["not"]
    condition: Condition


Leaf = (
    Citizenship
    | Residence
    | Age
    | Degree
    | Experience
    | Language
    | JobOffer
    | Funds
    | RemoteIncome
    | SchoolAccess
    | PoliticalRecordIs
    | InForce
    | Points
    | External
)
Condition = Annotated[Leaf | All | Any_ | Not, Field(discriminator="type")]

for _model in (All, Any_, Not, PointItem, Points):
    _model.model_rebuild()


def walk(node: Condition) -> list[Condition]:
    """The condition and every condition inside it (children, negated, points items), in order."""
    out: list[Condition] = [node]
    if isinstance(node, All | Any_):
        for c in node.of:
            out.extend(walk(c))
    elif isinstance(node, Not):
        out.extend(walk(node.condition))
    elif isinstance(node, Points):
        for item in node.items:
            out.extend(walk(item.when))
    return out


CONDITION_TYPES: tuple[str, ...] = tuple(
    m.model_fields["type"].annotation.__args__[0] for m in (*Leaf.__args__, All, Any_, Not)
)
