"""`emigre data …`: check the knowledge base, list its sources and coverage, print its schemas,
and (online, only when asked) watch the official sources for changes."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from emigre.commands.options import (
    CountryOpt,
    DataDir,
    Format,
    OnDate,
    country_option,
    evaluation_date,
    knowledge,
    output_format,
    print_json,
)
from emigre.errors import EmigreError, printable

data_app = typer.Typer(
    help="Inspect and check the knowledge base.", no_args_is_help=True, rich_markup_mode=None
)


@data_app.command("check")
def data_check(
    data: DataDir = None,
    max_age_days: Annotated[
        int | None,
        typer.Option(
            help="list figures whose newest source is older than this (by its stated date, else the day it was checked)"
        ),
    ] = None,
    ending_days: Annotated[
        int | None,
        typer.Option(
            help="list figures whose last known value ends (`until`) within this many days, or "
            "has ended, with no newer value: the ones to look up for the new year"
        ),
    ] = None,
    on: OnDate = None,
) -> None:
    """Validate the whole knowledge base; exit 1 on errors (names file and key)."""
    from emigre.knowledge.loader import load_knowledge_base
    from emigre.plan.horizon import horizon

    try:
        kb = load_knowledge_base(data)
        horizon()  # the planner's settings (data/planner.yaml) are data too
    except EmigreError as exc:
        typer.echo(printable(str(exc)), err=True)
        raise typer.Exit(1) from None
    today = evaluation_date(on)
    n_values = sum(len(p.values) for p in kb.params.parameters.values())
    typer.echo(
        f"ok: {len(kb.routes):,} routes, {len(kb.params.parameters):,} parameters ({n_values:,} dated values)"
    )
    from emigre.knowledge.catalogue import without_official_page

    lacking = without_official_page(kb.routes)
    for rid in lacking:
        typer.echo(f"no official page: {rid}: its next step links to a secondary source")
    if lacking:
        typer.echo(
            f"{len(lacking):,} of {len(kb.routes):,} routes name no official page among their own "
            "sources (add the authority's page with `official: true`)"
        )
    if max_age_days is not None:
        from emigre.knowledge.catalogue import figures, stale

        items = figures(kb.routes, kb.params, today)
        old = stale(items, today, max_age_days)
        for f in old:
            how = "published" if f.by_published else "last checked (no stated date)"
            typer.echo(f"stale: {f.what}: newest source {how} {f.newest}")
        typer.echo(
            f"{len(old):,} of {len(items):,} figures in force have no source newer than "
            f"{max_age_days} days (judged by the date a source states, else the day it was "
            "checked; superseded values are history and not counted)"
        )
    if ending_days is not None:
        from emigre.knowledge.catalogue import ending

        found = ending(kb.params, today, ending_days)
        for e in found:
            state = "ended" if e.ended else "ending"
            shown = e.value if not isinstance(e.value, list) else f"a list of {len(e.value)}"
            typer.echo(
                f"{state}: {e.name} = {shown} {e.unit} until {e.until}: no value from "
                f"{e.until + timedelta(days=1)} in the data yet"
            )
        typer.echo(
            f"{len(found):,} figures end within {ending_days} days of {today} (or have ended) "
            "with no newer value: add the new one from its official source (`from:` the day "
            "after `until`), or leave it unknown; never copy the old one"
        )


@data_app.command("sources")
def data_sources(
    route: Annotated[str | None, typer.Argument(help="a route id; all routes if omitted")] = None,
    format: Format = "table",
    data: DataDir = None,
) -> None:
    """Every source, with what it backs (route, condition, parameter value) and when it was checked."""
    from emigre.knowledge.catalogue import sources_of

    fmt = output_format(format)
    kb = knowledge(data)
    routes = [kb.route(route)] if route else sorted(kb.routes, key=lambda r: r.id)
    rows = sources_of(routes, kb.params)
    if fmt == "json":
        print_json(rows)
        return
    for row in rows:
        typer.echo(
            f"{row['url']}  (checked {row['checked']}{', official' if row['official'] else ''})"
        )
        for what in row["backs"]:
            typer.echo(f"    {what}")


@data_app.command("watch")
def data_watch(
    country: CountryOpt = None,
    route: Annotated[str | None, typer.Option("--route", help="only this route's sources")] = None,
    all_sources: Annotated[
        bool,
        typer.Option("--all", help="also the unofficial sources (news, firms, forums)"),
    ] = False,
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, json or markdown")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write the report here")
    ] = None,
    data: DataDir = None,
) -> None:
    """GOES ONLINE: download the official sources of the knowledge base and report which changed
    since the last watch, which could not be read, and what each one backs. Sends nothing about
    you (only a User-Agent naming emigre); obeys robots.txt, waits between requests to a site;
    keeps a hash of each page's text in your data folder (watch.json)."""
    import os
    import shutil

    from emigre.knowledge import watch as watcher
    from emigre.knowledge.catalogue import sources_of

    fmt = output_format(format, ("table", "json", "markdown"))
    code = country_option(country)
    kb = knowledge(data)
    routes = [kb.route(route)] if route else sorted(kb.routes, key=lambda r: r.id)
    routes = [r for r in routes if code is None or r.country == code]
    warnings = kb.warnings if route is None and code is None else []
    rows = [r for r in sources_of(routes, kb.params, warnings) if all_sources or r["official"]]
    if not rows:
        what = f"route {route}" if route else f"country {code}" if code else "the knowledge base"
        hint = "" if all_sources else "; add --all to watch the unofficial ones too"
        typer.echo(f"{what} has no {'' if all_sources else 'official '}sources to watch{hint}")
        return
    hosts = len({watcher.host_of(r["url"]) for r in rows})
    typer.echo(
        f"Watching {len(rows):,} sources on {hosts:,} sites (online; robots.txt obeyed, "
        f"{watcher.DELAY_S:g} s between requests to a site)…",
        err=True,
    )
    tty = sys.stderr.isatty()

    def progress(i: int, n: int, url: str) -> None:
        if tty:
            line = f"[{i:,}/{n:,}] {url}"[:79]
            typer.echo(f"\r{line:<79}", err=True, nl=i == n)

    try:
        report = watcher.watch(
            rows, date.today(), get=watcher.default_get, delay=watcher.DELAY_S, progress=progress
        )
    except watcher.WatchInterrupted as stop:
        kept = "what was compared is saved" if stop.saved else "nothing was saved"
        typer.echo(
            f"\ndata watch stopped after {stop.done:,} of {stop.total:,} sources; {kept}", err=True
        )
        raise typer.Exit(130) from None
    if fmt == "json":
        from emigre.files import strict_json

        text = strict_json(report.document()) + "\n"
    elif fmt == "markdown":
        text = report.markdown()
    else:
        columns = os.environ.get("COLUMNS", "")
        width = (
            int(columns)
            if columns.isdigit() and len(columns) < 6
            else shutil.get_terminal_size((80, 24)).columns
        )
        text = report.text(min(width, 100))
    if output:
        from emigre.files import write_output

        write_output(output, text)
        typer.echo(f"{report.summary()} Report written to {output}")
    else:
        sys.stdout.write(text)


