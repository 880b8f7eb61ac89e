"""Sharing in the browser: employee and manager, each in their own browser, submit,
release and flag through their own scan link; the facilitator's joint screen follows."""

from datetime import date

import pytest
from playwright.sync_api import expect

from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.scan import CURRENT_VERSION
from tests.e2e.conftest import PASSWORD, Server, log_in, one_case, screenshot, settle

INSTRUMENT = load_instrument(CURRENT_VERSION)

pytestmark = pytest.mark.browser


def t(key: str, **params: object) -> str:
    return translate(key, "nl", **params)


@pytest.fixture
def linked(tmp_path):
    """A case whose T0 both parties answered completely, not yet submitted: (server, links)."""
    from reset_core import scan
    from reset_core.model import MomentKind, Respondent

    data = tmp_path / "data"
    with one_case(data) as (store, fien, case_id):
        _, tokens = scan.create_moment(store, fien, case_id, MomentKind.T0, date.today())
        scan.save_answers(store, tokens[Respondent.EMPLOYEE], {i.id: 2 for i in INSTRUMENT.items})
        scan.save_answers(store, tokens[Respondent.MANAGER], {i.id: 4 for i in INSTRUMENT.items})
        scan.save_continuum(store, tokens[Respondent.EMPLOYEE], "struggling")
    server = Server(data)
    yield server, {r.value: f"{server.url}/?t={token}" for r, token in tokens.items()}
    server.stop()


def submit(browser, link: str):
    """The party's own browser: submit at the summary; their own results follow."""
    page = browser.new_context().new_page()
    page.goto(link)
    settle(page)
    page.get_by_role("button", name="Antwoorden indienen").click()
    settle(page)
    expect(page.get_by_text(t("sharing.not_a_diagnosis"))).to_be_visible(timeout=15_000)
    return page


def release_and_flag(page, theme: str) -> None:
    page.get_by_role("button", name=t("sharing.release_yes")).click()
    settle(page)
    expect(page.get_by_text(t("sharing.released_state"))).to_be_visible(timeout=15_000)
    page.locator(f".st-key-answer_flag_{theme}").get_by_text(t("sharing.flag")).click()
    settle(page)


def joint_screen(page, url: str) -> str:
    page.goto(url + "/dialogue?case=1")
    settle(page)
    expect(page.get_by_role("heading", name=t("dialogue.agenda_title"), exact=True)).to_be_visible(timeout=30_000)
    return page.inner_text('[data-testid="stMain"]')


def test_the_joint_screen_shows_the_scan_once_both_parties_released_it_through_their_own_links(linked, browser):
    server, links = linked
    facilitator = log_in(browser, server.url, "fien", PASSWORD)
    not_released = t("sharing.joint_not_released")
    compared = t("dialogue.scan_moment", moment=t("moment_kind.t0"))

    employee = submit(browser, links["employee"])
    manager = submit(browser, links["manager"])
    shown = joint_screen(facilitator, server.url)
    assert not_released in shown and compared not in shown  # both submitted, nobody released

    release_and_flag(employee, "autonomy")
    screenshot(employee, "sharing-own-results")
    shown = joint_screen(facilitator, server.url)
    assert not_released in shown and compared not in shown  # one released: nothing, and not whose
    assert t("sharing.joint_wanted_one") in shown

    release_and_flag(manager, "autonomy")
    shown = joint_screen(facilitator, server.url)
    assert compared in shown and not_released not in shown
    assert t("sharing.joint_wanted_both") in shown
    screenshot(facilitator, "sharing-joint-screen")

    employee.get_by_role("button", name=t("sharing.withdraw")).click()
    settle(employee)
    expect(employee.get_by_text(t("sharing.not_released_state"))).to_be_visible(timeout=15_000)
    shown = joint_screen(facilitator, server.url)
    assert not_released in shown and compared not in shown  # withdrawn: gone at once
    assert "Marc Verbeke" not in manager.inner_text("body")  # a link shows no names
