"""A build: which documents need making, making them, and writing them without loss.

Only documents whose inputs changed are rendered; a file changed by hand since vanban
wrote it is never overwritten (the new version goes beside it) unless ``force`` is set,
and then the edited file is saved into the history first. Every rebuilt document gets a
tracked-changes copy against its previous version and the province a change report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator import __version__
from generator.compose.context import build_context
from generator.compose.facts import compare, province_facts
from generator.config.yaml_source import dotted, load
from generator.domain.errors import ConfigError, Problem, VanbanError
from generator.domain.model import Province
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


def run(jobs: list[Job], out: Path, *, force: bool = False, workers: int = 1,
        when: datetime | None = None) -> Outcome:
    """Render what changed and write it safely; report what was done."""
    when = when or datetime.now().astimezone()
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
    rendered = render_many([(job.template, job.context) for job in todo], workers=workers)
    batches: dict[str, list[tuple[Job, bytes]]] = {}
    for job, data in zip(todo, rendered, strict=True):
        batches.setdefault(job.province.id, []).append((job, data))
    facts_of = {job.province.id: province_facts(job.province) for job in jobs}
    for province_id, batch in batches.items():
        rebuilt = _write_batch(manifests[province_id], batch, force, when, outcome)
        _report(manifests[province_id], province_id, facts_of[province_id], rebuilt, when,
                outcome)
    for province_id, facts in facts_of.items():
        manifest = manifests[province_id]
        if manifest.facts != facts:  # an unchanged build writes nothing, not even this
            manifest.facts = facts
            manifest.save()
    return outcome


def _loaded(folder: Path) -> Manifest:
    """The folder's manifest, with what a killed build left pending settled."""
    manifest = Manifest.load(folder)
    if manifest.settle():
        manifest.save()
    return manifest


def _write_batch(manifest: Manifest, batch: list[tuple[Job, bytes]], force: bool,
                 when: datetime, outcome: Outcome) -> list[str]:
    """Write one province's rendered documents; the kinds actually replaced.

    All hashes are noted as pending in one manifest save, the files renamed into place,
    then recorded in one more save: a kill at any point leaves files the manifest knows.
    """
    files: dict[str, bytes] = {}
    replaced: list[tuple[Job, bytes, Path | None]] = []
    for job, data in batch:
        target = manifest.folder / job.name
        if not manifest.is_ours(job.name):
            if not force:
                beside = f"{job.kind}{NEW_BESIDE}"
                files[beside] = data
                outcome.kept.append((target, manifest.folder / beside))
                continue
            manifest.keep_version(job.kind, target, "bản sửa tay, lưu lại trước khi ghi đè "
                                                    "(--force)")
        record = manifest.documents.get(job.kind)
        previous = (manifest.folder / record.versions[-1].file
                    if record and record.versions else None)
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
    for job, _, _ in replaced:
        manifest.keep_version(job.kind, manifest.folder / job.name, "bản do vanban sinh")
        record = manifest.documents[job.kind]
        record.inputs, record.built = job.inputs, when.isoformat(timespec="seconds")
        outcome.written.append(manifest.folder / job.name)
    manifest.commit()
    return [job.kind for job, _, _ in replaced]


def _report(manifest: Manifest, province_id: str, facts: dict[str, str], rebuilt: list[str],
            when: datetime, outcome: Outcome) -> None:
    """The change report of a rebuild; a first build has nothing to compare with."""
    if not rebuilt or not manifest.facts:
        return
    lines = compare(manifest.facts, facts)
    lines.append("Văn bản đã sinh lại: " + ", ".join(rebuilt))
    outcome.reports[province_id] = lines
    report = "\n".join([f"Báo cáo thay đổi, {when.isoformat(timespec='seconds')}", *lines])
    if manifest.is_ours(REPORT_FILE):
        manifest.write(REPORT_FILE, (report + "\n").encode("utf-8"))
