"""The compiled-template renderer against plain docxtpl, in one process and in a pool.

CompiledTemplate replaces DocxTemplate.render for speed; these tests hold it to producing
the same XML, part by part, and to keeping the sandbox, the escaping and the Vietnamese
errors, also when the documents are rendered by worker processes.
"""

from __future__ import annotations

import io
import pickle
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docxtpl import DocxTemplate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.compose.context import build_context
from generator.config.province import load_province
from generator.domain.errors import VanbanError
from generator.output.render import compiled, jinja_environment, render, render_many

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
SHARED = ROOT / "provinces" / "shared"
PROVINCE_FILES = sorted((ROOT / "provinces").glob("*.yaml"))
ESCAPED = "Sở Tài chính & Sở Kế hoạch <đầu tư> \"tỷ lệ\" < 5% > 3% 'Điều 1'"


def real_jobs() -> list[tuple[Path, dict[str, Any]]]:
    """Every document of every sample province, as the command line would render it."""
    jobs = []
    for path in PROVINCE_FILES:
        province = load_province(path, SHARED)
        for kind in province.documents:
            jobs.append((TEMPLATES / f"{kind}.docx", build_context(province, kind)))
    return jobs


JOBS = real_jobs()


def plain_docxtpl(template: Path, context: dict[str, Any]) -> bytes:
    """What vanban did before the cache: a fresh DocxTemplate per document."""
    document = DocxTemplate(template)
    document.render(context, jinja_env=jinja_environment(), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def make_template(path: Path, *paragraphs: str) -> Path:
    """A small template written with python-docx, one paragraph per tag text."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.mark.parametrize(("template", "context"), JOBS,
                         ids=[f"{c['place_date'].split(',')[0]}-{t.stem}" for t, c in JOBS])
def test_same_xml_as_docxtpl(template: Path, context: dict[str, Any]) -> None:
    ours, theirs = parts(render(template, context)), parts(plain_docxtpl(template, context))
    assert sorted(ours) == sorted(theirs)
    assert ours["word/document.xml"] == theirs["word/document.xml"]
    headers = [n for n in theirs if n.startswith(("word/header", "word/footer"))]
    assert headers
    for name in theirs:  # headers, core properties and the untouched parts too
        assert ours[name] == theirs[name], name
    assert "{{" not in text_of(render(template, context))


def test_values_with_line_breaks_and_tabs_match_docxtpl() -> None:
    template, context = next((t, c) for t, c in JOBS if t.stem == "ke-hoach")
    context = {**context, "summary": "dòng một\ndòng hai\tcột", "place_date": "a\fb"}
    ours, theirs = parts(render(template, context)), parts(plain_docxtpl(template, context))
    assert ours["word/document.xml"] == theirs["word/document.xml"]
    assert b"<w:br/>" in ours["word/document.xml"]


def test_workers_give_the_same_documents_in_the_same_order() -> None:
    jobs = JOBS * 2
    one, two = render_many(jobs, workers=1), render_many(jobs, workers=2)
    assert len(one) == len(two) == len(jobs)
    for first, second in zip(one, two, strict=True):
        a, b = parts(first), parts(second)
        assert a["word/document.xml"] == b["word/document.xml"]
        assert a == b


def test_a_template_is_compiled_once_per_process() -> None:
    template = JOBS[0][0]
    assert compiled(template) is compiled(template)


def test_a_changed_template_file_is_compiled_again(tmp_path: Path) -> None:
    path = make_template(tmp_path / "mau.docx", "Trước: {{ value }}")
    assert "Trước: x" in text_of(render(path, {"value": "x"}))
    make_template(path, "Sau, dài hơn: {{ value }}")
    assert "Sau, dài hơn: x" in text_of(render(path, {"value": "x"}))


def test_special_characters_come_out_intact() -> None:
    template, context = next((t, c) for t, c in JOBS if t.stem == "quyet-dinh-ban-hanh")
    rows = [{**row, "lead": ESCAPED} for row in context["annex"]["rows"]]
    context = {**context, "place_date": ESCAPED, "recipients": [ESCAPED],
               "annex": {**context["annex"], "rows": rows}}
    data = render(template, context)
    text = text_of(data)
    assert text.count(ESCAPED) >= 2 + len(rows)
    assert parts(data)["word/document.xml"] == parts(plain_docxtpl(template, context))[
        "word/document.xml"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(value=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                            whitelist_characters="\n\t"), max_size=40))
def test_any_text_renders_like_docxtpl(tmp_path: Path, value: str) -> None:
    path = tmp_path / "mau.docx"
    if not path.exists():
        make_template(path, "Giá trị: {{ value }}.", "{{ value|upper }}")
    ours, theirs = render(path, {"value": value}), plain_docxtpl(path, {"value": value})
    assert parts(ours)["word/document.xml"] == parts(theirs)["word/document.xml"]
    first = docx.Document(io.BytesIO(ours)).paragraphs[0].text
    assert first == f"Giá trị: {value}."


def test_sandbox_escape_is_a_vietnamese_error_naming_the_template(tmp_path: Path) -> None:
    path = make_template(tmp_path / "doc-hai.docx", "{{ cycler.__init__.__globals__.os }}")
    with pytest.raises(VanbanError) as caught:
        render(path, {})
    message = str(caught.value)
    assert str(path) in message and "lệnh không được phép trong mẫu" in message
    assert caught.value.__cause__ is None and "Traceback" not in message


def test_worker_errors_surface_as_the_same_vanban_error(tmp_path: Path) -> None:
    path = make_template(tmp_path / "doc-hai.docx", "{{ cycler.__init__.__globals__.os }}")
    jobs = [*JOBS[:4], (path, {}), *JOBS[4:]]
    with pytest.raises(VanbanError) as caught:
        render_many(jobs, workers=2)
    with pytest.raises(VanbanError) as alone:
        render(path, {})
    assert type(caught.value) is VanbanError
    assert str(caught.value) == str(alone.value)
    assert caught.value.__cause__ is None
    assert str(pickle.loads(pickle.dumps(caught.value))) == str(caught.value)


def test_first_failing_job_in_order_is_reported(tmp_path: Path) -> None:
    missing = make_template(tmp_path / "thieu.docx", "{{ khong_co }}")
    forbidden = make_template(tmp_path / "doc-hai.docx", "{{ cycler.__init__.__globals__ }}")
    jobs = [*JOBS[:3], (missing, {}), *JOBS[3:6], (forbidden, {})]
    with pytest.raises(VanbanError, match=re.escape("thieu.docx: dùng một trường không có")):
        render_many(jobs, workers=2)


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("{{ khong_co }}", "dùng một trường không có trong dữ liệu"),
    ("{{ value | }}", "sai cú pháp thẻ ở dòng"),
    ("{%p for x in %}", "sai cú pháp thẻ ở dòng"),
])
def test_template_mistakes_name_the_template(tmp_path: Path, paragraph: str,
                                             expected: str) -> None:
    path = make_template(tmp_path / "mau-loi.docx", paragraph)
    with pytest.raises(VanbanError, match=expected) as caught:
        render(path, {"value": "x"})
    assert str(caught.value).startswith(f"mẫu {path}: ")


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_unreadable_template_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(content)
    with pytest.raises(VanbanError, match="không đọc được tệp Word"):
        render(path, {})


def test_missing_template_file(tmp_path: Path) -> None:
    with pytest.raises(VanbanError, match="không đọc được tệp Word"):
        render_many([(tmp_path / "khong-co.docx", {})])


@pytest.mark.parametrize(("paragraph", "value"), [
    ("{{ value|roman }}", 0),  # ValueError from the filter
    ("{{ value|format_number }}", 1.5),  # TypeError: floats are refused
])
def test_a_value_a_filter_refuses_is_a_vietnamese_error(tmp_path: Path, paragraph: str,
                                                        value: object) -> None:
    path = make_template(tmp_path / "mau-loc.docx", paragraph)
    with pytest.raises(VanbanError, match="không điền được một giá trị vào mẫu") as caught:
        render_many([(path, {"value": value})], workers=1)
    assert str(caught.value).startswith(f"mẫu {path}: ")
