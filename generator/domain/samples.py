"""Sample values: data the province has not filled in yet.

A province marks such a value with the YAML tag ``!mau`` (``name: !mau Nguyễn Văn A``).
Obvious samples are recognised without the tag, so one left unmarked still cannot reach
a signer unnoticed: the decree's model names whose given name is a single letter
("Nguyễn Văn A", "Trần Văn B", "Lê Thị C"), telephone numbers of zeros, addresses at
example domains, document numbers such as 1234 or "…".

A draft shows each sample highlighted; a final document (number and full date) holding
one is refused. Inside composed text a sample is wrapped in two private-use characters
(``OPEN``, ``CLOSE``) that the output stage turns into a highlighted run and removes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.domain.errors import Mark

OPEN, CLOSE = "\ue000", "\ue001"
TAGGED = "giá trị mẫu (đánh dấu !mau)"

# A full name whose given name is one capital letter: the decree's model names.
_MODEL_NAME = re.compile(r"^(?:[^\W\d_]+\s+){1,4}[A-ZĐ]\.?$")
_PHONE = re.compile(r"(?<![\d.])0\d{2,3}(?:[.\s-]?[\dxX]{2,4}){2,3}(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[\w-]+)")
_SAMPLE_DOMAINS = ("example.com", "example.vn", "example.org", "example.gov.vn", "email.com",
                   "domain.com", "abc.com", "abc.vn", "xyz.com", "tenmien.vn", "mail.example")
_SAMPLE_MAILBOXES = {"abc", "xyz", "test", "example", "email", "ten", "tendonvi", "xxx"}
_DOCUMENT_NUMBER = re.compile(r"\bsố\s*([0-9.…xX]+)\s*/", re.IGNORECASE)
_FILLER = re.compile(r"^[\s.…xX_*?-]*$")


def marked(text: str) -> str:
    """``text`` wrapped so the output stage highlights it."""
    return f"{OPEN}{text}{CLOSE}" if text else text


def unmarked(text: str) -> str:
    """``text`` without the highlight markers (facts, messages)."""
    return text.replace(OPEN, "").replace(CLOSE, "")


def _sample_phone(digits: str) -> bool:
    """A number whose subscriber part (after the area code) is all zeros but one digit,
    all one digit, or x's: 0272.3000.000, 0272.0000.000, 0909.999.999, 0272.xxx.xxx."""
    rest = digits[4:]
    if not rest:
        return False
    if "x" in rest.lower():
        return True
    return rest.count("0") >= len(rest) - 1 or len(set(rest)) == 1


def _sample_number(number: str) -> bool:
    if not number.isdigit():
        return True  # "…", "...", "xx"
    return number in {"1234", "12345", "123456"} or (
        len(number) >= 4 and len(set(number)) == 1) or int(number) == 0


def sample_reason(text: str) -> str | None:
    """Why ``text`` looks like sample data, in Vietnamese; None when it does not."""
    value = " ".join(text.split())
    if not value:
        return None
    if _FILLER.match(value):
        return "giá trị giữ chỗ (chỉ có dấu chấm hoặc chữ x)"
    if _MODEL_NAME.match(value):
        return "tên mẫu (tên riêng chỉ một chữ cái, như Nguyễn Văn A)"
    for match in _PHONE.finditer(value):
        digits = re.sub(r"[^\dxX]", "", match.group(0))
        if _sample_phone(digits):
            return "số điện thoại mẫu"
    for match in _EMAIL.finditer(value):
        mailbox = match.group(0).split("@")[0].lower()
        domain = match.group(1).lower()
        if domain.endswith(_SAMPLE_DOMAINS) or mailbox in _SAMPLE_MAILBOXES:
            return "địa chỉ thư điện tử mẫu"
    for match in _DOCUMENT_NUMBER.finditer(value):
        if _sample_number(match.group(1)):
            return f"số văn bản mẫu (số {match.group(1)}/...)"
    return None


@dataclass(frozen=True)
class Sample:
    """One sample value of a province file and the documents that print it."""

    file: Path
    mark: Mark | None
    field: str
    text: str
    reason: str
    documents: tuple[str, ...]
    # Where it is in the file (``("signers", "pct", "name")``), as config reads paths.
    key: tuple[Any, ...] = ()
