"""Invisible control characters never enter a name or a note: NUL, the other controls
but line breaks and tabs, and the right-to-left overrides that make a stored name read
differently on screen and in a PDF."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reset_core import intake, validation
from reset_core.errors import ValidationError
from reset_core.i18n import describe
from tests.strategies import PROPERTY, assert_explained
from tests.unit.test_validation_properties import TODAY, details_with

GOOD = {
    "employee_name": "Jan Peeters", "employee_job_title": "", "employee_department": "",
    "manager_name": "An Maes", "manager_job_title": "", "manager_department": "", "assessment_modalities": "",
}
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u061c"]


@pytest.mark.parametrize("char", CONTROLS)
def test_a_name_with_an_invisible_control_character_is_refused_with_where_it_is(char):
    with pytest.raises(ValidationError) as err:
        intake.validate_details(details_with({**GOOD, "employee_name": f"Jan{char}Peeters"}), TODAY)
    assert err.value.key == "error.control_character"
    assert err.value.field == "employee_name"
    assert err.value.params["position"] == 4
    assert err.value.params["char"] == f"U+{ord(char):04X}"
    assert_explained(err.value)
    assert f"U+{ord(char):04X}" in describe(err.value, "nl")


def test_a_right_to_left_override_cannot_disguise_a_name():
    disguised = "Jan \u202esreeteP"  # shows as "Jan Peeters" reversed on screen and in a PDF
    with pytest.raises(ValidationError):
        validation.text(disguised, "employee_name", 100, "intake", required=True)


def test_line_breaks_tabs_and_right_to_left_scripts_stay_as_typed():
    note = "Eerste lijn\nTweede\tlijn\r\nمريم العلي · דוד כהן 😀"
    assert validation.text(note, "note", 5000, "conversation") == note


@PROPERTY
@given(st.text(max_size=20), st.sampled_from(CONTROLS), st.text(max_size=20))
def test_any_text_holding_a_control_character_is_refused_by_the_one_text_rule(left, char, right):
    text = f"x{left}{char}{right}x"
    with pytest.raises(ValidationError) as err:
        validation.text(text, "field", 1000, "intake")
    assert err.value.key == "error.control_character"
