"""The rules of the game: deterministic, no files, no UI, no policies."""
