"""The agreement page through AppTest: a facilitator makes the plan, the three parties
confirm, the PDF comes out with the schedule, the goals and the confirmations."""

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from reset_core import accounts, agreement, dialogue, intake, party_space, plan_answer
from reset_core.errors import ValidationError
from reset_core.model import (
    COMMAND_LINE,
    PROCESSING,
    AdjustmentArea,
    AgreementStatus,
    AnswerRoute,
    CraftingAim,
    GoalOwner,
    MomentKind,
    Respondent,
    Role,
    Signer,
)
from tests.app.conftest import app_store, open_page, texts
from tests.conftest import PASSWORD, open_case

RETURN = date.today() + timedelta(days=7)


@pytest.fixture
def case_id(fien):
    store = app_store()
    case_id = open_case(store, fien, "Zoë Çelik-D'hondt", sick_leave_start=date.today() - timedelta(days=120), expected_return=RETURN)
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=100))
    dialogue.add_goal(store, fien, case_id, "recovery_energy", GoalOwner.EMPLOYEE, "Elke dag een échte middagpauze", "Herstel scoort 3 of meer", MomentKind.M3)
    return case_id


def agreement_page(case_id, username="fien"):
    return open_page("agreement", username, case_id)


def keyed(at, kind: str, prefix: str, name: str):
    """The widget `name` of the form whose key starts with `prefix` (item forms carry a
    digest of what they hold in their key)."""
    return next(w for w in getattr(at, kind) if (w.key or "").startswith(prefix) and w.key.endswith(f"_{name}"))


def submit(at, prefix: str, label: str):
    button = next(b for b in at.button if (b.key or "").startswith(f"FormSubmitter:{prefix}") and b.key.endswith(f"-{label}"))
    return button.click().run()


def set_contract(at, hours: float, number: int = 1):
    keyed(at, "number_input", f"agreement_contract_{number}_", "hours").set_value(hours)
    return submit(at, f"agreement_contract_{number}_", "Contractuele uren opslaan")


def add_adjustment(at, area="relations_support", aim="raise_resource", text="Elke vrijdag een gesprek met de leidinggevende", number=1):
    form = f"agreement_adjustment_{number}_new"
    if area:
        at.selectbox(key=f"{form}_area").set_value(AdjustmentArea(area))
    if aim:
        at.selectbox(key=f"{form}_aim").set_value(CraftingAim(aim))
    at.text_area(key=f"{form}_text").input(text)
    return at.button(key=f"FormSubmitter:{form}-Aanpassing toevoegen").click().run()


def add_period(at, row: dict, number=1):
    form = f"agreement_period_{number}_new"
    for name in ("start", "end"):
        if row.get(name):
            at.date_input(key=f"{form}_{name}").set_value(row[name])
    for name in ("days", "hours", "percent"):
        if row.get(name) is not None:
            at.number_input(key=f"{form}_{name}").set_value(row[name])
    if row.get("tasks"):
        at.text_area(key=f"{form}_tasks").input(row["tasks"])
    return at.button(key=f"FormSubmitter:{form}-Periode toevoegen").click().run()


def fill_plan(at, schedule_rows):
    at = set_contract(at, 38.0)
    at = add_adjustment(at)
    for row in schedule_rows:
        at = add_period(at, row)
    return at


def labels(at) -> str:
    """The expanders' labels as a reader sees them (user text in them is escaped Markdown)."""
    return "\n".join(re.sub(r"\\(.)", r"\1", e.label) for e in at.expander)


