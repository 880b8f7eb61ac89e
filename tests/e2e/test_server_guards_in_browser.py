"""What the server hands out, and to whom: documents only to the login that made them,
the websocket only to the app's own web address."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from reset_core import database
from reset_core.config import Settings
from reset_core.i18n import translate
from tests.e2e.conftest import KEY, MAIN, Server, cli, login_cookie, menu_item, settle

pytestmark = pytest.mark.browser


def t(key: str, **params: object) -> str:
    return translate(key, "nl", **params)


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "data"
    cli(data, "demo")
    s = Server(data)
    yield s
    s.stop()


def log_in(browser, url: str):
    """A fresh browser context with the demo administrator logged in, cookie stored."""
    page = browser.new_context().new_page()
    page.goto(url)
    # A server's first page run imports everything: on a busy machine it takes a while.
    page.get_by_role("button", name="Aanmelden").wait_for(timeout=120_000)
    settle(page)
    page.get_by_role("textbox", name="Gebruikersnaam").fill("demo-admin")
    page.get_by_role("textbox", name="Wachtwoord", exact=True).fill("demo-reset")
    page.get_by_role("button", name="Aanmelden").click()
    menu_item(page, t("page.privacy")).wait_for(timeout=120_000)
    settle(page)
    for _ in range(4):
        try:
            login_cookie(page)
            break
        except AssertionError:
            continue
    else:
        login_cookie(page)
    return page


def status_without_cookie(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def status_with_cookie(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": f"reset_login={cookie}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def download_export(page) -> tuple[str, bytes]:
    """On Gegevensbescherming: make the export of the first case (#1, chosen by default)
    and download it: (its URL, its bytes)."""
    page.goto("/".join(page.url.split("/", 3)[:3]) + "/privacy")
    settle(page)
    page.get_by_role("button", name=t("privacy.export_make")).click()
    settle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=t("privacy.export_download")).click()
    download = info.value
    return download.url, open(download.path(), "rb").read()


def test_a_case_document_opens_only_with_the_login_that_made_it_and_not_after_the_case_is_erased(server, browser):
    admin = log_in(browser, server.url)
    cookie = login_cookie(admin)[0]["value"]
    url, content = download_export(admin)
    assert content.startswith(b"PK")  # the zip really came
    assert status_without_cookie(url) == 404
    assert status_with_cookie(url, cookie) == 200  # the same address, with the login: the guard is not a blanket refusal

    # Another administrator's login erases the case while the first tab still shows the button.
    other = log_in(browser, server.url)
    other.goto(server.url + "/privacy")
    settle(other)
    form = other.locator('[data-testid="stForm"]').filter(has_text=t("privacy.erase_submit"))
    form.get_by_role("textbox").fill("1")  # case #1, chosen by default
    form.get_by_role("button", name=t("privacy.erase_submit")).click()
    other.get_by_text(t("privacy.erased", id=1)).wait_for(timeout=120_000)

    assert status_with_cookie(url, cookie) == 404


def test_a_case_document_is_gone_once_its_login_ends(server, browser):
    admin = log_in(browser, server.url)
    cookie = login_cookie(admin)[0]["value"]
    url, _ = download_export(admin)
    assert status_with_cookie(url, cookie) == 200
    assert status_without_cookie(url) == 404

    # Logging out in a second tab of the same browser ends the login; the first tab is untouched.
    second = admin.context.new_page()
    second.goto(server.url + "/logout")
    settle(second)
    second.locator(MAIN).get_by_role("button", name=t("logout.submit")).click(timeout=60_000)
    settle(second)
    second.get_by_role("heading", name=t("login.title")).wait_for(timeout=60_000)

    assert status_with_cookie(url, cookie) == 404

    # Each fetch of the case's document by its address is in the case's log: the ones
    # handed out to the administrator (the browser's download may fetch more than once),
    # then the one refused to nobody logged in. After the logout the document is
    # forgotten altogether: a fetch then finds nothing of a case to refuse or log.
    server.stop()
    store = database.open_store(Settings(server.data, KEY))
    try:
        with store.read() as q:
            fetches = q.cur.execute(
                "SELECT actor, action FROM audit_log WHERE case_id = 1 AND action LIKE 'case.document_%' ORDER BY id"
            ).fetchall()
    finally:
        store.close()
    handed_out, refused = fetches[:-1], fetches[-1:]
    assert len(handed_out) >= 2 and set(handed_out) == {("demo-admin", "case.document_fetched")}
    assert refused == [("anonymous", "case.document_refused")]


OPEN_WEBSOCKET = """(url) => new Promise((done) => {
    const ws = new WebSocket(url, ["streamlit"]);
    ws.onopen = () => { ws.close(); done("open"); };
    ws.onerror = () => done("refused");
    setTimeout(() => done("timeout"), 15000);
})"""


def test_a_page_on_another_port_cannot_open_the_apps_websocket(server, browser, tmp_path):
    import functools
    import http.server
    import threading

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html><body>another site on this host</body></html>")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site"))
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        admin = log_in(browser, server.url)  # the user is logged in: the browser holds the cookie
        stream = server.url.replace("http://", "ws://") + "/_stcore/stream"
        assert admin.evaluate(OPEN_WEBSOCKET, stream) == "open"  # from the app's own page it opens

        foreign = admin.context.new_page()
        foreign.goto(f"http://127.0.0.1:{other.server_address[1]}/")
        assert foreign.evaluate(OPEN_WEBSOCKET, stream) == "refused"
    finally:
        other.shutdown()
