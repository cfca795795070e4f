"""Linking quality and speed on generated reports with ground truth.

Run: `.venv/bin/python bench/linking.py [--reports N] [--seed S]`. Generates N ACLED-format
reports of the reference scenario (each with its true incident), links them with the
default rules and prints pairwise precision and recall, B-cubed precision, recall and F1,
and the time taken. Prints a Markdown table row for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import numpy as np

from ceasefire.domain.linking import HALF_WINDOW_DAYS, RADIUS_KM, LinkInput, day_number, link
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.place_names import fold_name
from ceasefire.synthetic import TRUTH_COLUMN, generate_acled


def codes(values: Iterable[str]) -> np.ndarray:  # type: ignore[type-arg]
    """Equal strings, equal small integers."""
    _, inverse = np.unique(np.array(list(values), dtype=str), return_inverse=True)
    return inverse.astype(np.int64)


def read(path: Path) -> tuple[LinkInput, dict[str, str]]:
    """The generated file as linking input (the ACLED `source` column as the origin), and
    the true incident of every report."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    times = [TimePrecision.from_acled(int(float(r["time_precision"]))) for r in rows]
    places = [GeoPrecision.from_acled(int(float(r["geo_precision"]))) for r in rows]
    inp = LinkInput(
        ids=[r["event_id_cnty"] for r in rows],
        day=np.array([day_number(date.fromisoformat(r["event_date"])) for r in rows]),
        half_window=np.array([HALF_WINDOW_DAYS[t] for t in times]),
        lat=np.array([float(r["latitude"]) for r in rows]),
        lon=np.array([float(r["longitude"]) for r in rows]),
        radius_km=np.array([RADIUS_KM[p] for p in places]),
        event_type=codes(r["event_type"] for r in rows),
        sub_event_type=codes(r["sub_event_type"] for r in rows),
        place=codes(fold_name(r["location"]) for r in rows),
        origin=codes(r["source"] for r in rows),
    )
    return inp, {r["event_id_cnty"]: r[TRUTH_COLUMN] for r in rows}


def pairs(groups: Iterable[Sequence[str]]) -> set[tuple[str, str]]:
    """Every pair of reports put in one group."""
    found = set()
    for group in groups:
        ordered = sorted(group)
        found.update((a, b) for k, a in enumerate(ordered) for b in ordered[k + 1 :])
    return found


def scores(groups: list[list[str]], truth: dict[str, str]) -> dict[str, float]:
    """Pairwise and B-cubed precision and recall of `groups` against `truth`."""
    true_groups: dict[str, list[str]] = {}
    for report, incident in truth.items():
        true_groups.setdefault(incident, []).append(report)
    found, real = pairs(groups), pairs(true_groups.values())
    label = {report: k for k, group in enumerate(groups) for report in group}
    size = Counter(label.values())
    true_size = Counter(truth.values())
    both = Counter((label[r], truth[r]) for r in truth)
    b3p = sum(both[(label[r], truth[r])] / size[label[r]] for r in truth) / len(truth)
    b3r = sum(both[(label[r], truth[r])] / true_size[truth[r]] for r in truth) / len(truth)
    return {
        "precision": len(found & real) / max(len(found), 1),
        "recall": len(found & real) / max(len(real), 1),
        "b3_precision": b3p,
        "b3_recall": b3r,
        "b3_f1": 2 * b3p * b3r / (b3p + b3r),
        "duplicates": 1 - len(true_groups) / len(truth),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "reports.csv"
        generate_acled(path, reports=args.reports, seed=args.seed)
        inp, truth = read(path)
    start = time.perf_counter()
    groups = link(inp)
    seconds = time.perf_counter() - start
    s = scores(groups, truth)
    print(
        f"| {args.reports:,} reports ({s['duplicates']:.0%} duplicates), seed {args.seed} "
        f"| pairwise precision {s['precision']:.3f}, recall {s['recall']:.3f}; B-cubed "
        f"precision {s['b3_precision']:.3f}, recall {s['b3_recall']:.3f}, F1 {s['b3_f1']:.3f} "
        f"| {seconds:.2f} s |"
    )


if __name__ == "__main__":
    main()
