"""Measure the tagging rules against the judged tagging truth (benchmarks/tagging_truth.toml).

    .venv/bin/python benchmarks/tagging.py [--data-dir DIR] [--reuse-index] [--show-errors]
        [--json FILE]

Without --data-dir a store is built from the real metadata set (the titles and summaries the
truth was judged from) in a temporary folder. The search index is built with
`itucat index rebuild`, and each judged document's tags are read back as readers get them
(`SearchService.document`): whether it is marked relevant to developing countries, and its
regions. Prints precision and recall for developing-country relevance (overall and per
sample) and for each region, and how many current documents the catalogue marks.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.mirror_cache import CacheError, build_index  # noqa: E402

TRUTH_FILE = Path(__file__).with_name("tagging_truth.toml")
REGIONS = ("africa", "americas", "arab-states", "asia-pacific", "cis", "europe")
SAMPLES = ("rules", "random", "named")


class TruthError(ValueError):
    """The truth file is malformed (the message names the entry)."""


@dataclass(frozen=True)
class Truth:
    """One judged document."""

    number: str
    sample: str
    developing: bool
    regions: frozenset[str]
    why: str
    ambiguous: bool = False


@dataclass(frozen=True)
class Tagged:
    """What the catalogue says about one document (None: it is not in the index)."""

    developing: bool
    source: str | None
    regions: frozenset[str]


def load_truth(path: Path = TRUTH_FILE) -> list[Truth]:
    """Every judged document, checked."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8")).get("document")
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TruthError(f"cannot read {path}: {exc}") from exc
    if not isinstance(raw, list) or not raw:
        raise TruthError(f"{path}: no [[document]] entries")
    out = []
    for i, d in enumerate(raw, 1):
        where = f"document {i} ({d.get('number')!r})"
        regions = d.get("regions")
        if not isinstance(d.get("number"), str) or d.get("sample") not in SAMPLES:
            raise TruthError(f"{where}: needs `number` and `sample` ({', '.join(SAMPLES)})")
        if not isinstance(d.get("developing"), bool) or not isinstance(d.get("why"), str):
            raise TruthError(f"{where}: needs `developing` (true/false) and `why`")
        if not isinstance(regions, list) or set(regions) - set(REGIONS):
            raise TruthError(f"{where}: `regions` must be a list of {', '.join(REGIONS)}")
        out.append(Truth(d["number"], d["sample"], d["developing"], frozenset(regions),
                         d["why"], bool(d.get("ambiguous", False))))
    return out


@dataclass
class Counts:
    """Confusion counts of one yes/no judgement."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, truth: bool, predicted: bool) -> None:
        if truth and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif truth:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "precision": _round(self.precision), "recall": _round(self.recall)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def read_tags(data_dir: Path, numbers: Iterable[str]) -> dict[str, Tagged | None]:
    """Each document's developing-country mark and regions, as the index serves them."""
    from index.search import SearchService

    service = SearchService(data_dir)
    out: dict[str, Tagged | None] = {}
    try:
        for number in numbers:
            payload = service.document(number)
            if payload is None or payload.get("number") != number:
                out[number] = None
                continue
            dc = payload["developing_countries"]
            regions = frozenset(r["id"] for r in payload["regions"]) - {"global"}
            out[number] = Tagged(bool(dc["relevant"]), dc.get("source"), regions)
    finally:
        service.close()
    return out


def catalogue_counts(data_dir: Path) -> dict[str, int]:
    """Current documents marked relevant, and per region (what /regions/<id> lists)."""
    from index.search import SearchService

    service = SearchService(data_dir)
    try:
        counts = {"developing": service.search("", {"developing_countries": "yes"},
                                               per_page=1)["total"]}
        for region in REGIONS:
            counts[region] = service.search("", {"region": region}, per_page=1)["total"]
    finally:
        service.close()
    return counts


