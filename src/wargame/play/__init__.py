"""How games are driven and kept: sessions, records, replay, notes, exports."""
