# no_sql: owner tool - audit: moves its throwaway test tickets between statuses as the owner, as the tests do
"""Standard audits of the web form's pages: axe-core (WCAG 2.1 A/AA) and Lighthouse.

    python -m tools.dev.web_audit [--no-lighthouse] [--only NAME ...] [--json FILE] [--reports DIR]
    python -m tools.dev.web_audit --url https://soporte.example   (a running system: public pages only)

Starts an embedded PostgreSQL in a temporary folder, deploys the database, serves the
real web tier (webform.create_app under waitress) on a free loopback port, and creates
tickets through HTTP as a person would (the owner login only moves them to "En espera",
"Resuelto"... as the computing center would), so that every page can be reached:
the form (empty, QR-prefilled, with the server's and the browser's error summary, with and
without JavaScript), the lookup (empty, ?folio=, wrong code), the receipt and its printable
copy, the status page in each conversation state (waiting for the requester with photos,
resolved, closed and rated, and the error state of its forms) and the 404 page.

Then, on each page at desktop (1280 px) and mobile (390 px) widths:
- axe-core (tools/dev/audit/node_modules/axe-core/axe.min.js) injected in Debian's Chromium
  through Playwright, tags wcag2a, wcag2aa, wcag21a, wcag21aa: 0 violations expected;
- Lighthouse (tools/dev/audit/node_modules, CLI, JSON) on the pages a GET reaches, with the
  page's cookie: 100 performance, accessibility and best practices, >= 90 SEO.

"Without JavaScript" blocks the site's app.js (axe itself still needs the browser's JavaScript).
Where the issue names it, the keyboard focus is checked too (error summaries, code field).

Prints one table of scores and every violation or failed audit; exit code 1 below the bar.
Lighthouse's performance score is timing-based: on a loaded machine it can drop below 100
with no change in the page, so a low one is re-run (--reruns, default 2) and the median kept;
the table prints the metrics and Lighthouse's CPU index so that a reader can tell. The receipt
and status pages carry `noindex` on purpose: their SEO score leaves out `is-crawlable`.
Install the Node packages with `bash tools/install.sh --dev` (npm ci in tools/dev/audit).
The pieces (`prepare_pages`, `run_axe`, `run_lighthouse`) are used by
tests/webform/test_audit.py on the test database.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AUDIT_DIR = Path(__file__).resolve().parent / "audit"
AXE_JS = AUDIT_DIR / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE_JS = AUDIT_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--lang=es-MX"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BAR = {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 90}
WIDTHS = {"escritorio": 1280, "celular": 390}
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}
FOLIO_PATH = re.compile(r"/solicitudes/([A-Z]{2}-\d{4}-\d+)$")
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"')
CODE = re.compile(r'id="codigo"[^>]*>([^<]+)<')

Sql = Callable[[str, tuple], Any]


@dataclass
class AuditPage:
    """One page state to audit: a GET path plus the cookies that reach it, and, for states only a
    POST reaches (error summaries), an action run in the page after it loads (axe only)."""

    name: str
    path: str
    expect: str  # CSS selectors (comma = all of them) that prove the page reached its state
    cookies: list[dict[str, Any]] = field(default_factory=list)
    action: Callable[[Any], None] | None = None
    noindex: bool = False  # receipt and status pages: kept out of search engines on purpose
    no_js: bool = False  # the site's script is not loaded (as with JavaScript off; axe still runs)
    focus: str = ""  # id of the element that must have the keyboard focus once the page is shown

    @property
    def lighthouse(self) -> bool:
        return self.action is None and not self.no_js

    def cookie_header(self) -> str:
        return "; ".join(f"{c['name']}={c['value']}" for c in self.cookies)


@dataclass
class Finding:
    page: str
    width: str
    tool: str
    rule: str
    text: str


@dataclass
class Scores:
    page: str
    width: str
    scores: dict[str, int]
    metrics: dict[str, str]
    failed: list[Finding]
    seconds: float
    performance_runs: list[int] = field(default_factory=list)  # every run's score when re-run (median kept)


def missing_tools() -> list[str]:
    """What the audits need and is not installed (empty when all is there)."""
    out = []
    if not Path(CHROMIUM).exists():
        out.append(f"Chromium ({CHROMIUM})")
    if not AXE_JS.exists() or not LIGHTHOUSE_JS.exists():
        out.append("axe-core y Lighthouse (tools/dev/audit/node_modules: bash tools/install.sh --dev)")
    if shutil.which("node") is None:
        out.append("Node.js (node)")
    return out


# ---- reaching every page ---------------------------------------------------------------

def _hidden(html: str) -> dict[str, str]:
    return dict(HIDDEN.findall(html))


def _photo() -> bytes:
    """A phone-like photo (a gradient, so the thumbnail is not a flat colour)."""
    from PIL import Image

    im = Image.linear_gradient("L").resize((640, 480)).convert("RGB")
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    return out.getvalue()


def _ticket_fields(web_gw: Any, name: str) -> dict[str, str]:
    rows = web_gw.call("webform.list_catalog_items")

    def pick(catalog: str, **match: Any) -> dict[str, Any]:
        return next(r for r in rows if r["catalog"] == catalog and all(r[k] == v for k, v in match.items()))

    campus = pick("campus", code="C1")
    location = next(r for r in rows if r["catalog"] == "location" and r["parent_id"] == campus["item_id"])
    return {
        "requester_name": name,
        "requester_type_id": str(pick("requester_type", code="docente")["item_id"]),
        "department_id": str(next(r for r in rows if r["catalog"] == "department")["item_id"]),
        "contact_email": "ana.ruiz@leon.tecnm.mx",
        "contact_phone": "477 710 5200 ext. 1802",
        "campus_id": str(campus["item_id"]),
        "location_id": str(location["item_id"]),
        "location_detail": "Laboratorio 3, fila 2, máquina 12",
        "category_id": str(pick("problem_category", name="Internet")["item_id"]),
        "description": "No hay conexión a Internet en la máquina 12 desde esta mañana; las demás sí navegan.",
    }


def _move(sql: Sql, folio: str, status: str, reply: str | None = None) -> None:
    """Put a ticket in a status as the computing center would (ticket row + public events)."""
    sid = "(SELECT status_id FROM app.status WHERE code = %s)"
    sql(f"WITH t AS (SELECT ticket_id, status_id FROM app.ticket WHERE folio = %s), "
        f"u AS (UPDATE app.ticket SET status_id = {sid}, updated_at = now(), "
        "resolved_at = CASE WHEN %s THEN now() END FROM t WHERE app.ticket.ticket_id = t.ticket_id) "
        "INSERT INTO app.ticket_event (ticket_id, event_type, is_public, old_status_id, new_status_id) "
        f"SELECT ticket_id, 'estado', TRUE, status_id, {sid} FROM t",
        (folio, status, status in ("resuelto", "cerrado"), status))
    if reply:
        sql("INSERT INTO app.ticket_event (ticket_id, event_type, is_public, body) "
            "SELECT ticket_id, 'respuesta', TRUE, %s FROM app.ticket WHERE folio = %s", (reply, folio))


def _submit_form_unchecked(selector: str) -> Callable[[Any], None]:
    """Send a form without the browser's checks (the server's own error page, as without JavaScript)."""
    def act(page: Any) -> None:
        with page.expect_navigation():
            page.eval_on_selector(selector, "f => HTMLFormElement.prototype.submit.call(f)")
    return act


def _click_send(page: Any) -> None:
    """The browser's own error summary (JavaScript on): send the empty form."""
    page.click("#enviar")
    page.wait_for_selector("#resumen-errores", state="visible")


