"""The meeting records a build validated, kept beside output/ so that the next build need not read
and validate again the meeting files that did not change.

At 10,000 meetings, reading and validating the meeting files is ~17 s of every build, and a build
after one edit needs only one of them; loading the others' records from this file takes ~3 s.

The file (`.NAME.records` beside output/, like the manifest) is a pickled header naming the code
that wrote it, then one frame per meeting file: a pickled `(path, digest of its bytes, stamp, size)`,
then `size` bytes, the pickled `(record, problems found in it)`. A record is used only when the file
at its path has the same digest now and the header names this code (its sources, Python, PyYAML and
pydantic): what other code made is never used. The digest is not worked out again (reading every
meeting file: ~0.5 s at 10,000) while the file's stamp is the one its frame keeps: its size,
modification and change times and inode (`_stamp`). A file is stamped only once its change time is
`RACY_SECONDS` old, as git does with its index: a file written again within the clock's step of an
earlier write could keep its times, but not once they are seconds apart, and nothing can set a
change time back. (That trusts the file system's clock to be within those seconds of this machine's,
as on a local disk; `--clean` reads every file whatever its stamp.) A build appends the frames of the
files it read anew (and of any whose bytes went back to an earlier frame's: each file's last frame
is what the last build read); once the frames no file has any more are over a quarter of the file (or the
files whose stamp is new are), the next build writes it whole again, and so it does after a frame
cut short (a build killed while appending), where the reading stops: the files after it are read
anew. Only a build writes this file, into the folder it
writes output/ to: it is trusted as that build's code is. Records are validated, so nothing exempt
is in it (`validate.withhold_exempt`); meetings still embargoed are, as they are in content/.

The authorities', bodies', people's and issues' files are kept the same way in a file of their own
(`.NAME.other-records`; at 10,000 meetings, 6,410 files that took ~1 s of every build to read, check
and digest again): what a record of one of them is depends on that file alone, as a meeting's does.
"""
from __future__ import annotations

import functools
import io
import itertools
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Optional

import pydantic
import yaml

from .depend import folder_digest
from .load import MAX_FILE_BYTES
from .write import can_fork, file_digest, run_forked, stop_forked

Made = tuple[Any, list]  # (the meeting's record, or None; the problems found in its file)

STALE_SHARE = 0.25  # of the frames: past it (or past it of files to stamp anew), the file is written whole again
RACY_SECONDS = 2  # a file changed more recently than this is not stamped: its digest is worked out every build
# files read anew whose previous record is kept for the build to compare (`before_and_now`): an edit
# changes a few; past this many (a change to every file), none is, rather than hold them all
BEFORE_AT_MOST = 100


def kept_path(output: Path, what: str) -> Path:
    """The file `.NAME.what` that a build into `output` keeps beside it for the next build."""
    output = output.resolve()
    return output.parent / f".{output.name}.{what}"


def records_path(output: Path) -> Path:
    return kept_path(output, "records")


OTHER_RECORDS = "other-records"  # what the authorities', bodies', people's and issues' files are kept as


@functools.cache
def code_version() -> str:
    """This code's sources, Python's version and those of the libraries that shape what it keeps."""
    digest = folder_digest(Path(__file__).resolve().parent)
    digest.update(f"{sys.version}\n{yaml.__version__}\n{pydantic.VERSION}\n".encode("utf-8"))
    return digest.hexdigest()


def _header() -> tuple:
    return ("minutebook records", 1, code_version())


