#!/usr/bin/env bash
# Rewrite requirements.lock from pyproject.toml (runtime dependencies and the "test" extra):
# exact versions with their hashes, for Python 3.11 and later on every platform.
#   bash scripts/lock.sh             add what pyproject.toml gained, keep every other version
#   bash scripts/lock.sh --upgrade   move every package to the newest version pyproject allows
# Any other option is passed to "uv pip compile" (e.g. --upgrade-package lxml).
# Then run bash scripts/test.sh (it installs the new lock) and commit both files.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=requirements.lock
UV_VERSION=0.13.9

bash scripts/venv.sh
if [ "$(.venv/bin/uv --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    echo "Cài công cụ khoá phiên bản uv $UV_VERSION vào .venv..."
    log=$(mktemp)
    if ! .venv/bin/python -m pip install --disable-pip-version-check --force-reinstall \
            --no-deps "uv==$UV_VERSION" \
            >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "Lỗi: không cài được uv $UV_VERSION (chi tiết ở trên). Cách sửa: kiểm tra kết nối tới PyPI rồi chạy lại." >&2
        exit 1
    fi
    rm -f "$log"
fi

# uv reads the current pins from the file it writes, so work on a copy and replace the lock
# only when the new one is complete.
work=$(mktemp "$LOCK.tmp.XXXXXX")
final=$(mktemp "$LOCK.tmp.XXXXXX")
trap 'rm -f "$work" "$final"' EXIT
if [ -f "$LOCK" ]; then
    cp "$LOCK" "$work"
fi
if ! .venv/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
        --generate-hashes --no-header --quiet --output-file "$work" "$@"; then
    echo "Lỗi: uv không tạo được $LOCK (thông báo của uv ở trên); $LOCK cũ được giữ nguyên." >&2
    echo "Cách sửa: nếu không có bộ phiên bản nào thoả mãn, nới ràng buộc phiên bản trong pyproject.toml; rồi chạy lại bash scripts/lock.sh" >&2
    exit 1
fi
{
    echo "# Exact versions, with hashes, of vanban's dependencies (runtime + the \"test\" extra)."
    echo "# Resolved for Python 3.11 and later, every platform (uv pip compile --universal"
    echo "# --python-version 3.11), from pyproject.toml. Do not edit: regenerate with"
    echo "#    bash scripts/lock.sh            (keeps versions, adds new dependencies)"
    echo "#    bash scripts/lock.sh --upgrade  (newest versions pyproject.toml allows)"
    echo "# scripts/setup.sh installs exactly this list (pip --require-hashes --no-deps)."
    cat "$work"
} > "$final"
chmod 644 "$final"
mv "$final" "$LOCK"
echo "Đã ghi $LOCK ($(grep -c '^[a-zA-Z]' "$LOCK") gói). Chạy bash scripts/test.sh để cài và thử, rồi commit $LOCK cùng pyproject.toml."