def _send(selector: str) -> Callable[[Any], None]:
    """Press a form's send button and wait for the server's answer (JavaScript off)."""
    def act(page: Any) -> None:
        with page.expect_navigation():
            page.click(selector)
    return act


def _wrong_code(page: Any) -> None:
    page.fill("#f-access_code", "ZZZZZZZZ")
    with page.expect_navigation():
        page.click("#consulta button[type=submit]")


class _Requester:
    """One browser's cookies and HTTP requests (Playwright's request context shares the cookie jar)."""

    def __init__(self, browser: Any, base: str) -> None:
        self.context = browser.new_context(base_url=base)
        self.req = self.context.request

    def close(self) -> None:
        self.context.close()

    def cookies(self, name: str) -> list[dict[str, Any]]:
        return [c for c in self.context.cookies() if c["name"] == name]

    def submit(self, fields: dict[str, str], photo: bytes | None) -> tuple[str, str]:
        page = self.req.get("/")
        assert page.ok, page.status
        data: dict[str, Any] = {**_hidden(page.text()), **fields}
        if photo:
            data["imagenes"] = {"name": "foto-maquina.jpg", "mimeType": "image/jpeg", "buffer": photo}
        resp = self.req.post("/solicitudes", multipart=data, max_redirects=0)
        location = resp.headers.get("location", "")
        found = FOLIO_PATH.search(location)
        if resp.status != 303 or not found:
            raise RuntimeError(f"no se pudo crear el ticket de prueba: HTTP {resp.status}\n{resp.text()[:2000]}")
        code = CODE.search(self.req.get(location).text())
        assert code, "el comprobante no mostró el código de acceso"
        return found.group(1), code.group(1).strip()

    def look_up(self, folio: str, code: str) -> str:
        hidden = _hidden(self.req.get("/consulta").text())
        resp = self.req.post("/consulta", form={**hidden, "folio": folio, "access_code": code})
        assert resp.ok and 'id="estado"' in resp.text(), resp.status
        return resp.text()

    def act(self, folio: str, action: str, status_html: str, **fields: str) -> None:
        form = re.search(rf'action="/consulta/{re.escape(folio)}/{action}".*?</form>', status_html, re.S)
        assert form, f"la página de estado no ofrece «{action}»"
        resp = self.req.post(f"/consulta/{folio}/{action}", form={**_hidden(form.group(0)), **fields},
                             max_redirects=0)
        assert resp.status == 303, (action, resp.status)


