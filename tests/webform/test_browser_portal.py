"""The form nested in the portal, in a real Chromium, with real host names and a real nginx.

Host names all resolve to 127.0.0.1 (Chromium --host-resolver-rules):
    portal.itl.test   the portal page (same site as soporte.itl.test): the frame works fully
    soporte.itl.test  the web form (waitress + PostgreSQL)
    portal.otro.test  a portal on another site: the frame offers «Abrir el formulario en una pestaña nueva»
    intruso.itl.test  not in ITL_PORTAL_ORIGINS: cannot frame the form, and its messages are ignored
    www.itl.test      nginx: the portal page at / and the form under /soporte/ (X-Forwarded-Prefix)

The portal page is the snippet from docs/readme/web.md, used as the portal's webmaster pastes it
(only the two addresses changed). JS on and off, 390 and 1280 px: submit with a photo, receipt,
lookup, reply. Screenshots of the portal holding the form: artifacts/portal_*.png.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.webform import images
from tests.webform.conftest import CHROMIUM, CHROMIUM_ARGS, make_web
from tests.webform.test_browser import fill_valid, shot, tickets_named
from tools.dev.bench_support import free_port
from webform.serve import make_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
RESOLVER = "--host-resolver-rules=MAP *.itl.test 127.0.0.1, MAP *.otro.test 127.0.0.1"
SNIPPET_FORM = "https://soporte.leon.tecnm.mx"


def snippet(form_origin: str, src: str) -> str:
    """The documented snippet with the form's origin and the frame's address replaced."""
    doc = (ROOT / "docs" / "readme" / "web.md").read_text(encoding="utf-8")
    block = doc.split("<!-- portal-snippet:start -->", 1)[1].split("<!-- portal-snippet:end -->", 1)[0]
    html = block.split("```html", 1)[1].split("```", 1)[0]
    assert html.count(SNIPPET_FORM) == 2
    return html.replace(SNIPPET_FORM + "/incrustado/", src).replace(SNIPPET_FORM, form_origin)


def portal_page(body: str) -> str:
    return ("<!doctype html><html lang=\"es-MX\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Portal ITL</title>"
            "<style>body{margin:0;font-family:sans-serif}header{background:#1b396a;color:#fff;padding:1rem}"
            "main{max-width:70rem;margin:0 auto;padding:1rem}</style></head><body>"
            "<header><strong>Instituto Tecnológico de León</strong> · Portal del Campus 1</header>"
            f"<main><h1>Soporte técnico</h1>{body}</main><footer>Pie del portal</footer></body></html>")


INTRUDER = ("<!doctype html><html><body><p>otra página</p><script>"
            "parent.postMessage({tipo: 'itl-soporte-altura', altura: 4321, nueva: false}, '*');"
            "</script></body></html>")


class PortalHandler(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, str]] = {}

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0]
        page = self.pages.get(f"{host}{self.path}")
        body = (page or "no encontrada").encode("utf-8")
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@dataclass
class Stage:
    web: Any
    form: str  # http://soporte.itl.test:PORT
    portal: int  # port of the portal pages (any host name)
    www: str  # http://www.itl.test:PORT (nginx)


def nginx_conf(folder: Path, port: int, app_port: int) -> Path:
    (folder / "html").mkdir()
    conf = folder / "nginx.conf"
    conf.write_text(f"""
