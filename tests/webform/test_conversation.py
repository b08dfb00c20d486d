"""Features 1-5 on the status page, over HTTP without JavaScript (real app, real PostgreSQL)."""

from __future__ import annotations

import io
import re
import time

from PIL import Image

from gateway import error_id, message
from tests.webform import images
from tests.webform.conftest import uploads, web_client


def reg(key: str) -> str:
    return message(error_id(key))


def token(page, action: str) -> dict[str, str]:
    """Hidden fields of the form posting to .../<action>."""
    form = re.search(rf'action="/consulta/[^"]+/{action}".*?</form>', page.text, re.S).group(0)
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def events(web, folio: str) -> list[tuple]:
    return web.db.sql(
        "SELECT e.event_type, e.is_public, os.code, ns.code, e.body FROM app.ticket_event AS e "
        "JOIN app.ticket AS t USING (ticket_id) LEFT JOIN app.status AS os ON os.status_id = e.old_status_id "
        "LEFT JOIN app.status AS ns ON ns.status_id = e.new_status_id WHERE t.folio = %s ORDER BY e.event_id",
        params=(folio,))


def test_status_page_shows_what_i_reported_and_my_photo_through_a_short_link(web):
    folio, code = web.submit_ok({"description": "La impresora <b>atasca</b> papel\ndesde ayer."},
                                files=[("imagenes", "foto.jpg", images.jpeg((800, 600)))])
    page = web.lookup(folio, code)
    assert page.status_int == 200 and page.headers.get("Cache-Control") == "no-store"
    reported = re.search(r'id="lo-que-reporto".*?</section>', page.text, re.S).group(0)
    assert "La impresora &lt;b&gt;atasca&lt;/b&gt; papel\ndesde ayer." in reported
    assert "Internet" in reported and "Aula 5, planta alta" in reported and "Docente" in reported
    links = re.findall(r'href="/consulta/foto/([0-9a-f]+)"', reported)
    assert len(links) == 1 and len(links[0]) == 64  # a 256-bit link, never an attachment id
    assert code not in reported
    full = web.client.get(f"/consulta/foto/{links[0]}")
    assert full.status_int == 200 and full.headers.get("Content-Type") == "image/jpeg"
    assert full.headers.get("Cache-Control") == "no-store" and full.headers.get("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in full.headers.get("Content-Security-Policy")
    assert Image.open(io.BytesIO(full.body)).size == (800, 600)
    thumb = web.client.get(f"/consulta/foto/{links[0]}?miniatura=1")
    assert thumb.status_int == 200 and max(Image.open(io.BytesIO(thumb.body)).size) <= 240
    assert thumb.headers.get("Cache-Control") == "no-store"
    for bad in ("0" * 64, "xyz", links[0][:-1]):
        gone = web.client.get(f"/consulta/foto/{bad}", status=404)
        assert gone.status_int == 404 and reg("web_photo_unavailable") in gone.text
    assert "¿Perdió su código de acceso?" in page.text and "con su folio" in page.text


def test_reply_while_waiting_moves_the_ticket_back_and_a_double_click_makes_one_message(web):
    folio, code = web.submit_ok()
    web.move(folio, "en_proceso")
    web.move(folio, "en_espera")
    page = web.lookup(folio, code)
    assert "El Centro de Cómputo espera su respuesta" in page.text
    top = page.text.split('id="pendiente"', 1)[1].split("</div>", 1)[0]  # said at the top, with the way to it
    assert 'href="#responder"' in top and page.text.index('id="pendiente"') < page.text.index('id="lo-que-reporto"')
    hidden = token(page, "responder")
    body = {**hidden, "mensaje": "Ya reinicié el equipo y sigue igual.", "sitio_web": ""}
    first = web.client.post(f"/consulta/{folio}/responder", body)
    assert first.status_int == 303 and first.headers.get("Location") == f"/consulta/{folio}?hecho=respuesta"
    again = web.client.post(f"/consulta/{folio}/responder", body)  # same idempotency key
    assert again.status_int == 303
    assert web.status_of(folio) == "en_proceso"
    mine = [e for e in events(web, folio) if e[0] == "solicitante"]
    assert mine == [("solicitante", True, "en_espera", "en_proceso", "Ya reinicié el equipo y sigue igual.")]
    shown = web.client.get(first.headers.get("Location"))
    assert "Su mensaje fue enviado" in shown.text and "Mensaje del solicitante" in shown.text
    assert 'id="estado">En proceso<' in shown.text


def test_reply_with_a_photo_stores_it_clean_and_refuses_bad_input_in_spanish(web):
    folio, code = web.submit_ok()
    page = web.lookup(folio, code)
    hidden = token(page, "responder")
    short = web.client.post(f"/consulta/{folio}/responder", {**hidden, "mensaje": "x"}, status=422)
    assert short.status_int == 422 and reg("reply_body_length") in short.text
    assert 'id="err-mensaje"' in short.text and 'autofocus' in short.text
    bad = web.client.post(f"/consulta/{folio}/responder", {**hidden, "mensaje": "Otra foto"},
                          upload_files=uploads([("fotos", "rota.jpg", images.truncated_jpeg())]), status=422)
    assert bad.status_int == 422 and reg("web_image_unreadable") in bad.text and reg("web_images_reattach") in bad.text
    ok = web.client.post(f"/consulta/{folio}/responder", {**token(bad, "responder"), "mensaje": "Otra foto"},
                         upload_files=uploads([("fotos", "gps.jpg", images.gps_jpeg())]))
    assert ok.status_int == 303
    stored = web.db.sql("SELECT a.content FROM app.attachment AS a JOIN app.ticket AS t USING (ticket_id) "
                        "WHERE t.folio = %s AND a.event_id IS NOT NULL", params=(folio,))
    assert len(stored) == 1 and not Image.open(io.BytesIO(bytes(stored[0][0]))).getexif().get_ifd(images.GPS_IFD)
    forged = web.client.post(f"/consulta/{folio}/responder", {"mensaje": "sin token"}, status=403)
    assert forged.status_int == 403 and reg("web_csrf_invalid") in forged.text


def test_confirm_a_resolved_ticket(web):
    folio, code = web.submit_ok()
    web.move(folio, "resuelto", from_status="en_proceso")
    page = web.lookup(folio, code)
    assert 'id="f-confirmar"' in page.text and 'id="reabrir"' in page.text and 'id="calificar"' in page.text
    top = page.text.split('id="pendiente"', 1)[1].split("</div>", 1)[0]
    assert 'href="#resolver"' in top and 'href="#calificar"' in top
    # the forms that wait for the requester come before the long report (near the top on a phone)
    assert page.text.index('id="calificar"') < page.text.index('id="lo-que-reporto"')
    done = web.client.post(f"/consulta/{folio}/confirmar", token(page, "confirmar"))
    assert done.status_int == 303 and web.status_of(folio) == "cerrado"
    shown = web.client.get(done.headers.get("Location"))
    assert "la solicitud quedó cerrada" in shown.text and 'id="f-confirmar"' not in shown.text


def test_reopen_within_the_window_and_refused_after_it(web):
    folio, code = web.submit_ok()
    web.move(folio, "resuelto", from_status="en_proceso", resolved_days_ago=1)
    page = web.lookup(folio, code)
    empty = web.client.post(f"/consulta/{folio}/reabrir", {**token(page, "reabrir"), "motivo": ""}, status=422)
    assert empty.status_int == 422 and reg("reply_body_length") in empty.text and web.status_of(folio) == "resuelto"
    ok = web.client.post(f"/consulta/{folio}/reabrir", {**token(page, "reabrir"), "motivo": "Sigue sin imprimir."})
    assert ok.status_int == 303 and web.status_of(folio) == "en_proceso"
    # resolved again; the page is opened on the last day of the window and sent after it closed
    web.move(folio, "resuelto", resolved_days_ago=6.9)
    page = web.client.get(f"/consulta/{folio}")
    assert 'id="reabrir"' in page.text
    web.db.sql("UPDATE app.ticket SET resolved_at = now() - interval '8 days' WHERE folio = %s", params=(folio,))
    late = web.client.post(f"/consulta/{folio}/reabrir", {**token(page, "reabrir"), "motivo": "Otra vez falla."},
                           status=422)
    assert late.status_int == 422 and reg("reopen_window_expired") in late.text
    assert web.status_of(folio) == "resuelto"
    assert "Ya pasó el plazo para reabrir" in web.client.get(f"/consulta/{folio}").text


def test_rate_once_and_refused_a_second_time(web):
    folio, code = web.submit_ok()
    web.move(folio, "resuelto", from_status="en_proceso")
    page = web.lookup(folio, code)
    hidden = token(page, "calificar")
    none = web.client.post(f"/consulta/{folio}/calificar", {**hidden, "calificacion": ""}, status=422)
    assert none.status_int == 422 and reg("rating_invalid") in none.text
    first = web.client.post(f"/consulta/{folio}/calificar", {**hidden, "calificacion": "4", "comentario": "Rápido"})
    assert first.status_int == 303
    second = web.client.post(f"/consulta/{folio}/calificar", {**hidden, "calificacion": "1"}, status=422)
    assert second.status_int == 422 and reg("rating_already_given") in second.text
    assert web.db.sql("SELECT r.rating FROM app.ticket_rating AS r JOIN app.ticket AS t USING (ticket_id) "
                      "WHERE t.folio = %s", params=(folio,)) == [(4,)]
    assert "Usted calificó la atención con <strong>4 de 5</strong>" in web.client.get(f"/consulta/{folio}").text


def test_actions_need_the_lookup_cookie_and_forget_clears_it(web):
    folio, code = web.submit_ok()
    page = web.lookup(folio, code)
    assert "itl_consulta" in web.client.cookies
    cookie = next(v for v in page.headers.getall("Set-Cookie") if v.startswith("itl_consulta="))
    assert "HttpOnly" in cookie and "Path=/consulta" in cookie and f"Max-Age={web.settings.receipt_max_age}" in cookie
    done = web.client.post(f"/consulta/{folio}/borrar", token(page, "borrar"))
    assert done.status_int == 200 and "itl_consulta" not in web.client.cookies
    again = web.client.get(f"/consulta/{folio}")
    assert 'id="estado"' not in again.text and f'value="{folio}"' in again.text
    blocked = web.client.post(f"/consulta/{folio}/responder", {**token(page, "responder"), "mensaje": "Hola"},
                              status="*")
    assert 'id="estado"' not in blocked.text and not [e for e in events(web, folio) if e[0] == "solicitante"]


def test_a_replaced_access_code_gets_the_neutral_answer(web):
    folio, code = web.submit_ok()
    page = web.lookup(folio, code)
    web.db.sql("UPDATE app.ticket SET access_code_hash = sha256('otro'::bytea) WHERE folio = %s", params=(folio,))
    resp = web.client.post(f"/consulta/{folio}/responder", {**token(page, "responder"), "mensaje": "¿Sigue?"},
                           status="*")
    assert reg("web_lookup_not_found") in resp.text and 'id="estado"' not in resp.text


def test_the_right_code_works_after_50_wrong_ones_on_its_folio(web):
    """Issue 20, finding 6: one anonymous address sent 50 wrong codes for a folio (folios are
    sequential); its owner still looks it up, replies, confirms and rates."""
    folio, code = web.submit_ok()
    attacker = web_client(web.app)
    hidden = {"csrf_token": attacker.get("/consulta").hidden("csrf_token")}
    started = time.perf_counter()
    answers = [attacker.post("/consulta", {"folio": folio, "access_code": f"ZZZZZ{n:05d}", **hidden},
                             status=[200, 429]).status_int
               for n in range(50)]
    elapsed = time.perf_counter() - started
    print(f"\n50 consultas con código incorrecto (un cliente, en serie): {elapsed:.2f} s, {50 / elapsed:.0f}/s")
    assert set(answers) == {200, 429}, answers  # misses, then the folio's limit for wrong codes
    page = web.lookup(folio, code)
    assert page.status_int == 200 and folio in page.text
    sent = web.client.post(f"/consulta/{folio}/responder",
                           {**token(page, "responder"), "mensaje": "Sigue sin funcionar, gracias."})
    assert sent.status_int == 303, sent.summary()
    web.move(folio, "resuelto", from_status="en_proceso")
    page = web.client.get(f"/consulta/{folio}")
    web.client.post(f"/consulta/{folio}/calificar", {**token(page, "calificar"), "calificacion": "5"}, status=303)
    page = web.client.get(f"/consulta/{folio}")
    web.client.post(f"/consulta/{folio}/confirmar", token(page, "confirmar"), status=303)
    assert web.status_of(folio) == "cerrado"
