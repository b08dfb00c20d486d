"""Every command README.md and docs/ show runs as written: its `--help` works and knows the options shown.

Commands are `python -m MODULE ...` (with or without `.venv/bin/`) and `./run.sh ...` (tools.run_system).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMAND = re.compile(r"(?:(?:\.venv/bin/)?python -m ([\w.]*\w)(?![\w.<])|\./run\.sh)([^`|#\n]*)")
OPTION = re.compile(r"(?<!\S)(--[a-z][\w-]*)")
NOT_OURS = {"pip", "pytest", "venv", "playwright"}


def documented() -> dict[str, dict[str, set[str]]]:
    """module -> {option: {where it is shown}} for every documented command."""
    found: dict[str, dict[str, set[str]]] = {}
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            for match in COMMAND.finditer(line):
                module = match.group(1) or "tools.run_system"
                if module in NOT_OURS:
                    continue
                rest = match.group(2).split(" -- ")[0]  # after a bare `--` the arguments are pytest's
                options = found.setdefault(module, {})
                for option in OPTION.findall(rest):
                    options.setdefault(option, set()).add(f"{doc.relative_to(ROOT)}:{number}")
    return found


def test_every_documented_command_answers_help_with_the_options_shown():
    commands = documented()
    assert {"tools.deploy", "tools.backup", "tools.run_system", "desktop", "webform", "tools.dev.seed_demo",
            "tools.dev.checks.parity", "tools.dev.shared_mode_proof"} <= set(commands), sorted(commands)
    running = {module: subprocess.Popen([sys.executable, "-m", module, "--help"], cwd=ROOT, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
               for module in sorted(commands)}
    problems = []
    for module, process in running.items():
        output, _ = process.communicate(timeout=300)
        if process.returncode != 0 or "usage:" not in output:
            problems.append(f"python -m {module} --help: código {process.returncode}\n{output[-600:]}")
            continue
        for option, where in sorted(commands[module].items()):
            if not re.search(rf"{re.escape(option)}\b", output):
                problems.append(f"python -m {module}: la opción {option} no existe ({', '.join(sorted(where))})")
    print(f"{len(running)} comandos documentados: {', '.join(sorted(running))}")
    assert not problems, "\n".join(problems)
