"""`ceasefire evidence add|list|get|verify`: files on reports and complaints, stored by their
SHA-256 and read only by those who may read the record."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.markup import escape
from rich.table import Table

from ceasefire.cli.common import (
    DatabaseOption,
    ViewerOption,
    console,
    err_console,
    open_database,
    parse_viewer,
    settings_for,
)
from ceasefire.domain.evidence import EvidenceEntity, EvidenceLink
from ceasefire.errors import ValidationError
from ceasefire.services import evidence as service

__all__ = ["evidence_app", "register"]

evidence_app = typer.Typer(
    help="Evidence files (photos, video, documents, UAV logs) on reports and complaints:"
    " stored once by SHA-256, type-checked, read only by those who may read the record."
)

Opt = typer.Option
ReportOption = Annotated[str | None, Opt("--report", help="Report id.")]
ComplaintOption = Annotated[
    str | None, Opt("--complaint", help="Complaint reference (e.g. AM-2021-001) or id.")
]
VERIFY_FAILED_EXIT = 6  # the same code as a broken audit chain: stored records were altered


def _target(report: str | None, complaint: str | None) -> tuple[EvidenceEntity, str]:
    if (report is None) == (complaint is None):
        raise ValidationError(
            "--report/--complaint",
            "both" if report else "neither",
            "give exactly one record: --report ID or --complaint REF",
        )
    if report is not None:
        return EvidenceEntity.REPORT, report
    assert complaint is not None
    return EvidenceEntity.COMPLAINT, complaint


def _size(size: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


@evidence_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="The file to store (read in chunks).")],
    report: ReportOption = None,
    complaint: ComplaintOption = None,
    description: Annotated[str, Opt(help="What the file shows.")] = "",
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Store a file and attach it to a report or a complaint."""
    entity, key = _target(report, complaint)
    settings = settings_for(database)
    link = service.add_evidence(
        db=open_database(database), settings=settings, source=file, entity=entity,
        entity_id=key, viewer=parse_viewer(as_, settings), actor=settings.actor,
        description=description,
    )  # fmt: skip
    console.print(
        f"Stored {escape(link.file_name or file.name)} ({link.file.media_type},"
        f" {_size(link.file.size)}) on {entity.value} {escape(key)}: SHA-256 {link.file.sha256}",
        highlight=False,
    )


@evidence_app.command("list")
def list_(
    report: ReportOption = None,
    complaint: ComplaintOption = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """List the files attached to a report or a complaint."""
    entity, key = _target(report, complaint)
    settings = settings_for(database)
    links = service.list_evidence(
        db=open_database(database), entity=entity, entity_id=key,
        viewer=parse_viewer(as_, settings),
    )  # fmt: skip
    if not links:
        console.print(f"No evidence on {entity.value} {escape(key)}.", highlight=False)
        return
    console.print(_table(links))


def _table(links: list[EvidenceLink]) -> Table:
    table = Table("sha256", "file", "type", "size", "added", "by", "description")
    for link in links:
        table.add_row(
            link.file.sha256,
            "[withheld]" if link.file_name is None else escape(link.file_name),
            link.file.media_type,
            _size(link.file.size),
            link.added_at.strftime("%Y-%m-%d %H:%M"),
            escape(link.added_by),
            "[withheld]" if link.withheld else escape(link.description or ""),
        )
    return table


@evidence_app.command("get")
def get(
    sha256: Annotated[str, typer.Argument(help="The file's SHA-256 (see `evidence list`).")],
    out: Annotated[Path, Opt("--out", help="Write the file here (a new file).")],
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Write a stored file, checked against its SHA-256, to a new file; the read is audited."""
    settings = settings_for(database)
    if out.exists():
        raise ValidationError("--out", str(out), "exists already; give a new file name")
    opened = service.open_evidence(
        db=open_database(database), settings=settings, sha256=sha256,
        viewer=parse_viewer(as_, settings), actor=settings.actor,
    )  # fmt: skip
    with opened, _created(out) as target:
        shutil.copyfileobj(opened.stream, target, length=1024 * 1024)
    console.print(
        f"Wrote {escape(str(out))} ({opened.file.media_type}, {_size(opened.file.size)}).",
        highlight=False,
    )


def _created(path: Path) -> BinaryIO:
    try:
        return path.open("xb")
    except OSError as exc:
        raise ValidationError("--out", str(path), f"cannot create: {exc.strerror}") from None


@evidence_app.command("verify")
def verify(database: DatabaseOption = None) -> None:
    """Re-hash every stored file; report missing or altered ones (exit 6 if any)."""
    settings = settings_for(database)
    check = service.verify_evidence(db=open_database(database), settings=settings)
    for sha in check.unreferenced:
        console.print(f"note: {sha} is in the directory but no record references it.")
    if check.problems:
        for problem in check.problems.values():
            err_console.print(problem, markup=False, highlight=False, soft_wrap=True)
        err_console.print(
            f"[bold red]error:[/] {len(check.problems)} of {check.checked} evidence file(s)"
            " missing or altered",
            highlight=False,
        )
        raise typer.Exit(VERIFY_FAILED_EXIT)
    console.print(
        f"All {check.checked} evidence file(s) in {escape(str(settings.evidence_dir))} verify.",
        highlight=False,
    )


def register(root: typer.Typer) -> None:
    """Add the `evidence` group to the root app."""
    root.add_typer(evidence_app, name="evidence")
