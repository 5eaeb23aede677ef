"""Population mode: the same rules over a table of many profiles.

* `schema`   the flat table of profiles (one row per person): its columns and their layout;
* `reading`  scanning a Parquet/CSV table, typing its columns, filling the model's defaults;
* `checks`   the schema's rules over a typed table (which rule a row breaks, and in words);
* `rows`     one row ↔ one `Profile` (the mapping both faces share), skipped rows;
* `compile`  the *vectorise* face of the conditions: each condition type compiles to polars
             expressions computing the same four states as the *explain* face;
* `engine`   running the compiled plan over a file batch by batch on this machine (polars);
* `cluster`  the same, partition by partition on a Dask cluster;
* `results`  the results file (Parquet streamed by polars' own sink) and its metadata;
* `reform`   reforms (parameter overrides) and their before/after comparison;
* `summary`  counts and shares of verdicts from a results file;
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
