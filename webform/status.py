"""The status flow: the requester's side of the conversation.

    GET  /consulta                       lookup form (?folio= prefills it, cursor on the code)
    POST /consulta                       prove folio + code: the status page (and a short-lived,
                                         signed, HttpOnly cookie so the forms below need no code)
    GET  /consulta/<folio>               the status page again (from that cookie), e.g. after an action
    POST /consulta/<folio>/responder     message + up to 3 photos (CSRF, honeypot, idempotency key)
    POST /consulta/<folio>/confirmar     "Sí, quedó resuelto" (Resuelto -> Cerrado)
    POST /consulta/<folio>/reabrir       "No está resuelto" with a message (within the reopen window)
    POST /consulta/<folio>/calificar     rating 1-5 once, optional comment
    POST /consulta/<folio>/borrar        "Terminé: borrar de este equipo"
    GET  /consulta/foto/<token>          a photo by the database's short-lived link (?miniatura=1: small)

Every rule (who may reply, confirm, reopen, rate; windows; limits) is in the webform procedures;
a wrong or replaced code gives the same neutral answer as the lookup. Works without JavaScript.

Every handler is a module-level function bound to its URL by `register(app)`; a handler that
needs the site context declares `site: Site` and gets it from the SiteContext plugin (context.py).
"""

from __future__ import annotations

import io
import re
import uuid
from typing import Any, NoReturn
from urllib.parse import quote

import bottle

from gateway import AppError, DatabaseUnavailable
from gateway.folio import FOLIO_RE

from . import incidents, photos, security
from .context import Site, message_page, no_store
from .forms import HONEYPOT, FormState, read_forms
from .pages import apply, failure
from .render import local_time, msg, render, url

FORM = "consulta"
ACTION_FORM = "conversacion"
STATUS_COOKIE = "itl_consulta"
TOKEN_RE = re.compile(r"^[0-9a-f]{64}$")
REPLY_IMAGES = "fotos"
EVENT_LABELS = {
    "creado": "Solicitud recibida",
    "asignado": "Solicitud asignada",
    "estado": "Cambio de estado",
    "prioridad": "Cambio de prioridad",
    "respuesta": "Respuesta del Centro de Cómputo",
    "solicitante": "Mensaje del solicitante",
    "confirmado": "Solución confirmada por el solicitante",
    "reabierto": "Reabierta: el solicitante indicó que no está resuelto",
}
DONE = {
    "respuesta": "Su mensaje fue enviado al Centro de Cómputo.",
    "confirmada": "Gracias: la solicitud quedó cerrada.",
    "reabierta": "La solicitud se reabrió; el Centro de Cómputo la revisará de nuevo.",
    "calificada": "Gracias por calificar la atención.",
}
LOOKUP_DESCRIPTION = ("Consulte el estado de su solicitud al Centro de Cómputo del Instituto Tecnológico de León "
                      "con su folio y su código de acceso.")
THUMB_SIDE = 240


def clean_code(raw: str | None) -> str:
    return (raw or "").strip().upper().replace(" ", "").replace("-", "")[:40]


def register(app: bottle.Bottle) -> None:
    """Bind the handlers below to their URLs (the table at the top of this module)."""
    app.get("/consulta", callback=lookup_form)
    app.post("/consulta", callback=lookup)
    app.get("/consulta/<folio>", callback=status_again)
    app.post("/consulta/<folio>/responder", callback=reply)
    app.post("/consulta/<folio>/confirmar", callback=confirm)
    app.post("/consulta/<folio>/reabrir", callback=reopen)
    app.post("/consulta/<folio>/calificar", callback=rate)
    app.post("/consulta/<folio>/borrar", callback=forget_here)
    app.get("/consulta/foto/<token>", callback=photo)


# ---- pages ----

def lookup_page(site: Site, folio: str, error: str | None, status: int = 200, code_error: bool = False) -> str:
    bottle.response.status = status
    no_store()
    return render(
        "lookup.tpl", title="Consultar una solicitud", description=LOOKUP_DESCRIPTION, folio=folio,
        error=error, csrf=site.csrf_for_render(FORM), code_error=code_error,
    )


