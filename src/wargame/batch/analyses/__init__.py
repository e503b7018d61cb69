"""The analyses of the shipped experiments (experiments/*.yaml): from result rows to a table, a
plot and a reading, one module per experiment; what they share is in `common`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from wargame.batch.analyses import (
    assumed_dial,
    hybrid_home,
    monitor_access,
    posture_budget,
    tripwire,
    ukraine_capacity,
    us_commitment,
)
from wargame.batch.analyses.common import Analysis

ANALYSES: dict[str, Callable[[pd.DataFrame, Any, dict[str, Any]], Analysis]] = {
    "posture_budget": posture_budget.posture_budget,
    "us_commitment": us_commitment.us_commitment,
    "tripwire": tripwire.tripwire,
    "hybrid_home": hybrid_home.hybrid_home,
    "monitor_access": monitor_access.monitor_access,
    "ukraine_capacity": ukraine_capacity.ukraine_capacity,
    "sensitivity": assumed_dial.sensitivity,
}
