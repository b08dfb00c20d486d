"""Standard audits in the suite: axe-core on every page state, Lighthouse's non-timing categories.

The same pieces as `python -m tools.dev.web_audit` (which also prints Lighthouse's performance score:
it is timing-based, so the suite never asserts it), on the test database. Fixtures `site` (the
real app under waitress) and `browser` (Debian's Chromium) come from conftest.
"""

from __future__ import annotations

import time

import pytest

from tools.dev import web_audit
from tools.dev.web_audit import AuditPage

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def pages(site, browser) -> dict[str, AuditPage]:
    missing = web_audit.missing_tools()
    if missing:
        pytest.skip("faltan " + ", ".join(missing))
    found = web_audit.prepare_pages(browser, site.base, site.gw, lambda text, params=(): site.db.sql(text,
                                                                                                   params=params))
    return {p.name: p for p in found}


def test_every_page_state_has_no_wcag21_violations(site, browser, pages):
    """Form (empty, QR, error summaries with and without JavaScript), lookup (3 states), receipt (2),
    status page (waiting with photos, resolved, closed and rated, three error states), 404; where the
    issue names it, the keyboard focus too (error summaries, the code field after ?folio=)."""
    assert {"formulario", "formulario-errores-servidor", "formulario-sin-js-errores", "consulta", "comprobante",
            "estado-en-espera", "estado-resuelto", "estado-cerrado-calificado", "estado-respuesta-vacia",
            "estado-calificar-sin-elegir"} <= set(pages)
    assert pages["formulario-sin-js-errores"].focus == "resumen-errores" and pages["consulta-folio"].no_js
    findings = []
    started = time.monotonic()
    for spec in pages.values():
        # run_axe fails when the page did not reach its state (spec.expect), so 0 is about that state
        findings += web_audit.run_axe(browser, site.base, spec)
    print(f"axe-core: {len(pages)} estados x {len(web_audit.WIDTHS)} anchos en {time.monotonic() - started:.1f} s")
    assert [f"{f.page} ({f.width}) {f.rule}: {f.text}" for f in findings] == []


def test_axe_reports_what_it_should(site, browser, pages):
    """The audit is live: an unlabelled field, an image without text and a misplaced focus are reported."""
    def break_page(page) -> None:
        page.evaluate("""() => {
            const form = document.querySelector('#solicitud');
            form.insertAdjacentHTML('afterbegin', '<input type="text" name="x"><img src="/static/favicon.svg">');
        }""")

    spec = AuditPage("formulario-roto", "/", "#solicitud", action=break_page, focus="f-description")
    rules = {f.rule for f in web_audit.run_axe(browser, site.base, spec, ("celular",))}
    assert {"label", "image-alt", "focus"} <= rules


@pytest.mark.parametrize("name", ["formulario", "estado-en-espera"])
def test_lighthouse_accessibility_best_practices_seo(site, pages, name):
    """Lighthouse at phone size without the timing-based performance category (the script prints it)."""
    spec = pages[name]
    result = web_audit.run_lighthouse(site.base, spec, "celular",
                                      categories=("accessibility", "best-practices", "seo"))
    print(f"Lighthouse {name}: {result.scores} en {result.seconds:.1f} s")
    assert set(result.scores) == {"accessibility", "best-practices", "seo"}
    assert web_audit.below_bar(result) == [], [f"{f.rule}: {f.text}" for f in result.failed]
    assert [f.rule for f in result.failed] == []
