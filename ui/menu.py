"""The sidebar menu: a button per page, so that a note being typed travels with the click.

Why not Streamlit's own sidebar links: a link click sends the new page with the widget
states of the sidebar alone. A field left by that very click (a note typed, then
straight to another page) sends its text a few milliseconds earlier; when the two
requests meet before the server starts a run, Streamlit folds them into one and keeps
only the later states, so the note is dropped without a callback or a trace (seen within
the first 10 page switches of tests/e2e/test_notes_in_browser.py). A button's click carries
every widget state of the page, the field's text included, so the field's `on_change`
saves it in the same run that goes to the other page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st


def draw(sections: Mapping[str, Sequence[st.Page]]) -> st.Page:
    """The page in the address among `sections` ({header: pages}), with the menu drawn
    in the sidebar (none for a single page: the login screen has nowhere else to go).
    The caller runs the page once the rest of the sidebar is drawn."""
    pages = [page for section in sections.values() for page in section]
    current = st.navigation(pages, position="hidden")
    if len(pages) == 1:
        return current
    for page in pages:
        # A menu click is known before its button is drawn again: switching here spares
        # the run that follows the cost of a sidebar drawn for the page being left.
        if page.url_path != current.url_path and st.session_state.get(_key(page)):
            st.switch_page(page)
    with st.sidebar.container(key="menu"):
        for header, section in sections.items():
            st.caption(header)
            for page in section:
                here = page.url_path == current.url_path
                # The key stays the same on every page: a button whose key changes is a
                # new element in the browser, and a click landing while it is swapped
                # in is lost. The page on screen is marked by the button's kind instead.
                if st.button(
                    page.title, icon=page.icon, type="secondary" if here else "tertiary", width="stretch",
                    key=_key(page),
                ) and not here:
                    st.switch_page(page)
    return current


def _key(page: st.Page) -> str:
    return f"menu_{page.url_path or 'home'}"
