"""Charts as inline SVG, drawn on the server: no JavaScript library, nothing fetched, and the same
picture with scripts turned off. Colours come from the stylesheet (classes), not inline styles,
so that the Content-Security-Policy needs no 'unsafe-inline'."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any

from emigre.i18n import _, shortened
from emigre.report.labels import MONTHS
from emigre.web import formats

WIDTH = 820
#: The width of the phone version of each chart, drawn for ~360 CSS pixels so that its text is
#: as large as the page's (a wide chart shrunk to a phone's width would be unreadable). The
#: stylesheet shows one of the two.
NARROW = 360


def _both(draw: Callable[..., str], *args: Any) -> str:
    """The wide chart and its phone version, one after the other."""
    return draw(*args, width=WIDTH) + draw(*args, width=NARROW)


def _variant(width: int) -> str:
    return "wide" if width > NARROW else "narrow"


def _svg(kind: str, wide: str, width: int, height: int, label: str, body: list[str]) -> str:
    """One chart (its class `<kind>-chart`, plus `wide` on the wide version): `body` inside an
    <svg> named by `label` for screen readers."""
    classes = f"{kind}-chart {_variant(width)}{'' if width <= NARROW else wide}"
    head = (
        f'<svg class="chart {classes}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    )
    return head + "".join(body) + "</svg>"


@dataclass(frozen=True)
class _Dates:
    """A time axis from `t0` to a month after the last of `ends`, across a chart `width` wide
    (on a phone names stand above the bars, which take the whole width)."""

    t0: date
    t1: date
    width: int
    left: int
    right: int

    @classmethod
    def over(cls, t0: date, ends: list[date], width: int) -> _Dates:
        left, right = (8, 12) if width <= NARROW else (250, 24)
        return cls(t0, max(ends) + timedelta(days=30), width, left, right)

    def x(self, d: date) -> float:
        span = (self.t1 - self.t0).days or 1
        return self.left + (d - self.t0).days / span * (self.width - self.left - self.right)

    def grid(self, top: int, bottom: int) -> list[str]:
        """A line at each tick from `top` to `bottom`, labelled where there is room."""
        ticks, tick_step = _ticks(self.t0, self.t1)
        every = max(1, math.ceil(len(ticks) * 70 / (self.width - self.left - self.right)))
        out = []
        labels = _Ticks(self.width)
        for i, d in enumerate(ticks):
            xd = self.x(d)
            out.append(
                f'<line class="grid" x1="{xd:.1f}" y1="{top - 6}" x2="{xd:.1f}" y2="{bottom}"/>'
            )
            tick = _tick_label(d, tick_step)
            anchor = labels.place(xd, tick) if i % every == 0 else None
            if anchor:
                out.append(
                    f'<text class="tick" x="{xd:.1f}" y="{top - 12}" '
                    f'text-anchor="{anchor}">{escape(tick)}</text>'
                )
        return out


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _month_label(d: date, with_year: bool = True) -> str:
    name = _(MONTHS[d.month - 1])
    return f"{name} {d.year}" if with_year else name


def _ticks(t0: date, t1: date) -> tuple[list[date], int]:
    """First days of months between t0 and t1, every 1, 3, 6 or 12 months (and that step)."""
    months = (t1.year - t0.year) * 12 + t1.month - t0.month
    step = 1 if months <= 8 else 3 if months <= 30 else 6 if months <= 60 else 12
    out: list[date] = []
    y, m = t0.year, t0.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, 1
        d = date(y, m, 1)
        if d > t1:
            return out, step
        if (m - 1) % step == 0:
            out.append(d)


def _tick_label(d: date, step: int) -> str:
    return str(d.year) if step == 12 else _month_label(d)


def _anchor(x: float, width: int, text: str = "") -> str:
    """A tick's label stays inside the chart at both ends (its width estimated at 7 px a
    character of an 11 px label, "дек 2027" included)."""
    half = max(36.0, len(text) * 3.5)
    return "start" if x < half else "end" if x > width - half else "middle"


class _Ticks:
    """Tick labels along an axis, each kept inside the chart (`_anchor`) and left out where it
    would run into the one before (the last, drawn leftwards from the edge, most often)."""

    def __init__(self, width: int) -> None:
        self.width, self.right_end = width, -1e9

    def place(self, x: float, text: str) -> str | None:
        """The label's anchor, or None when it would overlap the label before it."""
        anchor = _anchor(x, self.width, text)
        w = len(text) * 7.0
        left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        if left < self.right_end + 6:
            return None
        self.right_end = left + w
        return anchor


