from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import balg_planner as bp
from balg_planner import science

vdots = st.floats(min_value=science.MIN_VDOT, max_value=science.MAX_VDOT)
races = st.sampled_from(["mile", "3000m", "5k", "10k", "15k", "half", "marathon"])


@pytest.mark.parametrize(
    ("distance", "time", "vdot"),
    [
        ("5k", "20:00", 49.81),
        ("5k", "24:34", 39.11),
        ("5k", "30:00", 30.82),
        ("10k", "45:00", 45.26),
        ("10k", "50:00", 40.01),
        ("half", "1:45:00", 42.64),
        ("marathon", "3:30:00", 44.55),
        ("marathon", "4:00:00", 37.90),
        ("mile", "6:00", 48.42),
    ],
)
def test_vdot_matches_the_worked_values(distance: str, time: str, vdot: float) -> None:
    assert bp.vdot_from_race(distance, time) == pytest.approx(vdot, abs=0.01)


def test_vdot_accepts_metres_and_timedelta() -> None:
    assert bp.vdot_from_race(5000, timedelta(minutes=20)) == pytest.approx(49.81, abs=0.01)


@pytest.mark.parametrize(
    ("minutes", "fraction"),
    [(5, 1.0915), (10, 1.0100), (20, 0.9530), (30, 0.9300), (60, 0.8880), (240, 0.8088)],
)
def test_sustainable_fraction(minutes: float, fraction: float) -> None:
    assert science.sustainable_fraction(minutes) == pytest.approx(fraction, abs=1e-4)


@pytest.mark.parametrize(("vdot", "speed"), [(30, 172.8), (50, 260.8), (70, 342.4)])
def test_speed_at_vdot(vdot: float, speed: float) -> None:
    assert science.speed_at_oxygen_cost(vdot) == pytest.approx(speed, abs=0.1)


@pytest.mark.parametrize(
    ("distance", "expected"),
    [("5k", "20:00"), ("10k", "41:28"), ("half", "1:31:49"), ("marathon", "3:11:16")],
)
def test_equivalent_times_for_vdot_49_81(distance: str, expected: str) -> None:
    got = bp.equivalent_time(49.81, distance)
    assert abs(got - bp.parse_duration(expected)) <= timedelta(seconds=1.5)


@given(vdots, races)
def test_equivalent_time_inverts_vdot_from_race(vdot: float, race: str) -> None:
    """vdot_from_race(d, equivalent_time(v, d)) == v, and the time is exact within 0.5 s."""
    time = bp.equivalent_time(vdot, race)
    assert bp.vdot_from_race(race, time) == pytest.approx(vdot, abs=1e-6)
    again = bp.equivalent_time(bp.vdot_from_race(race, time), race)
    assert abs((again - time).total_seconds()) < 0.5


@given(races, st.floats(min_value=0.5, max_value=0.95), st.floats(min_value=1.001, max_value=1.2))
def test_vdot_falls_as_race_time_rises(race: str, share: float, slower: float) -> None:
    """A slower time over the same distance never gives a higher VDOT."""
    fast = bp.equivalent_time(science.MIN_VDOT + share * 60, race)
    slow = fast * slower
    if bp.vdot_from_race(race, slow) >= science.MIN_VDOT:
        assert bp.vdot_from_race(race, slow) < bp.vdot_from_race(race, fast)


@given(vdots)
def test_paces_are_ordered(vdot: float) -> None:
    """R < I < T < M < E-fast < E-slow for every VDOT in range."""
    p = bp.training_paces(vdot)
    assert p.repetition < p.interval < p.threshold < p.marathon < p.easy.fast < p.easy.slow


@given(vdots, vdots)
def test_higher_vdot_means_faster_paces(a: float, b: float) -> None:
    """Every training pace gets faster as VDOT rises."""
    low, high = sorted((a, b))
    if high - low < 1e-6:
        return
    slow, fast = bp.training_paces(low), bp.training_paces(high)
    assert fast.threshold < slow.threshold
    assert fast.easy.slow < slow.easy.slow
    assert fast.marathon < slow.marathon


@pytest.mark.parametrize(
    ("vdot", "pace", "expected"),
    [
        (50, "threshold", "4:15/km"),
        (50, "interval", "3:55/km"),
        (50, "marathon", "4:31/km"),
        (50, "repetition", "3:40/km"),
        (40, "threshold", "5:06/km"),
        (60, "threshold", "3:40/km"),
    ],
)
def test_training_paces_at_reference_vdots(vdot: float, pace: str, expected: str) -> None:
    got = getattr(bp.training_paces(vdot), pace)
    assert abs(got - bp.parse_pace(expected)) <= timedelta(seconds=1.5)


def test_repetition_rule_switches_at_vdot_50() -> None:
    below, at = bp.training_paces(49.99), bp.training_paces(50)
    assert (below.interval - below.repetition).total_seconds() == pytest.approx(20)
    assert (at.interval - at.repetition).total_seconds() == pytest.approx(15)


