"""`minutebook new …`: a valid, commented record file in the right place, ready for an editor to fill in.

Each file passes `minutebook check` as written (the comments explain what to add), and no file is
ever overwritten.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Optional

from .load import PosDict, read_meeting
from .problems import ContentError


class ScaffoldError(Exception):
    """Something an editor must put right before the file can be written."""


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _create(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as f:  # "x": fails rather than overwrite
            f.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; it was left as it is") from None
    return path


def _authority(content: Path, authority: str) -> Path:
    folder = content / authority
    if not (folder / "authority.yaml").is_file():
        known = sorted(p.parent.name for p in content.glob("*/authority.yaml"))
        raise ScaffoldError(f"there is no authority '{authority}' in {content} (known: {', '.join(known) or 'none'}); "
                            f"create it first with 'minutebook new authority'")
    return folder


def new_authority(content: Path, ident: str, name: str) -> Path:
    return _create(content / ident / "authority.yaml", f"""\
# An authority: a council. Its folder name, '{ident}', is its id and the start of its pages' addresses.
name: {_q(name)}
# short_name: "Bolton"            # used in breadcrumbs and lists
# website: "https://www.example.gov.uk/"
# call_in_days: 5                 # working days for call-in, from the constitution
language: en                      # en or cy
""")


def new_body(content: Path, authority: str, ident: str, name: str, kind: str) -> Path:
    folder = _authority(content, authority)
    return _create(folder / "bodies" / f"{ident}.yaml", f"""\
# A body that takes decisions. The file name, '{ident}', is the id meeting files use in 'body:'.
name: {_q(name)}
# kind: council, executive, executive-member, officer, committee, scrutiny-committee, working-party or other
kind: {kind}
# description: "What the body does."
# reports_to: audit-committee     # the id of a body of the same authority it reports to
""")


def new_person(content: Path, authority: str, ident: str, family_name: str, kind: str,
               honorific: Optional[str] = None, given_name: Optional[str] = None) -> Path:
    folder = _authority(content, authority)
    lines = [f"# A person. The file name, '{ident}', is the id meeting files use in attendance lists.",
             "# kind: councillor, officer or other", f"kind: {kind}"]
    lines.append(f"honorific: {_q(honorific)}" if honorific else "# honorific: \"Mrs\"           # as the records print it")
    lines.append(f"given_name: {_q(given_name)}" if given_name else "# given_name: \"Maurice\"        # or initials: \"J.\"")
    lines.append(f"family_name: {_q(family_name)}")
    if kind == "councillor":
        lines += ["# party: \"\"", "# ward: \"\""]
    lines += ["# roles:                          # posts held, with dates where known",
              "#   - title: \"Executive Member for Children's Services\"",
              "#     body: executive-member-childrens-services", "#     from: 2008-05-21", ""]
    return _create(folder / "people" / f"{ident}.yaml", "\n".join(lines))


def new_issue(content: Path, ident: str, title: str) -> Path:
    return _create(content / "issues" / f"{ident}.yaml", f"""\
# An issue: one matter followed across items, meetings and authorities. Items join it with
# 'issues: [{ident}]' in their yaml block.
title: {_q(title)}
# summary: "What the matter is, in a sentence or two."
# events:                          # steps known from elsewhere, not meeting records in the archive
#   - date: 2016-09-14
#     authority: bromley
#     body: executive
#     text: "The Executive agreed …"
""")


def new_meeting(content: Path, authority: str, body: str, date: dt.date, today: dt.date,
                time: Optional[str] = None, venue: Optional[str] = None) -> Path:
    folder = _authority(content, authority)
    body_file = folder / "bodies" / f"{body}.yaml"
    if not body_file.is_file():
        known = sorted(p.stem for p in (folder / "bodies").glob("*.yaml"))
        raise ScaffoldError(f"'{body}' is not a body of {authority} (known: {', '.join(known) or 'none'}); "
                            "create it first with 'minutebook new body'")
    status = "scheduled" if date >= today else "held"
    present = _last_attendance(folder / "meetings" / body)
    blank_role = '""  # the role held that day'
    attendance = "\n".join(f"    - person: {p}\n      role: {_q(r) if r else blank_role}" for p, r in present)
    if not present:  # an empty list, with an example to copy
        attendance = '    []\n    # - person: cllr-murray\n    #   role: "Chair"'

    facts = [f"body: {body}", f"date: {date.isoformat()}"]
    facts.append(f"time: \"{time}\"" if time else "# time: \"10:00\"")
    facts.append(f"venue: {_q(venue)}" if venue else "# venue: \"Town Hall\"")
    text = f"""\
---
# The meeting's facts. Leave out what the record does not say; never guess.
{chr(10).join(facts)}
status: {status}                   # scheduled, held, cancelled, postponed or unknown
attendance:
  present:                        # who attended, each with the role they held that day
{attendance}
  apologies: []
# Below the closing line: one section per item, starting '## <number>. <Title>', then an optional
# ```yaml block of the item's facts (issues, reports, decisions, declarations, exempt …), then its
# narrative in markdown. See the README, "Writing a record".
---

## 1. Apologies for absence

```yaml
# decisions:
#   - verb: NOTED
#     text: "the apologies."
```
"""
    name = date.isoformat()
    target = folder / "meetings" / body / str(date.year) / f"{name}.md"
    if target.exists():
        raise ScaffoldError(f"{target} already exists; it was left as it is (for a second meeting that day, "
                            f"rename the new one {name}-2.md)")
    return _create(target, text)


def _last_attendance(folder: Path) -> list[tuple[str, Optional[str]]]:
    """Who was present at the body's latest dated meeting, to start the new attendance list from."""
    files = sorted(folder.glob("*/[0-9]*.md"))
    if not files:
        return []
    try:
        facts = read_meeting(files[-1]).facts
    except ContentError:
        return []
    present = facts.get("attendance", {}).get("present", []) if isinstance(facts, PosDict) else []
    return [(a["person"], a.get("role")) for a in present if isinstance(a, dict) and a.get("person")]