def _label_place(x: float, text: str, width: int, gap: float) -> tuple[str, float]:
    """Where a label beside a mark at `x` goes so that it stays inside the chart: after the
    mark where it fits, else before it, else as far right as it fits (a phone's narrow chart
    with a long Russian label). The width is estimated at 7 px a character (11.5 px bold)."""
    est = len(text) * 7.0
    if x + gap + est <= width - 2:
        return "start", x + gap
    if x - gap - est >= 2:
        return "end", x - gap
    return "end", float(width - 2)


def _short(text: str, n: int) -> str:
    """A label cut at a word with "…" (`i18n.shortened`): a chart never shows half a word."""
    return shortened(text, n)


def fmt_amount(value: float | None) -> str:
    """12345.6 -> "12 346": thin spaces between thousands read well in both languages."""
    if value is None:
        return "?"
    return f"{value:,.0f}".replace(",", "\u202f")


def _compact(value: float) -> str:
    """500 000 -> "500 k" ("500 тыс."), 1 500 000 -> "1.5 M" ("1,5 млн")."""
    a = abs(value)
    if a >= 1e6:
        return _("%(n)s M") % {"n": formats.number(value / 1e6, 1)}
    if a >= 1e3:
        return _("%(n)s k") % {"n": formats.number(value / 1e3, 0)}
    return formats.number(value, 0)


def _nice_step(span: float, count: int = 4) -> float:
    raw = span / count if span > 0 else 1.0
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return float(m * mag)
    return float(10 * mag)


def _label(text: str) -> str:
    """A text of the plan as the page shows it (amounts, dates and country names tidied)."""
    return formats.tidy(text, countries=formats.KNOWN_COUNTRIES)


def _end(s: dict[str, Any]) -> str:
    """Where a step's bar ends: its end, or the earliest it could end when the end is not
    known (`end` null; the bar is then dashed and marked `?`)."""
    return str(s.get("end") or s.get("earliest_end") or s["start"])


def arrival_of(doc: dict[str, Any]) -> tuple[str | None, bool]:
    """The day a chart marks as the arrival and whether it is a date (False: only the
    earliest possible day, a step's duration being unknown)."""
    if doc.get("arrival"):
        return str(doc["arrival"]), True
    return doc.get("earliest_arrival"), False


def timeline(
    steps: Sequence[dict[str, Any]], on: str, arrival: str | None, dated: bool = True
) -> str:
    """A Gantt-style chart of a plan's steps; the uncertain tail of a step is hatched, a step
    whose duration is not in the data is dashed and marked `?`, arrival is a vertical line
    (labelled "not before" when `dated` is False)."""
    return _both(_timeline, steps, on, arrival, dated)


