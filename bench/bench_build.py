"""Build the 34 provinces of 2025 with vanban and with bare docxtpl, side by side.

    .venv/bin/python bench/bench_build.py            # 34 provinces x every document kind
    .venv/bin/python bench/bench_build.py --runs 5   # median of 5 runs instead of 3

Not part of the test suite. The 34 provincial units after Nghị quyết 202/2025/QH15 (list
in docs/domain.md §2.2) are made from ``provinces/tay-ninh.yaml`` in a
temporary project (names, place, agencies, id substituted). Each variant runs in its own
fresh process, so every figure includes the once-per-run work (reading and compiling each
template) and its peak memory is its own:

- vanban, ``render_many`` with 1 and 2 workers: load and validate (``cli.load_all``, as
  ``vanban build`` does), contexts, render, write the files with ``write_atomically``;
- bare docxtpl: the same contexts, ``DocxTemplate(path).render(ctx, jinja_env=env,
  autoescape=True)`` and ``save`` to memory, a fresh DocxTemplate per document and a plain
  ``jinja2.Environment`` with vanban's filters (the templates use ``|upper``);
- the whole ``vanban build --jobs N`` command, wall clock, median of ``--runs``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VANBAN = ROOT / ".venv" / "bin" / "vanban"
BASE = "tay-ninh"

# (code, name, is a thành phố trực thuộc trung ương): domain.md §2.2, from 01/7/2025.
UNITS_2025: list[tuple[str, str, bool]] = [
    ("01", "Hà Nội", True), ("04", "Cao Bằng", False), ("08", "Tuyên Quang", False),
    ("11", "Điện Biên", False), ("12", "Lai Châu", False), ("14", "Sơn La", False),
    ("15", "Lào Cai", False), ("19", "Thái Nguyên", False), ("20", "Lạng Sơn", False),
    ("22", "Quảng Ninh", False), ("24", "Bắc Ninh", False), ("25", "Phú Thọ", False),
    ("31", "Hải Phòng", True), ("33", "Hưng Yên", False), ("37", "Ninh Bình", False),
    ("38", "Thanh Hóa", False), ("40", "Nghệ An", False), ("42", "Hà Tĩnh", False),
    ("44", "Quảng Trị", False), ("46", "Huế", True), ("48", "Đà Nẵng", True),
    ("51", "Quảng Ngãi", False), ("52", "Gia Lai", False), ("56", "Khánh Hòa", False),
    ("66", "Đắk Lắk", False), ("68", "Lâm Đồng", False), ("75", "Đồng Nai", False),
    ("79", "Hồ Chí Minh", True), ("80", "Tây Ninh", False), ("82", "Đồng Tháp", False),
    ("86", "Vĩnh Long", False), ("91", "An Giang", False), ("92", "Cần Thơ", True),
    ("96", "Cà Mau", False),
]


def slug(name: str) -> str:
    """ASCII file id: "Đắk Lắk" -> "dak-lak"."""
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def province_yaml(base: str, name: str, city: bool) -> str:
    """tay-ninh.yaml rewritten for ``name``: agencies, in_text, place, terms."""
    kind, kind_upper = ("thành phố", "THÀNH PHỐ") if city else ("tỉnh", "TỈNH")
    # Decree 30 writes the place of a city named after a person with "Thành phố".
    place = f"Thành phố {name}" if name == "Hồ Chí Minh" else name
    text = base.replace("TỈNH TÂY NINH", f"{kind_upper} {name.upper()}")
    text = text.replace("tỉnh Tây Ninh", f"{kind} {name}")
    text = text.replace("place: Tây Ninh", f"place: {place}")
    text = text.replace("Tây Ninh", name).replace("tayninh", slug(name).replace("-", ""))
    if city:  # UBND thành phố, Công an thành phố, Thành ủy...
        text = re.sub(r"\btỉnh\b", "thành phố", text).replace("Tỉnh ủy", "Thành ủy")
    return text


def make_project(folder: Path) -> list[str]:
    """A project folder with the 34 provinces, the shared content and the templates."""
    base = (ROOT / "provinces" / f"{BASE}.yaml").read_text(encoding="utf-8")
    provinces = folder / "provinces"
    provinces.mkdir(parents=True)
    shutil.copytree(ROOT / "provinces" / "shared", provinces / "shared")
    shutil.copytree(ROOT / "templates", folder / "templates")
    ids = []
    for _, name, city in UNITS_2025:
        ids.append(slug(name))
        (provinces / f"{ids[-1]}.yaml").write_text(province_yaml(base, name, city),
                                                   encoding="utf-8")
    assert len(set(ids)) == len(UNITS_2025) == 34, ids
    return ids


def peak_memory() -> dict[str, float]:
    """Peak resident memory in MB of this process and of its largest child (Linux: KB)."""
    scale = 1 / 1024 if sys.platform.startswith("linux") else 1 / 1024 / 1024
    return {"self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
            "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale}


def body_digest(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return hashlib.sha256(archive.read("word/document.xml")).hexdigest()


def variant(project: Path, name: str, out: Path) -> dict[str, Any]:
    """One variant, in this (fresh) process; the figures as a dict."""
    start = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    import jinja2
    from docxtpl import DocxTemplate

    from generator.compose.context import build_context
    from generator.config.project import Project, load_all
    from generator.domain.vietnamese import FILTERS
    from generator.output.files import write_atomically
    from generator.output.render import render_many

    imported = time.perf_counter()
    where = Project(project)
    provinces = load_all(where, where.province_files())  # as vanban build: errors, warnings
    loaded = time.perf_counter()
    jobs = [(project / "templates" / f"{kind}.docx", build_context(province, kind), province.id)
            for province in provinces for kind in province.documents]
    contexts = time.perf_counter()
    if name == "docxtpl":
        documents = []
        for template, context, _ in jobs:
            env = jinja2.Environment(autoescape=True)
            env.filters.update(FILTERS)
            document = DocxTemplate(template)
            if context.get("charts"):  # the report's drawings, as CompiledTemplate adds them
                from generator.output import charts

                context = {**context, "drawings": [
                    charts.drawing(p, c["caption"]) for p, c
                    in zip(charts.pictures(context["charts"]), context["charts"], strict=True)]}
            document.render(context, jinja_env=env, autoescape=True)
            buffer = io.BytesIO()
            document.save(buffer)
            documents.append(buffer.getvalue())
        rendered = written = time.perf_counter()
    else:
        workers = int(name.rsplit("-", 1)[1])
        documents = render_many([(t, c) for t, c, _ in jobs], workers=workers)
        rendered = time.perf_counter()
        for (template, _, province_id), data in zip(jobs, documents, strict=True):
            write_atomically(out / province_id / template.name, data)
        written = time.perf_counter()
    return {"variant": name, "documents": len(jobs), "templates": len({t for t, _, _ in jobs}),
            "import_s": imported - start, "load_s": loaded - imported,
            "contexts_s": contexts - loaded,
            "render_s": rendered - contexts, "write_s": written - rendered,
            "pipeline_s": written - imported, **peak_memory(),
            "digests": [body_digest(d) for d in documents]}


def run_variant(project: Path, name: str) -> dict[str, Any]:
    # Each run draws the reports' charts itself (the 34 units share their sample results,
    # so a chart is drawn once per run); bench/bench_report.py measures the charts.
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        done = subprocess.run([sys.executable, __file__, "--variant", name, "--project",
                               str(project), "--out", out], capture_output=True, text=True,
                              check=False, env={**os.environ, "VANBAN_CACHE": cache})
    if done.returncode != 0:
        sys.exit(f"variant {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def run_cli(project: Path, arguments: list[str], runs: int) -> dict[str, Any]:
    """Wall time and peak memory of the whole ``vanban build`` process, fresh output each run."""
    times, peaks = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
            start = time.perf_counter()
            process = subprocess.Popen([str(VANBAN), "build", *arguments, "--out", out],
                                       cwd=project, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE,
                                       env={**os.environ, "VANBAN_CACHE": cache})
            _, status, usage = os.wait4(process.pid, 0)
            times.append(time.perf_counter() - start)
            process.returncode = os.waitstatus_to_exitcode(status)
            error = process.stderr.read().decode() if process.stderr else ""
            if process.returncode != 0:
                return {"error": f"exit {process.returncode}: {error.strip()[-500:]}"}
            count = sum(1 for _ in Path(out).rglob("*.docx"))
            peaks.append(usage.ru_maxrss / 1024)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "peak_mb": max(peaks), "files": count}


def report(results: list[dict[str, Any]], cli: dict[str, dict[str, Any]], runs: int) -> None:
    first = results[0]
    n, provinces = first["documents"], len(UNITS_2025)
    print(f"{provinces} provinces x {n // provinces} document kinds = {n} documents, "
          f"{first['templates']} templates; {os.cpu_count()} CPUs; Python "
          f"{sys.version.split()[0]}; load average now {os.getloadavg()[0]:.2f} (other "
          "processes running make every figure slower)")
    print(f"before rendering, in every in-process variant: import {first['import_s']:.2f} s, "
          f"load+validate (cli.load_all) {first['load_s']:.2f} s, contexts "
          f"{first['contexts_s']:.2f} s")
    print()
    header = (f"{'variant':<26}{'render s':>9}{'ms/doc':>8}{'docs/s':>8}{'write s':>8}"
              f"{'pipeline s':>11}{'peak MB':>9}{'child MB':>9}")
    print(header)
    print("-" * len(header))
    bare = next(r for r in results if r["variant"] == "docxtpl")
    for r in results:
        label = ("bare docxtpl (1 process)" if r["variant"] == "docxtpl"
                 else f"vanban render_many x{r['variant'].rsplit('-', 1)[1]}")
        ms = r["render_s"] / n * 1000
        print(f"{label:<26}{r['render_s']:>9.3f}{ms:>8.2f}{n / r['render_s']:>8.0f}"
              f"{r['write_s']:>8.3f}{r['pipeline_s']:>11.2f}{r['self_mb']:>9.0f}"
              f"{r['children_mb']:>9.0f}")
    print(f"(median of {runs} runs, each in a fresh process; pipeline = load+validate, "
          "contexts, render, write, after imports)")
    print()
    for r in results:
        if r is not bare:
            same = sum(a == b for a, b in zip(r["digests"], bare["digests"], strict=True))
            print(f"ratio {r['variant']} / bare docxtpl, ms per document: "
                  f"{r['render_s'] / bare['render_s']:.3f}  "
                  f"(document.xml identical: {same}/{n})")
    print()
    for label, figures in cli.items():
        if "error" in figures:
            print(f"{label}: failed: {figures['error']}")
            continue
        verdict = "met" if figures["median_s"] < 3 else "NOT met"
        print(f"{label}: median {figures['median_s']:.2f} s (min {figures['min_s']:.2f}, max "
              f"{figures['max_s']:.2f}, {runs} runs), {figures['files']} .docx files, peak "
              f"{figures['peak_mb']:.0f} MB (largest process); target < 3 s: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of each variant and of the whole-process build (median)")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(variant(args.project, args.variant, args.out)))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        make_project(project)
        results = []
        for name in ("vanban-1", "vanban-2", "docxtpl"):  # the run with the median render time
            runs = sorted((run_variant(project, name) for _ in range(args.runs)),
                          key=lambda r: r["render_s"])
            results.append(runs[len(runs) // 2])
        help_text = subprocess.run([str(VANBAN), "build", "--help"], capture_output=True,
                                   text=True, check=False).stdout
        options = [["--jobs", "1"], ["--jobs", "2"]] if "--jobs" in help_text else [[]]
        cli = {f"vanban build {' '.join(o)}".strip() + f" ({len(UNITS_2025)} provinces)":
               run_cli(project, o, args.runs) for o in options}
    report(results, cli, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
