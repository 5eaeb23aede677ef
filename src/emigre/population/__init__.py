"""Population mode: the same rules over a table of many profiles.

* `schema`   the flat table of profiles (one row per person), its reading, checking and mapping
             to the `Profile` model;
* `compile`  the *vectorise* face of the conditions: each condition type compiles to polars
             expressions computing the same four states as the *explain* face;
* `engine`   running the compiled plan over a file, batch by batch (polars) or partition by
             partition (Dask), with reforms (parameter overrides) and summaries;
* `synth`    a synthetic population drawn from a sourced distribution spec;
* `cli`      the `emigre population` commands.

Everything here needs the optional extra: `pip install 'emigre[population]'`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

EXTRA_HINT = (
    "population mode needs the optional extra: pip install 'emigre[population]' "
    "(polars, pyarrow, numpy; dask and distributed for --engine dask)"
)


def lazy_population_app() -> typer.Typer:
    """The `emigre population` sub-app for `emigre.cli`. Its module imports only typer; polars,
    pyarrow and dask load inside the commands, so `emigre --help` stays fast and works without
    the optional extra."""
    from emigre.population.cli import population_app

    return population_app
