#!/usr/bin/env python3
"""Where Minutebook's build time goes: stage timings, time per page template, and cProfile.

    .venv/bin/python benchmarks/profile.py --meetings 1000 [--workdir /tmp/minutebook-bench] [--top 25]
    .venv/bin/python benchmarks/profile.py --content DIR [--code /tmp/minutebook-bench/minutebook-snapshot]

1. Runs one build in this process, without a profiler, and times each stage: load, validate, link,
   requirements (together `read_archive`), then inside the CLI's own `build_site`: rendering pages
   (timed per template), writing files, swapping the new output in, and everything else, by
   difference: waiting for the search stage (a forked process: benchmarks/search.py measures it),
   feeds, data files, sitemap, assets.
2. Runs `read_archive` + `build_site` again under cProfile and prints the top functions by cumulative
   and by own time, and own time added up by package (generator modules, jinja2, compiled templates,
   markdown_it, pydantic, yaml, …). cProfile slows code that makes many small calls more than code
   that makes few, so read its shares as a guide and the stage timings as the measure. It sees this
   process only, not the ones the build forks (search, the other renderers' pages, feeds and data).

The corpus is the one benchmarks/run.py writes (<workdir>/corpus/m<N>-s<seed>/content, made here if
missing) unless --content is given.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# This file is named like the standard library's `profile`, which cProfile imports: take this
# folder off the import path first, so that `import cProfile` finds the real one.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import collections  # noqa: E402
import cProfile  # noqa: E402
import datetime as dt  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import shutil  # noqa: E402
import time  # noqa: E402

REPO = HERE.parent


def _harness():
    spec = importlib.util.spec_from_file_location("minutebook_bench_run", HERE / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.dont_write_bytecode = True  # no __pycache__ left in benchmarks/
    spec.loader.exec_module(module)
    return module


def stages(content: Path, build_date: dt.date, scratch: Path) -> None:
    """One build, in this process, with each stage timed; the build's own functions, patched to time them."""
    from generator import cli
    from generator.link import link_archive
    from generator.load import load_archive
    from generator.problems import Problems
    from generator.render import Renderer
    from generator.requirements import check_requirements
    from generator.validate import validate_archive
    from generator.write import StagedOutput

    times: dict[str, float] = {}
    problems = Problems()
    t = time.perf_counter()
    raw = load_archive(content, problems)
    times["load (records; meeting files listed)"] = time.perf_counter() - t
    t = time.perf_counter()
    archive = validate_archive(raw, problems)
    times["read + validate meetings (→ models)"] = time.perf_counter() - t
    t = time.perf_counter()
    site = link_archive(archive, problems, build_date)
    times["link (→ cross-reference graph)"] = time.perf_counter() - t
    t = time.perf_counter()
    check_requirements(site, problems, False)
    times["requirements"] = time.perf_counter() - t
    if problems.errors:
        raise SystemExit(f"{len(problems.errors)} errors in {content}; run `minutebook check --content {content}`")

    # Time the pages' rendering (per template) and the file writes inside the CLI's own build_site.
    per_template: dict[str, list] = collections.defaultdict(lambda: [0, 0.0, 0])
    spent = {"render": 0.0, "write": 0.0, "commit": 0.0}
    page = Renderer.page

    def timed_page(self, template, *args, **context):  # (template, url, …): whatever page() takes
        started = time.perf_counter()
        html = page(self, template, *args, **context)
        elapsed = time.perf_counter() - started
        row = per_template[template]
        row[0] += 1
        row[1] += elapsed
        row[2] += len(html.encode("utf-8"))
        spent["render"] += elapsed
        return html

    def timing(method, key):
        def wrapper(self, *args, **kwargs):
            started = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - started
        return wrapper

    patched = {"page": (Renderer, page)}
    Renderer.page = timed_page
    for name in ("write_text", "write_bytes", "copy"):  # write_pages and copy_tree call these
        if hasattr(StagedOutput, name):
            patched[name] = (StagedOutput, getattr(StagedOutput, name))
            setattr(StagedOutput, name, timing(getattr(StagedOutput, name), "write"))
    patched["commit"] = (StagedOutput, StagedOutput.commit)
    StagedOutput.commit = timing(StagedOutput.commit, "commit")
    output = scratch / "profile-output"
    shutil.rmtree(output, ignore_errors=True)
    try:
        t = time.perf_counter()
        files = cli.build_site(site, output).files
        total_build = time.perf_counter() - t
    finally:
        for name, (owner, original) in patched.items():
            setattr(owner, name, original)
    shutil.rmtree(output, ignore_errors=True)
    pages = sum(row[0] for row in per_template.values())
    times["render pages (templates, markdown)"] = spent["render"]
    times["write files"] = spent["write"]
    times["commit (swap the new output in)"] = spent["commit"]
    times["search (forked), feeds, sitemap …"] = total_build - spent["render"] - spent["write"] - spent["commit"]

    total = sum(times.values())
    print(f"\nStages ({pages:,} pages, {files:,} files; one build in this process, no profiler)")
    print(f"{'stage':<40} {'s':>8} {'share':>7}")
    for name, seconds in times.items():
        print(f"{name:<40} {seconds:>8.2f} {seconds / total:>7.1%}")
    print(f"{'total':<40} {total:>8.2f}")

    render_total = spent["render"] or 1.0
    print("\nRender time per template")
    print(f"{'template':<22} {'pages':>7} {'s':>8} {'share':>7} {'ms/page':>8} {'KB/page':>8}")
    for name, (count, seconds, size) in sorted(per_template.items(), key=lambda kv: -kv[1][1]):
        print(f"{name:<22} {count:>7,} {seconds:>8.2f} {seconds / render_total:>7.1%} "
              f"{1000 * seconds / count:>8.2f} {size / count / 1024:>8.1f}")