@pytest.mark.parametrize(
    ("days", "cross", "expected"),
    [
        (0, False, 50),
        (5, False, 50),
        (14, False, 48.65),
        (14, True, 49.3),
        (21, False, 47.6),
        (42, True, 47.2),
        (100, False, 40),
        (100, True, 45),
        (12, False, 50 * (0.985 + 0.973) / 2),
    ],
)
def test_fitness_after_break(days: int, cross: bool, expected: float) -> None:
    assert bp.fitness_after_break(50, days, cross_trained=cross) == pytest.approx(expected)


@given(vdots, st.integers(0, 200), st.integers(0, 200))
def test_fitness_never_rises_with_more_days_off(vdot: float, a: int, b: int) -> None:
    """More days off never leaves more fitness; cross-training never leaves less."""
    short, long_ = sorted((a, b))
    assert bp.fitness_after_break(vdot, long_) <= bp.fitness_after_break(vdot, short)
    assert bp.fitness_after_break(vdot, long_, cross_trained=True) >= bp.fitness_after_break(
        vdot, long_
    )


def test_worked_break_example_paces() -> None:
    vdot = bp.fitness_after_break(50, 14)
    assert bp.format_pace(bp.training_paces(vdot).threshold) == "4:21/km"
    assert bp.format_duration(bp.equivalent_time(vdot, "5k"), clock=True) == "20:24"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: bp.vdot_from_race("5k", "8:00"), "VDOT 20-90"),
        (lambda: bp.vdot_from_race("5k", "0:00"), "positive"),
        (lambda: bp.vdot_from_race("5k", "1:30:00"), "VDOT 20-90"),
        (lambda: bp.vdot_from_race("400m", "1:00"), "1500 m"),
        (lambda: bp.vdot_from_race(100_000, "9:00:00"), "1500 m"),
        (lambda: bp.equivalent_time(95, "5k"), "VDOT 20-90"),
        (lambda: bp.training_paces(10), "VDOT 20-90"),
        (lambda: bp.training_paces(float("nan")), "VDOT 20-90"),
        (lambda: bp.fitness_after_break(50, -1), "zero or more"),
        (lambda: bp.heart_rate_band(300, (60, 70)), "100-230"),
        (lambda: bp.heart_rate_band(190, (80, 70)), "rise"),
        (lambda: bp.heart_rate_band(190, (60, 70), resting_hr=200), "below max"),
    ],
)
def test_out_of_range_inputs_say_the_supported_range(
    call: Callable[[], object], fragment: str
) -> None:
    with pytest.raises(bp.DataError) as info:
        call()
    assert fragment in str(info.value)


def test_heart_rate_bands_by_max_and_by_reserve() -> None:
    assert bp.heart_rate_band(190, (65, 79)) == bp.HeartRateBand(low=124, high=150, method="max")
    karvonen = bp.heart_rate_band(190, (59, 74), resting_hr=50)
    assert (karvonen.low, karvonen.high, karvonen.method) == (133, 154, "reserve")


def test_training_paces_round_trip_json() -> None:
    paces = bp.training_paces(45.3)
    assert bp.TrainingPaces.model_validate_json(paces.model_dump_json()) == paces


_DAYS = st.dates(min_value=date(2027, 1, 1), max_value=date(2027, 6, 30))


@given(
    runs=st.dictionaries(_DAYS, st.floats(min_value=10, max_value=240), max_size=60),
    asked=st.lists(_DAYS, min_size=1, max_size=40),
    decided=st.lists(st.one_of(st.none(), st.floats(min_value=10, max_value=240))),
)
def test_a_run_window_sees_what_a_fresh_lookup_sees(
    runs: dict[date, float], asked: list[date], decided: list[float | None]
) -> None:
    """Days asked in order, with each day decided after it is asked (as the engine does)."""
    window = science.RunWindow(runs)
    for index, day in enumerate(sorted(asked)):
        assert window.before(day) == sorted(science.runs_in_window(day, runs))
        minutes = decided[index] if index < len(decided) else None
        if minutes is None:
            runs.pop(day, None)  # decided as no run
        else:
            runs[day] = minutes
        for later in (day + timedelta(days=3), day + timedelta(days=40)):
            runs.pop(later, None)  # a day not read yet may still change


def test_a_run_window_refuses_days_out_of_order() -> None:
    window = science.RunWindow({})
    day = date(2027, 3, 1)
    window.before(day)
    with pytest.raises(ValueError, match="date order"):
        window.before(day - timedelta(days=1))


def test_the_longest_run_of_a_window_needs_no_date_checks() -> None:
    day = date(2027, 3, 1)
    runs = {day - timedelta(days=back): 30.0 + back for back in (1, 10, 29, 30, 31)}
    recent = science.runs_in_window(day, runs)
    plain = science.longest_recent_run(day, runs.items(), plan_start=day, before_plan=0)
    windowed = science.longest_recent_run(day, recent, plan_start=day, before_plan=0, windowed=True)
    assert plain == windowed == 60.0  # 30 days back is in, 31 is out
