"""One module of colour meanings for the map and the charts: each colour means one thing.

Okabe & Ito's colour-blind-safe palette gives the hues; a colour that means something here
means only that, on the map and in every chart. Greys without a meaning (paper, ink, grid,
the contact line) are listed apart. A state shown by colour on the map also has a mark and a
title, so nothing is told by colour alone.
"""

from __future__ import annotations

# Okabe & Ito's colour-blind-safe palette.
OKABE_ITO = {
    "vermillion": "#D55E00",
    "blue": "#0072B2",
    "bluish_green": "#009E73",
    "sky_blue": "#56B4E9",
    "orange": "#E69F00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "yellow": "#F0E442",
}

# What each colour means (no two meanings share a colour).
MEANINGS = {
    "russia": OKABE_ITO["vermillion"],
    "ukraine": OKABE_ITO["blue"],
    "coalition": OKABE_ITO["bluish_green"],
    "level 1": OKABE_ITO["sky_blue"],
    "level 2": OKABE_ITO["orange"],
    # A sector under attack is one with an active level-3 incident: the same meaning.
    "level 3": OKABE_ITO["reddish_purple"],
    "escalation": OKABE_ITO["black"],
    # A sector with a level-1 or level-2 incident only.
    "incident": OKABE_ITO["yellow"],
    "lost": "#4D4D4D",
    "monitors": "#8C8C8C",
    "quiet": "#E0E0E0",
}

# Colours without a meaning: the map's paper, text and outlines, chart grids, the contact line.
NEUTRALS = {
    "paper": "#FAFAFA",
    "ink": "#263238",
    "grid": "#ECEFF1",
    "frame": "#CFD8DC",
    "contact line": "#455A64",
    "on dark": "#FFFFFF",
}
