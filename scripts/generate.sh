#!/usr/bin/env bash
# One command on a fresh machine: set up, then generate every document of every sample province.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/vanban build "$@"
