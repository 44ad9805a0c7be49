"""The yearly results report (bao-cao) of the 34 provinces, with all their charts.

    .venv/bin/python bench/bench_report.py            # median of 3 runs of each figure
    .venv/bin/python bench/bench_report.py --runs 5

Not part of the test suite. The 34 units are made as in bench/bench_build.py (from
``provinces/tay-ninh.yaml``), and each gets its own results: every sample value is moved
by a factor drawn from the unit's code, so no two units share a chart and the chart cache
cannot make the figure look better than a real December. Each figure is the wall time
of whole ``vanban build`` processes (issue 14 point 6):

- the 34 reports with an empty chart cache (every chart drawn), ``--jobs 1`` and ``2``;
- the same with the charts cached (a new output folder, the data unchanged);
- a rebuild with nothing changed, every document kind, with and without the reports:
  the difference is what the report adds.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import UNITS_2025, VANBAN, make_project


def vary_results(text: str, seed: str) -> str:
    """The ``results:`` block of a province with each value moved by up to ±12 %."""
    start = text.index("\nresults:")
    end = re.compile(r"^\S", re.MULTILINE).search(text, start + len("\nresults:") + 1)
    stop = end.start() if end else len(text)
    rng = random.Random(seed)
    block = text[start:stop]
    lines = []
    for line in block.splitlines(keepends=True):
        if "{" in line:  # "  1: {2027: "72,8", 2028: "76,1"}": only the values move
            head, _, values = line.partition("{")
            values = re.sub(r'(: )"?(\d+(?:,\d+)?)"?', lambda m: m.group(1) + moved_value(
                m.group(2), rng), values)
            line = f"{head}{{{values}"
        lines.append(line)
    return text[:start] + "".join(lines) + text[stop:]


def moved_value(text: str, rng: random.Random) -> str:
    value = float(text.replace(",", "."))
    new = value * rng.uniform(0.88, 1.12)
    if value <= 100:
        new = min(new, 100.0)
    return '"' + f"{new:.1f}".replace(".", ",") + '"'


def without_report(text: str) -> str:
    """The province with its ``documents.bao-cao`` entry removed."""
    return re.sub(r"^  bao-cao:\n(?:(?:    .*)?\n)*", "", text, flags=re.MULTILINE)


def make(folder: Path, reports: bool) -> list[str]:
    ids = make_project(folder)
    for (code, _, _), ident in zip(UNITS_2025, ids, strict=True):
        path = folder / "provinces" / f"{ident}.yaml"
        text = vary_results(path.read_text(encoding="utf-8"), code)
        path.write_text(text if reports else without_report(text), encoding="utf-8")
    return ids


def build(project: Path, out: Path, cache: Path, *arguments: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([str(VANBAN), "build", *arguments, "--out", str(out)], cwd=project,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "VANBAN_CACHE": str(cache)})
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"vanban build {' '.join(arguments)} failed ({done.returncode}):\n"
                 f"{done.stderr[-2000:]}")
    return elapsed


def charts_in(out: Path) -> int:
    import zipfile

    count = 0
    for report in out.rglob("bao-cao.docx"):
        with zipfile.ZipFile(report) as archive:
            count += sum(1 for name in archive.namelist() if name.startswith("word/media/"))
    return count


def decimal(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with_reports, plain = root / "with", root / "plain"
        make(with_reports, True)
        make(plain, False)
        counted = 0
        for jobs in ("1", "2"):
            cold = []
            for run in range(args.runs):
                out, cache = root / f"cold-{jobs}-{run}", root / f"cache-{jobs}-{run}"
                cold.append(build(with_reports, out, cache, "--doc", "bao-cao", "--jobs", jobs))
                counted = charts_in(out)
            rows.append((f"34 báo cáo, vẽ mọi biểu đồ ({counted} biểu đồ), --jobs {jobs}",
                         statistics.median(cold)))
        cache = root / "cache-1-0"  # filled by the first cold run
        warm = [build(with_reports, root / f"warm-{run}", cache, "--doc", "bao-cao",
                      "--jobs", "2") for run in range(args.runs)]
        rows.append(("34 báo cáo, biểu đồ đã có trong bộ nhớ đệm, --jobs 2",
                     statistics.median(warm)))
        unchanged = {}
        for label, project in (("có báo cáo", with_reports), ("không báo cáo", plain)):
            out = root / f"again-{label}"
            build(project, out, cache, "--jobs", "2")
            unchanged[label] = statistics.median(
                build(project, out, cache, "--jobs", "2") for _ in range(args.runs))
            rows.append((f"sinh lại 34 tỉnh, không gì thay đổi, {label}", unchanged[label]))
        added = unchanged["có báo cáo"] - unchanged["không báo cáo"]
    print(f"{os.cpu_count()} lõi; trung vị {args.runs} lần; tải hiện tại "
          f"{os.getloadavg()[0]:.2f}")
    width = max(len(label) for label, _ in rows)
    for label, seconds in rows:
        print(f"{label:<{width}}  {decimal(seconds):>7} s")
    print(f"{'báo cáo thêm vào lần sinh lại không thay đổi':<{width}}  {decimal(added):>7} s "
          f"(34 báo cáo; {decimal(added / 34 * 1000)} ms mỗi báo cáo)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
