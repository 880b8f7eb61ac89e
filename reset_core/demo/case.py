"""What a demo case is: the phase its story reaches and the facts that put it there.

Apart from the builder (reset_core.demo), so that the modules filling each part of a
case can name `DemoCase` without importing the builder that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import AssessmentOutcome, Phase, Respondent, TrajectoryStart


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
    # Who released their scan results for the joint dialogue, through their own link.
    released_by: frozenset[Respondent] = frozenset(Respondent)
    # The employee's and the manager's language: their links and their documents.
    languages: tuple[str, str] = ("nl", "nl")
    # Around the legal plan (reset_core.demo.legal): a return arranged outside the formal
    # trajectory; under B, the employer's motivated report instead of a plan; a safety function.
    voluntary: bool = False
    no_plan: str = ""  # the motivated report's reasons
    safety_function: bool = False

    def party_languages(self) -> dict[Respondent, str]:
        return {Respondent.EMPLOYEE: self.languages[0], Respondent.MANAGER: self.languages[1]}
