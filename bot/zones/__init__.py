"""Address-based answers: zones staff drew (collection sectors, polling stations, school catchment),
the street index that maps an address to them, and collection days.

Modules: geometry (point in polygon), overlap (zones of a layer that overlap), days (collection
days and their next dates), model (layers, zones, streets), streets (finding a street in a
question). Pure: nothing here reads a file (bot/kb/build_zones.py builds them) or knows Telegram.
"""
