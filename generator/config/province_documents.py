"""Reading the issuing side of a province: agencies, signers and its documents.

A mixin of the province reader (config.province), for the sections ``agencies``,
``signers`` and ``documents`` (numbers, dates, recipients, template, content).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from generator.config import samples as sample_values
from generator.config import schema
from generator.config.fields import Fields, describe
from generator.config.layout_values import (
    archive_problem,
    capitals,
    letter_symbol_problem,
    opening_problem,
    signer_name_problem,
    symbol_problem,
    title_problem,
)
from generator.config.shared_content import LIST, REQUIRED, TEXT
from generator.config.yaml_source import (
    Index,
    PathKey,
    dotted,
)
from generator.domain.model import (
    DOCUMENT_KINDS,
    Agency,
    ContentValue,
    DocumentSettings,
    IssueDate,
    Signer,
)
from generator.domain.names import TEMPLATE_EXPECTED, template_problem
from generator.domain.signing import authority_problem, name_problem, sequence_problem

TERMS = tuple(schema.names(schema.PROVINCE, ("terms",)))
DERIVED_TERMS = ("lead_department", "province")

# Names a text may use besides the province's terms, filled where the text is used: the
# number of the goal under whose chart the caption stands.
LOCAL_TERMS: dict[tuple[str, str], tuple[str, ...]] = {("bao-cao", "goal_chart_caption"):
                                                       ("goal",)}


class DocumentsReader:
    """The province reader's methods for the issuing sections (mixed into it)."""

    def _agencies(self) -> dict[str, Agency]:
        fields = self.own
        raw = fields.table(("agencies",)) or {}
        agencies = {}
        for ident in raw:
            key = ("agencies", ident)
            if fields.table(key) is None:
                continue
            name = fields.text_list((*key, "name"))
            parent = fields.text_list((*key, "parent"), required=False)
            abbreviation = fields.text((*key, "abbreviation"))
            in_text = fields.text((*key, "in_text"))
            if fields.get((*key, "name")) == []:
                fields.report((*key, "name"), "tên cơ quan không được để trống",
                              found="một danh sách rỗng",
                              expected="các dòng tên, ví dụ [ỦY BAN NHÂN DÂN, TỈNH LONG AN]")
            for part, lines in (("name", name), ("parent", parent)):
                for spot, line in self._lines((*key, part), lines or []):
                    self._layout(fields, spot, capitals(line, "tên cơ quan"), line)
            if abbreviation:
                self._layout(fields, (*key, "abbreviation"), symbol_problem(abbreviation),
                             abbreviation)
            # Kept even when its name is wrong (reported), so documents naming it do not
            # also say the agency does not exist.
            if None not in (name, abbreviation, parent, in_text):
                agencies[str(ident)] = Agency(str(ident), tuple(name), tuple(parent),
                                              abbreviation, in_text)
        return agencies

    def _signers(self) -> dict[str, Signer]:
        fields = self.own
        raw = fields.table(("signers",)) or {}
        signers = {}
        for ident in raw:
            key = ("signers", ident)
            if fields.table(key) is None:
                continue
            authority = fields.text_list((*key, "authority"), required=False) or []
            for spot, line in self._lines((*key, "authority"), authority):
                problem = authority_problem(line)
                if problem:
                    fields.report(spot, problem[0], found=line, expected=problem[1])
                else:
                    self._layout(fields, spot, capitals(line, "quyền hạn ký"), line)
            order = sequence_problem(authority)
            if order and all(authority_problem(line) is None for line in authority):
                fields.report((*key, "authority"), order)
            title = fields.text((*key, "title"), required=False)
            name = fields.text((*key, "name"))
            if name and (why := name_problem(name)):
                fields.report((*key, "name"), why, found=name,
                              expected="chỉ họ và tên, ví dụ: Phạm Tấn Hòa")
            elif name:
                self._layout(fields, (*key, "name"), signer_name_problem(name), name)
            if title:
                self._layout(fields, (*key, "title"), title_problem(title), title)
            elif not authority and fields.get((*key, "title")) is None:
                fields.report(key, "người ký cần chức vụ ('title') hoặc quyền hạn ký "
                                   "('authority')",
                              expected="thêm 'title: GIÁM ĐỐC', hoặc 'authority: [TM. ỦY BAN "
                                       "NHÂN DÂN, KT. CHỦ TỊCH]' và 'title: PHÓ CHỦ TỊCH'")
            if name:
                signers[str(ident)] = Signer(tuple(authority), title, name)
        return signers

    def _documents(self, agencies: dict[str, Agency],
                   signers: dict[str, Signer]) -> dict[str, DocumentSettings] | None:
        fields = self.own
        raw = fields.table(("documents",))
        if raw is None:
            return None
        if not raw:  # a build would make nothing and say "Không có thay đổi"
            fields.report(("documents",), "chưa khai báo văn bản nào", found="một bảng rỗng",
                          expected="ít nhất một trong: " + ", ".join(DOCUMENT_KINDS))
            return None
        documents = {}
        for kind in raw:
            if kind not in DOCUMENT_KINDS:
                continue
            key = ("documents", kind)
            conditions = [schema.LETTER] if DOCUMENT_KINDS[kind].is_letter else []
            if kind in self.content.documents:
                conditions.append(schema.HAS_CONTENT)
            if fields.table(key, only=conditions) is None:
                continue
            settings = self._document(key, kind, agencies, signers)
            if settings is not None:
                documents[kind] = settings
        self._report_on_the_plan(documents)
        return documents if len(documents) == len([k for k in raw if k in DOCUMENT_KINDS]) \
            else None

    def _report_on_the_plan(self, documents: dict[str, DocumentSettings]) -> None:
        """A Báo cáo kết quả covers the plan it reports on, not the period its own date
        would give: a report of December 2025 on the 2021-2030 plan says 2021-2030."""
        report = documents.get("bao-cao")
        plan = next((documents[k] for k in sample_values.PLAN_KINDS if k in documents), None)
        if report is not None and plan is not None and self.period is None:
            documents["bao-cao"] = replace(report, period=plan.period)

    def _document(self, key: PathKey, kind: str, agencies: dict[str, Agency],
                  signers: dict[str, Signer]) -> DocumentSettings | None:
        fields = self.own
        agency = fields.reference((*key, "agency"), agencies, "cơ quan")
        signer = fields.reference((*key, "signer"), signers, "người ký")
        number = None
        if fields.get((*key, "number")) is not None:
            number = fields.integer((*key, "number"), minimum=1)
        when = fields.date_value((*key, "date"))
        # A number or date tagged !mau is a preview: the document stays a draft.
        sample = fields.source.is_sample((*key, "number")) or fields.source.is_sample(
            (*key, "date"))
        if number is not None and when is not None and when[2] is None and not sample:
            fields.report((*key, "date"), "văn bản đã có số nhưng ngày còn để trống",
                          found=str(fields.get((*key, "date"))),
                          expected="ghi đủ năm-tháng-ngày, ví dụ "
                                   f"{when[0]}-{when[1] or 1:02d}-07; hoặc bỏ số nếu là bản "
                                   "dự thảo")
        recipients = fields.text_list((*key, "recipients"))
        archive = fields.text((*key, "archive"))
        if archive is not None:
            archive = archive.removeprefix("Lưu:").strip().rstrip(".")
            self._layout(fields, (*key, "archive"), archive_problem(archive), archive)
        letter = DOCUMENT_KINDS[kind].is_letter
        addressees = fields.text_list((*key, "addressees")) if letter else []
        if letter and fields.get((*key, "addressees")) == []:
            fields.report((*key, "addressees"), "công văn cần ít nhất một nơi nhận ở dòng "
                                                "Kính gửi", found="một danh sách rỗng",
                          expected="ví dụ [Các sở, ban, ngành tỉnh]")
            addressees = None
        unit = fields.text((*key, "unit")) if letter else None
        if unit is not None:
            self._layout(fields, (*key, "unit"), symbol_problem(unit), unit)
        if letter and agency is not None:
            self._layout(fields, (*key, "agency"), letter_symbol_problem(agency.abbreviation),
                         agency.abbreviation)
        content = self._content(key, kind)
        template = self._template((*key, "template"))
        if None in (agency, signer, when, recipients, archive, addressees, content) or (
                letter and unit is None) or template is False:
            return None
        final = number is not None and when[2] is not None and not sample
        return DocumentSettings(kind, number, IssueDate(*when), agency, signer,
                                tuple(r.rstrip(";.").strip() for r in recipients), archive,
                                tuple(a.rstrip(";.").strip() for a in addressees), unit,
                                content, template or None, self._period_of(when), final)

    def _template(self, key: PathKey) -> str | bool:
        """The province's own template file name, "" for none, False when refused.

        Only a plain name in the project's templates/ folder: the file is untrusted and
        the name must not reach outside that folder. Whether the file exists is checked
        where the templates folder is known (generator.output.build.check_templates).
        """
        raw = self.own.get(key)
        if raw is None:
            return ""
        if not isinstance(raw, str):
            self.own.report(key, "tên mẫu phải là một tên tệp", found=describe(raw),
                            expected=TEMPLATE_EXPECTED)
            return False
        problem = template_problem(raw)
        if problem is not None:
            self.own.report(key, f"tên mẫu không hợp lệ: {problem}", found=describe(raw),
                            expected=TEMPLATE_EXPECTED)
            return False
        return raw

    def _content(self, key: PathKey, kind: str) -> dict[str, ContentValue] | None:
        """The kind's shared texts with the province's ``content`` over them, all checked."""
        if kind not in self.content.documents:
            return {}
        shared_fields = self.content.document_fields[kind]
        shapes = self.content.shapes[kind]
        merged: dict[str, ContentValue] = dict(self.content.documents[kind])
        origin: dict[str, tuple[Fields, PathKey]] = {k: (shared_fields, (k,)) for k in merged}
        ckey = (*key, "content")
        own = self.own.table(ckey, entry=shapes) if self.own.get(ckey) is not None else {}
        for name, value in (own or {}).items():
            if name not in shapes:
                continue
            vkey = (*ckey, name)
            if isinstance(value, date):
                merged[name] = value
            elif isinstance(value, list) or shapes[name] == LIST:
                if shapes[name] == TEXT:
                    self.own.report(vkey, "nội dung này là một đoạn chữ, không phải danh sách",
                                    found=describe(value))
                    continue
                items = self.own.text_list(vkey)
                if items is not None:
                    merged[name] = tuple(items)
            else:
                text = self.own.text(vkey)
                if text is not None:
                    merged[name] = text
            origin[name] = (self.own, vkey)
        missing = [name for name, shape in shapes.items()
                   if shape == REQUIRED and name not in merged]
        for name in missing:
            self.own.report(ckey if own else key, f"thiếu nội dung '{name}' của văn bản {kind}",
                            expected=f"thêm '{name}: ...' vào {dotted(ckey)} (xem "
                                     f"provinces/shared/documents/{kind}.yaml)")
        allowed = [*TERMS, *DERIVED_TERMS, "issuer", "year", *shapes]
        for name, value in merged.items():
            fields, where = origin[name]
            for i, text in enumerate(value if isinstance(value, tuple) else (value,)):
                if isinstance(text, str):
                    spot = (*where, Index(i)) if isinstance(value, tuple) else where
                    self._check_terms(fields, spot, text, dict.fromkeys(allowed, ""),
                                      LOCAL_TERMS.get((kind, name), ()))
                    self._layout(fields, spot, opening_problem(kind, name, text), text)
        return None if missing else merged
