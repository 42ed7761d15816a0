"""numcheck serve: a local web page and a versioned JSON API over the same engine (the ``web`` extra).

FastAPI, because numcheck's answers are already pydantic models: the API's schemas, validation and
OpenAPI document (``/openapi.json``, interactive at ``/docs``) come from the types the library
returns, with nothing written twice. Every check runs in a thread pool (the engine is synchronous),
shares the process's one politeness budget and one history store, and a number already being checked
is not checked a second time at once: later callers wait for the same answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import Body, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from numcheck._errors import InvalidNumber, NumcheckError, shortened
from numcheck.batch import BatchItem
from numcheck.config import Settings
from numcheck.engine import numcheck_version
from numcheck.frontends.listing import checker_listing
from numcheck.messages import english, say
from numcheck.numbers import invalid_message, parse
from numcheck.registry import Registry, default_registry
from numcheck.render.html import environment, report_context
from numcheck.render.i18n import DEFAULT_LANGUAGE, localize_finding, localized, negotiate, say_in, ui, word
from numcheck.render.stream import in_language
from numcheck.report import Finding, Report, Status, Verdict
from numcheck.serve.guard import SESSION_COOKIE, Guard
from numcheck.serve.middleware import GuardMiddleware
from numcheck.serve.schema import (
    MAX_BATCH,
    NOT_KEPT,
    NUMBER_EXAMPLE,
    NUMBER_PATTERN,
    REFUSALS,
    ManyRequest,
    NumberPath,
    NumberQuery,
    Refusal,
    strict_offline,
)
from numcheck.serve.service import Service
from numcheck.store import Store

__all__ = ["CSP", "MAX_BATCH", "NUMBER_EXAMPLE", "NUMBER_PATTERN", "ManyRequest", "Refusal", "Service", "create_app", "guarded_app"]


# The Content-Security-Policy of every page: its own script and styles only, fetches to itself only.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _invalid(error: InvalidNumber, text: str, lang: str = DEFAULT_LANGUAGE) -> JSONResponse:
    # JSON escapes what a terminal would run: the input goes as written (shortened), not in Python's quotes.
    said: dict[str, str] = {"error": str(error), "reason": error.reason.value, "input": shortened(text, 64)}
    if lang != DEFAULT_LANGUAGE:
        # The page shows the reader why in their language; programs keep the English line and the reason code.
        said["error_localized"] = say_in(lang, invalid_message(error))
    return JSONResponse(said, status_code=400)


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _language(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


def _html(body: str) -> HTMLResponse:
    return HTMLResponse(
        body, headers={"content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}
    )


def registry_for(settings: Settings) -> Registry:
    """The checkers the server asks (the command reads it too, to say what the number-age search may spend)."""
    return default_registry(settings)


def create_app(guard: Guard, *, settings: Settings | None = None, registry: Registry | None = None, store: Store | None = None) -> FastAPI:
    """The ASGI app: the page, the API under /api/v1, /healthz; ``guard`` holds its network rules."""
    settings = settings or Settings.from_env()
    service = Service(settings, registry if registry is not None else registry_for(settings), store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    # FastAPIOffline: the interactive docs' scripts and styles are served from this app, never fetched from a CDN.
    app = FastAPIOffline(
        title="numcheck",
        version=numcheck_version(),
        summary="What did the previous owner leave attached to a second-hand number?",
        lifespan=lifespan,
        static_url="/static-docs",
    )

    @app.exception_handler(StarletteHTTPException)
    async def refused(_: Request, error: StarletteHTTPException) -> JSONResponse:
        # The framework's own refusals (a body it cannot parse) in the documented shape, not {"detail": ...}.
        return JSONResponse({"error": str(error.detail)}, status_code=error.status_code, headers=error.headers)

    app.mount("/static", StaticFiles(directory=str(files("numcheck.serve").joinpath("static"))), name="static")
    app.state.service = service

    @app.get("/healthz", responses={400: REFUSALS[400], 429: REFUSALS[429]})
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": numcheck_version()}

    @app.get("/api/v1/check", response_model=Report, responses=REFUSALS, dependencies=[Depends(strict_offline)])
    async def check_one(request: Request, number: NumberQuery, offline: bool = False) -> Any:
        """One number's report: the same JSON as ``numcheck --format json`` (with the texts in Accept-Language's language too)."""
        try:
            future = service.report(number, offline)
        except InvalidNumber as error:
            return _invalid(error, number, _language(request))
        # Shielded: another caller may be waiting for the same check, and this one leaving must not cancel it.
        report = await asyncio.shield(asyncio.wrap_future(future))
        lang = _language(request)
        said = report if lang == DEFAULT_LANGUAGE else localized(report, lang)
        return PlainTextResponse(said.model_dump_json(), media_type="application/json")

    @app.post(
        "/api/v1/check",
        responses={200: {"content": {"application/x-ndjson": {}}, "description": "one BatchItem per line, input order"}, **REFUSALS},
    )
    async def check_many_numbers(request: Request, body: Annotated[ManyRequest, Body()]) -> StreamingResponse:
        """Many numbers: JSON Lines of `BatchItem`, streamed back in input order as they are answered."""
        lang = _language(request)

        async def lines() -> AsyncIterator[str]:
            # A client that leaves cancels this generator (the response stops), and so the batch's pending lookups.
            async for entry in service.batch(body.numbers, body.offline, guard, _client(request)):
                if isinstance(entry, NumcheckError):  # e.g. the history store failed: say so as the stream's last line
                    yield json.dumps({"error": str(entry)}) + "\n"
                else:
                    yield in_language(entry, lang).model_dump_json() + "\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    @app.get(
        "/api/v1/check/events",
        responses={200: {"content": {"text/event-stream": {}}, "description": "finding events, then the report event"}, **REFUSALS},
        response_class=StreamingResponse,
        dependencies=[Depends(strict_offline)],
    )
    async def check_events(request: Request, number: NumberQuery, offline: bool = False) -> Any:
        """Server-sent events: each finding as it arrives (``finding``), then the report and its HTML (``report``)."""
        queue: asyncio.Queue[Finding] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def arrived(item: Finding) -> None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(queue.put_nowait, item)

        try:
            future = service.report(number, offline, on_finding=arrived)
        except InvalidNumber as error:
            return _invalid(error, number, _language(request))
        lang = _language(request)

        async def events() -> AsyncIterator[str]:
            wrapped = asyncio.shield(asyncio.wrap_future(future))
            while not wrapped.done() or not queue.empty():
                getter: asyncio.Future[Finding] = asyncio.ensure_future(queue.get())
                waiting: set[asyncio.Future[Any]] = {getter, wrapped}
                try:
                    done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    if not getter.done():
                        getter.cancel()
                if getter in done:
                    found = getter.result() if lang == DEFAULT_LANGUAGE else localize_finding(getter.result(), lang)
                    yield f"event: finding\ndata: {found.model_dump_json()}\n\n"
            report = wrapped.result()
            html = (
                environment(lang)
                .get_template("_report_body.html.j2")
                .render(**report_context([BatchItem(index=0, input=number, report=report)], lang=lang))
            )
            said = report if lang == DEFAULT_LANGUAGE else localized(report, lang)
            yield f"event: report\ndata: {json.dumps({'report': json.loads(said.model_dump_json()), 'html': html})}\n\n"

        return StreamingResponse(events(), media_type="text/event-stream", headers={"cache-control": "no-store"})

    @app.post(
        "/api/v1/compare/html",
        responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}, "description": "the ranked report section"}, **REFUSALS},
    )
    async def compare_html(request: Request, body: Annotated[ManyRequest, Body()]) -> Any:
        """The report section of the page for several numbers, ranked (the same template as the HTML report)."""
        items: list[BatchItem] = []

        async def collect() -> None:
            async for entry in service.batch(body.numbers, body.offline, guard, _client(request)):
                if isinstance(entry, NumcheckError):
                    raise entry
                items.append(entry)

        async def left() -> None:
            while (await request.receive())["type"] != "http.disconnect":
                pass

        collecting, watching = asyncio.ensure_future(collect()), asyncio.ensure_future(left())
        try:
            await asyncio.wait({collecting, watching}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watching.cancel()
            if not collecting.done():
                collecting.cancel()  # the client left: stop its batch rather than finish it for nobody
        if collecting.cancelled():
            return PlainTextResponse("", status_code=204)
        collecting.result()
        lang = _language(request)
        return _html(environment(lang).get_template("_report_body.html.j2").render(**report_context(items, lang=lang)))

    def history_refusal(message_id: str, lang: str, status: int) -> JSONResponse:
        # As _invalid: the English line for programs, and the reader's language beside it.
        said = {"error": english(say(message_id))}
        if lang != DEFAULT_LANGUAGE:
            said["error_localized"] = ui(lang, message_id)
        return JSONResponse(said, status_code=status)

    def stored(number: str, lang: str) -> str | JSONResponse:
        """The E.164 form of a number whose history is asked for, or why it cannot be given."""
        if service.store is None:
            return history_refusal("serve.api.no_store", lang, 404)
        try:
            return parse(number, service.region).e164
        except InvalidNumber as error:
            return _invalid(error, number, lang)

    @app.get("/api/v1/history/{number}", responses={**REFUSALS, **NOT_KEPT})
    async def history(number: NumberPath, request: Request) -> Any:
        """Every stored check of a number, newest first."""
        e164 = stored(number, _language(request))
        if isinstance(e164, JSONResponse) or service.store is None:
            return e164
        return [json.loads(check.model_dump_json()) for check in service.store.history(e164)]

    @app.get("/api/v1/diff/{number}", responses={**REFUSALS, **NOT_KEPT})
    async def diff(number: NumberPath, request: Request) -> Any:
        """What changed between a number's last two stored checks."""
        lang = _language(request)
        e164 = stored(number, lang)
        if isinstance(e164, JSONResponse) or service.store is None:
            return e164
        found = service.store.diff(e164)
        if found is None:
            return history_refusal("serve.api.fewer_than_two", lang, 404)
        return json.loads(found.model_dump_json())

    @app.get("/api/v1/checkers", responses=REFUSALS)
    async def checkers() -> Any:
        """The checkers this server runs, as ``numcheck checkers --json`` lists them."""
        return checker_listing(service.registry, service.settings)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page(request: Request) -> HTMLResponse:
        lang = _language(request)
        template = environment(lang).get_template("serve.html.j2")
        # The words the page's script shows for a finding's status as it arrives, and for a stored check's verdict.
        statuses = json.dumps({status.value: word(lang, "status", status) for status in Status}, ensure_ascii=False)
        verdicts = json.dumps({verdict.value: word(lang, "verdict", verdict) for verdict in Verdict}, ensure_ascii=False)
        history = service.store is not None
        return _html(
            template.render(lang=lang, csrf=guard.csrf, version=numcheck_version(), history=history, statuses=statuses, verdicts=verdicts)
        )

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_page(request: Request) -> HTMLResponse:
        lang = _language(request)
        return _html(environment(lang).get_template("serve_login.html.j2").render(lang=lang, csrf=guard.csrf, failed=False))

    @app.post("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login(request: Request) -> Any:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        offered, csrf = form.get("token", [""])[0], form.get("csrf", [""])[0]
        lang = _language(request)
        client = _client(request)
        wait = guard.retry_after(client)
        if wait:
            body = environment(lang).get_template("serve_login.html.j2").render(lang=lang, csrf=guard.csrf, failed=True)
            return HTMLResponse(body, status_code=429, headers={"content-security-policy": CSP, "retry-after": str(wait)})
        matches = guard.token_matches(offered)
        if csrf == guard.csrf and offered and matches:
            guard.succeeded(client)
        elif csrf == guard.csrf and offered:
            guard.failed(client)
        if csrf != guard.csrf or not matches:
            body = environment(lang).get_template("serve_login.html.j2").render(lang=lang, csrf=guard.csrf, failed=True)
            return HTMLResponse(body, status_code=403, headers={"content-security-policy": CSP})
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(SESSION_COOKIE, guard.session_value(), httponly=True, samesite="strict", secure=False)
        return response

    return app


def guarded_app(guard: Guard, **kwargs: Any) -> GuardMiddleware:
    """The app behind its guard: what uvicorn serves."""
    return GuardMiddleware(create_app(guard, **kwargs), guard)
