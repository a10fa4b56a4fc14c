"""Use cases of rtcdesk: plain Python, no Qt.

Each function takes a SQLAlchemy ``Session`` (from ``Database.read()`` or
``Database.write()``), returns rows or model objects, and raises
``rtcdesk.errors`` types whose message a coordinator understands.
"""

# Every session records the history of the changes it flushes (see the module).
from rtcdesk.services import history_recording  # noqa: F401
