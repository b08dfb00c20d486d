"""A tiny WSGI test client (webtest is not installed): cookies, forms, multipart files."""

from __future__ import annotations

import io
import re
import secrets
import sys
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlsplit


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    text: str
    raw: bytes = b""

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def headers_all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def hidden(self, name: str) -> str:
        found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', self.text)
        assert found, f"no hidden field {name}"
        return found.group(1)

    def summary(self) -> str:
        """The error summary's text (for assertion messages)."""
        found = re.search(r'id="resumen-errores".*?</div>', self.text, re.S)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))) if found else self.text[:300]

    def field_error(self, name: str) -> str | None:
        """Text of the server-rendered error tied to field `name` (or None)."""
        found = re.search(rf'<p class="field-error" id="err-{re.escape(name)}">(.*?)</p>', self.text, re.S)
        if not found:
            return None
        return re.sub(r"<[^>]+>", "", found.group(1)).replace("Error: ", "", 1).strip()

    def described_by(self, name: str) -> str:
        found = re.search(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', self.text)
        assert found, f"no field {name}"
        attrs = re.search(r'aria-describedby="([^"]*)"', found.group(0))
        return attrs.group(1) if attrs else ""


@dataclass
class Client:
    app: Any
    remote_addr: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)
    scheme: str = "http"

    def request(self, method: str, url: str, body: bytes = b"", content_type: str = "",
                headers: dict[str, str] | None = None) -> Response:
        parts = urlsplit(url)
        errors = io.StringIO()
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method, "PATH_INFO": parts.path, "QUERY_STRING": parts.query,
            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver", "REMOTE_ADDR": self.remote_addr,
            "wsgi.url_scheme": self.scheme, "wsgi.input": io.BytesIO(body), "wsgi.errors": errors,
            "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": False,
            "wsgi.run_once": False, "CONTENT_LENGTH": str(len(body)) if body else "",
            "CONTENT_TYPE": content_type,
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for key, value in (headers or {}).items():
            name = key.upper().replace("-", "_")
            environ[name if name in ("CONTENT_LENGTH", "CONTENT_TYPE") else "HTTP_" + name] = value
        captured: dict[str, Any] = {}

        def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            captured["status"], captured["headers"] = status, response_headers

        chunks = self.app(environ, start_response)
        try:
            data = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        if errors.getvalue():
            sys.stderr.write(errors.getvalue())
        gzipped = any(k.lower() == "content-encoding" and v == "gzip" for k, v in captured["headers"])
        text = "" if gzipped else data.decode("utf-8", "replace")
        resp = Response(int(captured["status"].split()[0]), captured["headers"], text, data)
        for value in resp.headers_all("Set-Cookie"):
            cookie = SimpleCookie()
            cookie.load(value)
            for key, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return resp

    def get(self, url: str, **kw: Any) -> Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, data: dict[str, Any], files: list[tuple[str, str, bytes]] | None = None,
             **kw: Any) -> Response:
        if files is None:
            body = urlencode(data).encode("utf-8")
            return self.request("POST", url, body, "application/x-www-form-urlencoded", **kw)
        body, ctype = multipart(data, files)
        return self.request("POST", url, body, ctype, **kw)


def multipart(data: dict[str, Any], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """(field name, file name, content) triples; Content-Type says nothing true on purpose."""
    boundary = "----itl" + secrets.token_hex(8)
    out = io.BytesIO()
    for key, value in data.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode())
        out.write(str(value).encode("utf-8") + b"\r\n")
    for key, filename, content in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{filename}"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n".encode())
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"
