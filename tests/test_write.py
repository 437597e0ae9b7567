"""What the processes a build forks to write files aside send back: their reports, and their failures."""
import json

import pytest

from generator import write
from generator.write import StagedOutput, StringPieces, UpdatedOutput, previous_build


def _pieces(count: int, fail: bool = False):
    for n in range(count):
        yield f'piece {n}: "quoted", back\\slash, é, \u2028 '
    if fail:
        raise ValueError("the report broke after its first pieces")


def test_a_report_sent_in_pieces_arrives_whole_and_a_failure_halfway_arrives_as_its_traceback(tmp_path, monkeypatch):
    """A forked process's report is sent as it is made (`StringPieces`, `REPORT_PIECE` bytes at a time),
    and the build reads back the data it was; when making it fails after some pieces were sent, the
    build fails with the traceback, not with the half-sent report."""
    monkeypatch.setattr(write, "REPORT_PIECE", 100)
    staged = StagedOutput(tmp_path / "out")
    staged.write_aside(lambda: [("a.txt", b"a"), ("b/c.txt", b"c")],
                       report=lambda: {"text": StringPieces(lambda: _pieces(500)), "numbers": [1, 2.5, None]})
    [report] = staged.join_aside()
    assert report == {"text": "".join(_pieces(500)), "numbers": [1, 2.5, None]}
    assert staged.files == 2 and set(staged.digests) == {"a.txt", "b/c.txt"}
    staged.discard()

    staged = StagedOutput(tmp_path / "out")
    staged.write_aside(lambda: [("a.txt", b"a")], report=lambda: {"text": StringPieces(lambda: _pieces(500, fail=True))})
    with pytest.raises(RuntimeError) as failed:
        staged.commit()
    message = str(failed.value)
    assert "ValueError: the report broke after its first pieces" in message and "piece 1:" not in message
    assert message.startswith("writing files in a second process failed:\nTraceback")
    assert not (tmp_path / "out").exists()  # nothing was put in its place


def test_a_report_made_in_pieces_is_the_json_of_the_whole(tmp_path):
    """`_json_chunks`, which writes the manifest and forked processes' reports, writes a `StringPieces`
    as the JSON string of its pieces joined."""
    value = {"b": StringPieces(lambda: _pieces(30)), "a": {"x": [1, "y"]}}
    made = b"".join(write._json_chunks(value))
    assert json.loads(made) == {"a": {"x": [1, "y"]}, "b": "".join(_pieces(30))}


def test_a_long_string_in_a_manifest_is_written_in_pieces_as_the_same_json(monkeypatch):
    """A string longer than `REPORT_PIECE` (the related decisions, in the manifest's state) is written a
    piece at a time, and the bytes are those of the string written whole."""
    monkeypatch.setattr(write, "REPORT_PIECE", 100)
    text = "".join(_pieces(30))
    chunks = list(write._json_chunks({"state": {"related": text, "short": "é"}}))
    assert b"".join(chunks) == write.orjson.dumps({"state": {"related": text, "short": "é"}})
    assert max(map(len, chunks)) < len(text) // 4  # (each piece escaped apart)


def test_a_report_in_parts_is_taken_in_part_by_part_and_a_failure_after_some_parts_fails_the_build(tmp_path):
    """`ReportParts` reach `join_aside`'s `take` one at a time, in order, and the report's first line
    (the files) as a report does; a process that fails after sending some parts fails the build with
    its traceback."""
    def parts(fail: bool):
        for n in range(40):
            yield {"n": n, "text": "".join(_pieces(n))}
        if fail:
            raise ValueError("no more parts")

    staged = StagedOutput(tmp_path / "out")
    staged.write_aside(lambda: [("a.txt", b"a")], report=lambda: write.ReportParts(parts(False)))
    taken: list = []
    assert staged.join_aside(take=taken.append) == [] and staged.files == 1
    assert taken == list(parts(False))
    staged.discard()

    staged = StagedOutput(tmp_path / "out")
    staged.write_aside(lambda: [("a.txt", b"a")], report=lambda: write.ReportParts(parts(True)))
    with pytest.raises(RuntimeError, match="ValueError: no more parts"):
        staged.join_aside(take=lambda part: None)


def test_an_update_reads_a_file_of_the_previous_build_only_as_that_build_wrote_it(tmp_path):
    """`previous_bytes` gives a file's bytes as the previous build wrote them (the search export takes a
    rescored term's facets from its file): not those of a file changed since, nor of one that is gone."""
    out = tmp_path / "output"
    staged = StagedOutput(out)
    staged.signature = "same"
    for name, data in [("kept.bin", b"as written"), ("changed.bin", b"as written"), ("gone.bin", b"as written")]:
        staged.write_bytes(f"search/post/{name}", data)
    staged.commit()
    (out / "search/post/changed.bin").write_bytes(b"as written, then changed")
    (out / "search/post/gone.bin").unlink()
    update = UpdatedOutput(out, previous_build(out, "same"))
    try:
        assert update.previous_bytes("search/post/kept.bin") == b"as written"
        assert update.previous_bytes("search/post/changed.bin") is None
        assert update.previous_bytes("search/post/gone.bin") is None
        assert update.previous_bytes("search/post/never.bin") is None
    finally:
        update.discard()
