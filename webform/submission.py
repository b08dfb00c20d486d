"""The submission flow: the form (QR-prefilled or blank), the JSON pre-check, the submit, the receipt.

    GET  /                          form, prefilled from ?campus=&ubicacion=&equipo=
    POST /api/revisar               JSON: every problem check_ticket finds (JavaScript calls it
                                    before the real submit, so attached photos are never lost)
    POST /solicitudes               submit (PRG: 303 to the receipt page)
    GET  /solicitudes/<folio>       receipt (folio + access code from a signed cookie, never the URL)
    GET  /solicitudes/<folio>/imprimir   the same receipt laid out for printing (plain link)
    POST /solicitudes/<folio>/borrar     "Terminé: borrar de este equipo" (drops the receipt cookie)
    GET  /api/ubicaciones?campus=   JSON for the dependent lists
    GET  /api/equipos?ubicacion=

Every handler is a module-level function bound to its URL by `register(app)`; a handler that
needs the site context (gateway, settings, catalogs, field rules, CSRF) declares `site: Site`
and gets it from the SiteContext plugin (context.py).
"""

from __future__ import annotations

import uuid
from typing import Any, NoReturn
from urllib.parse import quote

import bottle
import segno

from gateway import AppError, DatabaseUnavailable
from gateway.folio import FOLIO_RE

from . import incidents, mount, photos, security
from .catalogs import equipment_label
from .context import Site, message_page, no_store
from .forms import (
    HONEYPOT,
    IMAGE_FIELD,
    TICKET_FIELDS,
    FormState,
    check_ticket,
    field_errors,
    int_arg,
    read_forms,
    to_params,
)
from .middleware import accepts_gzip
from .packed import PackedPage
from .pages import apply, failure
from .render import msg, render, url
from .rules import COUNTED

FORM = "solicitud"
CSRF_SLOT, IDEM_SLOT = "\x00csrf\x00", "\x00idem\x00"  # never in a rendered page: NUL is refused as input
MAX_KEPT = 50_000  # characters of one field kept to show it again (the limits are far lower: refused, not cut)
RECEIPT_FORM = "recibo"
FORM_DESCRIPTION = ("Reporte al Centro de Cómputo del Instituto Tecnológico de León un problema con su cuenta, "
                    "la red o un equipo. Sin cuenta: recibe un folio y un código para consultar el avance.")


def register(app: bottle.Bottle) -> None:
    """Bind the handlers below to their URLs (the table at the top of this module)."""
    app.get("/", callback=form)
    app.post("/api/revisar", callback=precheck)
    app.post("/solicitudes", callback=submit)
    app.get("/solicitudes/<folio>", callback=receipt)
    app.get("/solicitudes/<folio>/imprimir", callback=receipt_print)
    app.post("/solicitudes/<folio>/borrar", callback=receipt_forget)
    app.get("/api/ubicaciones", callback=api_locations)
    app.get("/api/equipos", callback=api_equipment)


# ---- the form ----

def form(site: Site) -> str | bytes:
    """GET /: the form, prefilled from a QR code's ?campus=&ubicacion=&equipo=."""
    values, found = qr_values(site)
    if not values:
        return blank_form(site)
    params = to_params(values)  # say what the QR link chose, with a way out
    campus_row = site.catalogs.item("campus", params["campus_id"])
    loc_row = site.catalogs.item("location", params["location_id"])
    prefill = {
        "tag": values.get("equipment_tag", ""),
        "known": found is not None,
        "label": equipment_label(found) if found else "",
        "place": " · ".join(r["name"] for r in (campus_row, loc_row) if r),
    }
    return form_page(site, FormState(values), prefill=prefill)


def qr_values(site: Site) -> tuple[dict[str, str], dict[str, Any] | None]:
    """The fields a QR link fills (campus, place, equipment) and the equipment row it names, if known."""
    catalogs = site.catalogs
    values: dict[str, str] = {}
    campus = int_arg("campus")
    location = int_arg("ubicacion")
    if campus and catalogs.item("campus", campus):
        values["campus_id"] = str(campus)
    if location:
        loc = catalogs.item("location", location)
        if loc and (not campus or loc["parent_id"] == campus):
            values["location_id"] = str(location)
            values["campus_id"] = str(loc["parent_id"])
    tag = (bottle.request.query.getunicode("equipo") or "").strip()[:40]
    found: dict[str, Any] | None = None
    if tag:
        rows = site.gateway.call("webform.find_equipment", inventory_tag=tag)
        if rows:
            found = rows[0]
            if found.get("location_id") and "location_id" not in values:
                values["location_id"] = str(found["location_id"])
                values["campus_id"] = str(found.get("campus_id") or values.get("campus_id", ""))
            if str(found.get("location_id") or "") == values.get("location_id"):
                values["equipment_id"] = str(found["equipment_id"])
            values["equipment_tag"] = found["inventory_tag"]
            values["equipment_brand"] = found.get("brand") or ""
            values["equipment_serial"] = found.get("serial_number") or ""
        else:
            values["equipment_tag"] = tag
    return values, found


