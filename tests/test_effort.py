import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import balg_planner as bp
from balg_planner.effort import to_effort

ORDER = ["rest", "recovery", "easy", "marathon", "threshold", "interval", "repetition"]


def test_efforts_are_ordered_by_intensity_not_alphabet() -> None:
    assert [e.value for e in sorted(bp.Effort, key=lambda e: e.rank)] == ORDER
    assert bp.Effort.EASY < bp.Effort.THRESHOLD < bp.Effort.REPETITION
    assert bp.Effort.MARATHON > bp.Effort.EASY  # alphabetically "marathon" < "easy" is False too
    assert bp.Effort.INTERVAL > bp.Effort.EASY  # alphabetically "interval" > "easy" as well
    assert bp.Effort.REST < bp.Effort.RECOVERY  # alphabetically "rest" > "recovery"
    assert max(bp.Effort) is bp.Effort.REPETITION


@given(st.sampled_from(list(bp.Effort)), st.sampled_from(list(bp.Effort)))
def test_effort_comparison_follows_rank(a: bp.Effort, b: bp.Effort) -> None:
    """a < b exactly when a's rank is lower; sorting agrees with the scale."""
    assert (a < b) == (a.rank < b.rank)
    assert (a >= b) == (a.rank >= b.rank)
    assert sorted([a, b]) == sorted([a, b], key=lambda e: e.rank)


def test_effort_is_a_lowercase_str_enum() -> None:
    assert bp.Effort("threshold") is bp.Effort.THRESHOLD
    assert isinstance(bp.Effort.THRESHOLD, str)
    assert bp.Effort.THRESHOLD.value == "threshold"
    by_name: dict[str, int] = {bp.Effort.EASY: 1}
    assert by_name["easy"] == 1


def test_only_threshold_and_above_are_hard() -> None:
    assert [e.value for e in bp.Effort if e.is_hard] == ["threshold", "interval", "repetition"]


def test_every_level_has_a_complete_guide() -> None:
    guides = bp.effort_guides()
    assert [g.level for g in guides] == list(bp.Effort)
    for guide in guides:
        for text in (guide.name, guide.talk_test, guide.develops, guide.feels_like,
                     guide.common_mistake, guide.takeaway):  # fmt: skip
            assert text.strip()
            assert not re.search(r"\{[^}]*\}", text), "unfilled placeholder"
        assert guide.evidence


def test_guides_carry_the_coaching_the_issue_asks_for() -> None:
    assert "comfortably hard, not hanging on" in bp.effort_guide("threshold").feels_like.lower()
    assert "too fast" in bp.effort_guide("easy").common_mistake
    assert bp.effort_guide("threshold").daniels_zone == "T"
    assert bp.effort_guide("easy").hr_max_pct == (65, 79)


def test_rpe_rises_with_effort() -> None:
    midpoints = [g.rpe_midpoint for g in bp.effort_guides()]
    assert midpoints == sorted(midpoints)


def test_paces_per_effort_when_vdot_is_known() -> None:
    paces = bp.training_paces(50)
    assert bp.effort_guide("rest").pace(paces) is None
    assert bp.effort_guide("easy").pace(paces) == paces.easy
    threshold = bp.effort_guide("threshold").pace(paces)
    assert threshold is not None
    assert threshold.fast == paces.threshold
    recovery = bp.effort_guide("recovery").pace(paces)
    assert recovery is not None
    assert recovery.fast == paces.easy.slow


def test_heart_rate_zones_use_reserve_when_resting_hr_is_known() -> None:
    by_max = bp.heart_rate_zones(190)
    by_reserve = bp.heart_rate_zones(190, resting_hr=50)
    assert set(by_max) == {bp.Effort(e) for e in ORDER[1:6]}  # not rest, not repetition
    assert by_max[bp.Effort.THRESHOLD].format() == "167-175 bpm"
    assert by_reserve[bp.Effort.EASY].method == "reserve"
    assert by_reserve[bp.Effort.EASY].low > by_max[bp.Effort.EASY].low


def test_unknown_effort_suggests_the_nearest() -> None:
    with pytest.raises(bp.DataError) as info:
        to_effort("thresold")
    assert info.value.suggestion == "threshold"
    assert bp.effort_guide(bp.Effort.EASY) is bp.Effort.EASY.guide
