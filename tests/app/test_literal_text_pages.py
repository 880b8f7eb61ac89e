"""Hostile names and notes on the intake page and the joint dialogue page: shown as the
value of a field or as escaped Markdown (ui.text.plain), never as HTML, never as live
Markdown (a link, an image fetched from elsewhere, bold text that was not typed bold)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1.element_tree import AlertBase, HeadingBase, Html, Markdown, Radio, Table

from reset_core import conversations, dialogue, intake, services
from reset_core.model import (
    PROCESSING,
    ContactAgreement,
    ContactKeeper,
    ConversationParty,
    GoalOwner,
    MomentKind,
    Party,
    PartyRole,
    PersonRole,
    person_subject,
)
from tests.app.conftest import app_store, open_page
from tests.conftest import open_case
from tests.strategies import HOSTILE
from ui.focus import PICKER
from ui.text import plain

TODAY = date.today()
# The names whose Markdown or HTML would act if shown raw; the others have nothing to escape.
ACTIVE = {kind: text for kind, text in HOSTILE.items() if plain(text) != text}


def nodes(at):
    found = []

    def walk(node):
        found.append(node)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def protos(at) -> str:
    return "\n".join(str(node.proto) for node in nodes(at) if getattr(node, "proto", None) is not None)


def rendered_as_markdown(at) -> list[str]:
    """Every string the browser renders as Markdown: bodies, headings, alerts, labels of
    widgets, expanders and tabs, radio options and the cells of st.table."""
    out = []
    for node in nodes(at):
        if isinstance(node, (Markdown, HeadingBase, AlertBase)):
            out.append(str(node.value))
        label = getattr(node, "label", None)
        if isinstance(label, str):
            out.append(label)
        if isinstance(node, Radio):
            out += [str(option) for option in node.options]
        if isinstance(node, Table):
            frame = node.value
            out += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    return out


def field_values(at) -> list[str]:
    return [str(w.value) for kind in ("text_input", "text_area") for w in getattr(at, kind)]


# The one st.html the app draws: its static stylesheet (app.py), never built from data.
STYLESHEET = (Path(__file__).resolve().parents[2] / "ui" / "style.css").read_text(encoding="utf-8")


def assert_no_html(at):
    assert not any(isinstance(node, Html) and STYLESHEET.strip() not in node.value for node in nodes(at))
    everything = protos(at)
    assert "allow_html: true" not in everything
    assert "unsafe_allow_html" not in everything


def assert_shown_literally(at, text: str):
    """`text` is on the page as a field's value or escaped; never raw where Markdown acts."""
    markdown = rendered_as_markdown(at)
    shown = text in field_values(at) or any(plain(text) in m for m in markdown) or text in protos(at)
    assert shown, f"{text!r} is not on the page"
    if plain(text) != text:
        live = [m for m in markdown if text in m]
        assert live == [], f"{text!r} is rendered as live Markdown in {live}"


# --- intake ------------------------------------------------------------------------------


def intake_with_hostile_names(fien) -> tuple[int, dict[str, str]]:
    store = app_store()
    employee, manager, gp, colleague = HOSTILE["mixed"], HOSTILE["html"], HOSTILE["markdown"], HOSTILE["script"]
    case_id = open_case(
        store, fien, employee, manager=Party(PartyRole.MANAGER, manager, HOSTILE["arabic"], HOSTILE["hebrew"]),
        sick_leave_start=TODAY - timedelta(days=60),
    )
    intake.record_consent(store, fien, case_id, PROCESSING, True, TODAY - timedelta(days=50), HOSTILE["emoji"])
    person = intake.add_person(store, fien, case_id, PersonRole.GP, gp, HOSTILE["emoji"], HOSTILE["html"])
    intake.record_consent(store, fien, case_id, person_subject(person.id), True, TODAY)
    intake.log_contact(store, fien, case_id, person.id, TODAY, HOSTILE["markdown"])
    intake.add_person(store, fien, case_id, PersonRole.HR, colleague)
    intake.save_contact_agreement(
        store, fien, case_id, ContactAgreement(ContactKeeper.MANAGER, HOSTILE["script"], HOSTILE["emoji"], HOSTILE["markdown"]),
    )
    return case_id, {"employee": employee, "manager": manager, "gp": gp, "colleague": colleague}


