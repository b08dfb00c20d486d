"""The layout tells the truth: product code apart from tools and tests, short functions, no demo in production.

    python -m tools.dev.checks.layout [PROJECT_ROOT]

Fails when
  - product code (webform/, desktop/, gateway/, database/ outside its tests) imports `tools` or
    `tests` (also a lazy import inside a function);
  - test helpers go one way: nothing imports database.tests, and tests/support imports no other test
    package (shared helpers live there);
  - an operator script in tools/ imports developer tooling (tools.dev), or the tools/ modules import
    each other in a circle (deploy -> verify_install -> embedded_db -> db_files, never back);
  - a function in webform/ or desktop/ is longer than 80 lines, unless LONG_ALLOWED names it with a
    reason (temporary: files being rewritten); an entry that is no longer needed is reported;
  - what the production deploy installs (the SSMS script `tools.deploy --script` writes, and the
    PostgreSQL table versions, procedures and grants) names the demo schema (`demo.`) or the demo
    generator: demo data is installed only by `python -m tools.dev.seed_demo`;
  - README.md's "Estructura" block does not match the tree: every top-level folder, every script in
    tools/ and every module in tools/dev/ is named there, and every name it gives there exists.
"""

from __future__ import annotations

import ast
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tools.dev.checks._cli import folder_argument

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = ("webform", "desktop", "gateway", "database")
SHORT_FUNCTIONS = ("webform", "desktop")
MAX_LINES = 80
# Temporary, each with its reason ("path.py:function": "por qué"): empty when nothing waits for a rewrite.
LONG_ALLOWED: dict[str, str] = {}
# The demo schema and the generator's objects, in either dialect (snake_case or PascalCase).
DEMO = re.compile(r"(?<![\w.])demo\s*\.\s*\w|\[demo\]|\bSCHEMA\s+\[?demo\b|seed_?demo", re.I)
COMMENT = re.compile(r"^\s*--")
SECTION = re.compile(r"^-- (\S+\.sql)$")
# Table versions that retire the demo objects V006 once put in app: they drop them, and move the
# record of demo tickets already generated (if any) to the schema demo instead of losing it.
RETIRING = {"V018__demo_out_of_app.sql"}


def python_files(root: Path, folder: str) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted((root / folder).rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if "__pycache__" in path.parts:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"), rel)


def imported(tree: ast.Module, members: bool = True) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module
            for alias in node.names if members else ():  # `from tools import deploy` imports tools.deploy
                yield node.lineno, f"{node.module}.{alias.name}"


def check_imports(root: Path) -> list[str]:
    problems = []
    for folder in PRODUCT:
        for rel, tree in python_files(root, folder):
            if "/tests/" in f"/{rel}":
                continue
            for line, name in imported(tree, members=False):
                if name.split(".")[0] in ("tools", "tests"):
                    problems.append(f"{rel}:{line}: el producto importa {name}: tools/ y tests/ usan el "
                                    "producto, nunca al revés")
    problems.extend(check_test_support(root))
    graph: dict[str, set[str]] = {}
    for rel, tree in python_files(root, "tools"):
        module = rel.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        if module.startswith("tools.dev"):
            continue
        names = {name for _, name in imported(tree)}
        for line, name in imported(tree, members=False):
            if name == "tools.dev" or name.startswith("tools.dev."):
                problems.append(f"{rel}:{line}: un script del operador importa {name}: tools/dev/ es solo "
                                "para desarrollo")
        graph[module] = {n for n in names if n.startswith("tools.") and (root / (n.replace(".", "/") + ".py")).exists()}
    problems.extend(_cycles(graph))
    return problems


def check_test_support(root: Path) -> list[str]:
    """One test support package, one direction: what tests share lives in tests/support/, which imports
    no test module; nothing imports database.tests (its contract tests take helpers from tests/)."""
    problems = []
    for folder in ("tests", "database"):
        for rel, tree in python_files(root, folder):
            for line, name in imported(tree, members=False):
                parts = name.split(".")
                if parts[:2] == ["database", "tests"]:
                    problems.append(f"{rel}:{line}: importa {name}: lo que comparten las pruebas va en tests/support/")
                elif parts[0] == "tests" and len(parts) > 1 and parts[1] != "support" and (
                        rel.startswith("tests/support/")):
                    problems.append(f"{rel}:{line}: importa {name}: tests/support/ no depende de otras pruebas")
    return problems


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    found: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt):], nxt]
                found.append("tools/: importación circular " + " -> ".join(cycle))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def long_functions(root: Path) -> list[tuple[str, str, int, int]]:
    """(file, qualified name, first line, length) of every function over MAX_LINES."""
    out = []
    for folder in SHORT_FUNCTIONS:
        for rel, tree in python_files(root, folder):
            stack: list[tuple[ast.AST, str]] = [(tree, "")]
            while stack:
                node, prefix = stack.pop()
                for child in ast.iter_child_nodes(node):
                    name = getattr(child, "name", "")
                    if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                        length = child.end_lineno - child.lineno + 1  # type: ignore[operator]
                        if length > MAX_LINES:
                            out.append((rel, prefix + name, child.lineno, length))
                        stack.append((child, f"{prefix}{name}."))
                    elif isinstance(child, ast.ClassDef):
                        stack.append((child, f"{prefix}{name}."))
    return sorted(out)