def _timeline(
    steps: Sequence[dict[str, Any]],
    on: str,
    arrival: str | None,
    dated: bool = True,
    width: int = WIDTH,
) -> str:
    narrow = width <= NARROW
    t0 = _d(on)
    ends = [t0 + timedelta(days=120)]
    for s in steps:
        ends.append(_d(_end(s)))
        if s.get("end_high"):
            ends.append(_d(s["end_high"]))
    if arrival:
        ends.append(_d(arrival))
    axis = _Dates.over(t0, ends, width)
    x, left, top = axis.x, axis.left, 34
    row, bar_dy = (38, 17) if narrow else (26, 5)
    height = top + row * max(len(steps), 1) + (26 if narrow else 12)
    hatch, names = f"hatch-{_variant(width)}", f"names-{_variant(width)}"
    out = [
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern>'
        f'<clipPath id="{names}"><rect x="0" y="0" width="{left - 8}" height="{height}"/>'
        "</clipPath></defs>",
        *axis.grid(top, height - 8),
    ]
    out.append(
        f'<line class="today" x1="{x(t0):.1f}" y1="{top - 6}" x2="{x(t0):.1f}" y2="{height - 8}"/>'
    )
    for i, s in enumerate(steps):
        y = top + i * row
        start, end = _d(s["start"]), _d(_end(s))
        kind = escape(s.get("kind", "step"))
        name = _label(s["title"])
        last = (
            formats.day(s["end_high"])
            if s.get("end_high")
            else formats.day(s["end"])
            if s.get("end")
            else "?"
        )
        title = escape(
            f"{name} — {formats.day(s['start'])} → {last}"
            + ("" if s.get("known", True) else " (?)")
        )
        cls = f"bar k-{kind}" + ("" if s.get("known", True) else " unknown")
        out.append(f'<g class="step" data-kind="{kind}"><title>{title}</title>')
        # the laptop chart's names stand in a column left of the bars: short enough to fit it,
        # and clipped to it whatever the font (a long name never runs under a bar)
        short = _short(name, 44 if narrow else 32)
        clip = "" if narrow else f' clip-path="url(#{names})"'
        out.append(
            f'<text class="label" x="{left if narrow else 6}" y="{y + 12 if narrow else y + 17}"'
            f"{clip}>{escape(short)}</text>"
        )
        x0, x1 = x(start), x(end)
        by = y + bar_dy
        if x1 - x0 < 4:
            cx = (x0 + x1) / 2
            out.append(f'<path class="{cls} milestone" d="M{cx:.1f},{by} l7,8 l-7,8 l-7,-8 z"/>')
        else:
            out.append(
                f'<rect class="{cls}" x="{x0:.1f}" y="{by}" width="{x1 - x0:.1f}" height="16" rx="3"/>'
            )
        if s.get("end_high"):
            xh = x(_d(s["end_high"]))
            if xh > x1:
                out.append(
                    f'<rect class="bar-high" x="{x1:.1f}" y="{by}" width="{xh - x1:.1f}" '
                    f'height="16" rx="3" fill="url(#{hatch})"/>'
                )
        if not s.get("known", True):
            out.append(
                f'<text class="unknown-mark" x="{max(x1, x0 + 8) + 6:.1f}" y="{by + 13}">?</text>'
            )
        out.append("</g>")
    if arrival:
        xa = x(_d(arrival))
        out.append(
            f'<line class="arrival" x1="{xa:.1f}" y1="{top - 6}" x2="{xa:.1f}" y2="{height - 8}"/>'
        )
        if dated:
            when = _("arrival {date}").format(date=formats.day(arrival))
        elif arrival > on:
            when = _("arrival not before {date} ?").format(date=formats.day(arrival))
        else:  # "not before today" says nothing (as in the terminal)
            when = _("arrival: ? no data")
        anchor, xl = _label_place(xa, when, width, 4)
        out.append(
            f'<text class="arrival-label" x="{xl:.1f}" y="{height - 12}" '
            f'text-anchor="{anchor}">{escape(when)}</text>'
        )
    return _svg("timeline", " timeline", width, height, _("Timeline of the steps"), out)


def cashflow(months: Sequence[dict[str, Any]], currency: str) -> str:
    """Savings month by month (the area), what must be shown and is locked (the dashed line),
    and what is paid each month (the bars), in the person's currency where a rate is known."""
    if not months:
        return ""
    return _both(_cashflow, months, currency)


