"""The accounts of the web page: who may log in, with which role, and the session secret.

They live in ``provinces/.vanban/`` beside the provinces they protect: ``users.json``
(name, role, scrypt hash of the password) and ``secret`` (the key that signs session
cookies). Both are written atomically with mode 0600, so only the owner of the project
folder can read them. Standard library only: ``vanban user`` needs no web framework.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.domain.errors import VanbanError

EDITOR = "editor"
VIEWER = "viewer"
ROLES = (EDITOR, VIEWER)
ROLE_NAMES = {EDITOR: "biên tập", VIEWER: "chỉ xem"}
FOLDER = ".vanban"
USERS_FILE = "users.json"
SECRET_FILE = "secret"
MIN_PASSWORD = 8
# scrypt as OWASP advises for interactive logins: 2**14 × 8 × 128 bytes = 16 MiB each.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str


def folder_of(provinces: Path) -> Path:
    return provinces / FOLDER


def name_problem(name: str) -> str | None:
    if _NAME.fullmatch(name):
        return None
    return (f"tên đăng nhập '{name}' không hợp lệ: chỉ dùng chữ thường không dấu, chữ số, "
            "dấu chấm, gạch ngang hoặc gạch dưới, tối đa 32 ký tự (ví dụ: nguyen.van.an)")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     _b64(salt), _b64(digest)])


def password_matches(password: str, stored: str) -> bool:
    """Whether ``password`` is the one hashed in ``stored``, compared in constant time."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        given = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(given, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=64 * 1024 * 1024, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def load(folder: Path) -> dict[str, Account]:
    """The accounts by name; none when the file does not exist yet."""
    path = folder / USERS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["name"]: Account(entry["name"], entry["role"], entry["password"])
                for entry in data["users"]}
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError):
        raise VanbanError(f"{path}: tệp tài khoản hỏng, không đọc được; khôi phục bản sao "
                          "lưu hoặc xóa tệp rồi tạo lại bằng vanban user add TÊN") from None


def save(folder: Path, accounts: dict[str, Account]) -> None:
    users = [{"name": a.name, "role": a.role, "password": a.password_hash}
             for a in sorted(accounts.values(), key=lambda a: a.name)]
    text = json.dumps({"users": users}, ensure_ascii=False, indent=2) + "\n"
    _write_private(folder / USERS_FILE, text.encode("utf-8"))


def secret(folder: Path) -> bytes:
    """The key that signs session cookies, created on first use."""
    path = folder / SECRET_FILE
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    except ValueError:
        pass  # unreadable: a new key only logs everyone out
    key = secrets.token_bytes(32)
    _write_private(path, key.hex().encode("ascii") + b"\n")
    return key


def _write_private(path: Path, data: bytes) -> None:
    """Write via a 0600 temporary file in the same folder, then rename: never a half file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
