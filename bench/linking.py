"""Linking quality and speed on generated reports with ground truth, beside DBSCAN.

Run: `.venv/bin/python bench/linking.py --reports 20000 100000 [--seed S] [--eps 1 2 3 5 8]`.
For each size it generates N ACLED-format reports of the reference scenario (each with its
true incident), links them with the default rules in a child process (time and peak RSS
of that process; reading the file stays outside) and clusters the same reports with
scikit-learn's DBSCAN in this process, then prints Markdown table rows with pairwise
precision and recall, B-cubed precision, recall and F1, time and peak RSS.

The DBSCAN baseline is what a user would write: haversine DBSCAN (ball tree, min_samples 1)
on the radians of latitude and longitude, run separately for each event date and
sub-event type, so it gets the same blocking on type and the same one-day precision as
the linking; eps (km) is tried at each value of --eps and the best B-cubed F1 is reported.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from ceasefire.domain.linking import HALF_WINDOW_DAYS, RADIUS_KM, LinkInput, link
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.sources import Affiliation
from ceasefire.importers.parties import PartyMatcher
from ceasefire.link_features import actor_codes, place_codes
from ceasefire.scenarios import load_scenario
from ceasefire.scenarios.outlets import load_outlets
from ceasefire.synthetic import TRUTH_COLUMN, generate_acled

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

EARTH_RADIUS_KM = 6371.0088

SIDES = {
    outlet.name: outlet.party_id
    for outlet in load_outlets("nagorno-karabakh-2020")
    if outlet.affiliation is Affiliation.PARTY
}
"""The source register: which party a source speaks for (others are neutral), from the
reference scenario's outlets, as the linking service reads it from the sources table."""

PARTIES = PartyMatcher(load_scenario("nagorno-karabakh-2020").parties)

_COLUMNS = [
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "location", "latitude", "longitude", "geo_precision", "source", "fatalities", TRUTH_COLUMN,
]  # fmt: skip


def codes(values: pd.Series) -> IntArray:  # type: ignore[type-arg]
    """Equal strings, equal small integers."""
    return np.asarray(pd.factorize(values)[0], dtype=np.int64)


def read(path: Path) -> tuple[LinkInput, IntArray]:
    """The generated file as linking input, and the true incident of every report."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=_COLUMNS, engine="pyarrow")
    lat = df["latitude"].astype(float).to_numpy()
    lon = df["longitude"].astype(float).to_numpy()
    time_code = df["time_precision"].astype(float).astype(int)
    geo_code = df["geo_precision"].astype(float).astype(int)
    epoch = pd.Timestamp("1970-01-01")
    first_source = df["source"].str.split(";").str[0].str.strip()
    actors = df["actor1"].tolist()
    inp = LinkInput(
        ids=df["event_id_cnty"].tolist(),
        day=(pd.to_datetime(df["event_date"]) - epoch).dt.days.to_numpy(dtype=np.float64),
        half_window=time_code.map(lambda c: HALF_WINDOW_DAYS[TimePrecision.from_acled(c)]).to_numpy(
            dtype=np.float64
        ),
        lat=lat,
        lon=lon,
        radius_km=geo_code.map(lambda c: RADIUS_KM[GeoPrecision.from_acled(c)]).to_numpy(
            dtype=np.float64
        ),
        event_type=codes(df["event_type"]),
        sub_event_type=codes(df["sub_event_type"]),
        place=place_codes(df["location"].tolist(), lat, lon),
        origin=codes(first_source),
        actor=actor_codes(
            actors, [PARTIES.match(a) for a in actors], [SIDES.get(o) for o in first_source]
        ),
        fatalities=df["fatalities"].astype(float).astype(np.int64).to_numpy(),
    )
    return inp, codes(df[TRUTH_COLUMN])


def scores(label: IntArray, truth: IntArray) -> dict[str, float]:
    """Pairwise and B-cubed precision and recall of cluster labels against true labels."""
    _, found, found_size = np.unique(label, return_inverse=True, return_counts=True)
    _, real, real_size = np.unique(truth, return_inverse=True, return_counts=True)
    _, cell, cell_size = np.unique(
        found * len(real_size) + real, return_inverse=True, return_counts=True
    )
    shared = float(np.sum(cell_size * (cell_size - 1.0)) / 2)
    found_pairs = float(np.sum(found_size * (found_size - 1.0)) / 2)
    real_pairs = float(np.sum(real_size * (real_size - 1.0)) / 2)
    b3p = float(np.mean(cell_size[cell] / found_size[found]))
    b3r = float(np.mean(cell_size[cell] / real_size[real]))
    return {
        "precision": shared / max(found_pairs, 1.0),
        "recall": shared / max(real_pairs, 1.0),
        "b3_precision": b3p,
        "b3_recall": b3r,
        "b3_f1": 2 * b3p * b3r / (b3p + b3r),
        "duplicates": 1 - len(real_size) / len(truth),
    }


def labels_of(groups: Sequence[Sequence[str]], ids: Sequence[str]) -> IntArray:
    """A group number per id."""
    group = {report: k for k, members in enumerate(groups) for report in members}
    return np.array([group[r] for r in ids], dtype=np.int64)


def dbscan(inp: LinkInput, eps_km: float) -> IntArray:
    """DBSCAN labels, one run per event date and sub-event type."""
    from sklearn.cluster import DBSCAN

    label = np.zeros(len(inp), dtype=np.int64)
    points = np.radians(np.column_stack([inp.lat, inp.lon]))
    block = pd.factorize(pd.Series(inp.day) * 1000 + inp.sub_event_type)[0]
    order = np.argsort(block, kind="stable")
    bounds = np.flatnonzero(np.diff(block[order])) + 1
    model = DBSCAN(
        eps=eps_km / EARTH_RADIUS_KM, min_samples=1, metric="haversine", algorithm="ball_tree"
    )
    start = 0
    for rows in np.split(order, bounds):
        found = model.fit_predict(points[rows]) if len(rows) > 1 else np.zeros(1, dtype=np.int64)
        label[rows] = start + found
        start += int(found.max()) + 1
    return label


def _child(data: Path, out: Path) -> None:
    """Link the saved input and write the labels, the time and this process's peak RSS."""
    saved = np.load(data)
    columns = {name: saved[name] for name in saved.files}
    inp = LinkInput(ids=columns.pop("ids").tolist(), **columns)
    start = time.perf_counter()
    groups = link(inp)
    seconds = time.perf_counter() - start
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    np.save(out, labels_of(groups, inp.ids))
    print(json.dumps({"seconds": seconds, "rss_mib": rss_mib}))


