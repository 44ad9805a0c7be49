#!/usr/bin/env bash
# Prepare a fresh machine: a virtual environment with vanban and its test tools at the exact
# versions of requirements.lock, and LibreOffice (PDF output, rendering checks) when it is
# missing and we may install it. Re-running it on a ready environment takes well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=requirements.lock
STAMP=.venv/.vanban-installed

bash scripts/venv.sh
if [ ! -f "$LOCK" ]; then
    echo "Lỗi: thiếu tệp $LOCK (danh sách phiên bản thư viện). Cách sửa: chạy bash scripts/lock.sh" >&2
    exit 1
fi

# Runs pip with its output kept aside: shown only when it fails, with what to do about it.
pip_quietly() {
    local log
    log=$(mktemp)
    if ! .venv/bin/python -m pip --disable-pip-version-check "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "Lỗi: pip không cài được thư viện (chi tiết ở trên)." >&2
        echo "Cách sửa: kiểm tra kết nối tới PyPI rồi chạy lại. Nếu pip báo sai mã băm (hash), tệp tải về khác bản đã khoá trong $LOCK: kiểm tra nguồn gói (PIP_INDEX_URL), hoặc tạo lại $LOCK bằng bash scripts/lock.sh." >&2
        exit 1
    fi
    rm -f "$log"
}

# What the installed environment was made from: the lock, the project's metadata, the
# interpreter and the folder. When none of them changed since the last successful install
# there is nothing to do; an install that was interrupted never wrote the stamp, so it is redone.
wanted=$(.venv/bin/python -c '
import hashlib, os, sys
digest = hashlib.sha256(f"{sys.version} {sys.base_prefix} {os.getcwd()}".encode())
for name in sys.argv[1:]:
    with open(name, "rb") as file:
        digest.update(file.read())
print(digest.hexdigest())' "$LOCK" pyproject.toml)
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$wanted" ]; then
    rm -f "$STAMP"
    echo "Cài các thư viện theo đúng phiên bản trong $LOCK..."
    # Every package at its locked version with its hash checked; --no-deps so that nothing
    # outside the lock is pulled in. The project itself is then installed editable.
    pip_quietly install --require-hashes --no-deps -r "$LOCK"
    pip_quietly install --no-deps -e .
    # A dependency added to pyproject.toml but not to the lock shows up here.
    if ! problems=$(.venv/bin/python -m pip check --disable-pip-version-check 2>&1); then
        echo "$problems" >&2
        echo "Lỗi: $LOCK không khớp với pyproject.toml (thiếu hoặc sai phiên bản thư viện ở trên)." >&2
        echo "Cách sửa: chạy bash scripts/lock.sh để cập nhật $LOCK, rồi chạy lại lệnh này." >&2
        exit 1
    fi
    echo "$wanted" > "$STAMP"
fi

if ! command -v soffice >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Cài LibreOffice (chuyển .docx sang PDF)..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            libreoffice-writer-nogui python3-uno poppler-utils fonts-liberation >/dev/null
    else
        echo "Chưa có LibreOffice: các phép thử cần PDF sẽ bị bỏ qua. Cài: apt-get install libreoffice-writer-nogui python3-uno poppler-utils fonts-liberation" >&2
    fi
fi

# The end-to-end tests of the web page drive Debian's Chromium (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Cài Chromium (cho các phép thử trang web trong trình duyệt thật)..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "Chưa có Chromium: các phép thử trang web trong trình duyệt sẽ bị bỏ qua. Cài: apt-get install chromium" >&2
    fi
fi
