"""What every route needs besides the request: gateway, settings, catalogs, CSRF, client identity.

One `Site` object per app, kept in `app.config["itl.site"]`. Route handlers are module-level
functions; the `SiteContext` plugin (Bottle's Plugin API) passes the app's Site to every handler
that declares a `site` parameter, the way bottle-sqlite passes `db`:

    def receipt(folio: str, site: Site) -> str: ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import bottle

from . import mount, security
from .catalogs import Catalogs
from .config import Settings
from .render import msg, render
from .rules import FieldRules


def request_is_https(environ: dict[str, Any], settings: Settings) -> bool:
    """The request came over HTTPS: the WSGI scheme, or X-Forwarded-Proto from a trusted proxy."""
    if settings.trusted_proxy:
        proto = (environ.get("HTTP_X_FORWARDED_PROTO") or "").split(",")[0].strip().lower()
        if proto:
            return proto == "https"
    return environ.get("wsgi.url_scheme") == "https"


def own_hosts(environ: dict[str, Any], settings: Settings) -> set[str]:
    """Host names this site answers as (for the Origin check; never echoed into a response)."""
    hosts = {(environ.get("HTTP_HOST") or "").strip().lower()}
    if settings.trusted_proxy and environ.get("HTTP_X_FORWARDED_HOST"):
        hosts.add(environ["HTTP_X_FORWARDED_HOST"].split(",")[0].strip().lower())
    if settings.public_url:
        hosts.add(urlsplit(settings.public_url).netloc.lower())
    return {h for h in hosts if h}


@dataclass
class Site:
    gateway: Any
    settings: Settings
    catalogs: Catalogs = field(init=False)
    rules: FieldRules = field(init=False)
    pages: dict[Any, Any] = field(init=False, default_factory=dict)  # rendered pages kept per app

    def __post_init__(self) -> None:
        self.catalogs = Catalogs(self.gateway, self.settings.catalog_ttl)
        self.rules = FieldRules(self.gateway, self.settings.catalog_ttl)

    # ---- who is asking ----
    def client_key(self) -> str:
        env = bottle.request.environ
        return security.client_key(env.get("REMOTE_ADDR", ""), env.get("HTTP_X_FORWARDED_FOR"),
                                   self.settings.trusted_proxy)

    def is_https(self) -> bool:
        return request_is_https(bottle.request.environ, self.settings)

    def public_url(self) -> str:
        """Base URL for QR codes: ITL_PUBLIC_URL (with its path, e.g. https://www.leon.tecnm.mx/soporte),
        else the name and port the server was configured with (WSGI SERVER_NAME / SERVER_PORT, set by
        serve.py) and the base prefix, never the request's Host header. Never the embedded view: a
        scanned code opens the full page."""
        if self.settings.public_url:
            return self.settings.public_url.rstrip("/")
        env = bottle.request.environ
        scheme = "https" if self.is_https() else "http"
        port = str(env.get("SERVER_PORT") or "")
        default = (scheme == "http" and port == "80") or (scheme == "https" and port == "443")
        return (f"{scheme}://{env.get('SERVER_NAME') or 'localhost'}" + ("" if default or not port else f":{port}")
                + mount.base(env))

    # ---- CSRF: double-submit cookie + per-form token + Origin / Sec-Fetch-Site ----
    def csrf_for_render(self, form: str) -> str:
        """The token for one form; sets the double-submit cookie when the browser has none."""
        cookie = bottle.request.get_cookie(security.CSRF_COOKIE)
        if not cookie or len(cookie) > 64:
            cookie = security.new_csrf_cookie()
            bottle.response.set_cookie(
                security.CSRF_COOKIE, cookie, path=mount.base(bottle.request.environ) + "/", httponly=True,
                samesite="Lax", secure=self.is_https(),
            )
            bottle.request.cookies[security.CSRF_COOKIE] = cookie  # a second form on the same page
        return security.csrf_token(self.settings.secret_key, cookie, form)

    def csrf_ok(self, forms: dict[str, str], form: str) -> bool:
        env = bottle.request.environ
        if security.cross_site(env, own_hosts(env, self.settings)):
            return False
        return security.csrf_valid(
            self.settings.secret_key, bottle.request.get_cookie(security.CSRF_COOKIE), forms.get("csrf_token"),
            form, self.settings.csrf_max_age,
        )


CONFIG_KEY = "itl.site"


class SiteContext:
    """Bottle plugin (API 2): a route callback with a `site` parameter gets `app.config["itl.site"]`.

    Handlers without that parameter are left as they are; the Site is looked up once per route,
    when Bottle first builds the route's callback."""

    name = "itl.site"
    api = 2
    keyword = "site"

    def setup(self, app: bottle.Bottle) -> None:
        if not isinstance(app.config.get(CONFIG_KEY), Site):
            raise bottle.PluginError(f"app.config[{CONFIG_KEY!r}] must hold the app's Site")

    def apply(self, callback: Callable[..., Any], route: bottle.Route) -> Callable[..., Any]:
        if self.keyword not in route.get_callback_args():
            return callback
        site = route.app.config[CONFIG_KEY]

        @functools.wraps(callback)
        def with_site(*args: Any, **kwargs: Any) -> Any:
            kwargs[self.keyword] = site
            return callback(*args, **kwargs)

        return with_site


def no_store() -> None:
    bottle.response.set_header("Cache-Control", "no-store")


def message_page(title: str, text: str, status: int,
                 link: tuple[str, str] | None = ("/", "Volver al formulario"), robots: str = "") -> str:
    bottle.response.status = status
    no_store()
    return render("message.tpl", title=title, text=text, link=link, robots=robots, description=text[:150])


def bad_request() -> str:
    return message_page("Solicitud no válida", msg("web_bad_request"), 400)
