"""The joint dialogue's rules that need no database: which moment a goal may target."""

import pytest

from reset_core import dialogue
from reset_core.errors import ValidationError
from reset_core.i18n import describe
from reset_core.model import MomentKind


@pytest.mark.parametrize("target", [MomentKind.M3, MomentKind.M6, MomentKind.M9, MomentKind.EXTRA, "m6"])
def test_a_goal_may_target_any_moment_after_the_return(target):
    assert dialogue.check_goal_target(target) == MomentKind(target)


@pytest.mark.parametrize("target", [MomentKind.T0, "t0", "m12", None])
def test_a_goal_cannot_target_the_scan_before_the_return_or_an_unknown_moment(target):
    with pytest.raises(ValidationError) as refused:
        dialogue.check_goal_target(target)
    assert refused.value.field == "goal_target"
    assert "3, 6 of 9 maanden" in describe(refused.value, "nl")
    assert "3, 6 or 9 months" in describe(refused.value, "en")


def test_the_goal_form_offers_every_moment_after_the_return_and_nothing_else():
    assert set(dialogue.GOAL_TARGETS) == set(MomentKind) - {MomentKind.T0}
