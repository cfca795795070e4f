"""`ceasefire extract FILE` (propose reports from a text, file them with --accept) and
`ceasefire eval extraction DATASET` (precision and recall per field)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ceasefire.cli.common import DatabaseOption, console, open_database, parse_date, settings_for
from ceasefire.errors import ValidationError
from ceasefire.extraction import MAX_TEXT_CHARS, Extraction, Field, extract
from ceasefire.extraction.evaluation import FIELDS, evaluate, load_dataset
from ceasefire.extraction.output import extraction_json, field_rows
from ceasefire.services.extraction import accept_extraction, speaker_of_source

__all__ = ["eval_app", "register"]

eval_app = typer.Typer(help="Measure components against annotated datasets.")
Opt = typer.Option
# UTF-8 takes at most 4 bytes a character: a larger file cannot be within MAX_TEXT_CHARS.
MAX_FILE_BYTES = 4 * MAX_TEXT_CHARS


class OutputFormat(StrEnum):
    """How `extract` prints its proposals."""

    TEXT = "text"
    JSON = "json"


def register(app: typer.Typer) -> None:
    """Add `extract` and the `eval` group to the main app."""
    app.command("extract")(extract_command)
    app.add_typer(eval_app, name="eval")


def extract_command(
    file: Annotated[
        Path, typer.Argument(help="UTF-8 text file: a statement, article or narrative.")
    ],
    published: Annotated[
        str, Opt(help="Publication date, YYYY-MM-DD (relative dates count from it).")
    ],
    source: Annotated[str, Opt(help="Source id (see `sources list`) the text comes from.")],
    format_: Annotated[OutputFormat, Opt("--format", help="text or json.")] = OutputFormat.TEXT,
    speaker: Annotated[
        str | None,
        Opt(
            help="Party whose statement this is (reads 'our units', 'the enemy'); default:"
            " the source's party when it is a party statement (with --accept)."
        ),
    ] = None,
    accept: Annotated[
        bool, Opt("--accept", help="File the proposed reports (with the text as evidence).")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Propose reports from a text, each field with the words it came from; --accept files them."""
    day = parse_date(published, "--published")
    assert day is not None
    text = _read_text(file)
    db = open_database(database) if accept else None
    if speaker is None and db is not None:
        speaker = speaker_of_source(db=db, source=source)
    extraction = extract(text, published=day, speaker=speaker)
    if format_ is OutputFormat.JSON:
        typer.echo(json.dumps(extraction_json(extraction), ensure_ascii=False, indent=2))
    else:
        _print(extraction)
    if db is None:
        return
    settings = settings_for(database)
    accepted = accept_extraction(
        db=db, settings=settings, extraction=extraction, source=source, actor=settings.actor,
        file_name=_evidence_name(file),
    )  # fmt: skip
    for item in accepted:
        report = item.filed.report
        if item.filed.duplicate:
            console.print(
                f"Event {item.number}: report {report.id} was already filed; nothing written."
            )
        else:
            console.print(
                f"Event {item.number}: report {report.id} filed with the text as evidence;"
                f" {item.filed.linking} (incident {item.filed.incident_id})."
            )


@eval_app.command("extraction")
def eval_extraction(
    dataset: Annotated[
        Path, typer.Argument(help="Annotated texts, JSON Lines (docs/extraction.md).")
    ],
) -> None:
    """Precision and recall of text extraction per field against an annotated dataset."""
    texts = load_dataset(dataset)
    scores = evaluate(texts)
    table = Table(
        "field", "tp", "fp", "fn", "precision", "recall", "F1", title=f"{len(texts)} texts"
    )
    for name in (*FIELDS, "overall"):
        s = scores[name]
        table.add_row(
            name,
            str(s.tp),
            str(s.fp),
            str(s.fn),
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
        )
    console.print(table)


def _read_text(file: Path) -> str:
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise ValidationError("FILE", str(file), f"cannot be read: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            "FILE",
            str(file),
            f"is {size:,} bytes; the limit is {MAX_TEXT_CHARS:,} characters: split it",
        )
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "FILE", str(file), f"is not UTF-8 text (bad byte at offset {exc.start})"
        ) from None
    if not text.strip():
        raise ValidationError("FILE", str(file), "is empty: there is nothing to extract")
    return text.removeprefix("\ufeff")


def _evidence_name(file: Path) -> str:
    return file.name if file.suffix.lower() in (".txt", ".md") else f"{file.name}.txt"


def _quoted(field: Field[Any]) -> str:
    return " … ".join(f"“{s.text}” [{s.start}:{s.end}]" for s in field.spans) or "(default)"


def _print(extraction: Extraction) -> None:
    if not extraction.events:
        console.print("No event found in the text.")
    for number, event in enumerate(extraction.events, 1):
        title = f"Event {number} (characters {event.span.start}-{event.span.end})"
        table = Table("field", "value", "words [offsets]", "confidence", title=title)
        for name, value, found in field_rows(event):
            table.add_row(name, escape(value), escape(_quoted(found)), f"{found.confidence:.2f}")
        console.print(table)
