"""An import killed halfway leaves nothing behind; run again, it lands whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from tests.importers.conftest import acled_row, write_acled

from ceasefire.services.audit import verify_audit
from ceasefire.services.database import Database
from ceasefire.storage.schema import imports, reports

ROWS = 60_000
CLI = str(Path(sys.executable).parent / "ceasefire")


def stored(db: Database) -> tuple[int, int]:
    with db.read() as conn:
        return (
            conn.execute(select(func.count()).select_from(reports)).scalar_one(),
            conn.execute(select(func.count()).select_from(imports)).scalar_one(),
        )


def wait_until_read(process: subprocess.Popen[bytes], path: Path, offset: int) -> None:
    """Block until the process has read `offset` bytes of `path` (its fd position, Linux)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        for fd in Path(f"/proc/{process.pid}/fd").iterdir():
            try:
                if os.readlink(fd) != str(path):
                    continue
                info = Path(f"/proc/{process.pid}/fdinfo/{fd.name}").read_text()
            except OSError:
                continue
            if int(info.split()[1]) >= offset:
                return
        time.sleep(0.02)


def test_killed_import_leaves_nothing_then_lands_whole(
    scenario_db: Database, database_url: str, tmp_path: Path
) -> None:
    path = write_acled(tmp_path / "big.csv", [acled_row(i) for i in range(ROWS)])
    command = [CLI, "import", str(path), "--format", "acled", "--database", database_url]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_until_read(process, path, path.stat().st_size // 3)
    assert process.poll() is None, "the import finished before it could be killed; raise ROWS"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    scenario_db.dispose()
    assert stored(scenario_db) == (0, 0)
    assert verify_audit(db=scenario_db).broken is None
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert stored(scenario_db) == (ROWS, 1)
    assert verify_audit(db=scenario_db).broken is None
