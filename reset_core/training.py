"""The training room: a trainer gives each trainee of a cohort their own copies of the
fictitious cases, on a demo database only.

The trainer is the administrator of a demo database (`demo-admin` in `make demo`): a
role of its own would add a menu and rights for what is one screen, and an
administrator already makes accounts and never reads case contents. A trainee is a
facilitator account like any other; the cases they hold are theirs alone, because
every case is opened through `services.case_transaction`, which lets only the case's own
facilitator in. So a trainee cannot open another trainee's copy, whatever the screen.

A trainee's copies are built by the demo's own builders (reset_core.demo), through the
same use cases a facilitator uses, so each copy reaches its phase by the same rules as a
real case. Building takes seconds per trainee; it is not done in the click that makes
the cohort (which makes the accounts, in one transaction) but trainee by trainee after
it (`make_copies`), each claimed first so that two browser tabs never build one
trainee's copies twice. A reset erases the trainee's cases at once and leaves the
trainee waiting for new copies.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import database, validation
from .accounts import USERNAME_PATTERN, Clock, hash_password, require_admin
from .demo import DEMO_CASES, fill_copies
from .errors import PermissionDenied, Problems, ValidationError
from .model import Cohort, Copies, Role, Trainee, User
from .services import case_transaction, list_cases
from .storage import Store

# The case study of the white paper (a salesperson over 55; a conflict with a colleague
# and a new order system among the causes), ready for the joint dialogue: the case the
# guided walk goes through.
CASE_STUDY = DEMO_CASES[0]
# What each trainee gets: the case study, a case just opened and one in preparation, so
# that a trainee meets the first steps too. Not the closed cases: they are there for the
# learning view, which fifteen copies of each would distort.
TRAINING_CASES = (CASE_STUDY,) + tuple(
    c for c in DEMO_CASES if c.facilitator == CASE_STUDY.facilitator and c.employee[0] in ("Sofie Claes", "Griet Smets")
)
# The guided walk through the case study: one step per part of the method, each on the
# screen of that name, with its texts under training.walk.<step> in content/messages.
WALK = ("intake", "conversations", "scan", "dialogue", "agreement", "followup", "closing")
MAX_TRAINEES = 30
MAX_COHORT_NAME = 60
PREFIX_PATTERN = USERNAME_PATTERN  # the prefix and "-01" together make a username
MAX_PREFIX = 24
# A build that has not finished after this long was cut off (the server stopped): its
# trainee may be built again.
STALE_BUILD = timedelta(minutes=15)
# Passwords read from a sheet: letters and digits nobody confuses (no 0/o, 1/l/i).
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class MadeCohort:
    cohort: Cohort
    # username -> password, shown once to the trainer; None when the click was a repeat
    # (a double click) of one that made the cohort and showed them already.
    passwords: dict[str, str] | None


def is_training_room(store: Store) -> bool:
    """The training room exists only on a demo database, never on an organisation's data."""
    return database.is_demo(store)


def require_trainer(store: Store, actor: User) -> None:
    require_admin(actor)
    if not is_training_room(store):
        raise PermissionDenied("training.demo_only")


def _password() -> str:
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


def _usernames(prefix: str, size: int) -> list[str]:
    return [f"{prefix}-{seat:02d}" for seat in range(1, size + 1)]


def make_cohort(
    store: Store, actor: User, name: str, prefix: str, size: object, clock: Clock = datetime.now, request: str | None = None,
) -> MadeCohort:
    """A cohort of `size` trainee accounts `<prefix>-01`, `<prefix>-02`, ...; every problem
    of the form at once, and nothing made unless all of it is. Their copies come after,
    through `make_copies`."""
    require_trainer(store, actor)
    name, prefix = (name or "").strip(), (prefix or "").strip().lower()
    problems = Problems()
    if not name:
        problems.add("training.name_empty", "name")
    elif len(name) > MAX_COHORT_NAME:
        problems.add("training.name_too_long", "name", max=MAX_COHORT_NAME)
    problems.check(validation.refuse_control_characters, name, "name")
    if not PREFIX_PATTERN.match(prefix) or len(prefix) > MAX_PREFIX:
        problems.add("training.prefix_invalid", "prefix", max=MAX_PREFIX)
    count = size if isinstance(size, int) and not isinstance(size, bool) else None
    if count is None or not 1 <= count <= MAX_TRAINEES:
        problems.add("training.size_out_of_range", "size", max=MAX_TRAINEES)
    if problems.has("prefix") or problems.has("size"):
        problems.raise_all()
    assert count is not None
    usernames = _usernames(prefix, count)
    with store.read() as q:
        taken = [u for u in usernames if q.accounts.user_login_row(u) is not None]
    if taken and not (request and _repeat(store, actor, request)):
        problems.add("training.usernames_taken", "prefix", names=", ".join(taken))
    problems.raise_all()
    passwords = {u: _password() for u in usernames}
    # Hashed before the transaction: bcrypt takes a while, and no other write waits for it.
    hashes = {u: hash_password(p) for u, p in passwords.items()}
    now = clock()
    with store.transaction() as q:
        if request:
            done, made = q.journal.request_done(request, "training.cohort", actor.username)
            if done:
                return MadeCohort(next(c for c in q.training.cohorts() if c.id == made), None)
        if any(q.accounts.user_login_row(u) is not None for u in usernames):  # taken meanwhile
            raise ValidationError("training.usernames_taken", field="prefix", names=", ".join(usernames))
        cohort_id = q.training.insert_cohort(name, actor.username, now)
        for seat, username in enumerate(usernames, start=1):
            q.accounts.insert_user(User(username, f"{name} {seat:02d}", Role.FACILITATOR), hashes[username], now)
            q.training.insert_trainee(username, cohort_id, seat)
            q.journal.audit(now, actor.username, None, "account.add", f"{username} ({Role.FACILITATOR.value})")
        if request:
            q.journal.insert_request(request, "training.cohort", actor.username, None, cohort_id, now)
        q.journal.audit(now, actor.username, None, "training.cohort", f"#{cohort_id}: {count} trainees")
        cohort = next(c for c in q.training.cohorts() if c.id == cohort_id)
    return MadeCohort(cohort, passwords)


