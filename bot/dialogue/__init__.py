"""The dialogue with the town: citizens' requests and reports, the staff's answers (see docs/architecture.md)."""