def prepare_pages(browser: Any, base: str, web_gw: Any, sql: Sql) -> list[AuditPage]:
    """Create the tickets and return every page state to audit, with the cookies that reach it."""
    who = _Requester(browser, base)
    try:
        fields = _ticket_fields(web_gw, "Ana Ruiz Auditoría")
        # a QR label's equipment
        sql("INSERT INTO app.equipment (inventory_tag, serial_number, brand, model, kind, location_id) "
            "VALUES ('ITL-AUD-001', 'SN-AUD-1', 'HP', 'ProDesk 400', 'computadora', %s) "
            "ON CONFLICT DO NOTHING", (int(fields["location_id"]),))

        waiting, waiting_code = who.submit(fields, _photo())
        receipt_cookies = who.cookies("itl_recibo")
        _move(sql, waiting, "en_proceso")
        _move(sql, waiting, "en_espera", reply="¿Puede decirnos qué mensaje aparece al abrir el navegador?")
        who.look_up(waiting, waiting_code)
        waiting_cookies = who.cookies("itl_consulta")

        resolved, resolved_code = who.submit({**fields, "description": "La impresora del laboratorio no imprime."},
                                             None)
        _move(sql, resolved, "en_proceso", reply="Cambiamos el cartucho de tóner.")
        _move(sql, resolved, "resuelto")
        who.look_up(resolved, resolved_code)
        resolved_cookies = who.cookies("itl_consulta")

        closed, closed_code = who.submit({**fields, "description": "El proyector del aula 5 no enciende."}, None)
        _move(sql, closed, "en_proceso", reply="Reemplazamos el cable de corriente del proyector.")
        _move(sql, closed, "resuelto")
        html = who.look_up(closed, closed_code)
        who.act(closed, "confirmar", html)
        html = who.req.get(f"/consulta/{closed}").text()
        who.act(closed, "calificar", html, calificacion="5", comentario="Muy rápido, gracias.")
        closed_cookies = who.cookies("itl_consulta")
    finally:
        who.close()

    shown = SHOWN
    public = {p.name: p for p in public_pages()}
    return [
        public["formulario"],
        AuditPage("formulario-qr", "/?equipo=ITL-AUD-001", "#prefill", action=_nothing),
        public["formulario-errores-navegador"],
        public["formulario-errores-servidor"],
        public["formulario-sin-js-errores"],
        public["consulta"],
        AuditPage("consulta-folio", f"/consulta?folio={waiting}", f'#f-folio[value="{waiting}"]', action=_nothing,
                  no_js=True, focus="f-access_code"),
        AuditPage("consulta-no-encontrada", f"/consulta?folio={waiting}", shown, action=_wrong_code,
                  no_js=True, focus="resumen-errores"),
        AuditPage("comprobante", f"/solicitudes/{waiting}", "#folio, #codigo, .qr svg", receipt_cookies, noindex=True),
        AuditPage("comprobante-imprimible", f"/solicitudes/{waiting}/imprimir", "body.printable #codigo",
                  receipt_cookies, action=_nothing),
        AuditPage("estado-en-espera", f"/consulta/{waiting}", "#descripcion, .photos img, #responder #f-fotos",
                  waiting_cookies, noindex=True),
        AuditPage("estado-respuesta-vacia", f"/consulta/{waiting}", f"{shown}, #err-mensaje", waiting_cookies,
                  action=_send("#enviar-respuesta"), no_js=True, focus="resumen-errores"),
        AuditPage("estado-resuelto", f"/consulta/{resolved}", "#f-confirmar, #reabrir, #calificar",
                  resolved_cookies, noindex=True),
        AuditPage("estado-reabrir-sin-motivo", f"/consulta/{resolved}", f"{shown}, #err-motivo", resolved_cookies,
                  action=_submit_form_unchecked("form.reopen-form"), focus="resumen-errores"),
        AuditPage("estado-calificar-sin-elegir", f"/consulta/{resolved}", f"{shown}, #err-calificacion",
                  resolved_cookies, action=_send("#enviar-calificacion"), no_js=True, focus="resumen-errores"),
        AuditPage("estado-cerrado-calificado", f"/consulta/{closed}?hecho=calificada", "#aviso, #calificacion-dada",
                  closed_cookies, noindex=True),
        public["pagina-no-encontrada"],
        # the embedded view the institute's portal frames (/incrustado/): same pages, no site header
        AuditPage("incrustado-formulario", "/incrustado/", "body.embedded #solicitud #enviar"),
        AuditPage("incrustado-errores-navegador", "/incrustado/", f"{shown}, #err-requester_name",
                  action=_click_send),
        AuditPage("incrustado-consulta", "/incrustado/consulta", "body.embedded #consulta #f-access_code",
                  focus="f-folio"),
        AuditPage("incrustado-comprobante", f"/incrustado/solicitudes/{waiting}", "body.embedded #folio, #codigo",
                  embedded_cookies(receipt_cookies), noindex=True),
        AuditPage("incrustado-estado-en-espera", f"/incrustado/consulta/{waiting}",
                  "body.embedded #descripcion, #pendiente, #responder #f-fotos", embedded_cookies(waiting_cookies),
                  noindex=True),
    ]


