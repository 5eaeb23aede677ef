"""`school_access`: whether a school-leaving certificate opens universities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from emigre.base import ParamName
from emigre.codes import country_in_sentence
from emigre.i18n import N_, Lazy, Msg
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.gaps import PreparatoryYearGap, RecognitionGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler

_STATE_OF_OUTCOME = {
    "direct": State.MET,
    "recognition": State.CLOSABLE,
    "preparatory_year": State.CLOSABLE,
    "none": State.BLOCKED,
}

#: What a rule's outcome says about a certificate, and the gap that closes it (if any).
_ACCESS: dict[str, tuple[str, type[RecognitionGap] | type[PreparatoryYearGap] | None]] = {
    "direct": (N_("a certificate from {src} gives direct access"), None),
    "recognition": (
        N_("a certificate from {src} must first be recognised (nostrification)"),
        RecognitionGap,
    ),
    "preparatory_year": (
        N_(
            "a certificate from {src} needs a preparatory year (e.g. Studienkolleg) or more "
            "university years at home"
        ),
        PreparatoryYearGap,
    ),
    "none": (N_("a certificate from {src} gives no access"), None),
}


class SchoolAccess(Base):
    """Whether the school-leaving certificate (plus any university years) opens universities."""

    type: Literal["school_access"]
    rules: ParamName

    reads = {"rules": "access_rules"}

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.rules, ctx.on)
        edu = ctx.profile.education
        if edu.school_certificate is None:
            return Outcome.unknown(
                Msg("the country of your school-leaving certificate is not given"),
                ["education.school_certificate"],
                used=[res],
            )
        if not res.known:
            return Outcome.missing_param(res, ctx.on)
        cert = edu.school_certificate
        for rule in res.value:
            if ("*" in rule.certificates or cert in rule.certificates) and (
                edu.university_years >= rule.min_university_years
            ):
                text, gap = _ACCESS.get(rule.outcome, _ACCESS["none"])
                said = Msg(text, src=Lazy(country_in_sentence, cert))
                if rule.outcome == "direct":
                    return Outcome.met(said, used=[res])
                return Outcome.unmet(said, gap(cert) if gap else None, used=[res])
        return Outcome.unknown(
            Msg(
                "no access rule is known for certificates from {src}",
                src=Lazy(country_in_sentence, cert),
            ),
            [],
            used=[res],
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        res = cp.resolve(self.rules)
        cert = pl.col("school_certificate")
        if not res.known:
            return cp.lit(State.UNKNOWN)
        chain: Any = pl.when(cert.is_null()).then(cp.lit(State.UNKNOWN))
        for rule in res.value:
            certs = [x for x in rule.certificates if x != "*"]
            match = pl.lit(True) if "*" in rule.certificates else cert.is_in(certs)
            chain = chain.when(
                match & (pl.col("university_years") >= rule.min_university_years)
            ).then(cp.lit(_STATE_OF_OUTCOME[rule.outcome]))
        result: pl.Expr = chain.otherwise(cp.lit(State.UNKNOWN))
        return result
