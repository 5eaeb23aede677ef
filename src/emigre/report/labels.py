"""Names shown in the web interface for the codes the data uses (verdicts, families, levels…).

Each is marked with `N_` so that the catalog tool finds it, and translated where it is shown.
"""

from __future__ import annotations

import re

from emigre.i18n import N_, _

#: Countries offered in the questionnaire's lists: every country of the knowledge base, the
#: countries our users come from, and a few more. Their names are in the catalog.
COUNTRY_CHOICES: tuple[str, ...] = (
    # where people come from
    "RU", "BY", "KZ", "UA", "UZ", "KG", "TJ", "TM", "AZ", "AM", "GE", "MD", "MN",
    # the knowledge base and its neighbours
    "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR",
    "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "ME", "MT", "NL", "NO", "PL", "PT", "RO",
    "RS", "SE", "SI", "SK", "TR", "AL", "BA", "MK", "XK",
    # elsewhere
    "IL", "AE", "US", "CA", "CN", "IN",
)  # fmt: skip

LANGUAGE_CHOICES: tuple[str, ...] = (
    "ru", "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "et", "lv", "lt",
    "pl", "cs", "sk", "sl", "hr", "sr", "bs", "mk", "bg", "ro", "hu", "el", "tr", "hy", "ka",
    "uk", "be", "kk", "uz", "ky", "tg", "az", "he", "sq", "is", "mt", "lb",
)  # fmt: skip

CURRENCY_CHOICES: tuple[str, ...] = (
    "RUB", "EUR", "USD", "KZT", "BYN", "UAH", "UZS", "KGS", "AMD", "GEL", "AZN", "MDL",
    "GBP", "CHF", "CZK", "PLN", "HUF", "RON", "BGN", "DKK", "SEK", "NOK", "ISK", "RSD", "TRY",
)  # fmt: skip

VERDICTS = {
    "eligible": N_("eligible"),
    "reachable": N_("reachable"),
    "blocked": N_("blocked"),
    "unknown": N_("unknown"),
}

VERDICT_HELP = {
    "eligible": N_("every condition is met today"),
    "reachable": N_("the gaps can be closed: learn, save, find a job, get admitted"),
    "blocked": N_("a condition no plan can close"),
    "unknown": N_("a fact is missing or the source does not say"),
}

FAMILIES = {
    "work": N_("work"),
    "jobseeker": N_("job seeking"),
    "nomad": N_("digital nomad"),
    "freelance": N_("freelance"),
    "startup": N_("start-up"),
    "study": N_("study"),
    "language_course": N_("language course"),
    "visa_free": N_("visa-free"),
    "humanitarian": N_("humanitarian"),
    "own_means": N_("living on your own means"),
    "free_movement": N_("free movement (no permit)"),
}

STATUSES = {"met": N_("met"), "unmet": N_("not met"), "unknown": N_("unknown")}

DEGREES = {
    "none": N_("no completed degree"),
    "vocational": N_("vocational qualification"),
    "bachelor": N_("bachelor's degree"),
    "master": N_("master's degree"),
    "doctorate": N_("doctorate"),
}

OFFER_KINDS = {
    "job": N_("a job"),
    "training": N_("a training place (training contract)"),
}

PASSIVE_INCOME_KINDS = {
    "pension": N_("a pension"),
    "rental": N_("rent from property"),
    "investment": N_("investments (interest, dividends)"),
    "other": N_("other income not from work"),
}

ADMISSION_KINDS = {
    "university": N_("a university"),
    "language_course": N_("a language course"),
    "qualification_measure": N_("a qualification measure (after a recognition decision)"),
}

LICENCE_STATUSES = {
    "granted": N_("granted"),
    "promised": N_("promised in writing"),
}

MILITARY = {
    "none": N_("not liable"),
    "liable": N_("liable for call-up"),
    "reserve": N_("served, in the reserve"),
    "exempt": N_("exempt"),
}

GOALS = {
    "settle_eu": N_("settle in the EU for good"),
    "study": N_("study"),
    "work": N_("work"),
    "leave_soon": N_("leave soon, anywhere safe"),
}

POLITICAL = {
    "none": N_("none"),
    "administrative": N_("administrative (fines, arrests)"),
    "criminal": N_("criminal case"),
}

