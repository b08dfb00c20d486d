"""The form nested in the institute's portal and mounted under a path prefix (HTTP level).

The same flows in a real Chromium, through a real nginx, are in test_browser_portal.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gateway import error_id, message
from tests.webform.conftest import make_web, web_client
from webform.config import ConfigError, parse_origins
from webform.mount import clean_prefix

ROOT = Path(__file__).resolve().parents[2]
PORTAL = "https://www.leon.tecnm.mx"
OTHER_PORTAL = "http://portal.itl.test:8081"


def reg(key: str) -> str:
    return message(error_id(key))


@pytest.fixture(scope="module")
def framed(pg_cluster):
    """An app that the two portals may frame, behind a trusted proxy (X-Forwarded-Prefix honoured)."""
    db = pg_cluster.fresh(private=True)
    w = make_web(db, portal_origins=(PORTAL, OTHER_PORTAL), trusted_proxy=True)
    yield w
    w.gw.close()
    pg_cluster.drop(db)


def client(w):
    return web_client(w.app)


# ---- ITL_PORTAL_ORIGINS ----------------------------------------------------------------

def test_origins_are_parsed_and_normalised():
    assert parse_origins("") == ()
    assert parse_origins(" https://WWW.leon.tecnm.mx/  http://portal.itl.test:8081 https://www.leon.tecnm.mx") == (
        "https://www.leon.tecnm.mx", "http://portal.itl.test:8081")
    assert parse_origins("http://[::1]:9000 http://127.0.0.1") == ("http://[::1]:9000", "http://127.0.0.1")


@pytest.mark.parametrize("bad", ["www.leon.tecnm.mx", "https://www.leon.tecnm.mx/portal", "*", "'self'",
                                 "https://*.leon.tecnm.mx", "ftp://www.leon.tecnm.mx", "https://u:p@host.mx",
                                 "https://host.mx:99999", "https://host.mx?x=1", "https://host.mx;script-src"])
def test_a_malformed_origin_is_refused_in_spanish(bad):
    with pytest.raises(ConfigError) as info:
        parse_origins(f"https://ok.leon.tecnm.mx {bad}")
    assert str(info.value) == reg("web_portal_origin_invalid").replace("{origen}", bad)


def test_the_server_does_not_start_with_a_malformed_origin():
    env = dict(os.environ, ITL_PORTAL_ORIGINS="https://www.leon.tecnm.mx/soporte", ITL_WEB_SECRET="x" * 32)
    done = subprocess.run([sys.executable, "-m", "webform", "--db-url", "postgresql://nadie@127.0.0.1:1/x"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "«https://www.leon.tecnm.mx/soporte»" in done.stderr and "ITL_PORTAL_ORIGINS" in done.stderr


# ---- who may frame the pages -----------------------------------------------------------

def test_unset_framing_stays_forbidden(web):
    for url in ("/", "/consulta", "/incrustado/"):
        page = web.client.get(url)
        assert "frame-ancestors 'none'" in page.headers.get("Content-Security-Policy")
        assert page.headers.get("X-Frame-Options") == "DENY"


def test_set_only_the_configured_origins_may_frame(framed):
    c = client(framed)
    for url in ("/", "/consulta", "/incrustado/", "/incrustado/consulta", "/no-existe"):
        page = c.get(url, status=404 if url == "/no-existe" else 200)
        csp = page.headers.get("Content-Security-Policy")
        assert re.search(r"frame-ancestors ([^;]*);", csp).group(1) == f"{PORTAL} {OTHER_PORTAL}", url
        assert page.headers.get("X-Frame-Options") is None, url


# ---- the embedded view -----------------------------------------------------------------

def test_embedded_view_has_no_site_header_and_stays_embedded(framed):
    c = client(framed)
    page = c.get("/incrustado/")
    assert page.status_int == 200
    assert '<header class="site"' not in page.text and '<footer class="site"' not in page.text
    assert f'data-portal="{PORTAL} {OTHER_PORTAL}"' in page.text
    assert 'action="/incrustado/solicitudes"' in page.text and 'href="/incrustado/consulta"' in page.text
    assert 'href="/incrustado/static/style.css?v=' in page.text
    assert c.get(re.search(r'src="(/incrustado/static/app\.js[^"]*)"', page.text).group(1)).status_int == 200
    # the unframed page keeps its header and announces no portal
    full = c.get("/")
    assert '<header class="site"' in full.text and "data-portal" not in full.text


def test_submit_receipt_and_lookup_inside_the_frame(framed):
    w = framed
    c = client(w)
    page = c.get("/incrustado/", headers={"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "same-site"})
    assert page.status_int == 200 and 'id="solicitud"' in page.text  # a portal on the same site: the form
    data = {**w.valid_fields(), "csrf_token": page.hidden("csrf_token"),
            "idempotency_key": page.hidden("idempotency_key"), "sitio_web": ""}
    sent = c.post("/incrustado/solicitudes", data, headers={"Sec-Fetch-Site": "same-origin"})
    assert sent.status_int == 303, sent.summary()
    location = sent.headers.get("Location")
    assert re.fullmatch(r"/incrustado/solicitudes/CC-\d{4}-\d+", location)
    assert "Path=/incrustado/solicitudes" in " ".join(sent.headers.getall("Set-Cookie"))
    receipt = c.get(location)
    folio = location.rsplit("/", 1)[1]
    assert receipt.status_int == 200 and folio in receipt.text
    # the printable receipt leaves the frame; the QR code opens the full (unframed) status page
    assert re.search(r'id="imprimir" href="/incrustado/solicitudes/[^"]+/imprimir" target="_blank" rel="noopener"',
                     receipt.text)
    assert "/incrustado" not in receipt.text.split('class="url small">', 1)[1].split("<", 1)[0]
    code = re.search(r'id="codigo"[^>]*>([^<]+)<', receipt.text).group(1)
    lookup = c.get("/incrustado/consulta")
    shown = c.post("/incrustado/consulta", {"folio": folio, "access_code": code,
                                            "csrf_token": lookup.hidden("csrf_token")})
    assert shown.status_int == 200 and 'id="estado"' in shown.text
    assert f'action="/incrustado/consulta/{folio}/responder"' in shown.text
    assert "Path=/incrustado/consulta" in " ".join(shown.headers.getall("Set-Cookie"))


def test_cross_site_frame_gets_a_new_tab_link_not_a_failing_form(framed):
    c = client(framed)
    page = c.get("/incrustado/consulta?folio=CC-2026-000001",
                 headers={"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "cross-site"})
    assert page.status_int == 200 and 'id="consulta"' not in page.text
    assert reg("web_embed_cross_site") in page.text
    link = re.search(r'<a [^>]*id="abrir-pestana"[^>]*>([^<]+)</a>', page.text)
    assert link.group(1) == "Abrir el formulario en una pestaña nueva"
    assert 'href="/consulta?folio=CC-2026-000001" target="_blank" rel="noopener"' in link.group(0)
    # a browser that sends no Sec-Fetch-* headers: the POST without our cookie says the same
    bare = client(framed)
    sent = bare.post("/incrustado/solicitudes", {**framed.valid_fields(), "csrf_token": "1.x"}, status=403)
    assert sent.status_int == 403 and "Abrir el formulario en una pestaña nueva" in sent.text


def test_unframed_site_keeps_its_rules(framed):
    """The same cross-site headers on the normal site: the form as always, and a cross-site POST
    is still refused by the CSRF check (no weakening)."""
    c = client(framed)
    page = c.get("/", headers={"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "cross-site"})
    assert 'id="solicitud"' in page.text
    data = {**framed.valid_fields(), "csrf_token": page.hidden("csrf_token"),
            "idempotency_key": page.hidden("idempotency_key"), "sitio_web": ""}
    sent = c.post("/solicitudes", data, headers={"Sec-Fetch-Site": "cross-site"}, status=403)
    assert sent.status_int == 403 and reg("web_csrf_invalid") in sent.text
    cookies = page.headers.getall("Set-Cookie")
    assert cookies and all(re.search(r"samesite=(lax|strict)", v, re.I) for v in cookies)


# ---- under a path prefix ---------------------------------------------------------------

@pytest.mark.parametrize(("raw", "clean"), [("/soporte", "/soporte"), ("/soporte/", "/soporte"),
                                           ("/a/b-c_1.2", "/a/b-c_1.2"), ("soporte", ""), ("/../x", ""),
                                           ("/a b", ""), ("//evil.example", ""), ("/x?y", ""), ("", "")])
def test_prefix_values(raw, clean):
    assert clean_prefix(raw) == clean


def test_forwarded_prefix_from_the_trusted_proxy(framed):
    c = client(framed)
    proxy = {"X-Forwarded-Prefix": "/soporte"}
    page = c.get("/", headers=proxy)
    assert 'action="/soporte/solicitudes"' in page.text and 'href="/soporte/consulta"' in page.text
    assert 'href="/soporte/static/style.css?v=' in page.text
    assert "Path=/soporte/;" in " ".join(page.headers.getall("Set-Cookie")) + ";"
    data = {**framed.valid_fields(), "csrf_token": page.hidden("csrf_token"),
            "idempotency_key": page.hidden("idempotency_key"), "sitio_web": ""}
    # The browser sends its /soporte/... cookies; the proxy strips /soporte, so the jar (which sees
    # the paths the app gets) must send them on the stripped paths too.
    c.set_cookie("itl_csrf", c.cookies["itl_csrf"])
    sent = c.post("/solicitudes", data, headers=proxy)
    assert sent.status_int == 303 and sent.headers.get("Location").startswith("/soporte/solicitudes/CC-")
    assert "Path=/soporte/solicitudes" in sent.headers["Set-Cookie"]
    c.set_cookie("itl_recibo", c.cookies["itl_recibo"])
    receipt = c.get(sent.headers.get("Location")[len("/soporte"):], headers=proxy)
    # the QR code: configured server name (never Host) and the prefix
    assert "http://testserver/soporte/consulta?folio=" in receipt.text
    # a proxy that passes the path without stripping it works the same
    assert c.get("/soporte/consulta", headers=proxy).status_int == 200
    assert c.get("/favicon.ico", headers=proxy).headers.get("Location").startswith("/soporte/static/favicon.svg")
    # embedded under the prefix
    framed_page = c.get("/incrustado/", headers=proxy)
    assert 'action="/soporte/incrustado/solicitudes"' in framed_page.text


def test_forwarded_prefix_from_anyone_else_is_ignored(web):
    page = web.client.get("/", headers={"X-Forwarded-Prefix": "/evil"})
    assert "/evil" not in page.text
    assert 'action="/solicitudes"' in page.text


def test_qr_labels_under_the_prefix_open_the_prefilled_form(framed):
    """A sheet printed with --base-url https://www.leon.tecnm.mx/soporte: each code opens the form
    through the proxy (the path after /soporte is what the app receives)."""
    from tools.qr_labels import labels_from_catalog

    campus = framed.item("campus", code="C1")
    location = next(r for r in framed.catalog("location") if r["parent_id"] == campus["item_id"])
    tag = framed.add_equipment(location["item_id"])
    labels = [x for x in labels_from_catalog(framed.gw, "https://www.leon.tecnm.mx/soporte/") if x.tag == tag]
    assert len(labels) == 1 and labels[0].url.startswith("https://www.leon.tecnm.mx/soporte/?campus=")
    page = client(framed).get(labels[0].url.split("/soporte", 1)[1], headers={"X-Forwarded-Prefix": "/soporte"})
    assert page.status_int == 200 and 'id="prefill"' in page.text and tag in page.text
    assert 'action="/soporte/solicitudes"' in page.text


def test_run_sh_stops_on_a_malformed_origin_before_the_database(tmp_path):
    state = tmp_path / "estado"
    env = dict(os.environ, ITL_PORTAL_ORIGINS="https://www.leon.tecnm.mx *", ITL_WEB_SECRET="x" * 32)
    done = subprocess.run([sys.executable, "-m", "tools.run_system", "--state", str(state), "--port", "1"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert reg("web_portal_origin_invalid").replace("{origen}", "*") in done.stderr
    assert "La base de datos no se tocó" in done.stderr
    assert not (state / "pgdata").exists()
