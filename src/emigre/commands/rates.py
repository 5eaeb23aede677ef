"""`emigre rates …`: the exchange rates used to show amounts in the person's currency, and
(online, only when asked) their update from the central banks."""

from __future__ import annotations

from typing import Annotated

import typer

from emigre.commands.options import (
    DataDir,
    OnDate,
    evaluation_date,
    knowledge,
)
from emigre.errors import InputError

rates_app = typer.Typer(
    help="Exchange rates used to show amounts in your currency.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@rates_app.command("update")
def rates_update(
    on: Annotated[
        str | None, typer.Option("--date", help="rates of this date (default: the latest)")
    ] = None,
) -> None:
    """Download the latest exchange rates from the ECB and the Bank of Russia and save them in your
    data folder. Goes online (like `data watch`, and only when you run it); sends nothing about you."""
    from emigre.fxupdate import update
    from emigre.money import user_rates_path

    when = evaluation_date(on, "--date") if on else None
    dest = user_rates_path()
    typer.echo("Downloading rates from www.ecb.europa.eu and www.cbr.ru…", err=True)
    changed, newest = update(dest, on=when)
    if changed:
        typer.echo(f"Saved {changed} new or changed rates (newest {newest}) to {dest}")
    else:
        typer.echo(f"Rates in {dest} are already up to date (newest {newest})")


@rates_app.command("show")
def rates_show(
    currency: Annotated[str, typer.Argument(help="ISO 4217 code, e.g. RUB")],
    on: OnDate = None,
    data: DataDir = None,
) -> None:
    """The rate emigre uses for a currency at a date, with its date and source."""
    kb = knowledge(data)
    when = evaluation_date(on)
    rate = kb.fx.rate(currency.upper(), when)
    if rate is None:
        raise InputError(f"no rate for '{currency}'; known: {', '.join(kb.fx.currencies())}")
    in_force = rate.on >= when or (rate.valid_until is not None and rate.valid_until >= when)
    stale = (
        "" if in_force else f" (the newest known; {(when - rate.on).days} days older than {when})"
    )
    typer.echo(f"1 EUR = {rate.per_eur} {rate.currency} on {rate.on}{stale}\nsource: {rate.source}")
    if rate.valid_until is not None:
        after = " (a later rate is not in the data)" if rate.valid_until < when else ""
        typer.echo(f"in force: {rate.on} to {rate.valid_until}{after}")
    if rate.confidence != "official":
        typer.echo(
            f"confidence: {rate.confidence} (a page quoting the official rate, not the bank's own"
            " file; `emigre rates update` downloads the bank's file)"
        )
