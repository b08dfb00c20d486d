"""How the app is put together: every URL has a module-level handler; the site context is injected.

No database: the apps here get no gateway, and only routes that never call it are requested.
"""

from __future__ import annotations

import inspect

import bottle
import pytest

from tests.webform.conftest import SECRET, web_client
from webform import Settings, create_app
from webform.context import CONFIG_KEY, Site, SiteContext


def app_with(secret: bytes) -> bottle.Bottle:
    return create_app(None, Settings(secret_key=secret))


def test_every_route_is_a_module_level_function_a_reader_finds_by_url():
    app = app_with(SECRET)
    seen = set()
    for route in app.routes:
        callback = route.callback
        assert callback.__module__.startswith("webform."), route.rule
        assert callback.__qualname__ == callback.__name__, (route.rule, callback.__qualname__)  # not in a closure
        assert getattr(inspect.getmodule(callback), callback.__name__) is callback, route.rule
        assert route.rule in inspect.getsource(inspect.getmodule(callback)).split('"""', 2)[1], (
            f"{route.rule} is missing from the URL table of {callback.__module__}")
        seen.add((route.method, route.rule))
    assert ("POST", "/consulta/<folio>/responder") in seen and ("GET", "/") in seen and len(seen) == len(app.routes)


def test_each_app_hands_its_own_site_to_the_handlers_that_ask_for_it():
    first, second = app_with(b"a" * 32), app_with(b"b" * 32)
    for app in (first, second):
        app.get("/sitio", callback=lambda site: {"secret": site.settings.secret_key.decode()})
        app.get("/sin-sitio", callback=lambda: {"site": "no"})
    assert web_client(first).get("/sitio").json == {"secret": "a" * 32}
    assert web_client(second).get("/sitio").json == {"secret": "b" * 32}
    assert web_client(first).get("/sin-sitio").json == {"site": "no"}
    assert isinstance(first.config[CONFIG_KEY], Site) and first.config[CONFIG_KEY] is not second.config[CONFIG_KEY]


def test_the_plugin_needs_the_site_in_the_config():
    with pytest.raises(bottle.PluginError):
        bottle.Bottle().install(SiteContext())