def status_page(site: Site, folio: str, code: str, status: int = 200, state: FormState | None = None,
                done: str = "", form_values: dict[str, str] | None = None, keep: bool = False) -> str:
    """The status page, or the neutral not-found lookup when folio + code do not match.

    keep: remember folio + code in this browser (the lookup), so the page's forms need no code."""
    gateway, settings = site.gateway, site.settings
    p = proof(site, folio, code)
    rows = gateway.call("webform.get_ticket_status", **p)
    if not rows:
        forget(site)
        return lookup_page(site, folio, msg("web_lookup_not_found"), 200, code_error=True)
    if keep:
        remember(site, folio, code)
    detail = gateway.call("webform.get_ticket_detail", **p)
    events = gateway.call("webform.list_public_events", **p)
    pictures = gateway.call("webform.list_ticket_photos", **p)
    incident = incidents.status_section(gateway, p)
    bottle.response.status = status
    no_store()
    state = state or FormState()
    t = rows[0]
    shown = [{**ph, "token": bytes(ph["photo_token"]).hex()} for ph in pictures]
    photos_at: dict[Any, list[dict[str, Any]]] = {}  # a message's photos go with the message
    numbers = {e.get("event_number") for e in events}
    for ph in shown:
        if ph.get("event_number") is not None and ph["event_number"] in numbers:
            photos_at.setdefault(ph["event_number"], []).append(ph)
    return render(
        "status.tpl", title=f"Estado de {t['folio']}", t=t, d=detail[0] if detail else {}, events=events,
        photos=[ph for ph in shown if ph.get("event_number") not in photos_at], photos_at=photos_at,
        local_time=local_time, labels=EVENT_LABELS, incident=incident, robots="noindex, nofollow",
        description=f"Estado de la solicitud {t['folio']} al Centro de Cómputo.",
        state=state, done=DONE.get(done, ""), csrf=site.csrf_for_render(ACTION_FORM),
        idem=security.new_idempotency_key(), v=form_values or {}, settings=settings,
        reattach=msg("web_images_reattach") if state.images_dropped else "",
        max_upload_mb=settings.max_upload_bytes // (1024 * 1024), rules=site.rules,
    )


def expired(site: Site, folio: str) -> str:
    """No (valid) cookie: back to the lookup form with the folio filled in."""
    folio = folio if FOLIO_RE.match(folio) else ""
    return lookup_page(site, folio, "Por seguridad, escriba de nuevo su código de acceso para continuar.", 200)


def after(folio: str, done: str) -> NoReturn:
    """PRG: back to the status page with a one-word note (a refresh sends nothing again)."""
    raise bottle.HTTPResponse(status=303, Location=url(f"/consulta/{quote(folio)}?hecho={done}"))


# ---- the remembered folio + code (a signed, HttpOnly, Strict cookie) ----

def proof(site: Site, folio: str, code: str) -> dict[str, str]:
    return {"folio": folio, "access_code": code, "client_key": site.client_key()}


def remember(site: Site, folio: str, code: str) -> None:
    settings = site.settings
    bottle.response.set_cookie(
        STATUS_COOKIE, security.receipt_cookie(settings.secret_key, folio, code, settings.receipt_max_age),
        path=url("/consulta"), httponly=True, samesite="Strict", secure=site.is_https(),
        max_age=settings.receipt_max_age,
    )


def forget(site: Site) -> None:
    """Drop the remembered folio + code: deleted with the flags it was set with (a cookie
    deleted without them may be kept by the browser as a different one)."""
    bottle.response.delete_cookie(STATUS_COOKIE, path=url("/consulta"), httponly=True, samesite="Strict",
                                  secure=site.is_https())


def with_code(site: Site, folio: str) -> str | None:
    """The access code this browser remembers for `folio` (None: none, expired or forged)."""
    if not FOLIO_RE.match(folio):
        return None
    return security.read_receipt(site.settings.secret_key, bottle.request.get_cookie(STATUS_COOKIE), folio)


