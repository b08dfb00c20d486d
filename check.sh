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
run "$py" -m pytest -p no:cacheprovider "$@"
# Whole runs only: the contract tests twice on ONE database, as on SQL Server (~2 min).
[ $# -eq 0 ] && run "$py" -m tools.dev.shared_mode_proof
echo "==> Resumen (segundos por paso; total ${SECONDS} s)"
printf '%s' "$summary"
exit $status
