"""Finding and opening input files: folders walked in a fixed order, and every entry that is
not a readable regular file (link loop, broken link, named pipe, device, unreadable file or
folder, folder named like a file) reported with the reason instead of dropped in silence.

Nothing here ever blocks: a named pipe or a device is recognised by `stat` before it is
opened, and files are opened non-blocking and checked again with `fstat`.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import IngestError

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def os_reason(path: Path, exc: OSError) -> str:
    """The reason, in words and with a hint, why `path` could not be looked at or opened."""
    code = exc.errno
    if code == errno.ENOENT:
        if os.path.islink(path):
            return (f"a broken link: it points to {_link_target(path)}, which does not exist; "
                    "fix the link or remove it")
        return "no such file or folder; check the path"
    if code == errno.ELOOP:
        return (f"a link loop: {path.name} -> {_link_target(path)} never reaches a file; "
                "fix the link or remove it")
    if code in (errno.EACCES, errno.EPERM):
        return ("cannot be read: permission denied; give the user running dossier read permission "
                "(chmod +r) or move the file out of the folder")
    if code == errno.EISDIR:
        return "a folder, not a file; pass the folder itself to read the files inside it"
    return f"cannot be read: {exc.strerror or exc}; check the file and its permissions"


def entry_problem(path: Path) -> str | None:
    """Why `path` is not a regular file that can be read (before opening it), or None."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return os_reason(path, exc)
    if stat.S_ISDIR(st.st_mode):
        if path.is_symlink():
            return (f"a link to a folder ({_link_target(path)}): not followed, so that no file is read twice "
                    "and no link leads back into the folder; pass the folder itself to read it")
        return "a folder, not a file; pass the folder itself to read the files inside it"
    if not stat.S_ISREG(st.st_mode):
        return (f"{_kind(st.st_mode)}, not a regular file: not read, so the build cannot wait on it; "
                "only regular files are ingested")
    return None


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading without ever blocking; IngestError for anything else."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise IngestError(
                f"{_kind(mode)}, not a regular file: not read, so the build cannot wait on it",
                hint="only regular files are ingested",
            )
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int | None) -> bytes:
    """The bytes of a regular file, refused unread when it is larger than `limit` (None or 0: no limit)."""
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if limit and size > limit:
            raise oversized(size, limit)
        data = fh.read(limit + 1) if limit else fh.read()
    if limit and len(data) > limit:  # grew while we read it
        raise oversized(len(data), limit)
    return data


def oversized(size: int, limit: int) -> IngestError:
    return IngestError(f"oversized ({size} bytes > max_file_bytes {limit})",
                       hint="raise the max_file_bytes setting to read it")


def walk(paths: Iterable[str | Path], suffixes: Collection[str]) -> Iterator[tuple[Path, str | None]]:
    """(path, problem) for every entry to read: each given path, and every entry under each given
    folder (recursive, sorted by name; hidden files and folders skipped). `problem` is a reason to
    skip the entry found while walking (an unreadable folder, a folder named like a file with one of
    `suffixes`), or None: the entry is then looked at when it is read."""
    for given in paths:
        path = Path(given)
        if path.is_dir():  # a folder given by name is read, even through a link
            yield from _walk_folder(path, suffixes)
        else:
            yield path, None


def _walk_folder(folder: Path, suffixes: Collection[str]) -> Iterator[tuple[Path, str | None]]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield folder, (f"a folder that cannot be listed: {exc.strerror or exc}; give the user running dossier "
                       "permission to read it (chmod +rx) or leave it out")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if not is_folder:
            yield path, None
            continue
        suffix = path.suffix.lower()
        if suffix in suffixes:
            yield path, (f"a folder named like a {suffix} file, not an article: the files inside it, if any, "
                         "are read on their own; rename the folder if it was meant to be an article")
        yield from _walk_folder(path, suffixes)
