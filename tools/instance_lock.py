"""One running system per data folder: an OS file lock held for the life of the process.

The lock is taken with fcntl.flock on POSIX and msvcrt.locking on Windows (both in the standard
library). The kernel releases it when the process ends, however it ends (Ctrl+C, SIGKILL, power
loss), so a stale file never blocks a new start. The file also records who holds it (PID and
ports), so that a second instance can tell the operator which one is running.

A clean release deletes the file (and the data folder, when acquire() created it and it is still
empty), so a run that was refused, e.g. for a busy web port, leaves nothing behind. The file is
deleted while still locked; whoever was waiting on it then finds that its locked file is no longer
the one at the path and locks the new one instead (the usual flock-and-unlink protocol).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

LOCK_NAME = "sistema.lock"


class InstanceBusy(Exception):
    """Another process holds the lock; `holder` is what it wrote (may be empty while it starts)."""

    def __init__(self, path: Path, holder: dict[str, Any]) -> None:
        super().__init__(str(path))
        self.path = path
        self.holder = holder

    def message(self, folder: Path) -> str:
        pid = self.holder.get("pid", "desconocido")
        what = self.holder.get("proceso", "el sistema")
        parts = [f"PID {pid}"]
        if self.holder.get("web"):
            parts.append(f"formulario web en {self.holder['web']}")
        if self.holder.get("db_port"):
            parts.append(f"base de datos en 127.0.0.1:{self.holder['db_port']}")
        return (f"Ya hay una instancia {_of(what)} usando la carpeta de datos {folder} "
                f"({', '.join(parts)}). Deténgala primero (Ctrl+C en su ventana o kill {pid}) "
                "o use otra carpeta con --state.")


def _of(what: str) -> str:
    """Spanish contraction: «de el sistema» -> «del sistema»."""
    return "del " + what[3:] if what.startswith("el ") else f"de {what}"


def _try_lock(fh: IO[str]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _read_holder(path: Path) -> dict[str, Any]:
    for _ in range(10):  # the holder writes right after locking; give it a moment
        try:
            text = path.read_text(encoding="utf-8").strip()
            if text:
                return json.loads(text)
        except (OSError, ValueError):
            pass
        time.sleep(0.1)
    return {}


def _is_current(fh: IO[str], path: Path) -> bool:
    """True when the open (locked) file is still the one at `path` (POSIX; always True on Windows)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return True
    try:
        return os.stat(path).st_ino == os.fstat(fh.fileno()).st_ino
    except OSError:
        return False


class InstanceLock:
    """`with InstanceLock(folder, wait=15, pid=..., web=..., db_port=...)`: raises InstanceBusy."""

    def __init__(self, folder: Path, wait: float = 0.0, **holder: Any) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self.wait = wait
        self.holder = {"pid": os.getpid(), **holder}
        self._fh: IO[str] | None = None
        self._made_folder = False

    def acquire(self, on_wait: Any = None) -> None:
        self._made_folder = not self.folder.exists()
        self.folder.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait
        announced = False
        while True:
            fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
            while not _try_lock(fh):
                if time.monotonic() >= deadline:
                    fh.close()
                    raise InstanceBusy(self.path, _read_holder(self.path))
                if not announced and on_wait is not None:
                    on_wait(_read_holder(self.path))
                    announced = True
                time.sleep(0.2)
            if _is_current(fh, self.path):
                break
            fh.close()  # the holder deleted it on release: lock the file now at the path
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(self.holder))
        fh.flush()
        self._fh = fh

    def update(self, **holder: Any) -> None:
        if self._fh is None:
            return
        self.holder.update(holder)
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(json.dumps(self.holder))
        self._fh.flush()

    def release(self) -> None:
        if self._fh is None:
            return
        with contextlib.suppress(OSError):
            self._fh.seek(0)
            self._fh.truncate()
            if sys.platform != "win32":
                self.path.unlink()  # still locked: see the module's docstring
        self._fh.close()  # closing the file drops the lock
        self._fh = None
        with contextlib.suppress(OSError):
            if sys.platform == "win32":  # an open file cannot be deleted there: fails if another process has it
                self.path.unlink()
            if self._made_folder:
                self.folder.rmdir()  # only when empty

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()


@contextlib.contextmanager
def folder_lock(path: Path) -> Iterator[None]:
    """A blocking lock on `path` (used around initdb so two starts never initialize one folder at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as fh:
        while not _try_lock(fh):
            time.sleep(0.2)
        yield