@data_app.command("coverage")
def data_coverage(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write Markdown here")
    ] = None,
    data: DataDir = None,
) -> None:
    """The coverage table (countries x route families) and the freshness of each country's
    figures, as Markdown, generated from the data."""
    from emigre.knowledge.catalogue import coverage_markdown

    kb = knowledge(data)
    text = coverage_markdown(kb.routes, kb.params)
    if output:
        from emigre.files import write_output

        write_output(output, text)
        typer.echo(f"wrote {output}")
    else:
        typer.echo(text)


@data_app.command("schema")
def data_schema(
    kind: Annotated[str, typer.Argument(help="route, parameters, warnings or profile")] = "route",
) -> None:
    """Print the JSON Schema of a data file, for editors."""
    from emigre.schema import json_schema

    print_json(json_schema(kind), pretty=True)


@data_app.command("occupations")
def data_occupations(
    find: Annotated[
        str | None,
        typer.Argument(help="a code or its start (25), or a word of the title (nursing)"),
    ] = None,
) -> None:
    """The ISCO-08 groups (the codes a profile's occupation, offer and licence take), with their
    titles; with FIND, those whose code begins with it or whose title contains it."""
    from emigre import occupations
    from emigre.errors import InputError

    text = (find or "").strip()
    if len(text) > 60:
        raise InputError(
            "FIND: at most 60 characters; give a code such as 25 or a word such as nursing"
        )
    if text.isdigit():
        found = [c for c in occupations.groups() if c.startswith(text)]
    else:
        word = text.casefold()
        found = [c for c, t in occupations.groups().items() if word in t.casefold()]
    if not found:
        raise InputError(
            f"FIND: no ISCO-08 group begins with or mentions '{text}'; "
            "try a shorter code (2) or another word"
        )
    for code in found:
        typer.echo(f"{'  ' * (len(code) - 1)}{code}  {occupations.title(code)}")
