"""Passwords in the system keyring (Windows Credential Manager, macOS
Keychain, the Secret Service on Linux), never in a settings file.

Where the system has no keyring at all, nothing is stored: callers ask for
the password each time and say so.

A keyring that keeps passwords readable in a file counts as no keyring:
nothing is stored there and nothing is read from there. The rule goes by the
backend's class: the nearest class of the ``keyrings.alt`` package in its
ancestry decides, and only those that encrypt with a secret the file does not
hold and need nothing typed are accepted (``Windows.EncryptedKeyring`` and
``Windows.RegistryKeyring``, locked by the Windows login). Every other
``keyrings.alt`` class (``file.EncryptedKeyring`` too: it asks for its master
password at a terminal, which a window cannot answer), ``file.PlaintextKeyring``
(which keyring picks as the default where no Secret Service runs) and whatever
a later release adds, is refused, including inside keyring's ``ChainerBackend``,
whose other backends are still used. There is no setting to allow one.
"""

from __future__ import annotations

from enum import Enum

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringError, PasswordDeleteError

#: The ``keyrings.alt`` backends that encrypt (see the module's docstring).
ENCRYPTED_ALT_BACKENDS = frozenset(
    {
        "keyrings.alt.Windows.EncryptedKeyring",
        "keyrings.alt.Windows.RegistryKeyring",
    }
)


class KeyringState(Enum):
    AVAILABLE = "available"
    #: No keyring at all (keyring's "fail" backend).
    NONE = "none"
    #: Only keyrings that keep passwords in a plain-text file, which rtcdesk refuses.
    PLAIN_TEXT_ONLY = "plain text only"


def is_plain_text(backend: KeyringBackend) -> bool:
    """Whether rtcdesk refuses ``backend``: it keeps passwords readable in a
    file, or asks for a master password at a terminal (the module's rule)."""
    for cls in type(backend).__mro__:
        if cls.__module__.startswith("keyrings.alt."):
            return f"{cls.__module__}.{cls.__qualname__}" not in ENCRYPTED_ALT_BACKENDS
    return False


def _backends() -> tuple[list[KeyringBackend], list[KeyringBackend]]:
    """The system's keyring backends that rtcdesk uses, best first, and those it refuses."""
    try:
        chosen = keyring.get_keyring()
        found = chosen.backends if isinstance(chosen, ChainerBackend) else [chosen]
        found = [backend for backend in found if backend.priority > 0]
    except KeyringError:
        return [], []
    used = [backend for backend in found if not is_plain_text(backend)]
    return used, [backend for backend in found if is_plain_text(backend)]


def keyring_state() -> KeyringState:
    used, refused = _backends()
    if used:
        return KeyringState.AVAILABLE
    return KeyringState.PLAIN_TEXT_ONLY if refused else KeyringState.NONE


def keyring_available() -> bool:
    """False where no keyring backend exists (keyring's "fail" backend) or
    only plain-text ones do."""
    return keyring_state() is KeyringState.AVAILABLE


class Keychain:
    """The passwords of one kind of server, kept under one keyring service name."""

    def __init__(self, service: str):
        self.service = service

    def stored(self, key: str) -> str | None:
        """The password kept for ``key``; None if none is kept or there is no keyring."""
        if not key:
            return None
        for backend in _backends()[0]:
            try:
                password = backend.get_password(self.service, key)
            except KeyringError:
                continue
            if password is not None:
                return password
        return None

    def store(self, key: str, password: str) -> bool:
        """Keep ``password`` for ``key``; False when there is no keyring to keep it in."""
        for backend in _backends()[0]:
            try:
                backend.set_password(self.service, key, password)
            except NotImplementedError:
                continue
            except KeyringError:
                return False
            return True
        return False

    def forget(self, key: str) -> None:
        for backend in _backends()[0]:
            try:
                backend.delete_password(self.service, key)
            except (PasswordDeleteError, KeyringError, NotImplementedError):
                continue
