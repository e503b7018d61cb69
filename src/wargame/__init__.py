"""An agent-based wargame about guaranteeing a ceasefire in Ukraine."""

__version__ = "0.3.0"
