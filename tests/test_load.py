"""Stage 1: files → raw records that remember where each value came from."""
from pathlib import Path

import pytest

from generator.load import PosDict, read_meeting, read_text, read_yaml
from generator.problems import ContentError


def test_values_know_their_line_and_column(tmp_path):
    data = read_yaml("body: executive\nattendance:\n  present:\n    - person: cllr-murray\n", tmp_path / "m.md", 2)
    assert isinstance(data, PosDict)
    assert data.value_at("body") == (2, 7)
    assert data.key_at("attendance") == (3, 1)
    person = data["attendance"]["present"][0]
    assert person.value_at("person") == (5, 15)
    assert data["attendance"]["present"].value_at(0) == (5, 7)


def test_duplicate_keys_are_an_error_not_silently_dropped(tmp_path):
    with pytest.raises(ContentError) as caught:
        read_yaml("date: 2009-11-23\nstatus: held\ndate: 2009-11-24\n", tmp_path / "m.md")
    assert caught.value.where.line == 3
    assert "duplicate key 'date' (first given on line 1)" in caught.value.message


def test_aliases_are_refused_so_a_bomb_cannot_expand(tmp_path):
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(ContentError) as caught:
        read_yaml(bomb, tmp_path / "m.yaml")
    assert "aliases" in caught.value.message


def test_times_and_yes_no_words_stay_as_written(tmp_path):
    data = read_yaml("time: 10:00\nward: No\nflag: true\ncount: 12\n", tmp_path / "x.yaml")
    assert data["time"] == "10:00"  # YAML 1.1 would read base-60: 600
    assert data["ward"] == "No"      # YAML 1.1 would read False
    assert data["flag"] is True and data["count"] == 12


def test_tab_indentation_gets_a_plain_explanation(tmp_path):
    with pytest.raises(ContentError) as caught:
        read_yaml("attendance:\n\tpresent: []\n", tmp_path / "x.yaml")
    assert caught.value.where.line == 2
    assert "tab" in caught.value.message


def test_yaml_syntax_error_points_into_the_file_not_the_block(tmp_path):
    path = tmp_path / "m.md"
    with pytest.raises(ContentError) as caught:
        read_yaml("title: a: b\n", path, first_line=40)
    assert caught.value.where.line == 40
    assert "':'" in caught.value.message


def test_byte_order_mark_is_accepted_and_other_encodings_are_named(tmp_path):
    good = tmp_path / "bom.yaml"
    good.write_bytes("\ufeffname: Bolton Council\n".encode("utf-8"))
    assert read_text(good) == "name: Bolton Council\n"
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("name: Bolton\nnote: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ContentError) as caught:
        read_text(bad)
    assert caught.value.where.line == 2 and "UTF-8" in caught.value.message


MEETING = """---
body: executive
date: 2009-11-23
status: held
---

Preamble text.

## 22. Monitoring of decisions

```yaml
decisions:
  - verb: NOTED
```

Narrative with a code block that is not an item:

```text
## 99. Not an item
```

## 23. Budget

```table
caption: Figures
columns: [Option, {label: £000, numeric: true}]
rows:
  - [Youth Service, 400]
```

## Apologies
"""


def test_meeting_file_splits_into_items_with_positions(tmp_path):
    path = tmp_path / "2009-11-23.md"
    path.write_text(MEETING, encoding="utf-8")
    meeting = read_meeting(path)
    assert meeting.facts["body"] == "executive"
    assert meeting.preamble == "Preamble text."
    assert [i.heading for i in meeting.items] == ["22. Monitoring of decisions", "23. Budget", "Apologies"]
    first = meeting.items[0]
    assert first.where.line == 9
    assert first.facts["decisions"][0]["verb"] == "NOTED"
    assert first.facts["decisions"][0].value_at("verb") == (13, 11)
    assert "## 99. Not an item" in first.narrative
    table = meeting.items[1].tables[0]
    assert table.where.line == 24 and table.data["caption"] == "Figures"
    assert table.data["rows"].value_at(0)[0] == 28


def test_meeting_file_without_front_matter_says_what_to_do(tmp_path):
    path = tmp_path / "2009-11-23.md"
    path.write_text("## 22. An item\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_meeting(path)
    assert "must begin with a line '---'" in caught.value.message
