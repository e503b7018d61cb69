"""Count what hostile inputs do: N fuzz cases per input kind, fixed seed, one table.

    python benchmarks/fuzz_inputs.py --cases 500            # 500 per kind (2,500 in all)
    python benchmarks/fuzz_inputs.py --kinds policy --cases 50 --show traceback,silent

Per kind it prints cases, clear refusals, accepted-and-fine, unclear messages, tracebacks,
hangs and silent acceptances of nonsense (see tests/fuzz_cases.py for the definitions).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzz_cases


def main() -> int:
    """Run the counting fuzzer and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500, help="cases per kind (default 500)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--kinds", default=",".join(fuzz_cases.KINDS))
    parser.add_argument("--show", default="", help="print the details of these outcomes")
    args = parser.parse_args()
    show = set(filter(None, args.show.split(",")))
    totals: Counter[str] = Counter()
    print(f"{'kind':10s} {'cases':>6s} " + " ".join(f"{o:>9s}" for o in fuzz_cases.OUTCOMES))
    with tempfile.TemporaryDirectory(prefix="wargame-fuzz-") as tmp:
        folder = Path(tmp)
        for kind in args.kinds.split(","):
            rnd = random.Random(f"{args.seed}-{kind}")
            counts: Counter[str] = Counter()
            started = time.perf_counter()
            for i in range(args.cases):
                result = fuzz_cases.run_case(kind, rnd, folder)
                counts[result.outcome] += 1
                if result.outcome in show:
                    print(f"  {kind} #{i} {result.outcome}: {result.detail}", flush=True)
            totals.update(counts)
            totals["cases"] += args.cases
            row = " ".join(f"{counts[o]:9d}" for o in fuzz_cases.OUTCOMES)
            print(f"{kind:10s} {args.cases:6d} {row}  ({time.perf_counter() - started:.0f} s)")
    row = " ".join(f"{totals[o]:9d}" for o in fuzz_cases.OUTCOMES)
    print(f"{'all':10s} {totals['cases']:6d} {row}")
    bad = totals["traceback"] + totals["hang"] + totals["silent"] + totals["unclear"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
