"""`military_service`: the person's standing towards military service at home."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre.i18n import N_, Msg
from emigre.profile_values import MilitaryService
from emigre.rules.conditions.base import PersonChoice

if TYPE_CHECKING:
    pass

_LABELS = {
    "none": N_("no military obligation"),
    "liable": N_("liable to call-up"),
    "reserve": N_("in the reserve"),
    "exempt": N_("exempt from service"),
}


def military_label(value: str) -> Msg:
    """The profile value in plain words, translated when shown."""
    return Msg(_LABELS.get(value, value))


class MilitaryServiceIs(PersonChoice):
    """The person's standing towards military service (`person.military_service`) is one of the
    listed ones; used for warnings about exit bans and call-up, never to rank routes."""

    type: Literal["military_service"]
    in_: list[MilitaryService] = Field(alias="in", min_length=1)

    fact = "military_service"
    not_given = N_("your military service status is not given")

    def said(self, value: str) -> Msg:
        return Msg("military service: {status}", status=military_label(value))