def embedded_cookies(cookies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same signed cookies as the embedded view sets them (its paths start with /incrustado)."""
    return [{**c, "path": "/incrustado" + c["path"]} for c in cookies]


SHOWN = "#resumen-errores:not([hidden])"


def public_pages() -> list[AuditPage]:
    """The states any visitor reaches without a ticket (all that --url audits on a running system)."""
    return [
        AuditPage("formulario", "/", "#solicitud #enviar"),
        AuditPage("formulario-errores-navegador", "/", f"{SHOWN}, #err-requester_name", action=_click_send),
        AuditPage("formulario-errores-servidor", "/", f"{SHOWN}, #err-requester_name",
                  action=_submit_form_unchecked("#solicitud")),
        AuditPage("formulario-sin-js-errores", "/", f"{SHOWN}, #err-requester_name", action=_send("#enviar"),
                  no_js=True, focus="resumen-errores"),
        AuditPage("consulta", "/consulta", "#consulta #f-access_code", focus="f-folio"),
        AuditPage("pagina-no-encontrada", "/no-existe", "main h1", action=_nothing),
    ]


def _nothing(page: Any) -> None:
    """A page state the audit checks with axe only (Lighthouse runs on the main pages)."""


# ---- axe-core ---------------------------------------------------------------------------

def run_axe(browser: Any, base: str, page_spec: AuditPage, widths: tuple[str, ...] = tuple(WIDTHS)
            ) -> list[Finding]:
    """axe-core's WCAG 2.1 A/AA violations on one page state at each width (empty list: none).

    The page is loaded once (at the first width) and resized for the others: the same DOM, laid out again."""
    context = browser.new_context(viewport={"width": WIDTHS[widths[0]], "height": 900}, locale="es-MX",
                                  bypass_csp=True)  # the audit script itself is injected inline
    found: list[Finding] = []
    try:
        if page_spec.cookies:
            context.add_cookies(page_spec.cookies)
        if page_spec.no_js:
            context.route("**/static/app.js*", lambda route: route.abort())
        page = context.new_page()
        page.goto(base + page_spec.path)
        if page_spec.action:
            page_spec.action(page)
        missing = [sel for sel in page_spec.expect.split(", ") if page.locator(sel).count() == 0]
        if missing:
            raise AssertionError(f"{page_spec.name}: la página no llegó a su estado (falta {missing}): {page.url}")
        focused = page.evaluate("document.activeElement ? document.activeElement.id : ''")
        if page_spec.focus and focused != page_spec.focus:
            found.append(Finding(page_spec.name, widths[0], "foco", "focus",
                                 f"el foco está en «{focused or 'ningún elemento'}», se esperaba #{page_spec.focus}"))
        page.add_script_tag(content=AXE_JS.read_text())
        for width in widths:
            page.set_viewport_size({"width": WIDTHS[width], "height": 900})
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                AXE_TAGS)
            found += [
                Finding(page_spec.name, width, "axe", v["id"],
                        f"{v['impact']}: {v['help']} — " + "; ".join(n["target"][0] if n["target"] else "?"
                                                                    for n in v["nodes"][:5]))
                for v in result["violations"]
            ]
    finally:
        context.close()
    return found


# ---- Lighthouse -------------------------------------------------------------------------

def run_lighthouse(base: str, page_spec: AuditPage, width: str,
                   categories: tuple[str, ...] = CATEGORIES, save_dir: Path | None = None) -> Scores:
    """One Lighthouse run (its CLI, JSON report on stdout); failed audits of the categories as findings."""
    cmd = ["node", str(LIGHTHOUSE_JS), base + page_spec.path, "--output=json", "--output-path=stdout", "--quiet",
           "--chrome-flags=" + " ".join(CHROMIUM_ARGS), "--only-categories=" + ",".join(categories),
           "--locale=es"]
    if page_spec.cookies:
        cmd.append("--extra-headers=" + json.dumps({"Cookie": page_spec.cookie_header()}))
    if width == "escritorio":
        cmd.append("--preset=desktop")
    # Lighthouse sometimes fails to record the trace (NO_NAVSTART, NO_FCP...) on a loaded machine:
    # that is its own hiccup, not the page's, so a failed run is tried again (3 attempts).
    error = ""
    for _attempt in range(3):
        started = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, CHROME_PATH=CHROMIUM), cwd=AUDIT_DIR)
        seconds = time.monotonic() - started
        report = json.loads(proc.stdout) if proc.returncode == 0 and proc.stdout.strip() else {}
        if report and not report.get("runtimeError"):
            break
        error = str(report.get("runtimeError") or proc.stderr[-2000:])
        print(f"  Lighthouse falló en {page_spec.path} ({width}), se repite: {error[-300:]}", flush=True)
    else:
        raise RuntimeError(f"Lighthouse falló 3 veces en {page_spec.path}: {error}")
    if save_dir is not None:
        save_dir.mkdir(parents=True, exist_ok=True)
        (save_dir / f"lighthouse-{page_spec.name}-{width}.json").write_text(proc.stdout)
    scores: dict[str, int] = {}
    failed: list[Finding] = []
    audits = report["audits"]
    for cat_id, cat in report["categories"].items():
        scores[cat_id] = round((cat["score"] or 0) * 100)
        for ref in cat["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["id"] == "is-crawlable" and page_spec.noindex:
                if audit.get("score") == 1:
                    failed.append(Finding(page_spec.name, width, "lighthouse/seo", "is-crawlable",
                                          "la página debería llevar noindex (tiene el folio de una solicitud)"))
                continue  # noindex on purpose: judged on the other SEO audits (see seo_without_noindex)
            if audit.get("score") is None or audit["score"] >= 1 or audit.get("scoreDisplayMode") not in (
                    "binary", "numeric", "metricSavings"):
                continue
            if ref.get("group") == "hidden" or (ref.get("group") == "metrics" and audit["score"] >= 0.9):
                continue  # not part of the score, or a metric that still scores "good" (metrics column)
            detail = audit.get("displayValue") or ""
            failed.append(Finding(page_spec.name, width, f"lighthouse/{cat_id}", ref["id"],
                                  f"{audit['title']} {detail}".strip()))
    if page_spec.noindex and "seo" in report["categories"]:
        scores["seo"] = seo_without_noindex(report)
    metrics = {short: audits[key].get("displayValue", "") for key, short in METRICS.items() if key in audits}
    # Lighthouse's own measure of this machine's speed at that moment (higher is faster): a loaded
    # machine gives a low index and a lower, timing-based performance score for the same page.
    metrics["cpu"] = str(round(report.get("environment", {}).get("benchmarkIndex") or 0))
    return Scores(page_spec.name, width, scores, metrics, failed, seconds)


def seo_without_noindex(report: dict[str, Any]) -> int:
    """The SEO score without `is-crawlable`: receipt and status pages carry `noindex` on purpose (the
    issue asks for it), which alone costs them about 35 points; the bar applies to the rest."""
    total = weight = 0.0
    for ref in report["categories"]["seo"]["auditRefs"]:
        score = report["audits"][ref["id"]].get("score")
        if ref["id"] == "is-crawlable" or score is None or not ref["weight"]:
            continue
        total += score * ref["weight"]
        weight += ref["weight"]
    return round(100 * total / weight) if weight else 0


def lighthouse_median(base: str, spec: AuditPage, width: str, reruns: int, save_dir: Path | None) -> Scores:
    """A run; when its timing-based performance score is below the bar, `reruns` more and the median
    run kept (Lighthouse's own advice on variance: judge the median of several runs)."""
    runs = []
    while True:
        s = run_lighthouse(base, spec, width, save_dir=save_dir)
        print(f"  Lighthouse {spec.name} ({width}): " + ", ".join(f"{k}={v}" for k, v in s.scores.items())
              + f" (cpu {s.metrics.get('cpu')}) en {s.seconds:.1f} s", flush=True)
        runs.append(s)
        if "performance" not in below_bar(runs[0]) or len(runs) > reruns:
            break
    runs.sort(key=lambda r: r.scores.get("performance", 0))
    chosen = runs[len(runs) // 2]
    chosen.performance_runs = [r.scores.get("performance", 0) for r in runs]
    return chosen


def below_bar(s: Scores) -> list[str]:
    return [c for c, need in BAR.items() if c in s.scores and s.scores[c] < need]


# ---- the standalone run -----------------------------------------------------------------

@contextmanager
def serve_site() -> Iterator[tuple[str, Any, Sql]]:
    """An embedded database in a temporary folder and the real web tier on a free port."""
    import psycopg

    import gateway
    from tools.deploy import Deployer, PgDialect
    from tools.embedded_db import LOGINS, EmbeddedDb, free_port
    from webform import Settings, create_app
    from webform.serve import make_server

    state = Path(tempfile.mkdtemp(prefix="itl-audit-db-"))
    db = EmbeddedDb(state, free_port())
    web_gw = server = owner = thread = None
    try:
        print("Iniciando la base de datos integrada de prueba...", flush=True)
        db.start()
        db.ensure_database()
        logins = db.secrets()
        Deployer(PgDialect(db.url()), out=io.StringIO()).deploy({login: logins[login] for login in LOGINS})
        web_gw = gateway.connect(db.url("itl_web"), min_size=1, max_size=6, timeout=5.0)
        settings = Settings(secret_key=os.urandom(32))
        server = make_server(create_app(web_gw, settings), settings, "127.0.0.1", 0, threads=4)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        owner = psycopg.connect(db.url(), autocommit=True)

        def sql(text: str, params: tuple = ()) -> Any:
            return owner.execute(text, params)

        yield f"http://127.0.0.1:{server.effective_port}", web_gw, sql
    finally:
        if owner is not None:
            owner.close()
        if server is not None:
            server.close()
        if thread is not None:
            thread.join(timeout=10)
        if web_gw is not None:
            web_gw.close()
        db.stop()
        shutil.rmtree(state, ignore_errors=True)


def table(results: list[Scores], axe: dict[tuple[str, str], int]) -> str:
    head = f"{'página':<30} {'ancho':<10} {'axe':>4} {'rend.':>5} {'acces.':>6} {'práct.':>6} {'SEO':>4}  métricas"
    lines = [head, "-" * len(head)]
    by_key = {(s.page, s.width): s for s in results}
    for (page, width), violations in axe.items():
        s = by_key.get((page, width))
        cols = [f"{s.scores.get(c, 0):>{w}}" if s else f"{'—':>{w}}" for c, w in zip(CATEGORIES, (5, 6, 6, 4),
                                                                                     strict=True)]
        metrics = ", ".join(f"{k}={v}" for k, v in s.metrics.items()) if s else ""
        if s and len(s.performance_runs) > 1:
            metrics = "rend. " + "/".join(map(str, s.performance_runs)) + "; " + metrics
        lines.append(f"{page:<30} {width:<10} {violations:>4} {' '.join(cols)}  {metrics}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="axe-core y Lighthouse sobre las páginas del formulario web")
    parser.add_argument("--url", help="audita un formulario en marcha (solo páginas sin solicitud: formulario, "
                        "errores, consulta, 404); sin ella, un sistema temporal con solicitudes de prueba")
    parser.add_argument("--no-lighthouse", action="store_true", help="solo axe-core (rápido)")
    parser.add_argument("--reruns", type=int, default=2,
                        help="Lighthouse otra vez (y la mediana) cuando el rendimiento sale bajo el mínimo")
    parser.add_argument("--only", nargs="*", default=[], help="solo estas páginas (por nombre)")
    parser.add_argument("--json", type=Path, help="guarda resultados y hallazgos en este archivo")
    parser.add_argument("--reports", type=Path, help="guarda aquí el informe JSON completo de cada Lighthouse")
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print("Faltan: " + ", ".join(missing), file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    findings: list[Finding] = []
    results: list[Scores] = []
    axe_counts: dict[tuple[str, str], int] = {}
    with contextlib.ExitStack() as stack:
        if args.url:  # a running system: only what a visitor reaches without a ticket
            base, pages = args.url.rstrip("/"), public_pages()
        else:
            base, web_gw, sql = stack.enter_context(serve_site())
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if not args.url:
                pages = prepare_pages(browser, base, web_gw, sql)
            pages = [p for p in pages if not args.only or p.name in args.only]
            print(f"Servidor en {base}; {len(pages)} estados de página.", flush=True)
            for spec in pages:
                found = run_axe(browser, base, spec)
                for width in WIDTHS:
                    axe_counts[(spec.name, width)] = len([f for f in found if f.width == width])
                findings += found
            if not args.no_lighthouse:
                for spec in pages:
                    if not spec.lighthouse:
                        continue
                    for width in WIDTHS:
                        s = lighthouse_median(base, spec, width, args.reruns, args.reports)
                        results.append(s)
                        findings += s.failed
        finally:
            browser.close()

    print()
    print(table(results, axe_counts))
    print("SEO de comprobante y estado: sin la auditoría is-crawlable (llevan noindex a propósito).")
    print()
    if findings:
        print("Hallazgos:")
        for f in findings:
            print(f"  [{f.tool}] {f.page} ({f.width}) {f.rule}: {f.text}")
    else:
        print("Sin hallazgos.")
    low = [(s.page, s.width, c, s.scores[c]) for s in results for c in below_bar(s)]
    for page, width, cat, score in low:
        print(f"DEBAJO DEL MÍNIMO: {page} ({width}) {cat} = {score} (mínimo {BAR[cat]})")
    violations = sum(axe_counts.values())
    if args.json:
        args.json.write_text(json.dumps({
            "axe": {f"{p}|{w}": n for (p, w), n in axe_counts.items()},
            "lighthouse": [{"page": s.page, "width": s.width, "scores": s.scores, "metrics": s.metrics,
                            "performance_runs": s.performance_runs, "seconds": round(s.seconds, 1)}
                           for s in results],
            "findings": [vars(f) for f in findings],
        }, ensure_ascii=False, indent=2))
    print(f"axe: {violations} violaciones WCAG 2.1 A/AA; Lighthouse: {len(low)} puntuaciones bajo el mínimo.")
    return 1 if violations or low else 0


if __name__ == "__main__":
    sys.exit(main())
