"""The check of an edit: the new text, read back, is the old one with the changes.

config.yaml_edit rewrites spans of text; a mistake there (a comma left behind, a key put
under the wrong table) could still be valid YAML and pass the validator. Both texts are
read the way the project reads them, the changes are made to the old values as data,
and anything but equality refuses the edit before a byte is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import yaml

from generator.config.yaml_source import SAMPLE_TAG, PathKey
from generator.config.yaml_values import DELETE, EditError, as_loaded, is_scalar, read_plain


def _expected(data: Any, changes: list[tuple[PathKey, Any]]) -> Any:
    for path, value in changes:
        if value is DELETE:
            _remove(data, path)
        else:
            _put(data, path, value)
    return data


def _put(data: Any, path: PathKey, value: Any) -> None:
    target = data
    for part in path[:-1]:
        if isinstance(target, dict):
            if not isinstance(target.get(part), (dict, list)):
                target[part] = {}
            target = target[part]
        else:
            target = target[part]
    last = path[-1]
    if isinstance(value, Mapping) and isinstance(_get(target, last), dict):
        for key, item in value.items():
            _put(data, (*path, key), item)
        return
    if isinstance(value, (list, tuple)) and isinstance(_get(target, last), list):
        target[last] = _merged_list(_get(target, last), as_loaded(value))
        return
    if isinstance(target, list) and last == len(target):
        target.append(as_loaded(value))
    else:
        target[last] = as_loaded(value)


def _untagged(value: Any) -> Any:
    return value[1] if isinstance(value, tuple) and value[:1] == (SAMPLE_TAG,) else value


def _merged_list(old: list[Any], new: list[Any]) -> list[Any]:
    """A list set item by item: the items kept as they were keep their sample tags."""
    if not new or not all(is_scalar(_untagged(v)) for v in old) \
            or not all(is_scalar(v) for v in new):
        return new
    matcher = difflib.SequenceMatcher(a=[_untagged(v) for v in old], b=new, autojunk=False)
    merged: list[Any] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        merged.extend(old[i1:i2] if tag == "equal" else new[j1:j2])
    return merged


def _get(target: Any, part: Any) -> Any:
    if isinstance(target, dict):
        return target.get(part)
    if isinstance(target, list) and isinstance(part, int) and part < len(target):
        return target[part]
    return None


def _remove(data: Any, path: PathKey) -> None:
    chain = [data]
    for part in path[:-1]:
        chain.append(_get(chain[-1], part))
        if chain[-1] is None:
            return
    if _get(chain[-1], path[-1]) is None and not (
            isinstance(chain[-1], dict) and path[-1] in chain[-1]):
        return
    del chain[-1][path[-1]]
    for depth in range(len(path) - 1, 1, -1):
        if chain[depth] == {} and isinstance(chain[depth - 1], dict):
            del chain[depth - 1][path[depth - 1]]
        else:
            break


def check(old: str, new: str, changes: list[tuple[PathKey, Any]]) -> None:
    try:
        expected = _expected(read_plain(old), changes)
        got = read_plain(new)
    except (yaml.YAMLError, KeyError, IndexError, TypeError) as exc:
        raise EditError(f"vanban không sửa được tệp an toàn ({type(exc).__name__}); tệp giữ "
                        "nguyên. Hãy báo lỗi này kèm tệp YAML") from None
    if got != expected:
        raise EditError("vanban không sửa được tệp an toàn (đọc lại không đúng thay đổi); tệp "
                        "giữ nguyên. Hãy báo lỗi này kèm tệp YAML")