def _ours(inp: LinkInput, folder: Path) -> tuple[IntArray, float, float]:
    """Labels, seconds and peak RSS (MiB) of linking in a fresh process."""
    data, out = folder / "input.npz", folder / "labels.npy"
    columns = {name: getattr(inp, name) for name in LinkInput.__dataclass_fields__}
    columns["ids"] = np.asarray(inp.ids, dtype=str)
    np.savez(data, **columns)
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(data), str(out)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    figures = json.loads(done.stdout)
    return np.load(out), figures["seconds"], figures["rss_mib"]


def _row(what: str, s: dict[str, float], seconds: float, rss: str) -> str:
    return (
        f"| {what} | {s['precision']:.3f} | {s['recall']:.3f} | {s['b3_precision']:.3f} "
        f"| {s['b3_recall']:.3f} | {s['b3_f1']:.3f} | {seconds:.2f} s | {rss} |"
    )


def run(reports: int, seed: int, eps: Sequence[float]) -> None:
    """Generate, link, cluster with DBSCAN and print the rows for one size."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        generate_acled(folder / "reports.csv", reports=reports, seed=seed)
        inp, truth = read(folder / "reports.csv")
        label, seconds, rss = _ours(inp, folder)
    ours = scores(label, truth)
    what = f"{reports:,} reports ({ours['duplicates']:.0%} duplicates), seed {seed}"
    print(_row(f"{what}: ours", ours, seconds, f"{rss:,.0f} MiB"), flush=True)
    best: tuple[float, dict[str, float], float] | None = None
    for eps_km in eps:
        start = time.perf_counter()
        found = dbscan(inp, eps_km)
        elapsed = time.perf_counter() - start
        s = scores(found, truth)
        if best is None or s["b3_f1"] > best[1]["b3_f1"]:
            best = (eps_km, s, elapsed)
    if best is not None:
        eps_km, s, elapsed = best
        print(_row(f"{what}: DBSCAN, eps {eps_km:g} km", s, elapsed, ""), flush=True)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, nargs="+", default=[20_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--eps", type=float, nargs="*", default=[1.0, 2.0, 3.0, 5.0, 8.0])
    args = parser.parse_args()
    print("| data | pairwise P | pairwise R | B3 P | B3 R | B3 F1 | time | peak RSS |")
    print("|---|---|---|---|---|---|---|---|")
    for reports in args.reports:
        run(reports, args.seed, args.eps)


if __name__ == "__main__":
    main()
