#!/usr/bin/env bash
# The benchmark of issue 12 (see bench/README.md). Run from anywhere, after the README's setup;
# arguments go to bench/bench.py (e.g. --countries ke,eg --skip-pandoc --skip-scaling).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
exec "$PY" bench/bench.py "$@"
