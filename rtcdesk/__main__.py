"""``python -m rtcdesk`` behaves like the ``rtcdesk`` command."""

from rtcdesk.cli import main

raise SystemExit(main())
