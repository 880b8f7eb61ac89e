"""The build-up sign read from a check-in's hours, as a pure rule."""

from datetime import date

import pytest

from reset_core.followup import HOURS_MARGIN, ReportedHours, early_signs
from reset_core.i18n import translate


@pytest.mark.parametrize(("worked", "fires"), [(30.4 + HOURS_MARGIN + 0.5, True), (30.4 + HOURS_MARGIN, False), (20.0, False)])
def test_hours_from_a_check_in_above_the_agreed_step_give_the_build_up_sign_with_its_day(worked, fires):
    hours = ReportedHours("checkin:2026-09-28", worked, 30.4, date(2026, 9, 28))
    signals = early_signs(1, None, [], [], {}, None, hours=hours)
    assert bool(signals) is fires
    if fires:
        (sign,) = signals
        assert sign.key == "hours:checkin:2026-09-28"
        assert sign.params == {"worked": worked, "planned": 30.4, "date": date(2026, 9, 28)}


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_the_check_in_sign_is_worded_about_the_build_up_never_about_the_person(lang):
    text = translate("signal.hours_ahead_checkin", lang, worked="36", planned="30,4", date="28/09/2026")
    assert text.startswith(translate("signal.hours_ahead", lang, worked="", planned="").split(":")[0])
    assert "28/09/2026" in text and "36" in text
    for label in ("gevaar", "herval", "danger", "relapse", "rechute", "risque", "risk"):
        assert label not in text.casefold()
