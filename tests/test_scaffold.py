"""`minutebook new …` writes valid, commented records in the right place and never overwrites one."""
from conftest import minutebook

BODY = "executive-member-childrens-services"


def test_each_new_record_is_valid_and_where_the_archive_looks(content):
    steps = [
        (["authority", "--id", "wigan", "--name", "Wigan Council"], "wigan/authority.yaml"),
        (["body", "--authority", "wigan", "--id", "cabinet", "--name", "Cabinet", "--kind", "executive"],
         "wigan/bodies/cabinet.yaml"),
        (["person", "--authority", "wigan", "--id", "cllr-khan", "--family-name", "Khan", "--kind", "councillor",
          "--honorific", "Ms", "--given-name", "Aisha"], "wigan/people/cllr-khan.yaml"),
        (["issue", "--id", "bus-lanes", "--title", "Bus lanes"], "issues/bus-lanes.yaml"),
        (["meeting", "--authority", "wigan", "--body", "cabinet", "--date", "2030-02-03", "--time", "18:30",
          "--venue", "Town Hall"], "wigan/meetings/cabinet/2030/2030-02-03.md"),
    ]
    for args, rel in steps:
        result = minutebook("new", *args, "--content", str(content))
        assert result.returncode == 0, result.stderr
        assert (content / rel).is_file()
        assert f"wrote {content / rel}" in result.stdout
    meeting = (content / "wigan/meetings/cabinet/2030/2030-02-03.md").read_text()
    assert "status: scheduled" in meeting and 'time: "18:30"' in meeting and "# " in meeting
    assert 'given_name: "Aisha"' in (content / "wigan/people/cllr-khan.yaml").read_text()
    check = minutebook("check", "--content", str(content))
    assert check.returncode == 0 and "0 errors" in check.stderr, check.stderr
    site = minutebook("build", "--content", str(content), "--output", str(content.parent / "out"))
    assert site.returncode == 0
    assert (content.parent / "out/wigan/cabinet/2030-02-03/1/index.html").is_file()


def test_new_meeting_starts_attendance_from_the_last_meeting(content):
    result = minutebook("new", "meeting", "--authority", "bolton", "--body", BODY, "--date", "2009-01-12",
                        "--content", str(content))
    assert result.returncode == 0, result.stderr
    text = (content / f"bolton/meetings/{BODY}/2009/2009-01-12.md").read_text()
    assert "status: held" in text  # a past date: the record of a meeting that happened
    assert "- person: cllr-adia\n      role: \"Executive Member for Children's Services\"" in text


def test_never_overwrites_and_explains(content):
    path = content / f"bolton/meetings/{BODY}/2008/2008-12-15.md"
    before = path.read_bytes()
    result = minutebook("new", "meeting", "--authority", "bolton", "--body", BODY, "--date", "2008-12-15",
                        "--content", str(content))
    assert result.returncode == 1
    assert "already exists; it was left as it is" in result.stderr
    assert path.read_bytes() == before
    result = minutebook("new", "issue", "--id", "strategic-resource-options", "--title", "x", "--content", str(content))
    assert result.returncode == 1 and "already exists" in result.stderr


def test_unknown_authority_body_or_bad_id_are_refused(content):
    result = minutebook("new", "meeting", "--authority", "boltn", "--body", BODY, "--date", "2020-01-01",
                        "--content", str(content))
    assert result.returncode == 1 and "there is no authority 'boltn'" in result.stderr and "bolton" in result.stderr
    result = minutebook("new", "meeting", "--authority", "bolton", "--body", "cabinet", "--date", "2020-01-01",
                        "--content", str(content))
    assert result.returncode == 1 and "'cabinet' is not a body of bolton" in result.stderr
    result = minutebook("new", "person", "--authority", "bolton", "--id", "Cllr Smith", "--family-name", "Smith",
                        "--kind", "councillor", "--content", str(content))
    assert result.returncode == 2 and "e.g. 'cllr-smith'" in result.stderr
