"""How long `vanban check` takes on 100 documents: real ones and generated ones (not a test).

    .venv/bin/python bench/bench_check.py                    # builds the sample provinces
    .venv/bin/python bench/bench_check.py --generated out/   # uses documents already built
    .venv/bin/python bench/bench_check.py --runs 7

The 100 files are the eleven real documents of tests/fixtures/real-docs/ (up to 243 KB, one
of 104 pages with a large annex table) and the documents ``vanban build`` writes for the
sample provinces, repeated in turn until there are 100, copied into one folder. Two figures,
each the median of ``--runs``, as wall clock and as CPU time (the CPU figure does not depend
on what else the machine is running):

- the whole command ``vanban check FOLDER`` in a fresh process, wall clock, as a clerk runs
  it (start-up, imports, reading, rules, printing);
- ``check_file`` on the same files inside one process, with the slowest documents, to see
  where the time goes (``--profile`` runs pyinstrument over it when installed).
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VANBAN = ROOT / ".venv" / "bin" / "vanban"
REAL = ROOT / "tests" / "fixtures" / "real-docs"
COUNT = 100


def generated(out: Path) -> list[Path]:
    """The documents of the sample provinces (not the history copies vanban keeps beside them)."""
    return sorted(
        p for p in out.rglob("*.docx") if not any(part.startswith(".") for part in p.parts)
    )


def build(out: Path) -> list[Path]:
    result = subprocess.run(
        [str(VANBAN), "build", "--out", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(
            "vanban build không sinh được văn bản mẫu (mã thoát "
            f"{result.returncode}); chạy lại với --generated THƯ_MỤC:\n{result.stderr[-2000:]}"
        )
    return generated(out)


def gather(sources: list[Path], folder: Path) -> list[Path]:
    """COUNT copies taken from ``sources`` in turn, under distinct names in ``folder``."""
    files: list[Path] = []
    for n, source in zip(range(COUNT), itertools.cycle(sources), strict=False):
        target = folder / f"{n:03d}-{source.name}"
        shutil.copyfile(source, target)
        files.append(target)
    return files


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command_seconds(folder: Path) -> tuple[float, float]:
    """Wall clock and CPU time of one ``vanban check FOLDER`` process."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        [str(VANBAN), "check", str(folder)], cwd=ROOT, stdout=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def in_process(files: list[Path]) -> tuple[float, float, list[tuple[float, Path]]]:
    """Wall clock and CPU time of ``check_file`` over the files, and each file's CPU time."""
    from generator.check import check_file

    times: list[tuple[float, Path]] = []
    start = time.perf_counter()
    for path in files:
        cpu = time.process_time()
        check_file(path)
        times.append((time.process_time() - cpu, path))
    wall = time.perf_counter() - start
    return wall, sum(t for t, _ in times), sorted(times, reverse=True)


def profile(files: list[Path]) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument chưa được cài (pip install pyinstrument)")
        return
    from generator.check import check_file

    profiler = Profiler()
    with profiler:
        for path in files:
            check_file(path)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--generated", type=Path, help="thư mục văn bản đã sinh (bỏ qua build)")
    parser.add_argument("--profile", action="store_true", help="chạy pyinstrument")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        made = generated(args.generated) if args.generated else build(work / "out")
        real = sorted(REAL.glob("*.docx"))
        folder = work / "check"
        folder.mkdir()
        files = gather(real + made, folder)
        size = sum(p.stat().st_size for p in files) / 1e6
        print(f"{len(files)} tệp ({len(real)} văn bản thật, {len(made)} văn bản sinh, lặp lại), "
              f"{size:.1f} MB")
        commands = [command_seconds(folder) for _ in range(args.runs)]
        runs = [in_process(files) for _ in range(args.runs)]
        print(f"máy: {os.cpu_count()} lõi, tải trung bình {os.getloadavg()[0]:.1f}")
        print(
            f"vanban check trên {len(files)} tệp (cả tiến trình): "
            f"{statistics.median(w for w, _ in commands):6.2f} s đồng hồ, "
            f"{statistics.median(c for _, c in commands):6.2f} s CPU"
        )
        print(
            f"check_file trên {len(files)} tệp (một tiến trình):  "
            f"{statistics.median(r[0] for r in runs):6.2f} s đồng hồ, "
            f"{statistics.median(r[1] for r in runs):6.2f} s CPU"
        )
        print("chậm nhất (CPU):")
        seen: set[str] = set()
        for seconds, path in runs[-1][2]:
            name = path.name.split("-", 1)[1]
            if name not in seen and len(seen) < 3:
                seen.add(name)
                print(f"  {seconds:6.3f} s  {name}")
        if args.profile:
            profile(files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
