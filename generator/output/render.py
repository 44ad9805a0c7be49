"""Rendering a Word template with a context, and writing the result safely.

docxtpl is used with a sandboxed Jinja environment (templates may come from a province
and are untrusted: ``sandbox`` bounds what they may do and how long a document may
take), autoescape on (otherwise "&" and "<" silently vanish) and strict undefined values
(otherwise a missing value prints as nothing). See
``docs/pitfalls.md``.

Speed: ``DocxTemplate(path).render()`` re-reads the .docx, re-patches its XML, recompiles
its Jinja templates and recompresses every part of the package for each document, and
that work is most of its cost. :class:`CompiledTemplate` does it once per template and
process: per document only the Jinja templates are run, the changed parts (body, headers,
footers, core properties, footnotes) serialised exactly as docxtpl and python-docx would
serialise them, and appended to a zip whose unchanged parts were compressed once.
``tests/test_render.py`` checks the XML against ``DocxTemplate.render`` part by part.
"""

from __future__ import annotations

import copy
import ctypes
import io
import multiprocessing
import os
import re
import signal
import sys
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx import Document
from docx.opc.constants import CONTENT_TYPE
from docx.opc.coreprops import CoreProperties
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from lxml import etree

from generator.domain.errors import VanbanError
from generator.output.header_fit import HEADER_LEFT_VARIABLE, apply_split, choose_split, style_sizes
from generator.output.sandbox import RenderLimit, budget, jinja_environment, render_text

__all__ = ["CompiledTemplate", "clear_cache", "compiled", "jinja_environment", "render",
           "render_many"]

# The string core properties DocxTemplate.render_properties runs through Jinja, in its order.
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
# Characters docxtpl's resolve_listing turns into Word markup (tab, paragraph, line, page).
_LISTING_CHARACTERS = re.compile("[\t\a\n\f]")
_UNREADABLE = (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError,
               etree.XMLSyntaxError)

PR_SET_PDEATHSIG = 1  # linux/prctl.h
# A template shows a literal "{{" as "{_{" (docxtpl's escapes). docxtpl replaces them in
# the rendered part, values included, so a recipient typed "{_{" would print "{{";
# here they become Jinja expressions of the literal text, and values are left alone.
_ESCAPES = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}
_ESCAPE = re.compile("|".join(re.escape(escape) for escape in _ESCAPES))


