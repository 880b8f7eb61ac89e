"""Properties of the validations that need no database: whatever a user types is either
accepted as typed (only trimmed) or refused with a message both languages can say."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reset_core import accounts, intake, scan
from reset_core.errors import ValidationError
from reset_core.model import Assessment, AssessmentOutcome, CaseDetails, Party, PartyRole
from tests.strategies import HOSTILE, PROPERTY, acceptable, assert_explained, has_control_character, texts
from ui.text import plain

TODAY = date(2026, 11, 23)

# (field name in the error, where it sits in CaseDetails, limit, required), in the order validated
INTAKE_TEXTS = [
    ("employee_name", ("employee", "name"), intake.MAX_NAME, True),
    ("employee_job_title", ("employee", "job_title"), intake.MAX_SHORT_TEXT, False),
    ("employee_department", ("employee", "department"), intake.MAX_SHORT_TEXT, False),
    ("manager_name", ("manager", "name"), intake.MAX_NAME, True),
    ("manager_job_title", ("manager", "job_title"), intake.MAX_SHORT_TEXT, False),
    ("manager_department", ("manager", "department"), intake.MAX_SHORT_TEXT, False),
    ("assessment_modalities", ("assessment", "modalities"), intake.MAX_TEXT, False),
]


def details_with(values: dict[str, str], **dates) -> CaseDetails:
    start = TODAY - timedelta(days=60)
    return CaseDetails(
        employee=Party(PartyRole.EMPLOYEE, values["employee_name"], values["employee_job_title"], values["employee_department"]),
        manager=Party(PartyRole.MANAGER, values["manager_name"], values["manager_job_title"], values["manager_department"]),
        sick_leave_start=dates.get("sick_leave_start", start),
        intake_date=dates.get("intake_date"),
        expected_return=dates.get("expected_return"),
        actual_return=dates.get("actual_return"),
        assessment=dates.get("assessment", Assessment(AssessmentOutcome.A, start, values["assessment_modalities"])),
    )


def read(details: CaseDetails, path: tuple[str, str]) -> str:
    return getattr(getattr(details, path[0]), path[1])


@PROPERTY
@given(st.fixed_dictionaries({name: texts(limit) for name, _, limit, _ in INTAKE_TEXTS}))
def test_intake_text_is_kept_trimmed_and_intact_or_refused_at_the_first_bad_field(values):
    invalid = [(name, limit, required) for name, _, limit, required in INTAKE_TEXTS if not acceptable(values[name], limit, required)]
    try:
        checked = intake.validate_details(details_with(values), TODAY)
    except ValidationError as err:
        assert invalid, f"refused good input: {err.key} at {err.field}"
        name, limit, required = invalid[0]
        assert err.field == name
        if has_control_character(values[name].strip()):
            assert err.key == "error.control_character"
        else:
            assert err.key == ("intake.required" if required and not values[name].strip() else "intake.too_long")
        assert_explained(err)
        return
    assert not invalid, f"accepted {invalid}"
    for name, path, _, _ in INTAKE_TEXTS:
        assert read(checked, path) == values[name].strip()


def days(lo: int, hi: int):
    return st.one_of(st.none(), st.integers(lo, hi).map(lambda n: TODAY + timedelta(days=n)))


@PROPERTY
@given(
    start=days(-400, 5), intake_on=days(-400, 5), expected=days(-400, 400), actual=days(-400, 5),
    assessed=st.one_of(st.just("no assessment"), days(-400, 5)),
)
def test_intake_dates_are_accepted_only_in_their_documented_order(start, intake_on, expected, actual, assessed):
    names = {k: "x" for k, _, _, _ in INTAKE_TEXTS}
    details = details_with(
        names, sick_leave_start=start, intake_date=intake_on, expected_return=expected, actual_return=actual,
        assessment=None if assessed == "no assessment" else Assessment(AssessmentOutcome.B, assessed, ""),
    )
    try:
        intake.validate_details(details, TODAY)
    except ValidationError as err:
        assert_explained(err)
        assert err.key.startswith("intake.")
        return
    assert start is not None and start <= TODAY
    assert intake_on is None or start <= intake_on <= TODAY
    assert expected is None or start <= expected
    assert actual is None or start <= actual <= TODAY
    assert details.assessment is None or (assessed is not None and start <= assessed <= TODAY)


@PROPERTY
@given(st.one_of(texts(accounts.MIN_PASSWORD_LENGTH), texts(accounts.MAX_PASSWORD_LENGTH), st.text(min_size=8, max_size=80)))
def test_a_password_is_accepted_only_without_outer_spaces_and_within_its_lengths(password):
    fits = (
        password == password.strip()
        and len(password) >= accounts.MIN_PASSWORD_LENGTH
        and len(password.encode()) <= accounts.MAX_PASSWORD_LENGTH  # bcrypt reads 72 bytes, not characters
    )
    try:
        accounts.check_password(password)
    except ValidationError as err:
        assert not fits
        assert err.field == "password"
        assert_explained(err)
        return
    assert fits


def test_a_password_of_multibyte_characters_is_measured_in_bytes():
    accounts.check_password("é" * 36)  # 72 bytes
    with pytest.raises(ValidationError) as err:
        accounts.check_password("é" * 37)  # 37 characters, 74 bytes: bcrypt would drop the end
    assert err.value.key == "account.password_too_long"


@PROPERTY
@given(st.integers(min_value=0, max_value=10_000))
@example(1026)  # 2.0 ** 1024 overflowed: the answer page crashed on the 1026th guess of a session
def test_guessing_links_never_gets_faster_and_never_waits_more_than_eight_seconds(failures):
    delay = scan.bad_token_delay(failures)
    assert 0 <= delay <= 8
    assert scan.bad_token_delay(failures + 1) >= delay
    assert (delay == 0) == (failures < 2)


ACTIVE = set("\\`*_{}[]()#+-.!|<>~$:=^&")  # what Markdown, shortcodes, LaTeX or an entity would act on


@PROPERTY
@given(st.one_of(st.text(), st.sampled_from(list(HOSTILE.values()))))
def test_plain_escapes_every_markdown_character_and_loses_nothing(text):
    shown = plain(text)
    assert re.sub(r"\\(.)", r"\1", shown, flags=re.S) == text  # Markdown's unescaping gives the text back
    i = 0
    while i < len(shown):  # every active character is escaped, every backslash escapes one
        if shown[i] == "\\":
            assert shown[i + 1] in ACTIVE
            i += 2
        else:
            assert shown[i] not in ACTIVE
            i += 1


def test_a_typed_html_entity_stays_an_entity_on_screen():
    # Markdown turns "&amp;" into "&" and "&#128512;" into an emoji; escaped, they show as typed.
    assert plain("Tom &amp; Jerry &#128512;") == r"Tom \&amp; Jerry \&\#128512;"
