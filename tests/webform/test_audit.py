"""axe-core 4.14 (WCAG 2.1 A/AA) on every page of the web form, in the real Chromium.

axe-core is an npm package, fetched into var/audit/ by tools/web_audit.py on first use; the test is
skipped when npm cannot reach the registry. Lighthouse is in the script only (slow, needs network).
"""

from __future__ import annotations

import time

import pytest

from tools import web_audit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe():
    script = web_audit.axe_script()
    if script is None:
        pytest.skip("axe-core no se pudo instalar con npm")
    return script


def test_no_wcag_violations_on_any_page(site, axe):
    started = time.perf_counter()
    session: dict[str, str] = {}
    found = web_audit.audit_pages(site.base, axe, session=session)
    assert set(found) == {f"{p}@{w}" for p in ("formulario", "formulario-errores", "comprobante", "consulta",
                                                "estado") for w in (1280, 390)}
    assert {page: v for page, v in found.items() if v} == {}
    print(f"\naxe-core {web_audit.AXE_VERSION}: {len(found)} páginas sin infracciones "
          f"en {time.perf_counter() - started:.1f} s")


def test_no_wcag_violations_on_the_conversation_forms(site, browser, axe):
    """The status page with every form shown: reply (En espera), then confirm/reopen/rate (Resuelto)."""
    from playwright.sync_api import Page

    context = browser.new_context(viewport={"width": 390, "height": 900}, bypass_csp=True)
    page: Page = context.new_page()
    folio, code = web_audit.submit_ticket(page, site.base)
    page.goto(f"{site.base}/consulta?folio={folio}")
    page.fill("#f-access_code", code)
    with page.expect_navigation():
        page.click("#consulta button[type=submit]")
    for status in ("en_espera", "resuelto"):
        site.db.sql("UPDATE app.ticket SET status_id = (SELECT status_id FROM app.status WHERE code = %s), "
                    "resolved_at = CASE WHEN %s THEN now() END WHERE folio = %s",
                    params=(status, status == "resuelto", folio))
        page.goto(f"{site.base}/consulta/{folio}")
        assert page.locator("#responder" if status == "en_espera" else "#calificar").count() == 1
        assert web_audit.run_axe(page, axe) == [], status
        # the server's error state of the same forms
        button = "#enviar-respuesta" if status == "en_espera" else "#enviar-calificacion"
        with page.expect_navigation():
            page.click(button)
        assert page.locator("#resumen-errores").count() == 1
        assert web_audit.run_axe(page, axe) == [], status + " con errores"
    context.close()
