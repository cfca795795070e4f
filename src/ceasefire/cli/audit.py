"""`ceasefire audit verify`."""

from __future__ import annotations

import typer

from ceasefire.cli.common import DatabaseOption, console, open_database
from ceasefire.errors import AuditChainError
from ceasefire.services.audit import verify_audit

app = typer.Typer(help="The hash-chained audit log.")


@app.command("verify")
def verify(database: DatabaseOption = None) -> None:
    """Check the audit log's hash chain and name the first broken entry."""
    check = verify_audit(db=open_database(database))
    if check.broken is not None:
        raise AuditChainError(
            f"audit log broken at entry {check.broken.seq}: {check.broken.reason}"
            f" ({check.checked} entries read)"
        )
    console.print(f"Audit log intact: {check.checked} entries, hash chain verified.")
