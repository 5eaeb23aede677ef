"""Write `countries/<cc>/routes/free_movement.yaml` for every destination of the free-movement
areas (`common/free_movement.yaml`, their values in force on the date): free movement as a
route of its own, so that a person who has it sees it first instead of permits they do not need.
The routes differ only by the law behind them (the EU's, the EEA's, the EU-Swiss agreement's);
their condition (`free_movement`) reads the areas at the plan's date, so a change of membership
is data, not a regenerated file. `--check` fails when a file differs from what it would write.

    .venv/bin/python scripts/gen_free_movement_routes.py [--check] [--on 2026-12-07]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from emigre.knowledge.loader import default_root, load_knowledge_base  # noqa: E402

CHECKED = date(2026, 12, 7)

YOUR_EUROPE_REGISTER = {
    "url": "https://europa.eu/youreurope/citizens/residence/documents-formalities/registering-residence/index_en.htm",
    "checked": CHECKED,
    "published": date(2022, 4, 2),
    "official": True,
    "title": (
        "Your Europe: in the first 3 months no residence document may be required; after 3 months"
        " the country may require registration; the certificate is issued immediately, costs no"
        " more than an identity card, and work may start without waiting for it"
    ),
}
YOUR_EUROPE_PERMANENT = {
    "url": "https://europa.eu/youreurope/citizens/residence/documents-formalities/eu-nationals-permanent-residence/index_en.htm",
    "checked": CHECKED,
    "official": True,
    "title": (
        "Your Europe: an EU national automatically acquires the right of permanent residence"
        " after 5 years of continuous legal residence in another EU country"
    ),
}
YOUR_EUROPE_WORKERS = {
    "url": "https://europa.eu/youreurope/citizens/residence/residence-rights/workers/index_en.htm",
    "checked": CHECKED,
    "published": date(2018, 10, 25),
    "official": True,
    "title": "Your Europe: EU workers have the right to live in any EU country where they work",
}
EFTA_PERSONS = {
    "url": "https://www.efta.int/eea/policy-areas/persons/persons",
    "checked": CHECKED,
    "official": True,
    "title": (
        "EFTA: EU citizens have the right to work and reside in the EEA EFTA States (art. 28 EEA"
        " Agreement, Annexes V and VIII)"
    ),
}
ISLAND_REGISTRATION = {
    "url": "https://www.island.is/en/registration-of-eea-efta-foreign-nationals-and-their-non-eea-efta-family",
    "checked": CHECKED,
    "official": True,
    "title": (
        "Island.is: EEA/EFTA nationals staying longer than three months register with Registers"
        " Iceland"
    ),
}
SWISS_AFMP = {
    "url": "https://www.eda.admin.ch/europa/en/home/bilateraler-weg/bilaterale-abkommen-1/personenfreizuegigkeit.html",
    "checked": CHECKED,
    "official": True,
    "title": (
        "FDFA: the AFMP gives Swiss and EU citizens the right to live and work anywhere in the"
        " territories of the parties"
    ),
}

EU_BASIS = (
    "Treaty on the Functioning of the European Union, art. 21 and 45; Directive 2004/38/EC,"
    " art. 6-8 (residence up to and beyond three months, registration) and 16 (permanent"
    " residence after five years); for EEA EFTA nationals the EEA Agreement, art. 28 and 31; for"
    " Swiss nationals the EU-Swiss Agreement on the Free Movement of Persons"
)
EEA_BASIS = (
    "Agreement on the European Economic Area, art. 28 and 31, Annexes V and VIII (Directive"
    " 2004/38/EC as incorporated); for Swiss nationals the EFTA Convention, art. 20 and Annex K"
)
CH_BASIS = (
    "Agreement between the European Community and its Member States and the Swiss Confederation"
    " on the free movement of persons, art. 1, 3 and 4 and Annex I (EU nationals); EFTA"
    " Convention, art. 20 and Annex K (Icelandic, Liechtenstein and Norwegian nationals)"
)

TITLE = {
    "en": "Free movement: live and work without a permit (EU, EEA and Swiss citizens)",
    "ru": "Свобода передвижения: жить и работать без разрешения (граждане ЕС, ЕЭЗ и Швейцарии)",
}
SUMMARY = {
    "en": (
        "As a citizen of a country whose free movement reaches this one you need no visa and no"
        " work or residence permit: you come on your passport or identity card, may work, look"
        " for work or study, and register your residence where the country asks for it."
    ),
    "ru": (
        "Если у вас гражданство страны, на которую здесь распространяется свобода передвижения,"
        " виза и разрешение на работу или проживание не нужны: вы въезжаете по паспорту или"
        " удостоверению личности, можете работать, искать работу или учиться и регистрируете"
        " проживание там, где этого требует страна."
    ),
}
EU_NOTES = [
    {
        "en": (
            "For up to three months a valid passport or identity card is all you need. To stay"
            " longer you work (employed or self-employed), or have enough money and comprehensive"
            " health insurance (so too as a student); the country may then ask you to register"
            " after three months, usually at the town hall or the police. The registration"
            " certificate is issued at once, costs no more than nationals pay for an identity card,"
            " and you may start working without waiting for it."
        ),
        "ru": (
            "До трёх месяцев нужен только действующий паспорт или удостоверение личности. Чтобы"
            " остаться дольше, вы работаете (по найму или на себя) либо располагаете достаточными"
            " средствами и полной медицинской страховкой (так же и студентом); тогда страна может"
            " потребовать зарегистрироваться через три месяца, обычно в мэрии или полиции."
            " Свидетельство о регистрации выдают сразу, оно стоит не больше, чем удостоверение"
            " личности для своих граждан, а работать можно, не дожидаясь его."
        ),
    }
]
CH_NOTES = [
    {
        "en": (
            "Switzerland issues an EU/EFTA residence permit on the strength of the agreement: a"
            " worker shows an employment contract, a self-employed person proof of the activity, a"
            " person without work comprehensive health insurance and enough money."
        ),
        "ru": (
            "Швейцария выдаёт вид на жительство ЕС/ЕАСТ на основании соглашения: работник"
            " предъявляет трудовой договор, самозанятый — подтверждение своей деятельности, человек"
            " без работы — полную медицинскую страховку и достаточные средства."
        ),
    }
]


def route(country: str, kind: str) -> dict[str, Any]:
    """The route's data for one destination; `kind`: eu, eea (Iceland, Norway) or ch."""
    basis = {"eu": EU_BASIS, "eea": EEA_BASIS, "ch": CH_BASIS}[kind]
    sources: list[dict[str, Any]] = {
        "eu": [YOUR_EUROPE_REGISTER, YOUR_EUROPE_WORKERS, YOUR_EUROPE_PERMANENT],
        "eea": [EFTA_PERSONS, *([ISLAND_REGISTRATION] if country == "IS" else [])],
        "ch": [SWISS_AFMP],
    }[kind]
    data: dict[str, Any] = {
        "id": f"{country.lower()}.free_movement",
        "country": country,
        "family": "free_movement",
        "title": TITLE,
        "summary": SUMMARY,
        "legal_basis": basis,
        "risk_level": "low",
        "sources": sources,
        "requires": {
            "id": "free_movement",
            "type": "free_movement",
            "legal_basis": basis,
            "sources": sources[:1],
        },
        "requirements": [
            {
                "id": "citizenship",
                "text": {
                    "en": "Citizenship of a country whose free movement reaches this one",
                    "ru": "Гражданство страны, на которую здесь распространяется свобода"
                    " передвижения",
                },
                "source": sources[0],
                "maps_to": "condition",
                "condition": "free_movement",
            },
        ],
        "outcomes": {
            "work_allowed": {
                "value": True,
                "legal_basis": basis,
                "sources": sources[:1] if kind != "eu" else [YOUR_EUROPE_REGISTER],
            }
        },
        "costs": [
            {
                "id": "travel",
                "kind": "one_off",
                "amount": "eu.flight.moscow_to_eu",
                "from_residence": ["RU"],
                "stage": "departure",
                "label": {
                    "en": "Flight from Moscow to the EU (return fare as quoted)",
                    "ru": "Перелёт из Москвы в ЕС (стоимость билета туда и обратно, как указано в"
                    " источнике)",
                },
            },
            {
                "id": "registration",
                "kind": "one_off",
                "stage": "arrival",
                "label": {
                    "en": "Registration of your residence (at most what nationals pay for an"
                    " identity card)",
                    "ru": "Регистрация проживания (не дороже удостоверения личности для своих"
                    " граждан)",
                },
            },
        ],
        "timeline": {"filed": "in_country"},
        "notes": CH_NOTES if kind == "ch" else EU_NOTES,
    }
    if kind == "eu":
        data["outcomes"]["permanent_residence_months"] = {
            "value": 60,
            "note": {
                "en": "the right of permanent residence, acquired after five years of continuous"
                " legal residence",
                "ru": "право на постоянное проживание возникает после пяти лет непрерывного"
                " законного проживания",
            },
            "legal_basis": "Directive 2004/38/EC, art. 16(1)",
            "sources": [YOUR_EUROPE_PERMANENT],
        }
    return data


