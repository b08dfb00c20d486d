"""webform/serve.py extends waitress where it has no public hook (issue 19): GuardedServer overrides
TcpWSGIServer.handle_accept and maintenance, GuardedChannel HTTPChannel.received, SpanishErrorTask
ErrorTask.execute, and they read channel attributes (requests, will_close, last_activity...).
waitress's adjustments cover neither a per-address connection cap nor a deadline for reading a whole
request, so the subclasses stay; this test is the tripwire: it fails the day the installed waitress
differs from the one serve.py was written against, and says what to re-read."""

from __future__ import annotations

import hashlib
import importlib.metadata
import inspect

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, TcpWSGIServer
from waitress.task import ErrorTask

from webform.serve import GuardedChannel, GuardedServer, SpanishErrorTask

REVIEWED_VERSION = "3.0.2"
# sha256 of inspect.getsource() of what serve.py overrides or copies, as of REVIEWED_VERSION.
REVIEWED = {
    "TcpWSGIServer.handle_accept": (TcpWSGIServer.handle_accept, "69bfcf0fc140592a"),
    "BaseWSGIServer.maintenance": (BaseWSGIServer.maintenance, "4ab5b7f595bc4253"),
    "HTTPChannel.received": (HTTPChannel.received, "08d6df73fb69da84"),
    "HTTPChannel.__init__": (HTTPChannel.__init__, "a194769af3fd2e35"),
    "HTTPChannel.handle_close": (HTTPChannel.handle_close, "8f59b9aaa45566bb"),
    "ErrorTask.execute": (ErrorTask.execute, "4abe3262db04d291"),
}
CHANNEL_STATE = ("requests", "request", "will_close", "close_when_flushed", "total_outbufs_len", "last_activity",
                 "addr", "error_task_class")


def test_waitress_is_the_version_serve_py_was_written_against():
    version = importlib.metadata.version("waitress")
    changed = [name for name, (func, digest) in REVIEWED.items()
               if hashlib.sha256(inspect.getsource(func).encode()).hexdigest()[:16] != digest]
    assert version == REVIEWED_VERSION and not changed, (
        f"waitress {version} (revisado: {REVIEWED_VERSION}); cambió {changed}: relea webform/serve.py "
        "(GuardedServer.handle_accept/_room_for/maintenance, GuardedChannel.received, SpanishErrorTask) "
        "contra el código nuevo de waitress y actualice REVIEWED en esta prueba")


def test_the_subclasses_still_plug_into_waitress():
    assert issubclass(GuardedServer, TcpWSGIServer) and GuardedServer.channel_class is GuardedChannel
    assert issubclass(GuardedChannel, HTTPChannel) and GuardedChannel.error_task_class is SpanishErrorTask
    assert TcpWSGIServer.maintenance is BaseWSGIServer.maintenance  # the method GuardedServer extends
    init = inspect.getsource(HTTPChannel)
    missing = [name for name in CHANNEL_STATE if f"{name} =" not in init and f"self.{name}" not in init]
    assert not missing, f"HTTPChannel ya no tiene {missing}, que GuardedServer lee"
    for name in ("accept", "set_socket_options", "fix_addr", "active_channels"):
        assert hasattr(TcpWSGIServer, name) or name in inspect.getsource(BaseWSGIServer), name
