"""webform.forms.parse_body reads a url-encoded body in one pass: for any body it must give the
fields bottle's own parser gave after read_forms re-coded them from latin-1 to UTF-8 (what the
app used before), invalid bytes as U+FFFD, never an exception."""

from __future__ import annotations

import io

import bottle
from hypothesis import given, settings
from hypothesis import strategies as st

from webform import forms

PIECES = st.sampled_from([b"&", b"=", b"+", b"%", b"%2", b"%C3%A9", b"%e9", b"%00", b"%zz", b"\xc3\xa9", b"\xe9",
                          b"\xff", b"a", b"campo", b"Mar\xc3\xada", b"%26", b"%3D", b";", b" "])


def environ(body: bytes) -> dict:
    return {"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "PATH_INFO": "/", "QUERY_STRING": ""}


def as_before(body: bytes) -> list[tuple[str, str]]:
    """bottle.request.POST (latin-1 text) re-coded as read_forms did."""
    post = bottle.BaseRequest(environ(body)).POST

    def fix(text: str) -> str:
        return text.encode("latin1", "replace").decode("utf-8", "replace")

    return [(fix(k), fix(v)) for k, v in post.allitems()]


def as_now(body: bytes) -> list[tuple[str, str]]:
    bottle.request.bind(environ(body))
    forms.parse_body()
    return list(bottle.request.POST.allitems())


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map(b"".join))
def test_same_fields_as_bottle_plus_recoding(body):
    assert as_now(body) == as_before(body)


def test_read_forms_gives_utf8_text_and_the_first_value():
    bottle.request.bind(environ(b"nombre=Mar%C3%ADa+Jos%C3%A9&nombre=otra&mal=%E9&vacio="))
    forms.parse_body()
    assert forms.read_forms() == {"nombre": "María José", "mal": "\ufffd", "vacio": ""}
