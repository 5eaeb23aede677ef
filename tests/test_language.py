"""The learning-time model against published figures and its own worked examples."""

from __future__ import annotations

import pytest

from emigre.language import language_model

RU_EN = {"ru": "native", "en": "C1"}


@pytest.mark.parametrize(
    ("target", "level", "hours", "months_at_15"),
    [
        # language-time.md section 7.6, computed from the same model by hand
        ("sr", "B2", 483, 7.4),
        ("cs", "B2", 520, 8.0),
        ("pl", "B2", 557, 8.5),
        ("nl", "B2", 817, 12.5),
        ("de", "B2", 1040, 15.9),
        ("de", "C1", 1418, 21.7),
        ("fi", "B2", 1299, 19.9),
        ("hu", "B2", 1374, 21.1),
    ],
)
def test_worked_examples_for_a_russian_speaker_with_english(
    target: str, level: str, hours: int, months_at_15: float
) -> None:
    est = language_model().estimate(RU_EN, target, None, level, 15)
    assert est.hours.median == pytest.approx(hours, abs=1)
    assert est.months.median == pytest.approx(months_at_15, abs=0.1)
    assert est.hours.low < est.hours.median < est.hours.high


def test_slovak_is_much_faster_than_finnish_for_a_russian() -> None:
    m = language_model()
    sk = m.estimate(RU_EN, "sk", None, "B2", 15)
    fi = m.estimate(RU_EN, "fi", None, "B2", 15)
    assert fi.hours.median > 2 * sk.hours.median
    assert sk.bridge == "ru"


@pytest.mark.parametrize(
    ("target", "fsi_hours"),
    [("es", 600), ("nl", 600), ("fr", 750), ("de", 900), ("cs", 1100), ("fi", 1100)],
)
def test_guided_hours_for_english_natives_sit_at_or_a_little_above_fsi(
    target: str, fsi_hours: int
) -> None:
    """FSI class hours to ~C1 for English natives (state.gov); FSI learners are full-time and
    selected, so the model should sit at or above FSI, within about a third."""
    m = language_model()
    est = m.estimate({"en": "native"}, target, None, "C1", 25)
    guided = est.hours.median / m.effort.median
    assert fsi_hours * 0.95 <= guided <= fsi_hours * 1.35


def test_czech_year_course_reaches_b2_for_a_russian_speaker() -> None:
    """Charles University's one-year course: 680 lessons (~510 clock hours) from A1 to B2."""
    m = language_model()
    est = m.estimate(RU_EN, "cs", "A1", "B2", 25)
    assert est.hours.median / m.effort.median <= 510


def test_drip_feed_is_slower_per_hour_and_starting_level_counts() -> None:
    m = language_model()
    slow = m.estimate(RU_EN, "cs", None, "B2", 4)
    fast = m.estimate(RU_EN, "cs", None, "B2", 20)
    assert slow.months.median * 4 > fast.months.median * 20
    assert m.estimate(RU_EN, "cs", "A2", "B2", 15).hours.median < slow.hours.median
    assert m.estimate({"cs": "B2"}, "cs", "B2", "B2", 15).hours.median == 0
