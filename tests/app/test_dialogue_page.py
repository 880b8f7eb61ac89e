"""The joint dialogue screen: the structural privacy test, the agenda and the goals."""

from datetime import date, timedelta

from reset_core import conversations, dialogue, intake, scan, sharing
from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.model import (
    PROCESSING,
    AdjustmentKind,
    ConversationParty,
    GoalOwner,
    MomentKind,
    Respondent,
)
from reset_core.scan import CURRENT_VERSION
from tests.app.conftest import app_store, open_page, submit_button, texts, view
from tests.conftest import open_case
from ui.focus import PICKER

INSTRUMENT = load_instrument(CURRENT_VERSION)
# Letters only: the screen escapes Markdown, and an escaped marker would slip past the check.
SHARED = "SharedInsightOkToShow"
PRIVATE = ["PrivateCardNoteXa", "PrivateInsightXb", "WithdrawnInsightXc", "PrivateAdjustmentXd", "PrivateGoalXe", "UnsubmittedAnswerXf", "OtherCaseXg"]


def everything_on(at) -> str:
    """Every element the page sent, widgets and their values included."""
    found = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(found)


def every_section(at) -> list:
    """The presented joint screen, section by section (Next until the last): per section,
    every element it sent."""
    shown = [everything_on(at)]
    while not at.button(key="presentation_next").disabled:
        at.button(key="presentation_next").click().run()
        assert not at.exception
        shown.append(everything_on(at))
    return shown


def case_full_of_secrets(fien) -> int:
    store = app_store()
    today = date.today()
    case_id = open_case(store, fien, "Marc Verbeke", sick_leave_start=today - timedelta(days=90))
    intake.record_consent(store, fien, case_id, PROCESSING, True, today - timedelta(days=80))
    talk = conversations.start_conversation(store, fien, case_id, ConversationParty.EMPLOYEE, today - timedelta(days=10))
    conversations.save_card_note(store, fien, case_id, talk.id, "theme_team_relations", PRIVATE[0])
    shared = conversations.add_insight(store, fien, case_id, talk.id, SHARED, theme_id="team_relations")
    conversations.share_insight(store, fien, case_id, shared.id, ConversationParty.EMPLOYEE, today - timedelta(days=9))
    conversations.add_insight(store, fien, case_id, talk.id, PRIVATE[1])
    withdrawn = conversations.add_insight(store, fien, case_id, talk.id, PRIVATE[2])
    conversations.share_insight(store, fien, case_id, withdrawn.id, ConversationParty.EMPLOYEE, today - timedelta(days=9))
    conversations.withdraw_sharing(store, fien, case_id, withdrawn.id, today - timedelta(days=8))
    conversations.add_adjustment(store, fien, case_id, talk.id, AdjustmentKind.TASK, PRIVATE[3])
    conversations.add_goal(store, fien, case_id, talk.id, PRIVATE[4])
    # T0 submitted by both; a later moment only half answered, with an open answer.
    _, tokens = scan.create_moment(store, fien, case_id, MomentKind.T0, today - timedelta(days=5))
    scan.save_answers(store, tokens[Respondent.EMPLOYEE], {i.id: 2 for i in INSTRUMENT.items})
    scan.save_answers(store, tokens[Respondent.MANAGER], {i.id: 4 for i in INSTRUMENT.items})
    scan.save_continuum(store, tokens[Respondent.EMPLOYEE], "struggling")
    for token in tokens.values():
        scan.submit(store, token)
        sharing.release_through_link(store, token, True)  # both share T0 for the joint dialogue
    _, later = scan.create_moment(store, fien, case_id, MomentKind.M3, today)
    scan.save_answers(store, later[Respondent.EMPLOYEE], {i.id: 5 for i in INSTRUMENT.items})
    scan.save_open_answer(store, later[Respondent.EMPLOYEE], "v2_employee_energy", PRIVATE[5])
    other = open_case(store, fien, PRIVATE[6])
    intake.record_consent(store, fien, other, PROCESSING, True, today)
    return case_id


def dialogue_page(case_id: int):
    return open_page("dialogue", case_id=case_id)


