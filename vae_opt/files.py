"""Safe outputs: check where a command will write before it works, then write atomically.

A command checks its output paths first (``check_output``), so a missing, read-only or wrong
location fails in a second, not after an hour of work. Files are written to a temporary file
beside the target and renamed into place, so a crash or SIGKILL never leaves half a file. A file
that exists is replaced only with ``force``; without it, a file that appeared meanwhile (another
run writing the same name) keeps its content and the new one goes beside it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


class OutputError(ValueError):
    """An output location that cannot or must not be written; the message says what to do."""


def _check_writable_dir(directory: Path) -> None:
    """Create `directory` if needed and prove that a file can be created in it."""
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"cannot write into {directory}: it is a file, not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".vae-opt-probe-"):
            pass
    except OSError as error:
        raise OutputError(f"cannot write into {directory} ({error.strerror or error}); "
                          "choose a writable location") from None


def check_output(path: str | Path, force: bool = False) -> Path:
    """Check, before any work, that `path` can be written; an existing file needs `force`."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name for the output")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; pass force=True to replace it, or choose "
                          "another name")
    _check_writable_dir(path.parent if str(path.parent) else Path("."))
    return path


def check_output_dir(path: str | Path) -> Path:
    """Check, before any work, that files can be written into the folder `path`."""
    path = Path(path)
    _check_writable_dir(path)
    return path


def next_free(path: Path) -> Path:
    """The first free name next to `path`: name-2.ext, name-3.ext, ..."""
    for i in range(2, 10_000):
        candidate = path.with_name(f"{path.stem}-{i}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise OutputError(f"no free file name next to {path}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, write: Callable[[Path], None], force: bool = False,
                 beside: bool = True) -> Path:
    """Let `write(tmp)` fill a temporary file next to `path`, then move it into place.

    With ``force`` the rename replaces an existing file. Without it the file is linked into
    place only if the name is still free (atomic); otherwise it goes ``beside`` the existing one,
    or, with ``beside=False``, an OutputError says so. Returns the path written.
    """
    path = Path(path)
    _check_writable_dir(path.parent if str(path.parent) else Path("."))
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the mode open() would
        if force:
            os.replace(tmp, path)
            return path
        target = path
        while True:
            try:
                os.link(tmp, target)
                return target
            except FileExistsError:
                if not beside:
                    raise OutputError(f"{path} already exists; pass force=True to replace it, or "
                                      "choose another name") from None
                target = next_free(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(path: str | Path, text: str, force: bool = False) -> Path:
    """``write_atomic`` for a text file."""
    return write_atomic(path, lambda tmp: tmp.write_text(text), force=force)
