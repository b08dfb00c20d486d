"""docs/API.md is generated from database/procedures: fail when it is stale.

    python -m tools.dev.checks.api_doc

Fix: `.venv/bin/python -m tools.dev.gen_api` rewrites docs/API.md (signatures as parity reads
them, the first sentence of each procedure's header comment, the error ids in its code).
"""

from __future__ import annotations

import sys

from tools.dev.gen_api import main as gen_api

if __name__ == "__main__":
    sys.exit(gen_api(["--check", *sys.argv[1:]]))
