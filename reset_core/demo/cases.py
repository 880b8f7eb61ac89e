"""The demo's cast: the fictitious cases, each with the phase its story reaches, and the
outside people every case gets. Everything here is invented; names are common Flemish
names, not real people.

Apart from the builder (reset_core.demo) so that the modules filling each part of a
case can name `DemoCase` without importing the builder that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import AssessmentOutcome, PersonRole, Phase, TrajectoryStart


@dataclass(frozen=True)
class DemoCase:
    facilitator: str
    phase: Phase
    employee: tuple[str, str, str]  # name, job title, department
    manager: tuple[str, str]  # name, role
    sick_leave_days_ago: int
    started_by: TrajectoryStart = TrajectoryStart.EMPLOYEE
    return_days_ago: int | None = None  # the actual return, once it happened
    assessment: AssessmentOutcome | None = None
    expected_return_in: int = 45  # days from today, while the return has not happened


DEMO_CASES = (
    # Shaped like the white paper's case study: a salesperson over 55, a conflict with
    # a colleague and a new IT order system among the causes. Both conversations held
    # and the T0 scan submitted by both: ready for the joint dialogue.
    DemoCase("demo", Phase.JOINT_DIALOGUE, ("Marc Verbeke", "Vertegenwoordiger buitendienst (57 jaar)", "Verkoop regio Antwerpen"), ("Katrien De Smet", "Salesmanager"), 150, TrajectoryStart.EMPLOYER, assessment=AssessmentOutcome.A),
    DemoCase("demo", Phase.INTAKE, ("Sofie Claes", "HR-consulente", "Personeelsdienst"), ("Bart Peeters", "HR-manager"), 40),
    DemoCase("demo", Phase.JOINT_DIALOGUE, ("Jeroen Maes", "Projectingenieur", "Engineering"), ("Els Janssens", "Teamleider engineering"), 120, TrajectoryStart.TREATING_PHYSICIAN),
    # The plan is signed; the return starts in ten days.
    DemoCase("demo", Phase.RETURN, ("Lotte Wouters", "Boekhouder", "Financiën"), ("Koen Jacobs", "Financieel directeur"), 200, assessment=AssessmentOutcome.A, expected_return_in=10),
    DemoCase("demo", Phase.FOLLOW_UP, ("Ahmed El Amrani", "Magazijnverantwoordelijke", "Logistiek"), ("Tom Willems", "Logistiek manager"), 330, TrajectoryStart.EMPLOYER, return_days_ago=172),
    DemoCase("demo", Phase.CLOSED, ("Nathalie Goossens", "Medewerker klantendienst", "Klantendienst"), ("Wim Mertens", "Teamcoach"), 480, return_days_ago=330),
    # In preparation: the conversation with the employee held, the manager's still to come.
    DemoCase("demo", Phase.PREPARATION, ("Griet Smets", "Laborante", "Labo klinische biologie"), ("Jonas Desmet", "Labocoördinator"), 70),
    DemoCase("demo-2", Phase.PREPARATION, ("Hanne Vermeulen", "IT-analist", "IT"), ("Dirk Hermans", "IT-manager"), 95),
    # Closed trajectories, so that the learning view has figures to show (see closing.py).
    DemoCase("demo", Phase.CLOSED, ("Kristof Van den Broeck", "Verpleegkundige", "Dienst geriatrie"), ("Annelies Coppens", "Hoofdverpleegkundige"), 560, return_days_ago=420),
    DemoCase("demo", Phase.CLOSED, ("Evelien Martens", "Leerkracht lager onderwijs", "Basisschool De Regenboog"), ("Luc Vandenberghe", "Directeur"), 620, TrajectoryStart.TREATING_PHYSICIAN, return_days_ago=470, assessment=AssessmentOutcome.B),
    DemoCase("demo", Phase.CLOSED, ("Dries Van Damme", "Buschauffeur", "Exploitatie stelplaats Gent"), ("Ingrid Aerts", "Ploegverantwoordelijke"), 500, return_days_ago=380),
    DemoCase("demo", Phase.CLOSED, ("Sarah De Backer", "Dossierbeheerder", "Schadeafdeling"), ("Filip Lambrechts", "Teamleider schade"), 450, return_days_ago=300, assessment=AssessmentOutcome.A),
    DemoCase("demo", Phase.CLOSED, ("Yasmina Benali", "Maatschappelijk werker", "Sociale dienst"), ("Hans Michiels", "Diensthoofd"), 400, TrajectoryStart.EMPLOYER, return_days_ago=260),
    DemoCase("demo", Phase.CLOSED, ("Bram Segers", "Softwareontwikkelaar", "Digitale diensten"), ("Veerle Dewulf", "Productmanager"), 380, return_days_ago=250),
    DemoCase("demo", Phase.CLOSED, ("Ilse Van Hoeck", "Kassamedewerker", "Winkel Gent-Zuid"), ("Stijn Verstraete", "Winkelmanager"), 330, return_days_ago=200),
    DemoCase("demo", Phase.CLOSED, ("Tim Hendrickx", "Technicus onderhoud", "Technische dienst"), ("Marleen Cools", "Verantwoordelijke technische dienst"), 300, TrajectoryStart.EMPLOYER, return_days_ago=180, assessment=AssessmentOutcome.B),
    DemoCase("demo", Phase.CLOSED, ("Joke Verhoeven", "Administratief bediende", "Aankoop"), ("Rudi Vermeersch", "Aankoopverantwoordelijke"), 290, return_days_ago=160),
)

# Outside people every demo case gets; (role, name, organisation, consent given?)
DEMO_PEOPLE = (
    (PersonRole.OCCUPATIONAL_PHYSICIAN, "dr. Lien Vandamme", "Externe dienst voor preventie en bescherming", True),
    (PersonRole.GP, "dr. Geert Wuyts", "Huisartsenpraktijk De Linde", False),
    (PersonRole.COACH_THERAPIST, "Eline Baert", "Praktijk voor loopbaancoaching", True),
)
