"""A party's personal space (?p=) and the facilitator's tab for it, through AppTest."""

from datetime import date

import pytest

from reset_core import conversations, intake, party_space, scan
from reset_core.model import PROCESSING, ConversationParty, MomentKind, PersonRole, Respondent, person_subject
from tests.app.conftest import app, app_store, open_page, space_page, texts
from tests.conftest import open_case

EMPLOYEE, MANAGER = Respondent.EMPLOYEE, Respondent.MANAGER


@pytest.fixture
def case_id(fien):
    case_id = open_case(app_store(), fien, "Marc Verbeke")
    intake.record_consent(app_store(), fien, case_id, PROCESSING, True, date.today())
    return case_id



def test_the_space_shows_no_menu_and_only_the_partys_own_name(fien, case_id):
    at = space_page(party_space.issue_link(app_store(), fien, case_id, MANAGER))
    assert not at.exception
    page = texts(at)
    assert "Jouw persoonlijke ruimte" in page and "Katrien De Smet" in page
    assert "Marc Verbeke" not in page and "Fien" not in page
    assert len(at.sidebar.selectbox) == 0
    assert "Wat we over jou bijhouden" in page and "Jouw toestemmingen" not in page


def test_a_bad_or_revoked_link_shows_the_refusal_only(fien, case_id):
    token = party_space.issue_link(app_store(), fien, case_id, EMPLOYEE)
    party_space.revoke_link(app_store(), fien, case_id, EMPLOYEE)
    for link in ("forged", token):
        page = texts(space_page(link))
        assert "Deze link werkt niet (meer)" in page
        assert "Marc Verbeke" not in page and "Katrien" not in page and "toestemming" not in page.lower()


def test_guessing_space_links_gets_slow(fien, case_id, waits):
    at = app()
    for n in range(1, 5):
        at.query_params["p"] = f"guess{n}"
        at.run()
    assert waits == [scan.bad_token_delay(n) for n in range(1, 5)] and waits[-1] > 0


def test_the_employee_reads_their_consents_and_withdraws_one_with_one_click(fien, case_id):
    gp = intake.add_person(app_store(), fien, case_id, PersonRole.GP, "dr. Wuyts")
    intake.record_consent(app_store(), fien, case_id, person_subject(gp.id), True, date.today())
    at = space_page(party_space.issue_link(app_store(), fien, case_id, EMPLOYEE))
    page = texts(at)
    assert "Jouw toestemmingen" in page and "dr. Wuyts" in page and "Tekstversie 1" in page
    assert "Wat we over jou bijhouden" not in page
    at.button(key=f"space_consent_{person_subject(gp.id)}").click().run()
    assert not at.exception
    assert "Ingetrokken. Dat geldt vanaf nu overal." in texts(at)
    assert [e.given for e in intake.load(app_store(), fien, case_id).ledger if e.subject == person_subject(gp.id)] == [True, False]
    assert len(at.button) == 1  # only the basic consent can still be withdrawn


def test_the_open_scan_shows_without_the_questionnaire_and_without_the_other_party(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    talk = conversations.start_conversation(app_store(), fien, case_id, ConversationParty.MANAGER, date.today())
    conversations.add_insight(app_store(), fien, case_id, talk.id, "MANAGER-PRIVATE-MARKER")
    at = space_page(party_space.issue_link(app_store(), fien, case_id, EMPLOYEE))
    page = texts(at)
    assert "staat open voor jou" in page and [b.label for b in at.button][0] == "Vragenlijst invullen"
    assert "Beginnen" not in [b.label for b in at.button]  # the questions only behind that button
    assert "MANAGER-PRIVATE-MARKER" not in page and "Katrien" not in page


def test_the_facilitator_makes_a_link_sees_it_once_and_follows_the_partys_state(fien, case_id):
    at = open_page("intake", case_id=case_id)
    make = next(b for b in at.button if b.label == "Link maken voor de medewerker")
    make.click().run()
    assert not at.exception
    (url,) = [c.value for c in at.code]
    assert "/?p=" in url
    party_space.open_space(app_store(), url.split("p=")[1])
    at.run()
    page = texts(at)
    assert not at.code  # shown once
    assert "Link actief" in page and "Eerst geopend op" in page
    assert "(basistoestemming): gegeven" in page


def test_a_name_typed_with_markdown_shows_literally_in_the_space(fien):
    from tests.app.test_literal_text_pages import assert_shown_literally

    name = "**Marc** [klik](https://evil.example)"
    case_id = open_case(app_store(), fien, name)
    gp = intake.add_person(app_store(), fien, case_id, PersonRole.GP, "_dr._ [Wuyts](https://evil.example)")
    intake.record_consent(app_store(), fien, case_id, person_subject(gp.id), True, date.today())
    at = space_page(party_space.issue_link(app_store(), fien, case_id, EMPLOYEE))
    assert not at.exception
    assert_shown_literally(at, name)
    assert any("_dr._ [Wuyts](https://evil.example)" in text.value for text in at.text)
    facilitator = open_page("intake", case_id=case_id)
    assert_shown_literally(facilitator, gp.name)


def test_after_submitting_the_party_reads_their_own_results_and_shares_them_from_the_space(fien, case_id):
    from reset_core.instrument import load_instrument

    moment, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    items = load_instrument(moment.instrument_version).items
    scan.save_answers(app_store(), tokens[MANAGER], {i.id: 4 for i in items})
    scan.submit(app_store(), tokens[MANAGER])
    scan.revoke_link(app_store(), fien, case_id, moment.id, MANAGER)  # the scan link is gone; the space is not
    at = space_page(party_space.issue_link(app_store(), fien, case_id, MANAGER))
    page = texts(at)
    assert "Jouw resultaten" in page and "geen diagnose" in page
    at.checkbox(key=f"space_{moment.id}_flag_autonomy").check().run()
    at.button(key=f"space_{moment.id}_release").click().run()
    assert not at.exception
    assert "Je hebt je resultaten gedeeld" in texts(at)
    with app_store().read() as q:
        assert [(r.respondent, r.released) for r in q.sharing.releases_of_case(case_id)] == [(MANAGER, True)]
        assert [(f.respondent, f.theme) for f in q.sharing.flags_of_case(case_id)] == [(MANAGER, "autonomy")]


def test_the_space_button_takes_the_party_into_their_open_questionnaire(fien, case_id):
    moment, _ = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = space_page(party_space.issue_link(app_store(), fien, case_id, EMPLOYEE))
    at.button(key=f"space_scan_{moment.id}").click().run()
    assert not at.exception
    assert "p" not in at.query_params and at.query_params["t"]
    at.run()  # the address now opens the questionnaire, also after a reload
    assert "Beginnen" in [b.label for b in at.button]
    with app_store().read() as q:
        assert len(q.scans.links_of_case(case_id)) == 3  # the two sent, and the space's door