class KeptRecords:
    """The previous build's records of the meeting files (`find`), and this build's, to keep (`save`); or
    of the other records' files (`what`: OTHER_RECORDS)."""

    def __init__(self, output: Path, reuse: bool = True, what: str = "records"):
        self.path = kept_path(output, what)  # "records": the meeting files'; OTHER_RECORDS: the others'
        self.reuse = reuse
        self.digests: dict[str, str] = {}  # every file of this build (`find`'s) → the digest of its bytes
        self.stamps: dict[str, Optional[tuple]] = {}  # and its `_stamp` then, if not too recent to trust
        self.digested = 0  # of them, those read to work out their digest (the others' stamps were kept)
        self._restamped = 0  # files whose record is kept, but not (or not as now) their stamp
        self.found: dict[str, Made] = {}  # those whose record the previous build made
        self.made: dict[str, Made] = {}  # those read anew
        # those whose record was found, but not in their last frame (their bytes went back to an earlier
        # frame's: an edit undone): a frame is added for them too, so that each file's last frame is
        # always what the last build read (`before_and_now`)
        self._returned: list[str] = []
        # each file whose bytes are not those of its last frame → (that frame's digest, its pickled record):
        # changed since a build last read it (to bytes read anew, or back to those of an earlier frame)
        self._before: dict[str, tuple[str, bytes]] = {}
        self.frames = 0  # whole ones in the file as it was found
        self.cut = False  # whether it ended in a frame cut short (appending after it would lose what follows)
        self._child: Optional[tuple[int, int, Path]] = None  # (process, its pipe, the file it writes)

    def find(self, paths: Iterable[Path]) -> dict[str, Made]:
        """What the previous build made of each of `paths` whose bytes are the same now (by str(path))."""
        frames = []  # views of the file read in one piece, freed in one piece: read frame by frame, the
        # bytes of each record, freed between the records made of them, left ~130 MB of holes at 10,000
        if self.reuse:
            try:
                for frame in _frames(self.path.read_bytes()):
                    if frame is None:
                        self.cut = True
                        break
                    frames.append(frame)
            except Exception:  # noqa: BLE001 - a damaged or missing file: every meeting file is read anew
                frames = []
        self.frames = len(frames)
        kept_stamps = {name: (digest, stamp) for name, digest, stamp, _ in frames}  # each file's last frame
        now = time.time_ns()  # (before any file is looked at: a file changed since is younger still)
        for path in paths:
            name = str(path)
            try:
                stamp = _stamp(os.stat(path))
            except OSError:
                continue  # reading it anew reports why
            if stamp[0] > MAX_FILE_BYTES:
                continue  # refused unread, when read anew
            digest, kept_stamp = kept_stamps.get(name, (None, None))
            if kept_stamp is None or kept_stamp != stamp:
                try:
                    digest = file_digest(path)
                except OSError:
                    continue
                self.digested += 1
            self.digests[name] = digest
            self.stamps[name] = stamp if now - stamp[3] > RACY_SECONDS * 10**9 else None
        try:
            last: dict[str, tuple[str, memoryview]] = {}  # each file's last frame
            for name, digest, stamp, record in frames:
                if self.digests.get(name) == digest:
                    self.found[name] = pickle.loads(record)
                    if stamp != self.stamps[name] and self.stamps[name] is not None:
                        self._restamped += 1
                if name in self.digests:
                    last[name] = (digest, record)
            changed = [name for name, (digest, _) in last.items() if digest != self.digests[name]]
            self._returned = [name for name in changed if name in self.found]
            if len(changed) <= BEFORE_AT_MOST:  # (copied: a view would hold all of `data`)
                self._before = {name: (last[name][0], bytes(last[name][1])) for name in changed}
        except Exception:  # noqa: BLE001 - whatever a damaged file raises, its records are read anew
            self.frames, self.found, self._before, self._restamped, self._returned = 0, {}, {}, 0, []
        return self.found

    def before_and_now(self, root: Path, name: str, digest: Optional[str]) -> Optional[tuple[Any, Any]]:
        """The records of the meeting file `name` (relative to the content folder `root`) when its bytes
        had `digest` (as a previous build read it), and now; None if either is not known."""
        path = str(root / name)
        before, now = self._before.get(path), self.made.get(path) or self.found.get(path)
        if before is None or before[0] != digest or now is None:
            return None
        return pickle.loads(before[1])[0], now[0]

    def digests_under(self, root: Path) -> dict[str, str]:
        """The meeting files' digests by their paths relative to `root` (the content folder), as
        `depend.source_digests` names them: it need not read those files again."""
        return {Path(name).relative_to(root).as_posix(): digest for name, digest in self.digests.items()}

    def add(self, path: Path, made: Made) -> None:
        self.made[str(path)] = made

    @property
    def whole(self) -> bool:
        """Whether `save` writes the file whole (else it appends the frames of the files read anew)."""
        frames = self.frames + len(self.made) + len(self._returned)
        return (not self.frames or self.cut or frames - len(self.digests) > STALE_SHARE * frames
                or self._restamped > STALE_SHARE * frames)

    def save_aside(self) -> None:
        """Start writing the whole file in a forked process, if it is due: at 10,000 meetings,
        pickling every record is ~3 s of CPU, spent while the build renders and indexes."""
        if not self.whole or not can_fork():
            return
        temporary = self.path.with_name(f"{self.path.name}.new-{os.getpid()}")

        def write() -> str:
            with open(temporary, "wb") as file:
                self._write(file)
            return ""

        pid, report = run_forked(write)
        self._child = (pid, report, temporary)

    def save(self) -> None:
        """After the build is committed: put the whole file in place, or append what was read anew."""
        for left in self.path.parent.glob(f"{self.path.name}.new-*"):
            if self._child is None or left != self._child[2]:
                left.unlink(missing_ok=True)  # of a build killed while writing it
        if self._child is not None:
            pid, report, temporary = self._child
            self._child = None
            with os.fdopen(report, "rb") as pipe:
                pipe.read()
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                os.replace(temporary, self.path)
            else:
                temporary.unlink(missing_ok=True)
        elif self.whole:
            with open(self.path, "wb") as file:
                self._write(file)
        elif self.made or self._returned:
            frames = b"".join(_frame(name, self.digests[name], self.stamps[name], made) for name, made in
                              itertools.chain(self.made.items(), ((name, self.found[name]) for name in self._returned)))
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(fd, frames)  # at once: a build reading meanwhile sees them all, or a frame cut short
            finally:
                os.close(fd)

    def abandon(self) -> None:
        """The build failed: leave the file as it was."""
        if self._child is not None:
            pid, report, temporary = self._child
            self._child = None
            stop_forked(pid, report)
            temporary.unlink(missing_ok=True)

    def _write(self, file: BinaryIO) -> None:
        """Every meeting's frame, in the order of the files."""
        pickle.dump(_header(), file, protocol=pickle.HIGHEST_PROTOCOL)
        for name, digest in self.digests.items():
            made = self.made.get(name) or self.found.get(name)
            if made is not None:
                file.write(_frame(name, digest, self.stamps[name], made))


