"""Goals and dialogue topics against a real database."""

import pytest

from reset_core import dialogue
from reset_core.errors import PermissionDenied, ValidationError
from reset_core.model import GoalOwner, MomentKind
from tests.conftest import open_case


@pytest.fixture
def case_id(store, facilitator):
    return open_case(store, facilitator)


def add(store, actor, case_id, theme="recovery_energy", description="Vaste rustmomenten", indicator="Score 3 of meer"):
    return dialogue.add_goal(store, actor, case_id, theme, GoalOwner.MANAGER, description, indicator, MomentKind.M3)


def test_a_goal_is_tied_to_a_scan_theme_with_an_owner_and_a_target_moment(store, facilitator, case_id):
    goal = add(store, facilitator, case_id)
    assert (goal.theme, goal.owner, goal.target) == ("recovery_energy", GoalOwner.MANAGER, MomentKind.M3)
    assert dialogue.goals(store, facilitator, case_id) == [goal]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"description": "  "}, "goal_description"), ({"indicator": ""}, "goal_indicator"),
     ({"description": "x" * 501}, "goal_description"), ({"theme": "made_up"}, "theme")],
)
def test_an_incomplete_goal_is_refused_at_its_field(store, facilitator, case_id, changes, field):
    with pytest.raises(ValidationError) as err:
        add(store, facilitator, case_id, **changes)
    assert err.value.field == field
    assert dialogue.goals(store, facilitator, case_id) == []


def test_a_dropped_goal_leaves_the_plan(store, facilitator, case_id):
    goal = add(store, facilitator, case_id)
    dialogue.drop_goal(store, facilitator, case_id, goal.id)
    assert dialogue.goals(store, facilitator, case_id) == []


def test_a_goal_can_be_reworded(store, facilitator, case_id):
    goal = add(store, facilitator, case_id)
    changed = dialogue.update_goal(store, facilitator, case_id, goal.id, "autonomy", GoalOwner.TEAM, "Zelf de volgorde van taken kiezen", "Bij de opvolging", MomentKind.M6)
    assert (changed.theme, changed.owner, changed.target) == ("autonomy", GoalOwner.TEAM, MomentKind.M6)


def test_another_facilitator_cannot_see_or_set_goals_or_topics(store, facilitator, other_facilitator, case_id):
    add(store, facilitator, case_id)
    with pytest.raises(PermissionDenied):
        dialogue.goals(store, other_facilitator, case_id)
    with pytest.raises(PermissionDenied):
        add(store, other_facilitator, case_id)
    with pytest.raises(PermissionDenied):
        dialogue.save_topic(store, other_facilitator, case_id, "autonomy", True, "")
    with pytest.raises(PermissionDenied):
        dialogue.joint_view(store, other_facilitator, case_id)


def test_a_topic_note_beyond_the_limit_is_refused(store, facilitator, case_id):
    with pytest.raises(ValidationError):
        dialogue.save_topic(store, facilitator, case_id, "autonomy", True, "x" * 2001)


def test_a_goal_targeting_the_scan_before_the_return_is_refused_and_not_stored(store, facilitator, case_id):
    with pytest.raises(ValidationError) as err:
        dialogue.add_goal(store, facilitator, case_id, "autonomy", GoalOwner.EMPLOYEE, "Zelf kiezen", "Bij T0", MomentKind.T0)
    assert err.value.field == "goal_target"
    assert dialogue.goals(store, facilitator, case_id) == []
    goal = add(store, facilitator, case_id)
    with pytest.raises(ValidationError):
        dialogue.update_goal(store, facilitator, case_id, goal.id, goal.theme, goal.owner, goal.description, goal.indicator, MomentKind.T0)
    assert dialogue.goals(store, facilitator, case_id)[0].target is MomentKind.M3
