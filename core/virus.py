"""The virus-scanning hook every upload passes (`core.uploads.check_upload`), and its ClamAV adapter.

`MIZ_VIRUS_SCANNER` names a callable (dotted path) that takes the file's bytes and returns `None`
for a clean file or the name of what it found; it raises `ScannerUnavailable` when it cannot
tell. Empty (the default) means no scanning. `core.virus.ClamdScanner` talks to clamd's INSTREAM
protocol over `MIZ_CLAMD_ADDRESS` (`unix:///run/clamav/clamd.ctl` or `tcp://127.0.0.1:3310`),
with `MIZ_CLAMD_TIMEOUT` seconds per call. An upload is refused when the scanner finds something
and also when it cannot be reached (fail closed: an unscanned file is not kept)."""

import socket
import struct

from django.conf import settings
from django.utils.module_loading import import_string

CHUNK_BYTES = 64 * 1024


class ScannerUnavailable(Exception):
    """The scanner could not give a verdict (down, timed out, answered nonsense)."""


def _load(path: str):
    target = import_string(path)
    return target() if isinstance(target, type) else target  # a class: one instance per call


def scanner():
    """The configured scanner, or None when scanning is off."""
    path = getattr(settings, "MIZ_VIRUS_SCANNER", "") or ""
    return _load(path) if path else None


def scan(data: bytes) -> str | None:
    """What the configured scanner found in `data` (None: clean, or scanning is off)."""
    current = scanner()
    return current(data) if current is not None else None


class ClamdScanner:
    """A client of clamd's INSTREAM command: the bytes go in length-prefixed chunks, a zero-length
    chunk ends them, and clamd answers `stream: OK` or `stream: <name> FOUND`."""

    def __init__(self, address: str | None = None, timeout: float | None = None):
        self.address = address or getattr(settings, "MIZ_CLAMD_ADDRESS", "tcp://127.0.0.1:3310")
        self.timeout = float(timeout or getattr(settings, "MIZ_CLAMD_TIMEOUT", 30))

    def _connect(self) -> socket.socket:
        if self.address.startswith("unix://"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            target = self.address[len("unix://") :]
        elif self.address.startswith("tcp://"):
            host, _, port = self.address[len("tcp://") :].rpartition(":")
            sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
            target = (host.strip("[]"), int(port))
        else:
            raise ScannerUnavailable(f"MIZ_CLAMD_ADDRESS must start with unix:// or tcp://: {self.address!r}")
        sock.settimeout(self.timeout)
        try:
            sock.connect(target)
        except OSError as exc:
            sock.close()
            raise ScannerUnavailable(f"clamd at {self.address} unreachable: {exc}") from exc
        return sock

    def __call__(self, data: bytes) -> str | None:
        with self._connect() as sock:
            try:
                sock.sendall(b"zINSTREAM\0")
                for start in range(0, len(data), CHUNK_BYTES):
                    chunk = data[start : start + CHUNK_BYTES]
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                answer = b""
                while not answer.endswith(b"\0"):
                    part = sock.recv(4096)
                    if not part:
                        break
                    answer += part
            except OSError as exc:
                raise ScannerUnavailable(f"clamd at {self.address} failed: {exc}") from exc
        text = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
        if text.endswith("OK"):
            return None
        if text.endswith("FOUND"):
            return text.removeprefix("stream:").removesuffix("FOUND").strip() or "unknown"
        raise ScannerUnavailable(f"clamd answered {text!r}")