def _cashflow(months: Sequence[dict[str, Any]], currency: str, width: int = WIDTH) -> str:
    narrow = width <= NARROW
    cur = currency if all(m["balance"].get(currency) is not None for m in months) else "EUR"

    def val(m: dict[str, Any], key: str) -> float:
        v = m[key].get(cur)
        return float(v) if v is not None else 0.0

    bal = [val(m, "balance") for m in months]
    locked = [val(m, "locked") for m in months]
    paid = [val(m, "paid") for m in months]
    hi = max([*bal, *locked, *paid, 1.0])
    lo = min([*bal, 0.0])
    step = _nice_step(hi - lo)
    y_lo = math.floor(lo / step) * step
    y_hi = math.ceil(hi / step) * step
    legend = [
        ("balance", _("savings")),
        ("locked", _("to show (locked)")),
        ("paid", _("paid that month")),
    ]
    # on a phone the legend is a column above the chart
    legend_h = 18 * len(legend) + 8 if narrow else 0
    left, right, bottom = (62 if narrow else 78), (10 if narrow else 16), 30
    top = 34 + legend_h
    height = (240 if narrow else 270) + legend_h
    n = len(months)
    inner_w = width - left - right
    bw = inner_w / n

    def x(i: float) -> float:
        return left + i * bw

    def y(v: float) -> float:
        return top + (y_hi - v) / ((y_hi - y_lo) or 1) * (height - top - bottom)

    word_balance, word_locked, word_paid = _("balance"), _("locked"), _("paid")
    out: list[str] = []
    v = y_lo
    while v <= y_hi + step / 2:
        out.append(
            f'<line class="grid" x1="{left}" y1="{y(v):.1f}" x2="{width - right}" y2="{y(v):.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">'
            f"{escape(_compact(v))}</text>"
        )
        v += step
    for i, p in enumerate(paid):
        if p > 0:
            out.append(
                f'<rect class="paid" x="{x(i) + bw * 0.15:.1f}" y="{y(p):.1f}" '
                f'width="{bw * 0.7:.1f}" height="{y(0) - y(p):.1f}">'
                f"<title>{escape(formats.month(months[i]['month']))}: {escape(word_paid)} "
                f"{escape(formats.money(p, cur))}</title></rect>"
            )
    pts = " ".join(f"{x(i + 0.5):.1f},{y(b):.1f}" for i, b in enumerate(bal))
    area = f"{x(0.5):.1f},{y(max(y_lo, 0)):.1f} {pts} {x(n - 0.5):.1f},{y(max(y_lo, 0)):.1f}"
    out.append(f'<polygon class="balance-area" points="{area}"/>')
    out.append(f'<polyline class="balance" points="{pts}"/>')
    if any(lk > 0 for lk in locked):
        lpts = " ".join(
            f"{x(i):.1f},{y(lk):.1f} {x(i + 1):.1f},{y(lk):.1f}" for i, lk in enumerate(locked)
        )
        out.append(f'<polyline class="locked" points="{lpts}"/>')
    # Words outside the f-strings, so that the catalog finds them.
    w_income = escape(_("income"))
    for i, m in enumerate(months):
        earned = val(m, "income") if m.get("income") else 0.0  # after arrival, where counted
        extra = f" · {w_income} {escape(formats.money(earned, cur))}" if earned else ""
        out.append(
            f'<rect class="hover" x="{x(i):.1f}" y="{top}" width="{bw:.1f}" '
            f'height="{height - top - bottom}">'
            f"<title>{escape(formats.month(m['month']))}: {escape(word_balance)} "
            f"{escape(formats.money(bal[i], cur))} · {escape(word_locked)} "
            f"{escape(formats.money(locked[i], cur))} · {escape(word_paid)} "
            f"{escape(formats.money(paid[i], cur))}{extra}</title></rect>"
        )
    every = max(1, math.ceil(n * 64 / inner_w))
    labels = _Ticks(width)
    for i, m in enumerate(months):
        tick, xt = _month_label(_d(m["month"] + "-01")), x(i + 0.5)
        anchor = labels.place(xt, tick) if i % every == 0 else None
        if anchor:
            out.append(
                f'<text class="tick" x="{xt:.1f}" y="{height - 10}" '
                f'text-anchor="{anchor}">{escape(tick)}</text>'
            )
    lx, ly = left, 8
    for cls, text in legend:
        out.append(
            f'<rect class="legend {cls}" x="{lx}" y="{ly}" width="14" height="10"/>'
            f'<text class="legend-text" x="{lx + 20}" y="{ly + 9}">{escape(text)}</text>'
        )
        if narrow:
            ly += 18
        else:
            lx += 34 + len(text) * 8  # Cyrillic runs ~7.7 px a character at 12 px
    symbol = formats.money(0, cur).replace("0", "").strip()
    out.append(
        f'<text class="legend-text" x="{width - right}" y="17" text-anchor="end">'
        f"{escape(symbol or cur)}</text>"
    )
    return _svg("cashflow", " cashflow", width, height, _("Money month by month"), out)


