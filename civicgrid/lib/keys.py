"""Secret keys kept in the data folder: made on first start, readable by the owner only.

A deployment must never run on a published key, and an operator should not have to invent
one: each key is a file under `<CIVICGRID_VAR>/keys/` (folder mode 700, file mode 600),
created with the OS's random generator the first time it is asked for. The backup copies
this folder; losing it makes encrypted columns unreadable.
"""

import os
import secrets
from pathlib import Path


def keys_dir(var_dir: Path) -> Path:
    path = Path(var_dir) / "keys"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def key_file(var_dir: Path, name: str, nbytes: int = 32) -> str:
    """The hex key stored in keys/<name>, created (atomically, mode 600) if missing."""
    path = keys_dir(var_dir) / name
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    value = secrets.token_hex(nbytes)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(value + "\n")
    try:
        # link() fails if another process made the key first: then theirs is the key.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()
