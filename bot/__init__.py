"""Guichet: the engine of the town-hall assistant (no Telegram inside; see docs/architecture.md)."""