def check_lengths(root: Path) -> tuple[list[str], list[str]]:
    problems, notes = [], []
    used = set()
    for rel, name, line, length in long_functions(root):
        key = next((k for k in (f"{rel}:{name}", f"{rel}:{name.split('.')[-1]}", rel) if k in LONG_ALLOWED), None)
        if key:
            used.add(key)
            notes.append(f"  (permitido por ahora) {rel}:{line} {name}: {length} líneas — {LONG_ALLOWED[key]}")
        else:
            problems.append(f"{rel}:{line}: {name} tiene {length} líneas (máximo {MAX_LINES}): divídala en "
                            "funciones con nombre")
    for key in sorted(set(LONG_ALLOWED) - used):
        notes.append(f"  (ya no hace falta) quite {key} de LONG_ALLOWED en tools/dev/checks/layout.py")
    return problems, notes


def production_files(root: Path) -> list[tuple[str, str]]:
    """(name, text) of everything the production deploy installs, in both dialects."""
    sys.path.insert(0, str(root))
    from tools import deploy
    from tools.db_files import DB_DIR, procedure_files, table_files

    out = [("tools.deploy --script (SQL Server)", deploy.install_script())]
    paths = [p for _, p in table_files("pg")] + procedure_files("pg") + [DB_DIR / "grants" / "pg" / "grants.sql",
                                                                          DB_DIR / "grants" / "pg" / "roles.sql"]
    paths += sorted((DB_DIR / "seed").glob("*.tsv"))
    out += [(p.relative_to(DB_DIR.parent).as_posix(), p.read_text(encoding="utf-8")) for p in paths if p.exists()]
    return out


def check_demo(root: Path) -> list[str]:
    return demo_findings(production_files(root))


def demo_findings(files: list[tuple[str, str]]) -> list[str]:
    """Files (name, text) that name the demo schema or generator outside comments and retiring versions."""
    problems = []
    for name, text in files:
        if name.rsplit("/", 1)[-1] in RETIRING:
            continue
        found, section = [], ""
        for n, line in enumerate(text.splitlines(), 1):
            header = SECTION.match(line)  # the SSMS script names each file it embeds
            section = header.group(1).rsplit("/", 1)[-1] if header else section
            if DEMO.search(line) and not COMMENT.match(line) and section not in RETIRING:
                found.append((n, line))
        if found:
            number, line = found[0]
            problems.append(f"{name}:{number}: la instalación de producción lleva datos de demostración "
                            f"({len(found)} línea(s), la primera {line.strip()[:80]!r}); van en database/demo/, "
                            "que instala python -m tools.dev.seed_demo")
    return problems


def estructura(root: Path) -> str:
    text = (root / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Estructura\s*\n+```\n(.*?)^```", text, re.M | re.S)
    return match.group(1) if match else ""


def check_readme(root: Path) -> list[str]:
    block = estructura(root)
    if not block:
        return ["README.md: falta la sección «## Estructura» con un bloque ``` del árbol"]
    problems = []
    words = set(re.findall(r"[\w.*-]+", block))
    folders = [p.name for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".")
               and p.name not in ("var", "artifacts", "node_modules") and any(p.rglob("*.*"))]
    for folder in folders:
        if not re.search(rf"^{re.escape(folder)}/", block, re.M):
            problems.append(f"README.md Estructura: falta la carpeta {folder}/")
    listed = re.findall(r"^([\w/]+)/\s", block, re.M)
    for folder in listed:
        if not (root / folder).is_dir():
            problems.append(f"README.md Estructura: nombra {folder}/, que no existe")
    wildcards = [w[:-1] for w in words if w.endswith("*")]
    for base in ("tools", "tools/dev"):
        for path in sorted((root / base).iterdir()):
            if path.name.startswith(("_", ".")) or path.name in ("dev", "node_modules") or path.suffix == ".pyc":
                continue
            stem = path.name if path.suffix in (".sh", ".ps1") else path.stem
            if path.is_dir() and path.name == "__pycache__":
                continue
            if stem not in words and f"{stem}/" not in block and not any(stem.startswith(w) for w in wildcards):
                problems.append(f"README.md Estructura: falta {base}/{path.name} (diga en una línea para qué es)")
    return problems


def main(argv: list[str] | None = None) -> int:
    root = folder_argument(argv, "La estructura del proyecto dice la verdad", "PROJECT_ROOT", ROOT)
    started = time.monotonic()
    problems = check_imports(root)
    lengths, notes = check_lengths(root)
    problems += lengths + check_demo(root) + check_readme(root)
    elapsed = time.monotonic() - started
    for line in notes + problems:
        print(line)
    if problems:
        print(f"layout: FALLÓ: {len(problems)} problema(s) ({elapsed:.1f} s)")
        return 1
    print(f"layout: bien (el producto no importa tools/ ni tests/, funciones de hasta {MAX_LINES} líneas en "
          f"webform/ y desktop/, producción sin datos de demostración, README Estructura al día; {elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