def blank_form(site: Site) -> str | bytes:
    """The blank form (the most requested page): rendered once per catalog and rule load, then
    only the two per-visitor values are put in. The template and its ~200 escaped options cost
    most of the CPU of a GET; the per-visitor CSRF token and idempotency key are all that differ.
    Its constant parts are also gzip-compressed once (packed.py), not for every visitor."""
    bottle.response.status = 200
    no_store()
    cats, rules_now = site.catalogs.all(), site.rules.all()
    env = bottle.request.environ
    key = ("blank_form", mount.prefix(env), mount.embedded(env))
    blank_pages = site.pages
    hit = blank_pages.get(key)
    if hit is None or hit[0] is not cats or hit[1] is not rules_now:
        page = PackedPage(render_form(site, FormState(), None, cats, CSRF_SLOT, IDEM_SLOT), (CSRF_SLOT, IDEM_SLOT))
        if len(blank_pages) > 16:
            blank_pages.clear()
        hit = blank_pages[key] = (cats, rules_now, page)
    values = {CSRF_SLOT: site.csrf_for_render(FORM), IDEM_SLOT: security.new_idempotency_key()}
    if accepts_gzip(env) and env.get("REQUEST_METHOD") != "HEAD":
        bottle.response.content_type = "text/html; charset=UTF-8"
        bottle.response.set_header("Content-Encoding", "gzip")  # the middleware leaves it as it is
        return hit[2].fill_gzip(values)
    return hit[2].fill(values)


def form_page(site: Site, state: FormState, status: int = 200, prefill: dict[str, Any] | None = None,
              notice: dict[str, Any] | None = None, picked: str = "") -> str:
    bottle.response.status = status
    no_store()
    return render_form(site, state, prefill, site.catalogs.all(), site.csrf_for_render(FORM),
                       security.new_idempotency_key(), notice, picked)


def render_form(site: Site, state: FormState, prefill: dict[str, Any] | None, cats: dict[str, Any], csrf: str,
                idem: str, notice: dict[str, Any] | None = None, picked: str = "") -> str:
    settings, field_rules = site.settings, site.rules
    values = state.values
    params = to_params(values)
    campus_id, location_id = params["campus_id"], params["location_id"]
    try:
        equipment = site.catalogs.equipment(location_id) if location_id else []
    except DatabaseUnavailable:
        equipment = []
    return render(
        "form.tpl", title="Solicitud de soporte", description=FORM_DESCRIPTION, state=state, v=values,
        csrf=csrf, idem=idem,
        campuses=cats.get("campus", []), locations=cats.get("location", []),
        departments=cats.get("department", []), requester_types=cats.get("requester_type", []),
        categories=cats.get("problem_category", []), equipment=equipment,
        campus_id=campus_id, equipment_label=equipment_label, settings=settings,
        aria=state.aria, field_error=state.field_error, selected=state.selected,
        rule_attrs=field_rules.attrs, rules=field_rules,
        max_upload_mb=settings.max_upload_bytes // (1024 * 1024),
        prefill=prefill, notice=notice, picked=picked,
        reattach=msg("web_images_reattach") if state.images_dropped else "",
        image_msgs={"too-many": msg("web_too_many_images").replace("{max}", str(field_rules.max_images)),
                    "type": msg("web_image_type"), "size": msg("web_image_too_large")},
    )


def refine(site: Site, problems: list[tuple[str | None, str]],
           values: dict[str, str]) -> list[tuple[str | None, str]]:
    """The database's messages, made concrete where the web tier knows more: an over-long text
    gets its length and the limit (nothing was cut); a place from the other campus is named."""
    catalogs = site.catalogs
    out = []
    for field, text in problems:
        limit = site.rules.max_length(field) if field in COUNTED else None  # the others: HTML maxlength
        typed = len((values.get(field or "") or "").strip())
        if limit and typed > limit:
            text = msg("web_text_too_long").replace("{n}", f"{typed:,}").replace("{max}", f"{limit:,}")
        elif field == "location_id":
            params = to_params(values)
            loc = catalogs.item("location", params["location_id"])
            chosen = catalogs.item("campus", params["campus_id"])
            other = catalogs.item("campus", loc["parent_id"]) if loc else None
            if loc and chosen and other and other is not chosen:
                text = (msg("web_location_other_campus").replace("{lugar}", loc["name"])
                        .replace("{otro}", other["name"]).replace("{campus}", chosen["name"]))
        out.append((field, text))
    return out


# ---- checking and submitting ----

