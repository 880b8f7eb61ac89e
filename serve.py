"""The web server: Streamlit serving app.py, with ReSet's guards in front of it.

`make run` and the browser tests start this file (`streamlit run serve.py`);
Streamlit sees the st.App below and serves app.py through it. ui/guards.py says
what each guard refuses and why; ui/login_cookie.py sets the login cookie from the
server, so that no page script can read it.
"""

import streamlit as st
from starlette.middleware import Middleware

from ui.guards import MediaGuard, OriginGuard, never_look_outside
from ui.login_cookie import LoginCookie

never_look_outside()
app = st.App("app.py", middleware=[Middleware(OriginGuard), Middleware(MediaGuard), Middleware(LoginCookie)])
