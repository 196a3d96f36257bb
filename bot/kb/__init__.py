"""The town's knowledge: load and validate the YAML folders (docs/format.md), every problem as `path:line`.

Callers import from here (`from bot.kb import Entry, load_knowledge`); the modules inside are:
model (dataclasses), calendar (public holidays), events (the agenda), place_kinds (how places are
named), limits (what a file may hold), door (opening a file safely), yamlio (parsing with line
numbers, the parse cache), jsonio (the zone maps' GeoJSON, with line numbers too), yaml_french
(syntax errors in French), quote (quoting values in messages), schema (field checkers), build*
(turning files into a Knowledge; build_heritage: photos and walking tours; build_transit: the
imported bus timetable; build_zones, build_streets: zone maps and the street index;
build_directory: the directory), lint (advice), cases (test cases), load (the entry point).
"""

from .calendar import french_public_holidays
from .cases import check_cases, load_cases
from .events import EVENT_CATEGORIES, Event, EventCategory
from .load import errors, fingerprint, load_knowledge
from .model import (DAYS, NATIONAL_ID, Case, Category, Consultation, DirectoryItem, Entry, Knowledge, Link, Office,
                    Place, Problem, Section, Stop, Town, Variant)

__all__ = [
    "DAYS", "EVENT_CATEGORIES", "NATIONAL_ID", "Case", "Event", "EventCategory", "Category", "Consultation",
    "DirectoryItem", "Entry", "Knowledge", "Link", "Office", "Place", "Problem", "Section", "Stop", "Town", "Variant",
    "check_cases", "errors", "fingerprint", "french_public_holidays",
    "load_cases", "load_knowledge",
]
