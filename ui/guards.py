"""What the web server refuses before Streamlit sees a request (serve.py puts these in front).

Imports stay light: this module loads before Streamlit's runtime exists, and the
page modules (their components) must be imported only by the page runs.

The websocket: only the app's own web address may open it.

Streamlit compares only the host name of a websocket's Origin with its allow-list,
so a page on another port of the same host (http://127.0.0.1:9999) passes, opens
the app's websocket with the user's login cookie and reads what the app shows.
For an Origin it does not know, Streamlit then asks checkip.amazonaws.com for the
server's outside address, blocking the server's event loop for up to two seconds
per handshake. `OriginGuard` runs before Streamlit and closes every websocket
handshake whose Origin is not the address the request was made to (scheme-less
host and port, as the browser sent them) or the public address in
$RESET_PUBLIC_URL (the one setting to make behind a reverse proxy that rewrites
the Host header). `never_look_outside` takes away Streamlit's outside address
lookup altogether: ReSet makes no outside connection, whatever a request holds.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit


def allowed_origin(origin: str | None, host: str | None, public_url: str | None = None) -> bool:
    if origin is None:
        # Browsers always send an Origin on a websocket; a client that sends none is
        # not a page in the user's browser and carries none of its cookies.
        return True
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    if host is not None and parts.netloc.lower() == host.lower():
        return True
    if public_url:
        public = urlsplit(public_url)
        if (parts.scheme, parts.netloc.lower()) == (public.scheme, public.netloc.lower()):
            return True
    return False


class OriginGuard:
    """ASGI middleware: refuses a websocket handshake from a foreign origin."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            if not allowed_origin(headers.get("origin"), headers.get("host"), os.environ.get("RESET_PUBLIC_URL")):
                await receive()  # the connect event; closing before accept answers 403
                await send({"type": "websocket.close", "code": 1008})
                return
        await self.app(scope, receive, send)


class MediaGuard:
    """ASGI middleware: a `/media/` file of the download kind only through ui.documents.may_serve.

    Images and other media of the pages pass; a download that did not go through
    ui.documents.offer_download is refused like one that does not exist.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and "/media/" in scope["path"]:
            content = _downloadable(scope["path"].rsplit("/media/", 1)[1])
            if content is not None:
                import anyio

                headers = dict(scope["headers"])
                cookie = headers.get(b"cookie", b"").decode("latin-1")
                from ui.documents import may_serve

                if not await anyio.to_thread.run_sync(may_serve, content, cookie):
                    await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
                    await send({"type": "http.response.body", "body": b"File not found"})
                    return
        await self.app(scope, receive, send)


def _downloadable(file_id: str) -> bytes | None:
    """The bytes of a stored download-kind media file, None for anything else."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.media_file_storage import MediaFileKind

    if not Runtime.exists():
        return None
    found = Runtime.instance().media_file_mgr.read_file(file_id)
    if found is None or found.kind != MediaFileKind.DOWNLOADABLE:
        return None
    return found.content


def never_look_outside() -> None:
    """Streamlit's outside-address lookup answers 'unknown' without a request."""
    from streamlit import net_util

    net_util.get_external_ip = lambda: None
