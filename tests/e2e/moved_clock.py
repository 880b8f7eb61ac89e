"""`python tests/e2e/moved_clock.py run serve.py ...`: Streamlit's command line, for a
server that lives RESET_TEST_CLOCK_OFFSET_DAYS days ahead (see `clock_env` in conftest.py).

time-machine moves what Python reads as the time of day (datetime.now, date.today,
time.time and the like) in every thread of this process, and leaves the monotonic clock
alone, so timeouts, sleeps and the event loop keep their real pace. The app has no hook
for it: the server is only started through this file.

It replaced libfaketime (LD_PRELOAD), which moved the C library's clock underneath: with
it the server spent three times the CPU on a page, time.sleep failed (libfaketime issue
#426) and, about once in eight journeys, the first login after the move was never answered.
"""

import os
import sys
from datetime import UTC, datetime, timedelta

import time_machine

if __name__ == "__main__":
    from streamlit.web.cli import main

    days = int(os.environ["RESET_TEST_CLOCK_OFFSET_DAYS"])
    time_machine.travel(datetime.now(UTC) + timedelta(days=days), tick=True).start()
    sys.argv[0] = "streamlit"
    sys.exit(main())
