"""The joint dialogue of the demo cases that have had one: topics and goals."""

from __future__ import annotations

from .. import dialogue
from ..model import Case, GoalOwner, MomentKind, Phase, User
from ..storage import Store

GOALS = (
    ("recovery_energy", GoalOwner.EMPLOYEE, "Elke werkdag een echte middagpauze en twee vaste rustmomenten in de week.", "Bij de scan na 3 maanden scoort herstel en energie minstens 3.", MomentKind.M3),
    ("team_relations", GoalOwner.MANAGER, "Een begeleid gesprek met de betrokken collega over hoe we samenwerken.", "Beide zeggen bij de opvolging dat de samenwerking werkbaar is.", MomentKind.M3),
    ("social_support", GoalOwner.TEAM, "Een vaste buddy in het team voor vragen over het nieuwe systeem.", "De medewerker weet bij wie hij terechtkan en doet dat ook.", MomentKind.M6),
)
# Measurable: a target on the scan's 1-5 scale; the start comes from the released scan.
TARGETS = {"recovery_energy": 3.0, "team_relations": 3.5}
TOPICS = (
    ("recovery_energy", "We bouwen de uren op in vier stappen; vrijdagnamiddag blijft vrij."),
    ("return_confidence", "Bij twijfel eerst bellen met de leidinggevende, niet alleen doorwerken."),
)


def fill(store: Store, facilitator: User, case: Case, phase: Phase) -> None:
    if phase in (Phase.INTAKE, Phase.PREPARATION):
        return
    for theme, note in TOPICS:
        dialogue.save_topic(store, facilitator, case.id, theme, True, note)
    for theme, owner, description, indicator, target in GOALS:
        dialogue.add_goal(store, facilitator, case.id, theme, owner, description, indicator, target, target_score=TARGETS.get(theme))