def keep_file(path: Path, write: Callable[[Any], None]) -> None:
    """Write a file the build keeps beside output/ (`write(file)`), whole under another name first, then
    put in place; if that fails, the next build does without it (and does more work)."""
    for left in path.parent.glob(f"{path.name}.new-*"):
        left.unlink(missing_ok=True)  # of a build killed while writing it (builds into one folder take turns)
    temporary = path.with_name(f"{path.name}.new-{os.getpid()}")
    try:
        with open(temporary, "wb") as file:
            write(file)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def keep_pickled(path: Path, header: tuple, contents: Any) -> None:
    """Keep `contents`, pickled after `header` (what they are of), in `path` for `kept_pickled`."""
    def write(file: Any) -> None:
        pickle.dump(header, file, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(contents, file, protocol=pickle.HIGHEST_PROTOCOL)
    keep_file(path, write)


def kept_pickled(path: Path, header: tuple) -> Any:
    """What `keep_pickled` kept in `path` under the same `header`; None if it kept nothing there, kept
    something else (another build's), or the file is damaged: the caller then does the work again."""
    try:
        with open(path, "rb") as file:
            return pickle.load(file) if pickle.load(file) == header else None
    except Exception:  # noqa: BLE001 - no file, or a damaged one
        return None


def kept_files(output: Path) -> list[tuple[str, str]]:
    """(path, digest) of each frame of the records kept beside `output`, in the file's order."""
    frames = _frames(records_path(output).read_bytes())
    return [(name, digest) for name, digest, _, _ in itertools.takewhile(lambda frame: frame is not None, frames)]


def _stamp(status: os.stat_result) -> tuple[int, int, int, int, int]:
    """What changes when a file's bytes may have (its size first, its change time fourth)."""
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns, status.st_dev


def _frame(name: str, digest: str, stamp: Optional[tuple], made: Made) -> bytes:
    record = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
    return pickle.dumps((name, digest, stamp, len(record)), protocol=pickle.HIGHEST_PROTOCOL) + record


def _frames(data: bytes) -> Iterator[Optional[tuple[str, str, Optional[tuple], memoryview]]]:
    """(path, digest, stamp, the record's bytes) of each frame after the header, in order; then None if
    the file ends in something else (a frame cut short). Raises if the header is not this code's."""
    stream, view = io.BytesIO(data), memoryview(data)
    if pickle.load(stream) != _header():
        raise ValueError("records written by other code")
    while stream.tell() < len(data):
        try:
            name, digest, stamp, size = pickle.load(stream)
        except Exception:  # noqa: BLE001 - a frame cut short raises one of several errors
            yield None
            return
        start = stream.tell()
        if not (isinstance(name, str) and isinstance(digest, str) and isinstance(size, int)
                and (stamp is None or isinstance(stamp, tuple))) or start + size > len(data):
            yield None
            return
        stream.seek(start + size)
        yield name, digest, stamp, view[start:start + size]
