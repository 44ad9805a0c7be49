"""The ``vanban`` command: build, validate and list documents of the provinces.

Exit status: 0 done; 2 the configuration, a template or the command line is wrong
(nothing was written); 3 the .docx files were written but the PDFs asked for with
``--pdf`` could not be made; 4 a document edited by hand was kept and its new version
written beside it. Messages are Vietnamese and never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator import __version__
from generator.check import run_check
from generator.config.province import load_province, province_id, read_province
from generator.domain.errors import ConfigError, VanbanError
from generator.domain.model import DOCUMENT_KINDS, Province
from generator.domain.names import ID_EXPECTED, id_problem
from generator.output.build import REPORT_FILE, check_templates, make_jobs, run
from generator.output.files import refuse_links
from generator.output.manifest import Manifest
from generator.output.pdf import convert
from generator.output.redline import redline

EXIT_OK, EXIT_INVALID, EXIT_NO_PDF, EXIT_KEPT = 0, 2, 3, 4


@dataclass(frozen=True)
class Project:
    """Where the provinces, shared content and templates are."""

    root: Path

    @property
    def provinces(self) -> Path:
        return self.root / "provinces"

    @property
    def shared(self) -> Path:
        return self.provinces / "shared"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def province_files(self) -> list[Path]:
        return sorted(self.provinces.glob("*.yaml"))


def find_project() -> Project:
    """The current folder when it holds provinces/, else the folder vanban was installed from."""
    here = Path.cwd()
    if (here / "provinces").is_dir():
        return Project(here)
    return Project(Path(__file__).resolve().parents[2])


def resolve(project: Project, names: list[str]) -> list[Path]:
    """Province ids or paths to YAML files; none means every province."""
    if not names:
        return project.province_files()
    paths = []
    for name in names:
        candidate = Path(name)
        if candidate.suffix in (".yaml", ".yml"):
            path = candidate  # the file's own name is checked with its content (config)
        else:
            problem = id_problem(name)
            if problem is not None:
                raise VanbanError(f"'{name}' không phải một mã tỉnh: {problem}; mã tỉnh là "
                                  f"tên tệp trong provinces/ ({ID_EXPECTED}), hoặc ghi đường "
                                  "dẫn tới một tệp .yaml")
            path = project.provinces / f"{name}.yaml"
        if not path.is_file():
            known = ", ".join(p.stem for p in project.province_files())
            raise VanbanError(f"không có tỉnh '{name}' ({path} không tồn tại); các tỉnh có: "
                              f"{known}")
        paths.append(path)
    return paths


def province_folder(out: Path, path: Path) -> Path:
    """``out/<id>`` of a province file, refused when its name cannot be a folder name."""
    problem = id_problem(province_id(path))
    if problem is not None:
        raise VanbanError(f"tên tệp '{path.name}' không dùng làm mã tỉnh được: {problem}")
    return out / province_id(path)


def load_all(project: Project, paths: list[Path]) -> list[Province]:
    """Every province validated; all errors of all files are reported together."""
    provinces, problems, warnings = [], [], []
    for path in paths:
        try:
            province, found = read_province(path, project.shared)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        provinces.append(province)
        warnings.extend(found)
    if problems:
        raise ConfigError(problems)
    for warning in warnings:
        print(warning.format(), file=sys.stderr)
    return provinces


def requested_kinds(provinces: list[Province], doc: str | None) -> dict[str, list[str]]:
    kinds = {}
    for province in provinces:
        if doc and doc not in province.documents:
            raise VanbanError(f"tỉnh {province.id} không khai báo văn bản '{doc}' "
                              f"(mục documents trong {province.source})")
        kinds[province.id] = [doc] if doc else list(province.documents)
    return kinds


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    provinces = load_all(project, resolve(project, args.provinces))
    jobs = make_jobs(provinces, requested_kinds(provinces, args.doc), project.templates,
                     project.shared)
    for province in provinces:  # before anything is read from or written to the folders
        refuse_links(args.out, args.out / province.id)
    outcome = run(jobs, args.out, force=args.force, workers=args.jobs)
    for path in outcome.written:
        print(f"đã tạo {path}")
    for path in outcome.tracked:
        print(f"đã tạo {path} (các thay đổi so với bản trước, dạng theo dõi thay đổi)")
    for ident, lines in outcome.reports.items():
        print(f"Thay đổi của {ident} (cũng ghi ở {args.out / ident / REPORT_FILE}):")
        for line in lines:
            print(f"  {line}")
    for edited, beside in outcome.kept:
        print(f"vanban: giữ nguyên {edited} vì tệp đã được sửa tay sau lần sinh trước; bản mới "
              f"ghi ở {beside}. Chạy lại với --force để ghi đè (bản sửa tay được lưu vào lịch "
              "sử).", file=sys.stderr)
    if not outcome.written and not outcome.kept:
        print("Không có thay đổi")
    if args.pdf:
        documents = [args.out / job.province.id / job.name for job in jobs]
        stale = [d for d in documents if d in outcome.written or not d.with_suffix(".pdf").exists()]
        try:
            for pdf in convert(stale):
                print(f"đã tạo {pdf}")
        except VanbanError as exc:
            print(f"vanban: {exc}", file=sys.stderr)
            return EXIT_NO_PDF
    return EXIT_KEPT if outcome.kept else EXIT_OK


def cmd_history(project: Project, args: argparse.Namespace) -> int:
    """Every kept version of every document of a province, with its date."""
    (path,) = resolve(project, [args.province])
    manifest = Manifest.load(province_folder(args.out, path))
    if not manifest.documents:
        raise VanbanError(f"chưa có lịch sử cho {path.stem} trong {args.out} (chạy vanban build "
                          "trước)")
    for kind, record in manifest.documents.items():
        print(f"{kind}:")
        for version in record.versions:
            print(f"  v{version.number}  {version.saved}  {version.note}")
    return EXIT_OK


def cmd_diff(project: Project, args: argparse.Namespace) -> int:
    """The current document against an earlier version, as tracked changes."""
    (path,) = resolve(project, [args.province])
    manifest = Manifest.load(province_folder(args.out, path))
    record = manifest.documents.get(args.document)
    current = manifest.folder / f"{args.document}.docx"
    if record is None or not record.versions or not current.is_file():
        raise VanbanError(f"chưa có phiên bản nào của {args.document} cho {path.stem} trong "
                          f"{args.out}")
    since = args.since or max(record.versions[-2].number if len(record.versions) > 1 else 1, 1)
    old = manifest.version_path(args.document, since)
    if old is None:
        known = ", ".join(str(v.number) for v in record.versions)
        raise VanbanError(f"không có phiên bản {since} của {args.document}; các phiên bản: "
                          f"{known}")
    name = f"{args.document}.thay-doi-v{since}.docx"
    if not manifest.is_ours(name):
        raise VanbanError(f"{manifest.folder / name} đã được sửa tay; đổi tên hoặc xóa tệp đó "
                          "trước")
    target = manifest.write(name, redline(old.read_bytes(), current.read_bytes(),
                                          datetime.now().astimezone()))
    print(f"đã tạo {target} (phiên bản {since} → hiện tại)")
    return EXIT_OK


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    provinces = load_all(project, resolve(project, args.provinces))
    check_templates(provinces, {p.id: list(p.documents) for p in provinces}, project.templates)
    for province in provinces:
        print(f"{province.source}: hợp lệ")
    return EXIT_OK


def cmd_list(project: Project, args: argparse.Namespace) -> int:
    for path in project.province_files():
        try:
            province = load_province(path, project.shared)
        except ConfigError as exc:
            print(f"{path.stem}: cấu hình có {len(exc.problems)} lỗi (chạy: vanban validate "
                  f"{path.stem})")
            continue
        print(f"{province.id}: {province.name}")
        for kind in province.documents:
            print(f"  {kind}: {DOCUMENT_KINDS[kind].description}")
    return EXIT_OK


def cmd_check(project: Project, args: argparse.Namespace) -> int:
    """Exit 0 without layout errors, 1 with errors, 2 when a file cannot be read."""
    del project
    return run_check(args.paths, args.format)


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors in Vietnamese and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"vanban: lỗi dòng lệnh: {message}", file=sys.stderr)
        sys.exit(EXIT_INVALID)


def parser() -> argparse.ArgumentParser:
    root = _Parser(prog="vanban", description="Sinh văn bản hành chính về trẻ em từ YAML.")
    root.add_argument("--version", action="version", version=f"vanban {__version__}")
    commands = root.add_subparsers(dest="command", required=True, parser_class=_Parser)
    build = commands.add_parser("build", help="sinh các văn bản .docx")
    build.add_argument("provinces", nargs="*", metavar="PROVINCE",
                       help="mã tỉnh (tên tệp trong provinces/) hoặc đường dẫn tệp YAML")
    build.add_argument("--out", type=Path, default=Path("output"), help="thư mục ghi kết quả")
    build.add_argument("--doc", choices=sorted(DOCUMENT_KINDS), help="chỉ sinh một văn bản")
    build.add_argument("--pdf", action="store_true",
                       help="tạo thêm bản PDF cạnh mỗi tệp .docx (cần LibreOffice)")
    build.add_argument("--force", action="store_true",
                       help="ghi đè cả tệp đã sửa tay (bản sửa tay được lưu vào lịch sử)")
    build.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="số tiến trình sinh văn bản song song")
    build.set_defaults(run=cmd_build)
    validate = commands.add_parser("validate", help="chỉ kiểm tra cấu hình")
    validate.add_argument("provinces", nargs="*", metavar="PROVINCE")
    validate.set_defaults(run=cmd_validate)
    listing = commands.add_parser("list", help="các tỉnh và văn bản có thể sinh")
    listing.set_defaults(run=cmd_list)
    history = commands.add_parser("history", help="các phiên bản đã sinh của một tỉnh")
    history.add_argument("province", metavar="PROVINCE")
    history.add_argument("--out", type=Path, default=Path("output"))
    history.set_defaults(run=cmd_history)
    diff = commands.add_parser("diff", help="so sánh văn bản hiện tại với một phiên bản trước")
    diff.add_argument("province", metavar="PROVINCE")
    diff.add_argument("document", choices=sorted(DOCUMENT_KINDS), metavar="DOCUMENT")
    diff.add_argument("--since", type=int, metavar="VERSION", help="số phiên bản (vanban history)")
    diff.add_argument("--out", type=Path, default=Path("output"))
    diff.set_defaults(run=cmd_diff)
    check = commands.add_parser("check", help="kiểm tra thể thức Nghị định 30/2020 của tệp .docx")
    check.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.set_defaults(run=cmd_check)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = find_project()
    try:
        return args.run(project, args)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        errors = sum(not p.warning for p in exc.problems)
        print(f"Có {errors} lỗi cấu hình; chưa ghi tệp nào.", file=sys.stderr)
        return EXIT_INVALID
    except VanbanError as exc:
        print(f"vanban: {exc}; chưa ghi tệp nào.", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:  # an unreadable or unwritable folder: a message, not a traceback
        where = f" {exc.filename}" if exc.filename else ""
        print(f"vanban: không đọc hoặc ghi được{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