GOOD_SCHEDULE = (
    {"start": RETURN, "end": RETURN + timedelta(days=13), "days": 3.0, "percent": 50.0, "tasks": "Bijlezen en inloggen"},
    {"start": RETURN + timedelta(days=14), "end": RETURN + timedelta(days=27), "days": 4.0, "hours": 30.4, "tasks": "Eigen taken"},
)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_a_facilitator_makes_the_plan_all_three_confirm_and_the_pdf_holds_it_all(fien, case_id):
    at = agreement_page(case_id)
    assert "nog geen re-integratieplan" in texts(at)
    at.button(key="agreement_start").click().run()
    assert "Versie 1 van het re-integratieplan is aangemaakt" in texts(at)

    at = fill_plan(at, GOOD_SCHEDULE)
    assert not at.exception
    assert "De periode is toegevoegd." in texts(at)
    saved = agreement.load(app_store(), fien, case_id).version(1)
    assert [(p.hours_per_week, p.percent) for p in saved.content.schedule] == [(19.0, 50.0), (30.4, 80.0)]

    at.button(key="agreement_offer_button").click().run()
    assert "aangeboden ter ondertekening" in texts(at)
    # No legal track recorded: not the Codex plan, so no 14-day window (tests/app/test_plan_proof_page.py has one).
    assert "geen antwoordtermijn van 14 dagen" in texts(at)
    assert "De teambriefing kan gemaakt worden zodra" in texts(at)  # offered is not agreed yet
    # The hand-over codes show once, for the facilitator to give each party apart.
    shown = " ".join(c.value for c in at.code)
    assert "Code voor de medewerker:" in shown and "Code voor de leidinggevende:" in shown
    # Here both signed on paper: the facilitator records each paper signature with its date.
    for signer in (Signer.EMPLOYEE, Signer.MANAGER):
        at.date_input(key=f"agreement_sign_{signer.value}_paper_date").set_value(date.today())
        at.checkbox(key=f"agreement_sign_{signer.value}_tick").check()
        at.button(key=f"FormSubmitter:agreement_sign_{signer.value}-Handtekening op papier registreren").click().run()
        assert not at.exception
        assert f"De handtekening op papier van de {signer.value.replace('employee', 'medewerker').replace('manager', 'leidinggevende')} is geregistreerd." in texts(at)
    assert not at.code  # shown once
    at.checkbox(key="agreement_sign_facilitator_tick").check()
    at.button(key="FormSubmitter:agreement_sign_facilitator-Bevestigen").click().run()
    assert not at.exception
    assert agreement.load(app_store(), fien, case_id).version(1).status is AgreementStatus.SIGNED
    assert "Versie 1 - ondertekend" in texts(at)

    at.button(key="agreement_make_pdf").click().run()
    assert at.download_button(key="agreement_download_pdf")
    assert at.download_button(key="agreement_download_ics")
    assert at.download_button(key="agreement_team_briefing")  # confirmed: the team may now be briefed
    text = pdf_text(at.session_state["agreement_pdf"][1])
    assert "Zoë Çelik-D'hondt" in text
    assert "Bijlezen en inloggen" in text and "30,4" in text and RETURN.strftime("%d/%m/%Y") in text
    assert "Elke dag een échte middagpauze" in text
    today = date.today().strftime("%d/%m/%Y")
    for name in ("Zoë Çelik-D'hondt", "Katrien De Smet", "Fien Peeters"):
        assert f"{name} {today}" in text


def test_an_overlapping_period_is_explained_next_to_it_and_nothing_is_saved(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE[:1])
    at = add_period(at, {**GOOD_SCHEDULE[1], "start": RETURN + timedelta(days=10)})
    assert not at.exception
    assert "Deze periode overlapt met periode 1." in texts(at)
    assert at.date_input(key="agreement_period_1_new_start").value == RETURN + timedelta(days=10)
    assert len(agreement.load(app_store(), fien, case_id).version(1).content.schedule) == 1


def test_hours_above_the_contract_are_explained_on_the_page(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), ({**GOOD_SCHEDULE[0], "percent": None, "hours": 40.0},))
    assert "40 uren per week is meer dan de contractuele 38 uren." in texts(at)
    assert agreement.load(app_store(), fien, case_id).version(1).content.schedule == ()


