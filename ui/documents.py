"""Case documents handed to the browser: only to the login that made them, never after.

Streamlit's own download button puts its file in the media store at `/media/<id>`,
where anyone who has the address can fetch it, without a login and after the case
is erased. So every download of case data goes through `offer_download`:

- the button is a deferred one: its file is made only when the user clicks, and until
  then no document sits in the media store;
- the document is registered here with the login session (the server-side session
  row) and the case it was made from;
- `ui.guards.MediaGuard`, in front of Streamlit's server (serve.py), answers a `/media/` request
  for a downloadable file only when its bytes were registered here and the request's
  login cookie names that same live login, the case still exists and the browser tab
  that made it is still open. Anything else gets the same 404 as a file that does not
  exist: a download button that bypasses this module cannot be fetched at all.

A party on their own space link has no login: `offer_party_download` registers their
document with the link instead, served while that link holds and their tab is open.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from reset_core import accounts, party_space, services
from reset_core.access_request import ExportFor
from reset_core.storage import Store

from . import auth, focus
from .state import store, t

Data = bytes | str | Callable[[], bytes | str]


@dataclass
class _Document:
    login: str  # the server-side session id of the login that made it ("" for a party's)
    tab: str  # Streamlit's session id: the browser tab
    case_id: int | None
    data: Data
    db: Store
    served: set[str] = field(default_factory=set)  # digests of what was handed out
    link: str | None = None  # a party's space link the document was made on, instead of a login
    party: str | None = None  # that party, as the audit log names them


_lock = threading.Lock()
_documents: dict[str, _Document] = {}  # token -> document
_slots: dict[tuple[str, str], str] = {}  # (tab, widget key) -> token


def offer_download(
    label: str, data: Data, *, file_name: str, mime: str, key: str, case_id: int | None = None, **button: object
) -> None:
    """A download button for a document made from case data (or any data of a login).

    `data` is the document, or a function that makes it when the user clicks.
    `case_id` names the case it holds: once that case is erased the document is
    refused everywhere, also in other tabs that still show the button.
    """
    db = store()
    login = st.session_state.get(auth.SESSION_KEY)
    ctx = get_script_run_ctx()
    if login is None or ctx is None:
        return
    if case_id is not None and not _case_exists(db, case_id):
        st.caption(t("privacy.document_gone"))
        return
    _button(label, _Document(login, ctx.session_id, case_id, data, db), file_name, mime, key, button)


def offer_party_download(
    label: str, data: Data, *, file_name: str, mime: str, key: str, link: str, session: party_space.PartySession,
) -> None:
    """`offer_download` for a party on their own space `link` (no login): the document
    is served while the link holds and the tab that made it is open."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    document = _Document(
        "", ctx.session_id, session.case_id, data, store(), link=link, party=party_space.actor_of(session.respondent),
    )
    _button(label, document, file_name, mime, key, {})


def _button(label: str, document: _Document, file_name: str, mime: str, key: str, button: dict) -> None:
    slot = (document.tab, key)
    with _lock:
        _sweep()
        old = _slots.get(slot)
        if old is not None:
            _documents.pop(old, None)
        token = secrets.token_urlsafe(16)
        _documents[token] = document
        _slots[slot] = token
    # No rerun on the click unless the page asks for one: the click changes nothing.
    button.setdefault("on_click", "ignore")
    st.download_button(label, functools.partial(_produce, token), file_name=file_name, mime=mime, key=key, **button)


def make_export(button: str, case_id: int, for_whom: ExportFor, make: Callable[[], bytes]) -> None:
    """In the export `button`'s callback: the session place is taken before `make` writes
    its audit entry (ui.focus.keep), so a click queued behind it cannot cut off the
    offer of an export that was made and logged."""
    box = focus.keep(f"{button}_data", case_id, for_whom.value)
    archive = make()
    box.update(archive=archive, for_whom=for_whom)


def offer_export(button: str, case_id: int, for_whom: ExportFor) -> None:
    """The download of what `make_export` made for `button`, while the page still asks
    for that very case and party."""
    made = focus.kept(f"{button}_data", case_id)
    if made and made["for_whom"] is for_whom:
        offer_download(
            t("privacy.export_download"), made["archive"], mime="application/zip", key=f"{button}_download", case_id=case_id,
            file_name=t("privacy.export_file", id=case_id, who=t(f"privacy.export_who_{for_whom.value}")),
        )


def _produce(token: str) -> bytes:
    """Streamlit calls this on the click, outside the page run; its bytes go to /media."""
    with _lock:
        doc = _documents.get(token)
    if doc is None or not _still_valid(doc, doc.login):
        raise LookupError("document no longer offered")
    data = doc.data() if callable(doc.data) else doc.data
    content = data.encode() if isinstance(data, str) else data
    with _lock:
        doc.served.add(hashlib.sha256(content).hexdigest())
    return content


def may_serve(content: bytes, cookie_header: str | None) -> bool:
    """Whether a request with these cookies may fetch this downloadable file."""
    digest = hashlib.sha256(content).hexdigest()
    with _lock:
        candidates = [d for d in _documents.values() if digest in d.served]
    if not candidates:
        return False
    cookies = SimpleCookie()
    try:
        cookies.load(cookie_header or "")
    except Exception:  # a malformed header proves nothing
        return False
    morsel = cookies.get(auth.COOKIE_NAME)
    for doc in candidates:
        if doc.link is not None:  # a party's: their link is what holds, not a login
            if _still_valid(doc, doc.login):
                _log(doc, None, served=True)
                return True
            continue
        login = auth.login_session_of(doc.db, morsel.value) if morsel is not None else None
        if login is not None and login == doc.login and _still_valid(doc, login):
            _log(doc, login, served=True)
            return True
    _log(candidates[0], None, served=False)
    return False


def _log(doc: _Document, login: str | None, served: bool) -> None:
    """Every fetch of a case document is logged, a refused one too (every case access is).
    A served one was just checked to exist (`_still_valid`)."""
    if not served and doc.case_id is not None and not _case_exists(doc.db, doc.case_id):
        return  # an erased case: nothing is served, and its number is not written anew
    user = accounts.session_user(doc.db, login) if login else None
    who = user.username if user else doc.party if served else None
    services.log_document_fetch(doc.db, who, doc.case_id, served)


def _still_valid(doc: _Document, login: str) -> bool:
    if not _tab_open(doc.tab):
        return False
    if doc.link is not None:
        if not _link_holds(doc.db, doc.link):
            return False
    elif accounts.session_user(doc.db, login) is None:
        return False
    if doc.case_id is not None and not _case_exists(doc.db, doc.case_id):
        with _lock:
            for token in [k for k, d in _documents.items() if d.case_id == doc.case_id]:
                del _documents[token]
        return False
    return True


def _link_holds(db: Store, link: str) -> bool:
    try:
        party_space.resume(db, link)
    except party_space.LinkRefused:
        return False
    return True


def _case_exists(db: Store, case_id: int) -> bool:
    with db.read() as q:
        return q.cases.case(case_id) is not None


def _tab_open(tab: str) -> bool:
    from streamlit.runtime import Runtime

    return not Runtime.exists() or Runtime.instance().is_active_session(tab)


def _sweep() -> None:
    """Drop the documents of tabs that were closed (called with the lock held)."""
    for token in [k for k, d in _documents.items() if not _tab_open(d.tab)]:
        del _documents[token]
    for slot in [s for s, token in _slots.items() if token not in _documents]:
        del _slots[slot]
