"""The evaluation at the end of a trajectory, and the prevention actions it gives.

The method ends with a joint evaluation. Each party first looks back on their own: what
went well, what could be better, what the organisation could do so that it happens less
to others. The party gives it in their personal space (reset_core.party_space), or the
facilitator records it for them in a bilateral talk. Until the facilitator starts the
joint part, a party's own evaluation is theirs alone: the other party's space never
shows it, and the joint screen shows neither. Once the joint part has started, both own
evaluations lie on the table and stay as they were given; the joint summary and the
prevention actions are written together.

A prevention action is a record the organisation follows up: a description, an owner
(a role or a service, never the employee), a due date, a status (open, in progress,
done), the level it works on (team, organisation, policy) and the card-set theme it came
from. An administrator lists every action, changes its status and exports the list for
the prevention committee; each status change is logged with the case, so the case's
history shows it. Neither the list nor the export carries a case number or a name, and
an action that names the employee or the manager is refused: the committee reads what
the organisation will do, not whose trajectory taught it.

A closing's single free-text prevention action (reset_core.closing) is kept as a record
too: migration 030 turned the old ones into records, and a closing saved with one keeps
its record up to date.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from . import allowed as rule
from . import validation
from .accounts import Clock, require_admin
from .allowed import Use
from .cards import load_card_set
from .errors import NotFound, PermissionDenied, Problems, ValidationError
from .i18n import translate
from .model import (
    ActionLevel,
    ActionStatus,
    Case,
    JointEvaluation,
    OwnEvaluation,
    Phase,
    PreventionAction,
    Respondent,
    Role,
    User,
)
from .party_space import actor_of, live_case, party_transaction, session_of
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

MAX_EVALUATION = 2000
MAX_DESCRIPTION = 1000
MAX_OWNER = 200
# The evaluation looks back on the return: from the follow-up on, and still once closed.
EVALUATION_PHASES = frozenset({Phase.FOLLOW_UP, Phase.CLOSED})


def _text(value: str | None, field: str, limit: int, required: bool = False, key: str = "") -> str:
    return validation.text(value, field, limit, "prevention", required, key)


def _themes() -> set[str]:
    return {theme.id for theme in load_card_set().themes}


def _name_parts(case: Case) -> set[str]:
    """The words of the employee's and the manager's names worth looking for (not "De")."""
    names = [case.details.employee.name, case.details.manager.name if case.details.manager else ""]
    return {part.casefold() for name in names for part in re.split(r"[\s\-']+", name or "") if len(part) >= 3}


def names_someone(text: str, case: Case) -> bool:
    words = {w.casefold() for w in re.findall(r"\w+", text)}
    return bool(words & _name_parts(case))


def _in_evaluation_phase(case: Case, field: str) -> None:
    if case.phase not in EVALUATION_PHASES:
        raise ValidationError("prevention.not_yet", field=field)


# --- the own evaluations and the joint part -----------------------------------------


@dataclass(frozen=True)
class EvaluationFile:
    """The facilitator's view of the evaluation of one case."""

    case: Case
    own: dict[Respondent, OwnEvaluation]
    joint: JointEvaluation | None
    actions: tuple[PreventionAction, ...]

    @property
    def joint_started(self) -> bool:
        return self.joint is not None

    @property
    def missing(self) -> tuple[Respondent, ...]:
        return tuple(r for r in Respondent if r not in self.own)


