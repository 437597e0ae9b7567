"""Stage 6, write: pages and files → output/, atomically, one build at a time.

The new site is written to a sibling folder and swapped in only when complete, so a build that
fails (or is killed) leaves the previous output/ whole. A lock file beside output/ keeps two builds
from writing there at once; the operating system releases it even if a build is killed, and the next
build clears whatever a killed one left behind.
"""
from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path
from typing import Iterable


class BuildLocked(Exception):
    """Another build holds the output folder."""


def _inside(root: Path, relpath: str) -> Path:
    target = (root / relpath).resolve()
    if root.resolve() not in target.parents:
        raise ValueError(f"refusing to write outside the output folder: {relpath!r}")
    return target


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
        for leftover in self.output.parent.glob(f".{self.output.name}.new-*"):
            shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed
        for leftover in self.output.parent.glob(f".{self.output.name}.old-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        self.stage = self.output.parent / f".{self.output.name}.new-{os.getpid()}"
        self.stage.mkdir()
        self.files = 0
        self._folders: list[Path] = []

    def write_text(self, relpath: str, text: str) -> None:
        target = _inside(self.stage, relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.files += 1

    def write_bytes(self, relpath: str, data: bytes) -> None:
        target = _inside(self.stage, relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files += 1

    def folder(self, relpath: str) -> Path:
        """A new folder in the staged site for a tool that writes its own files (whoosh); they count as written."""
        target = _inside(self.stage, relpath)
        target.mkdir(parents=True)
        self._folders.append(target)
        return target

    def write_pages(self, pages: Iterable[tuple[str, str]]) -> None:
        for relpath, html in pages:
            self.write_text(relpath, html)

    def copy(self, source: Path, relpath: str) -> None:
        target = _inside(self.stage, relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.files += 1

    def copy_tree(self, source: Path, relpath: str) -> None:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                self.copy(path, f"{relpath}/{path.relative_to(source).as_posix()}")

    def commit(self) -> None:
        self.files += sum(1 for folder in self._folders for path in folder.rglob("*") if path.is_file())
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        if self.output.exists():
            os.rename(self.output, old)
        os.rename(self.stage, self.output)
        if old.exists():
            shutil.rmtree(old)
        self._release()

    def discard(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        fcntl.flock(self._lock, fcntl.LOCK_UN)
        self._lock.close()