def measure(truth: Sequence[Truth], tags: dict[str, Tagged | None]) -> dict[str, Any]:
    """Precision and recall of the developing mark (overall, per sample) and per region."""
    developing = Counts()
    per_sample = {s: Counts() for s in SAMPLES}
    regions = {r: Counts() for r in REGIONS}
    micro = Counts()
    for t in truth:
        tag = tags[t.number]
        predicted = tag.developing if tag else False
        developing.add(t.developing, predicted)
        per_sample[t.sample].add(t.developing, predicted)
        for region in REGIONS:
            hit = tag is not None and region in tag.regions
            regions[region].add(region in t.regions, hit)
            micro.add(region in t.regions, hit)
    return {"developing": developing.as_dict(),
            "developing_by_sample": {s: c.as_dict() for s, c in per_sample.items()},
            "regions": {r: c.as_dict() for r, c in regions.items()},
            "regions_micro": micro.as_dict(),
            "missing": sorted(n for n, tag in tags.items() if tag is None)}


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def print_report(result: dict[str, Any], counts: dict[str, int], truth_n: int) -> None:
    print(f"{truth_n} judged documents ({TRUTH_FILE.name})\n")
    print(f"{'judgement':28}{'precision':>10}{'recall':>8}{'TP':>5}{'FP':>5}{'FN':>5}{'TN':>5}")

    def line(label: str, c: dict[str, Any]) -> None:
        print(f"{label:28}{_pct(c['precision']):>10}{_pct(c['recall']):>8}"
              f"{c['tp']:>5}{c['fp']:>5}{c['fn']:>5}{c['tn']:>5}")

    line("developing countries", result["developing"])
    for sample, c in result["developing_by_sample"].items():
        line(f"  sample {sample}", c)
    for region, c in result["regions"].items():
        line(f"region {region}", c)
    line("regions (micro average)", result["regions_micro"])
    if result["missing"]:
        print(f"\nnot in the index: {', '.join(result['missing'])}")
    print(f"\ncatalogue (current documents): {counts['developing']} marked relevant to "
          "developing countries; by region: "
          + ", ".join(f"{r} {counts[r]}" for r in REGIONS))


def print_errors(truth: Sequence[Truth], tags: dict[str, Tagged | None]) -> None:
    print("\ndisagreements (truth -> catalogue):")
    for t in truth:
        tag = tags[t.number]
        dev = tag.developing if tag else None
        regions = tag.regions if tag else frozenset()
        if dev == t.developing and regions == t.regions:
            continue
        print(f"- {t.number} [{t.sample}] developing {t.developing} -> {dev}; regions "
              f"{sorted(t.regions) or 'global'} -> {sorted(regions) or 'global'}"
              f"{' (ambiguous)' if t.ambiguous else ''}: {t.why}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="measure this store (default: a store "
                        "built from the metadata set in a temporary folder)")
    parser.add_argument("--reuse-index", action="store_true",
                        help="use the index already built in --data-dir")
    parser.add_argument("--show-errors", action="store_true", help="list every disagreement")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    args = parser.parse_args(argv)
    try:
        truth = load_truth()
    except TruthError as exc:
        print(f"tagging: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="itucat-tagging-") as tmp:
        try:
            data_dir = args.data_dir or metadata_store(Path(tmp))
            if not (data_dir / "catalogue.sqlite").is_file():
                raise CacheError(f"{data_dir} holds no catalogue.sqlite")
            if not (args.reuse_index and args.data_dir):
                build_index(data_dir)
        except CacheError as exc:
            print(f"tagging: {exc}", file=sys.stderr)
            return 2
        tags = read_tags(data_dir, [t.number for t in truth])
        counts = catalogue_counts(data_dir)
    result = measure(truth, tags)
    print_report(result, counts, len(truth))
    if args.show_errors:
        print_errors(truth, tags)
    if args.json:
        args.json.write_text(json.dumps({**result, "catalogue": counts}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


def metadata_store(folder: Path) -> Path:
    """A store built from the real metadata set (needs ../shared/itu-reference)."""
    from benchmarks.catalogue_from_metadata import build_store
    from tests.shared_paths import SKIP_REASON, reference_dir

    reference = reference_dir()
    if reference is None:
        raise CacheError(f"no --data-dir and no metadata set: {SKIP_REASON}")
    build_store(reference, folder).close()
    return folder


if __name__ == "__main__":
    raise SystemExit(main())