def load(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> EvaluationFile:
    with case_transaction(store, actor, case_id, "case.view", "evaluation", clock, use=Use.CLOSING) as (q, case):
        return EvaluationFile(
            case, q.prevention.own_evaluations(case_id), q.prevention.joint_evaluation(case_id),
            tuple(q.prevention.actions_of(case_id)),
        )


def _own(
    case: Case, respondent: Respondent, went_well: str, could_be_better: str, prevention_idea: str, by: str, now: datetime,
) -> OwnEvaluation:
    problems = Problems()
    well = problems.check(_text, went_well, "went_well", MAX_EVALUATION)
    better = problems.check(_text, could_be_better, "could_be_better", MAX_EVALUATION)
    idea = problems.check(_text, prevention_idea, "prevention_idea", MAX_EVALUATION)
    if not problems.errors and not (well or better or idea):
        problems.add("prevention.evaluation_empty", "went_well")
    problems.raise_all()
    return OwnEvaluation(case.id, Respondent(respondent), well or "", better or "", idea or "", by, now)


def _keep_own(q: Queries, evaluation: OwnEvaluation) -> None:
    if q.prevention.joint_evaluation(evaluation.case_id) is not None:
        # What lay on the table at the joint part stays as it was given.
        raise ValidationError("prevention.joint_started", field="went_well")
    q.prevention.save_own_evaluation(evaluation)


def record_own(
    store: Store, actor: User, case_id: int, respondent: Respondent, went_well: str, could_be_better: str,
    prevention_idea: str, clock: Clock = datetime.now,
) -> OwnEvaluation:
    """The facilitator writes down a party's own evaluation, as the party told it."""
    respondent = Respondent(respondent)
    with case_transaction(
        store, actor, case_id, "evaluation.own", respondent.value, clock, use=Use.CLOSING_EDITS,
    ) as (q, case):
        _in_evaluation_phase(case, "went_well")
        evaluation = _own(case, respondent, went_well, could_be_better, prevention_idea, actor.username, clock())
        _keep_own(q, evaluation)
        return evaluation


def start_joint(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> JointEvaluation:
    """From here on both own evaluations are shown together; both must be in."""
    with case_transaction(store, actor, case_id, "evaluation.joint_start", clock=clock, use=Use.CLOSING_EDITS) as (q, case):
        _in_evaluation_phase(case, "joint")
        joint = q.prevention.joint_evaluation(case_id)
        if joint is not None:  # a second click: it has started already
            return joint
        own = q.prevention.own_evaluations(case_id)
        problems = Problems()
        for respondent in Respondent:
            if respondent not in own:
                problems.add(f"prevention.own_missing_{respondent.value}", "joint")
        problems.raise_all()
        q.prevention.start_joint(case_id, actor.username, clock())
        started = q.prevention.joint_evaluation(case_id)
        assert started is not None
        return started


@dataclass(frozen=True)
class JointScreen:
    """What both parties see together: both own evaluations only once the joint part began."""

    started: bool
    own: dict[Respondent, OwnEvaluation]
    summary: str
    actions: tuple[PreventionAction, ...]


def joint_screen(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> JointScreen:
    with case_transaction(store, actor, case_id, "case.view", "evaluation joint", clock, use=Use.CLOSING) as (q, _):
        joint = q.prevention.joint_evaluation(case_id)
        if joint is None:
            return JointScreen(False, {}, "", ())
        return JointScreen(True, q.prevention.own_evaluations(case_id), joint.summary, tuple(q.prevention.actions_of(case_id)))


def save_joint_summary(store: Store, actor: User, case_id: int, summary: str, clock: Clock = datetime.now) -> str:
    summary = _text(summary, "summary", MAX_EVALUATION)
    with case_transaction(store, actor, case_id, "evaluation.joint_summary", clock=clock, use=Use.CLOSING_EDITS) as (q, _):
        if q.prevention.joint_evaluation(case_id) is None:
            raise ValidationError("prevention.joint_not_started", field="summary")
        q.prevention.save_joint_summary(case_id, summary, actor.username, clock())
        return summary


# --- the party's own side, through their space link -----------------------------------


def own_in_space(store: Store, token: str, clock: Clock = datetime.now) -> OwnEvaluation | None:
    """The party's own evaluation, read through their link: never the other party's."""
    with store.read() as q:
        session = session_of(q, token, clock())
        return q.prevention.own_evaluations(session.case_id).get(session.respondent)


def evaluation_open(store: Store, token: str, clock: Clock = datetime.now) -> bool:
    """Whether the party's space offers the evaluation: the right phase, the joint part not begun."""
    with store.read() as q:
        session = session_of(q, token, clock())
        case = live_case(q, session.case_id)
        return (
            case.phase in EVALUATION_PHASES and rule.of(q, case).allows(Use.CLOSING_EDITS)
            and q.prevention.joint_evaluation(case.id) is None
        )


def give_own(
    store: Store, token: str, went_well: str, could_be_better: str, prevention_idea: str, clock: Clock = datetime.now,
) -> OwnEvaluation:
    """The party gives their own evaluation in their space (and may change it until the joint part)."""
    with party_transaction(store, token, "evaluation.own", clock=clock) as (q, session):
        case = live_case(q, session.case_id)
        rule.require(q, case, Use.CLOSING_EDITS)
        _in_evaluation_phase(case, "went_well")
        evaluation = _own(
            case, session.respondent, went_well, could_be_better, prevention_idea, actor_of(session.respondent), clock(),
        )
        _keep_own(q, evaluation)
        return evaluation


# --- prevention actions ----------------------------------------------------------------


def validate_action(case: Case, action: PreventionAction) -> PreventionAction:
    """The action trimmed and checked; or every problem at once, each at its field."""
    problems = Problems()
    description = problems.check(
        _text, action.description, "description", MAX_DESCRIPTION, required=True, key="prevention.description_required",
    )
    owner = problems.check(_text, action.owner, "owner", MAX_OWNER)
    level = problems.choice(ActionLevel, action.level, "prevention.level_required", "level")
    status = problems.choice(ActionStatus, action.status, "prevention.status_unknown", "status")
    if action.theme not in _themes():
        problems.add("prevention.theme_required", "theme")
    for field, value in (("description", description), ("owner", owner)):
        if value and names_someone(value, case):
            problems.add("prevention.names_someone", field)
    problems.raise_all()
    assert description is not None and level is not None and status is not None
    return replace(action, description=description, owner=owner or "", level=level, status=status)


def add_action(
    store: Store, actor: User, case_id: int, description: str, owner: str, due_on: date | None, level: ActionLevel | None,
    theme: str | None, clock: Clock = datetime.now, request: str | None = None,
) -> PreventionAction:
    now = clock()
    with case_transaction(store, actor, case_id, "prevention.add", clock=clock, use=Use.CLOSING_EDITS) as (q, case):
        done, made = repeat_of(q, actor, request, "prevention.add")
        if done:
            found = q.prevention.action(made) if made else None
            if found is not None:
                return found
        _in_evaluation_phase(case, "description")
        action = validate_action(case, PreventionAction(
            0, case_id, description, owner, due_on, ActionStatus.OPEN, level, theme, now, now,  # type: ignore[arg-type]
        ))
        action_id = q.prevention.insert_action(action, actor.username, now)
        remember(q, actor, request, "prevention.add", case_id, action_id, now)
        return replace(action, id=action_id)


def update_action(
    store: Store, actor: User, case_id: int, action_id: int, description: str, owner: str, due_on: date | None,
    level: ActionLevel, theme: str | None, clock: Clock = datetime.now,
) -> PreventionAction:
    now = clock()
    with case_transaction(store, actor, case_id, "prevention.change", f"action {action_id}", clock, use=Use.CLOSING_EDITS) as (q, case):
        current = q.prevention.action(action_id)
        if current is None or current.case_id != case_id:
            raise NotFound()
        action = validate_action(case, replace(current, description=description, owner=owner, due_on=due_on, level=level, theme=theme))
        q.prevention.update_action(action, actor.username, now)
        return replace(action, updated_at=now)


def remove_action(store: Store, actor: User, case_id: int, action_id: int, clock: Clock = datetime.now) -> None:
    with case_transaction(store, actor, case_id, "prevention.remove", f"action {action_id}", clock, use=Use.CLOSING_EDITS) as (q, _):
        if not q.prevention.delete_action(case_id, action_id):
            raise NotFound()


def keep_closing_action(
    q: Queries, case_id: int, closing_id: int, text: str, theme: str | None, by: str, now: datetime,
) -> None:
    """A closing's free-text action as a record: made once, corrected with the closing.
    Emptied in the closing, the record stays, no longer the closing's: it may be under way."""
    mine = [a for a in q.prevention.actions_of(case_id) if a.closing_id == closing_id]
    if not text:
        for action in mine:
            q.prevention.leave_closing(action.id)
        return
    if mine:
        if (mine[0].description, mine[0].theme) != (text, theme):
            q.prevention.update_action(replace(mine[0], description=text, theme=theme), by, now)
        return
    q.prevention.insert_action(
        PreventionAction(0, case_id, text, "", None, ActionStatus.OPEN, ActionLevel.ORGANISATION, theme, now, now, closing_id),
        by, now,
    )


def closing_actions(q: Queries, case_id: int) -> dict[int, PreventionAction]:
    """The action typed in each of the case's closings, by closing id."""
    return {a.closing_id: a for a in q.prevention.actions_of(case_id) if a.closing_id is not None}


# --- the organisation's list, for the administrator -------------------------------------


def _require_list_reader(actor: User) -> None:
    if not actor.active or actor.must_change_password or actor.role not in (Role.ADMIN, Role.FACILITATOR):
        raise PermissionDenied()


def action_list(store: Store, actor: User, clock: Clock = datetime.now) -> list[PreventionAction]:
    """Every action of the organisation (an administrator) or of the facilitator's own
    cases; the screen shows neither case number nor name. Logged without a case."""
    _require_list_reader(actor)
    scope = None if actor.role is Role.ADMIN else actor.username
    with store.transaction() as q:
        actions = q.prevention.all_actions(scope)
        q.journal.audit(clock(), actor.username, None, "prevention.list", "organisation" if scope is None else "own cases")
    return actions


def set_status(
    store: Store, actor: User, action_id: int, status: ActionStatus, clock: Clock = datetime.now,
) -> PreventionAction:
    """An administrator moves an action on (open, in progress, done); logged with its case,
    from what to what."""
    require_admin(actor)
    try:
        status = ActionStatus(status)
    except ValueError:
        raise ValidationError("prevention.status_unknown", field="status") from None
    now = clock()
    with store.transaction() as q:
        action = q.prevention.action(action_id)
        if action is None:
            raise NotFound()
        if action.status is not status:
            q.prevention.set_status(action_id, status, actor.username, now)
            q.journal.audit(now, actor.username, action.case_id, "prevention.status", f"{action.status.value} -> {status.value}")
        return replace(action, status=status, updated_at=now)


def _belgian(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _safe(cell: str) -> str:
    """A spreadsheet must not read a text as a formula."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def theme_label(theme: str | None, lang: str) -> str:
    if not theme:
        return ""
    return load_card_set().theme(theme).text(lang).name or theme if theme in _themes() else theme


def to_csv(actions: Sequence[PreventionAction], lang: str = "nl") -> bytes:
    """The actions for the prevention committee: what, on which level and theme, who, by
    when, how far. No case number, no name. UTF-8 with BOM and semicolons, Belgian dates."""
    t = lambda key: translate(key, lang)  # noqa: E731
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([t(f"prevention.csv_{col}") for col in ("theme", "level", "description", "owner", "due_on", "status", "updated_on")])
    for a in actions:
        writer.writerow([_safe(cell) for cell in (
            theme_label(a.theme, lang), t(f"prevention.level_{a.level.value}"), a.description, a.owner, _belgian(a.due_on),
            t(f"prevention.status_{a.status.value}"), _belgian(a.updated_at.date()),
        )])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def record_export(store: Store, actor: User, clock: Clock = datetime.now) -> None:
    """The download for the committee, logged without any case."""
    _require_list_reader(actor)
    with store.transaction() as q:
        q.journal.audit(clock(), actor.username, None, "prevention.export", "organisation" if actor.role is Role.ADMIN else "own cases")


def actions_for_learning(q: Queries, scope: str | None) -> list[PreventionAction]:
    """The learning view's read: every action of the scope (reset_core.learning keeps the rule)."""
    return q.prevention.all_actions(scope)
