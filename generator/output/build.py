"""A build: which documents need making, making them, and writing them without loss.

Only documents whose inputs changed are rendered; a file changed by hand since vanban
wrote it is never overwritten (the new version goes beside it, ``<doc>.moi.docx``) unless
``force`` is set, and then the edited file is saved into the history first. Every rebuilt
document gets a tracked-changes copy against the last version vanban built, and the
province a change report from the facts that version was built from, so a hand edit
kept in between changes neither. A build holds each province folder's lock
(:func:`generator.output.lock.folder_lock`) from reading its manifest to the last write.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator import __version__
from generator.compose.context import build_context
from generator.compose.facts import compare, facts_for, province_facts
from generator.config.yaml_source import dotted, load
from generator.domain.errors import ConfigError, Problem, VanbanError
from generator.domain.model import Province
from generator.output.draft import finish
from generator.output.lock import folder_lock
from generator.output.manifest import Manifest, inputs_changed, sha256
from generator.output.redline import redline
from generator.output.render import render_many

REPORT_FILE = "bao-cao-thay-doi.txt"
NEW_BESIDE = ".moi.docx"  # where a new version goes when the old one was edited by hand
TRACKED = ".thay-doi.docx"  # the tracked-changes copy of a rebuilt document


@dataclass
class Job:
    """One document of one province, with everything it is made from."""

    province: Province
    kind: str
    template: Path
    context: dict[str, Any]
    inputs: dict[str, str]

    @property
    def name(self) -> str:
        return f"{self.kind}.docx"

    @property
    def tracked(self) -> str:
        return f"{self.kind}{TRACKED}"


@dataclass
class Outcome:
    """What a build did, for the command line to report."""

    written: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, Path]] = field(default_factory=list)
    tracked: list[Path] = field(default_factory=list)
    reports: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    # New versions left beside a hand edit by an earlier build, removed now that the
    # document itself was replaced (each saved in the history first if edited by hand).
    removed: list[Path] = field(default_factory=list)


def _digest_files(paths: list[Path]) -> str:
    return sha256(b"".join(sha256(p.read_bytes()).encode() for p in sorted(paths)))


def template_of(province: Province, kind: str, templates: Path) -> Path:
    """The template a document is rendered from: the province's own, else the shipped one."""
    return templates / (province.documents[kind].template or f"{kind}.docx")


def check_templates(provinces: list[Province], kinds: dict[str, list[str]],
                    templates: Path) -> None:
    """Every template the documents need exists, before anything is rendered or written.

    A province's own template (``documents.<kind>.template``) is named in its file, so a
    missing one is reported there, with line and column, like any configuration mistake;
    a missing shipped template is a broken installation.
    """
    problems: list[Problem] = []
    for province in provinces:
        for kind in kinds[province.id]:
            template = template_of(province, kind, templates)
            if template.is_file():
                continue
            name = province.documents[kind].template
            if name is None:
                raise VanbanError(f"không có mẫu {template} của văn bản {kind} (thư mục "
                                  "templates/ của vanban thiếu tệp; chạy lại "
                                  "tools/build_templates.py)")
            key = ("documents", kind, "template")
            try:  # read once already (yaml_source caches it): only for the position
                mark = load(province.source).mark(key)
            except ConfigError:
                mark = None
            available = sorted(p.name for p in templates.glob("*.docx"))
            problems.append(Problem(province.source, mark, dotted(key),
                                    f"không có mẫu '{name}' trong thư mục {templates}",
                                    found=name, expected="một tệp có trong thư mục đó: "
                                                         + ", ".join(available)))
    if problems:
        raise ConfigError(problems)


def make_jobs(provinces: list[Province], kinds: dict[str, list[str]], templates: Path,
              shared: Path) -> list[Job]:
    """A job per requested document, with the hashes that decide whether to rebuild it."""
    check_templates(provinces, kinds, templates)
    shared_hash = _digest_files([p for p in shared.rglob("*.yaml")])
    template_hashes: dict[Path, str] = {}
    jobs = []
    for province in provinces:
        province_hash = sha256(province.source.read_bytes())
        for kind in kinds[province.id]:
            template = template_of(province, kind, templates)
            if template not in template_hashes:
                template_hashes[template] = sha256(template.read_bytes())
            context = build_context(province, kind)
            text = json.dumps(context, ensure_ascii=False, sort_keys=True)
            inputs = {"province": province_hash, "shared": shared_hash,
                      "template": template_hashes[template], "version": __version__,
                      "context": sha256(text.encode("utf-8"))}
            jobs.append(Job(province, kind, template, context, inputs))
    return jobs


# With fewer documents to render than this, starting worker processes costs more than it
# saves; with more (all provinces, reports whose charts must be drawn) they share the cores.
PARALLEL_FROM = 8
MAX_WORKERS = 4


def auto_workers(documents: int) -> int:
    """How many processes render ``documents`` when the officer did not say."""
    if documents < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def run(jobs: list[Job], out: Path, *, force: bool = False, workers: int | None = 1,
        when: datetime | None = None,
        notice: Callable[[str], None] | None = None) -> Outcome:
    """Render what changed and write it safely; report what was done.

    Each province folder is locked for the whole run (``notice`` hears of a wait; by
    default it is printed on stderr), always in the same order, so two runs over
    overlapping provinces never wait for each other. ``workers=None``: as many processes
    as the documents to render are worth (:func:`auto_workers`).
    """
    with ExitStack() as locks:
        for folder in sorted({out / job.province.id for job in jobs}):
            locks.enter_context(folder_lock(folder, notice=notice))
        return _run_locked(jobs, out, force, workers, when or datetime.now().astimezone())


