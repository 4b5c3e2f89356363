import datetime as dt
import warnings
from pathlib import Path

import pytest

import balg_planner as bp
from balg_planner.catalog import MAX_TEMPLATE_BYTES, find_template, parse_template
from balg_planner.schema import PhaseName

TEMPLATES = Path(bp.__file__).parent / "templates"
GOOD = (TEMPLATES / "half-intermediate.toml").read_text(encoding="utf-8")


def test_twelve_templates_cover_every_distance_and_level() -> None:
    pairs = {(t.distance, t.level) for t in bp.templates()}
    assert pairs == {(d, lv) for d in bp.RaceDistance for lv in bp.Level}
    assert len(bp.template_ids()) == 12


@pytest.mark.parametrize("template_id", sorted(p.stem for p in TEMPLATES.glob("*.toml")))
def test_every_shipped_template_is_original_and_explained(template_id: str) -> None:
    template = bp.load_template(template_id)
    assert template.id == template_id
    assert "original" in template.source.lower()
    assert template.license
    for phase in template.phases:
        assert phase.focus
    assert template.readiness.race_specific in template.workouts
    assert template.long_run.min_minutes <= template.readiness.long_run_minutes


@pytest.mark.parametrize("template_id", sorted(p.stem for p in TEMPLATES.glob("*.toml")))
def test_every_template_composes_across_its_runway(template_id: str) -> None:
    """Every shipped template composes for each runway from its minimum to its maximum."""
    template = bp.load_template(template_id)
    easy = template.sessions.easy_min_minutes
    days = ["tue", "wed", "thu", "fri", "sat", "mon", "sun"][: max(template.days.min_available, 4)]
    availability = {day: max(60, easy) for day in days}
    availability[days[-1]] = max(template.long_run.cap_minutes, template.long_run.min_minutes)
    athlete = bp.Athlete(
        level=template.level,
        weekly_minutes=template.volume.min_start_minutes + 30,
        longest_run_minutes=max(easy, template.long_run.min_minutes),
        availability=availability,
    )
    start = dt.date(2027, 1, 4)
    for weeks in range(template.runway.min_weeks, template.runway.max_weeks + 1):
        goal = bp.Goal(distance=template.distance, race_date=start + dt.timedelta(weeks=weeks - 1))
        plan = bp.compose_plan(athlete, goal, start=start, template=template_id)
        assert len(plan.weeks) == weeks
        assert plan.race.date == goal.race_date
        assert sum(1 for s in plan.sessions if s.kind is bp.WorkoutKind.LONG) >= weeks - 3


def test_phase_lengths_stretch_base_and_never_shrink_taper_below_minimum() -> None:
    from balg_planner.compose import phase_lengths

    template = bp.load_template("marathon-intermediate")
    longest = phase_lengths(template, template.runway.max_weeks)
    shortest = phase_lengths(template, template.runway.min_weeks)
    default = phase_lengths(template, template.runway.default_weeks)
    assert longest[PhaseName.BASE] > default[PhaseName.BASE]
    assert longest[PhaseName.TAPER] == default[PhaseName.TAPER] == template.taper.weeks
    assert shortest[PhaseName.TAPER] >= template.taper.min_weeks
    assert sum(shortest.values()) == template.runway.min_weeks
    assert all(shortest[name] >= template.phase(name).min_weeks for name in list(PhaseName)[:3])


def test_find_template_by_distance_and_level() -> None:
    assert find_template("10k", "beginner").id == "10k-beginner"


def test_unknown_template_suggests_the_nearest() -> None:
    with pytest.raises(bp.NotFoundError) as info:
        bp.load_template("half-intermediat")
    assert info.value.suggestion == "half-intermediate"


def test_user_template_file_loads_by_path(tmp_path: Path) -> None:
    path = tmp_path / "my-half.toml"
    path.write_text(GOOD.replace('id = "half-intermediate"', 'id = "my-half"'), encoding="utf-8")
    assert bp.load_template(path).id == "my-half"
    assert bp.load_template(str(path)).id == "my-half"


@pytest.mark.parametrize(
    ("old", "new", "loc", "fragment", "suggestion"),
    [
        ("[runway]", "[runway", (), "invalid TOML", None),
        (
            "cutback_every = 4",
            "cutbak_every = 4",
            ("volume", "cutbak_every"),
            "unknown key",
            "cutback_every",
        ),
        ("max_runs = 5", 'max_runs = "five"', ("days", "max_runs"), "valid integer", None),
        (
            'quality = ["threshold", "intervals"]',
            'quality = ["tempo", "intervals"]',
            ("phases", 1, "quality", 0),
            "unknown value",
            None,
        ),
        (
            'quality = ["threshold", "intervals"]',
            'quality = ["thresold", "intervals"]',
            ("phases", 1, "quality", 0),
            "unknown value",
            "threshold",
        ),
        ('quality = ["hills"]', 'quality = ["easy"]', ("phases", 0), "not a quality kind", None),
        ("ramp = 0.08", "ramp = 0.2", ("volume", "ramp"), "less than or equal to 0.1", None),
        (
            "long_run_minutes = 110",
            "long_run_minutes = 200",
            (),
            "more than long_run.cap_minutes",
            None,
        ),
        ('distance = "half"', "", (), "missing required key", None),
        ("volume = [0.7, 0.5]", "volume = [0.5, 0.7]", ("taper",), "must not rise", None),
    ],
)
def test_malformed_templates_name_the_file_key_and_fix(
    old: str, new: str, loc: tuple[object, ...], fragment: str, suggestion: str | None
) -> None:
    assert old in GOOD
    with pytest.raises(bp.DataError) as info:
        parse_template(GOOD.replace(old, new, 1), source="templates/custom.toml")
    error = info.value
    assert error.source == "templates/custom.toml"
    assert error.loc[: len(loc)] == loc
    assert fragment in str(error)
    assert error.suggestion == suggestion
    assert str(error).startswith("templates/custom.toml")


def test_template_id_must_match_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other.toml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(bp.DataError) as info:
        bp.load_template(path)
    assert info.value.loc == ("id",)


def test_oversized_template_is_refused_before_parsing() -> None:
    with pytest.raises(bp.DataError, match="too large"):
        parse_template("# " + "x" * MAX_TEMPLATE_BYTES)


def test_templates_load_once() -> None:
    assert bp.load_template("5k-beginner") is bp.load_template("5k-beginner")


def test_loading_a_template_executes_nothing(tmp_path: Path) -> None:
    """A template whose strings hold Python is rejected as data, never run."""
    evil = GOOD.replace(
        'title = "Half marathon · intermediate"', "title = \"__import__('os').system('false')\""
    ).replace("ramp = 0.08", "ramp = \"__import__('os')\"")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(bp.DataError) as info:
            parse_template(evil)
    assert info.value.loc == ("volume", "ramp")