def comparison(routes: Sequence[dict[str, Any]], on: str) -> str:
    """One row per route: from today to its arrival, with its steps in thin bars."""
    return _both(_comparison, routes, on)


def _comparison(routes: Sequence[dict[str, Any]], on: str, width: int = WIDTH) -> str:
    narrow = width <= NARROW
    t0 = _d(on)
    dates = [t0 + timedelta(days=120)]
    for r in routes:
        for s in r.get("steps") or []:
            dates.append(_d(s.get("end_high") or _end(s)))
        day, _dated = arrival_of(r)
        if day:
            dates.append(_d(day))
    axis = _Dates.over(t0, dates, width)
    x, left, top = axis.x, axis.left, 34
    row = 62 if narrow else 40
    bars_dy = 20 if narrow else 0  # on a phone the route's name stands above its bars
    height = top + row * len(routes) + 10
    out = axis.grid(top, height - 6)
    no_date = _("no arrival date")
    for i, r in enumerate(routes):
        y = top + i * row
        # on a phone the name takes the chart's width, on a desktop the margin left of the
        # dates (with a gap before today's mark): about 8 px a character (Cyrillic at 12-13 px)
        name = _short(r["title"], int((width - left - 4) / 8) if narrow else int((left - 16) / 8))
        out.append(
            f'<text class="label" x="{left if narrow else 6}" y="{y + (14 if narrow else 24)}">'
            f"{escape(name)}</text>"
        )
        y += bars_dy
        steps = r.get("steps") or []
        for j, s in enumerate(steps):
            x0, x1 = x(_d(s["start"])), x(_d(_end(s)))
            sy = y + 6 + (j % 3) * 7
            out.append(
                f'<rect class="bar k-{escape(s.get("kind", "step"))} thin" x="{x0:.1f}" y="{sy}" '
                f'width="{max(x1 - x0, 3):.1f}" height="5"><title>{escape(_label(s["title"]))}'
                "</title></rect>"
            )
        day, dated = arrival_of(r)
        if day:
            xa = x(_d(day))
            out.append(f'<path class="arrival-mark" d="M{xa:.1f},{y + 4} l7,12 l-7,12 l-7,-12 z"/>')
            if dated:
                when = formats.day(day)
            elif day > on:
                when = _("not before {date} ?").format(date=formats.day(day))
            else:  # "not before today" says nothing (as in the terminal)
                when = "? " + _("no data")
            anchor, xl = _label_place(xa, when, width, 10)
            out.append(
                f'<text class="arrival-label" x="{xl:.1f}" y="{y + 34}" '
                f'text-anchor="{anchor}">{escape(when)}</text>'
            )
        else:
            out.append(
                f'<text class="muted-label" x="{left + 4}" y="{y + 24}">{escape(no_date)}</text>'
            )
    return _svg("compare", " timeline compare", width, height, _("Arrival of each route"), out)
