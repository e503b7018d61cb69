"""Run the wargame from a checkout: `python run.py ARGS` is `wargame ARGS`; no ARGS: `wargame serve`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from wargame.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["serve"]))
