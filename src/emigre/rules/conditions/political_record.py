"""`political_record`: the person's record of political persecution."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre.i18n import N_, Msg
from emigre.profile_values import PoliticalRecord
from emigre.rules.conditions.base import PersonChoice

if TYPE_CHECKING:
    pass


_LABELS = {
    "none": N_("none"),
    "administrative": N_("administrative (fines, arrests)"),
    "criminal": N_("criminal case"),
}


def political_record_label(value: str) -> Msg:
    """The profile value in plain words, translated when shown."""
    return Msg(_LABELS.get(value, value))


class PoliticalRecordIs(PersonChoice):
    """The person's record of political persecution is one of the listed kinds."""

    type: Literal["political_record"]
    in_: list[PoliticalRecord] = Field(alias="in", min_length=1)

    fact = "political_record"
    not_given = N_("whether you were persecuted for political activity is not given")

    def said(self, value: str) -> Msg:
        return Msg("political persecution: {rec}", rec=political_record_label(value))
