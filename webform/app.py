"""The web form: one explicit Bottle app built by `create_app(gateway, settings)`.

The routes live in modules named for what they do, each a list of module-level handlers that
its `register(app)` binds to their URLs (the URL table is in each module's docstring):
    submission.py   the form, the JSON pre-check, submit, receipt (screen and print), dependent lists
    status.py       status lookup and the requester's side of the ticket
    incidents.py    known-failure notices on the form, «Yo también tengo esta falla»
    pages.py        error pages (@app.error), the one database-error map, static files, health
    photos.py       decoding and re-encoding uploaded images (Pillow)
    middleware.py   security headers, HSTS, gzip and the 413 page around the WSGI app
The app calls only `webform.*` procedures through the gateway.
"""

from __future__ import annotations

from typing import Any

import bottle

from . import incidents, pages, status, submission
from .config import Settings
from .context import CONFIG_KEY, Site, SiteContext
from .forms import TICKET_FIELDS
from .middleware import guard_wsgi

__all__ = ["TICKET_FIELDS", "create_app"]


def create_app(gateway: Any, settings: Settings) -> bottle.Bottle:
    """Build the WSGI application: a bottle.Bottle whose `wsgi` is wrapped by the middleware.

    The site context lives in `app.config["itl.site"]`; the SiteContext plugin hands it to the
    handlers that ask for it (a `site` parameter). `pages.guard` is installed first, so it wraps
    everything (the outermost plugin)."""
    app = bottle.Bottle(catchall=True, autojson=True)
    app.config[CONFIG_KEY] = Site(gateway, settings)
    app.install(pages.guard)
    app.install(SiteContext())
    for module in (pages, submission, status, incidents):
        module.register(app)
    app.wsgi = guard_wsgi(app.wsgi, settings)  # type: ignore[method-assign]
    return app