# ---- lookup ----

def lookup_form(site: Site) -> str:
    """GET /consulta: the lookup form (?folio= prefills it)."""
    folio = (bottle.request.query.getunicode("folio") or "").strip().upper()[:20]
    return lookup_page(site, folio, None)


def lookup(site: Site) -> str:
    """POST /consulta: folio + code proven, the status page (and the cookie that remembers them)."""
    forms = read_forms()
    folio = (forms.get("folio") or "").strip().upper()[:20]
    code = clean_code(forms.get("access_code"))
    if not site.csrf_ok(forms, FORM):
        return lookup_page(site, folio, msg("web_csrf_invalid"), 403)
    if not folio or not code:
        return lookup_page(site, folio, msg("web_lookup_required"), 422, code_error=True)
    try:
        return status_page(site, folio, code, keep=True)
    except AppError as exc:
        fail = failure(exc, invalid_status=422)
        if fail.status >= 500:
            raise
        return lookup_page(site, folio, fail.text, fail.status)


def status_again(folio: str, site: Site) -> str:
    """GET /consulta/<folio>: the status page again from the cookie (?hecho= names what was done)."""
    code = with_code(site, folio)
    if code is None:
        return expired(site, folio)
    return status_page(site, folio, code, done=bottle.request.query.get("hecho") or "")


# ---- the requester's actions ----

def action(site: Site, folio: str, call: str, params: dict[str, Any], done: str, field: str,
           values: dict[str, str], images: list[Any] | None = None) -> Any:
    """Run one requester procedure; on refusal re-render the page with the message by its form."""
    gateway = site.gateway
    forms = read_forms()
    code = with_code(site, folio)
    if code is None:
        return expired(site, folio)
    state = FormState(values)
    sent_images = len([u for u in images or [] if u.raw_filename or u.filename])
    if not site.csrf_ok(forms, ACTION_FORM):
        state.add(field, msg("web_csrf_invalid"))
        state.images_dropped = sent_images
        return status_page(site, folio, code, 403, state, form_values=values)
    if forms.get(HONEYPOT):
        return message_page("No se pudo enviar", msg("web_honeypot"), 400)
    extra: dict[str, Any] = {}
    if sent_images:  # the rate limit before any decoding (issue 20, finding 5)
        try:
            gateway.call("webform.check_submit_quota", client_key=site.client_key())
        except (AppError, DatabaseUnavailable) as exc:
            return refused(site, folio, code, exc, state, field, values, sent_images)
    if images is not None:
        clean = photos.read_photos(images, site.settings, state, site.rules.max_images, field=REPLY_IMAGES)
        if state.has_errors:
            return status_page(site, folio, code, 422, state, form_values=values)
        extra = photos.attachment_params(clean)
    try:
        rows = gateway.call(call, **proof(site, folio, code), **params, **extra)
    except (AppError, DatabaseUnavailable) as exc:
        return refused(site, folio, code, exc, state, field, values, sent_images)
    if not rows:  # the code stopped working (reissued at the computing center)
        forget(site)
        return lookup_page(site, folio, msg("web_lookup_not_found"), 200, code_error=True)
    after(folio, done)


def refused(site: Site, folio: str, code: str, exc: AppError | DatabaseUnavailable, state: FormState, field: str,
            values: dict[str, str], sent_images: int) -> str:
    """A procedure said no: the status page again with its message by the form (a 5xx goes to the guard)."""
    fail = failure(exc, invalid_status=422)
    if fail.status >= 500:
        raise exc
    state.add(field, fail.text)
    state.images_dropped = sent_images
    page = status_page(site, folio, code, fail.status, state, form_values=values)
    apply(fail)
    return page


def idempotency(forms: dict[str, str]) -> str | None:
    try:
        return str(uuid.UUID(forms.get("idempotency_key") or ""))
    except ValueError:
        return None


