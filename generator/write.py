"""Stage 6, write: pages and files → output/, atomically, one build at a time.

The new site is written to a sibling folder and swapped in only when complete, so a build that
fails (or is killed) leaves the previous output/ whole. A lock file beside output/ keeps two builds
from writing there at once; the operating system releases it even if a build is killed, and the next
build clears whatever a killed one left behind.

Files that do not depend on the pages (feeds, calendars, open data) can be made and written by a
second process while this one renders the pages (`write_aside`), and the files this process makes
can be handed to a third that creates them on disk (`start_writer`): most of the cost of writing a
file is the file system's, which another processor can bear.
"""
from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import hashlib
import json
import multiprocessing
import os
import posixpath
import shutil
import signal
import struct
import subprocess
import sys
import threading
import traceback
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

import orjson


class BuildLocked(Exception):
    """Another build holds the output folder."""


class Pieces(list):
    """A large file's bytes in pieces, digested and written one after another, never joined: at
    100,000 meetings the archive's open data is 311 MB and the decisions register 204 MB, and made
    whole, each was held two or three times over (as objects or text, then as bytes)."""


def _inside(root: Path, relpath: str) -> Path:
    """`root / relpath`, refused if it is not below `root`.

    The check is on the path's text: the staged folder is new and this module writes every entry
    in it, so it holds no symbolic links that could lead out of it (and resolving each of a large
    site's paths on disk took seconds).
    """
    return root / _below(relpath)


def _below(relpath: str) -> str:
    """`relpath` normalised, refused if it leads out of the folder it is relative to. The same string when
    it was normal: the manifest's addresses are then those the build's record of pages holds."""
    normal = posixpath.normpath(relpath)
    if normal.startswith("/") or normal in (".", "..") or normal.startswith("../"):
        raise ValueError(f"refusing to write outside the output folder: {relpath!r}")
    return relpath if normal == relpath else normal


