"""Read the top of the ranking as a consultant would: ~30 varied realistic profiles (none of them
the bundled examples), each planned on the real knowledge base, their best routes printed with the
verdict and the "why here" line, then the first routes open only if others agree (never ranked)
with what others still decide.

    .venv/bin/python scripts/ranking_review.py [--top 5] [--asking 3] [--only NAME] [--goal GOAL]

The profiles live in `tests/ranking_profiles.py` (the scenario tests use the same ones).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from emigre.documents import knowledge, run_plan, with_goal  # noqa: E402
from emigre.i18n import pick  # noqa: E402
from emigre.plan.rank import parse_weights  # noqa: E402
from emigre.profile_reading import parse_profile  # noqa: E402
from tests.ranking_profiles import ON, PROFILES  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--asking", type=int, default=3)
    ap.add_argument("--only", default=None)
    ap.add_argument("--goal", default=None)
    args = ap.parse_args()
    kb = knowledge()
    for name, (about, data) in PROFILES.items():
        if args.only and args.only not in name:
            continue
        person = parse_profile(data, name)
        if args.goal:
            person = with_goal(person, args.goal)
        run = run_plan(person, ON, kb, parse_weights(None))
        print(f"== {name} ({person.preferences.goal}): {about}")
        shown = 0
        for p in run.plans.values():
            if p.rank is None or shown >= args.top:
                continue
            shown += 1
            print(f"  {p.rank:>2} {p.route.id:<34} {p.result.verdict:<10} {p.route.family}")
            print(f"     why: {p.why}")
        asking = [p for p in run.plans.values() if p.group == "if_agreed"]
        if asking and args.asking:
            print(f"  open if others agree ({len(asking)}):")
        for p in asking[: args.asking]:
            print(f"   - {p.route.id:<33} {p.result.verdict:<10} {p.route.family}")
            print(f"     decided by others: {' '.join(pick(p.awaiting[0]).split())[:110]}")
            print(f"     why: {p.why}")
        print()


if __name__ == "__main__":
    main()
