"""Refresh the English display names in the bundled ISO lists from CLDR (Babel).

ISO 3166 and ISO 639 names are reference names ("Russian Federation", "Modern Greek (1453-)");
people read CLDR's display names ("Russia", "Greek"), the same source the other languages'
names come from at run time. The English names are bundled so an English page needs no Babel
import; `tests/test_codes.py` fails when they drift from the installed CLDR.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from babel import Locale

DATA = Path(__file__).resolve().parent.parent / "src" / "emigre" / "data"


def refresh(name: str, cldr: dict[str, str]) -> str:
    """The CSV text with `name` set to CLDR's English name where CLDR has one, keeping the
    ISO reference name in `iso_name`."""
    rows = list(csv.DictReader((DATA / name).open(encoding="utf-8")))
    out = io.StringIO()
    w = csv.DictWriter(out, ["alpha2", "name", "iso_name"], lineterminator="\n")
    w.writeheader()
    for row in rows:
        iso = row.get("iso_name") or row["name"]
        w.writerow({"alpha2": row["alpha2"], "name": cldr.get(row["alpha2"], iso), "iso_name": iso})
    return out.getvalue()


def targets() -> dict[str, str]:
    en = Locale.parse("en")
    return {
        "iso3166.csv": refresh("iso3166.csv", dict(en.territories)),
        "iso639-1.csv": refresh("iso639-1.csv", dict(en.languages)),
    }


if __name__ == "__main__":
    for file, text in targets().items():
        (DATA / file).write_text(text, encoding="utf-8")
