"""`emigre population …`: synthetic populations, runs over tables of profiles, summaries, reforms.

This module imports only typer and the standard library; polars, pyarrow, numpy and dask load
inside the commands, so `emigre --help` stays fast and works without the optional extra.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from functools import partial
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from emigre.errors import InputError, knowledge_folder, parse_date, printable

if TYPE_CHECKING:
    from emigre.population.engine import RunResult

population_app = typer.Typer(
    help="Population mode: the same rules over a table of many profiles (needs the extra "
    "emigre[population]).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data", help="knowledge-base folder (default: the bundled one)", callback=knowledge_folder
    ),
]
MAX_SHOWN_ERRORS = 10


def _need_extra(engine: str = "polars") -> None:
    from emigre.population import EXTRA_HINT

    # Looked up, not imported: a command imports only what it uses (pyarrow and numpy alone
    # took ~0.1 s, and `run` needs neither).
    if any(find_spec(name) is None for name in ("numpy", "polars", "pyarrow")):
        raise InputError(EXTRA_HINT)
    if engine == "dask" and any(find_spec(name) is None for name in ("dask", "distributed")):
        raise InputError(
            "--engine dask needs dask and distributed: pip install 'emigre[population]'"
        )


def _date(value: str | None, option: str = "--on") -> date:
    return parse_date(value, option)


MAX_WIDTH = 1000
"""The widest output laid out; a wider $COLUMNS (which rich reads) is a mistake, not a screen."""


def _err_console() -> Any:
    from rich.console import Console

    console = Console(stderr=True)
    return console if console.width <= MAX_WIDTH else Console(stderr=True, width=MAX_WIDTH)


def _console() -> Any:
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        return Console(width=150)
    return console if console.width <= MAX_WIDTH else Console(width=MAX_WIDTH)


def _progress_factory(console: Any, label: str) -> Any:
    """A rich progress bar for long runs (more than one batch, on a terminal)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    holder: dict[str, Any] = {}

    def start(total: int) -> Any:
        from emigre.population.engine import BATCH_ROWS

        if not console.is_terminal or total <= BATCH_ROWS:
            return None
        progress = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        progress.start()
        task = progress.add_task(label, total=total)
        holder["p"] = progress

        def tick(n: int) -> None:
            progress.advance(task, n)

        return tick

    def stop() -> None:
        if "p" in holder:
            holder["p"].stop()

    start.stop = stop  # type: ignore[attr-defined]
    return start


