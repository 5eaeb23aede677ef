"""Counts and shares of verdicts: per route, per country and per family (a person counts once
per country or family, with the best verdict among its routes), and overall; and, for a reform,
who gains and who loses eligibility."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from emigre.errors import InputError, printable
from emigre.population.compile import VERDICTS
from emigre.population.reform import Comparison
from emigre.population.results import read_meta


def _counts(codes: pl.Expr, name: str) -> list[pl.Expr]:
    return [(codes == i).sum().alias(f"{name}\x1f{v}") for i, v in enumerate(VERDICTS)]


def summarise(path: Path) -> dict[str, Any]:
    """The summary document of a results file written by `emigre population run`."""
    meta = read_meta(path)
    if "routes" not in meta:
        raise InputError(f"{path}: not a results file of `emigre population run`")
    return summarise_frame(pl.scan_parquet(path), meta, str(path))


def summarise_frame(
    lf: pl.LazyFrame, meta: dict[str, Any], where: str = "results"
) -> dict[str, Any]:
    """The summary of verdicts in `lf` (route columns as `meta["routes"]` lists them)."""
    routes: list[dict[str, str]] = meta["routes"]

    def code(rid: str) -> pl.Expr:
        return pl.col(rid).to_physical()

    groups: dict[str, dict[str, list[str]]] = {"country": {}, "family": {}}
    for r in routes:
        groups["country"].setdefault(r["country"], []).append(r["id"])
        groups["family"].setdefault(r["family"], []).append(r["id"])
    exprs: list[pl.Expr] = [pl.len().alias("people")]
    for r in routes:
        exprs += _counts(code(r["id"]), f"route\x1e{r['id']}")
    for kind, members in groups.items():
        for key, ids in members.items():
            exprs += _counts(pl.min_horizontal([code(i) for i in ids]), f"{kind}\x1e{key}")
    if routes:
        exprs += _counts(pl.min_horizontal([code(r["id"]) for r in routes]), "overall\x1e")
    try:
        row = lf.select(exprs).collect().row(0, named=True)
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"{where}: cannot be read as results ({exc})".splitlines()[0]) from None
    people = int(row.pop("people"))
    tables: dict[str, dict[str, dict[str, int]]] = {}
    for name, value in row.items():
        head, verdict = name.split("\x1f")
        kind, key = head.split("\x1e")
        tables.setdefault(kind, {}).setdefault(key, {})[verdict] = int(value)

    def rows(kind: str, extra: dict[str, dict[str, str]] | None = None) -> list[dict[str, Any]]:
        out = []
        for key, counts in tables.get(kind, {}).items():
            item: dict[str, Any] = {"id": key, **(extra or {}).get(key, {})}
            item.update(counts)
            item["share_eligible"] = counts["eligible"] / people if people else 0.0
            item["share_open"] = (
                (counts["eligible"] + counts["reachable"]) / people if people else 0.0
            )
            out.append(item)
        out.sort(key=lambda d: (-d["share_eligible"], -d["share_open"], d["id"]))
        return out

    info = {r["id"]: {"country": r["country"], "family": r["family"]} for r in routes}
    return {
        "on": meta.get("on"),
        "people": people,
        "skipped": meta.get("skipped", 0),
        "synthetic": bool(meta.get("synthetic")),
        "notice": meta.get("notice"),
        "reform": meta.get("reform"),
        "fallbacks": meta.get("fallbacks", []),
        "overall": tables.get("overall", {}).get("", {}),
        "countries": rows("country"),
        "families": rows("family"),
        "routes": rows("route", info),
    }


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def synthetic_banner(label: str, lead: str, notice: str | None) -> Any:
    """The warning that a population is made up, with the notice its file carries shown as
    written: a Parquet file from elsewhere can put anything there (rich's markup, an emoji
    code, an escape sequence), so it is plain text with its control characters escaped."""
    from rich.text import Text

    return Text.assemble((label, "bold yellow"), ": " + lead + printable(notice or ""))


def print_summary(doc: dict[str, Any], console: Any, top: int | None = None) -> None:
    from rich.table import Table

    people = doc["people"]
    if doc["synthetic"]:
        console.print(
            synthetic_banner(
                "SYNTHETIC POPULATION", "these are not real people. ", doc.get("notice")
            )
        )
    console.print(
        f"{people:,} people evaluated on {doc['on']}"
        + (f"; {doc['skipped']:,} rows skipped as invalid" if doc.get("skipped") else "")
        + (f"; reform: {doc['reform']['title']}" if doc.get("reform") else "")
    )
    overall = doc["overall"]
    if overall and people:
        console.print(
            "Best verdict per person, over every route: "
            + ", ".join(f"{v} {overall[v]:,} ({_pct(overall[v] / people)})" for v in VERDICTS)
        )
    for title, key, label in (
        ("By country (best verdict among its routes)", "countries", "country"),
        ("By family (best verdict among its routes)", "families", "family"),
        ("By route", "routes", "route"),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column(label)
        if key == "routes":
            table.add_column("country")
            table.add_column("family")
        for v in VERDICTS:
            table.add_column(v, justify="right")
        table.add_column("open", justify="right")
        items = doc[key] if top is None or key != "routes" else doc[key][:top]
        for item in items:
            cells = [item["id"]]
            if key == "routes":
                cells += [item["country"], item["family"]]
            cells += [f"{item[v]:,} ({_pct(item[v] / people if people else 0)})" for v in VERDICTS]
            cells.append(_pct(item["share_open"]))
            table.add_row(*cells)
        console.print(table)
    if doc.get("fallbacks"):
        console.print(
            f"{len(doc['fallbacks'])} condition(s) were evaluated row by row (explain face)."
        )


def comparison_doc(comp: Comparison) -> dict[str, Any]:
    """Gains and losses of eligibility (and of an open route: eligible or reachable)."""

    def describe(counts: list[int]) -> dict[str, int]:
        gained = lost = opened = closed = before = after = 0
        for code, n in enumerate(counts):
            b, a = divmod(code, 4)
            before += n * (b == 0)
            after += n * (a == 0)
            gained += n * (b != 0 and a == 0)
            lost += n * (b == 0 and a != 0)
            opened += n * (b > 1 and a <= 1)
            closed += n * (b <= 1 and a > 1)
        return {
            "eligible_before": before,
            "eligible_after": after,
            "gained": gained,
            "lost": lost,
            "open_gained": opened,
            "open_lost": closed,
        }

    return {
        "overall": describe(comp.overall),
        "countries": {k: describe(v) for k, v in sorted(comp.countries.items())},
        "routes": {k: describe(v) for k, v in sorted(comp.routes.items())},
    }


def print_comparison(doc: dict[str, Any], title: str, console: Any) -> None:
    from rich.table import Table

    table = Table(
        title=f"Reform: {title} — against the unreformed run (same people, same date)",
        title_justify="left",
    )
    for col in ("", "eligible before", "eligible after", "gain", "loss", "open +", "open −"):
        table.add_column(col, justify="left" if not col else "right")

    def add(name: str, d: dict[str, int]) -> None:
        table.add_row(
            name,
            f"{d['eligible_before']:,}",
            f"{d['eligible_after']:,}",
            f"+{d['gained']:,}",
            f"−{d['lost']:,}",
            f"+{d['open_gained']:,}",
            f"−{d['open_lost']:,}",
        )

    add("anywhere", doc["overall"])
    for c, d in doc["countries"].items():
        add(f"country {c}", d)
    for r, d in doc["routes"].items():
        add(r, d)
    console.print(table)
    console.print(
        "gain: not eligible before, eligible after; open: eligible or reachable. Only routes "
        "that read an overridden parameter can change."
    )
