"""The room's aiohttp application: fixed routes, the checks every request passes (Host,
Origin, size), the headers every response carries, the phone page and the self-test.

Imported only on the server's thread when a room starts: aiohttp is not loaded before.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from cxdesk.room import api
from cxdesk.room.api import SERVING
from cxdesk.room.events import PhoneReached
from cxdesk.room.serving import PAGE_FILES, Serving
from cxdesk.room.state import Refusal

log = logging.getLogger(__name__)

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",  # a phone keeps nothing: answers and state change live
}
SERVER = "CX Desk"
CHECK_PAGE = (
    b"<!doctype html><html lang=en><meta charset=utf-8>"
    b'<meta name=viewport content="width=device-width, initial-scale=1">'
    b'<title>CX Desk</title><link rel=stylesheet href="/phone.css">'
    b"<main><h1>Your phone reached CX Desk</h1>"
    b"<p>Phones on this network can join the session. Go back to the presenter.</p>"
    b"</main></html>"
)
WRONG_HOST = "This page was opened at another address. Scan the code on the screen again."
WRONG_ORIGIN = "This request did not come from the room's page. Reload the page."
TOO_LARGE = "That was too much to send."
GONE = "The connection was lost. Try again."
BROKEN = "Something went wrong on the laptop. Try again."

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def error(status: int, message: str) -> web.Response:
    """Every refusal: its status and words for the person holding the phone."""
    return refused(Refusal(status, message))


def refused(refusal: Refusal) -> web.Response:
    return web.json_response(refusal.body, status=refusal.status, dumps=_dumps)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build_app(serving: Serving, body_bytes: int) -> web.Application:
    app = web.Application(middlewares=[_guard], client_max_size=body_bytes)
    app[SERVING] = serving
    app.on_response_prepare.append(_headers)
    for path in PAGE_FILES:  # a fixed map: no path from a request ever reaches the disk
        app.router.add_get(path, _page)
    app.router.add_get("/check", _check)
    app.router.add_post("/api/join", api.join)
    # No HEAD on the API: a HEAD of the event stream would hold a stream open for nothing.
    app.router.add_get("/api/state", api.state, allow_head=False)
    app.router.add_post("/api/answer", api.answer)
    app.router.add_get("/api/events", api.events, allow_head=False)
    return app


@web.middleware
async def _guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    serving = request.app[SERVING]
    # DNS rebinding: a page elsewhere that points its own name at this address sends
    # that name as Host. Only the address the room serves on is answered.
    if request.headers.get("Host") != serving.host:
        return error(421, WRONG_HOST)
    # CSRF: a page elsewhere can make a phone POST here; only the room's page may.
    if request.method not in ("GET", "HEAD") and request.headers.get("Origin") != serving.origin:
        return error(403, WRONG_ORIGIN)
    length = request.content_length
    if length is not None and length > serving.state.limits.body_bytes:
        return error(413, TOO_LARGE)
    try:
        return await handler(request)
    except Refusal as refusal:
        # Refusals are raised fresh (Words.refuse()); should one kept in a constant slip
        # through, it must not keep this request's frames on its traceback.
        refusal.__traceback__ = None
        response = refused(refusal)
        if refusal.status == 408:  # its body never came: the connection is not used again
            response.force_close()
        return response
    except ConnectionError:
        # The phone went away mid-request (off the Wi-Fi, asleep, or a script hanging
        # up): nobody is there to answer, and it is not the laptop's fault.
        log.debug("A phone went away during %s %s", request.method, request.path)
        return error(400, GONE)
    except web.HTTPRequestEntityTooLarge:
        return error(413, TOO_LARGE)
    except web.HTTPException as exc:  # no such page (404), wrong method (405)
        return error(exc.status, exc.reason)
    except Exception:  # a bug: logged, and the room keeps serving everybody else
        log.exception("The room could not answer %s %s", request.method, request.path)
        return error(500, BROKEN)


async def _headers(_request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(HEADERS)
    # Not aiohttp's "Python/3.x aiohttp/3.x": which versions run here is nobody's business.
    response.headers["Server"] = SERVER


async def _page(request: web.Request) -> web.StreamResponse:
    page = request.app[SERVING].pages.get(request.path)
    if page is None:  # the page's file is not in this build
        raise web.HTTPNotFound(reason="Not found.")
    return web.Response(body=page.body, content_type=page.content_type, charset="utf-8")


async def _check(request: web.Request) -> web.StreamResponse:
    serving = request.app[SERVING]
    address = request.remote or "?"
    if serving.checks.allow(address):  # a page reloaded in a loop does not flood the desktop
        serving.emit(PhoneReached(address))
    return web.Response(body=CHECK_PAGE, content_type="text/html", charset="utf-8")
