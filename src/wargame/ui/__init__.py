"""The browser game (Solara): play, replay and lab pages over the session API."""
