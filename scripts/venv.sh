#!/usr/bin/env bash
# Make sure .venv exists and runs Python 3.11 or later; create it when missing.
# Shared by setup.sh and lock.sh so both refuse an old Python the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
MINIMUM="3.11"

# Prints "3.11" for a working interpreter, nothing for a missing or broken one.
version_of() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

is_recent_enough() {
    "$1" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' 2>/dev/null
}

if [ -x .venv/bin/python ] && [ -n "$(version_of .venv/bin/python)" ]; then
    if ! is_recent_enough .venv/bin/python; then
        echo "Lỗi: môi trường .venv đang dùng Python $(version_of .venv/bin/python), vanban cần Python $MINIMUM trở lên." >&2
        echo "Cách sửa: xoá môi trường cũ (rm -rf .venv) rồi chạy lại với Python mới, ví dụ: PYTHON=python3.11 bash scripts/setup.sh" >&2
        exit 1
    fi
    exit 0
fi

# Without PYTHON set, take the first interpreter on PATH that is recent enough.
if [ -z "${PYTHON:-}" ]; then
    for candidate in python3 python3.13 python3.12 python3.11; do
        if is_recent_enough "$candidate"; then
            PYTHON=$candidate
            break
        fi
    done
    PYTHON=${PYTHON:-python3}
fi
found=$(version_of "$PYTHON")
if [ -z "$found" ]; then
    echo "Lỗi: không chạy được '$PYTHON'. vanban cần Python $MINIMUM trở lên." >&2
    echo "Cách sửa: cài Python $MINIMUM (ví dụ: apt-get install python3.11 python3.11-venv) rồi chạy lại, hoặc chỉ rõ: PYTHON=/đường/dẫn/python3.11 bash scripts/setup.sh" >&2
    exit 1
fi
if ! is_recent_enough "$PYTHON"; then
    echo "Lỗi: '$PYTHON' là Python $found, vanban cần Python $MINIMUM trở lên." >&2
    echo "Cách sửa: cài Python $MINIMUM (ví dụ: apt-get install python3.11 python3.11-venv) rồi chạy lại, hoặc chỉ rõ: PYTHON=/đường/dẫn/python3.11 bash scripts/setup.sh" >&2
    exit 1
fi
if ! "$PYTHON" -m venv .venv; then
    rm -rf .venv
    echo "Lỗi: '$PYTHON' không tạo được môi trường ảo .venv (thiếu mô-đun venv)." >&2
    echo "Cách sửa: cài gói venv của Python (ví dụ: apt-get install python3-venv) rồi chạy lại." >&2
    exit 1
fi
