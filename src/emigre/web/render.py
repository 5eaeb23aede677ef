"""Templates: the Jinja environment of an app and the one function that renders a page."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from emigre import occupations
from emigre.codes import as_citizen_of, country_name, language_name
from emigre.i18n import _, ngettext
from emigre.report import labels
from emigre.web import charts, formats, forms


def make_env(data: Path | None) -> Environment:
    """The template environment; texts are translated with the language of the request."""
    from emigre.documents import knowledge

    env = Environment(
        loader=PackageLoader("emigre.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)  # type: ignore[attr-defined]
    from emigre.codes import countries

    known = frozenset(countries())

    @cache
    def route_titles() -> dict[str, str | dict[str, str]]:
        return {r.id: r.title for r in knowledge(data).routes}

    env.globals.update(
        money=formats.money,
        day=formats.day,
        number=formats.number,
        tidy=lambda text: formats.tidy(str(text or ""), countries=known, routes=route_titles()),
        month=formats.month,
        labels=labels,
        label=labels.label,
        isco_groups=occupations.groups,
        unshown_text=forms.unshown_text,
        isco_title=lambda code: occupations.title(str(code or "").strip()),
        country_name=country_name,
        as_citizen_of=as_citizen_of,
        language_name=language_name,
        fmt=charts.fmt_amount,
        num=lambda v: "" if v is None else forms.number_text(v),
        STEPS=forms.STEPS,
        WORK_ROWS=forms.WORK_ROWS,
        LANGUAGE_ROWS=forms.LANGUAGE_ROWS,
        country_codes=lambda: sorted(labels.COUNTRY_CHOICES, key=country_name),
        kb_countries=lambda: sorted({r.country for r in knowledge(data).routes}, key=country_name),
        language_options=lambda: sorted(
            ((c, language_name(c)) for c in labels.LANGUAGE_CHOICES), key=lambda p: p[1]
        ),
    )
    env.filters["tr_pair"] = lambda pair: (pair[0], _(pair[1]))
    env.filters["same_pair"] = lambda code: (code, code)
    env.filters["field_label"] = labels.field_label
    env.filters["commands"] = commands
    return env


def commands(text: str) -> Markup:
    """A text naming commands in backticks ("run `emigre rates update`"), escaped, with each
    command as code on the page."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: plain text
        return Markup(escape(text))
    return Markup("").join(
        Markup("<code>{}</code>").format(p) if i % 2 else escape(p) for i, p in enumerate(parts)
    )


def language_of(request: Request) -> str:
    """The language chosen for this request by its language dependency."""
    from emigre.web.deps import choose_language

    lang: str | None = getattr(request.state, "lang", None)
    return lang or choose_language(request)


def render(
    request: Request, template: str, status: int = 200, *, reopen: str = "/", **ctx: Any
) -> HTMLResponse:
    """A page in the request's language, knowing its own address for the language switch: the
    path and query of a page fetched with GET; for a page answering a form (POST), `reopen`, a
    page that can be fetched again (the form's own address would be a 405 or a 404)."""
    env: Environment = request.app.state.web.env
    lang = language_of(request)
    if request.method in ("GET", "HEAD"):
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        path = reopen
    html = env.get_template(template).render(
        lang=lang,
        other_lang="ru" if lang == "en" else "en",
        here=path,
        **ctx,
    )
    return HTMLResponse(html, status_code=status)
