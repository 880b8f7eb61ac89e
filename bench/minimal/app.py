"""The yardstick of the browser bench: a minimal two-page Streamlit app, with the same
kind of sidebar menu as ReSet's (a button per page, st.switch_page) and one radio whose
change runs a callback, so that a click here and a click in ReSet cost Streamlit the
same protocol work, and the difference is what ReSet's pages do."""

import streamlit as st


def one() -> None:
    st.title("One")
    st.write("A minimal page.")
    st.radio("A choice", [1, 2, 3, 4, 5], index=None, key="choice", on_change=lambda: st.session_state.update(saved=True))


def two() -> None:
    st.title("Two")
    st.write("Another minimal page.")


pages = [st.Page(one, title="One", url_path="one", default=True), st.Page(two, title="Two", url_path="two")]
current = st.navigation(pages, position="hidden")
with st.sidebar:
    for page in pages:
        if st.button(page.title, key=f"menu_{page.title.lower()}") and page.url_path != current.url_path:
            st.switch_page(page)
current.run()
