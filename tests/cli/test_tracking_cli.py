"""`ceasefire crossings|exchanges|returns`: each command, its errors and exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli.conftest import cli


def test_crossings_generate_import_list_and_checkpoints(loaded: str, tmp_path: Path) -> None:
    code, out, _ = cli(loaded, "crossings", "checkpoints")
    assert code == 0 and "lachin-hakari" in out and "approx" in out
    log = tmp_path / "log.csv"
    code, out, _ = cli(
        loaded, "crossings", "generate", "--out", str(log), "--from", "2022-11-01",
        "--to", "2022-12-31", "--blockade-from", "2022-12-12", "--blockade-to", "2022-12-31",
        "--seed", "4",
    )  # fmt: skip
    assert code == 0 and "SYNTHETIC" in out
    rows = list(csv.DictReader(log.open(encoding="utf-8")))
    assert len(rows) == 61 * 2 and "SYNTHETIC" in rows[0]["note"]
    code, out, _ = cli(loaded, "crossings", "import", str(log))
    assert code == 0 and "122 crossings stored" in out and "SYNTHETIC" in out
    code, out, _ = cli(loaded, "crossings", "import", str(log))
    assert code == 0 and "0 crossings stored, 122 already stored" in out
    code, out, _ = cli(loaded, "crossings", "list", "--from", "2022-12-12", "--to", "2022-12-12")
    assert code == 0 and "2 crossings" in out and "to_armenia" in out


def test_a_bad_crossing_row_is_one_clear_line(loaded: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,checkpoint,direction,people,vehicles,goods_tonnes\n"
        "2022-12-01,lachin-hakari,to_armenia,-3,1,1\n",
        encoding="utf-8",
    )
    code, out, err = cli(loaded, "crossings", "import", str(bad))
    assert code == 2
    assert "line 2, column people" in err and "'-3'" in err and "Traceback" not in err
    code, out, _ = cli(loaded, "crossings", "list")
    assert "0 crossings" in out


def test_exchanges_add_list_and_person_records(loaded: str, tmp_path: Path) -> None:
    code, out, _ = cli(
        loaded, "exchanges", "add", "--day", "2020-12-14", "--category", "prisoners_of_war",
        "--from", "AZ", "--to", "AM", "--count", "44", "--note", "mediated by RU",
    )  # fmt: skip
    assert code == 0 and "44 prisoners_of_war AZ -> AM" in out
    exchange_id = out.split()[1]
    persons = tmp_path / "persons.csv"
    persons.write_text(
        "name,category,held_by,of_party,recorded_on,exchange_id\n"
        f"Person A,prisoners_of_war,AZ,AM,2020-11-20,{exchange_id}\n"
        "Person B,prisoners_of_war,AZ,AM,2020-11-20,\n",
        encoding="utf-8",
    )
    code, out, _ = cli(loaded, "exchanges", "persons-import", str(persons))
    assert code == 0 and "2 persons stored" in out
    code, out, _ = cli(loaded, "exchanges", "list")
    assert code == 0 and "mediated by RU" in out and "Outstanding" in out
    assert "Person" not in out
    code, out, _ = cli(loaded, "exchanges", "persons", "--as", "analyst")
    assert code == 0 and "Person A" in out and "Person B" in out
    code, out, err = cli(loaded, "exchanges", "persons", "--as", "liaison:AM")
    assert code == 7 and "restricted to analysts" in err and "Person" not in out
    code, _, err = cli(
        loaded, "exchanges", "add", "--day", "2020-12-14", "--category", "soldiers",
        "--from", "AZ", "--to", "AM", "--count", "1",
    )  # fmt: skip
    assert code == 2 and "category" in err


def test_returns_import_and_list(loaded: str, tmp_path: Path) -> None:
    returns = tmp_path / "returns.csv"
    returns.write_text(
        "district,month,people,source\nAghdam,2021-03,120,UNHCR\nLachin,2021-04,7,UNHCR\n",
        encoding="utf-8",
    )
    code, out, _ = cli(loaded, "returns", "import", str(returns))
    assert code == 0 and "2 returns stored" in out
    code, out, _ = cli(loaded, "returns", "list")
    assert code == 0 and "district-aghdam" in out and "2021-03" in out and "120" in out
    returns.write_text("district,month,people,source\nAtlantis,2021-03,1,UNHCR\n", encoding="utf-8")
    code, _, err = cli(loaded, "returns", "import", str(returns))
    assert code == 2 and "unknown district" in err and "'Atlantis'" in err