@population_app.command("synth")
def synth(
    size: Annotated[int, typer.Option("--size", help="how many people to draw", min=1)],
    spec: Annotated[
        Path,
        typer.Option("--spec", help="distribution spec, e.g. examples/population/ru_it.yaml"),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Parquet file to write")],
    seed: Annotated[int, typer.Option("--seed", help="random seed (same seed, same people)")] = 1,
    on: Annotated[
        str | None,
        typer.Option("--on", help="reference date of ages and careers (default: the spec's)"),
    ] = None,
) -> None:
    """Draw a SYNTHETIC population from a distribution spec whose every figure has a source."""
    _need_extra()
    from emigre.population.summary import synthetic_banner
    from emigre.population.synth import load_spec, write_population

    dist = load_spec(spec)
    when = _date(on) if on else dist.reference_date
    err = _err_console()
    err.print(synthetic_banner("SYNTHETIC", "", dist.notice))
    n = write_population(dist, size, output, seed=seed, on=when)
    typer.echo(
        f"wrote {n:,} synthetic people to {output} (spec {spec}, seed {seed}, reference date "
        f"{when}); they are not real people"
    )
    unverified = dist.unverified()
    if unverified:
        err.print(
            f"{len(unverified)} figure(s) of the spec are marked unverified: "
            + printable(", ".join(unverified)),
            markup=False,
        )


def _report_run(res: RunResult, errors_file: Path | None) -> None:
    from emigre.population.summary import synthetic_banner

    err = _err_console()
    if res.synthetic:
        err.print(
            synthetic_banner("SYNTHETIC POPULATION", "these are not real people. ", res.notice)
        )
    for fb in res.fallbacks:
        err.print(
            f"note: {fb.route}: condition '{fb.condition}' ({fb.type}) is evaluated row by row "
            f"through the explain face ({fb.reason}); slower, same answers"
        )
    if res.bad:
        err.print(
            f"[bold]{len(res.bad):,} row(s) skipped[/] because they break the schema "
            "(row 1 is the first data row):"
        )
        for b in res.bad.rows[:MAX_SHOWN_ERRORS]:
            err.print(f"  row {b.row}: {printable(b.message)}", markup=False, highlight=False)
        if len(res.bad) > MAX_SHOWN_ERRORS:
            err.print(f"  … and {len(res.bad) - MAX_SHOWN_ERRORS:,} more")
        if errors_file is not None:
            res.bad.write_csv(errors_file)
            err.print(f"  every skipped row, with its reason: {errors_file}")
    evals = res.people * len(res.routes)
    rate = evals / res.seconds if res.seconds > 0 else 0.0
    speed = f"{rate / 1e6:.1f} million a second" if rate >= 1e6 else f"{rate:,.0f} a second"
    err.print(
        f"{res.people:,} people × {len(res.routes)} routes = {evals:,} evaluations in "
        f"{res.seconds:.2f} s ({speed})"
    )


@population_app.command("run")
def run(
    source: Annotated[
        str, typer.Argument(help="Parquet or CSV table of profiles, or a glob 'data/*.parquet'")
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="evaluation date YYYY-MM-DD (default: today)")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="write the verdicts (person × route) to this Parquet"),
    ] = None,
    reform: Annotated[
        Path | None,
        typer.Option("--reform", help="parameter overrides (YAML); prints gains and losses"),
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="polars (this machine) or dask")] = (
        "polars"
    ),
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786"),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", help="workers of a local Dask cluster", min=1)
    ] = 2,
    batch_rows: Annotated[
        int, typer.Option("--batch-rows", help="rows per batch or partition", min=1)
    ] = 250_000,
    errors: Annotated[
        Path | None,
        typer.Option("--errors", help="write skipped rows here (default: OUTPUT.errors.csv)"),
    ] = None,
    data: DataDir = None,
) -> None:
    """Every route's verdict for every person of a table at a date (polars, or Dask)."""
    if engine not in ("polars", "dask"):
        raise InputError(f"--engine: '{engine}' is not known; expected polars or dask")
    if scheduler and engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    _need_extra(engine)
    from emigre.knowledge.loader import knowledge_base
    from emigre.population import engine as eng
    from emigre.population.reform import load_reform

    when = _date(on)
    kb = knowledge_base(data)
    ref = load_reform(reform) if reform else None
    start = _progress_factory(_err_console(), "evaluating")
    runner: Callable[..., RunResult] = eng.run
    if engine == "dask":
        from emigre.population.cluster import run_dask

        runner = partial(run_dask, scheduler=scheduler, workers=workers)
    try:
        res = runner(
            source, when, kb, output=output, reform=ref, batch_rows=batch_rows, progress=start
        )
    finally:
        start.stop()
    if errors is None and output is not None and res.bad:
        errors = output.with_name(output.name + ".errors.csv")
    _report_run(res, errors)
    if res.people == 0:  # nothing was evaluated: a failed run, not an empty success
        raise InputError(
            f"every one of the {len(res.bad):,} row(s) was skipped; fix the rows listed above"
            if res.bad
            else f"{source}: the table has no rows"
        )
    from emigre.population.summary import comparison_doc, print_comparison

    if output is not None:
        typer.echo(f"wrote {res.people:,} × {len(res.routes)} verdicts to {output}")
    if ref is not None and res.comparison is not None:
        print_comparison(comparison_doc(res.comparison), ref.title, _console())
    elif output is None and res.frame is not None:
        from emigre.population.summary import print_summary, summarise_frame

        # Without an output file, show the summary of this run instead.
        print_summary(summarise_frame(res.frame.lazy(), res.meta), _console(), top=20)


@population_app.command("summary")
def summary(
    results: Annotated[Path, typer.Argument(help="results of `emigre population run`")],
    format: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    top: Annotated[
        int | None, typer.Option("--top", help="show only the N most open routes")
    ] = None,
) -> None:
    """Counts and shares of verdicts by route, by country and by family."""
    if format not in ("table", "json"):
        raise InputError(f"--format: '{format}' is not known; expected table or json")
    _need_extra()
    if not results.is_file():
        raise InputError(f"{results}: no such file; give the output of `emigre population run`")
    from emigre.population.summary import print_summary, summarise

    doc = summarise(results)
    if format == "json":
        from emigre.files import strict_json

        sys.stdout.write(strict_json(doc) + "\n")
    else:
        print_summary(doc, _console(), top=top)


@population_app.command("schema")
def schema() -> None:
    """The flat table schema of profiles (one row per person), column by column."""
    from emigre.population import schema as sch

    doc = (sch.__doc__ or "").strip()
    head, sep, rest = doc.partition("The columns are listed in docs/population.md")
    if sep:  # the table itself, generated from the columns, in place of the pointer to it
        doc = head + sch.columns_markdown() + rest.split("\n\n", 1)[-1].join(["\n", ""])
    typer.echo(doc.strip())
