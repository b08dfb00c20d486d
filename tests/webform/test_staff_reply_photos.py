"""A staff public reply with an image: the requester sees the image WITH that reply on the status
page (not among the photos they sent), through the same short-lived links."""

from __future__ import annotations

import io
import re

from PIL import Image

from tests.support.database import insert_staff_session
from tests.webform import images


def test_staff_reply_image_is_shown_with_the_reply(web):
    folio, code = web.submit_ok(files=[("imagenes", "mia.jpg", images.jpeg((640, 480)))])
    ticket_id, version = web.db.sql("SELECT ticket_id, row_version FROM app.ticket WHERE folio = %s",
                                    params=(folio,))[0]
    _, token = insert_staff_session(web.db, "operador")
    shot = images.jpeg((300, 200))
    web.db.desk.call("staff.add_comment", token=token, ticket_id=ticket_id, row_version=version,
                     body="Así debe verse la configuración de la red.", is_public=True,
                     attachment1_name="captura.jpg", attachment1_type="image/jpeg", attachment1_content=shot)
    web.db.desk.call("staff.add_comment", token=token, ticket_id=ticket_id, row_version=version + 1,
                     body="Nota interna sin imagen.", is_public=False)
    page = web.lookup(folio, code)
    assert page.status_int == 200
    reported = re.search(r'id="lo-que-reporto".*?</section>', page.text, re.S).group(0)
    assert len(re.findall(r'href="/consulta/foto/', reported)) == 1  # only the requester's own photo
    items = re.findall(r'<li class="event event-([a-z]+)">(.*?)</li>\s*(?=<li class="event|</ol>)', page.text, re.S)
    reply = [body for kind_, body in items if kind_ == "respuesta"]
    assert len(reply) == 1 and "Así debe verse la configuración de la red." in reply[0]
    links = re.findall(r'href="/consulta/foto/([0-9a-f]{64})"', reply[0])
    assert len(links) == 1 and 'alt="Foto 2: captura.jpg' in reply[0]
    assert "Nota interna" not in page.text
    got = web.client.get(f"/consulta/foto/{links[0]}")
    assert got.status_int == 200 and Image.open(io.BytesIO(got.body)).size == (300, 200)