def destinations(on: date) -> dict[str, str]:
    """Every destination of an area on the date, with the law that governs it there."""
    kb = load_knowledge_base(default_root())
    eu = set(kb.params.resolve("eu.member_states", on).value)
    out: dict[str, str] = {}
    for name in kb.params.named("eu.free_movement.", ".destinations"):
        res = kb.params.resolve(name, on)
        for c in res.value if res.known else []:
            out[c] = "eu" if c in eu else "ch" if c == "CH" else "eea"
    return dict(sorted(out.items()))


class _Plain(yaml.SafeDumper):
    """Every repeated source written out in full (no YAML anchors)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def text(data: dict[str, Any]) -> str:
    head = "# Generated by scripts/gen_free_movement_routes.py: edit the script, not this file.\n"
    body = yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False, width=100)
    return head + body


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--on", type=date.fromisoformat, default=CHECKED)
    args = ap.parse_args()
    root = default_root()
    stale = []
    for country, kind in destinations(args.on).items():
        path = root / "countries" / country.lower() / "routes" / "free_movement.yaml"
        new = text(route(country, kind))
        if args.check:
            if not path.is_file() or path.read_text() != new:
                stale.append(str(path.relative_to(root)))
            continue
        path.write_text(new)
    if stale:
        sys.exit("out of date (run scripts/gen_free_movement_routes.py): " + ", ".join(stale))


if __name__ == "__main__":
    main()
