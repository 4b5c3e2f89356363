import threading

from pydantic import BaseModel, ConfigDict

import balg_planner as bp
from balg_planner._caching import cached


class Counted(BaseModel):
    model_config = ConfigDict(frozen=True, ignored_types=(cached,))

    value: int
    calls: list[int] = []

    @cached
    def doubled(self) -> int:
        """Twice the value."""
        self.calls.append(1)
        return 2 * self.value


def test_a_cached_value_is_worked_out_once_per_instance() -> None:
    first, second = Counted(value=2, calls=[]), Counted(value=5, calls=[])
    assert (first.doubled, first.doubled, second.doubled) == (4, 4, 10)
    assert (len(first.calls), len(second.calls)) == (1, 1)


def test_a_cached_value_is_no_field_and_keeps_its_docs() -> None:
    assert set(Counted.model_fields) == {"value", "calls"}
    assert Counted(value=1).model_dump() == {"value": 1, "calls": []}
    assert isinstance(Counted.__dict__["doubled"], cached)
    assert Counted.doubled.__doc__ == "Twice the value."
    assert Counted(value=3) == Counted(value=3).model_copy()


def test_cached_totals_agree_across_threads() -> None:
    workout = bp.Workout(steps=(bp.Step(effort="easy", duration="30m"),))
    seen: list[float] = []
    threads = [threading.Thread(target=lambda: seen.append(workout._minutes)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [30.0] * 8
