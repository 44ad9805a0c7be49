#!/usr/bin/env bash
# Prepare a fresh machine: a virtual environment with vanban and its test tools,
# and LibreOffice (PDF output, rendering checks) when it is missing and we may install it.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
if ! command -v soffice >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Cài LibreOffice (chuyển .docx sang PDF)..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            libreoffice-writer-nogui poppler-utils fonts-liberation >/dev/null
    else
        echo "Chưa có LibreOffice: các phép thử cần PDF sẽ bị bỏ qua. Cài: apt-get install libreoffice-writer-nogui poppler-utils fonts-liberation" >&2
    fi
fi