def test_no_private_note_withdrawn_insight_unsubmitted_answer_or_other_case_reaches_the_joint_screen(fien):
    case_id = case_full_of_secrets(fien)
    at = dialogue_page(case_id)
    at.button(key="dialogue_present").click().run()
    assert not at.exception
    sent = "\n".join(every_section(at))
    assert SHARED in sent  # the check can see what the screen shows
    for secret in PRIVATE:
        assert secret not in sent
    assert len(at.sidebar.selectbox) == 0  # presentation mode: no menu, no case picker
    view = dialogue.joint_view(app_store(), fien, case_id)
    assert not any(secret in repr(view) for secret in PRIVATE)
    assert view.moment is MomentKind.T0  # the half-answered re-scan is left out


def test_the_agenda_puts_the_biggest_gaps_first_with_their_joint_questions(fien):
    case_id = case_full_of_secrets(fien)
    view = dialogue.joint_view(app_store(), fien, case_id)
    gaps = [abs(row.gap) for row in view.agenda if row.gap is not None]
    assert gaps == sorted(gaps, reverse=True) or any(row.shared_concern for row in view.agenda)
    page = texts(dialogue_page(case_id))
    assert "Vragen voor jullie samen" in page


def test_ticking_a_theme_and_noting_the_agreement_is_kept(fien):
    case_id = case_full_of_secrets(fien)
    at = dialogue_page(case_id)
    at.checkbox(key=f"dialogue_done_{case_id}_recovery_energy").check().run()
    at.text_area(key=f"dialogue_note_{case_id}_recovery_energy_0").input("Elke vrijdag een rustige namiddag").run()
    topic = dialogue.joint_view(app_store(), fien, case_id).topics["recovery_energy"]
    assert topic.discussed and topic.note == "Elke vrijdag een rustige namiddag"


def test_a_goal_is_agreed_on_the_screen_and_an_empty_one_is_refused(fien):
    case_id = case_full_of_secrets(fien)
    at = dialogue_page(case_id)
    at.text_area(key="dialogue_goal_description").input("Twee dagen per week thuiswerk in de eerste maand")
    submit_button(at, "dialogue_goal", "Doel toevoegen").click().run()
    assert "Dit veld is verplicht." in texts(at)
    at.text_area(key="dialogue_goal_description").input("Twee dagen per week thuiswerk in de eerste maand")
    at.text_area(key="dialogue_goal_indicator").input("Na drie maanden: energie minstens 3 op de scan")
    submit_button(at, "dialogue_goal", "Doel toevoegen").click().run()
    (goal,) = dialogue.goals(app_store(), fien, case_id)
    assert goal.owner is GoalOwner.EMPLOYEE and goal.target is MomentKind.M3
    assert "Twee dagen per week thuiswerk" in texts(at)


def test_a_goal_takes_its_statements_and_target_on_the_screen_and_shows_start_and_target(fien):
    case_id = case_full_of_secrets(fien)
    at = dialogue_page(case_id)
    at.selectbox(key="dialogue_goal_theme").set_value("recovery_energy").run()
    at.multiselect(key="dialogue_goal_items_recovery_energy").select("v2_recovery_energy_2").run()
    at.select_slider(key="dialogue_goal_target_score").set_value(3.5).run()
    at.text_area(key="dialogue_goal_description").input("Elke dag een echte middagpauze")
    at.text_area(key="dialogue_goal_indicator").input("Samen bekijken bij de opvolging")
    submit_button(at, "dialogue_goal", "Doel toevoegen").click().run()
    (goal,) = dialogue.goals(app_store(), fien, case_id)
    assert (goal.theme, goal.items, goal.target_score) == ("recovery_energy", ("v2_recovery_energy_2",), 3.5)
    assert goal.baseline is not None and goal.baseline.moment is MomentKind.T0
    page = texts(at)
    assert "doel 3,5" in page and "start " in page


def test_a_goal_typed_and_left_for_another_page_is_still_there_on_return_and_empties_once_added(fien):
    case_id = case_full_of_secrets(fien)
    at = dialogue_page(case_id)
    at.text_area(key="dialogue_goal_description").input("Elke maandag een rustige start")
    at.text_area(key="dialogue_goal_indicator").input("Na drie maanden zegt de medewerker dat het lukt").run()
    at.switch_page(view("scan")).run()  # away before pressing the button
    at.switch_page(view("dialogue")).run()
    assert at.text_area(key="dialogue_goal_description").value == "Elke maandag een rustige start"
    assert at.text_area(key="dialogue_goal_indicator").value == "Na drie maanden zegt de medewerker dat het lukt"
    submit_button(at, "dialogue_goal", "Doel toevoegen").click().run()
    assert [g.description for g in dialogue.goals(app_store(), fien, case_id)] == ["Elke maandag een rustige start"]
    assert at.text_area(key="dialogue_goal_description").value == ""  # ready for the next goal
    at.switch_page(view("scan")).run()
    at.switch_page(view("dialogue")).run()
    assert at.text_area(key="dialogue_goal_description").value == ""  # the added goal's text is not brought back


