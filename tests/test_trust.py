"""Trust: hostile input gets one clear error; nothing escapes output/; builds are atomic and reproducible."""
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import browser, serve
from conftest import BUILD_DATE, CONTENT, ROOT, minutebook

MEETING = Path("bolton/meetings/executive-member-childrens-services/2008/2008-12-15.md")


def errors_of(content: Path) -> tuple[int, list[str], str]:
    result = minutebook("check", "--content", str(content))
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, [l for l in result.stderr.splitlines() if ": error: " in l], result.stderr


HOSTILE = {
    "alias bomb": ("issues/bomb.yaml", b"title: &a [x, x]\nsummary: &b [*a, *a, *a, *a]\nnotes: [*b, *b, *b]\n",
                   "anchors and aliases"),
    "deep nesting": ("issues/deep.yaml", b"title: " + b"[" * 20000 + b"]" * 20000 + b"\n", "nested too deeply"),
    "duplicate key": ("issues/dup.yaml", b"title: One\ntitle: Two\n", "duplicate key 'title'"),
    "tab indentation": ("issues/tabs.yaml", b"title: One\nevents:\n\t- date: 2020-01-01\n", "tab"),
    "not UTF-8": ("issues/latin.yaml", "title: Caf\xe9\n".encode("latin-1"), "is not UTF-8"),
    "empty YAML": ("issues/empty.yaml", b"", "must hold 'key: value' lines"),
    "empty meeting": ("bolton/meetings/executive/2020/2020-01-01.md", b"", "must begin with a line '---'"),
    "binary": ("bolton/meetings/executive/2020/2020-01-02.md", bytes(range(256)) * 4, "binary file"),
    "unclosed front matter": ("bolton/meetings/executive/2020/2020-01-03.md", b"---\nbody: executive\n",
                              "never closed"),
    "not a mapping": ("issues/list.yaml", b"- one\n- two\n", "must hold 'key: value' lines"),
    "absolute document path": (None, None, "is not a usable document file name"),
    "escaping document path": (None, None, "is not a usable document file name"),
    "upper-case id": ("bolton/people/Cllr-Murray.yaml", b"kind: councillor\nfamily_name: Murray\n", "cannot be an id"),
    "reserved id": ("bolton/bodies/people.yaml", b"name: People\nkind: committee\n", "a name the site uses"),
    "windows device name": ("bolton/bodies/con.yaml", b"name: Con\nkind: committee\n", "a name the site uses"),
    "slug with ../": (None, None, "is not a valid id"),
    "device name as document": (None, None, "is not a usable document file name"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_gets_one_clear_error_at_a_line(content, case):
    rel, data, expected = HOSTILE[case]
    if rel is not None:
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    else:
        path = content / MEETING
        text = path.read_text()
        replacement = {
            "absolute document path": "issues: [strategic-resource-options]\ndocuments:\n  - {title: x, file: /etc/passwd}",
            "escaping document path": "issues: [strategic-resource-options]\ndocuments:\n  - {title: x, file: ../../../../etc/passwd}",
            "slug with ../": "issues: [../../etc/strategic-resource-options]",
            "device name as document": "issues: [strategic-resource-options]\ndocuments:\n  - {title: x, file: reports/aux.pdf}",
        }[case]
        path.write_text(text.replace("issues: [strategic-resource-options]", replacement))
    code, errors, out = errors_of(content)
    assert code == 1
    assert len(errors) == 1, out
    assert expected in errors[0]
    assert re.match(rf"^{re.escape(str(path))}:\d+(:\d+)?: error: ", errors[0]), errors[0]


def test_a_50_mb_file_is_refused_without_being_read(content):
    huge = content / "issues" / "huge.yaml"
    with open(huge, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    code, errors, _ = errors_of(content)
    assert code == 1 and len(errors) == 1 and "is 50.0 MB, larger than the 5 MB" in errors[0]
    assert time.perf_counter() - started < 30


def test_byte_order_mark_and_windows_line_endings_are_fine(content):
    path = content / MEETING
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    code, errors, out = errors_of(content)
    assert code == 0 and errors == [], out


def test_symlinks_in_content_are_refused(content, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the archive")
    (content / "bolton" / "documents").mkdir()
    link = content / "bolton" / "documents" / "secret.txt"
    link.symlink_to(secret)
    code, errors, _ = errors_of(content)
    assert code == 1 and len(errors) == 1
    assert f"{link}:1:1: error: is a symbolic link" in errors[0]


HOSTILE_MARKDOWN = """
<script>alert("narrative")</script>
<img src=x onerror="alert(1)">
[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[vb](vbscript:msgbox) [file](file:///etc/passwd) <javascript:alert(2)>
![pic](data:image/png;base64,iVBORw0KGgo=)
"""


def test_untrusted_markdown_and_fields_cannot_run_anything(content, tmp_path):
    path = content / MEETING
    text = path.read_text()
    text = text.replace("title: Record of decisions", "title: '<script>alert(\"title\")</script>'")
    text = text.replace("text: the progress on decisions previously taken.",
                        "text: 'the progress <b onmouseover=alert(1)>on</b> [x](javascript:alert(3))'")
    path.write_text(text + HOSTILE_MARKDOWN)
    out = tmp_path / "output"
    result = minutebook("build", "--content", str(content), "--output", str(out), "--build-date", BUILD_DATE)
    assert result.returncode == 0, result.stderr
    for page in out.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for script in soup.find_all("script"):  # only the site's own script files, nothing from content
            assert not script.string and re.fullmatch(r"(\.\./)*assets/(search/)?[a-z]+\.js", script.get("src", "")), page
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                assert not attr.lower().startswith("on"), (page, tag)
                if attr in ("href", "src", "action"):
                    scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
                    assert scheme is None or scheme[1].lower() in ("http", "https", "mailto"), (page, tag)
    meeting = (out / "bolton/executive-member-childrens-services/2008-12-15/index.html").read_text()
    assert "&lt;script&gt;alert(&quot;narrative&quot;)&lt;/script&gt;" in meeting  # shown as text, not run


def test_pages_work_under_their_content_security_policy(site):
    with serve(site) as base, browser() as b:
        page = b.new_page()
        violations = []
        page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
        page.goto(f"{base}/bolton/executive-member-childrens-services/2008-12-15/")
        csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        background = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
        assert background == "rgb(11, 12, 12)"  # the site's own stylesheet is allowed and applied
        page.evaluate("""() => { const s = document.createElement('script');
                                 s.textContent = 'window.injected = true'; document.body.appendChild(s); }""")
        assert page.evaluate("window.injected === undefined")  # inline script is refused
        assert any("Content Security Policy" in v for v in violations)


def _many_meetings(content: Path, count: int) -> None:
    source = (content / MEETING).read_text()
    folder = content / "bolton/meetings/executive-member-childrens-services/bulk"
    folder.mkdir(parents=True)
    for n in range(count):
        date = f"{1990 + n // 300}-{1 + n // 25 % 12:02d}-{1 + n % 25:02d}"
        (folder / f"{date}.md").write_text(source.replace("date: 2008-12-15", f"date: {date}"))


def test_a_killed_build_leaves_the_previous_site_whole(content, tmp_path):
    out = tmp_path / "output"
    first = minutebook("build", "--content", str(content), "--output", str(out), "--build-date", BUILD_DATE)
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _many_meetings(content, 600)
    build = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "--content", str(content),
                              "--output", str(out), "--build-date", BUILD_DATE], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    staged = []
    while time.time() < deadline and build.poll() is None:
        staged = list(tmp_path.glob(".output.new-*"))
        if staged and sum(1 for _ in staged[0].rglob("*.html")) > 50:
            break
        time.sleep(0.02)
    assert build.poll() is None, "the build finished before it could be killed; make the archive bigger"
    build.send_signal(signal.SIGKILL)
    build.wait()
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert staged and staged[0].exists()  # the killed build's half-written site, never swapped in
    again = minutebook("build", "--content", str(content), "--output", str(out), "--build-date", BUILD_DATE)
    assert again.returncode == 0, again.stderr
    assert not staged[0].exists()
    assert (out / "bolton/executive-member-childrens-services/1990-01-01/index.html").is_file()


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: its parent and its state (Z: a zombie, done)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(entry.name)] = (int(fields[1]), fields[0])
    return found


def _tree(root: int) -> dict[int, int]:
    """The live processes under `root`, by their depth below it."""
    processes, depth, frontier = _processes(), {}, [(root, 0)]
    while frontier:
        pid, d = frontier.pop()
        depth[pid] = d
        frontier += [(child, d + 1) for child, (parent, state) in processes.items() if parent == pid and state != "Z"]
    return depth


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers die with their parent on Linux")
def test_a_killed_build_leaves_no_process_behind(content, tmp_path):
    """Killed while its search process has helpers of its own (indexing half the records, encoding
    terms), a build leaves none of its processes working on."""
    _many_meetings(content, 1100)  # 3,300 records: enough to index in two processes (index.PARALLEL_FROM)
    build = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "--content", str(content),
                              "--output", str(tmp_path / "output"), "--build-date", BUILD_DATE], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, tree = time.time() + 120, {}
    while time.time() < deadline and build.poll() is None:
        tree = _tree(build.pid)
        if max(tree.values()) >= 2:
            break
        time.sleep(0.05)
    assert build.poll() is None and max(tree.values()) >= 2, "the build never reached its search stage's helpers"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.time() + 15
    while time.time() < deadline:
        processes = _processes()
        left = [pid for pid in tree if pid in processes and processes[pid][1] != "Z"]
        if not left:
            break
        time.sleep(0.1)
    assert not left, f"{len(left)} of the build's processes outlived it"


def test_two_builds_cannot_write_the_same_output(tmp_path):
    out = tmp_path / "output"
    with open(tmp_path / ".output.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = minutebook("build", "--content", str(CONTENT), "--output", str(out), "--build-date", BUILD_DATE)
    assert result.returncode == 1
    assert f"build stopped: another build is writing to {out}" in result.stderr
    assert not out.exists()


def test_builds_are_reproducible(tmp_path):
    """Same content and build date, different folders, times, hash seeds and date sources: same bytes."""
    elsewhere = tmp_path / "copy" / "archive"
    shutil.copytree(CONTENT, elsewhere)
    one, two = tmp_path / "one", tmp_path / "two" / "site"
    env = dict(os.environ, PYTHONHASHSEED="1")
    subprocess.run([sys.executable, "-m", "generator.cli", "build", "--content", str(CONTENT), "--output", str(one),
                    "--build-date", "2026-11-23"], cwd=ROOT, env=env, check=True, capture_output=True)
    time.sleep(1.1)
    epoch = str(int(time.mktime((2026, 11, 23, 12, 0, 0, 0, 0, 0))))
    env = dict(os.environ, PYTHONHASHSEED="2", SOURCE_DATE_EPOCH=epoch)
    subprocess.run([sys.executable, "-m", "generator.cli", "build", "--content", "archive", "--output", str(two)],
                   cwd=elsewhere.parent, env=env, check=True, capture_output=True)
    files_one = {p.relative_to(one): p.read_bytes() for p in one.rglob("*") if p.is_file()}
    files_two = {p.relative_to(two): p.read_bytes() for p in two.rglob("*") if p.is_file()}
    assert files_one.keys() == files_two.keys()
    assert [f for f in files_one if files_one[f] != files_two[f]] == []
    assert len(files_one) > 50