def precheck(site: Site) -> dict[str, Any]:
    """POST /api/revisar: what check_ticket says about the typed fields (photos stay in the browser)."""
    no_store()
    forms = read_forms()
    if not site.csrf_ok(forms, FORM):
        bottle.response.status = 403
        return {"ok": False, "errors": [{"field": None, "message": msg("web_csrf_invalid")}]}
    values = {name: (forms.get(name) or "")[:MAX_KEPT] for name in TICKET_FIELDS}
    try:
        problems = refine(site, check_ticket(site.gateway, to_params(values)), values)
    except (AppError, DatabaseUnavailable) as exc:
        fail = failure(exc)
        apply(fail)
        return {"ok": False, "errors": [{"field": None, "message": fail.text}]}
    return {"ok": not problems, "errors": [{"field": f, "message": t} for f, t in problems]}


def submit(site: Site) -> Any:
    """POST /solicitudes: store the ticket and 303 to its receipt, or the form again with the problems."""
    gateway = site.gateway
    forms = read_forms()
    values = {name: (forms.get(name) or "")[:MAX_KEPT] for name in TICKET_FIELDS}
    state = FormState(values)
    uploads = bottle.request.files.getall(IMAGE_FIELD)
    sent_images = len([u for u in uploads if u.raw_filename or u.filename])
    if not site.csrf_ok(forms, FORM):
        state.add(None, msg("web_csrf_invalid"))
        state.images_dropped = sent_images
        return form_page(site, state, 403)
    if forms.get(HONEYPOT):
        return message_page("No se pudo enviar", msg("web_honeypot"), 400)
    try:
        idem = str(uuid.UUID(forms.get("idempotency_key") or ""))
    except ValueError:
        state.add(None, msg("web_csrf_invalid"))
        state.images_dropped = sent_images
        return form_page(site, state, 400)
    picked = incidents.choice(forms)
    # Not chosen yet and no photos (nearly every ticket): the notice check rides on the submit
    # call (stop_at_notice), one database call instead of two. With photos it stays first, so
    # that no photo is decoded for a submission that only comes back with the notice.
    folded = not picked and not sent_images
    notice = None if folded else review_notice(site, values, picked)
    if notice and not picked:  # the review step without JavaScript: the requester chooses first
        state.images_dropped = sent_images
        return form_page(site, state, 200, notice=notice)
    if sent_images:  # the rate limit before any decoding (issue 20, finding 5)
        try:
            gateway.call("webform.check_submit_quota", client_key=site.client_key(), idempotency_key=idem)
        except (AppError, DatabaseUnavailable) as exc:
            fail = failure(exc, invalid_status=422)
            state.images_dropped = sent_images
            state.add(None, fail.text)
            page = form_page(site, state, fail.status)
            apply(fail)
            return page
    clean = photos.read_photos(uploads, site.settings, state, site.rules.max_images)
    params = to_params(values)
    if not state.has_errors:
        try:
            row = store(site, idem, params, clean, folded)
            if row["notice_incident_id"] is not None:  # a known failure applies: the requester chooses first
                notice = review_notice(site, values, picked)
                if notice:
                    return form_page(site, state, 200, notice=notice)
                row = store(site, idem, params, clean, False)  # the notice ended a moment ago: a normal ticket
        except (AppError, DatabaseUnavailable) as exc:
            fail = failure(exc, invalid_status=422)
            state.images_dropped = sent_images
            if fail.status != 422 or not field_errors(gateway, params, state, lambda p: refine(site, p, values)):
                state.add(None, fail.text)
            page = form_page(site, state, fail.status)
            apply(fail)
            return page
        accepted(site, row["folio"], row["access_code"], picked)
    state.images_dropped = sent_images
    field_errors(gateway, params, state, lambda p: refine(site, p, values))
    return form_page(site, state, 422, notice=notice, picked=picked)


def store(site: Site, idem: str, params: dict[str, Any], clean: list[Any], stop_at_notice: bool) -> dict[str, Any]:
    """webform.submit_ticket. With stop_at_notice, when a known-failure notice applies, a row that
    names it (notice_incident_id) instead of a stored ticket."""
    # Without photos the nine attachment parameters are left out (their default is NULL in both
    # dialects): nine fewer values to send on nearly every submission.
    return site.gateway.call(
        "webform.submit_ticket", idempotency_key=idem, client_key=site.client_key(), **params,
        **(photos.attachment_params(clean) if clean else {}), stop_at_notice=stop_at_notice,
    )[0]


