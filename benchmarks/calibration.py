"""Print the fidelity figures of docs/calibration.md (the same measurements the tests assert)."""

from __future__ import annotations

import json
import sys

from wargame.batch import fidelity


def main() -> None:
    """Measure and print each property; `--json` for one JSON object."""
    results = {
        "no_guarantee_first_year": fidelity.no_guarantee_first_year(range(400)),
        "reassurance_withdrawal": fidelity.reassurance_withdrawal(),
        "us_effect_denial": fidelity.us_commitment_effect("denial", range(40)),
        "us_effect_punishment": fidelity.us_commitment_effect("punishment", range(40)),
        "monitor_access": fidelity.monitor_access_effect(range(12)),
    }
    if "--json" in sys.argv:
        print(json.dumps(results, indent=2))
        return
    for name, value in results.items():
        print(f"{name}: {json.dumps(value)}")


if __name__ == "__main__":
    main()