def intake_page(case_id: int):
    return open_page("intake", case_id=case_id)


def test_the_intake_page_shows_hostile_names_as_field_values_and_never_as_html(fien):
    case_id, names = intake_with_hostile_names(fien)
    at = intake_page(case_id)
    assert not at.exception
    assert_no_html(at)
    version = services.get_case(app_store(), fien, case_id).version
    assert at.text_input(key=f"intake_employee_name_{case_id}_{version}").value == names["employee"]
    assert at.text_input(key=f"intake_manager_name_{case_id}_{version}").value == names["manager"]
    assert at.text_input(key=f"intake_manager_job_title_{case_id}_{version}").value == HOSTILE["arabic"]
    assert at.text_area(key="intake_not_wanted").value == HOSTILE["markdown"]
    assert at.text_input(key="intake_frequency").value == HOSTILE["script"]
    assert any(HOSTILE["markdown"] in t.value for t in at.text)  # the contact log, as plain text


def test_the_intake_page_never_renders_a_typed_name_as_markdown(fien):
    case_id, names = intake_with_hostile_names(fien)
    at = intake_page(case_id)
    for text in names.values():
        assert_shown_literally(at, text)


def test_the_case_picker_shows_a_hostile_employee_name_only_as_a_plain_option(fien):
    case_id, names = intake_with_hostile_names(fien)
    at = intake_page(case_id)
    picker = at.selectbox(key=PICKER)
    assert any(names["employee"] in str(option) for option in picker.options)  # options are plain text
    assert not any(names["employee"] in m for m in rendered_as_markdown(at))


# --- the joint dialogue --------------------------------------------------------------------


def dialogue_with_hostile_text(fien) -> int:
    store = app_store()
    case_id = open_case(
        store, fien, HOSTILE["markdown"], manager=Party(PartyRole.MANAGER, HOSTILE["html"]),
        sick_leave_start=TODAY - timedelta(days=60),
    )
    intake.record_consent(store, fien, case_id, PROCESSING, True, TODAY - timedelta(days=50))
    talk = conversations.start_conversation(store, fien, case_id, ConversationParty.EMPLOYEE, TODAY)
    for kind in ("script", "mixed", "hebrew"):
        insight = conversations.add_insight(store, fien, case_id, talk.id, HOSTILE[kind])
        conversations.share_insight(store, fien, case_id, insight.id, ConversationParty.EMPLOYEE, TODAY)
    dialogue.add_goal(store, fien, case_id, "autonomy", GoalOwner.EMPLOYEE, HOSTILE["markdown"], HOSTILE["html"], MomentKind.M3)
    dialogue.save_topic(store, fien, case_id, "recovery_energy", True, HOSTILE["script"])
    return case_id


def dialogue_page(case_id: int, present: bool = False):
    at = open_page("dialogue", case_id=case_id)
    if present:
        at.button(key="dialogue_present").click().run()
    return at


def screens_of(at, present: bool):
    """The page; presented, each of its sections in turn (Next until the last)."""
    yield at
    while present and not at.button(key="presentation_next").disabled:
        at.button(key="presentation_next").click().run()
        yield at


@pytest.mark.parametrize("present", [False, True], ids=["preparing", "presenting"])
def test_the_joint_dialogue_shows_hostile_names_and_notes_literally_and_never_as_html(fien, present):
    case_id = dialogue_with_hostile_text(fien)
    at = dialogue_page(case_id, present)
    unseen, headings = set(("markdown", "html", "script", "mixed", "hebrew")), []
    for screen in screens_of(at, present):
        assert not screen.exception
        assert_no_html(screen)
        for kind in list(unseen):
            try:
                assert_shown_literally(screen, HOSTILE[kind])
                unseen.discard(kind)
            except AssertionError as missing:
                assert "is not on the page" in str(missing), missing  # never live Markdown, on any section
        headings += [h.value for h in screen.subheader]
    assert not unseen, f"never shown: {unseen}"
    if not present:  # the projected screen shows the note as text, with nothing to edit
        assert at.text_area(key=f"dialogue_note_{case_id}_recovery_energy_0").value == HOSTILE["script"]
    assert plain(HOSTILE["markdown"]) in headings  # the goal, escaped
    assert plain(HOSTILE["script"]) in headings  # a shared insight, escaped
