"""Reading a table of profiles: a lazy scan of the file, every schema column in its type, the
profile model's defaults, and the number of the first rule each row breaks (`checks`)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from emigre.errors import InputError
from emigre.population.checks import rules
from emigre.population.schema import CODE_KINDS, Column, Kind, Layout, polars_type

if TYPE_CHECKING:
    import polars as pl


def scan_people(source: str | Path) -> pl.LazyFrame:
    """A lazy scan of a Parquet or CSV file (or a glob of them); nothing is read yet."""
    import polars as pl

    text = str(source)
    suffix = Path(text).suffix.lower()
    has_glob = any(ch in text for ch in "*?[")
    if not has_glob and not Path(text).is_file():
        raise InputError(f"{text}: no such file; give a Parquet or CSV table of profiles")
    if has_glob:
        import glob

        if not glob.glob(text):
            raise InputError(f"{text}: no file matches")
    if suffix in (".parquet", ".pq"):
        return pl.scan_parquet(text)
    if suffix == ".csv":
        return pl.scan_csv(text, infer_schema=False, raise_if_empty=False)
    raise InputError(f"{text}: expected a .parquet or .csv file")


def _raw_kind(dtype: pl.DataType) -> str:
    import polars as pl

    if dtype == pl.Null:
        return "null"
    if dtype == pl.String:
        return "string"
    if dtype == pl.Date:
        return "date"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if dtype == pl.Boolean:
        return "bool"
    if dtype.is_integer():
        return "int"
    if dtype.is_float():
        return "float"
    if isinstance(dtype, pl.Categorical | pl.Enum):
        return "cat"
    return "other"


def check_types(schema: pl.Schema, layout: Layout) -> None:
    """Column types no value of which could be read: a column of lists or structs, and ISCO
    codes stored as numbers (a number cannot keep the 0 of 0110, nor tell 011 from 11, so
    reading them would misread some rows without a word). Named with the fix, before any row
    is read."""
    import polars as pl

    kinds = {c.name: c.kind for c in layout.columns()}
    renamed = dict(layout.renames)
    for name, dtype in schema.items():
        kind = kinds.get(renamed.get(name, name))
        if kind is None:
            continue
        raw = _raw_kind(dtype)
        if isinstance(dtype, pl.List | pl.Array | pl.Struct):
            raise InputError(
                f"{name}: a column of {dtype}; each cell must be one value "
                "(text, a number, a date or true/false)"
            )
        if kind == "isco" and raw in ("int", "float"):
            raise InputError(
                f"{name}: ISCO-08 codes are stored as numbers ({dtype}), which lose the 0 of "
                "0110 and cannot tell 011 from 11; store the column as text"
            )


Failure = Literal["never", "text", "cell"]
"""Where reading a column into its type fails: nowhere; where the cell, as trimmed text, is not
empty but its value in the type is; or wherever the cell is not empty (a type no value of which
can be read)."""


def _typed(col: Column, raw: pl.DataType | None) -> tuple[pl.Expr, Failure]:
    """The column in its schema type, and where the raw value could not be read as that type."""
    import polars as pl

    target = polars_type(col)
    if raw is None:
        return pl.lit(None, dtype=target), "never"
    x = pl.col(col.name)
    rk = _raw_kind(raw)
    if rk == "null":
        return pl.lit(None, dtype=target), "never"
    if col.kind == "date":
        if rk == "date":
            return x, "never"
        if rk == "datetime":
            return x.dt.date(), "never"
        if rk in ("string", "cat"):
            s = x.cast(pl.String).str.strip_chars()
            return s.str.to_date("%Y-%m-%d", strict=False), "text"
        return pl.lit(None, dtype=pl.Date), "cell"
    if col.kind in ("number", "year"):
        if rk in ("int", "float"):
            return x.cast(pl.Float64), "never"
        if rk in ("string", "cat"):
            return x.cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False), "text"
        return pl.lit(None, dtype=pl.Float64), "cell"
    if col.kind == "bool":
        if rk == "bool":
            return x, "never"
        if rk in ("string", "cat", "int"):
            s = x.cast(pl.String).str.strip_chars().str.to_lowercase()
            parsed = (
                pl.when(s.is_in(["true", "1", "yes"]))
                .then(True)
                .when(s.is_in(["false", "0", "no"]))
                .then(False)
            )
            return parsed, "text"
        return pl.lit(None, dtype=pl.Boolean), "cell"
    # Text kinds: codes, levels, choices. Cleaned value by distinct value (a column holds few),
    # and not at all when every value is clean already. Codes come out as categoricals: each
    # value is hashed once, here, and the checks and the conditions compare small integers.
    if rk in ("string", "cat", "int"):
        code = col.kind in CODE_KINDS
        return x.cast(pl.String).map_batches(
            _text_cleaner(col.kind, code),
            return_dtype=pl.Categorical if code else pl.String,
            is_elementwise=True,
        ), "never"
    return pl.lit(None, dtype=pl.String), "cell"


def _failed(typed: pl.Expr, raw: pl.Expr, failure: Failure) -> pl.Expr:
    """Where reading `raw` into `typed` failed (see `Failure`)."""
    import polars as pl

    if failure == "cell":
        return raw.is_not_null()
    return raw.is_not_null() & (raw.cast(pl.String).str.strip_chars() != "") & typed.is_null()


def clean_text(value: str, kind: Kind) -> str | None:
    """Trimmed; empty is missing; codes in capitals, choices in small letters."""
    v = value.strip()
    if not v:
        return None
    if kind in ("country", "currency"):
        return v.upper()
    if kind == "level":
        return "native" if v.lower() == "native" else v.upper()
    if kind == "choice":
        return v.lower()
    return v


def _text_cleaner(kind: Kind, code: bool) -> Any:
    """The cleaning of one text column (`clean_text` on each distinct value), as a categorical
    when `code`."""
    import polars as pl

    def clean(s: pl.Series) -> pl.Series:
        if code:
            cat = s.cast(pl.Categorical)
            before = cat.unique().drop_nulls().cast(pl.String).to_list()
        else:
            before = s.drop_nulls().unique().to_list()
        after = [clean_text(v, kind) for v in before]
        if after != before:
            s = s.replace_strict(before, after, default=None, return_dtype=pl.String)
        elif code:
            return cat
        return s.cast(pl.Categorical) if code else s

    return clean


def normalise(lf: pl.LazyFrame, layout: Layout) -> pl.LazyFrame:
    """Every schema column in its type (absent ones as empty columns), defaults filled in as the
    profile model fills them, and `_check`: the number of the first rule the row breaks, or
    null (`with_messages` turns it into words, for the few rows that need them).

    Expects a `row` column (the 1-based row number) to be present already."""
    if layout.renames:
        lf = lf.rename(dict(layout.renames))
    schema = lf.collect_schema()
    typed, parsed, checked, raws = _normalising(layout, tuple(schema.items()), date.today())
    return lf.select(*typed).with_columns(*parsed).with_columns(*checked).drop(raws)


@lru_cache(maxsize=8)
def _normalising(
    layout: Layout, schema: tuple[tuple[str, pl.DataType], ...], today: date
) -> tuple[list[pl.Expr], list[pl.Expr], list[pl.Expr], list[str]]:
    """`normalise`'s steps for a table of this layout and these column types (the rules read
    today's date), and the helper columns to drop at the end: built once, not for every batch
    of a run, since building them (about 1,000 expressions, a few long lists of codes) took
    ~30 ms of Python each time.

    The columns are typed first, keeping the raw cells of those whose reading can fail under
    another name; where it failed is found from the typed and the raw column afterwards (with
    the failures tested in the same step as the typing, each value was parsed twice: a third
    of the reading and checking of a table of text)."""
    import polars as pl

    raw = dict(schema)
    cols = layout.columns()
    typed: dict[str, pl.Expr] = {}
    kept: list[pl.Expr] = []
    failed_at: list[pl.Expr] = []
    failed_raw: list[pl.Expr] = []
    for i, col in enumerate(cols):
        expr, failure = _typed(col, raw.get(col.name))
        typed[col.name] = expr
        if col.name in raw and failure != "never":
            cell = pl.col(f"_raw{i}")
            kept.append(pl.col(col.name).alias(f"_raw{i}"))
            failed = _failed(pl.col(col.name), cell, failure)
            failed_at.append(pl.when(failed).then(pl.lit(i, dtype=pl.UInt16)))
            failed_raw.append(pl.when(failed).then(cell.cast(pl.String)))
    none16, none_s = pl.lit(None, dtype=pl.UInt16), pl.lit(None, dtype=pl.String)
    parse_col = pl.coalesce(failed_at) if failed_at else none16
    parse_raw = pl.coalesce(failed_raw) if failed_raw else none_s
    t = {name: pl.col(name) for name in typed}
    offer = t["offer_country"].is_not_null() | t["offer_salary"].is_not_null()
    code = pl.coalesce(
        pl.when(pl.col("_parse_col").is_not_null()).then(pl.lit(0, dtype=pl.UInt16)),
        *(
            pl.when(cond.fill_null(False)).then(pl.lit(i + 1, dtype=pl.UInt16))
            for i, (cond, _) in enumerate(
                rules(layout, absent=[n for n in typed if n not in raw], today=today)
            )
        ),
    )
    # Defaults, as the profile model fills them.
    # Savings left empty stay empty (unknown), as in a profile: never a known 0.
    defaults = {
        "university_years": t["university_years"].fill_null(0.0),
        "offer_currency": pl.when(offer)
        .then(t["offer_currency"].fill_null(pl.lit("EUR")))
        .otherwise(t["offer_currency"]),
        **{f"{p}_remote": t[f"{p}_remote"].fill_null(False) for p in layout.jobs},
        "admission_kind": pl.when(t["admission_country"].is_not_null())
        .then(t["admission_kind"].fill_null(pl.lit("university")))
        .otherwise(t["admission_kind"]),
        "goal": t["goal"].fill_null(pl.lit("settle_eu")),
        "self_study": t["self_study"].fill_null(False),
    }
    keep = [pl.col("row"), *([pl.col("person_id")] if layout.has_id else [])]
    first = [*keep, *(e.alias(n) for n, e in typed.items()), *kept]
    parsed = [parse_col.alias("_parse_col"), parse_raw.alias("_parse_raw")]
    checked = [code.alias("_check"), *(e.alias(n) for n, e in defaults.items())]
    return first, parsed, checked, [e.meta.output_name() for e in kept]


def polars_frame(rows: list[dict[str, Any]], layout: Layout) -> pl.DataFrame:
    """A typed frame of flat rows (missing keys are empty cells), in the schema's types."""
    import polars as pl

    schema = {c.name: polars_type(c) for c in layout.columns()}
    data = {name: [r.get(name) for r in rows] for name in schema}
    return pl.DataFrame(data, schema=schema)
