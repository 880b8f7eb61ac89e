"""The learning view cannot be un-hidden by difference: a look before and a look after
one closing (whose date the admin's register shows) reveal nothing of that case."""

from datetime import date, datetime

from reset_core import closing, intake, learning
from reset_core.model import PROCESSING, AtWorkNineMonths, Closing, ClosingOutcome
from tests.conftest import open_case

NOW = datetime(2026, 11, 20, 10, 0)  # in the fourth quarter of 2026
LAST_QUARTER = datetime(2026, 8, 14, 10, 0)


def close(store, actor, name, outcome, when: datetime) -> int:
    sick = date(2025, 1, 6)
    case_id = open_case(store, actor, name, sick_leave_start=sick, actual_return=date(2025, 6, 2))
    intake.record_consent(store, actor, case_id, PROCESSING, True, date(2025, 1, 20))
    closing.save_closing(store, actor, case_id, when.date(), outcome, AtWorkNineMonths.YES, clock=lambda: when)
    return case_id


def look(store, actor, at: datetime):
    v = learning.view(store, actor, clock=lambda: at)
    return v.outcomes, v.at_work_9m, v.days_return_to_closure, v.agreements


def test_one_more_closing_changes_nothing_in_the_view_before_or_after_its_quarter_ends(store, facilitator):
    for n in range(5):
        close(store, facilitator, f"Persoon {n}", ClosingOutcome.OWN_JOB, LAST_QUARTER)
    before = look(store, facilitator, NOW)
    assert before[0].rows() == [("own_job", 5)]

    close(store, facilitator, "Een Ander", ClosingOutcome.RELAPSE, NOW)
    assert look(store, facilitator, NOW) == before  # the closing's own quarter is under way
    assert look(store, facilitator, datetime(2027, 1, 5, 9, 0)) == before  # ended, but a batch of one waits

    for n in range(4):  # four more closings make the waiting batch as large as the minimum
        close(store, facilitator, f"Later {n}", ClosingOutcome.OTHER_JOB, datetime(2027, 2, 1 + n, 9, 0))
    after = look(store, facilitator, datetime(2027, 4, 2, 9, 0))
    assert after != before
    assert after[0].total == 10


def test_a_closing_dated_back_enters_with_the_quarter_it_was_recorded_in():
    c = Closing(1, 1, date(2026, 3, 1), ClosingOutcome.OWN_JOB, AtWorkNineMonths.YES, "", None, True, "x",
                        datetime(2026, 11, 2, 9, 0), datetime(2026, 11, 2, 9, 0))
    assert learning.released_closings([c], date(2026, 11, 20), 1) == (set(), None)
    assert learning.released_closings([c], date(2027, 1, 2), 1) == ({1}, date(2026, 12, 31))
