"""Extraction benchmark: sentences per second of the rule-based extractor on one core.

Run: `.venv/bin/python bench/extraction.py [--repeat N]`. The input is the texts of the
packaged development and held-out sets (src/ceasefire/data/extraction/), extracted N
times in this process after one warm-up pass (which builds the place index once, as a
long-running process would); the sentences are counted with the extractor's own
splitter. Prints a Markdown row for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import time
from importlib import resources
from pathlib import Path

from ceasefire.extraction import PlaceIndex, extract, sentences
from ceasefire.extraction.evaluation import load_dataset, speaker_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="Passes over the texts.")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    folder = Path(str(resources.files("ceasefire").joinpath("data", "extraction")))
    texts = [t for name in ("dev.jsonl", "heldout.jsonl") for t in load_dataset(folder / name)]
    count = sum(len(list(sentences(t.text))) for t in texts)
    index = PlaceIndex.packaged()
    for t in texts:  # warm-up
        extract(t.text, published=t.published, speaker=speaker_of(t.kind), index=index)
    started = time.perf_counter()
    for _ in range(args.repeat):
        for t in texts:
            extract(t.text, published=t.published, speaker=speaker_of(t.kind), index=index)
    elapsed = time.perf_counter() - started
    total = count * args.repeat
    print("| texts | sentences | passes | seconds | sentences/s |")
    print("|---|---|---|---|---|")
    print(f"| {len(texts)} | {count} | {args.repeat} | {elapsed:.2f} | {total / elapsed:,.0f} |")


if __name__ == "__main__":
    main()