def reply(folio: str, site: Site) -> Any:
    """POST /consulta/<folio>/responder: a message and up to 3 photos."""
    forms = read_forms()
    body = (forms.get("mensaje") or "")[:5000]
    return action(site, folio, "webform.add_requester_reply",
                  {"body": body, "idempotency_key": idempotency(forms)}, "respuesta", "mensaje",
                  {"mensaje": body}, images=bottle.request.files.getall(REPLY_IMAGES))


def confirm(folio: str, site: Site) -> Any:
    """POST /consulta/<folio>/confirmar: «Sí, quedó resuelto»."""
    return action(site, folio, "webform.confirm_resolution", {}, "confirmada", "confirmar", {})


def reopen(folio: str, site: Site) -> Any:
    """POST /consulta/<folio>/reabrir: «No está resuelto» with a message."""
    forms = read_forms()
    body = (forms.get("motivo") or "")[:5000]
    return action(site, folio, "webform.reopen_ticket", {"body": body, "idempotency_key": idempotency(forms)},
                  "reabierta", "motivo", {"motivo": body})


def rate(folio: str, site: Site) -> Any:
    """POST /consulta/<folio>/calificar: a rating 1-5 once, optional comment."""
    forms = read_forms()
    raw = (forms.get("calificacion") or "").strip()
    rating = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 3 else None
    comment = (forms.get("comentario") or "")[:5000]
    return action(site, folio, "webform.rate_ticket", {"rating": rating, "comment": comment.strip() or None},
                  "calificada", "calificacion", {"calificacion": raw, "comentario": comment})


def forget_here(folio: str, site: Site) -> str:
    """POST /consulta/<folio>/borrar: «Terminé: borrar de este equipo»."""
    forms = read_forms()
    if not site.csrf_ok(forms, ACTION_FORM):
        return message_page("No se pudo completar", msg("web_csrf_invalid"), 403, ("/consulta", "Volver"))
    forget(site)
    return message_page(
        "Datos borrados de este equipo",
        "Este navegador ya no guarda su folio ni su código de acceso. Para volver a consultar, escríbalos "
        "de nuevo.", 200, ("/consulta", "Consultar una solicitud"), robots="noindex, nofollow",
    )


# ---- photos ----

def photo(token: str, site: Site) -> Any:
    """GET /consulta/foto/<token>: a photo by the database's short-lived link (?miniatura=1: small)."""
    if not TOKEN_RE.match(token):
        return message_page("Imagen no disponible", msg("web_photo_unavailable"), 404, ("/consulta", "Volver"))
    rows = site.gateway.call("webform.get_ticket_photo", photo_token=bytes.fromhex(token))
    kind = security.sniff_image(bytes(rows[0]["content"][:16])) if rows else None
    if not rows or kind is None:
        return message_page("Imagen no disponible", msg("web_photo_unavailable"), 404, ("/consulta", "Volver"))
    content = bytes(rows[0]["content"])
    if bottle.request.query.get("miniatura") == "1":
        kind, content = thumbnail(content, kind)
    res = bottle.HTTPResponse(body=content, status=200)
    res.set_header("Content-Type", kind)
    res.set_header("Content-Length", str(len(content)))
    res.set_header("Cache-Control", "no-store")
    res.set_header("X-Content-Type-Options", "nosniff")
    res.set_header("Content-Security-Policy", "default-src 'none'; sandbox")
    res.set_header("Content-Disposition", "inline; filename=\"foto" + {"image/png": ".png", "image/webp": ".webp"}
                   .get(kind, ".jpg") + "\"")
    return res


def thumbnail(content: bytes, kind: str) -> tuple[str, bytes]:
    """A small JPEG/PNG of a stored (already clean) photo; the original on any trouble."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content), formats=[photos.FORMATS[kind]]) as im:
            im.thumbnail((THUMB_SIDE, THUMB_SIDE))
            out = io.BytesIO()
            if im.mode in ("RGBA", "LA", "P"):
                im.save(out, "PNG", optimize=True)
                return "image/png", out.getvalue()
            im.convert("RGB").save(out, "JPEG", quality=80)
            return "image/jpeg", out.getvalue()
    except (OSError, ValueError, SyntaxError):
        return kind, content
