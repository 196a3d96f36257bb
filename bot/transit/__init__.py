"""Bus timetables from GTFS feeds: reading and checking a feed (`feed_*.py`), the imported form kept
in a knowledge folder (`store.py`), and the next departures from a stop (`departures.py`)."""
