#!/usr/bin/env bash
# C++ (GoogleTest through ctest) and Python (pytest) tests of the native core; run by
# `mvn verify` after the Java tests (with --skip=true, as `mvn -DskipTests` passes it, nothing).
# Assumes native/scripts/build.sh has run.
set -euo pipefail
if [ "${1:-}" = "--skip=true" ]; then
  echo "native tests skipped (-DskipTests)"
  exit 0
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
echo "== ctest"
ctest --test-dir "$root/build/native" --output-on-failure -j "$(nproc)"
echo "== pytest"
cd "$root"
"$root/.venv/bin/python" -m pytest -q tests/python
