"""WhatsApp on the Twilio adapter: the same signed webhook, its own sender id and
rendering, and the 24-hour session window for what is sent later."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from channels.hooks import ChannelHooks, ConversationView
from channels.messages import BotMessage
from channels.outputs import ChannelError, channel_of
from channels.routers import build_senders
from channels.twilio_sender import TwilioSender
from tests.channels.conftest import TWILIO_TOKEN, user_texts
from tests.channels.fakes import FakeTwilio
from tests.channels.test_twilio import sms

PHONE = "+33612345678"
ADDRESS = f"whatsapp:{PHONE}"
OUR_NUMBER = "whatsapp:+33700000001"


def whatsapp(client: TestClient, body: str, **extra: str) -> tuple[int, list[str]]:
    return sms(client, body, phone=ADDRESS, To=OUR_NUMBER, **extra)


def test_a_whatsapp_message_is_answered_with_accents_kept(client: TestClient) -> None:
    status, replies = whatsapp(client, "bonjour")
    assert status == 200 and replies == ["reçu : bonjour"]  # no GSM-7 transliteration
    assert user_texts(client, ADDRESS) == ["bonjour"]
    assert user_texts(client, f"sms:{PHONE}") == []  # WhatsApp and SMS stay apart
    tracker = client.get(
        f"/conversations/{ADDRESS}/tracker", headers={"Authorization": "Bearer test-token"}
    ).json()
    assert tracker["latest_input_channel"] == "whatsapp"


def test_buttons_are_numbered_and_a_number_answers_them(client: TestClient) -> None:
    assert whatsapp(client, "menu")[1] == ["Que choisissez-vous ?\n1 Oui  2 Non  3 Je ne sais pas"]
    assert whatsapp(client, "2")[1] == ["reçu : /deny"]


def test_a_voice_note_alone_gets_the_text_only_notice(client: TestClient) -> None:
    status, replies = whatsapp(client, "", NumMedia="1", MediaContentType0="audio/ogg")
    assert status == 200 and len(replies) == 1 and "messages vocaux" in replies[0]
    assert user_texts(client, ADDRESS) == []


def test_a_shared_location_is_passed_on_as_telegram_s_is(client: TestClient) -> None:
    """WhatsApp's location message has no text: its coordinates become the payload a
    Telegram location does (the bot then offers the communes near it)."""
    shared = {"Latitude": "44.9334", "Longitude": "4.8924", "Address": "Place de la Liberté"}
    status, replies = whatsapp(client, "", **shared)
    payload = '/inform{"latitude": 44.9334, "longitude": 4.8924}'
    assert status == 200 and replies == [f"reçu : {payload}"]
    assert user_texts(client, ADDRESS)[-1] == payload
    for lat, lon in (("nan", "4.89"), ("91", "4.89"), ("", ""), ("44.9", "inf")):
        whatsapp(client, "", Latitude=lat, Longitude=lon)  # no position: nothing made up
    assert sum("latitude" in text for text in user_texts(client, ADDRESS)) == 1
    whatsapp(client, "j'habite à Valence", **shared)  # a text wins over its coordinates
    assert user_texts(client, ADDRESS)[-1] == "j'habite à Valence"


def test_public_channels_cannot_speak_as_a_whatsapp_user(client: TestClient) -> None:
    response = client.post("/webhooks/rest/webhook", json={"sender": ADDRESS, "message": "hi"})
    assert response.status_code == 422
    assert channel_of(ADDRESS) == "whatsapp"


def _sender(url: str, last_user_at: float | None, template: str | None) -> TwilioSender:
    async def view(_sender_id: str) -> ConversationView:
        return ConversationView(last_user_at=last_user_at)

    return TwilioSender(
        account_sid="AC" + "0" * 32,
        auth_token=TWILIO_TOKEN,
        opted_out=ChannelHooks(view=view).opted_out,
        from_number=OUR_NUMBER,
        api_base_url=url,
        whatsapp=view,
        template_sid=template,
    )


async def test_inside_the_24_hour_window_free_text_is_sent(
    fake_twilio: tuple[FakeTwilio, str],
) -> None:
    fake, url = fake_twilio
    sender = _sender(url, time.time() - 3600, template="HX" + "1" * 32)
    result = await sender.send(ADDRESS, BotMessage(text="Votre atelier est demain à 9 h. 🙂"))
    sent = fake.requests[-1]
    assert len(result.provider_ids) == 1
    assert sent["To"] == ADDRESS and sent["From"] == OUR_NUMBER
    assert sent["Body"] == "Votre atelier est demain à 9 h. 🙂" and "ContentSid" not in sent


async def test_outside_the_window_the_approved_template_carries_the_text(
    fake_twilio: tuple[FakeTwilio, str],
) -> None:
    fake, url = fake_twilio
    sender = _sender(url, time.time() - 25 * 3600, template="HX" + "1" * 32)
    await sender.send(ADDRESS, BotMessage(text="Rappel : atelier demain à 9 h."))
    sent = fake.requests[-1]
    assert sent["ContentSid"] == "HX" + "1" * 32 and "Body" not in sent
    assert json.loads(sent["ContentVariables"]) == {"1": "Rappel : atelier demain à 9 h."}


@pytest.mark.parametrize("last_user_at", [None, 0.0])
async def test_outside_the_window_without_a_template_nothing_is_sent(
    fake_twilio: tuple[FakeTwilio, str], last_user_at: float | None
) -> None:
    fake, url = fake_twilio
    before = len(fake.requests)
    with pytest.raises(ChannelError) as refused:
        await _sender(url, last_user_at, template=None).send(ADDRESS, BotMessage(text="Rappel"))
    assert refused.value.retryable is False  # waiting does not reopen the window
    assert len(fake.requests) == before


def test_the_whatsapp_sender_exists_only_with_a_whatsapp_number(
    channel_settings: Settings,
) -> None:
    hooks = ChannelHooks()
    assert "whatsapp" not in build_senders(channel_settings, hooks)
    senders = build_senders(
        channel_settings.model_copy(update={"twilio_whatsapp_from": "+33700000001"}), hooks
    )
    assert senders["whatsapp"].name == "whatsapp" and senders["sms"].name == "sms"