def test_an_incomplete_adjustment_keeps_its_text_shows_every_message_and_saves_nothing(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = add_adjustment(agreement_page(case_id), area=None, aim=None, text="Geen vergaderingen na 16 uur")
    assert not at.exception
    page = texts(at)
    assert "Kies de soort aanpassing." in page and "Kies wat de aanpassing doet." in page
    assert "Opgeslagen." not in page and "toegevoegd" not in page
    assert at.text_area(key="agreement_adjustment_1_new_text").value == "Geen vergaderingen na 16 uur"
    assert agreement.load(app_store(), fien, case_id).version(1).content.adjustments == ()


def test_an_incomplete_period_keeps_its_input_shows_every_message_and_saves_nothing(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = set_contract(agreement_page(case_id), 38.0)
    at = add_period(at, {"start": RETURN, "days": 3.0, "tasks": "Bijlezen"})
    assert not at.exception
    page = texts(at)
    assert "Vul de einddatum in." in page and "Vul de uren per week of het percentage in." in page
    assert at.date_input(key="agreement_period_1_new_start").value == RETURN
    assert at.text_area(key="agreement_period_1_new_tasks").value == "Bijlezen"
    assert agreement.load(app_store(), fien, case_id).version(1).content.schedule == ()


def test_a_complete_adjustment_and_period_are_saved_and_shown_in_belgian_format(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE[:1])
    assert "De periode is toegevoegd." in texts(at)
    shown = labels(at)
    assert "Relaties en steun · versterkt een hulpbron · Elke vrijdag een gesprek met de leidinggevende" in shown
    assert f"{RETURN:%d/%m/%Y} – {RETURN + timedelta(days=13):%d/%m/%Y} · 19 u/week (50 %)" in shown
    # the add forms are empty again, ready for the next one
    assert at.text_area(key="agreement_adjustment_1_new_text").value == ""
    assert at.date_input(key="agreement_period_1_new_start").value is None
    content = agreement.load(app_store(), fien, case_id).version(1).content
    assert len(content.adjustments) == 1 and len(content.schedule) == 1


def test_the_plan_page_never_shows_none(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), ({**GOOD_SCHEDULE[0], "days": None, "tasks": ""},))
    version = agreement.load(app_store(), fien, case_id).version(1)
    agreement.offer(app_store(), fien, case_id, 1, date.today(), version.revision)
    at = agreement_page(case_id)
    page = texts(at) + labels(at)
    assert "None" not in page and "nan" not in page.lower().split()


def test_removing_a_period_leaves_the_others(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE)
    at = submit(at, "agreement_period_1_1_", "Verwijderen")
    assert "De periode is verwijderd." in texts(at)
    schedule = agreement.load(app_store(), fien, case_id).version(1).content.schedule
    assert [p.tasks for p in schedule] == ["Bijlezen en inloggen"]


def test_a_refusal_needs_reasons_and_then_locks_the_version(fien, case_id):
    store = app_store()
    agreement.start(store, fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE)
    at.button(key="agreement_offer_button").click().run()
    at.button(key="FormSubmitter:agreement_refuse-Weigering registreren").click().run()
    assert "Een weigering vraagt de redenen van de medewerker." in texts(at)
    at.text_area(key="agreement_refusal_reasons").input("De opbouw gaat te snel voor mij.")
    at.button(key="FormSubmitter:agreement_refuse-Weigering registreren").click().run()
    assert "Geef de datum op het papier." in texts(at)  # a refusal recorded by the facilitator is the written one
    at.date_input(key="agreement_refusal_paper_date").set_value(date.today())
    at.button(key="FormSubmitter:agreement_refuse-Weigering registreren").click().run()
    assert "De weigering is geregistreerd." in texts(at)
    assert "De opbouw gaat te snel voor mij." in texts(at)
    assert agreement.load(store, fien, case_id).version(1).status is AgreementStatus.REFUSED


def test_the_screen_shows_each_partys_answer_through_their_link_and_a_new_code_once(fien, case_id):
    store = app_store()
    agreement.start(store, fien, case_id)
    fill_plan(agreement_page(case_id), GOOD_SCHEDULE)
    version = agreement.load(store, fien, case_id).version(1)
    _, codes = plan_answer.offer(store, fien, case_id, 1, date.today(), version.revision)
    employee, manager = (party_space.issue_link(store, fien, case_id, r) for r in (Respondent.EMPLOYEE, Respondent.MANAGER))
    plan_answer.answer(store, employee, 1, codes[Signer.EMPLOYEE], agree=True, name="Zoë Çelik-D'hondt", view="Mijn kant van het verhaal.")
    with pytest.raises(ValidationError):
        plan_answer.answer(store, manager, 1, "WRO-NG9", agree=True, name="Katrien")
    at = agreement_page(case_id)
    page = texts(at)
    assert "Geantwoord via de eigen link door Zoë Çelik-D'hondt" in page
    assert "De medewerker schreef een eigen zienswijze" in page and "Mijn kant van het verhaal." in page
    assert "1 foute poging(en)" in page and "Code gemaakt op" in page
    assert not at.code  # the codes made at the offer are never shown again

    at.button(key="agreement_new_code_manager_button").click().run()
    assert not at.exception
    shown = [c.value for c in at.code]
    assert len(shown) == 1 and shown[0].startswith("Code voor de leidinggevende: ")
    at.run()
    assert not at.code  # once
    signed = plan_answer.answer(store, manager, 1, shown[0].rsplit(" ", 1)[1], agree=True, name="Katrien De Smet")
    assert signed.signature(Signer.MANAGER).route is AnswerRoute.LINK


def test_a_signed_plan_shows_no_form_and_a_new_version_needs_a_reason(fien, case_id):
    store = app_store()
    agreement.start(store, fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE)
    version = agreement.load(store, fien, case_id).version(1)
    agreement.offer(store, fien, case_id, 1, date.today(), version.revision)
    for signer in Signer:
        agreement.sign(store, fien, case_id, 1, signer, signer.value, confirmed=True, paper_date=date.today())
    at = agreement_page(case_id)
    assert "kan niet meer gewijzigd worden" in texts(at)
    assert not [b for b in at.button if "agreement_plan" in (b.key or "")]
    at.button(key="FormSubmitter:agreement_new_version-Nieuwe versie maken").click().run()
    assert "Dit veld is verplicht." in texts(at)
    at.text_area(key="agreement_new_reason").input("De relaties in het team vragen een tweede ronde.")
    at.button(key="FormSubmitter:agreement_new_version-Nieuwe versie maken").click().run()
    assert "Versie 2 is aangemaakt als ontwerp." in texts(at)
    plan = agreement.load(store, fien, case_id)
    assert [v.status for v in plan.versions] == [AgreementStatus.SIGNED, AgreementStatus.DRAFT]


def test_a_second_facilitator_does_not_see_the_plan(fien, case_id):
    accounts.add_user(app_store(), COMMAND_LINE, "olaf", "Olaf", PASSWORD, Role.FACILITATOR)
    agreement.start(app_store(), fien, case_id)
    at = agreement_page(case_id, "olaf")
    assert "Je hebt nog geen dossiers." in texts(at)
    assert "Zoë" not in texts(at)


def test_changing_only_the_hours_of_a_saved_period_recalculates_its_percentage(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE)
    keyed(at, "number_input", "agreement_period_1_0_", "hours").set_value(20.9)
    at = submit(at, "agreement_period_1_0_", "Wijziging opslaan")
    assert "De periode is opgeslagen." in texts(at)
    schedule = agreement.load(app_store(), fien, case_id).version(1).content.schedule
    assert [(p.hours_per_week, p.percent) for p in schedule] == [(20.9, 55.0), (30.4, 80.0)]


def test_a_new_contract_total_keeps_the_hours_and_recalculates_the_percentages(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE)
    at = set_contract(at, 40.0)
    schedule = agreement.load(app_store(), fien, case_id).version(1).content.schedule
    assert [(p.hours_per_week, p.percent) for p in schedule] == [(19.0, 47.5), (30.4, 76.0)]


def test_the_plan_details_are_saved_without_touching_its_adjustments_and_periods(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE[:1])
    keyed(at, "text_input", "agreement_plan_1_", "buddy").input("Jan uit het verkoopteam")
    at = submit(at, "agreement_plan_1_", "Ontwerp opslaan")
    assert not at.exception
    assert "Opgeslagen." in texts(at)
    content = agreement.load(app_store(), fien, case_id).version(1).content
    assert content.buddy == "Jan uit het verkoopteam"
    assert len(content.adjustments) == 1 and len(content.schedule) == 1 and content.contract_hours == 38.0
    assert keyed(at, "text_input", "agreement_plan_1_", "buddy").value == "Jan uit het verkoopteam"


def test_a_follow_up_date_is_added_once_and_removed_with_its_own_button(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    proposed = agreement.load(app_store(), fien, case_id).version(1).content.follow_ups
    extra = RETURN + timedelta(days=30)
    at = agreement_page(case_id)
    at.date_input(key="agreement_follow_up_1_date").set_value(extra)
    at = at.button(key="FormSubmitter:agreement_follow_up_1-Opvolgmoment toevoegen").click().run()
    assert "Het opvolgmoment is toegevoegd." in texts(at)
    assert f"{extra:%d/%m/%Y}" in texts(at)
    at.date_input(key="agreement_follow_up_1_date").set_value(extra)
    at = at.button(key="FormSubmitter:agreement_follow_up_1-Opvolgmoment toevoegen").click().run()
    assert "Deze datum staat twee keer bij de opvolgmomenten." in texts(at)
    assert at.date_input(key="agreement_follow_up_1_date").value == extra
    at = at.button(key=f"agreement_follow_up_remove_1_{proposed[0].isoformat()}").click().run()
    assert "Het opvolgmoment is geschrapt." in texts(at)
    assert agreement.load(app_store(), fien, case_id).version(1).content.follow_ups == tuple(sorted((*proposed[1:], extra)))


def test_the_legal_frame_shows_every_problem_at_once_and_then_says_why_the_document_is_no_codex_plan(case_id):
    at = agreement_page(case_id)
    assert any("Nog geen juridisch kader geregistreerd" in i.value for i in at.info)
    at.radio(key="legal_track_0").set_value("formal")
    at = next(b for b in at.button if (b.key or "").startswith("legal_frame_") and b.key.endswith("_submit")).click().run()
    errors = " ".join(e.value for e in at.error)
    assert "Wie het traject startte, staat nog niet in de intake" in errors
    assert "Een formeel traject heeft een regio nodig" in errors
    at.radio(key="legal_track_0").set_value("voluntary")
    at.text_input(key="legal_signatory_name_0").input("Katrien De Smet")
    at = next(b for b in at.button if (b.key or "").startswith("legal_frame_") and b.key.endswith("_submit")).click().run()
    assert not at.error
    assert any("Vrijwillige terugkeer buiten het re-integratietraject" in i.value for i in at.info)
    assert at.text_input(key="legal_signatory_name_1").value == "Katrien De Smet"  # the saved value, not an empty field


def test_the_plan_due_after_decision_a_is_on_the_home_list_with_its_days_left(fien):
    from reset_core import legal_track
    from reset_core.model import Assessment, AssessmentOutcome, TrajectoryStart

    store = app_store()
    decided = date.today() - timedelta(days=55)
    case_id = open_case(
        store, fien, "Ilse Wouters", sick_leave_start=date.today() - timedelta(days=150), started_by=TrajectoryStart.EMPLOYEE,
        assessment=Assessment(AssessmentOutcome.A, decided),
    )
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=100))
    legal_track.save(store, fien, case_id, "formal", "flanders")
    rows = open_page("home").dataframe[0].value.to_dict("records")
    assert {"Dossier": f"#{case_id} Ilse Wouters", "Wat": "Re-integratieplan verschuldigd (63 dagen na beslissing A)",
            "Gepland op": (decided + timedelta(days=63)).strftime("%d/%m/%Y"), "Stand": "over 8 dagen"} in rows


