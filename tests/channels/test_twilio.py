"""SMS through Twilio: signed webhooks (the SDK's own signing), TwiML out, the REST sender."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from itertools import count

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from twilio.request_validator import RequestValidator

from bot.settings import Settings
from channels.hooks import ChannelHooks, ConversationView
from channels.messages import BotMessage, Button
from channels.outputs import ChannelError, RecipientOptedOut
from channels.routers import default_hooks
from channels.twilio_sender import TwilioSender
from tests.channels.conftest import PUBLIC_URL, TWILIO_TOKEN, user_texts
from tests.channels.fakes import FakeTwilio
from tests.channels.policies import LONG_PAYLOAD
from tests.embedded_platform import assistant_app
from vocab.gsm import sms_segments

URL = "/webhooks/twilio/webhook"
PHONE = "+33612345678"
SENDER = f"sms:{PHONE}"
_sids = count(1)


def sign(path: str, params: dict[str, str], token: str = TWILIO_TOKEN) -> str:
    return RequestValidator(token).compute_signature(f"{PUBLIC_URL}{path}", params)


def sms(
    client: TestClient, body: str, *, phone: str = PHONE, sid: str | None = None, **extra: str
) -> tuple[int, list[str]]:
    """Post a signed SMS webhook as Twilio does; (status, bodies of the TwiML replies)."""
    params = {
        "MessageSid": sid or f"SM{next(_sids):032d}",
        "AccountSid": "AC" + "0" * 32,
        "From": phone,
        "To": "+33700000000",
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        **extra,
    }
    response = client.post(URL, data=params, headers={"X-Twilio-Signature": sign(URL, params)})
    if response.status_code != 200:
        return response.status_code, []
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.text)
    assert root.tag == "Response"
    return 200, [m.text or "" for m in root.findall("Message")]


def test_a_signed_sms_is_answered_in_twiml(client: TestClient) -> None:
    status, replies = sms(client, "bonjour")
    assert status == 200 and replies == ["recu : bonjour"]
    assert user_texts(client, SENDER) == ["bonjour"]


@pytest.mark.parametrize(
    "headers_for",
    [
        lambda p: {},
        lambda p: {"X-Twilio-Signature": ""},
        lambda p: {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
        lambda p: {"X-Twilio-Signature": sign(URL, p, token="another-account-token")},
        lambda p: {"X-Twilio-Signature": sign("/webhooks/twilio/other", p)},
        lambda p: {"X-Twilio-Signature": sign(URL, {**p, "Body": "autre chose"})},
    ],
    ids=["unsigned", "empty", "garbage", "other-token", "other-url", "tampered-body"],
)
def test_forged_requests_are_refused_and_leave_no_trace(client: TestClient, headers_for) -> None:
    params = {"MessageSid": "SMforged", "From": PHONE, "Body": "bonjour", "NumMedia": "0"}
    response = client.post(URL, data=params, headers=headers_for(params))
    assert response.status_code == 403
    assert "<Message>" not in response.text
    assert user_texts(client, SENDER) == []


def test_without_an_auth_token_everything_is_refused(
    channel_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings = channel_settings.model_copy(update={"twilio_auth_token": None})
    with TestClient(assistant_app(settings)) as client, caplog.at_level(logging.WARNING):
        params = {"MessageSid": "SM1", "From": PHONE, "Body": "bonjour"}
        response = client.post(URL, data=params, headers={"X-Twilio-Signature": sign(URL, params)})
        assert response.status_code == 403
        assert user_texts(client, SENDER) == []
    assert "AUTONOMIE_TWILIO_AUTH_TOKEN is not set" in caplog.text


def test_a_retried_webhook_is_handled_once_and_gets_the_same_reply(client: TestClient) -> None:
    # Twilio retries a webhook whose response it did not get: the TwiML is its only copy.
    assert sms(client, "bonjour", sid="SMreplay") == (200, ["recu : bonjour"])
    assert sms(client, "salut", sid="SMnext") == (200, ["recu : salut"])
    assert sms(client, "bonjour", sid="SMreplay") == (200, ["recu : bonjour"])
    assert user_texts(client, SENDER) == ["bonjour", "salut"]


def test_stop_then_nothing_is_sent_until_start(
    bot_client: TestClient, fake_twilio: tuple[FakeTwilio, str]
) -> None:
    """With the real dialogue policy: STOP is confirmed once, then silence until START."""
    client = bot_client
    fake, url = fake_twilio
    store = client.app.state.assistant.store  # type: ignore[attr-defined]
    sender = TwilioSender(
        account_sid="AC" + "0" * 32,
        auth_token=TWILIO_TOKEN,
        opted_out=default_hooks(lambda: store).opted_out,
        from_number="+33700000000",
        api_base_url=url,
    )
    status, replies = sms(client, "Arrêt")
    assert status == 200 and len(replies) == 1 and "START" in replies[0]
    assert sms(client, "bonjour") == (200, [])  # no reply after STOP
    assert sms(client, "1") == (200, [])
    before = len(fake.requests)
    with pytest.raises(RecipientOptedOut):
        client.portal.call(sender.send, SENDER, BotMessage(text="Un conseiller vous répond."))  # type: ignore[union-attr]
    assert len(fake.requests) == before  # nothing reached Twilio

    status, replies = sms(client, "start")
    assert status == 200 and len(replies) == 1
    result = client.portal.call(sender.send, SENDER, BotMessage(text="Bonjour !"))  # type: ignore[union-attr]
    assert len(result.provider_ids) == 1 and fake.requests[-1]["To"] == PHONE
    assert user_texts(client, SENDER) == ["/opt_out", "bonjour", "1", "/opt_in"]


def test_a_numbered_reply_maps_to_the_offered_payload(client: TestClient) -> None:
    assert sms(client, "menu")[1] == ["Que choisissez-vous ?\n1 Oui  2 Non  3 Je ne sais pas"]
    assert sms(client, "2")[1] == ["recu : /deny"]
    sms(client, "menu")
    assert sms(client, " 3. ")[1] == [f"recu : {LONG_PAYLOAD}"]
    assert sms(client, "2")[1] == ["recu : 2"]  # no options offered any more: plain text
    sms(client, "menu")
    assert sms(client, "7")[1] == ["recu : 7"]  # out of range: plain text
    assert user_texts(client, SENDER)[:3] == ["menu", "/deny", "menu"]


def test_long_sms_emoji_and_empty_bodies(client: TestClient) -> None:
    long_body = ("Je voudrais savoir comment devenir aide-soignante. " * 40)[:1600]
    status, replies = sms(client, long_body)
    assert status == 200 and len(replies) > 1
    assert all(sms_segments(r) <= 2 for r in replies)
    assert replies[0].endswith(f"(1/{len(replies)})")
    assert user_texts(client, SENDER) == [long_body.strip()]

    status, replies = sms(client, "Bonjour 🙂👍🏽 ça va ? “oui” …")
    assert status == 200 and replies == ['recu : Bonjour ca va ? "oui" ...']
    assert sms_segments(replies[0]) == 1

    status, replies = sms(client, "")
    assert status == 200 and len(replies) == 1 and "aucun texte" in replies[0]


def test_media_gets_a_polite_text_only_answer(client: TestClient) -> None:
    media = {"NumMedia": "1", "MediaContentType0": "image/jpeg", "MediaUrl0": "https://x/1"}
    status, replies = sms(client, "", sid="SMphoto", **media)
    assert status == 200 and len(replies) == 1 and "SMS écrits" in replies[0]
    assert sms(client, "", sid="SMphoto", **media) == (200, [])  # redelivered: once only
    assert user_texts(client, SENDER) == []  # nothing for the bot to read

    status, replies = sms(client, "voici mon diplôme", **media)
    assert "pièces jointes" in replies[0] and "recu : voici mon diplome" in replies[0]


def test_malformed_but_signed_requests_are_client_errors(client: TestClient) -> None:
    params = {"Body": "bonjour"}
    response = client.post(URL, data=params, headers={"X-Twilio-Signature": sign(URL, params)})
    assert response.status_code == 400
    params = {"MessageSid": "SMx", "From": PHONE, "Body": "a", "NumMedia": "beaucoup"}
    response = client.post(URL, data=params, headers={"X-Twilio-Signature": sign(URL, params)})
    assert response.status_code == 200


def test_status_callbacks_are_signed_and_reported(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    path = "/webhooks/twilio/status"
    params = {"MessageSid": "SMstatus1", "MessageStatus": "delivered", "To": PHONE}
    assert client.post(path, data=params).status_code == 403
    with caplog.at_level(logging.INFO, logger="channels"):
        response = client.post(
            path, data=params, headers={"X-Twilio-Signature": sign(path, params)}
        )
    assert response.status_code == 204
    assert "delivery sms SMstatus1: delivered" in caplog.text


async def test_the_sender_uses_the_twilio_sdk_against_a_local_rest_api(
    fake_twilio: tuple[FakeTwilio, str],
) -> None:
    fake, url = fake_twilio
    blocked: set[str] = set()

    async def view(sender_id: str) -> ConversationView:
        return ConversationView(opted_out=sender_id in blocked)

    sender = TwilioSender(
        account_sid="AC" + "1" * 32,
        auth_token="secret",
        opted_out=ChannelHooks(view=view).opted_out,
        messaging_service_sid="MG" + "2" * 32,
        status_callback=f"{PUBLIC_URL}/webhooks/twilio/status",
        api_base_url=url,
    )
    message = BotMessage(
        text="Un conseiller vous propose un rendez-vous. Êtes-vous disponible ?",
        buttons=(Button("Oui", "/affirm"), Button("Non", "/deny")),
    )
    result = await sender.send(SENDER, message)
    sent = fake.requests[-1]
    assert result.provider_ids == (f"SM{len(fake.requests):032x}",)
    assert sent["account"] == "AC" + "1" * 32 and sent["auth"].startswith("Basic ")
    assert sent["To"] == PHONE and sent["MessagingServiceSid"] == "MG" + "2" * 32
    assert "From" not in sent
    assert sent["Body"] == (
        "Un conseiller vous propose un rendez-vous. Etes-vous disponible ?\n1 Oui  2 Non"
    )
    assert sent["StatusCallback"] == f"{PUBLIC_URL}/webhooks/twilio/status"

    blocked.add(SENDER)
    with pytest.raises(RecipientOptedOut):
        await sender.send(SENDER, message)
    with pytest.raises(RecipientOptedOut):  # Twilio's own STOP list (error 21610)
        await sender.send(f"sms:{FakeTwilio.UNSUBSCRIBED}", message)
    with pytest.raises(ChannelError) as failure:
        await sender.send(f"sms:{FakeTwilio.BROKEN}", message)
    assert failure.value.retryable
    with pytest.raises(ChannelError) as wrong:
        await sender.send("tg:123", message)
    assert not wrong.value.retryable


def test_the_sender_is_built_from_settings(channel_settings: Settings) -> None:
    sender = TwilioSender.from_settings(channel_settings, ChannelHooks().opted_out)
    assert sender is not None
    bare = channel_settings.model_copy(update={"twilio_from_number": None})
    assert TwilioSender.from_settings(bare, ChannelHooks().opted_out) is None
    no_token = channel_settings.model_copy(update={"twilio_auth_token": SecretStr("")})
    assert TwilioSender.from_settings(no_token, ChannelHooks().opted_out) is None


def test_the_rest_channel_cannot_speak_for_sms_or_telegram_people(client: TestClient) -> None:
    for sender in (SENDER, "tg:123"):
        response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": "x"})
        assert response.status_code == 422
    ok = client.post("/webhooks/rest/webhook", json={"sender": "web:abc", "message": "x"})
    assert ok.status_code == 200
