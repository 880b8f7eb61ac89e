"""The web server: Streamlit serving app.py, with ReSet's guards in front of it.

`make run` and the browser tests start this file (`streamlit run serve.py`);
Streamlit sees the st.App below and serves app.py through it. ui/guards.py says
what each guard refuses and why.
"""

import streamlit as st
from starlette.middleware import Middleware

from ui.guards import MediaGuard, OriginGuard, never_look_outside

never_look_outside()
app = st.App("app.py", middleware=[Middleware(OriginGuard), Middleware(MediaGuard)])
