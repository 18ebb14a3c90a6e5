"""Residents' personal data at rest: SM4-GCM encryption and keyed SM3 digests (密评).

Encryption keys are files `<CIVICGRID_VAR>/keys/pii_sm4_<n>` (16 random bytes in hex, made by
`lib.keys.key_file`); the highest n encrypts, every one present decrypts, so a rotation
(`manage.py rotate_pii_key`) adds a key and old rows stay readable until they are rewritten.
A token is `sm4.<key id>.<base64 nonce|ciphertext|tag>`; the key id is a fingerprint of the
key, not its number, so a lost keys folder that is made again can never pass for the old one.
The digest key (`pii_sm3`) is separate: equality lookups by phone never need decryption.
"""

import base64
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

from civicgrid.lib.keys import key_file, keys_dir

PREFIX = "sm4"
ENCRYPTION_KEY = re.compile(r"^pii_sm4_(\d+)$")
DIGEST_KEY = "pii_sm3"
NONCE_BYTES = 12
TAG_BYTES = 16


class CryptoError(Exception):
    """A value that cannot be decrypted: its key is missing or wrong, or it was altered."""


@dataclass(frozen=True)
class Ring:
    keys: dict[str, bytes]  # key id -> key
    current: str  # the id new values are encrypted with
    numbers: dict[str, int]  # key id -> n of its file


# Seconds between two looks at the keys folder: a rotation by another process is seen within
# this time (values encrypted meanwhile under the previous key stay readable, and
# `rotate_pii_key --resume` re-encrypts them). A stat per value cost ~30 µs of every insert.
CHECK_EVERY = 1.0

_cache: dict[str, tuple[int, float, Ring]] = {}  # folder -> (mtime, when looked at, ring)
_digest_keys: dict[str, bytes] = {}
_folders: dict[str, Path] = {}  # VAR_DIR -> its keys folder, made once


def _sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def key_id(key: bytes) -> str:
    return _sm3(key, b"civicgrid key id").hex()[:8]


def _folder() -> Path:
    var = str(settings.VAR_DIR)
    folder = _folders.get(var)
    if folder is None:
        folder = _folders[var] = keys_dir(settings.VAR_DIR)  # mkdir once, not per value
    return folder


def _load(folder: Path) -> Ring:
    keys, numbers = {}, {}
    for path in folder.iterdir():
        if m := ENCRYPTION_KEY.match(path.name):
            key = bytes.fromhex(path.read_text().strip())
            keys[key_id(key)] = key
            numbers[key_id(key)] = int(m.group(1))
    current = max(numbers, key=numbers.__getitem__) if numbers else ""
    return Ring(keys, current, numbers)


def ring(*, reload: bool = False) -> Ring:
    """The keys in the keys folder, read again when the folder changes (a rotation by
    another process) so that no worker needs a restart: looked at once every CHECK_EVERY
    seconds at most; `reload` reads it now."""
    folder = _folder()
    name = str(folder)
    cached = _cache.get(name)
    now = time.monotonic()
    if not reload and cached is not None and now - cached[1] < CHECK_EVERY:
        return cached[2]
    try:
        stamp = folder.stat().st_mtime_ns
    except FileNotFoundError:  # the folder was removed under us: make it again
        _folders.pop(str(settings.VAR_DIR), None)
        folder = _folder()
        stamp = folder.stat().st_mtime_ns
    if reload or cached is None or cached[0] != stamp:
        cached = (stamp, now, _load(folder))
    else:
        cached = (stamp, now, cached[2])
    _cache[name] = cached
    return cached[2]


def add_key() -> str:
    """Make the next encryption key; new values are encrypted with it. Returns its id."""
    numbers = ring(reload=True).numbers.values()
    key_file(settings.VAR_DIR, f"pii_sm4_{max(numbers, default=0) + 1}", nbytes=16)
    return ring(reload=True).current


def _current() -> tuple[str, bytes]:
    found = ring()
    if not found.current:  # first start: make key 1
        add_key()
        found = ring(reload=True)
    return found.current, found.keys[found.current]


def encrypt(text: str) -> str:
    kid, key = _current()
    header = f"{PREFIX}.{kid}."
    nonce = os.urandom(NONCE_BYTES)
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(header.encode())
    sealed = enc.update(text.encode()) + enc.finalize() + enc.tag
    return header + base64.urlsafe_b64encode(nonce + sealed).decode()


def is_token(value: str) -> bool:
    return value.startswith(PREFIX + ".") and value.count(".") == 2


def token_key(token: str) -> str:
    """The id of the key a token was encrypted with."""
    return token.split(".")[1] if is_token(token) else ""


def decrypt(token: str) -> str:
    if not is_token(token):
        raise CryptoError("not an encrypted value (was the pii_encryption migration run?)")
    _, kid, body = token.split(".")
    key = ring().keys.get(kid) or ring(reload=True).keys.get(kid)
    if key is None:
        raise CryptoError(
            f"key {kid} is not in {_folder()}: restore the keys folder from the backup"
        )
    try:
        raw = base64.urlsafe_b64decode(body)
        nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
        dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, sealed[-TAG_BYTES:])).decryptor()
        dec.authenticate_additional_data(f"{PREFIX}.{kid}.".encode())
        return (dec.update(sealed[:-TAG_BYTES]) + dec.finalize()).decode()
    except (InvalidTag, ValueError) as exc:
        raise CryptoError(f"value under key {kid} fails its integrity check") from exc


def digest(text: str) -> str:
    """The keyed SM3 digest (HMAC-SM3) that finds a value without decrypting; "" for ""."""
    if not text:
        return ""
    folder = str(_folder())
    if folder not in _digest_keys:
        _digest_keys[folder] = bytes.fromhex(key_file(settings.VAR_DIR, DIGEST_KEY))
    return _sm3(_digest_keys[folder], text.encode()).hex()
