"""The ``vanban`` command: build, validate and list documents of the provinces.

Exit status: 0 done; 2 the configuration, a template or the command line is wrong
(nothing was written); 3 the .docx files were written but the PDFs asked for with
``--pdf`` could not be made. Messages are Vietnamese and never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.config import load_province, read_province
from generator.context import build_context
from generator.errors import ConfigError, VanbanError
from generator.layout_check import run_check
from generator.model import DOCUMENT_KINDS, Province
from generator.pdf import convert
from generator.render import render, write_atomically

EXIT_OK, EXIT_INVALID, EXIT_NO_PDF = 0, 2, 3


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
    return Project(Path(__file__).resolve().parent.parent)


def resolve(project: Project, names: list[str]) -> list[Path]:
    """Province ids or paths to YAML files; none means every province."""
    if not names:
        return project.province_files()
    paths = []
    for name in names:
        candidate = Path(name)
        if candidate.suffix in (".yaml", ".yml"):
            path = candidate
        else:
            path = project.provinces / f"{name}.yaml"
        if not path.is_file():
            known = ", ".join(p.stem for p in project.province_files())
            raise VanbanError(f"không có tỉnh '{name}' ({path} không tồn tại); các tỉnh có: "
                              f"{known}")
        paths.append(path)
    return paths


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


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    provinces = load_all(project, resolve(project, args.provinces))
    planned: list[tuple[Path, bytes]] = []
    for province in provinces:
        kinds = [args.doc] if args.doc else list(province.documents)
        for kind in kinds:
            if kind not in province.documents:
                raise VanbanError(f"tỉnh {province.id} không khai báo văn bản '{kind}' "
                                  f"(mục documents trong {province.source})")
            template = project.templates / f"{kind}.docx"
            data = render(template, build_context(province, kind))
            planned.append((args.out / province.id / f"{kind}.docx", data))
    for path, data in planned:
        write_atomically(path, data)
        print(f"đã tạo {path}")
    if args.pdf:
        try:
            for pdf in convert([path for path, _ in planned]):
                print(f"đã tạo {pdf}")
        except VanbanError as exc:
            print(f"vanban: {exc}", file=sys.stderr)
            return EXIT_NO_PDF
    return EXIT_OK


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    provinces = load_all(project, resolve(project, args.provinces))
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
    build.set_defaults(run=cmd_build)
    validate = commands.add_parser("validate", help="chỉ kiểm tra cấu hình")
    validate.add_argument("provinces", nargs="*", metavar="PROVINCE")
    validate.set_defaults(run=cmd_validate)
    listing = commands.add_parser("list", help="các tỉnh và văn bản có thể sinh")
    listing.set_defaults(run=cmd_list)
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


if __name__ == "__main__":
    sys.exit(main())