def test_dropping_another_goal_leaves_the_goal_being_typed_alone(fien):
    case_id = case_full_of_secrets(fien)
    dialogue.add_goal(app_store(), fien, case_id, "autonomy", GoalOwner.EMPLOYEE, "Een doel dat vervalt", "i", MomentKind.M3)
    at = dialogue_page(case_id)
    at.text_area(key="dialogue_goal_description").input("Een doel in de maak").run()
    (goal,) = dialogue.goals(app_store(), fien, case_id)
    at.button(key=f"dialogue_drop_{goal.id}").click().run()
    assert dialogue.goals(app_store(), fien, case_id) == []
    assert at.text_area(key="dialogue_goal_description").value == "Een doel in de maak"


def test_leaving_presentation_mode_brings_the_menu_back(fien):
    case_id = case_full_of_secrets(fien)
    at = dialogue_page(case_id)
    at.button(key="dialogue_present").click().run()
    at.button(key="dialogue_leave").click().run()
    assert len(at.sidebar.selectbox) == 1


def test_leaving_presentation_mode_returns_to_the_case_that_was_presented(fien):
    first = open_case(app_store(), fien, "Eerste Dossier", sick_leave_start=date.today() - timedelta(days=60))
    case_id = case_full_of_secrets(fien)
    assert first < case_id  # the picker's first option is another case
    at = dialogue_page(case_id)
    at.button(key="dialogue_present").click().run()
    assert at.query_params["case"] == str(case_id)
    # What a real server does and AppTest does not: the picker, not drawn while presenting,
    # loses its state, and the hidden menu's page drops ?case from the address.
    if PICKER in at.session_state:
        del at.session_state[PICKER]
    at.query_params.pop("case")
    at.button(key="dialogue_leave").click().run()
    assert at.selectbox(key=PICKER).value == case_id
    assert at.query_params["case"] == str(case_id)
    assert SHARED in texts(at)


def test_markup_in_a_shared_insight_is_shown_literally(fien):
    store = app_store()
    case_id = open_case(store, fien, "Marc Verbeke", sick_leave_start=date.today() - timedelta(days=30))
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=20))
    talk = conversations.start_conversation(store, fien, case_id, ConversationParty.MANAGER, date.today())
    insight = conversations.add_insight(store, fien, case_id, talk.id, "**vet** [link](http://x) :material/home:")
    conversations.share_insight(store, fien, case_id, insight.id, ConversationParty.MANAGER, date.today())
    at = dialogue_page(case_id)
    headings = [h.value for h in at.subheader]
    assert r"\*\*vet\*\* \[link\]\(http\://x\) \:material/home\:" in headings


def test_a_topic_note_from_a_stale_screen_is_refused_and_kept_to_copy(fien):
    case_id = case_full_of_secrets(fien)
    at = dialogue_page(case_id)
    dialogue.save_topic(app_store(), fien, case_id, "recovery_energy", None, "Afgesproken op het andere scherm", base=0)
    at.text_area(key=f"dialogue_note_{case_id}_recovery_energy_0").input("Mijn versie van de afspraak").run()
    assert not at.exception
    assert dialogue.joint_view(app_store(), fien, case_id).topics["recovery_energy"].note == "Afgesproken op het andere scherm"
    assert any("intussen elders opgeslagen" in e.value for e in at.error)
    assert "Mijn versie van de afspraak" in [c.value for c in at.code]
    at.checkbox(key=f"dialogue_done_{case_id}_recovery_energy").check().run()  # ticking never writes the note
    topic = dialogue.joint_view(app_store(), fien, case_id).topics["recovery_energy"]
    assert topic.discussed and topic.note == "Afgesproken op het andere scherm"


# --- the scan comparison follows both parties' releases -------------------------------


def submitted_case(fien):
    """A case whose T0 both parties submitted; nobody released yet. The two tokens."""
    store = app_store()
    case_id = open_case(store, fien, "Marc Verbeke")
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=20))
    _, tokens = scan.create_moment(store, fien, case_id, MomentKind.T0, date.today() - timedelta(days=5))
    scan.save_answers(store, tokens[Respondent.EMPLOYEE], {i.id: 2 for i in INSTRUMENT.items})
    scan.save_answers(store, tokens[Respondent.MANAGER], {i.id: 4 for i in INSTRUMENT.items})
    scan.save_continuum(store, tokens[Respondent.EMPLOYEE], "struggling")
    for token in tokens.values():
        scan.submit(store, token)
    return case_id, tokens


