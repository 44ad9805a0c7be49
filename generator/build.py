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
from generator.context import build_context
from generator.facts import compare, province_facts
from generator.manifest import Manifest, inputs_changed, sha256
from generator.model import Province
from generator.redline import redline
from generator.render import render_many

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


def make_jobs(provinces: list[Province], kinds: dict[str, list[str]], templates: Path,
              shared: Path) -> list[Job]:
    """A job per requested document, with the hashes that decide whether to rebuild it."""
    shared_hash = _digest_files([p for p in shared.rglob("*.yaml")])
    template_hashes: dict[str, str] = {}
    jobs = []
    for province in provinces:
        province_hash = sha256(province.source.read_bytes())
        for kind in kinds[province.id]:
            template = templates / f"{kind}.docx"
            if kind not in template_hashes:
                template_hashes[kind] = sha256(template.read_bytes())
            context = build_context(province, kind)
            text = json.dumps(context, ensure_ascii=False, sort_keys=True)
            inputs = {"province": province_hash, "shared": shared_hash,
                      "template": template_hashes[kind], "version": __version__,
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
        manifest = manifests.setdefault(job.province.id, Manifest.load(out / job.province.id))
        record = manifest.documents.get(job.kind)
        present = (manifest.folder / job.name).exists()
        if present and manifest.is_ours(job.name) and not inputs_changed(record, job.inputs):
            outcome.unchanged += 1
        else:
            todo.append(job)
    rendered = render_many([(job.template, job.context) for job in todo], workers=workers)
    rebuilt: dict[str, list[str]] = {}
    for job, data in zip(todo, rendered, strict=True):
        manifest = manifests[job.province.id]
        if _write_document(manifest, job, data, force, when, outcome):
            rebuilt.setdefault(job.province.id, []).append(job.kind)
    for province in {job.province.id: job.province for job in jobs}.values():
        manifest = manifests[province.id]
        facts = province_facts(province)
        # A first build has nothing to compare with: the report starts with the second.
        if province.id in rebuilt and manifest.facts:
            lines = compare(manifest.facts, facts)
            lines.append("Văn bản đã sinh lại: " + ", ".join(rebuilt[province.id]))
            outcome.reports[province.id] = lines
            report = "\n".join([f"Báo cáo thay đổi, {when.isoformat(timespec='seconds')}",
                                *lines]) + "\n"
            if manifest.is_ours(REPORT_FILE):
                manifest.write(REPORT_FILE, report.encode("utf-8"))
        if manifest.facts != facts:  # an unchanged build writes nothing, not even this
            manifest.facts = facts
            manifest.save()
    return outcome


def _write_document(manifest: Manifest, job: Job, data: bytes, force: bool, when: datetime,
                    outcome: Outcome) -> bool:
    """Write one rendered document; False when a hand-edited file was kept instead."""
    target = manifest.folder / job.name
    if not manifest.is_ours(job.name):
        if not force:
            beside = manifest.write(f"{job.kind}{NEW_BESIDE}", data)
            outcome.kept.append((target, beside))
            return False
        manifest.keep_version(job.kind, target, "bản sửa tay, lưu lại trước khi ghi đè (--force)")
    record = manifest.documents.get(job.kind)
    previous = manifest.version_path(job.kind, record.versions[-1].number) \
        if record and record.versions else None
    manifest.write(job.name, data)
    manifest.keep_version(job.kind, target, "bản do vanban sinh")
    record = manifest.documents[job.kind]
    record.inputs, record.built = job.inputs, when.isoformat(timespec="seconds")
    manifest.save()
    outcome.written.append(target)
    if previous is not None and previous.is_file():
        tracked = f"{job.kind}{TRACKED}"
        if manifest.is_ours(tracked):
            outcome.tracked.append(manifest.write(tracked, redline(previous.read_bytes(), data,
                                                                   when)))
    return True
