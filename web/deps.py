"""What every page needs: the language, who is logged in, rendering, and CSRF-checked forms."""

from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlencode

from fastapi import Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from markupsafe import Markup
from sqlmodel import Session
from starlette.datastructures import FormData

from api.deps import SessionDep
from api.settings import get_settings
from norms.codes import canonical
from norms.errors import Forbidden
from norms.lang import Lang
from submissions.access import ANONYMOUS, Actor
from submissions.models import Role, User
from synthesis import service
from web import caching, i18n, sessions, templating

R = TypeVar("R", bound=Response)


class LoginRequired(Exception):
    """An anonymous visitor asked for a workspace page."""


@dataclass(frozen=True)
class Member:
    """Who is logged in, copied out of the database row so that it outlives the transaction."""

    id: int
    email: str
    role: Role
    participant: str | None

    @classmethod
    def of(cls, user: User) -> "Member":
        return cls(user.id or 0, user.email, Role(user.role), user.participant_code)


@dataclass
class View:
    """The request as a page sees it."""

    request: Request
    lang: Lang
    user: Member | None = None
    personal: bool = False  # the page rendered holds something of this visitor's own

    @property
    def actor(self) -> Actor:
        if self.user is None:
            return ANONYMOUS
        return Actor(user_id=self.user.id, role=self.user.role, participant=self.user.participant)

    @property
    def other_lang(self) -> Lang:
        return Lang.fr if self.lang is Lang.en else Lang.en

    def gettext(self, message: str) -> str:
        return str(i18n.translations(self.lang).gettext(message))

    def context(self, **values: Any) -> dict[str, Any]:
        request = self.request
        return {
            "request": request,
            "lang": self.lang,
            "other_lang": self.other_lang,
            "switch_url": url_with(request, lang=self.other_lang.value),
            "url_with": lambda **params: url_with(request, **params),
            "url_toggled": lambda key, value: url_toggled(request, key, value),
            "path": request.url.path,
            "user": self.user,
            "actor": self.actor,
            "translations": i18n.translations(self.lang),
            "csrf_token": self._csrf_token,
            "flashes": sessions.pop_flashes(request) if "session" in request.scope else [],
            **values,
        }

    def finish(self, response: R) -> R:
        """Remember an explicit `?lang=` choice, and set the cache headers."""
        chosen = i18n.query_lang(self.request)
        if chosen is not None and self.request.cookies.get(i18n.LANG_COOKIE) != chosen:
            response.set_cookie(
                i18n.LANG_COOKIE,
                chosen.value,
                max_age=i18n.LANG_COOKIE_AGE,
                samesite="lax",
                httponly=True,
                secure=get_settings().https,
            )
        response.headers["Content-Language"] = self.lang.value
        return caching.apply(self.request, response)

    def render(self, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        html = templating.render(template, self.context(**values)).encode()
        if status_code == 200 and not self.personal:
            caching.keep(self.request, html)  # the same for every anonymous reader
        return self.finish(HTMLResponse(html, status_code=status_code))

    def _csrf_token(self) -> str:
        self.personal = True  # a page holding a visitor's token is never kept for others
        return sessions.csrf_token(self.request)

    def render_spooled(self, template: str, **values: Any) -> StreamingResponse:
        """A page that may be too long to hold (a large synthesis is a hundred megabytes): rendered
        into a temporary file as it goes, then sent from it."""
        context = self.context(**values)
        out = service.spooled(lambda file: templating.write(template, context, file))
        response = StreamingResponse(
            service.chunks(out),
            media_type="text/html; charset=utf-8",
            headers={"Content-Length": str(service.size(out))},
        )
        return self.finish(response)

    def fragment(self, template: str, **values: Any) -> Markup:
        """Part of a page, rendered with nothing that differs between visitors, so that it can be
        kept and reused."""
        context = {"lang": self.lang, "translations": i18n.translations(self.lang), **values}
        return Markup(templating.render(template, context))

    def redirect(self, url: str, message: str | None = None) -> RedirectResponse:
        """303 after a successful POST; the message is a msgid shown on the next page."""
        if message:
            sessions.flash(self.request, message)
        return RedirectResponse(url, status_code=303)


def view_for(request: Request, session: Session | None = None) -> View:
    user = sessions.current_user(request, session) if session is not None else None
    view = View(request, i18n.choose(request), Member.of(user) if user is not None else None)
    request.state.view = view
    return view


async def get_view(request: Request, session: SessionDep) -> View:
    """The page's view: a visitor who is not logged in needs no database, so no trip to the thread
    pool (one of the few a public page makes); a member's account is read there."""
    if not request.session.get(sessions.TOKEN):
        return view_for(request)
    return await run_in_threadpool(view_for, request, session)


ViewDep = Annotated[View, Depends(get_view)]


def _member(view: View, role: Role) -> View:
    if view.user is None:
        raise LoginRequired
    if view.user.role != role:
        raise Forbidden(f"this page is for the {role}")
    return view


async def get_delegation_view(view: ViewDep) -> View:
    return _member(view, Role.delegation)


async def get_presidency_view(view: ViewDep) -> View:
    return _member(view, Role.presidency)


DelegationDep = Annotated[View, Depends(get_delegation_view)]
PresidencyDep = Annotated[View, Depends(get_presidency_view)]


async def checked_form(request: Request) -> FormData:
    """The posted form, refused unless it carries this session's CSRF token."""
    form = await request.form()
    sessions.check_csrf(request, form.get("csrf_token"))
    return form


FormDep = Annotated[FormData, Depends(checked_form)]


def url_with(request: Request, **params: object) -> str:
    """This page's path and query with some parameters replaced; None removes one."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in params]
    query += [(k, str(v)) for k, v in params.items() if v is not None and v != ""]
    return request.url.path + (f"?{urlencode(query)}" if query else "")


def url_toggled(request: Request, key: str, value: object) -> str:
    """This page with one value of a facet added, or taken away if it was chosen, on page one."""
    wanted = str(value)

    def is_it(given: str) -> bool:  # the spellings web.filters.search_filters takes as one
        if key == "norm":
            return canonical(given) == wanted
        return (given.upper() if key == "participant" else given) == wanted

    items = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    kept = [(k, v) for k, v in items if k != key or not is_it(v)]
    if len(kept) < len(items):
        return request.url.path + (f"?{urlencode(kept)}" if kept else "")
    # A facet lists a hundred values or more: the page's own query is encoded once per request.
    state = request.state
    if getattr(state, "unpaged_query", None) is None:
        state.unpaged_query = urlencode(items)
    added = urlencode([(key, wanted)])
    return (
        f"{request.url.path}?{state.unpaged_query}&{added}"
        if items
        else f"{request.url.path}?{added}"
    )


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/login?next={quote(target, safe='')}"
