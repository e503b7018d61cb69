"""`python -m wargame.cli ARGS` is `wargame ARGS`."""

import sys

from wargame.cli.main import main

sys.exit(main())
