"""Every text a user typed, account names included, reaches the screen through the one
escaping function (ui.text.plain) or as a field value: a Markdown image or link planted
in a name, a job title or a note never becomes a live image or link on any page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reset_core import conversations, dialogue, intake
from reset_core.model import (
    PROCESSING,
    AdjustmentKind,
    ConversationParty,
    GoalOwner,
    MomentKind,
    Party,
    PartyRole,
    PersonRole,
    Role,
    person_subject,
)
from tests.app.conftest import account, app_store, open_page
from tests.app.test_literal_text_pages import rendered_as_markdown
from tests.conftest import open_case
from ui.text import plain

TODAY = date.today()
EVIL = "evil.example"
# A remote image and a link, in every place a user types text; each fits a name (100 characters).
PLANTED = f"Jan ![pixel](http://{EVIL}/p.png) [klik](http://{EVIL}/x) **vet**"
assert len(PLANTED) <= 100

FACILITATOR_PAGES = ["home", "intake", "conversations", "cards", "scan", "dialogue", "agreement", "followup", "closing", "learning", "password", "logout"]
ADMIN_PAGES = ["accounts", "privacy", "learning", "password", "logout"]


@pytest.fixture
def planted_case() -> int:
    fien = account("fien", f"Fien {PLANTED}")
    account("beheer", f"Bea {PLANTED}", Role.ADMIN)
    store = app_store()
    case_id = open_case(
        store, fien, PLANTED,
        employee=Party(PartyRole.EMPLOYEE, PLANTED, PLANTED, PLANTED),
        manager=Party(PartyRole.MANAGER, PLANTED, PLANTED, PLANTED),
        sick_leave_start=TODAY - timedelta(days=60),
    )
    intake.record_consent(store, fien, case_id, PROCESSING, True, TODAY - timedelta(days=50), PLANTED)
    person = intake.add_person(store, fien, case_id, PersonRole.GP, PLANTED, PLANTED, PLANTED)
    intake.record_consent(store, fien, case_id, person_subject(person.id), True, TODAY)
    intake.log_contact(store, fien, case_id, person.id, TODAY, PLANTED)
    talk = conversations.start_conversation(store, fien, case_id, ConversationParty.MANAGER, TODAY, with_whom=PLANTED)
    conversations.save_card_note(store, fien, case_id, talk.id, "theme_autonomy", PLANTED)
    insight = conversations.add_insight(store, fien, case_id, talk.id, PLANTED)
    conversations.share_insight(store, fien, case_id, insight.id, ConversationParty.MANAGER, TODAY)
    conversations.add_adjustment(store, fien, case_id, talk.id, list(AdjustmentKind)[0], PLANTED)
    conversations.add_goal(store, fien, case_id, talk.id, PLANTED)
    dialogue.add_goal(store, fien, case_id, "autonomy", GoalOwner.EMPLOYEE, PLANTED, PLANTED, MomentKind.M3)
    dialogue.save_topic(store, fien, case_id, "recovery_energy", True, PLANTED)
    return case_id


def live(at) -> list[str]:
    return [text for text in rendered_as_markdown(at) if f"](http://{EVIL}" in text]


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
def test_no_facilitator_page_renders_a_typed_image_or_link_as_markdown(planted_case, page):
    at = open_page(page, "fien", case_id=planted_case)
    assert not at.exception
    assert live(at) == []


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_no_admin_page_renders_a_typed_image_or_link_as_markdown(planted_case, page):
    at = open_page(page, "beheer")
    assert not at.exception
    assert live(at) == []


def test_the_sidebar_shows_a_planted_account_name_literally(planted_case):
    at = open_page("home", "fien", case_id=planted_case)
    (caption,) = [c.value for c in at.sidebar.caption if "Aangemeld als" in c.value]
    assert plain(PLANTED) in caption and f"](http://{EVIL}" not in caption
