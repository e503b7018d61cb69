"""Game records: the format, writing, reading and replaying one (see docs/records.md)."""