def test_a_codex_plan_of_the_german_speaking_area_is_made_in_german_and_the_consent_words_can_be_read_out_in_german(fien):
    from reset_core import legal_track
    from reset_core.model import Assessment, AssessmentOutcome, TrajectoryStart

    store = app_store()
    case_id = open_case(
        store, fien, "Jonas Schmitz", sick_leave_start=date.today() - timedelta(days=150), started_by=TrajectoryStart.EMPLOYEE,
        assessment=Assessment(AssessmentOutcome.A, date.today() - timedelta(days=20)),
    )
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=100))
    legal_track.save(store, fien, case_id, "formal", "german")
    agreement.start(store, fien, case_id)
    at = agreement_page(case_id)
    assert at.selectbox(key="agreement_doc_lang").value == "de"  # the legal copy's language, not the screen's
    assert at.selectbox(key="agreement_doc_lang").label == "Taal van de documenten"  # the screen itself stays Dutch
    at.button(key="agreement_make_pdf").click().run()
    assert not at.exception
    text = pdf_text(at.session_state["agreement_pdf"][1])
    assert "Wiedereingliederungsplan - Fassung 1" in text and "auf Deutsch verfasst" in text
    at.selectbox(key="agreement_doc_lang").set_value("nl").run()
    at.button(key="agreement_make_pdf").click().run()
    assert "Dit is een vertaling. De juridische versie van dit plan is in het Duits." in pdf_text(at.session_state["agreement_pdf"][1])

    at = open_page("intake", "fien", case_id)
    at.selectbox(key="intake_consent_words_lang").set_value("de").run()
    assert not at.exception
    assert any("Ich erlaube der Person" in x.value for x in at.text)
