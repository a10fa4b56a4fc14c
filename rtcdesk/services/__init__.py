"""Use cases of rtcdesk: plain Python, no Qt.

Each function takes a SQLAlchemy ``Session`` (from ``Database.read()`` or
``Database.write()``), returns rows or model objects, and raises
``rtcdesk.errors`` types whose message a coordinator understands.
"""