def _run_locked(jobs: list[Job], out: Path, force: bool, workers: int | None,
                when: datetime) -> Outcome:
    outcome = Outcome()
    manifests: dict[str, Manifest] = {}
    todo: list[Job] = []
    for job in jobs:
        if job.province.id not in manifests:
            manifests[job.province.id] = _loaded(out / job.province.id)
        manifest = manifests[job.province.id]
        record = manifest.documents.get(job.kind)
        if manifest.is_current(job.name) and not inputs_changed(record, job.inputs):
            outcome.unchanged += 1
        else:
            todo.append(job)
    rendered = render_many([(job.template, job.context) for job in todo],
                           workers=auto_workers(len(todo)) if workers is None else workers)
    rendered = [finish(data, job.context) for job, data in zip(todo, rendered, strict=True)]
    batches: dict[str, list[tuple[Job, bytes]]] = {}
    for job, data in zip(todo, rendered, strict=True):
        batches.setdefault(job.province.id, []).append((job, data))
    for province_id, batch in batches.items():
        manifest = manifests[province_id]
        facts = province_facts(batch[0][0].province)
        rebuilt = _write_batch(manifest, batch, facts, force, when, outcome)
        _report(manifest, province_id, facts, rebuilt, when, outcome)
    return outcome


def _loaded(folder: Path) -> Manifest:
    """The folder's manifest, with what a killed build left pending settled."""
    manifest = Manifest.load(folder)
    if manifest.settle():
        manifest.save()
    return manifest


def _write_batch(manifest: Manifest, batch: list[tuple[Job, bytes]], facts: dict[str, str],
                 force: bool, when: datetime, outcome: Outcome) -> dict[str, dict[str, str]]:
    """Write one province's rendered documents; the kinds replaced, each with the facts
    its previous built version was made from (none for a first build).

    All hashes are noted as pending in one manifest save, the files renamed into place,
    then recorded in one more save: a kill at any point leaves files the manifest knows.
    """
    folder = manifest.folder
    files: dict[str, bytes] = {}
    replaced: list[tuple[Job, bytes, Path | None]] = []
    rebuilt: dict[str, dict[str, str]] = {}
    stale: list[str] = []
    for job, data in batch:
        beside = f"{job.kind}{NEW_BESIDE}"
        _save_if_edited(manifest, job.kind, beside)
        if not manifest.is_ours(job.name):
            if not force:
                files[beside] = data
                outcome.kept.append((folder / job.name, folder / beside))
                continue
            manifest.keep_version(job.kind, folder / job.name, "bản sửa tay, lưu lại trước "
                                  "khi ghi đè (--force)", edited=True)
        if (folder / beside).exists():
            stale.append(beside)
        record = manifest.documents.get(job.kind)
        last = record.last_built() if record else None
        previous = folder / last.file if last else None
        rebuilt[job.kind] = ((record.facts or manifest.facts) if record and last else {})
        files[job.name] = data
        replaced.append((job, data, previous))
    for job, data, previous in replaced:
        if previous is not None and previous.is_file() and manifest.is_ours(job.tracked):
            files[job.tracked] = redline(previous.read_bytes(), data, when)
    manifest.begin(files)
    for name, data in files.items():
        path = manifest.put(name, data)
        if name.endswith(TRACKED):
            outcome.tracked.append(path)
    for name in stale:
        manifest.remove(name)
        outcome.removed.append(folder / name)
    for job, _, _ in replaced:
        manifest.keep_version(job.kind, folder / job.name, "bản do vanban sinh")
        record = manifest.documents[job.kind]
        record.inputs, record.built = job.inputs, when.isoformat(timespec="seconds")
        record.facts = facts
        outcome.written.append(folder / job.name)
    manifest.commit()
    return rebuilt


def _save_if_edited(manifest: Manifest, kind: str, beside: str) -> None:
    """A ``.moi.docx`` someone edited is saved in the history before it is replaced or
    removed (it is not expected, but nothing a user wrote is lost)."""
    if not manifest.is_ours(beside):
        manifest.keep_version(kind, manifest.folder / beside, f"tệp {beside} đã sửa tay, lưu "
                              "lại trước khi ghi đè hoặc xóa", edited=True)


def _report(manifest: Manifest, province_id: str, facts: dict[str, str],
            rebuilt: dict[str, dict[str, str]], when: datetime, outcome: Outcome) -> None:
    """The change report of a rebuild, against what each document was last built from;
    a first build has nothing to compare with."""
    before = {kind: old for kind, old in rebuilt.items() if old}
    if not before:
        return
    lines = list(dict.fromkeys(line for kind, old in before.items()
                               for line in compare(facts_for(kind, old), facts_for(kind, facts))))
    lines.append("Văn bản đã sinh lại: " + ", ".join(rebuilt))
    outcome.reports[province_id] = lines
    report = "\n".join([f"Báo cáo thay đổi, {when.isoformat(timespec='seconds')}", *lines])
    if manifest.is_ours(REPORT_FILE):
        manifest.write(REPORT_FILE, (report + "\n").encode("utf-8"))