def _repeat(store: Store, actor: User, request: str) -> bool:
    with store.read() as q:
        return q.journal.request_done(request, "training.cohort", actor.username)[0]


def cohorts(store: Store, actor: User) -> list[Cohort]:
    require_trainer(store, actor)
    with store.read() as q:
        return q.training.cohorts()


def _trainee(store: Store, username: str) -> Trainee:
    with store.read() as q:
        trainee = q.training.trainee(username)
    if trainee is None:
        raise ValidationError("training.not_a_trainee", field="trainee", username=username)
    return trainee


def erase_copy(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> None:
    """Erase one case a trainee holds, in the case's own transaction. The trainer erases a
    trainee's cases only: another facilitator's case is refused like any case not one's own."""
    require_trainer(store, actor)
    try:
        with case_transaction(store, actor, case_id, "case.erase", "training reset", clock, admin_too=True) as (q, case):
            if q.training.trainee(case.facilitator) is None:
                raise _NotATraineesCase()
            q.privacy.erase_case(case_id)
    except _NotATraineesCase:  # rolled back; the refusal is logged like any other
        with store.transaction() as q:
            q.journal.audit(clock(), actor.username, case_id, "case.denied", "case.erase: not a trainee's case")
        raise PermissionDenied() from None


class _NotATraineesCase(Exception):
    pass


def _erase_cases(store: Store, actor: User, username: str, clock: Clock) -> int:
    """Every case the trainee holds."""
    with store.read() as q:
        case_ids = q.training.case_ids_of(username)
    for case_id in case_ids:
        erase_copy(store, actor, case_id, clock)
    return len(case_ids)


def reset_trainee(store: Store, actor: User, username: str, clock: Clock = datetime.now) -> int:
    """Erase the trainee's cases now (their copies and whatever they opened); new copies
    follow through `make_copies`. Returns how many cases went. Other trainees are untouched."""
    require_trainer(store, actor)
    _trainee(store, username)
    with store.transaction() as q:
        # Pending first: a build still running for this trainee is not marked ready over the erasure.
        q.training.set_copies(username, Copies.PENDING, clock())
    erased = _erase_cases(store, actor, username, clock)
    with store.transaction() as q:
        q.journal.audit(clock(), actor.username, None, "training.reset", f"{username}: {erased} cases erased")
    return erased


def reset_cohort(store: Store, actor: User, cohort_id: int, clock: Clock = datetime.now) -> int:
    """Every trainee of the cohort reset; returns how many trainees."""
    require_trainer(store, actor)
    cohort = next((c for c in cohorts(store, actor) if c.id == cohort_id), None)
    if cohort is None:
        raise ValidationError("training.unknown_cohort", field="cohort")
    for trainee in cohort.trainees:
        reset_trainee(store, actor, trainee.username, clock)
    return len(cohort.trainees)


def waiting(store: Store, actor: User) -> list[Trainee]:
    """Trainees whose copies are still to be made, in cohort and seat order."""
    return [t for c in reversed(cohorts(store, actor)) for t in c.trainees if t.copies is Copies.PENDING]


def make_copies(store: Store, actor: User, username: str, today: date | None = None, clock: Clock = datetime.now) -> bool:
    """Build the trainee's copies of the training cases; False when there was nothing to
    do (ready already, or being built by another run)."""
    require_trainer(store, actor)
    trainee = _trainee(store, username)
    now = clock()
    with store.transaction() as q:
        if not q.training.claim_copies(username, now, now - STALE_BUILD):
            return False
    try:
        _erase_cases(store, actor, username, clock)  # what an interrupted build left behind
        fill_copies(store, User(trainee.username, trainee.name, Role.FACILITATOR), TRAINING_CASES, today or now.date())
    except BaseException:
        with store.transaction() as q:
            q.training.set_copies(username, Copies.PENDING, clock())
        raise
    with store.transaction() as q:
        now_trainee = q.training.trainee(username)
        if now_trainee is not None and now_trainee.copies is Copies.BUILDING:  # not reset meanwhile
            q.training.set_copies(username, Copies.READY, clock())
        q.journal.audit(clock(), actor.username, None, "training.copies", f"{username}: {len(TRAINING_CASES)} cases")
    return True


def case_study_case(store: Store, actor: User, clock: Clock = datetime.now) -> int | None:
    """The actor's own copy of the case study, the one the walk goes through; None when
    they hold none (erased, or a facilitator without copies). Only in the training room."""
    if not is_training_room(store):
        raise PermissionDenied("training.demo_only")
    name = CASE_STUDY.employee[0]
    found = [s.case.id for s in list_cases(store, actor, clock=clock) if s.case.employee.name == name]
    return min(found) if found else None
