"""Whatever a person or a counsellor writes is shown as text, never as HTML."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.handoff.helpers import conversation_id, login, say, set_slots

SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_html_in_messages_notes_and_profile_is_escaped(client: TestClient) -> None:
    sender = "web:<b>evil</b>"
    set_slots(client, sender, departement="33", commune=SCRIPT, jobs=[SCRIPT])
    say(client, sender, "/human_handoff")
    say(client, sender, SCRIPT)
    cid = conversation_id(client, sender)
    nadia = login(client, "nadia")
    nadia.post(f"/console/conversations/{cid}/reply", {"text": SCRIPT})
    nadia.post(f"/console/conversations/{cid}/notes", {"text": SCRIPT})
    pages = [
        nadia.get("/console").text,
        nadia.get("/console/fragments/queue").text,
        nadia.get(f"/console/conversations/{cid}").text,
        nadia.get(f"/console/conversations/{cid}/transcript").text,
        nadia.get(f"/console/conversations/{cid}/state").text,
        login(client, "admin33").get("/console/audit").text,
    ]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>evil" not in html
    conversation = pages[2]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in conversation
    assert "&lt;b&gt;evil&lt;/b&gt;" in conversation
    assert conversation.count("&lt;script&gt;") >= 4  # message, reply, note, commune
