"""Passwords in the system keyring (Windows Credential Manager, macOS
Keychain, the Secret Service on Linux), never in a settings file.

Where the system has no keyring at all, nothing is stored: callers ask for
the password each time and say so.
"""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError, PasswordDeleteError


def keyring_available() -> bool:
    """False where no keyring backend exists (keyring's "fail" backend)."""
    try:
        return keyring.get_keyring().priority > 0
    except KeyringError:
        return False


class Keychain:
    """The passwords of one kind of server, kept under one keyring service name."""

    def __init__(self, service: str):
        self.service = service

    def stored(self, key: str) -> str | None:
        """The password kept for ``key``; None if none is kept or there is no keyring."""
        if not key:
            return None
        try:
            return keyring.get_password(self.service, key)
        except KeyringError:
            return None

    def store(self, key: str, password: str) -> bool:
        """Keep ``password`` for ``key``; False when there is no keyring to keep it in."""
        try:
            keyring.set_password(self.service, key, password)
        except KeyringError:
            return False
        return True

    def forget(self, key: str) -> None:
        try:
            keyring.delete_password(self.service, key)
        except (PasswordDeleteError, KeyringError):
            return
