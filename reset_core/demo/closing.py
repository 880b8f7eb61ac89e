"""The closing of the closed demo cases: outcome, the 9-month answer, lessons and a
prevention action, so that the learning view has figures to show; and for one case the
whole evaluation (each party's own, the joint part, the prevention actions it gave).

Everything here is invented. Together the closed cases give at least five in one
outcome and five in the others, five still at work after 9 months, a relapse, and
lessons on themes that recur across cases, as an organisation would see them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .. import accounts, closing, prevention
from ..model import (
    ActionLevel,
    ActionStatus,
    AtWorkNineMonths,
    Case,
    ClosingOutcome,
    Lesson,
    LessonKind,
    LessonLevel,
    Phase,
    Respondent,
    User,
)
from ..storage import Store
from .case import DemoCase

O, W = ClosingOutcome, AtWorkNineMonths
WELL, BETTER = LessonKind.WENT_WELL, LessonKind.COULD_BE_BETTER
EMPLOYEE, MANAGER, TEAM, ORGANISATION = LessonLevel

# Per closed demo case (by the employee's name): outcome, 9 months, prevention theme.
OUTCOMES = {
    "Nathalie Goossens": (O.OWN_JOB, W.YES, "hindering_demands"),
    "Kristof Van den Broeck": (O.OWN_JOB, W.YES, "hindering_demands"),
    "Evelien Martens": (O.ADAPTED_JOB, W.YES, "manager_relationship"),
    "Dries Van Damme": (O.OWN_JOB, W.YES, "conditions_schedule"),
    "Sarah De Backer": (O.OWN_JOB, W.YES, "hindering_demands"),
    "Yasmina Benali": (O.RELAPSE, W.NO, "hindering_demands"),
    "Bram Segers": (O.LEFT_EMPLOYER, W.NO, "manager_relationship"),
    "Ilse Van Hoeck": (O.OWN_JOB, W.NOT_KNOWN, "conditions_schedule"),
    "Tim Hendrickx": (O.OTHER_JOB, W.NOT_KNOWN, "hindering_demands"),
    "Joke Verhoeven": (O.ADAPTED_JOB, W.NOT_KNOWN, "manager_relationship"),
}

PREVENTION = {
    "hindering_demands": (
        "Bij elke grote verandering (een nieuw systeem, een reorganisatie) vooraf de werkdruk per team bekijken en tijdelijk taken herverdelen.",
        "Piekmomenten in kaart brengen en niet altijd bij dezelfde mensen leggen.",
        "Een vast moment in het teamoverleg om te bespreken wat energie kost en wat anders kan.",
    ),
    "manager_relationship": (
        "Leidinggevenden opleiden in het voeren van een verbindend gesprek bij de eerste signalen van overbelasting.",
        "Leidinggevenden ondersteunen met intervisie wanneer een medewerker langdurig afwezig is.",
    ),
    "conditions_schedule": (
        "Duidelijke afspraken over bereikbaarheid buiten de werkuren, voor iedereen.",
        "Roosters minstens vier weken vooraf vastleggen.",
    ),
}

# Every closed case has lessons on these themes, each at its own level; more per case below.
COMMON = (
    (WELL, EMPLOYEE, "recovery_energy", (
        "Vaste rustmomenten in de week hielpen om de energie op peil te houden.",
        "De opbouw van de uren in kleine stappen gaf rust en vertrouwen.",
        "Zelf de eigen grenzen benoemen lukte beter naarmate de terugkeer vorderde.",
    )),
    (BETTER, MANAGER, "social_support", (
        "Het wekelijkse gesprek met de leidinggevende viel te vaak weg door drukte.",
        "Waardering voor de kleine stappen had vaker uitgesproken mogen worden.",
        "Terugkoppeling kwam pas laat; sneller feedback geven had onzekerheid weggenomen.",
    )),
    (WELL, TEAM, "team_relations", (
        "Collega's wisten wat ze mochten zeggen en vroegen niet naar de reden van de afwezigheid.",
        "Een buddy in het team maakte de eerste weken veel lichter.",
        "Het team nam piekmomenten op zonder morren, omdat de afspraken duidelijk waren.",
    )),
)
EXTRA = (
    (BETTER, ORGANISATION, "hindering_demands", "De invoering van het nieuwe systeem kwam bovenop de gewone werkdruk, zonder extra tijd."),
    (WELL, MANAGER, "return_confidence", "Samen een plan voor een moeilijke dag maken gaf vertrouwen."),
    (BETTER, ORGANISATION, "conditions_schedule", "Het rooster werd te laat bekend; vooruit plannen was moeilijk."),
    (WELL, EMPLOYEE, "challenge_growth", "Een nieuwe taak die goed past, gaf opnieuw zin in het werk."),
)


def _lessons(index: int) -> list[Lesson]:
    lessons = [Lesson(kind, level, theme, texts[index % len(texts)]) for kind, level, theme, texts in COMMON]
    kind, level, theme, text = EXTRA[index % len(EXTRA)]
    return lessons + [Lesson(kind, level, theme, text)]


# The case whose evaluation the demo shows in full: both own evaluations, the joint part
# and the prevention actions it gave, one of them already under way.
EVALUATED = "Nathalie Goossens"
OWN = {
    Respondent.EMPLOYEE: (
        "De opbouw in kleine stappen en het wekelijkse gesprek in de eerste weken.",
        "Na de eerste maand viel het overleg vaak weg wanneer het druk werd.",
        "Bij een nieuw systeem vooraf bekijken wat het van elk team vraagt.",
    ),
    Respondent.MANAGER: (
        "Samen een plan voor een moeilijke dag maken; het team wist wat het mocht zeggen.",
        "Ik had sneller moeten bijsturen toen de piekperiode eraan kwam.",
        "Leidinggevenden een houvast geven voor het gesprek bij de eerste signalen.",
    ),
}
ACTIONS = (
    ("Bij elke invoering van een nieuw systeem vooraf per team bekijken wat het vraagt, en tijdelijk taken herverdelen.",
     "Preventieadviseur psychosociale aspecten", 60, ActionLevel.ORGANISATION, "hindering_demands", ActionStatus.IN_PROGRESS),
    ("Een vast agendapunt in het teamoverleg: wat kost energie, wat kan anders.",
     "Teamleiders", 30, ActionLevel.TEAM, "hindering_demands", ActionStatus.OPEN),
    ("Een opleiding voor leidinggevenden over het gesprek bij de eerste signalen van overbelasting, opgenomen in het globaal preventieplan.",
     "HR en CPBW", 180, ActionLevel.POLICY, "manager_relationship", ActionStatus.OPEN),
)


def evaluate(store: Store, facilitator: User, case: Case, today: date) -> None:
    """The evaluation of one case, by the same use cases the screens call: each party's
    own first, then together, and the prevention actions it gave."""
    at = lambda hour: (lambda: datetime.combine(today, time(hour, 0)))  # noqa: E731
    for respondent, (well, better, idea) in OWN.items():
        prevention.record_own(store, facilitator, case.id, respondent, well, better, idea, clock=at(10))
    prevention.start_joint(store, facilitator, case.id, clock=at(14))
    prevention.save_joint_summary(
        store, facilitator, case.id,
        "De opbouw werkte; het overleg mag niet wegvallen in drukke periodes. De organisatie neemt drie acties op.",
        clock=at(15),
    )
    admin = next(u for u in accounts.login_directory(store) if u.username == "demo-admin")
    for description, owner, days, level, theme, status in ACTIONS:
        action = prevention.add_action(
            store, facilitator, case.id, description, owner, today + timedelta(days=days), level, theme, clock=at(15),
        )
        if status is not ActionStatus.OPEN:
            prevention.set_status(store, admin, action.id, status, clock=at(16))


def fill(store: Store, facilitator: User, case: Case, demo: DemoCase, today: date) -> None:
    """Record the closing of a closed demo case: the last step of its story."""
    if demo.phase is not Phase.CLOSED:
        return
    name = demo.employee[0]
    outcome, at_work, theme = OUTCOMES.get(name, (O.OWN_JOB, W.NOT_KNOWN, "hindering_demands"))
    index = list(OUTCOMES).index(name) if name in OUTCOMES else 0
    returned = case.actual_return
    if at_work is W.YES and returned:  # closed two weeks after the 9 months were over
        closed_on = min(today, closing.nine_months_after(returned) + timedelta(days=14))
    else:
        closed_on = today - timedelta(days=5)
    if name == EVALUATED:
        evaluate(store, facilitator, case, min(today, closed_on) - timedelta(days=1))
    actions = PREVENTION[theme]
    closing.save_closing(
        store, facilitator, case.id, closed_on, outcome, at_work,
        actions[index % len(actions)], theme, _lessons(index),
        clock=lambda: datetime.combine(today, time(17, 0)),
    )
