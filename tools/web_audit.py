"""Accessibility (axe-core) and, when installable, Lighthouse audits of the web form's pages.

    .venv/bin/python -m tools.web_audit [--url http://127.0.0.1:8080] [--lighthouse]

Without --url it starts a throwaway system (embedded PostgreSQL in a temporary folder, the
web form on a free port). It submits one ticket ("Auditoría automática"), then audits the form,
the lookup, the receipt and the status page in Debian's Chromium through Playwright, and prints
every WCAG 2.1 A/AA violation axe-core finds (exit 1 when there is any).

axe-core (npm package, pinned below) and Lighthouse are fetched with npm into var/audit/ on first
use; nothing is committed. Lighthouse 12.2.3 (the last that runs on Node 20) drives the same
Chromium through CHROME_PATH and prints its four category scores per page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AUDIT_DIR = ROOT / "var" / "audit"
AXE_VERSION = "4.14.1"
LIGHTHOUSE_VERSION = "12.2.3"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--lang=es-MX"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def npm_package(name: str, version: str, entry: str) -> Path | None:
    """node_modules/<name>/<entry> under var/audit, installed with npm when missing (None if npm fails)."""
    path = AUDIT_DIR / "node_modules" / name / entry
    meta = AUDIT_DIR / "node_modules" / name / "package.json"
    if path.exists() and meta.exists() and json.loads(meta.read_text()).get("version") == version:
        return path
    AUDIT_DIR.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(AUDIT_DIR),
                        "-E", f"{name}@{version}"], check=True, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError):
        return None
    return path if path.exists() else None


def axe_script() -> Path | None:
    return npm_package("axe-core", AXE_VERSION, "axe.min.js")


def run_axe(page: Any, script: Path) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations of the page as it is now (the context must bypass CSP)."""
    page.add_script_tag(path=str(script))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS)
    return [{"id": v["id"], "impact": v.get("impact"), "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def submit_ticket(page: Any, base: str) -> tuple[str, str]:
    """Fill the form as a person would (first option of every list); (folio, access code)."""
    page.goto(base + "/")
    page.fill("#f-requester_name", "Auditoría Automática")
    for sel in ("#f-requester_type_id", "#f-department_id", "#f-campus_id", "#f-category_id"):
        options = page.eval_on_selector_all(f"{sel} option", "os => os.map(o => o.value).filter(Boolean)")
        page.select_option(sel, options[-1] if sel == "#f-requester_type_id" else options[0])
    page.wait_for_timeout(300)  # the dependent location list (JavaScript)
    page.fill("#f-location_detail", "Revisión de accesibilidad")
    page.fill("#f-contact_phone", "477 710 5200 ext. 1802")
    page.fill("#f-description", "Solicitud creada por la auditoría automática de accesibilidad.")
    with page.expect_navigation():
        page.click("#enviar")
    if not re.search(r"/solicitudes/[A-Z]{2}-\d{4}-\d+$", page.url):
        raise RuntimeError("no se pudo enviar la solicitud de prueba: " + (page.text_content("#resumen-errores") or ""))
    return page.text_content("#folio").strip(), page.text_content("#codigo").strip()


def audit_pages(base: str, script: Path, widths: tuple[int, ...] = (1280, 390),
                session: dict[str, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """axe violations per page and width: form, form with errors, lookup, receipt, status.

    `session` (optional) receives the last folio and the browser's cookies for those pages."""
    from playwright.sync_api import sync_playwright

    found: dict[str, list[dict[str, Any]]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in widths:
                context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True,
                                              locale="es-MX")
                page = context.new_page()
                page.goto(base + "/")
                found[f"formulario@{width}"] = run_axe(page, script)
                page.click("#enviar")  # the client-side error summary
                page.wait_for_selector("#resumen-errores:not([hidden])")
                found[f"formulario-errores@{width}"] = run_axe(page, script)
                folio, code = submit_ticket(page, base)
                found[f"comprobante@{width}"] = run_axe(page, script)
                page.goto(f"{base}/consulta?folio={folio}")
                found[f"consulta@{width}"] = run_axe(page, script)
                page.fill("#f-access_code", code)
                with page.expect_navigation():
                    page.click("#consulta button[type=submit]")
                found[f"estado@{width}"] = run_axe(page, script)
                if session is not None:
                    session["folio"] = folio
                    session["cookie"] = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
                context.close()
        finally:
            browser.close()
    return found


def lighthouse(base: str, urls: list[str], cookie: str = "") -> dict[str, dict[str, float]] | None:
    """Lighthouse category scores per URL, or None when it cannot be installed or run here.

    `cookie` (receipt / status cookies of the audit's browser) lets it load the private pages."""
    cli = npm_package("lighthouse", LIGHTHOUSE_VERSION, "cli/index.js")
    if cli is None:
        return None
    scores: dict[str, dict[str, float]] = {}
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for url in urls:
        try:
            out = subprocess.run(
                ["node", str(cli), base + url, "--quiet", "--output=json", "--output-path=stdout",
                 "--only-categories=performance,accessibility,best-practices,seo", "--locale=es",
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                 *([f"--extra-headers={json.dumps({'Cookie': cookie})}"] if cookie else [])],
                check=True, capture_output=True, timeout=240, env=env, text=True)
        except subprocess.CalledProcessError as exc:
            print(f"Lighthouse falló en {url}: {(exc.stderr or '')[-600:]}", file=sys.stderr)
            continue
        except (OSError, subprocess.SubprocessError) as exc:
            print(f"Lighthouse falló en {url}: {str(exc)[:300]}", file=sys.stderr)
            continue
        report = json.loads(out.stdout)
        scores[url] = {k: round(100 * (v.get("score") or 0)) for k, v in report["categories"].items()}
    return scores


@contextmanager
def throwaway_system() -> Iterator[str]:
    """Embedded PostgreSQL + the web form on free ports, in a temporary folder."""
    import contextlib
    import io
    import socket

    import gateway
    from tools.embedded_db import EmbeddedDb
    from tools.run_system import start_database
    from webform import Settings, create_app
    from webform.serve import make_server

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="itl-audit-") as tmp:
        db = EmbeddedDb(Path(tmp), port)
        with contextlib.redirect_stdout(io.StringIO()):  # the deploy's long list of objects
            start_database(db)
        try:
            gw = gateway.connect(db.url("itl_web"), min_size=1, max_size=4, timeout=5.0)
            settings = Settings(secret_key=os.urandom(32))
            server = make_server(create_app(gw, settings), settings, "127.0.0.1", 0, threads=4)
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            try:
                yield f"http://127.0.0.1:{server.effective_port}"
            finally:
                server.close()
                gw.close()
        finally:
            db.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Auditoría de accesibilidad (axe-core) y Lighthouse del formulario web")
    parser.add_argument("--url", help="dirección de un formulario en marcha (por omisión: un sistema temporal)")
    parser.add_argument("--lighthouse", action="store_true", help="también Lighthouse (se instala con npm)")
    args = parser.parse_args(argv)
    script = axe_script()
    if script is None:
        print("No se pudo instalar axe-core con npm (¿sin acceso al registro?).", file=sys.stderr)
        return 2

    def run(base: str) -> int:
        session: dict[str, str] = {}
        found = audit_pages(base, script, session=session)
        total = 0
        for page, violations in found.items():
            total += len(violations)
            print(f"{page}: {len(violations)} infracción(es) WCAG 2.1 A/AA")
            for v in violations:
                print(f"  - {v['id']} ({v['impact']}): {v['help']} {v['nodes']}")
        if args.lighthouse:
            folio = session["folio"]
            scores = lighthouse(base, ["/", "/consulta", f"/solicitudes/{folio}", f"/consulta/{folio}"],
                                session["cookie"])
            if scores is None:
                print("Lighthouse: no se pudo instalar o ejecutar aquí.")
            for url, cats in (scores or {}).items():
                print(f"Lighthouse {url}: " + ", ".join(f"{k} {v}" for k, v in cats.items()))
        return 1 if total else 0

    if args.url:
        return run(args.url.rstrip("/"))
    with throwaway_system() as base:
        return run(base)


if __name__ == "__main__":
    sys.exit(main())