LEVELS = {
    "A1": "A1",
    "A2": "A2",
    "B1": "B1",
    "B2": "B2",
    "C1": "C1",
    "C2": "C2",
    "native": N_("native"),
}

STEP_KINDS = {
    "language": N_("language"),
    "exam": N_("exam"),
    "savings": N_("savings"),
    "job_search": N_("job search"),
    "experience": N_("experience"),
    "recognition": N_("recognition"),
    "preparatory_year": N_("preparatory year"),
    "wait": N_("waiting"),
    "application": N_("application"),
    "appointment": N_("appointment"),
    "admission": N_("admission"),
    "licence": N_("licence to practise"),
    "visa": N_("visa"),
    "permit": N_("permit"),
    "document": N_("documents"),
    "travel": N_("travel"),
}

MONTHS = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip

#: Common occupations (ISCO-08 unit groups) offered in the questionnaire; any code can be typed.
OCCUPATIONS = {
    "2511": N_("systems analyst"),
    "2512": N_("software developer"),
    "2513": N_("web and multimedia developer"),
    "2514": N_("applications programmer"),
    "2519": N_("software tester, other developers"),
    "2521": N_("database designer or administrator"),
    "2522": N_("systems administrator"),
    "2523": N_("computer network professional"),
    "2529": N_("database and network professional, other"),
    "3511": N_("ICT operations technician"),
    "3512": N_("ICT user support technician"),
    "2211": N_("medical doctor (generalist)"),
    "2221": N_("nurse"),
    "2310": N_("university teacher"),
    "2330": N_("secondary school teacher"),
    "2141": N_("industrial or production engineer"),
    "2142": N_("civil engineer"),
    "2144": N_("mechanical engineer"),
    "2151": N_("electrical engineer"),
    "2411": N_("accountant"),
    "2421": N_("management and organisation analyst"),
    "2431": N_("marketing professional"),
    "2120": N_("mathematician, actuary, statistician"),
    "2166": N_("graphic or multimedia designer"),
    "2642": N_("journalist"),
    "2643": N_("translator or interpreter"),
    "7411": N_("electrician"),
    "7231": N_("motor vehicle mechanic"),
    "8322": N_("car, taxi or van driver"),
    "5120": N_("cook"),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated name of a code, or the code itself if the table does not know it."""
    if code is None:
        return ""
    return _(table[code]) if code in table else code


STAGES = {
    "application": N_("at the application"),
    "departure": N_("before leaving"),
    "arrival": N_("on arrival"),
}

COST_KINDS = {
    "one_off": N_("once"),
    "recurring": N_("a month"),
    "shown": N_("to show (stays yours)"),
}

OUTCOMES = {
    "permit_months": N_("Permit length, months"),
    # a visa-free entry is a stay, not a permit
    "stay_months": N_("Stay allowed, months"),
    "stay_days": N_("Stay allowed, days"),
    "permanent_residence_months": N_("Months to permanent residence"),
    "family_can_join": N_("Family can join"),
    "work_allowed": N_("Work allowed"),
    "leads_to_permanent_residence": N_("Leads to permanent residence"),
}

RISK_LEVELS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}

SORTS = {
    "rank": N_("best first (rank)"),
    "arrival": N_("earliest arrival"),
    "cost": N_("lowest cost to arrival"),
    "pr": N_("soonest permanent residence"),
}

SORT_HELP = {
    "rank": N_(
        "Ordered by rank: open routes first, weighing time to arrival, cost, time to permanent "
        "residence and refusal risk; then routes that need a missing fact, then blocked ones."
    ),
    "arrival": N_("Ordered by the earliest arrival date; routes without a date come last."),
    "cost": N_("Ordered by what you pay before arrival; routes without a plan come last."),
    "pr": N_("Ordered by the time to permanent residence; routes where it is not known come last."),
}

#: Groups of the results list: residence routes first, short stays on their own.
GROUPS = {
    "main": N_("Routes to live there"),
    "short_stay": N_("Short stays"),
    "if_agreed": N_("Open if the authority agrees: worth asking"),
}

GROUP_HELP = {
    "if_agreed": N_(
        "Not eligible and not ranked: everything emigre can check is met or can be closed, and "
        "what remains is a decision, a selection or a list emigre cannot see. Each row says "
        "what is still to be decided; the plan is what you can do meanwhile."
    ),
    "short_stay": N_(
        "Visits of a few months (visa-free stays, language courses): a start, not a residence."
    ),
}

#: Questions of the profile by their path, for "fill in: …" (never the path itself on screen).
FIELDS = {
    "person": N_("about you"),
    "education": N_("education"),
    "preferences": N_("preferences"),
    "person.birth_date": N_("date of birth"),
    "person.citizenship": N_("citizenship"),
    "person.residence": N_("where you live now"),
    "person.political_record": N_("record of political persecution"),
    "person.military_service": N_("military service"),
    "person.passport_expires": N_("passport expiry date"),
    "education.school_certificate": N_("school-leaving certificate"),
    "education.highest_degree": N_("highest completed degree"),
    "education.university_years": N_("years of university"),
    "education.field": N_("field of study"),
    "education.institution": N_("university or college"),
    "education.degree_country": N_("country where the degree was awarded"),
    "education.graduation_year": N_("year of graduation"),
    "work": N_("work experience"),
    "work.employer_country": N_("where your employer is"),
    "work.gross_monthly_salary": N_("salary"),
    "work.currency": N_("salary"),
    "work.remote": N_("remote work"),
    "languages": N_("languages"),
    "money": N_("money"),
    "money.savings": N_("savings"),
    "money.monthly_savings": N_("monthly savings"),
    "money.monthly_income": N_("monthly income"),
    "money.passive_income": N_("passive income (a pension, rent, investments)"),
    "money.passive_income_currency": N_("currency of the passive income"),
    "money.passive_income_kind": N_("kind of passive income"),
    "offers": N_("job offer"),
    "admissions": N_("admission"),
    "licences": N_("licence to practise"),
    "preferences.study_hours_per_week": N_("study hours a week"),
    "preferences.countries": N_("countries you consider"),
    "preferences.families": N_("kinds of route you consider"),
    "preferences.earliest_start": N_("earliest start"),
    "preferences.goal": N_("your goal"),
    "preferences.max_cost": N_("the most you can spend"),
    "preferences.self_study": N_("learning languages on your own"),
}


def field_label(path: str) -> str:
    """The question a profile path stands for ("education.school_certificate" → its label)."""
    # a list's item answers the same question as the others: "work.0.remote" and
    # "work[1].remote" are "work.remote"
    plain = re.sub(r"\[\d+\]", "", path)
    key = ".".join(part for part in plain.split(".") if not part.isdigit())
    while key:
        if key in FIELDS:
            return _(FIELDS[key])
        key = key.rpartition(".")[0]
    return path.rpartition(".")[2].replace("_", " ")


def free_movement_line(citizenships: list[str], country: str) -> str:
    """For a route the person does not need (free movement: an EU citizen in an EU member
    state, a Norwegian or a Swiss citizen in the EU...; or a citizen of the route's country)."""
    from emigre.codes import country_in_sentence, country_names_of

    if country in citizenships:
        return _(
            "You do not need this route: as a citizen of {names} you may live and work "
            "{country:in} without any permit."
        ).format(names=country_names_of([country]), country=country_in_sentence(country))
    return _(
        "You may not need this route: as a citizen of {names} you may live and work "
        "{country:in} without this permit (see the warning on free movement)."
    ).format(names=country_names_of(citizenships), country=country_in_sentence(country))


def missing_rates_line(currencies: list[str], on: str) -> str:
    """What an undecided route lacks when an amount's currency has no exchange rate at the date
    (whatever the currency): a rate, not an answer the person can give, so never "fill in".
    `on` is the evaluation date (ISO), which each front end writes in the reader's format."""
    return _("no exchange rate {pairs} as of {date}").format(pairs=rate_pairs(currencies), date=on)


def rate_pairs(currencies: list[str]) -> str:
    """The conversions emigre lacks, as a reader writes them: "ILS→EUR, XYZ→EUR"."""
    return ", ".join(f"{c}→EUR" for c in currencies)


def rates_fix(currencies: list[str]) -> str:
    """How to get the rates `missing_rates_line` names: the `emigre rates` commands."""
    return _(
        "`emigre rates update` fetches the central banks' rates (online) and "
        "`emigre rates show {currency}` shows the one used; or give the amount in EUR"
    ).format(currency=currencies[0])
