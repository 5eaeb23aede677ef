"""What the commands share: their options (typed once), the checks that turn a bad value into
a message naming the option, and the ways they print (a console, JSON).

Only typer and `emigre.errors` load with this module; anything heavier loads inside a helper."""

from __future__ import annotations

import functools
import inspect
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, cast

import typer

from emigre.errors import (
    InputError,
    interface_language,
    knowledge_folder,
    parse_date,
    parse_language,
)

if TYPE_CHECKING:
    from emigre.knowledge.loader import KnowledgeBase


Format = Annotated[str, typer.Option("--format", "-f", help="table or json")]
OnDate = Annotated[
    str | None, typer.Option("--on", help="evaluation date YYYY-MM-DD (default: today)")
]


DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="knowledge-base folder (default: the bundled one, or $EMIGRE_DATA)",
        callback=knowledge_folder,
    ),
]
Lang = Annotated[
    str | None,
    typer.Option(
        "--lang", help="language of the texts: en or ru (default: from LC_ALL, LC_MESSAGES, LANG)"
    ),
]


def set_interface_language(value: str | None) -> str:
    """`--lang`, else the locale the way gettext reads it (LC_ALL, LC_MESSAGES, LANG), else en."""
    import os

    from emigre.i18n import set_language

    if value is not None:
        code = parse_language(value)
    else:
        code = "en"
        for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
            env = os.environ.get(var)
            if env:
                # "ru_RU.UTF-8", "ru", "ru_RU@euro", "be_BY"; C/POSIX mean English.
                code = interface_language(env) or "en"
                break
    set_language(code)
    return code


def evaluation_date(value: str | None, option: str = "--on") -> date:
    return parse_date(value, option)


def output_format(value: str, allowed: tuple[str, ...] = ("table", "json")) -> str:
    from emigre.codes import joined
    from emigre.i18n import _

    if value not in allowed:
        raise InputError(
            _("--format: '{value}' is not known; expected {options}").format(
                value=value, options=joined(list(allowed), "or")
            )
        )
    return value


CountryOpt = Annotated[str | None, typer.Option("--country", help="ISO code, e.g. DE")]
FamilyOpt = Annotated[str | None, typer.Option("--family", help="e.g. work, study, nomad")]


def country_option(value: str | None) -> str | None:
    from emigre.codes import countries, joined, near_codes
    from emigre.errors import shown
    from emigre.i18n import _

    if value is not None and value.strip().upper() not in countries():
        near = near_codes(value[:40], "country")
        raise InputError(
            _("--country: '{value}' is not an ISO 3166-1 alpha-2 code, e.g. DE, CZ, RS").format(
                value=shown(value, 40)
            )
            + (_("; did you mean {options}?").format(options=joined(near, "or")) if near else "")
        )
    return value.strip().upper() if value is not None else None


def family_option(value: str | None) -> str | None:
    from difflib import get_close_matches

    from emigre.codes import joined
    from emigre.i18n import _
    from emigre.knowledge.model import FAMILIES

    if value is not None and value not in FAMILIES:
        near = get_close_matches(value.strip().lower(), FAMILIES, n=2, cutoff=0.6)
        raise InputError(
            _("--family: '{value}' is not known; expected one of {options}").format(
                value=value, options=", ".join(FAMILIES)
            )
            + (_("; did you mean {options}?").format(options=joined(near, "or")) if near else "")
        )
    return value


def verdict_option(value: str | None) -> tuple[str, ...]:
    from emigre.rules.state import VERDICT_ORDER

    chosen = tuple(v.strip() for v in (value or "").split(",") if v.strip())
    for v in chosen:
        if v not in VERDICT_ORDER:
            raise InputError(
                f"--verdict: '{v}' is not a verdict; expected {', '.join(VERDICT_ORDER)} "
                "(several separated by commas)"
            )
    if value is not None and not chosen:
        raise InputError("--verdict: give a verdict, e.g. --verdict reachable")
    return chosen


def knowledge(data: Path | None) -> KnowledgeBase:
    from emigre.knowledge.loader import knowledge_base

    return knowledge_base(data)


