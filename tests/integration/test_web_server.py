"""The shipped web server (serve.py with .streamlit/config.toml), started for real:
its websocket opens only for the app's own address, and no request makes it look
outside the machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from ui.guards import allowed_origin

PROJECT = Path(__file__).resolve().parents[2]

# Loaded into the server process: every name lookup and connection to anything but
# this machine is refused and written down, so an outside request cannot hide.
RECORDER = '''
import ipaddress, os, socket

_log = os.environ["RESET_TEST_OUTSIDE_LOG"]
_getaddrinfo, _connect = socket.getaddrinfo, socket.socket.connect

def _local(host):
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False

def _refuse(what):
    with open(_log, "a") as f:
        f.write(what + "\\n")
    raise OSError("outside connections are refused in this test")

def getaddrinfo(host, *args, **kwargs):
    host = host.decode() if isinstance(host, bytes) else host
    if not _local(host):
        _refuse(f"lookup {host}")
    return _getaddrinfo(host, *args, **kwargs)

def connect(self, address):
    if isinstance(address, tuple) and not _local(address[0]):
        _refuse(f"connect {address[0]}")
    return _connect(self, address)

socket.getaddrinfo = getaddrinfo
socket.socket.connect = connect
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(RECORDER)
    outside = tmp_path / "outside.log"
    port = _free_port()
    env = {
        **os.environ,
        "RESET_DATA_DIR": str(tmp_path / "data"),
        "RESET_DB_KEY": "web-server-test-key-0123456789",
        "RESET_TEST_OUTSIDE_LOG": str(outside),
        "PYTHONPATH": str(tmp_path / "hook"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port)],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://{base}/_stcore/health", timeout=2)
            break
        except OSError:
            if time.time() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the app did not start") from None
            time.sleep(0.3)
    yield base, outside
    process.terminate()
    process.wait(timeout=20)


def handshake(base: str, origin: str) -> bool:
    """Whether the app's websocket opens for a page from this origin."""
    try:
        with connect(f"ws://{base}/_stcore/stream", origin=origin, open_timeout=10):
            return True
    except InvalidStatus:
        return False


def test_the_websocket_opens_for_the_apps_own_address_only(server):
    base, _ = server
    port = int(base.rsplit(":", 1)[1])
    assert handshake(base, f"http://{base}")  # the app itself
    assert not handshake(base, f"http://127.0.0.1:{port + 1}")  # another port of the same host
    assert not handshake(base, f"http://localhost:{port}")  # another name: another origin for the browser
    assert not handshake(base, "http://attacker.example")
    assert not handshake(base, "null")


def test_foreign_handshakes_make_no_outside_request_and_leave_the_server_answering(server):
    base, outside = server
    for n in range(20):
        assert not handshake(base, f"http://attacker-{n}.example")
    started = time.monotonic()
    urllib.request.urlopen(f"http://{base}/_stcore/health", timeout=5)
    # A bound on behaviour, not a benchmark: a lookup in the event loop costs seconds.
    assert time.monotonic() - started < 1
    assert not outside.exists() or outside.read_text() == ""


def test_behind_a_reverse_proxy_the_public_address_is_the_one_foreign_origin_let_in():
    public = "https://reset.intranet.example"
    assert allowed_origin(public, "127.0.0.1:8501", public)
    assert not allowed_origin("https://other.intranet.example", "127.0.0.1:8501", public)
    assert not allowed_origin(public, "127.0.0.1:8501", None)
    assert allowed_origin("https://reset.intranet.example", "reset.intranet.example", None)  # the proxy kept Host
