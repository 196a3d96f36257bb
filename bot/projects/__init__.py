"""Urban projects residents follow: follows, the announced state of each project, consultations (see docs/architecture.md)."""
