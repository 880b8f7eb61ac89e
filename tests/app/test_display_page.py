"""The second screen (?d=): the presented section only, nothing private, nothing to click,
blank once the presentation ends; guessing its links gets slow."""

from datetime import date, timedelta

import pytest

from reset_core import conversations, intake, presentation, scan, sharing
from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.model import PROCESSING, ConversationParty, MomentKind, Respondent
from reset_core.scan import CURRENT_VERSION
from tests.app.conftest import app, app_store, open_page, texts
from tests.conftest import open_case

INSTRUMENT = load_instrument(CURRENT_VERSION)
SHARED, PRIVATE = "SharedInsightForTheRoom", "PrivateNoteNeverOnTv"
BLANK = translate("presentation.display_refused", "nl")


@pytest.fixture
def case_id(fien):
    store = app_store()
    today = date.today()
    case_id = open_case(store, fien, "Marc Verbeke", sick_leave_start=today - timedelta(days=60))
    intake.record_consent(store, fien, case_id, PROCESSING, True, today - timedelta(days=50))
    talk = conversations.start_conversation(store, fien, case_id, ConversationParty.EMPLOYEE, today)
    conversations.save_card_note(store, fien, case_id, talk.id, "theme_team_relations", PRIVATE)
    shared = conversations.add_insight(store, fien, case_id, talk.id, SHARED)
    conversations.share_insight(store, fien, case_id, shared.id, ConversationParty.EMPLOYEE, today)
    _, tokens = scan.create_moment(store, fien, case_id, MomentKind.T0, today)
    scan.save_answers(store, tokens[Respondent.EMPLOYEE], {i.id: 2 for i in INSTRUMENT.items})
    scan.save_answers(store, tokens[Respondent.MANAGER], {i.id: 4 for i in INSTRUMENT.items})
    for token in tokens.values():
        scan.submit(store, token)
        sharing.release_through_link(store, token, True)
    return case_id


def display(token: str):
    at = app()
    at.query_params["d"] = token
    return at.run()


def test_the_second_screen_shows_the_facilitators_section_and_nothing_to_click_or_private(fien, case_id):
    token = presentation.issue_display_link(app_store(), fien, case_id, "nl")
    at = display(token)
    assert not at.exception
    assert translate("dialogue.scan_moment", "nl", moment=translate("moment_kind.t0", "nl")) in texts(at)
    assert SHARED not in texts(at)  # the insights are a later section
    presentation.move(app_store(), fien, case_id, presentation.INSIGHTS)
    at.run()  # what the fragment does every second
    page = texts(at)
    assert SHARED in page and PRIVATE not in page
    assert not at.button and not at.text_area and not at.checkbox and not at.selectbox and len(at.sidebar.selectbox) == 0


def test_the_second_screen_goes_blank_when_the_facilitator_leaves_the_presentation(fien, case_id):
    token = presentation.issue_display_link(app_store(), fien, case_id, "nl")
    tv = display(token)
    projector = open_page("dialogue", case_id=case_id)
    projector.button(key="dialogue_present").click().run()
    projector.button(key="presentation_next").click().run()
    tv.run()
    assert "Marc Verbeke" in texts(tv) and BLANK not in texts(tv)
    projector.button(key="dialogue_leave").click().run()
    tv.run()
    assert not tv.exception
    page = texts(tv)
    assert BLANK in page and "Marc Verbeke" not in page


def test_guessing_display_links_gets_slow(waits):
    at = app()
    for n in range(1, 5):
        at.query_params["d"] = f"guess{n}"
        at.run()
        assert BLANK in texts(at)
    assert waits == [scan.bad_token_delay(n) for n in range(1, 5)] and waits[-1] > 0


def test_the_facilitator_makes_a_display_link_with_its_qr_code_seen_once(fien, case_id):
    at = open_page("dialogue", case_id=case_id)
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("presentation_display_"))).click().run()
    assert not at.exception
    (shown,) = [c.value for c in at.code if "/?d=" in c.value]
    assert len(at.get("image")) == 1  # the QR code
    display(shown.rsplit("=", 1)[1])  # the link works
    at.button(key="presentation_end").click().run()
    assert not [c for c in at.code if "/?d=" in c.value]  # ended: the link is not offered any more
