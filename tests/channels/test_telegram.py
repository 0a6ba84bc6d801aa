"""Telegram: webhook and polling against a local fake Bot API spoken to by python-telegram-bot."""

from __future__ import annotations

import asyncio
import time
from itertools import count
from typing import Any

import pytest
from fastapi.testclient import TestClient
from telegram import Update

from bot.app import build_assistant
from bot.settings import Settings
from channels.hooks import ChannelHooks, ConversationView
from channels.messages import BotMessage, UserMessage
from channels.outputs import ChannelError, RecipientOptedOut
from channels.routers import default_hooks
from channels.telegram import TelegramHandler, TelegramSender, make_bot
from channels.telegram_polling import configure_webhook, run_polling
from channels.text import ONLY_TEXT
from tests.channels.conftest import PUBLIC_URL, TELEGRAM_SECRET, user_texts
from tests.channels.fakes import FakeBotApi
from tests.channels.policies import LONG_PAYLOAD

URL = "/webhooks/telegram/webhook"
CHAT = 5550001
SENDER = f"tg:{CHAT}"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
_ids = count(10_000)
PERSON = {"id": CHAT, "is_bot": False, "first_name": "Fatou", "language_code": "fr"}


def message(text: str | None = None, *, chat_type: str = "private", **content: Any) -> dict:
    body: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(time.time()),
        "chat": {"id": CHAT if chat_type == "private" else -100123, "type": chat_type},
        "from": PERSON,
        **content,
    }
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            body["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
    return body


def update(**kinds: Any) -> dict:
    return {"update_id": next(_ids), **kinds}


def button(data: str) -> dict:
    return update(
        callback_query={
            "id": f"cbq{next(_ids)}",
            "from": PERSON,
            "chat_instance": "42",
            "data": data,
            "message": message("Que choisissez-vous ?"),
        }
    )


def post(client: TestClient, body: Any, headers: dict[str, str] = HEADERS) -> int:
    return client.post(URL, json=body, headers=headers).status_code


def texts_sent(bot_api: FakeBotApi) -> list[str]:
    return [call["text"] for call in bot_api.called("sendMessage")]


def test_the_secret_token_is_required(client: TestClient, bot_api: FakeBotApi) -> None:
    body = update(message=message("bonjour"))
    assert post(client, body, headers={}) == 403
    assert post(client, body, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}) == 403
    assert post(client, body, headers={"X-Telegram-Bot-Api-Secret-Token": ""}) == 403
    assert bot_api.calls == [] and user_texts(client, SENDER) == []


def test_an_unconfigured_channel_refuses_everything(
    channel_settings: Settings, bot_api: FakeBotApi
) -> None:
    from tests.embedded_platform import assistant_app

    for missing in ("telegram_secret", "telegram_token"):
        settings = channel_settings.model_copy(update={missing: None})
        with TestClient(assistant_app(settings)) as client:
            assert post(client, update(message=message("bonjour"))) == 403
    assert bot_api.calls == []


def test_a_text_message_is_answered_through_the_bot_api(
    client: TestClient, bot_api: FakeBotApi
) -> None:
    assert post(client, update(message=message("bonjour"))) == 200
    assert bot_api.called("sendChatAction") == [{"chat_id": CHAT, "action": "typing"}]
    [sent] = bot_api.called("sendMessage")
    assert sent["chat_id"] == CHAT and sent["text"] == "reçu : bonjour"
    assert user_texts(client, SENDER) == ["bonjour"]


