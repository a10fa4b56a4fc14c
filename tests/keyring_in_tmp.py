"""A keyring backend for the tests only: passwords in a JSON file in the
test's tmp_path.

The app refuses keyrings that keep passwords in a plain-text file
(``rtcdesk.services.passwords``), and rightly so on a coordinator's computer;
the tests still need a real backend that keyring calls and that they can look
into. This class is not from ``keyrings.alt``, lives only in ``tests/`` and
is taken out of keyring's registry of backends, so keyring never picks it by
itself (as a default or inside its ChainerBackend): a test sets it with
``keyring.set_keyring``, which changes this process only, never the user's
keyring configuration.
"""

from __future__ import annotations

import json
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class TmpPathKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def _read(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _write(self, passwords: dict[str, dict[str, str]]) -> None:
        self.path.write_text(json.dumps(passwords), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        passwords = self._read()
        passwords.setdefault(service, {})[username] = password
        self._write(passwords)

    def delete_password(self, service: str, username: str) -> None:
        passwords = self._read()
        if passwords.get(service, {}).pop(username, None) is None:
            raise PasswordDeleteError(f"no password for {username} of {service}")
        self._write(passwords)


KeyringBackend._classes.discard(TmpPathKeyring)  # type: ignore[attr-defined]