def print_json(doc: Any, pretty: bool | None = None) -> None:
    """JSON on stdout: indented for a person at a terminal (or when `pretty`), compact when
    piped, where it is read by a program (a third smaller, and twice as fast to write);
    `| python -m json.tool` or `| jq .` indents it."""
    from emigre.files import strict_json

    if pretty is None:
        pretty = sys.stdout.isatty()
    sys.stdout.write(strict_json(doc, indent=2 if pretty else None) + "\n")


class TrimmedLines:
    """Piped text with each line's trailing blanks dropped: rich pads table cells to the full
    width, which a file, a pager or a message pasted into a chat on a phone gets as lines of
    spaces (wrapped into empty lines on a narrower screen)."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self.pending = ""

    def write(self, text: str) -> int:
        *lines, self.pending = (self.pending + text).split("\n")
        if lines:
            self.out.write("\n".join(line.rstrip(" ") for line in lines) + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending.strip(" "):
            # A line without its end yet: written as it is (only blanks wait for more text).
            self.out.write(self.pending)
            self.pending = ""
        self.out.flush()

    def isatty(self) -> bool:
        return False


def terminal() -> Any:
    """A terminal console. Piped output follows $COLUMNS when it is set (so `COLUMNS=80 emigre
    plan … | less` looks like an 80-column terminal), else it is wide so nothing is cut; its
    lines carry no trailing blanks."""
    import os

    from rich.console import Console

    # Texts are shown as written: "[link=…]" in a data file is no hidden link, a stray "[/b]"
    # no crash, ":warning:" no emoji (the reports style with Text objects, never with markup).
    console = Console(markup=False, emoji=False)
    if not console.is_terminal:
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() and 40 <= int(columns) <= MAX_WIDTH else 150
        # rich writes and flushes, nothing more: the wrapper stands in for the stream
        console = Console(
            width=width,
            file=cast("IO[str]", TrimmedLines(sys.stdout)),
            markup=False,
            emoji=False,
        )
    elif console.width > MAX_WIDTH:  # COLUMNS=999999999: lines of a billion blanks
        console = Console(width=MAX_WIDTH, markup=False, emoji=False)
    return console


MAX_WIDTH = 1000
"""The widest output laid out; a wider $COLUMNS is a mistake, not a screen."""


HoursOpt = Annotated[
    float | None, typer.Option("--hours-per-week", help="what if: study hours a week")
]
SavingsOpt = Annotated[
    float | None,
    typer.Option("--monthly-savings", help="what if: monthly savings, in the profile's currency"),
]
OfferOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--offer", help="what if: a job offer CC:SALARY[:CUR], gross a year, e.g. DE:56000"
    ),
]
AdmissionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--admission",
        help="what if: an admission letter CC[:KIND] (university, language_course or "
        "qualification_measure; default university), e.g. CZ",
    ),
]
LicenceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--licence",
        help="what if: a licence to practise CC:ISCO[:STATUS] (the ISCO-08 code or prefix it "
        "covers; status granted or promised, default granted), e.g. DE:2211",
    ),
]
GoalOpt = Annotated[
    str | None,
    typer.Option(
        "--goal",
        help="what you want: settle_eu, study, work or leave_soon (default: the profile's goal)",
    ),
]
WeightsOpt = Annotated[
    str | None, typer.Option("--weights", help="ranking weights, e.g. time=2,cost=1,pr=1,risk=1")
]


def what_if(
    person: Any,
    hours: float | None,
    savings: float | None,
    offers: list[str] | None,
    admissions: list[str] | None = None,
    licences: list[str] | None = None,
) -> Any:
    """The profile with the what-if flags applied; the file on disk is never changed."""
    from emigre.documents import apply_what_if

    for flag, value in (("--hours-per-week", hours), ("--monthly-savings", savings)):
        if value is not None and not (math.isfinite(value) and value >= 0):
            raise InputError(f"{flag}: {value} is not a finite number that is not negative")
    parsed = []
    for text in offers or []:
        parts = text.split(":")
        if len(parts) not in (2, 3):
            raise InputError(f"--offer: '{text}' should look like DE:56000 or PL:200000:PLN")
        try:
            salary = float(parts[1])
        except ValueError:
            from emigre import i18n
            from emigre.profile_syntax import number_hint

            plain = number_hint(parts[1])
            raise InputError(
                i18n._("--offer: '{value}' is not a number").format(value=parts[1][:40])
                + (
                    i18n._(
                        "; write {number}: a plain number, without quotes, separators or a currency"
                    ).format(number=plain)
                    if plain
                    else ""
                )
            ) from None
        if not (math.isfinite(salary) and salary >= 0):
            raise InputError(f"--offer: {parts[1]} is not a finite salary that is not negative")
        currency = parts[2] if len(parts) == 3 else "EUR"
        offer = {"country": parts[0], "gross_annual_salary": salary, "currency": currency}
        parsed.append(_checked("--offer", text, "Offer", offer))
    letters = []
    for text in admissions or []:
        country, _, kind = text.partition(":")
        letter = {"country": country.upper(), "kind": kind or "university"}
        letters.append(_checked("--admission", text, "Admission", letter))
    permits = []
    for text in licences or []:
        parts = text.split(":")
        if len(parts) not in (2, 3) or not all(parts):
            raise InputError(
                f"--licence: '{text}' should look like DE:2211 or DE:221:promised "
                "(country, ISCO-08 code, granted or promised)"
            )
        status = parts[2].lower() if len(parts) == 3 else "granted"
        permit = {"country": parts[0].upper(), "occupation": parts[1], "status": status}
        permits.append(_checked("--licence", text, "Licence", permit))
    return apply_what_if(person, hours, savings, parsed, admissions=letters, licences=permits)


def _checked(flag: str, text: str, model: str, item: dict[str, Any]) -> dict[str, Any]:
    """`item` when it is a valid profile entry (`model`: Offer, Admission or Licence), else an
    error naming the flag, what was given, the part that is wrong and what it should be."""
    from pydantic import ValidationError

    import emigre.profile as pm
    from emigre.errors import error_line

    try:
        getattr(pm, model).model_validate(item)
    except ValidationError as exc:
        where, expected = error_line(exc.errors(include_url=False)[0])
        raise InputError(f"{flag} {text[:60]}: {where}: {expected}") from None
    return item


@dataclass(frozen=True)
class PersonArgs:
    """The options of a command about one person's profile (`plan`, `explain`), declared once
    in `person_command`: the date, the output format, the data, the language and the what-if
    flags."""

    on: str | None
    format: str
    data: Path | None
    lang: str | None
    hours_per_week: float | None
    monthly_savings: float | None
    offer: list[str] | None
    admission: list[str] | None
    licence: list[str] | None

    def person(self, profile: Path) -> Any:
        """The profile in `profile` with the what-if flags applied."""
        from emigre.profile_reading import load_profile

        return what_if(
            load_profile(profile),
            self.hours_per_week,
            self.monthly_savings,
            self.offer,
            self.admission,
            self.licence,
        )


_PERSON_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("on", OnDate, None),
    ("format", Format, "table"),
    ("data", DataDir, None),
    ("lang", Lang, None),
    ("hours_per_week", HoursOpt, None),
    ("monthly_savings", SavingsOpt, None),
    ("offer", OfferOpt, None),
    ("admission", AdmissionOpt, None),
    ("licence", LicenceOpt, None),
)


def person_command(fn: Callable[..., None]) -> Callable[..., None]:
    """`fn(..., args: PersonArgs)` as a command whose options, after its own arguments, are
    those of `PersonArgs` (typer reads the signature this gives it)."""
    sig = inspect.signature(fn, eval_str=True)
    own = [p for p in sig.parameters.values() if p.name != "args"]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=ann)
        for name, ann, default in _PERSON_OPTIONS
    ]
    arguments = [p for p in own if p.default is inspect.Parameter.empty]
    options = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p not in arguments]

    @functools.wraps(fn)
    def command(*pos: Any, **kw: Any) -> None:
        args = PersonArgs(**{name: kw.pop(name) for name, _ann, _default in _PERSON_OPTIONS})
        fn(*pos, args=args, **kw)

    params = [*arguments, *shared, *options]
    command.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    return command
