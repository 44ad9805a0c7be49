#!/usr/bin/env bash
# One command for the tests on a fresh machine: set up, lint, run pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check generator tests tools bench
.venv/bin/python -m pytest "$@"