def joint_screen(case_id: int) -> str:
    at = dialogue_page(case_id)
    at.button(key="dialogue_present").click().run()
    assert not at.exception
    return texts(at)


NOT_RELEASED = "nog niet gedeeld voor dit gesprek"
COMPARED = translate("dialogue.scan_moment", "nl", moment=translate("moment_kind.t0", "nl"))  # the caption over the chart


def test_the_joint_screen_shows_the_comparison_only_once_both_released_and_never_says_who_has_not(fien):
    case_id, tokens = submitted_case(fien)
    store = app_store()
    states = {}
    states["none"] = joint_screen(case_id)
    sharing.release_through_link(store, tokens[Respondent.EMPLOYEE], True)
    states["employee only"] = joint_screen(case_id)
    sharing.release_through_link(store, tokens[Respondent.EMPLOYEE], False)
    sharing.release_through_link(store, tokens[Respondent.MANAGER], True)
    states["manager only"] = joint_screen(case_id)
    sharing.release_through_link(store, tokens[Respondent.EMPLOYEE], True)
    states["both"] = joint_screen(case_id)
    sharing.release_through_link(store, tokens[Respondent.MANAGER], False)
    states["both, then one withdrew"] = joint_screen(case_id)
    for state, page in states.items():
        shown = state == "both"
        assert (COMPARED in page) is shown, state
        assert (NOT_RELEASED in page) is not shown, state
    # Whoever has not released, the screen reads the same.
    assert states["none"] == states["employee only"] == states["manager only"] == states["both, then one withdrew"]


def test_themes_both_parties_flagged_come_first_on_the_joint_screen_without_saying_who(fien):
    case_id, tokens = submitted_case(fien)
    store = app_store()
    for token in tokens.values():
        sharing.release_through_link(store, token, True)
    sharing.flag_through_link(store, tokens[Respondent.EMPLOYEE], "value_fit", True)
    sharing.flag_through_link(store, tokens[Respondent.MANAGER], "value_fit", True)
    sharing.flag_through_link(store, tokens[Respondent.MANAGER], "autonomy", True)
    at = dialogue_page(case_id)
    at.button(key="dialogue_present").click().run()
    headings, page = [], []
    for _ in range(3):  # the overview, then the agenda's first two themes, each on its own
        headings.append([h.value for h in at.header])
        page.append(texts(at))
        at.button(key="presentation_next").click().run()
    assert headings[1][0].startswith("Waarden") and headings[2][0].startswith("Autonomie")  # before every theme nobody flagged
    assert "jullie willen hier allebei over praten" in page[1] and "één van jullie" not in page[1]
    assert "één van jullie wil hier over praten" in page[2]
    page = "\n".join(page).lower()
    assert "medewerker wil" not in page and "leidinggevende wil" not in page


def test_a_mixed_case_shows_the_screens_own_words_in_both_parties_languages_and_a_single_language_case_in_one(fien):
    from reset_core import party_space
    from reset_core.cards import load_card_set
    from reset_core.formats import theme_name

    store = app_store()
    mixed = open_case(store, fien, "Julie Lambert")
    intake.record_consent(store, fien, mixed, PROCESSING, True, date.today())
    party_space.issue_link(store, fien, mixed, Respondent.EMPLOYEE, "fr")
    party_space.issue_link(store, fien, mixed, Respondent.MANAGER, "nl")
    page = texts(dialogue_page(mixed))
    theme = load_card_set().themes[0].id
    assert f"{translate('dialogue.agenda_title', 'nl')} / {translate('dialogue.agenda_title', 'fr')}" in page
    assert f"{theme_name(theme, 'nl')} / {theme_name(theme, 'fr')}" in page
    assert load_card_set().theme_card_for(theme).text("fr").joint_questions[0] in everything_on(dialogue_page(mixed))
    assert dialogue.joint_view(store, fien, mixed).languages == ("fr", "nl")

    dutch = open_case(store, fien, "Marc Verbeke")
    intake.record_consent(store, fien, dutch, PROCESSING, True, date.today())
    page = texts(dialogue_page(dutch))
    assert f"{theme_name(theme, 'nl')} / " not in page and "Agenda / " not in page