def _member(name: str) -> zipfile.ZipInfo:
    """A part of the .docx package with a fixed date (1980-01-01, the zip epoch), as
    ``writestr`` would make it otherwise: the same document is then the same bytes
    whenever it is made, and a rebuild of an unchanged document matches its hash."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


@contextmanager
def _errors_named(template: Path, *, reading: bool) -> Iterator[None]:
    """Turn what a template can do wrong into a VanbanError naming it, in Vietnamese.

    ``reading``: the file is being read and compiled, so a ValueError or KeyError means an
    unreadable file; while rendering the same errors come from a value (a filter refusing
    it, a core property over 255 characters) and are said so.
    """
    try:
        yield
    except RenderLimit as exc:
        raise VanbanError(f"mẫu {template}: {exc}") from None
    except jinja2.exceptions.SecurityError as exc:
        raise VanbanError(f"mẫu {template}: lệnh không được phép trong mẫu ({exc}); "
                          "mẫu chỉ được dùng các trường dữ liệu và bộ lọc của vanban") from None
    except jinja2.exceptions.UndefinedError as exc:
        raise VanbanError(f"mẫu {template}: dùng một trường không có trong dữ liệu ({exc}); "
                          "sửa tên trường trong mẫu") from None
    except jinja2.exceptions.TemplateSyntaxError as exc:
        raise VanbanError(f"mẫu {template}: sai cú pháp thẻ ở dòng {exc.lineno}: {exc.message}; "
                          "thẻ có dạng {{ ten }} hoặc {%p for ... %}") from None
    except jinja2.exceptions.TemplateError as exc:
        raise VanbanError(f"mẫu {template}: lỗi khi điền mẫu ({exc})") from None
    except _UNREADABLE as exc:
        if reading:
            raise VanbanError(f"mẫu {template}: không đọc được tệp Word ({exc})") from None
        if isinstance(exc, etree.XMLSyntaxError):
            raise VanbanError(f"mẫu {template}: kết quả điền mẫu không phải XML hợp lệ ({exc}); "
                              "kiểm tra các thẻ {%p %} và {%tr %} trong mẫu") from None
        raise VanbanError(f"mẫu {template}: không điền được một giá trị vào mẫu ({exc})"
                          ) from None
    except TypeError as exc:
        if reading:
            raise
        raise VanbanError(f"mẫu {template}: không điền được một giá trị vào mẫu ({exc})"
                          ) from None
    except MemoryError:
        raise VanbanError(f"mẫu {template}: điền mẫu cần nhiều bộ nhớ hơn máy có; mẫu tạo ra "
                          "một giá trị quá lớn: sửa mẫu") from None
    except RecursionError:
        raise VanbanError(f"mẫu {template}: macro trong mẫu gọi lại chính nó quá nhiều tầng; "
                          "sửa macro để nó dừng") from None
    except ArithmeticError as exc:  # range() over MAX_RANGE (OverflowError), 1/0...
        raise VanbanError(f"mẫu {template}: phép tính trong mẫu không thực hiện được ({exc})"
                          ) from None


@dataclass(frozen=True)
class _Part:
    """A header or footer: its zip member name, compiled template and text encoding."""

    member: str
    template: jinja2.Template
    encoding: str


class CompiledTemplate:
    """A .docx template read, patched and compiled once, then rendered for many contexts.

    The steps and their order are DocxTemplate.render's (docxtpl 0.20.2); its own
    stateless methods do the text work (patch_xml, resolve_listing, fix_tables), so the
    document XML comes out the same as with ``DocxTemplate(path).render(context, env,
    autoescape=True)``. Not for RichText, InlineImage or Subdoc values (which need a live
    DocxTemplate); vanban's contexts are plain text, lists and dicts.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._env = jinja_environment()
        self._compiled: dict[str, jinja2.Template] = {}
        # Only a toolbox: its text methods do not touch the (never loaded) document.
        self._steps = DocxTemplate(path)
        with _errors_named(path, reading=True):
            self._load(path.read_bytes())

    def _load(self, data: bytes) -> None:
        document = Document(io.BytesIO(data))
        steps = self._steps
        package = document.part.package
        core = document.core_properties  # created here if missing, as render_properties does
        self._sizes = style_sizes(document)
        # Body: patched and compiled once; the rest of w:document kept to put it back in.
        root = document.element
        self._body_member = document.part.partname.membername
        self._body = self._compile(steps.patch_xml(steps.xml_to_string(root.body)))
        self._root = copy.deepcopy(root)
        body = self._root.find(qn("w:body"))
        for child in list(body):
            body.remove(child)
        # Headers, then footers, in the document part's relationship order.
        self._parts: list[_Part] = []
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for rel in document.part.rels.values():
                if rel.reltype == uri and rel.target_part.blob:
                    xml = steps.xml_to_string(parse_xml(rel.target_part.blob))
                    encoding = steps.get_headers_footers_encoding(xml)
                    self._parts.append(_Part(rel.target_part.partname.membername,
                                             self._compile(steps.patch_xml(xml)), encoding))
        self._core = copy.deepcopy(core._element)
        self._properties = [(name, self._env.from_string(getattr(core, name)))
                            for name in PROPERTIES]
        core_part = next(p for p in package.iter_parts()
                         if p.content_type == CONTENT_TYPE.OPC_CORE_PROPERTIES)
        self._core_member = core_part.partname.membername
        # render_footnotes renders each footnotes part once per section, each pass on the
        # previous pass's output; the first pass is compiled here, later ones per document.
        self._sections = len(document.sections)
        self._footnotes = [(p.partname.membername, p.blob.decode("utf-8"))
                           for p in package.iter_parts()
                           if p.content_type == CONTENT_TYPE.WML_FOOTNOTES]
        for _, xml in self._footnotes:
            self._compile(steps.patch_xml(xml))
        # Every unchanged part, serialised by python-docx as its save would, compressed once.
        saved = io.BytesIO()
        document.save(saved)
        dynamic = {self._body_member, self._core_member, *(p.member for p in self._parts),
                   *(name for name, _ in self._footnotes)}
        static = io.BytesIO()
        with zipfile.ZipFile(saved) as source, \
                zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as target:
            self._order = [i.filename for i in source.infolist() if i.filename in dynamic]
            for info in source.infolist():
                if info.filename not in dynamic:
                    target.writestr(_member(info.filename), source.read(info))
        self._static = static.getvalue()

    def _compile(self, patched: str) -> jinja2.Template:
        """The Jinja template of a patched XML part, compiled at most once per text.

        The newline before each paragraph is render_xml_part's, so that a syntax error's
        line number points at a paragraph.
        """
        template = self._compiled.get(patched)
        if template is None:
            source = _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], patched)
            template = self._env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", source))
            self._compiled[patched] = template
        return template

    def _run(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """DocxTemplate.render_xml_part after its compile step."""
        xml = render_text(template, context)
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        if _LISTING_CHARACTERS.search(xml):  # else resolve_listing changes nothing
            xml = self._steps.resolve_listing(xml)
        return xml

    def render(self, context: dict[str, Any]) -> bytes:
        """The document for ``context`` as .docx bytes.

        A context with ``charts`` (the Báo cáo's, issue 14) has them drawn here, shown by
        the template's ``drawings[block.chart]`` and added to the package as images.
        """
        pictures: list[Any] = []
        if context.get("charts"):
            from generator.output import charts

            pictures = charts.pictures(context["charts"])
            context = {**context, "drawings": [
                charts.drawing(p, str(chart.get("caption", ""))) for p, chart
                in zip(pictures, context["charts"], strict=True)]}
        with _errors_named(self.path, reading=False), budget():
            members = self._render_members(context)
        if pictures:
            return self._with_pictures(members, pictures)
        output = io.BytesIO(self._static)
        with zipfile.ZipFile(output, "a", zipfile.ZIP_DEFLATED) as archive:
            for name in self._order:
                archive.writestr(_member(name), members[name])
        return output.getvalue()

    def _with_pictures(self, members: dict[str, bytes], pictures: list[Any]) -> bytes:
        """The package with the pictures' media, relationships and content type."""
        from generator.output import charts

        folder, _, name = self._body_member.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels"
        output = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(self._static)) as source, \
                zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in source.infolist():
                data = source.read(info)
                if info.filename == rels:
                    data = charts.with_relationships(data, pictures)
                elif info.filename == "[Content_Types].xml":
                    data = charts.with_png_type(data)
                archive.writestr(_member(info.filename), data)
            for name in self._order:
                archive.writestr(_member(name), members[name])
            for picture in pictures:
                info = _member(picture.member)
                info.compress_type = zipfile.ZIP_STORED  # a PNG is compressed already
                archive.writestr(info, picture.png)
        return output.getvalue()

    def _render_members(self, context: dict[str, Any]) -> dict[str, bytes]:
        members: dict[str, bytes] = {}
        # Body: fix_tables, then docPr ids renumbered from 1001 (render_init, fix_docpr_ids).
        tree = self._steps.fix_tables(self._run(self._body, context))
        # A header line too wide for the template's columns moves their split (issue 11);
        # rendered again so that what the template breaks to the column follows it.
        split = choose_split(tree, self._sizes)
        if split is not None:
            narrowed = {**context, HEADER_LEFT_VARIABLE: split.left_text}
            tree = self._steps.fix_tables(self._run(self._body, narrowed))
            apply_split(tree, split)
        for number, element in enumerate(tree.xpath("//wp:docPr", namespaces=nsmap),
                                         start=1001):
            element.attrib["id"] = str(number)
        root = copy.deepcopy(self._root)
        root.replace(root.find(qn("w:body")), tree)
        members[self._body_member] = serialize_part_xml(root)
        # Headers and footers: map_headers_footers_xml reparses them into a new XmlPart.
        for part in self._parts:
            xml = self._run(part.template, context).encode(part.encoding)
            members[part.member] = serialize_part_xml(parse_xml(xml))
        core = copy.deepcopy(self._core)
        properties = CoreProperties(core)
        for name, template in self._properties:
            setattr(properties, name, render_text(template, context))
        members[self._core_member] = serialize_part_xml(core)
        for name, xml in self._footnotes:
            for _ in range(self._sections):
                xml = self._run(self._compile(self._steps.patch_xml(xml)), context)
            members[name] = xml.encode("utf-8")
        return members