daemon off;
master_process off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        server_name www.itl.test;
        root {folder}/html;
        location = /soporte {{ return 301 /soporte/; }}
        location /soporte/ {{
            proxy_pass http://127.0.0.1:{app_port}/;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Prefix /soporte;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
            client_max_body_size 11m;
        }}
    }}
}}
""", encoding="utf-8")
    return conf


@pytest.fixture(scope="module")
def stage(pg_cluster) -> Iterator[Stage]:
    if not Path(CHROMIUM).exists():
        pytest.skip("falta Chromium (/usr/bin/chromium): ejecute bash tools/install.sh --dev")
    if not Path(NGINX).exists():
        pytest.skip("falta nginx: ejecute bash tools/install.sh --dev")
    portal_port, www_port = free_port(), free_port()
    origins = (f"http://portal.itl.test:{portal_port}", f"http://portal.otro.test:{portal_port}",
               f"http://www.itl.test:{www_port}")
    db = pg_cluster.fresh(private=True)
    web = make_web(db, portal_origins=origins, trusted_proxy=True)
    server = make_server(web.app, web.settings, "127.0.0.1", 0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    form = f"http://soporte.itl.test:{server.effective_port}"
    PortalHandler.pages = {
        "portal.itl.test/": portal_page(snippet(form, form + "/incrustado/")),
        "portal.otro.test/": portal_page(snippet(form, form + "/incrustado/")),
        "intruso.itl.test/": portal_page(snippet(form, form + "/incrustado/")),
        "intruso.itl.test/mensaje": INTRUDER,
    }
    portal = ThreadingHTTPServer(("127.0.0.1", portal_port), PortalHandler)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    folder = Path(tempfile.mkdtemp(prefix="itl-nginx-"))
    conf = nginx_conf(folder, www_port, server.effective_port)
    www = f"http://www.itl.test:{www_port}"
    (folder / "html" / "index.html").write_text(portal_page(snippet(www, "/soporte/incrustado/")), encoding="utf-8")
    nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder), "-e", str(folder / "error.log")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            if nginx.poll() is not None:
                raise RuntimeError("nginx no inició: " + nginx.stderr.read().decode(errors="replace"))
            if (folder / "nginx.pid").exists():
                break
            time.sleep(0.05)
        yield Stage(web, form, portal_port, www)
    finally:
        nginx.terminate()
        nginx.wait(10)
        portal.shutdown()
        portal.server_close()
        server.close()
        web.gw.close()
        pg_cluster.drop(db)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Browsers:
    plain: Any  # http origins as they are: no Sec-Fetch-* headers (not a secure context)
    secure: Any  # the test origins treated as HTTPS would be: Sec-Fetch-* sent


@pytest.fixture(scope="module")
def chromium(stage):
    from playwright.sync_api import sync_playwright

    secure = ",".join([stage.form, f"http://portal.otro.test:{stage.portal}", f"http://portal.itl.test:{stage.portal}"])
    with sync_playwright() as pw:
        plain = pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, RESOLVER])
        safe = pw.chromium.launch(executable_path=CHROMIUM, args=[
            *CHROMIUM_ARGS, RESOLVER, f"--unsafely-treat-insecure-origin-as-secure={secure}"])
        yield Browsers(plain, safe)
        safe.close()
        plain.close()


def frame_of(page) -> Any:
    page.wait_for_selector("#itl-soporte")
    frame = page.query_selector("#itl-soporte").content_frame()
    assert frame is not None
    return frame


def frame_height(page) -> float:
    return page.evaluate("document.getElementById('itl-soporte').getBoundingClientRect().height")


def fits(page, frame) -> None:
    """The frame is as tall as its page (within a pixel or two; the snippet's minimum is 300 px):
    the portal followed the message."""
    page.wait_for_function(
        "([h]) => Math.abs(document.getElementById('itl-soporte').getBoundingClientRect().height - h) <= 2",
        arg=[max(300, frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)"))])


def send(frame, selector: str) -> None:
    with frame.expect_navigation():
        frame.click(selector)


def person(first: str, js: bool, width: int) -> str:
    return f"{first} {'Con' if js else 'Sin'} Script {'Celular' if width < 600 else 'Escritorio'}"


def flow(page, frame, stage: Stage, name: str, photo: Path, js: bool, prefix: str, tag: str) -> None:
    """Submit with a photo, the receipt, the lookup and a reply with a photo, all inside `frame`
    (a Frame in the portal page, or the page itself)."""
    framed = frame is not page
    fill_valid(frame, stage.web, name, pick_lists=js)
    frame.set_input_files("#f-imagenes", str(photo))
    if framed and js:
        fits(page, frame)
    if framed:
        shot(page, f"portal_form_{tag}")
    send(frame, "#enviar")
    frame.wait_for_url(re.compile(rf".*{re.escape(prefix)}/solicitudes/CC-\d{{4}}-\d+$"))
    folio, code = frame.text_content("#folio").strip(), frame.text_content("#codigo").strip()
    assert tickets_named(stage.web, name) == [(folio,)]
    if framed:  # the printable receipt leaves the frame
        assert frame.get_attribute("#imprimir", "target") == "_blank"
        if js:
            fits(page, frame)
        shot(page, f"portal_receipt_{tag}")
    send(frame, "#liga-consulta")
    assert frame.input_value("#f-folio") == folio
    if framed and js:
        fits(page, frame)  # a short page: the frame shrank
    frame.fill("#f-access_code", code)
    send(frame, "#consulta button[type=submit]")
    assert frame.text_content("#estado").strip() == "Nuevo"
    assert frame.url.startswith(stage.form if not prefix.startswith("/soporte") else stage.www)
    frame.fill("#f-mensaje", "Adjunto otra foto de la pantalla con el error.")
    frame.set_input_files("#f-fotos", str(photo))
    send(frame, "#enviar-respuesta")
    assert "Su mensaje fue enviado" in frame.text_content("#aviso")
    reply = frame.locator(".event-solicitante").last
    assert "otra foto de la pantalla" in reply.text_content()
    assert reply.locator("img").count() == 1  # the reply's photo shown with its message
    reply.locator("img").scroll_into_view_if_needed()
    frame.wait_for_function("() => { const i = document.querySelector('.event-solicitante img');"
                            " return i.complete && i.naturalWidth > 0; }")
    if framed:
        assert frame.get_attribute(".event-solicitante a", "target") == "_blank"
        if js:
            fits(page, frame)
        shot(page, f"portal_status_{tag}")
    photos = stage.web.db.sql("SELECT count(*) FROM app.attachment a JOIN app.ticket t USING (ticket_id) "
                              "WHERE t.folio = %s", params=(folio,))[0][0]
    assert photos == 2


@pytest.mark.parametrize(("js", "width"), [(True, 390), (True, 1280), (False, 390), (False, 1280)],
                         ids=["js-390", "js-1280", "nojs-390", "nojs-1280"])
def test_same_site_portal_holds_the_whole_flow(stage, chromium, tmp_path, js, width):
    tag = f"{'js' if js else 'nojs'}_{width}"
    photo = tmp_path / "pantalla.jpg"
    photo.write_bytes(images.jpeg((800, 600)))
    # as over HTTPS: the frame's load says Sec-Fetch-Site: same-site, and the server lets it through
    context = chromium.secure.new_context(viewport={"width": width, "height": 900}, locale="es-MX",
                                          java_script_enabled=js)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"http://portal.itl.test:{stage.portal}/")
    frame = frame_of(page)
    frame.wait_for_selector("#solicitud")
    assert frame.locator("header.site").count() == 0 and frame.locator("footer.site").count() == 0
    if js:
        fits(page, frame)
        assert frame_height(page) > 1600  # the long form: taller than the snippet's starting height
    else:
        assert frame_height(page) == 1600  # without script: the snippet's height, scrolling inside
    flow(page, frame, stage, person("Rosa Portal", js, width), photo, js, "/incrustado", tag)
    assert errors == []
    context.close()


@pytest.mark.parametrize("how", ["fetch-metadata", "script", "on-submit"])
def test_cross_site_portal_offers_a_new_tab(stage, chromium, how):
    """A portal on another site. Over HTTPS every current browser says so in Sec-Fetch-Site /
    Sec-Fetch-Dest and the server answers the frame with the new-tab link at once (here: Chromium
    treating the test origins as secure). Over plain HTTP it sends neither: with JavaScript a test
    cookie finds it; without, the submit (no CSRF cookie reached us) gets the same link, never a
    failure."""
    browser = chromium.secure if how == "fetch-metadata" else chromium.plain
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX",
                                  java_script_enabled=how != "on-submit")
    page = context.new_page()
    page.goto(f"http://portal.otro.test:{stage.portal}/")
    frame = frame_of(page)
    if how == "on-submit":
        frame.wait_for_selector("#solicitud")
        fill_valid(frame, stage.web, "Irene Otro Sitio", pick_lists=False)
        send(frame, "#enviar")
        assert tickets_named(stage.web, "Irene Otro Sitio") == []
    link = frame.wait_for_selector("#abrir-pestana")
    assert link.text_content().strip() == "Abrir el formulario en una pestaña nueva"
    assert not frame.locator("#solicitud").is_visible()  # no form that would fail on submit
    if how == "script":
        fits(page, frame)
        shot(page, "portal_cross_site_1280")
    with context.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_selector("#solicitud")
    assert tab.url == stage.form + "/"  # the full page, outside any frame
    context.close()


def test_other_origins_cannot_frame_it_nor_resize_it(stage, chromium):
    context = chromium.plain.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX")
    page = context.new_page()
    # a site not in ITL_PORTAL_ORIGINS: the browser refuses to show the form in its frame
    page.goto(f"http://intruso.itl.test:{stage.portal}/")
    page.wait_for_load_state("load")
    frame = frame_of(page)
    time.sleep(0.5)  # let a late document arrive if it were going to (none must)
    assert frame.query_selector("#solicitud") is None and "soporte" not in frame.url
    # the configured portal: messages from another origin (an intruder frame, the page itself) are ignored
    page.goto(f"http://portal.itl.test:{stage.portal}/")
    frame = frame_of(page)
    frame.wait_for_selector("#solicitud")
    fits(page, frame)
    before = frame_height(page)
    page.evaluate("""(port) => {
        window.seen = [];
        window.addEventListener('message', e => window.seen.push(e.origin));
        window.postMessage({tipo: 'itl-soporte-altura', altura: 4321, nueva: false}, '*');
        const f = document.createElement('iframe');
        f.src = 'http://intruso.itl.test:' + port + '/mensaje';
        document.body.appendChild(f);
    }""", stage.portal)
    page.wait_for_function("window.seen.some(o => o.startsWith('http://intruso.itl.test'))")
    page.wait_for_function("window.seen.length >= 2")
    assert frame_height(page) == before != 4321
    context.close()


@pytest.mark.parametrize(("js", "width", "embedded"), [(True, 390, True), (False, 1280, True), (True, 1280, False)],
                         ids=["framed-js-390", "framed-nojs-1280", "page-js-1280"])
def test_under_a_path_prefix_through_nginx(stage, chromium, tmp_path, js, width, embedded):
    tag = f"nginx_{'js' if js else 'nojs'}_{width}"
    photo = tmp_path / "pantalla.png"
    photo.write_bytes(images.jpeg((640, 480)))
    context = chromium.plain.new_context(viewport={"width": width, "height": 900}, locale="es-MX",
                                         java_script_enabled=js)
    page = context.new_page()
    if embedded:  # the portal page and the form on one host name: same origin, framed through the proxy
        page.goto(stage.www + "/")
        frame = frame_of(page)
        frame.wait_for_selector("#solicitud")
        assert frame.url == stage.www + "/soporte/incrustado/"
        prefix = "/soporte/incrustado"
    else:
        page.goto(stage.www + "/soporte")  # nginx adds the slash
        page.wait_for_selector("#solicitud")
        assert page.url == stage.www + "/soporte/"
        frame, prefix = page, "/soporte"
        # static files and the form's script came through the prefix
        assert page.evaluate("document.documentElement.classList.contains('js')")
        page.goto(stage.www + "/soporte/favicon.ico")
        assert page.url.startswith(stage.www + "/soporte/static/favicon.svg")
        page.goto(stage.www + "/soporte/")
    name = person(f"Tomás Proxy {'Marco' if embedded else 'Página'}", js, width)
    flow(page, frame, stage, name, photo, js, prefix, tag)
    if not embedded:
        folio = tickets_named(stage.web, name)[0][0]
        page.goto(stage.www + f"/soporte/consulta?folio={folio}")
        assert page.input_value("#f-folio") == folio
    context.close()