def accepted(site: Site, folio: str, code: str, picked: str) -> NoReturn:
    """A stored ticket: join the incident it chose, keep folio + code in a signed cookie, 303 to the receipt."""
    settings = site.settings
    joined = ""
    if picked.isdigit():
        joined = "?falla=" + ("unida" if incidents.join(
            site.gateway, folio, code, site.client_key(), int(picked)) else "no")
    bottle.response.set_cookie(
        security.RECEIPT_COOKIE,
        security.receipt_cookie(settings.secret_key, folio, code, settings.receipt_max_age),
        path=url("/solicitudes"), httponly=True, samesite="Strict", secure=site.is_https(),
        max_age=settings.receipt_max_age,
    )
    # PRG with a relative Location (never built from Host / X-Forwarded-Host);
    # cookies travel with the copy.
    res = bottle.response.copy(cls=bottle.HTTPResponse)
    res.status = 303
    res.body = ""
    res.set_header("Location", url(f"/solicitudes/{quote(folio)}{joined}"))
    raise res


def review_notice(site: Site, values: dict[str, str], picked: str) -> dict[str, Any] | None:
    """The known-failure notice for this submission (None once «Mi problema es otro» was chosen);
    «Yo también» fills a missing description with the notice's text."""
    if picked == incidents.OTHER:
        return None
    params = to_params(values)
    notice = incidents.find_notice(site.gateway, params["campus_id"], params["location_id"], params["category_id"])
    if picked:
        incidents.fill_description(values, notice if notice and str(notice["incident_id"]) == picked else None)
    return notice


# ---- the receipt ----

def receipt_page(site: Site, folio: str, printable: bool) -> str:
    settings = site.settings
    no_store()
    if not FOLIO_RE.match(folio):
        return message_page("Página no encontrada", msg("web_not_found"), 404)
    code = security.read_receipt(settings.secret_key, bottle.request.get_cookie(security.RECEIPT_COOKIE), folio)
    if code is None:
        return message_page(
            "Comprobante no disponible", msg("web_receipt_unavailable"), 200,
            (f"/consulta?folio={quote(folio)}", "Consultar el estado"), robots="noindex, nofollow",
        )
    status_url = f"{site.public_url()}/consulta?folio={quote(folio)}#codigo={quote(code)}"
    qr = segno.make(status_url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")
    return render(
        "receipt.tpl", title=f"Solicitud {folio}", folio=folio, code=code, status_url=status_url, qr=qr,
        printable=printable, csrf=site.csrf_for_render(RECEIPT_FORM), robots="noindex, nofollow",
        description=f"Comprobante de la solicitud {folio} al Centro de Cómputo.",
        body_class="printable" if printable else "",
        minutes=max(1, settings.receipt_max_age // 60),
        joined=bottle.request.query.get("falla", ""), not_joined=msg("form_incident_not_available"),
    )


def receipt(folio: str, site: Site) -> str:
    """GET /solicitudes/<folio>: folio + access code from the signed cookie, never the URL."""
    return receipt_page(site, folio, printable=False)


def receipt_print(folio: str, site: Site) -> str:
    """GET /solicitudes/<folio>/imprimir: the same receipt laid out for printing."""
    return receipt_page(site, folio, printable=True)


def receipt_forget(folio: str, site: Site) -> str:
    """POST /solicitudes/<folio>/borrar: «Terminé: borrar de este equipo» drops the receipt cookie."""
    forms = read_forms()
    if not site.csrf_ok(forms, RECEIPT_FORM):
        return message_page("No se pudo completar", msg("web_csrf_invalid"), 403,
                            (f"/solicitudes/{quote(folio)}" if FOLIO_RE.match(folio) else "/", "Volver"))
    bottle.response.delete_cookie(security.RECEIPT_COOKIE, path=url("/solicitudes"), httponly=True,
                                  samesite="Strict", secure=site.is_https())
    return message_page(
        "Datos borrados de este equipo",
        "Este navegador ya no muestra su folio ni su código de acceso. Consulte el avance con los datos "
        "que anotó o imprimió.", 200, ("/", "Volver al formulario"), robots="noindex, nofollow",
    )


# ---- the dependent lists ----

def api_locations(site: Site) -> dict[str, Any]:
    """GET /api/ubicaciones?campus=: the places of a campus (JSON)."""
    campus = int_arg("campus")
    items = [{"id": r["item_id"], "name": r["name"]} for r in site.catalogs.locations(campus)] if campus else []
    bottle.response.set_header("Cache-Control", "public, max-age=60")
    return {"items": items}


def api_equipment(site: Site) -> dict[str, Any]:
    """GET /api/equipos?ubicacion=: the equipment of a place (JSON)."""
    location = int_arg("ubicacion")
    rows = site.catalogs.equipment(location) if location else []
    bottle.response.set_header("Cache-Control", "public, max-age=60")
    return {"items": [
        {"id": r["equipment_id"], "tag": r["inventory_tag"], "label": equipment_label(r),
         "brand": r.get("brand") or "", "serial": r.get("serial_number") or ""}
        for r in rows
    ]}