def _group(filename: str) -> str:
    """The package or module a profiled function's own time is counted under."""
    if filename.startswith("~") or filename == "<built-in>":
        return "builtins (C functions: str, re, dict, …)"
    path = filename.replace("\\", "/")
    if "/templates/" in path and path.endswith(".html"):
        return "templates (compiled Jinja code)"
    if "/generator/" in path:
        return "generator/" + path.rsplit("/", 1)[-1]
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if path.startswith("<"):
        return path
    return "python stdlib"


def profile(content: Path, build_date: dt.date, scratch: Path, top: int) -> None:
    from generator.cli import build_site, read_archive

    output = scratch / "profile-output"
    shutil.rmtree(output, ignore_errors=True)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    site, problems = read_archive(content, build_date)
    files = build_site(site, output).files
    profiler.disable()
    wall = time.perf_counter() - started
    shutil.rmtree(output, ignore_errors=True)
    stats = pstats.Stats(profiler)
    print(f"\ncProfile of read_archive + build_site ({files:,} files): {wall:.1f}s under the profiler")
    for key, title in (("cumulative", "cumulative time"), ("tottime", "own time")):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(key).print_stats(top)
        text = buffer.getvalue()
        start = text.find("   ncalls")
        print(f"\nTop {top} functions by {title}")
        print(text[start:].rstrip() if start >= 0 else text.rstrip())

    own: dict[str, float] = collections.Counter()
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        own[_group(filename)] += tottime
    total = sum(own.values())
    print("\nOwn time by package or module")
    print(f"{'where':<44} {'s':>8} {'share':>7}")
    for name, seconds in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{name:<44} {seconds:>8.2f} {seconds / total:>7.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=1000, help="the demo corpus's size (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--content", type=Path, help="profile this archive instead of the demo corpus")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("MINUTEBOOK_BENCH_DIR",
                                                                             "/tmp/minutebook-bench")))
    parser.add_argument("--code", type=Path, default=REPO,
                        help="the Minutebook to profile: the repository (default), or e.g. the snapshot "
                             "a benchmarks/run.py run used (<workdir>/minutebook-snapshot)")
    parser.add_argument("--build-date", default="2026-11-23")
    parser.add_argument("--top", type=int, default=25, help="rows per table (default 25)")
    parser.add_argument("--no-cprofile", action="store_true", help="stage and template timings only")
    args = parser.parse_args()
    workdir = args.workdir.resolve()
    code = args.code.resolve()
    sys.path.insert(0, str(code))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.content:
        content = args.content.resolve()
    else:
        content, _ = _harness().ensure_corpus(workdir, args.meetings, args.seed, fresh=False, code=code)
    build_date = dt.date.fromisoformat(args.build_date)
    print(f"Minutebook profile: {content} (build date {build_date}), code from {code}")
    stages(content, build_date, workdir)
    if not args.no_cprofile:
        profile(content, build_date, workdir, args.top)


if __name__ == "__main__":
    main()
