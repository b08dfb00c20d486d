"""Calling the web form's WSGI app in-process, like a server would (for the abuse tests)."""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from typing import Any
from wsgiref.util import setup_testing_defaults

from webform import create_app
from webform.config import Settings

_CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
_CODE = re.compile(r'id="codigo"[^>]*>([^<]+)<')


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    text: str

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    def cookies(self) -> dict[str, str]:
        jar = {}
        for k, v in self.headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                jar[name] = rest.split(";", 1)[0]
        return jar


def make_app(web_gateway: Any) -> Any:
    return create_app(web_gateway, Settings(secret_key=secrets.token_bytes(32)))


def call(app: Any, method: str, path: str, query: str = "", body: bytes = b"",
         headers: dict[str, str] | None = None, content_length: str | None = None) -> Answer:
    """One request; `path` is the raw (percent-decoded) path as text, sent to WSGI as latin-1."""
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    raw_path = path.encode("utf-8", "surrogatepass").decode("latin-1")
    environ.update({
        "REQUEST_METHOD": method, "PATH_INFO": raw_path, "QUERY_STRING": query,
        "CONTENT_LENGTH": str(len(body)) if content_length is None else content_length,
        "wsgi.input": io.BytesIO(body), "REMOTE_ADDR": "127.0.0.1",
    })
    environ.pop("CONTENT_TYPE", None)
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[key] = value
        else:
            environ["HTTP_" + key] = value
    captured: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured["status"] = int(status.split(" ", 1)[0])
        captured["headers"] = response_headers
        return lambda data: None

    result = app(environ, start_response)
    try:
        data = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Answer(captured["status"], captured["headers"], data.decode("utf-8", "replace"))


class Browser:
    """Keeps the CSRF cookie and token (and the receipt cookie) of one visitor."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.jar: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, query: str = "", form: dict[str, Any] | None = None) -> Answer:
        from urllib.parse import urlencode

        body = urlencode(form or {}).encode() if form is not None else b""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())} if self.jar else {}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = call(self.app, method, path, query, body, headers)
        self.jar.update(answer.cookies())
        return answer

    def open_form(self, path: str = "/") -> Answer:
        answer = self.request("GET", path)
        found = _CSRF.search(answer.text)
        assert found, "the page has no CSRF token"
        self.token = found.group(1)
        return answer

    def post(self, path: str, form: dict[str, Any]) -> Answer:
        if not self.token:
            self.open_form("/" if path.startswith("/solicitudes") else "/consulta")
        return self.request("POST", path, form={**form, "csrf_token": self.token})


def access_code(receipt_html: str) -> str:
    found = _CODE.search(receipt_html)
    assert found, "the receipt shows no access code"
    return found.group(1).strip()
