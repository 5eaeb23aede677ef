"""The free-movement areas of the data, read as pairs of country lists
(`emigre.rules.evaluate.FREE_MOVEMENT`): the check that each area is whole."""

from __future__ import annotations

from emigre.knowledge.model import Parameter


def check_free_movement(params: dict[str, Parameter]) -> list[str]:
    """Each free-movement area is a pair of country lists, `<...>.citizens` and
    `<...>.destinations` (emigre.rules.evaluate.FREE_MOVEMENT): one without the other is
    never read."""
    from emigre.rules.evaluate import FREE_MOVEMENT

    prefix, citizens, destinations = FREE_MOVEMENT
    errors: list[str] = []
    for name, param in params.items():
        if not name.startswith(prefix):
            continue
        for mine, other in ((citizens, destinations), (destinations, citizens)):
            if name.endswith(mine):
                pair = name.removesuffix(mine) + other
                if pair not in params:
                    errors.append(f"parameter '{name}': a free-movement area needs '{pair}' too")
                if param.unit != "countries":
                    errors.append(f"parameter '{name}': unit must be 'countries'")
    return errors