# One compiled template per path and file version, per process (a pool worker included).
_CACHE: dict[Path, tuple[tuple[int, int], CompiledTemplate]] = {}


def compiled(template: Path) -> CompiledTemplate:
    """The compiled template for ``template``; recompiled only when the file changed."""
    key = Path(os.path.abspath(template))
    try:
        stat = key.stat()
    except OSError as exc:
        raise VanbanError(f"mẫu {template}: không đọc được tệp Word ({exc})") from None
    version = (stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    compiled_template = CompiledTemplate(template)
    _CACHE[key] = (version, compiled_template)
    return compiled_template


def clear_cache() -> None:
    """Forget every compiled template (a benchmark measuring a cold start needs this)."""
    _CACHE.clear()


def render(template: Path, context: dict[str, Any]) -> bytes:
    """The rendered document as bytes; nothing is written here."""
    return compiled(template).render(context)


def _render_job(job: tuple[Path, dict[str, Any]]) -> bytes | VanbanError:
    """One document in a pool worker; a VanbanError is returned, not raised.

    Returned, the error reaches the parent as itself, without the remote traceback that
    concurrent.futures chains to a raised exception.
    """
    try:
        return render(*job)
    except VanbanError as exc:
        return exc


def _worker_started(parent: int) -> None:
    """A render worker ends with the process that started it (Linux): a killed build
    leaves no worker waiting forever on the pool's pipes."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _start_method() -> str:
    """fork on Linux (workers inherit the compiled templates and start at once)."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def render_many(jobs: Sequence[tuple[Path, dict[str, Any]]], workers: int = 1) -> list[bytes]:
    """Each (template, context) rendered, results in the order of ``jobs``.

    With ``workers`` > 1 the documents are shared out to that many processes; each
    compiles each template it meets at most once (with fork, none: they inherit the
    templates compiled here). The first failing job, in order, raises its VanbanError
    here, as a sequential run would.
    """
    jobs = list(jobs)
    workers = min(workers, len(jobs))
    if workers <= 1:
        return [render(template, context) for template, context in jobs]
    chunksize = max(1, len(jobs) // (workers * 4))
    results: list[bytes] = []
    method = _start_method()
    if method == "fork":
        # Compiled once here and inherited: the workers spend no CPU compiling the same
        # templates again. A template that fails is left to the worker that meets it, so
        # that errors still come in job order.
        for template in dict.fromkeys(template for template, _ in jobs):
            try:
                compiled(template)
            except VanbanError:
                pass
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_worker_started, initargs=(os.getpid(),)) as pool:
        try:
            for outcome in pool.map(_render_job, jobs, chunksize=chunksize):
                if isinstance(outcome, VanbanError):
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise outcome
                results.append(outcome)
        except BrokenProcessPool as exc:
            raise VanbanError(f"một tiến trình sinh văn bản dừng đột ngột ({exc}); "
                              "chạy lại với --jobs 1") from None
    return results