class StagedOutput:
    """A new output folder beside the real one; `commit()` swaps it in, `discard()` removes it."""

    def __init__(self, output: Path):
        self.output = output.resolve()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.lock_path = self.output.parent / f".{self.output.name}.lock"
        self._lock = open(self.lock_path, "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise BuildLocked(f"another build is writing to {output} (it holds {self.lock_path}); "
                              "wait for it to finish, then build again") from None
        _roll_forward(self.output)  # an update that was killed while it moved files in is finished first
        for leftover in self.output.parent.glob(f".{self.output.name}.new-*"):
            shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed
        for leftover in self.output.parent.glob(f".{self.output.name}.old-*"):
            if not being_removed(leftover):  # (a removal stopped half-way; one still at work is left to it)
                shutil.rmtree(leftover, ignore_errors=True)
        self.stage = self.output.parent / f".{self.output.name}.new-{os.getpid()}"
        self.stage.mkdir()
        self.files = 0
        self._folders: list[Path] = []
        self._made: set[Path] = {self.stage}  # folders known to exist in the stage
        self._aside: list[tuple[int, int]] = []  # (process id, read end of its pipe) of `write_aside`
        self._writer: Optional[tuple[int, int, Any]] = None  # (process id, report pipe, file pipe)
        self.signature = ""
        self.state: dict = {}  # what the next build needs to know of this one (cli.build_site's dependencies)
        self.digests: dict[str, str] = {}  # every file of the new site → a digest of its bytes (the manifest)

    def _target(self, relpath: str) -> Path:
        """Where `relpath` goes in the stage, its folder made (once per folder, not once per file)."""
        target = _inside(self.stage, relpath)
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def write_text(self, relpath: str, text: str) -> None:
        self._write(relpath, text.encode("utf-8"))

    def write_bytes(self, relpath: str, data: bytes) -> None:
        self._write(relpath, data)

    def write_again(self, relpath: str, text: str) -> None:
        """Write a page this build already wrote or kept, with the text it must have: written even if the
        previous build's has the same bytes, since the stage may hold others for it; counted once."""
        self._write(relpath, text.encode("utf-8"), again=True)

    def _write(self, relpath: str, data: bytes, again: bool = False) -> None:
        relpath = _below(relpath)
        digest = self.digests[relpath] = _digest(data)
        if not again and self._unchanged(relpath, digest):
            self.files += 1
            return
        pieces = data if type(data) is Pieces else (data,)
        if self._writer is not None:
            name = relpath.encode("utf-8")
            pipe = self._writer[2]
            try:
                pipe.write(_FRAME.pack(len(name), sum(map(len, pieces))))
                pipe.write(name)
                pipe.writelines(pieces)
            except BrokenPipeError:
                self._join_writer()  # raises what stopped the writer
                raise
        else:
            with open(self._target(relpath), "wb") as f:
                f.writelines(pieces)
        self.files += 0 if again else 1

    def _unchanged(self, relpath: str, digest: str) -> bool:
        """Whether the file is already in output/ with these bytes (never, for a whole new site)."""
        return False

    def start_writer(self) -> None:
        """From now on, hand what `write_text` and `write_bytes` are given to a forked process that
        writes it, so that this one can go on; `commit` waits for that process and fails if it did.
        Nothing changes where forking is not safe (other threads are running) or possible."""
        if self._writer is not None or not can_fork():
            return
        files_read, files_write = os.pipe()

        def write() -> str:
            os.close(files_write)
            with os.fdopen(files_read, "rb", buffering=1 << 20) as pipe:
                return str(self._write_from(pipe))

        pid, report_read = run_forked(write)
        os.close(files_read)
        self._writer = (pid, report_read, os.fdopen(files_write, "wb", buffering=1 << 20))

    def _write_from(self, pipe: Any) -> int:
        """In the writer process: write each (path, bytes) the pipe carries, up to the end mark."""
        count = 0
        while True:
            header = pipe.read(_FRAME.size)
            if len(header) != _FRAME.size:
                raise EOFError("the build stopped sending files before the end")
            length, size = _FRAME.unpack(header)
            if length == _END:
                return count
            relpath = pipe.read(length).decode("utf-8")
            data = pipe.read(size)
            if len(data) != size:
                raise EOFError(f"{relpath} arrived incomplete")
            with open(self._target(relpath), "wb") as f:
                f.write(data)
            count += 1

    def _join_writer(self) -> None:
        """Send the writer its end mark and wait for it; raise what went wrong in it, if anything."""
        if self._writer is None:
            return
        pid, report_read, pipe = self._writer
        self._writer = None
        try:
            pipe.write(_FRAME.pack(_END, 0))
            pipe.flush()
        except BrokenPipeError:
            pass  # it stopped early; its report says why
        finally:
            try:
                pipe.close()
            except OSError:
                pass
        with os.fdopen(report_read, "rb") as reports:
            report = reports.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("writing files in a second process failed:\n"
                               + failure(report, status, "the writer process"))

    def folder(self, relpath: str) -> Path:
        """A new folder in the staged site for a tool that writes its own files (whoosh); they count as written."""
        target = _inside(self.stage, relpath)
        target.mkdir(parents=True)
        self._folders.append(target)
        return target

    def keep(self, relpath: str) -> bool:
        """Keep the previous build's file (see `UpdatedOutput.keep`): a whole build has none to keep."""
        return False

    def previous_bytes(self, relpath: str) -> Optional[bytes]:
        """The previous build's file (see `UpdatedOutput.previous_bytes`): a whole build reads none."""
        return None

    def write_pages(self, pages: Iterable[tuple[str, str]]) -> None:
        for relpath, html in pages:
            self.write_text(relpath, html)

    def copy(self, source: Path, relpath: str) -> None:
        self._write(relpath, source.read_bytes())

    def write_aside(self, make: Callable[[], Iterable[tuple[str, bytes]]],
                    report: Optional[Callable[[], Any]] = None, yielding: bool = False) -> None:
        """Write the (path, bytes) that `make()` yields from a forked process, while this one goes on.

        `make` runs in the child, on its copy of this process's memory: what it reads must be
        complete at this call, and nothing it does comes back but its files and what `report()`
        returns then: JSON data, which `join_aside` returns, or `ReportParts`, which it hands on one by
        one as they arrive. `commit` waits for the child and fails if it did; `discard` stops it. Where
        forking is not safe (other threads are running, as under `serve`) or possible, the files are
        written here and now instead (and nothing is reported: what `make` did happened in this
        process). A process `yielding` runs at a lower priority than this one and the others, which
        the build waits on sooner.
        """
        if not can_fork():
            for relpath, data in make():
                self.write_bytes(relpath, data)
            return
        if self._writer is not None:
            self._writer[2].flush()  # else the child's copy of the buffer would be sent again

        def write() -> Iterator[bytes]:
            if yielding:
                os.nice(YIELDING)
            self._writer = None  # the parent's writer pipe is the parent's alone
            self.digests = {}
            for relpath, data in make():
                self.write_bytes(relpath, data)
            reported = report() if report is not None else None
            parts: Iterable[Any] = ()
            if isinstance(reported, ReportParts):
                parts, reported = reported.parts, None
            # A line of JSON, then one for each part, made and sent a piece at a time: the search's report
            # was ~100 MB at 100,000 meetings, made whole beside its index.
            return chain(_json_chunks({"files": self.digests, "report": reported}),
                         (b"\n" + orjson.dumps(part, option=orjson.OPT_SORT_KEYS) for part in parts))

        self._aside.append(run_forked(write))

    def join_aside(self, take: Optional[Callable[[Any], None]] = None) -> list[Any]:
        """Wait for `write_aside`'s processes; count their files, or raise what went wrong in one.
        Returns what they reported, in the order they were started; the parts of a report made of
        `ReportParts` go to `take` one at a time as they are read, never all at once."""
        failures, reports = [], []
        while self._aside:
            pid, read = self._aside.pop()
            made, failed = None, b""
            with os.fdopen(read, "rb") as pipe:
                while line := pipe.readline():
                    if b"\0" in line:  # it failed: its traceback follows
                        failed = line + pipe.read()
                        break
                    text = line.decode("utf-8")
                    del line  # (parsed as bytes, they would be held beside their text, which json makes of them)
                    try:
                        value = json.loads(text)
                    except ValueError:  # cut short: it was killed
                        failed = pipe.read()
                        break
                    del text
                    if made is None:
                        made = value
                    elif take is None:
                        raise RuntimeError("a process writing files aside reported parts that nothing takes")
                    else:
                        take(value)
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) == 0 and made is not None:
                self.digests.update(made["files"])
                self.files += len(made["files"])
                if made["report"] is not None:
                    reports.insert(0, made["report"])
            else:
                failures.append(failure(failed, status, "the process writing files aside"))
        if failures:
            raise RuntimeError("writing files in a second process failed:\n" + "\n".join(failures))
        return reports

    def _finish(self) -> None:
        """Wait for the other processes, and take stock of the folders that tools wrote."""
        self._join_writer()
        self.join_aside()
        for folder in self._folders:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    relpath = path.relative_to(self.stage).as_posix()
                    digest = self.digests[relpath] = file_digest(path)
                    if self._unchanged(relpath, digest):
                        path.unlink()
                    self.files += 1

    def commit(self) -> None:
        self._finish()
        self.changed = self.files
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        n = 0
        while old.exists():  # (still being removed, by a process that outlived an earlier build of this id)
            n += 1
            old = old.with_name(f".{self.output.name}.old-{os.getpid()}-{n}")
        manifest_path(self.output).unlink(missing_ok=True)  # it described the site being replaced
        if self.output.exists():
            os.rename(self.output, old)
        os.rename(self.stage, self.output)
        _write_manifest(self.output, self.signature, self.digests, self.state)
        if old.exists():
            remove_later(old)
        self._release()

    def discard(self) -> None:
        writer, self._writer = self._writer, None
        for pid, read in self._aside + ([writer[:2]] if writer is not None else []):
            stop_forked(pid, read)
        self._aside.clear()
        if writer is not None:
            try:
                writer[2].close()
            except OSError:
                pass  # what it held was for the stage, which goes now
        shutil.rmtree(self.stage, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        fcntl.flock(self._lock, fcntl.LOCK_UN)
        self._lock.close()


class UpdatedOutput(StagedOutput):
    """The previous build brought up to date: only files whose bytes changed are written.

    New and changed files go to the stage as in a whole build; `commit` writes the new manifest aside,
    then a journal naming them and the files that are gone, then moves them into output/ and the
    manifest into place. A build that fails before `commit` leaves output/ as it was; one killed
    while moving files in is finished by the next build (or `minutebook serve`), which reads the
    journal before anything else.
    """

    def __init__(self, output: Path, previous: dict):
        super().__init__(output)
        self.previous: dict[str, str] = previous["files"]
        self.previous_state: dict = previous.get("state") or {}

    def _unchanged(self, relpath: str, digest: str) -> bool:
        return self.previous.get(relpath) == digest and os.path.isfile(os.path.join(self.output, relpath))

    def keep(self, relpath: str) -> bool:
        """Keep the file as the previous build wrote it (the caller knows it would be the same), if it is
        still there; False if it is not, and the caller must write it."""
        digest = self.previous.get(relpath)
        if digest is None or digest == REWRITTEN or not os.path.isfile(os.path.join(self.output, relpath)):
            return False
        self.digests[relpath] = digest
        self.files += 1
        return True

    def previous_bytes(self, relpath: str) -> Optional[bytes]:
        """The bytes of a file of the previous build, if it is still in output/ as that build wrote it
        (its digest is the one the manifest holds); else None."""
        digest = self.previous.get(relpath)
        if digest is None or digest == REWRITTEN:
            return None
        try:
            data = (self.output / relpath).read_bytes()
        except OSError:
            return None
        return data if digest_of(data).hexdigest() == digest else None

    def forget_previous(self, below: str) -> None:
        """Forget the previous build's files but those below the folder `below`, and its state: in a
        forked process that writes only there (the search index), they would be held all its life
        (~24 MiB at 10,000 meetings, counted again in every process it forks)."""
        kept = {relpath: digest for relpath, digest in self.previous.items() if relpath.startswith(below)}
        self.previous.clear()  # in place: the build's manifest, which holds them too, is this process's copy
        self.previous.update(kept)
        self.previous_state.clear()

    def keep_others(self, remade: Callable[[str], Any] = lambda relpath: False) -> None:
        """Keep every file of the previous build that this one did not write, but pages and the files
        every build makes anew (`remade`): one of those this build did not write or keep is one the
        site no longer has."""
        for relpath in self.previous.keys() - self.digests.keys():
            if not relpath.endswith(".html") and not remade(relpath):
                self.keep(relpath)

    def commit(self) -> None:
        self._finish()
        moves = sorted(path.relative_to(self.stage).as_posix() for path in self.stage.rglob("*") if path.is_file())
        self.changed, self.moved = len(moves), moves
        _write_manifest(self.output, self.signature, self.digests, self.state, _next_manifest_path(self.output))
        journal = {"stage": self.stage.name, "moves": moves,
                   "deletes": sorted(self.previous.keys() - self.digests.keys())}
        _write_atomically(_journal_path(self.output), _json_chunks(journal))
        _roll_forward(self.output, journal)
        self._release()


def manifest_path(output: Path) -> Path:
    return output.parent / f".{output.name}.manifest.json"


def _journal_path(output: Path) -> Path:
    return output.parent / f".{output.name}.journal.json"


def _next_manifest_path(output: Path) -> Path:
    """The manifest of an update, written before its journal and put in place after the files move:
    encoded once (35 MB at 10,000 meetings), where the journal held it to be written out again."""
    return output.parent / f".{output.name}.manifest.next.json"


def previous_build(output: Path, signature: str) -> Optional[dict]:
    """The manifest of the build in output/ ("files": path → digest, and its "state"), if it was made
    with the same signature."""
    output = output.resolve()
    if _journal_path(output).exists() or not output.is_dir():
        return None  # an update is unfinished: the next StagedOutput finishes it; build in whole then
    try:
        # (json's: orjson's objects of the manifest at 10,000 meetings took 78 MiB, json's 66)
        manifest = json.loads(manifest_path(output).read_bytes())
    except (OSError, ValueError):
        return None
    if manifest.get("signature") != signature or not isinstance(manifest.get("files"), dict):
        return None
    return manifest


def _write_manifest(output: Path, signature: str, digests: dict[str, str], state: dict,
                    path: Optional[Path] = None) -> None:
    _write_atomically(path or manifest_path(output),
                      _json_chunks({"signature": signature, "files": digests, "state": state}))


class ReportParts:
    """What a process writing aside reports (`write_aside`) as JSON values made and sent one at a time,
    which the build takes in one at a time (`join_aside`)."""

    def __init__(self, parts: Iterable[Any]) -> None:
        self.parts = parts


class StringPieces:
    """A string to be written as JSON (`_json_chunks`) from the pieces `make()` yields, never whole."""

    def __init__(self, make: Callable[[], Iterable[str]]) -> None:
        self.make = make


def _json_chunks(value: Any, depth: int = 3) -> Iterator[bytes]:
    """`value` as JSON, keys sorted, in pieces: the dicts of its first `depth` levels entry by entry,
    and any `StringPieces` piece by piece. A manifest made in one piece (47 MB at 10,000 meetings), and
    its bytes, were the largest things a build held at its end. (By orjson: the standard library's json
    took 0.6 s for a manifest of 38 MB. It reads it back: orjson's objects take more memory.)"""
    if depth and isinstance(value, dict):
        yield b"{"
        for n, key in enumerate(sorted(value)):
            yield (b"," if n else b"") + orjson.dumps(key) + b":"
            yield from _json_chunks(value[key], depth - 1)
        yield b"}"
    elif isinstance(value, StringPieces):  # JSON escapes a string character by character
        yield b'"'
        yield from (orjson.dumps(piece)[1:-1] for piece in value.make())
        yield b'"'
    elif type(value) is str and len(value) > REPORT_PIECE:  # (the related decisions: ~60 MB at 100,000 meetings)
        yield b'"'
        yield from (orjson.dumps(value[at:at + REPORT_PIECE])[1:-1] for at in range(0, len(value), REPORT_PIECE))
        yield b'"'
    else:
        yield orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


# What a manifest says of a file written in output/ outside a build, in place of its digest (`build_site`'s
# `rewritten`): the next build does not keep it; it writes it again, or removes it.
REWRITTEN = "rewritten"


def replace_file(output: Path, relpath: str, data: bytes) -> bool:
    """Put `data` at `relpath` in output/ outside a build, by a rename so that no reader sees half a
    file; False if the file already held these bytes. For `serve`, which shows a text edit at once."""
    target = _inside(output.resolve(), _below(relpath))
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return True


def remove_file(output: Path, relpath: str) -> None:
    """Remove the file at `relpath` in output/ outside a build, and the folders it leaves empty."""
    output = output.resolve()
    target = _inside(output, _below(relpath))
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _write_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb", buffering=1 << 20) as f:
        if isinstance(data, bytes):
            f.write(data)
        else:
            f.writelines(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


def finish_interrupted(output: Path) -> None:
    """Finish an update of output/ whose process was stopped while it moved files in, if there is one."""
    _roll_forward(output.resolve())


def _roll_forward(output: Path, journal: Optional[dict] = None) -> None:
    """Carry out the journal of an update, if there is one (`journal`: the one just written); doing
    so twice does no harm."""
    journal_path = _journal_path(output)
    try:
        journal = journal or json.loads(journal_path.read_bytes())
    except FileNotFoundError:
        return
    stage = output.parent / journal["stage"]
    made: set[Path] = set()
    for relpath in journal["moves"]:
        source, target = stage / relpath, output / _below(relpath)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        with contextlib.suppress(FileNotFoundError):  # moved before the build was killed
            os.replace(source, target)
    folders = set()
    for relpath in journal["deletes"]:
        target = output / _below(relpath)
        target.unlink(missing_ok=True)
        folders.add(target.parent)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder != output and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    with contextlib.suppress(FileNotFoundError):  # put in place before the build was killed
        os.replace(_next_manifest_path(output), manifest_path(output))
    shutil.rmtree(stage, ignore_errors=True)
    journal_path.unlink()


def _digest(data: bytes | Pieces) -> str:
    return digest_of(data).hexdigest()


def digest_of(data: bytes | Pieces) -> Any:
    """A blake2b digest of bytes, or of `Pieces` (the same as of the bytes joined)."""
    if type(data) is not Pieces:
        return hashlib.blake2b(data, digest_size=16)
    digest = hashlib.blake2b(digest_size=16)
    for piece in data:
        digest.update(piece)
    return digest


def file_digest(path: Path) -> str:
    """`_digest` of a file's bytes, read a piece at a time (whoosh's segment is 124 MB at 10,000 meetings)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


_FRAME = struct.Struct("<II")  # a file's path length and size, before the path and the bytes
_END = 0xFFFFFFFF  # a path length that marks the end of the files


YIELDING = 10  # how much nicer a process `write_aside` starts `yielding` is


def remove_later(folder: Path) -> None:
    """Remove `folder` (a site that a whole build replaced) in a process of its own, which outlives
    this one: the new site is in place, and nothing waits for the old one's files to go (10,000
    meetings: ~110,000 files, ~24 s). It holds a lock on the folder while it works (`being_removed`):
    a build that starts meanwhile leaves the folder to it (removing the rest itself made the first
    update after a whole build ~13 s longer at 10,000 meetings); one that starts after it was stopped
    removes what is left (`StagedOutput`). Where no such process can be started (no Python executable
    known), it is removed here, as before."""
    try:
        subprocess.run([sys.executable, "-I", "-S", "-c", _REMOVE, str(folder)], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


# forks and returns at once: the parent is waited for, its child is nobody's to wait for (no zombie,
# and nothing still running for Python to warn of)
_REMOVE = """import fcntl, os, shutil, sys
if os.fork() == 0:
    os.setsid()
    os.nice(19)
    try:
        held = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        sys.exit()  # gone, or another process is removing it
    shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


def being_removed(folder: Path) -> bool:
    """Whether a process `remove_later` started is removing `folder` (it holds the folder's lock)."""
    try:
        held = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(held)  # (and the lock with it, if this process took it)
    return False


def can_fork() -> bool:
    """Whether this process may fork helpers: not where fork is missing, nor with other threads
    running (a forked child holds only the thread that forked it, and any lock another held)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def run_forked(work: Callable[[], Union[str, Iterable[bytes]]]) -> tuple[int, int]:
    """Run `work` in a forked process; returns its process id and a pipe on which it reports what
    `work` returned (a str, or the pieces of its UTF-8 sent as they are made), or, after a NUL, the
    traceback of what went wrong (then it exits with status 1: `failure`)."""
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read)
            die_with(parent)
            report = work()
            pieces = (report[at:at + REPORT_PIECE].encode("utf-8") for at in range(0, len(report), REPORT_PIECE)) \
                if isinstance(report, str) else report  # a piece at a time: not the whole report twice
            sending = bytearray()
            for piece in pieces:
                sending += piece
                if len(sending) >= REPORT_PIECE:
                    _write_all(write, sending)
                    sending.clear()
            _write_all(write, sending)
            status = 0
        except BaseException:
            try:
                _write_all(write, b"\0" + traceback.format_exc().encode("utf-8", "replace"))
            except OSError:
                pass
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


REPORT_PIECE = 1 << 20  # bytes (characters of a str) of a forked process's report sent at a time (`run_forked`)


def failure(report: bytes, status: int, doing: str) -> str:
    """What a `run_forked` process that failed reported: the traceback after its NUL (what it sent
    before is not part of it)."""
    return report.rpartition(b"\0")[2].decode("utf-8", "replace") or f"{doing} ended with status {status}"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def forked(work: Callable[[Callable[[Any], None]], Any]) -> tuple[Any, Any]:
    """Start `work(part)` in a forked process; it may send `part(…)`s on the way, and what it returns
    (or the traceback of what it raised) is sent when it ends. `wait_forked` takes them in."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    parent = os.getpid()

    def run() -> None:
        try:
            die_with(parent)
            send.send(("done", work(lambda sent: send.send(("part", sent)))))
        except BaseException:
            send.send(("failed", traceback.format_exc()))

    process = context.Process(target=run, daemon=True)
    process.start()
    send.close()
    return process, receive


def wait_forked(aside: tuple[Any, Any], doing: str, take: Optional[Callable[[Any], None]] = None) -> Any:
    """The result of a `forked` process (its "part" messages given to `take` as they come), or raise
    what went wrong in it, `doing` what."""
    process, receive = aside
    try:
        kind, sent = receive.recv()
        while kind == "part" and take is not None:
            take(sent)
            kind, sent = receive.recv()
        process.join()
    finally:
        if process.is_alive():
            process.kill()
    if kind != "done":
        raise RuntimeError(f"{doing} in another process failed:\n{sent}")
    return sent


def stop_forked(pid: int, read: int) -> None:
    """Kill a process `run_forked` started, and close its pipe."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(read)


def die_with(parent: int) -> None:
    """Have the kernel kill this (forked) process when its parent dies, so that a killed build
    leaves no process writing into its staged folder, or working on for nothing (a build of 100,000
    meetings killed for want of memory left its second indexing process holding 10 GB); on Linux,
    else nothing. And keep what it was forked with out of its collections (`kept_to_the_end`): its
    parent's, which the parent collects."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)
    gc.freeze()


@contextlib.contextmanager
def kept_to_the_end() -> Iterator[None]:
    """For what a process makes inside and keeps until it exits (the site graph, the previous build's
    manifest, the search's records and postings): the cyclic garbage collector neither runs while it
    is made nor passes over it again afterwards. Each full collection goes over every object not so
    kept, and they come more often the more there are: passes over millions of live objects were half
    of reading a 2,000-meeting archive (10.0-11.4 s of CPU with them, 5.0-5.3 s without), and ~3.5 s
    of CPU of a build after one edit at 10,000 meetings (2 s of it in the search process). The peak
    memory is the same: what is kept is freed when nothing refers to it, only not by the collector."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