def test_buttons_are_an_inline_keyboard_and_presses_come_back_as_payloads(
    client: TestClient, bot_api: FakeBotApi
) -> None:
    post(client, update(message=message("menu")))
    [sent] = bot_api.called("sendMessage")
    rows = sent["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == ["Oui", "Non", "Je ne sais pas"]
    assert [rows[0][0]["callback_data"], rows[1][0]["callback_data"]] == ["/affirm", "/deny"]
    token = rows[2][0]["callback_data"]
    assert len(token.encode()) <= 64 and token.startswith("#")  # the payload is too long

    press = button("/deny")
    assert post(client, press) == 200
    answered = bot_api.called("answerCallbackQuery")
    assert answered[0]["callback_query_id"] == press["callback_query"]["id"]
    assert post(client, button(token)) == 200
    assert post(client, button("#unknown")) == 200  # answered, nothing passed on
    assert len(bot_api.called("answerCallbackQuery")) == 3
    assert user_texts(client, SENDER) == ["menu", "/deny", LONG_PAYLOAD]
    assert texts_sent(bot_api)[-1] == f"reçu : {LONG_PAYLOAD}"


def test_an_edited_message_is_passed_as_a_correction(
    client: TestClient, bot_api: FakeBotApi
) -> None:
    original = message("j'ai pas le permis")
    post(client, update(message=original))
    edited = {**original, "text": "j'ai le permis", "edit_date": int(time.time()) + 5}
    assert post(client, update(edited_message=edited)) == 200
    assert user_texts(client, SENDER) == ["j'ai pas le permis", "j'ai le permis"]


@pytest.mark.parametrize(
    "content",
    [
        {"photo": [{"file_id": "p", "file_unique_id": "pu", "width": 90, "height": 90}]},
        {"voice": {"file_id": "v", "file_unique_id": "vu", "duration": 3}},
        {
            "sticker": {
                "file_id": "s", "file_unique_id": "su", "width": 512, "height": 512,
                "is_animated": False, "is_video": False, "type": "regular",
            }
        },
        {"document": {"file_id": "d", "file_unique_id": "du", "file_name": "cv.pdf"}},
    ],
    ids=["photo", "voice", "sticker", "document"],
)  # fmt: skip
def test_media_gets_a_polite_text_only_reply_once(
    client: TestClient, bot_api: FakeBotApi, content: dict
) -> None:
    body = update(message=message(**content))
    assert post(client, body) == 200
    assert post(client, body) == 200  # redelivered
    assert texts_sent(bot_api) == [ONLY_TEXT]
    assert user_texts(client, SENDER) == []


def test_a_location_is_passed_as_an_inform_payload(client: TestClient, bot_api: FakeBotApi) -> None:
    post(client, update(message=message(location={"latitude": 44.84, "longitude": -0.58})))
    assert user_texts(client, SENDER) == ['/inform{"latitude": 44.84, "longitude": -0.58}']


def test_commands_map_to_payloads(client: TestClient, bot_api: FakeBotApi) -> None:
    for text in ("/start", "/aide", "/help@test_bot", "/stop", "/start", "/inconnue"):
        post(client, update(message=message(text)))
    assert user_texts(client, SENDER) == [
        "/greet", "/help", "/help", "/opt_out", "/opt_in", "/inconnue",
    ]  # fmt: skip


def test_a_redelivered_update_gets_no_second_reply(client: TestClient, bot_api: FakeBotApi) -> None:
    body = update(message=message("bonjour"))
    assert post(client, body) == 200 and post(client, body) == 200
    assert texts_sent(bot_api) == ["reçu : bonjour"]
    assert user_texts(client, SENDER) == ["bonjour"]


def test_bad_input_is_never_a_server_error(client: TestClient, bot_api: FakeBotApi) -> None:
    raw = {"content-type": "application/json", **HEADERS}
    assert client.post(URL, content=b"{not json", headers=raw).status_code == 400
    assert client.post(URL, content="é".encode("latin-1"), headers=raw).status_code == 400
    assert post(client, ["a", "list"]) == 400
    assert post(client, {}) == 400
    assert post(client, {"update_id": "x", "message": "y"}) == 400
    # what python-telegram-bot takes but the handler cannot read: was a 500
    for date in (10**12, 10**17, 10**20):  # past year 9999: ValueError, OSError, OverflowError
        assert post(client, update(message={**message("x"), "date": date})) == 400
    assert post(client, update(message={**message("x"), "chat": None})) == 400
    assert post(client, update(message={**message(), "text": 42})) == 400
    assert post(client, update(callback_query={"id": "1", "data": "/affirm"})) == 400
    assert post(client, {"update_id": 1}) == 200
    assert post(client, update(channel_post=message("x", chat_type="channel"))) == 200
    assert post(client, update(message=message("salut", chat_type="group"))) == 200
    assert post(client, update(message=message(new_chat_title="x"))) == 200
    assert post(client, update(message=message("🙂" * 2000))) == 200
    assert post(client, update(message=message("   "))) == 200
    sent = texts_sent(bot_api)
    assert len(sent) == 2 and "aucun texte" in sent[1]
    blocked = update(
        message={**message("bonjour"), "chat": {"id": FakeBotApi.BLOCKED_CHAT, "type": "private"}}
    )
    assert post(client, blocked) == 200  # the Bot API refused the reply: logged


async def test_the_handler_translates_edits_and_callbacks(
    channel_settings: Settings, bot_api: FakeBotApi
) -> None:
    received: list[UserMessage] = []

    async def on_message(message: UserMessage) -> list[BotMessage]:
        received.append(message)
        return []

    bot = make_bot(channel_settings)
    handler = TelegramHandler(TelegramSender(bot), on_message)
    edited = message("en fait j'ai le permis", edit_date=int(time.time()))
    press = button("/affirm")
    start = message("/start parrainage-33")
    for body in (update(edited_message=edited), press, update(message=start)):
        await handler.handle_update(Update.de_json(body, bot))
    await bot.shutdown()
    first, second, third = received
    assert first.metadata == {
        "edited": True,
        "telegram_message_id": edited["message_id"],
        "first_name": "Fatou",  # from.first_name: the console's name for the person
    }
    assert first.message_id.endswith(f":edit:{edited['edit_date']}")
    assert first.channel == "telegram" and first.sender_id == SENDER
    assert second.text == "/affirm" and second.metadata == {"button": True, "first_name": "Fatou"}
    assert second.message_id == f"cb:{press['callback_query']['id']}"
    assert third.text == "/greet" and third.metadata == {
        "command_argument": "parrainage-33",
        "first_name": "Fatou",
    }


async def test_the_sender_splits_long_text_and_respects_opt_out(
    channel_settings: Settings, bot_api: FakeBotApi
) -> None:
    blocked = {"tg:77"}

    async def view(sender_id: str) -> ConversationView:
        return ConversationView(opted_out=sender_id in blocked)

    sender = TelegramSender(make_bot(channel_settings), ChannelHooks(view=view))
    long_text = "Une phrase d'explication sur la formation. " * 200
    source = {"sources": [{"title": "CNSA", "date": "2025-02-01"}]}
    result = await sender.send(SENDER, BotMessage(text=long_text, custom=source))
    assert len(result.provider_ids) == 3
    sent = bot_api.called("sendMessage")
    assert all(len(s["text"]) <= 4096 for s in sent)
    assert sent[-1]["text"].endswith("Source : CNSA, 01/02/2025")
    with pytest.raises(RecipientOptedOut):
        await sender.send("tg:77", BotMessage(text="x"))
    with pytest.raises(ChannelError):
        await sender.send("sms:+33612345678", BotMessage(text="x"))
    with pytest.raises(ChannelError) as blocked_error:
        await sender.send(f"tg:{FakeBotApi.BLOCKED_CHAT}", BotMessage(text="x"))
    assert not blocked_error.value.retryable
    await sender.bot.shutdown()


async def test_polling_end_to_end(channel_settings: Settings, bot_api: FakeBotApi) -> None:
    """The fake queues an update; `telegram poll` receives it; the real bot's reply arrives."""
    assistant = build_assistant(channel_settings)
    stop = asyncio.Event()
    hooks = default_hooks(lambda: assistant.store)
    task = asyncio.create_task(
        run_polling(
            channel_settings, assistant.processor.handle, hooks, stop=stop, poll_timeout_s=1
        )
    )
    try:
        bot_api.queue(update(message=message("bonjour")))
        for _ in range(500):
            if bot_api.called("sendMessage") or task.done():
                break
            await asyncio.sleep(0.02)
        sent = bot_api.called("sendMessage")
        assert sent and sent[0]["chat_id"] == CHAT and sent[0]["text"]
        assert bot_api.called("deleteWebhook")  # polling and a webhook exclude each other
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await assistant.aclose()
    tracker = assistant.store.retrieve(SENDER)
    assert [e.text for e in tracker.events if e.type_name == "user"] == ["bonjour"]


async def test_set_webhook_registers_the_public_url_and_secret(
    channel_settings: Settings, bot_api: FakeBotApi
) -> None:
    url = await configure_webhook(channel_settings)
    assert url == f"{PUBLIC_URL}{URL}"
    [call] = bot_api.called("setWebhook")
    assert call["url"] == url and call["secret_token"] == TELEGRAM_SECRET
    assert call["allowed_updates"] == ["message", "edited_message", "callback_query"]
