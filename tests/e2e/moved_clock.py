"""`python tests/e2e/moved_clock.py run app.py ...`: Streamlit's command line, for a server
whose clock libfaketime moves (see `clock_env` in conftest.py).

libfaketime 0.9.10 (Debian's) breaks one call that matters here: with the monotonic
clock left alone (FAKETIME_DONT_FAKE_MONOTONIC=1, needed because faking it makes every
timed lock wait forever), Python 3.11's time.sleep, which sleeps until an absolute
monotonic time, fails with "Invalid argument" (libfaketime issue #426). The login form
sleeps, so the app would fail at once. A timed wait on an event sleeps the same time
through a call libfaketime leaves alone.
"""

import sys
import threading
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    threading.Event().wait(seconds)


time.sleep = _sleep

if __name__ == "__main__":
    from streamlit.web.cli import main

    sys.argv[0] = "streamlit"
    sys.exit(main())
