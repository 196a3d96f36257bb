"""Importers that turn published datasets into Guichet knowledge folders."""
