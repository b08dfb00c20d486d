"""The status flow: a requester proves folio + access code and sees their ticket.

    GET  /consulta              lookup form (?folio= prefills it and puts the cursor on the code)
    POST /consulta              status, public replies and history
"""

from __future__ import annotations

import bottle

from gateway import AppError

from .context import Site, no_store
from .forms import read_forms
from .pages import failure
from .render import local_time, msg, render

FORM = "consulta"
EVENT_LABELS = {
    "creado": "Solicitud recibida",
    "asignado": "Solicitud asignada",
    "estado": "Cambio de estado",
    "prioridad": "Cambio de prioridad",
    "respuesta": "Respuesta del Centro de Cómputo",
}
LOOKUP_DESCRIPTION = ("Consulte el estado de su solicitud al Centro de Cómputo del Instituto Tecnológico de León "
                      "con su folio y su código de acceso.")


def clean_code(raw: str | None) -> str:
    return (raw or "").strip().upper().replace(" ", "").replace("-", "")[:40]


def register(app: bottle.Bottle, site: Site) -> None:
    gateway = site.gateway

    def lookup_page(folio: str, error: str | None, status: int = 200, code_error: bool = False) -> str:
        bottle.response.status = status
        no_store()
        return render(
            "lookup.tpl", title="Consultar una solicitud", description=LOOKUP_DESCRIPTION, folio=folio,
            error=error, csrf=site.csrf_for_render(FORM), code_error=code_error,
        )

    @app.get("/consulta")
    def lookup_form() -> str:
        folio = (bottle.request.query.getunicode("folio") or "").strip().upper()[:20]
        return lookup_page(folio, None)

    @app.post("/consulta")
    def lookup() -> str:
        forms = read_forms()
        folio = (forms.get("folio") or "").strip().upper()[:20]
        code = clean_code(forms.get("access_code"))
        if not site.csrf_ok(forms, FORM):
            return lookup_page(folio, msg("web_csrf_invalid"), 403)
        if not folio or not code:
            return lookup_page(folio, msg("web_lookup_required"), 422, code_error=True)
        try:
            rows = gateway.call("webform.get_ticket_status", folio=folio, access_code=code,
                                client_key=site.client_key())
        except AppError as exc:
            fail = failure(exc, invalid_status=422)
            if fail.status >= 500:
                raise
            return lookup_page(folio, fail.text, fail.status)
        if not rows:
            return lookup_page(folio, msg("web_lookup_not_found"), 200, code_error=True)
        events = gateway.call("webform.list_public_events", folio=folio, access_code=code,
                              client_key=site.client_key())
        no_store()
        return render(
            "status.tpl", title=f"Estado de {rows[0]['folio']}", t=rows[0], events=events,
            local_time=local_time, labels=EVENT_LABELS, robots="noindex, nofollow",
            description=f"Estado de la solicitud {rows[0]['folio']} al Centro de Cómputo.",
        )
