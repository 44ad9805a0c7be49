"""Builds started from the page: one at a time per province, in the background, with progress.

A build does what ``vanban build`` does (same jobs, same ``run``, so the same folder lock,
the same hand-edit protection and history), then makes the page images. The page polls
:meth:`Builds.state` to show the steps. Two requests to build the same province while
one runs share that run; builds of one province from the command line and the page are
serialised by the folder lock.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

from generator.config.project import Project
from generator.config.province import read_province
from generator.domain.errors import ConfigError, VanbanError, os_error_message
from generator.output.build import REPORT_FILE, make_jobs, run
from generator.output.files import refuse_links
from generator.output.manifest import sha256
from generator.web import previews
from generator.web.office import WarmOffice

STEPS = ("Đang đọc cấu hình", "Đang sinh các văn bản .docx",
         "Đang tạo PDF và ảnh các trang bằng LibreOffice",
         "Đang tạo ảnh các văn bản còn lại", "Xong")
FIRST = "ke-hoach"  # the document an officer looks at first after changing a target
PREVIEW_CACHE = Path(".vanban") / "xem-truoc"


@dataclass
class BuildState:
    province: str
    step: int = 0
    label: str = STEPS[0]
    done: bool = False
    errors: list[str] = field(default_factory=list)  # the build failed: nothing new shown
    notes: list[str] = field(default_factory=list)  # done, but the officer should know this
    written: list[str] = field(default_factory=list)
    # How many times new page images came into the cache during this build: the page
    # reloads when this grows, so the first document shows before the others are done.
    shown: int = 0
    first: str = ""  # the kind of the first document whose new images came in

    @property
    def steps(self) -> int:
        return len(STEPS) - 1


def preview_cache(out: Path, ident: str) -> Path:
    return out / ident / PREVIEW_CACHE


class Builds:
    """The builds of one running application, by province id."""

    def __init__(self, project: Project, out: Path, office: WarmOffice | None = None) -> None:
        self.project = project
        self.out = out
        self.office = office
        self._states: dict[str, BuildState] = {}
        self._lock = threading.Lock()

    def state(self, ident: str) -> BuildState | None:
        with self._lock:
            return self._states.get(ident)

    def start(self, ident: str, path: Path) -> BuildState:
        """Start building a province unless it is being built; its state either way."""
        with self._lock:
            current = self._states.get(ident)
            if current is not None and not current.done:
                return current
            state = self._states[ident] = BuildState(ident)
        threading.Thread(target=self._build, args=(state, path), daemon=True,
                         name=f"vanban-build-{ident}").start()
        return state

    def run_now(self, ident: str, path: Path) -> BuildState:
        """Build in the calling thread (tests, and the benchmark)."""
        state = BuildState(ident)
        with self._lock:
            self._states[ident] = state
        self._build(state, path)
        return state

    def _step(self, state: BuildState, step: int, label: str | None = None) -> None:
        state.step, state.label = step, label or STEPS[step]

    def _build(self, state: BuildState, path: Path) -> None:
        try:
            self._stages(state, path)
        except ConfigError as exc:
            state.errors = [p.format() for p in exc.problems if not p.warning]
        except VanbanError as exc:
            state.errors = [str(exc)]
        except OSError as exc:
            state.errors = [os_error_message(exc)]
        except Exception as exc:  # a bug must end the progress bar with a sentence
            state.errors = [f"lỗi nội bộ của vanban ({type(exc).__name__}: {exc}); hãy báo "
                            "cho người quản trị kèm thông báo này"]
        finally:
            self._step(state, len(STEPS) - 1)
            state.done = True

    def _stages(self, state: BuildState, path: Path) -> None:
        project, out, ident = self.project, self.out, state.province
        province, _warnings = read_province(path, project.shared)
        self._step(state, 1)
        jobs = make_jobs([province], {ident: list(province.documents)}, project.templates,
                         project.shared)
        refuse_links(out, out / ident)
        outcome = run(jobs, out, notice=lambda text: self._step(state, 1, text))
        state.written = [p.name for p in outcome.written]
        for edited, beside in outcome.kept:
            state.notes.append(f"Giữ nguyên {edited.name} vì tệp đã được sửa tay sau lần sinh "
                               f"trước; bản mới ghi ở {beside.name}. Bản xem trước là tệp "
                               "đang có trong thư mục.")
        if outcome.reports.get(ident):
            state.notes.append(f"Báo cáo thay đổi ghi ở {REPORT_FILE}.")
        self._step(state, 2)
        kinds = sorted((job.kind for job in jobs), key=lambda kind: kind != FIRST)
        documents = [(out / ident / f"{kind}.docx").read_bytes() for kind in kinds]
        cache = preview_cache(out, ident)

        names = {sha256(data): kind for kind, data in zip(kinds, documents, strict=True)}

        def ready(digests: list[str]) -> None:
            with self._lock:
                state.shown += 1
                made_kinds = [names[d] for d in digests if d in names]
                state.first = state.first or next(iter(made_kinds), "")
                if state.step < 3:
                    made = ", ".join(f"{kind}.docx" for kind in made_kinds)
                    self._step(state, 3, f"Đã có ảnh các trang của {made}; đang tạo ảnh các "
                                         "văn bản còn lại")

        try:
            made = previews.make(documents, cache, ready=ready,
                                 office=self.office.convert if self.office else None)
        except VanbanError as exc:
            state.notes.append(str(exc))
            return
        previews.prune(cache, {p.digest for p in made})
        if made and not made[0].pages and shutil.which("pdftoppm") is None:
            state.notes.append(previews.MISSING_PDFTOPPM)
