#!/usr/bin/env python3
"""Where a whole build's time goes across its processes: when each one ran, its CPU time, its peak memory.

    .venv/bin/python benchmarks/processes.py --meetings 10000            # a clean build
    .venv/bin/python benchmarks/processes.py --meetings 10000 --edit     # then a rebuild after one edit

`profile.py` profiles the main process only; a build forks several (the search and the processes it
forks, the feeds and open data, the other renderers, the writer, the reader of half of the meeting
files). This runs `python -m generator.cli build` as a child, on a copy of the demo corpus that
benchmarks/run.py writes (or `--content`), and every 0.1 s reads, from /proc, each of its processes'
CPU time (user + system) and resident memory. It prints one row per process, in the order they
started, indented under the process that forked it: start and end (seconds from the build's start),
CPU seconds, and peak RSS (the kernel's high-water mark, VmHWM, as last read: only a peak in a
process's last 0.1 s can be missed); then the wall time, the CPU time summed, and their ratio (how many cores
the build kept busy on average). With `--edit`, a sentence is then appended to one meeting's file and
the build runs again into the same output, incrementally, and is shown the same way. With
`--memory-over-time N`, each process's resident memory is then shown at N moments of its life, evenly
spaced ("seconds:MiB"): when it holds what (a peak alone does not say which phase made it).

A process is known by where it sits in the tree, not by name: they are all the same command. In a
whole build the main process forks, in order, the reader (only when many meeting files are read
anew), the writer, the feeds and data, the search (which forks two indexing halves, then two export
processes, then one for related decisions), and, once the search is over, the other renderers (one
per core but the first); a
process seen for less than 0.1 s may be missed. Linux only (/proc).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ left in benchmarks/
import run as harness  # noqa: E402 - benchmarks/run.py: this script's folder is first on the import path

REPO = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _processes() -> dict[int, tuple[int, float, int]]:
    """pid → (parent, CPU seconds, RSS bytes) of every process now."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        found[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, int(fields[21]) * PAGE)
    return found


def _high_water(pid: int) -> int:
    """The process's peak resident memory so far as the kernel counts it (VmHWM, bytes): a rise and
    fall between two samples 0.1 s apart is in it. (A forked process's starts at what it was forked with.)"""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass  # ended meanwhile
    return 0


def traced(command: list[str], cwd: Path) -> tuple[float, int, dict[int, list]]:
    """Run `command`; (wall seconds, exit code, pid → [parent, first seen, last seen, CPU s, peak RSS,
    [(seconds, RSS) each time it was seen]])."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd)
    seen: dict[int, list] = {}
    while child.poll() is None:
        now = time.perf_counter() - started
        table = _processes()
        ours = {child.pid}
        for pid, (parent, _, _) in sorted(table.items()):  # (a child's pid is almost always above its parent's)
            if parent in ours:
                ours.add(pid)
        for pid in ours & table.keys():
            parent, cpu, rss = table[pid]
            row = seen.setdefault(pid, [parent, now, now, 0.0, 0, []])
            row[2], row[3], row[4] = now, cpu, max(row[4], rss, _high_water(pid))
            row[5].append((now, rss))
        time.sleep(0.1)
    return time.perf_counter() - started, child.returncode, seen


def report(title: str, wall: float, code: int, seen: dict[int, list], moments: int = 0) -> None:
    print(f"\n{title}: {wall:.2f} s wall, exit code {code}")
    print(f"{'process':<22} {'start s':>8} {'end s':>8} {'CPU s':>8} {'peak RSS MiB':>13}")

    def depth(pid: int) -> int:
        parent = seen[pid][0]
        return 0 if parent not in seen else 1 + depth(parent)

    in_order = sorted(seen.items(), key=lambda kv: (kv[1][1], kv[0]))
    for pid, (_, start, end, cpu, rss, _) in in_order:
        label = "  " * depth(pid) + str(pid)
        print(f"{label:<22} {start:>8.2f} {end:>8.2f} {cpu:>8.2f} {rss / 2**20:>13.0f}")
    cpu = sum(row[3] for row in seen.values())
    print(f"CPU summed {cpu:.2f} s over {wall:.2f} s wall: {cpu / wall:.2f} cores busy on average")
    if moments:
        print("resident memory over time (seconds:MiB)")
        for pid, (*_, samples) in in_order:
            step = max(1, -(-len(samples) // moments))
            shown = samples[::step]
            if shown[-1] is not samples[-1]:
                shown.append(samples[-1])
            print("  " * depth(pid) + f"{pid}: " + " ".join(f"{at:.1f}:{rss / 2**20:.0f}" for at, rss in shown))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--content", type=Path, help="this archive instead of the demo corpus (it is copied)")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("MINUTEBOOK_BENCH_DIR",
                                                                             "/tmp/minutebook-bench")))
    parser.add_argument("--code", type=Path, default=REPO,
                        help="the Minutebook to run: the repository (default), or a snapshot of it")
    parser.add_argument("--build-date", default="2026-11-23")
    parser.add_argument("--edit", action="store_true", help="then rebuild after appending a sentence to one meeting")
    parser.add_argument("--memory-over-time", type=int, default=0, metavar="N",
                        help="also show each process's resident memory at N moments of its life")
    args = parser.parse_args()
    dt.date.fromisoformat(args.build_date)
    workdir, code = args.workdir.resolve(), args.code.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    if args.content:
        source = args.content.resolve()
    else:
        source, _ = harness.ensure_corpus(workdir, args.meetings, args.seed, fresh=False, code=code)
    scratch = workdir / "processes"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(source, scratch / "content")
    content, output = scratch / "content", scratch / "output"
    command = [sys.executable, "-m", "generator.cli", "build", "--content", str(content), "--output", str(output),
               "--build-date", args.build_date]
    print(f"Minutebook's processes: {source} (copied to {content}), code from {code}")
    print("command: " + " ".join(command))
    report("whole build", *traced(command, code), args.memory_over_time)
    if args.edit:
        meetings = sorted(content.glob("*/meetings/*/*/*.md"))
        edited = meetings[len(meetings) // 2]
        with open(edited, "a", encoding="utf-8") as file:
            file.write("\nThe committee noted a late representation about parking.\n")
        print(f"\nedited: {edited.relative_to(content)}")
        report("rebuild after the edit", *traced(command, code), args.memory_over_time)
    shutil.rmtree(scratch, ignore_errors=True)  # (the files a build keeps beside output/ are in it too)


if __name__ == "__main__":
    main()
