"""The desktop app and the gateway run on Windows: no POSIX-only call in desktop/ or gateway/.

    python -m tools.dev.checks.posix_free [PROJECT_ROOT]

The staff work on Windows PCs (docs/readme/desktop.md), so every .py file of desktop/ and
gateway/ is read with the `ast` module and fails on
  - an import of a module Windows lacks: fcntl, grp, pwd, pty, tty, termios, resource, posix,
    crypt, spwd, syslog, nis (also `from os import fork` and the like);
  - a use of an `os` function Windows lacks: os.fork, os.getuid, os.setsid, os.killpg, os.chown,
    os.uname, os.getloadavg, ... (`os.<name>` or a name imported from os);
  - a signal Windows lacks: signal.SIGKILL, SIGHUP, SIGQUIT, SIGUSR1/2, SIGALRM, SIGCHLD,
    SIGPIPE, SIGSTOP, SIGCONT, ... and signal.alarm / setitimer / pause / pthread_kill;
  - a string literal that is a hard-coded POSIX path where the app would keep or look for its
    own files: "/tmp", "/home/...", "/var/...", "/etc", "/opt", "/dev", "/proc", "/run",
    "/root", "/mnt", "/media", "/srv" (use tempfile, pathlib.Path.home() or platformdirs).
    "/usr/..." is not listed: read-only system data tried among other candidates (a font
    under /usr/share/fonts, then C:/Windows/Fonts) is portable.
A line may be exempted with a trailing `# posix-ok: <reason>` (code that runs only on POSIX
behind a platform check); the check lists the exemptions so they stay visible.
"""

from __future__ import annotations

import ast
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tools.dev.checks._cli import folder_argument

ROOT = Path(__file__).resolve().parents[3]
FOLDERS = ("desktop", "gateway")
POSIX_MODULES = {"fcntl", "grp", "pwd", "pty", "tty", "termios", "resource", "posix", "crypt", "spwd",
                 "syslog", "nis", "ossaudiodev"}
POSIX_OS = {
    "fork", "forkpty", "openpty", "getuid", "geteuid", "getgid", "getegid", "getgroups", "setuid", "seteuid",
    "setgid", "setegid", "setgroups", "setsid", "getsid", "setpgid", "getpgid", "setpgrp", "getpgrp", "killpg",
    "wait3", "wait4", "waitid", "chown", "lchown", "fchown", "chroot", "mkfifo", "mknod", "nice", "sync",
    "uname", "getloadavg", "sysconf", "statvfs", "fstatvfs", "pipe2", "posix_spawn", "posix_spawnp",
    "sched_getaffinity", "sched_setaffinity", "getpriority", "setpriority", "ttyname", "ctermid",
    "WNOHANG", "O_NONBLOCK", "O_CLOEXEC",
}
POSIX_SIGNALS = {
    "SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE", "SIGSTOP",
    "SIGCONT", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGWINCH", "SIGVTALRM", "SIGPROF", "SIGIO", "SIGPOLL",
    "SIGSYS", "SIGTRAP", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGBUS", "SIGPWR",
    "alarm", "setitimer", "getitimer", "pause", "pthread_kill", "pthread_sigmask", "sigwait", "sigtimedwait",
    "siginterrupt", "sigpending", "ITIMER_REAL",
}
POSIX_PATH = re.compile(r"^/(tmp|home|var|etc|opt|dev|proc|run|root|mnt|media|srv)(/|$)")
EXEMPT = re.compile(r"#\s*posix-ok:\s*(\S.*)$")


@dataclass
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _exemption(lines: list[str], lineno: int) -> str | None:
    if 1 <= lineno <= len(lines):
        found = EXEMPT.search(lines[lineno - 1])
        if found:
            return found.group(1).strip()
    return None


def check_source(text: str, rel: str) -> tuple[list[Finding], list[Finding]]:
    """(findings, exemptions) of one file's source."""
    lines = text.splitlines()
    try:
        tree = ast.parse(text, filename=rel)
    except SyntaxError as exc:
        return [Finding(rel, exc.lineno or 0, f"no se pudo leer el archivo: {exc.msg}")], []
    os_names: dict[str, str] = {}  # local alias -> "os" / "signal"
    raw: list[Finding] = []
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top in POSIX_MODULES:
                    raw.append(Finding(rel, node.lineno, f"import {alias.name}: el módulo no existe en Windows"))
                if top in ("os", "signal"):
                    os_names[alias.asname or top] = top
        elif isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            if top in POSIX_MODULES:
                raw.append(Finding(rel, node.lineno, f"from {node.module} import ...: el módulo no existe en Windows"))
            for alias in node.names:
                banned = POSIX_OS if top == "os" and node.module == "os" else (
                    POSIX_SIGNALS if node.module == "signal" else set())
                if alias.name in banned:
                    raw.append(Finding(rel, node.lineno,
                                       f"from {node.module} import {alias.name}: no existe en Windows"))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = os_names.get(node.value.id)
            if module == "os" and node.attr in POSIX_OS:
                raw.append(Finding(rel, node.lineno, f"os.{node.attr}: no existe en Windows"))
            elif module == "signal" and node.attr in POSIX_SIGNALS:
                raw.append(Finding(rel, node.lineno, f"signal.{node.attr}: Windows no tiene esa señal o función"))
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
              and POSIX_PATH.match(node.value)):
            raw.append(Finding(rel, node.lineno, f"ruta POSIX fija {node.value!r}: use tempfile, "
                                                     "Path.home() o platformdirs"))
    findings, exempt = [], []
    for f in raw:
        reason = _exemption(lines, f.line)
        if reason:
            exempt.append(Finding(f.path, f.line, f"{f.what} (permitido: {reason})"))
        else:
            findings.append(f)
    return findings, exempt


def check(root: Path) -> tuple[list[Finding], list[Finding], int]:
    findings: list[Finding] = []
    exempt: list[Finding] = []
    count = 0
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            if any(part in (".venv", "__pycache__") for part in path.parts):
                continue
            count += 1
            rel = path.relative_to(root).as_posix()
            found, allowed = check_source(path.read_text(encoding="utf-8"), rel)
            findings += found
            exempt += allowed
    return findings, exempt, count


def main(argv: list[str] | None = None) -> int:
    root = folder_argument(argv, "Nada exclusivo de POSIX en desktop/ ni gateway/", "PROJECT_ROOT", ROOT)
    started = time.monotonic()
    findings, exempt, count = check(root)
    elapsed = time.monotonic() - started
    for item in exempt:
        print(f"  (permitido) {item}")
    for finding in findings:
        print(finding)
    if findings:
        print(f"posix_free: FALLÓ: {len(findings)} uso(s) de POSIX que Windows no tiene en desktop/ o gateway/ "
              f"({count} archivo(s), {elapsed:.1f} s)")
        return 1
    print(f"posix_free: bien ({count} archivo(s) de Python de desktop/ y gateway/ sin llamadas solo POSIX, "
          f"{elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
