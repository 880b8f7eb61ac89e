"""The demo database: fictitious cases in every phase, for training cohorts.

Every case is built through the same use cases a facilitator and a respondent use,
and reaches its phase by the same rules (reset_core.phases): `DemoCase.phase` says
how far its story goes, the facts it gets put it there. Nothing forces a phase.

Everything here is invented. Names are common Flemish names, not real people.
Each part of a case's story is filled by the module of that name (conversations,
scans, dialogue, agreements, followup, closing); what a demo case is, in case.py.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from .. import accounts, intake, legal_track
from ..config import DB_FILE, KEY_FILE, Settings, settings
from ..database import KIND_DEMO, kind_of, open_store
from ..errors import StorageError
from ..model import (
    COMMAND_LINE,
    PROCESSING,
    Assessment,
    AssessmentOutcome,
    CaseDetails,
    ContactAgreement,
    ContactKeeper,
    Party,
    PartyRole,
    PersonRole,
    Phase,
    Respondent,
    Role,
    TrajectoryStart,
    User,
    person_subject,
)
from ..storage import Store
from . import agreements, checkins, closing, conversations, dialogue, followup, legal, scans, spaces
from .case import DemoCase

DEMO_PASSWORD = "demo-reset"
DEMO_USERS = (
    User("demo", "An Vercammen", Role.FACILITATOR),
    User("demo-2", "Pieter Lemmens", Role.FACILITATOR),
    User("demo-admin", "Greet Huysmans", Role.ADMIN),
    User("demo-fr", "Camille Lejeune", Role.FACILITATOR),  # a French-speaking facilitator
)
USER_LANGUAGES = {"demo-fr": "fr"}  # kept with the account: the app opens in it at login


DEMO_CASES = (
    # Shaped like the white paper's case study: a salesperson over 55, a conflict with
    # a colleague and a new IT order system among the causes. Both conversations held
    # and the T0 scan submitted by both: ready for the joint dialogue.
    DemoCase("demo", Phase.JOINT_DIALOGUE, ("Marc Verbeke", "Vertegenwoordiger buitendienst (57 jaar)", "Verkoop regio Antwerpen"), ("Katrien De Smet", "Salesmanager"), 150, TrajectoryStart.EMPLOYER, assessment=AssessmentOutcome.A),
    DemoCase("demo", Phase.INTAKE, ("Sofie Claes", "HR-consulente", "Personeelsdienst"), ("Bart Peeters", "HR-manager"), 40),
    # Both submitted the T0 scan, but only the manager released it: the joint screen says
    # the results are not yet shared.
    DemoCase("demo", Phase.JOINT_DIALOGUE, ("Jeroen Maes", "Projectingenieur", "Engineering"), ("Els Janssens", "Teamleider engineering"), 120, TrajectoryStart.TREATING_PHYSICIAN, released_by=frozenset({Respondent.MANAGER})),
    # The plan is signed; the return starts in ten days.
    DemoCase("demo", Phase.RETURN, ("Lotte Wouters", "Boekhouder", "Financiën"), ("Koen Jacobs", "Financieel directeur"), 200, assessment=AssessmentOutcome.A, expected_return_in=10),
    # A progressive return arranged outside the formal trajectory; each step's notice to
    # the advising physician was filed in time.
    DemoCase("demo", Phase.FOLLOW_UP, ("Ahmed El Amrani", "Magazijnverantwoordelijke", "Logistiek"), ("Tom Willems", "Logistiek manager"), 330, TrajectoryStart.EMPLOYER, return_days_ago=172, voluntary=True),
    DemoCase("demo", Phase.CLOSED, ("Nathalie Goossens", "Medewerker klantendienst", "Klantendienst"), ("Wim Mertens", "Teamcoach"), 480, return_days_ago=330),
    # In preparation: the conversation with the employee held, the manager's still to come.
    DemoCase("demo", Phase.PREPARATION, ("Griet Smets", "Laborante", "Labo klinische biologie"), ("Jonas Desmet", "Labocoördinator"), 70),
    DemoCase("demo-2", Phase.PREPARATION, ("Hanne Vermeulen", "IT-analist", "IT"), ("Dirk Hermans", "IT-manager"), 95),
    # Decision B in a small bakery: the employer's motivated report says why no plan is possible.
    DemoCase(
        "demo", Phase.PREPARATION, ("Patrick Wouters", "Bakker", "Bakkerij 't Korenaar"), ("Mieke Wouters", "Zaakvoerder"), 420,
        TrajectoryStart.EMPLOYER, assessment=AssessmentOutcome.B,
        no_plan="Een bakkerij met vier medewerkers: al het werk is nachtwerk aan de oven of verkoop aan de toonbank, "
        "en beide vallen onder wat de arbeidsarts uitsloot. Ander werk is er niet, ook niet met aanpassingen.",
    ),
    # Decision C: for medical reasons no assessment possible yet; the reassessment comes within days.
    DemoCase("demo", Phase.PREPARATION, ("Wendy Peeters", "Onthaalmedewerker", "Burgerzaken"), ("Geert Van Acker", "Diensthoofd burgerzaken"), 125, TrajectoryStart.TREATING_PHYSICIAN, assessment=AssessmentOutcome.C),
    # Closed trajectories, so that the learning view has figures to show (see closing.py).
    DemoCase("demo", Phase.CLOSED, ("Kristof Van den Broeck", "Verpleegkundige", "Dienst geriatrie"), ("Annelies Coppens", "Hoofdverpleegkundige"), 560, return_days_ago=420),
    DemoCase("demo", Phase.CLOSED, ("Evelien Martens", "Leerkracht lager onderwijs", "Basisschool De Regenboog"), ("Luc Vandenberghe", "Directeur"), 620, TrajectoryStart.TREATING_PHYSICIAN, return_days_ago=470, assessment=AssessmentOutcome.B),
    # A bus driver holds a safety function: the occupational physician examined him before he resumed.
    DemoCase("demo", Phase.CLOSED, ("Dries Van Damme", "Buschauffeur", "Exploitatie stelplaats Gent"), ("Ingrid Aerts", "Ploegverantwoordelijke"), 500, return_days_ago=380, safety_function=True),
    DemoCase("demo", Phase.CLOSED, ("Sarah De Backer", "Dossierbeheerder", "Schadeafdeling"), ("Filip Lambrechts", "Teamleider schade"), 450, return_days_ago=300, assessment=AssessmentOutcome.A),
    DemoCase("demo", Phase.CLOSED, ("Yasmina Benali", "Maatschappelijk werker", "Sociale dienst"), ("Hans Michiels", "Diensthoofd"), 400, TrajectoryStart.EMPLOYER, return_days_ago=260),
    DemoCase("demo", Phase.CLOSED, ("Bram Segers", "Softwareontwikkelaar", "Digitale diensten"), ("Veerle Dewulf", "Productmanager"), 380, return_days_ago=250),
    DemoCase("demo", Phase.CLOSED, ("Ilse Van Hoeck", "Kassamedewerker", "Winkel Gent-Zuid"), ("Stijn Verstraete", "Winkelmanager"), 330, return_days_ago=200),
    DemoCase("demo", Phase.CLOSED, ("Tim Hendrickx", "Technicus onderhoud", "Technische dienst"), ("Marleen Cools", "Verantwoordelijke technische dienst"), 300, TrajectoryStart.EMPLOYER, return_days_ago=180, assessment=AssessmentOutcome.B),
    DemoCase("demo", Phase.CLOSED, ("Joke Verhoeven", "Administratief bediende", "Aankoop"), ("Rudi Vermeersch", "Aankoopverantwoordelijke"), 290, return_days_ago=160),
    # Brussels: a French-speaking employee and a Dutch-speaking manager, each with links
    # and documents in their own language, in front of one joint screen.
    DemoCase("demo", Phase.JOINT_DIALOGUE, ("Julie Lambert", "Gestionnaire de dossiers", "Klantendienst Brussel"), ("Pieter Claessens", "Teamleider klantendienst"), 110, languages=("fr", "nl")),
    # A French-speaking case of a French-speaking facilitator, just opened.
    DemoCase("demo-fr", Phase.INTAKE, ("Sébastien Dubois", "Technicien de maintenance", "Atelier de Charleroi"), ("Nadia Mertens", "Responsable d'atelier"), 35, languages=("fr", "fr")),
    # In the fifth week back: the weekly check-ins answered, the manager's last one missing (reset_core.demo.checkins).
    DemoCase("demo", Phase.FOLLOW_UP, ("Elke Claeys", "Communicatiemedewerker", "Communicatie"), ("Wouter Lenaerts", "Hoofd communicatie"), 190, return_days_ago=33),
)

# Outside people every demo case gets; (role, name, organisation, consent given?)
DEMO_PEOPLE = (
    (PersonRole.OCCUPATIONAL_PHYSICIAN, "dr. Lien Vandamme", "Externe dienst voor preventie en bescherming", True),
    (PersonRole.GP, "dr. Geert Wuyts", "Huisartsenpraktijk De Linde", False),
    (PersonRole.COACH_THERAPIST, "Eline Baert", "Praktijk voor loopbaancoaching", True),
)


def build_demo(folder: Path, today: date | None = None) -> Settings:
    """(Re)build the demo database in `folder`; refuses a folder holding real data."""
    folder = Path(folder)
    db_file = folder / DB_FILE
    if db_file.exists():
        config = settings(folder)
        store = Store(db_file, config.key)
        try:
            if kind_of(store) != KIND_DEMO:
                raise StorageError("demo.refuses_real_data", path=str(db_file))
        finally:
            store.close()
        for leftover in (db_file, db_file.with_name(DB_FILE + ".wal")):
            leftover.unlink(missing_ok=True)
    elif folder.exists() and any(folder.iterdir()) and not (folder / KEY_FILE).exists():
        raise StorageError("demo.folder_not_empty", path=str(folder))
    config = settings(folder)
    store = open_store(config, kind=KIND_DEMO)
    try:
        fill(store, today or date.today())
    finally:
        store.close()
    return config


def fill(store: Store, today: date) -> None:
    for user in DEMO_USERS:
        accounts.add_user(store, COMMAND_LINE, user.username, user.name, DEMO_PASSWORD, user.role)
        if user.username in USER_LANGUAGES:
            accounts.choose_language(store, user, USER_LANGUAGES[user.username])
    by_name = {u.username: u for u in DEMO_USERS}
    for demo_case in DEMO_CASES:
        _fill_case(store, by_name[demo_case.facilitator], demo_case, today)


def fill_copies(store: Store, facilitator: User, cases: tuple[DemoCase, ...], today: date) -> None:
    """A trainee's own copies of `cases` (reset_core.training): built as the demo builds
    its own, by the same use cases, so that each reaches its phase by the same rules."""
    for demo_case in cases:
        _fill_case(store, facilitator, demo_case, today)


def _fill_case(store: Store, facilitator: User, demo: DemoCase, today: date) -> None:
    def days_ago(n: int) -> date:
        return today - timedelta(days=n)

    def clock() -> datetime:
        return datetime.combine(today, datetime.now().time())

    name, job, department = demo.employee
    manager_name, manager_role = demo.manager
    intake_day = days_ago(demo.sick_leave_days_ago - 30)
    details = CaseDetails(
        employee=Party(PartyRole.EMPLOYEE, name, job, department),
        manager=Party(PartyRole.MANAGER, manager_name, manager_role, department),
        sick_leave_start=days_ago(demo.sick_leave_days_ago),
        intake_date=intake_day,
        expected_return=days_ago(demo.return_days_ago) if demo.return_days_ago else today + timedelta(days=demo.expected_return_in),
        actual_return=days_ago(demo.return_days_ago) if demo.return_days_ago else None,
        started_by=demo.started_by,
        assessment=Assessment(demo.assessment, intake_day + timedelta(days=10), "Aangepast werk in afwachting van volledige hervatting; progressieve opbouw van de uren.") if demo.assessment else None,
    )
    case = intake.open_case(store, facilitator, details, clock=clock)
    if demo.phase is Phase.INTAKE:
        return  # still waiting for the employee's consent: the case cannot move on yet
    intake.record_consent(store, facilitator, case.id, PROCESSING, True, intake_day, "Besproken tijdens de intake.", clock)
    if demo.assessment is not None:
        # A formal trajectory in Flanders: under A or B the plan is the Codex plan, with its
        # deadlines; under C the reassessment comes first.
        appeal_end = intake_day + timedelta(days=31) if demo.assessment is AssessmentOutcome.B else None
        legal_track.save(store, facilitator, case.id, "formal", "flanders", appeal_end, clock=clock)
    elif demo.voluntary:
        legal_track.save(store, facilitator, case.id, "voluntary", "flanders", clock=clock)
    for role, person_name, organisation, consent in DEMO_PEOPLE:
        person = intake.add_person(store, facilitator, case.id, role, person_name, organisation, "", clock)
        intake.record_consent(store, facilitator, case.id, person_subject(person.id), True, intake_day, "", clock)
        intake.log_contact(store, facilitator, case.id, person.id, intake_day + timedelta(days=7), "Telefonisch afgestemd over het tempo van de terugkeer, met toestemming.", clock)
        if not consent:  # withdrawn later: the contact log disappears from every screen
            intake.record_consent(store, facilitator, case.id, person_subject(person.id), False, intake_day + timedelta(days=14), "De medewerker wil dit contact zelf houden.", clock)
    intake.save_contact_agreement(
        store, facilitator, case.id,
        ContactAgreement(
            keeper=ContactKeeper.MANAGER, frequency="Om de twee weken", channel="Telefoon, daarna een korte mail",
            not_wanted="Geen vragen over de inhoud van de behandeling; geen berichten in de teamchat.",
            colleagues_informed=demo.return_days_ago is not None,
            colleagues_message="Dat " + name.split()[0] + " terugkomt met aangepaste taken; niets over de reden van de afwezigheid.",
            manager_present_day_one=demo.return_days_ago is not None,
            workplace_ready=demo.return_days_ago is not None,
            accounts_ready=demo.return_days_ago is not None,
            first_week_plan="Maandag: welkomstgesprek met de leidinggevende. Dinsdag-donderdag: halve dagen, inloggen en bijlezen.",
        ),
        clock,
    )
    conversations.fill(store, facilitator, case, demo, today, clock)
    scans.fill(store, facilitator, case, demo.phase, demo is DEMO_CASES[0], today, demo.released_by, demo.party_languages())
    checkins.fill(store, facilitator, case, demo.phase, today)  # its links before the spaces' own, which replace them
    spaces.fill(store, facilitator, case, demo.phase, today, demo.party_languages())
    dialogue.fill(store, facilitator, case, demo.phase)
    agreements.fill(store, facilitator, case, demo.phase, today)
    followup.fill(store, facilitator, case, demo.phase, today)
    legal.fill(store, facilitator, case, demo, clock)  # before closing: a closed case takes no new records
    closing.fill(store, facilitator, case, demo, today)
