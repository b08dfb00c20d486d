#!/usr/bin/env bash
# Installs what is needed and runs every check and test. CI runs exactly this.
set -uo pipefail
cd "$(dirname "$0")"
bash tools/install.sh --dev || exit 1
py=.venv/bin/python
status=0
summary=""
run() {
    echo "==> $*"
    local started=$SECONDS result=bien
    "$@" || { echo "FALLÓ: $*"; status=1; result=FALLÓ; }
    echo "    ($(( SECONDS - started )) s)"
    summary+="$(printf '%6s s  %-6s %s' "$(( SECONDS - started ))" "$result" "${*:1:3}")"$'\n'
}
run .venv/bin/ruff check .
for check in tools/dev/checks/*.py; do
    case "$(basename "$check")" in _*) continue ;; esac  # __init__.py and helper modules
    mod=${check%.py}; mod=${mod//\//.}
    run "$py" -m "$mod"
done
mkdir -p artifacts
if [ $# -gt 0 ]; then
    run "$py" -m pytest -p no:cacheprovider "$@"
else
    # Whole runs: the tests on the database fixtures (contract, desktop, HTTP) run once on ONE shared
    # database, as on SQL Server, and the contract tests once more on what they left; the rest once.
    # shellcheck disable=SC2046
    run "$py" -m pytest -p no:cacheprovider $("$py" -m tools.dev.shared_mode_proof --print-ignores)
    run "$py" -m tools.dev.shared_mode_proof
fi
echo "==> Resumen (segundos por paso; total ${SECONDS} s)"
printf '%s' "$summary"
exit $status
