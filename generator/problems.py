"""Problems found in content: each names a file, a line and a column, and says what to do.

Every stage reports into one `Problems` collection instead of raising on the first fault, so that
an editor sees every mistake in one run (as Hugo and Jinja do), and the build can refuse to write
anything while any error stands.
"""
from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path
from typing import Iterable, Iterator, Literal

Severity = Literal["error", "warning"]


@dataclasses.dataclass(frozen=True, order=True, slots=True)
class Position:
    """A place in a content file; line and column count from 1, as editors see them."""

    path: Path
    line: int = 0
    col: int = 0

    def shifted(self, lines: int) -> "Position":
        return dataclasses.replace(self, line=self.line + lines)

    def __reduce__(self) -> tuple:
        """Unpickled by calling the class: the frozen dataclass's own way looks up its fields again for
        each of the ~110,000 positions of a 10,000-meeting archive's kept records."""
        return Position, (self.path, self.line, self.col)


@dataclasses.dataclass(frozen=True)
class Problem:
    severity: Severity
    where: Position
    message: str

    def location(self, root: Path | None = None) -> str:
        path = self.where.path
        if root is not None:
            try:
                path = path.relative_to(root)
            except ValueError:
                pass
        text = str(path)
        if self.where.line:
            text += f":{self.where.line}"
            if self.where.col:
                text += f":{self.where.col}"
        return text

    def source_line(self) -> str | None:
        """The offending line of the file, for showing under the message."""
        if not self.where.line:
            return None
        try:
            with open(self.where.path, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, start=1):
                    if number == self.where.line:
                        return line.rstrip("\n").expandtabs(4)
        except OSError:
            return None
        return None


class ContentError(Exception):
    """Raised inside a stage for one fault that stops reading that one file."""

    def __init__(self, where: Position, message: str):
        super().__init__(message)
        self.where = where
        self.message = message


class Problems:
    """All problems of one run, in the order found; sorted by place when shown."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, where: Position, message: str) -> None:
        self._items.append(Problem("error", where, message))

    def warning(self, where: Position, message: str) -> None:
        self._items.append(Problem("warning", where, message))

    def add(self, exc: ContentError) -> None:
        self.error(exc.where, exc.message)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._items, key=lambda p: (str(p.where.path), p.where.line, p.where.col)))

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity == "warning"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A suggestion suffix such as "; did you mean 'cllr-murray'?", or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def format_problem(problem: Problem, root: Path | None = None, colour: bool = False) -> str:
    """Render one problem for people: location, message, and the offending line with a caret."""
    label = problem.severity
    if colour:
        code = "31" if problem.severity == "error" else "33"
        label = f"\x1b[1;{code}m{label}\x1b[0m"
    text = f"{problem.location(root)}: {label}: {problem.message}"
    line = problem.source_line()
    if line is not None:
        caret_at = max(problem.where.col - 1, 0)
        text += f"\n    {line}\n    {' ' * caret_at}^"
    return text
