"""Telegram: webhook and polling share one update handler; replies via the Bot API.

The webhook (`channels/telegram_webhook.py`) and `autonomie telegram poll`
(PTB's Application) both hand updates to `TelegramHandler`.

Translation only: text as is, commands /start → /greet (/opt_in after a
/stop), /aide and /help → /help, /stop → /opt_out; an inline button press →
its payload; an edited message → its new text with `metadata["edited"]`; a
location → `/inform{"latitude": …, "longitude": …}`; the sender's `first_name` rides in
`metadata["first_name"]` (the console shows it to counsellors). Private chats only.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ChatAction, ChatType
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from channels.base import OnNewMessage
from channels.hooks import ChannelHooks, RecentIds, is_link, payload_token
from channels.messages import BotMessage, UserMessage
from channels.outputs import TELEGRAM_PREFIX, ChannelError, RecipientOptedOut, SendResult
from channels.settings import ChannelSettings
from channels.text import ONLY_TEXT, source_line, split_text
from vocab.keywords import OPT_IN_PAYLOAD, OPT_OUT_PAYLOAD

__all__ = ["TelegramHandler", "TelegramSender", "make_bot"]

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
BUTTONS_ONLY_TEXT = "Choisissez :"
_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]+)(?:@\w+)?(?:\s+(?P<arg>.*))?$", re.DOTALL)
COMMANDS = {"start": "/greet", "aide": "/help", "help": "/help", "stop": OPT_OUT_PAYLOAD}
_MEDIA = (
    "photo", "voice", "audio", "video", "video_note", "sticker", "document",
    "animation", "contact", "poll", "dice", "game", "story", "paid_media",
)  # fmt: skip


def make_bot(settings: ChannelSettings) -> Bot:
    """A Bot with explicit timeouts; `settings.telegram_api_url` may point to a local API."""
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    return Bot(
        token,
        base_url=settings.telegram_api_url,
        request=HTTPXRequest(connect_timeout=5.0, read_timeout=10.0, write_timeout=10.0),
        get_updates_request=HTTPXRequest(connect_timeout=5.0, read_timeout=40.0),
    )


def _callback_data(payload: str) -> str:
    fits = len(payload.encode("utf-8")) <= MAX_CALLBACK_DATA and not payload.startswith("#")
    return payload if fits else payload_token(payload)


def _keyboard(message: BotMessage) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    rows = [
        [InlineKeyboardButton(b.title, url=b.payload)]
        if is_link(b.payload)
        else [InlineKeyboardButton(b.title, callback_data=_callback_data(b.payload))]
        for b in message.buttons
    ]
    return InlineKeyboardMarkup(rows)


def render_telegram(message: BotMessage) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """(text, keyboard) per Telegram message; the keyboard goes with the last part."""
    parts = [message.text or ""]
    source = source_line(message.custom)
    if source and "source" not in (message.text or "").lower():
        parts.append(source)
    text = "\n\n".join(p for p in parts if p).strip()
    keyboard = _keyboard(message)
    chunks = split_text(text, lambda t: len(t) <= MAX_TEXT) if text else []
    if not chunks:
        return [(BUTTONS_ONLY_TEXT, keyboard)] if keyboard else []
    return [*((c, None) for c in chunks[:-1]), (chunks[-1], keyboard)]


class TelegramSender:
    """Sends to a chat now through the PTB `Bot` (composed, initialised on first use)."""

    name = "telegram"

    def __init__(self, bot: Bot, hooks: ChannelHooks | None = None) -> None:
        self.bot = bot
        self.hooks = hooks or ChannelHooks()

    async def ready(self) -> Bot:
        try:
            await self.bot.initialize()  # getMe, once; a no-op afterwards
        except TelegramError as exc:
            raise ChannelError(f"Telegram unreachable: {exc}") from exc
        return self.bot

    async def typing(self, chat_id: int) -> None:
        try:
            await (await self.ready()).send_chat_action(chat_id, ChatAction.TYPING)
        except (TelegramError, ChannelError) as exc:
            log.info("typing indicator not sent: %s", exc)  # a chat id identifies its person

    async def deliver(self, chat_id: int, message: BotMessage) -> list[str]:
        bot = await self.ready()
        ids: list[str] = []
        for text, keyboard in render_telegram(message):
            try:
                sent: Message = await bot.send_message(chat_id, text, reply_markup=keyboard)
            except Forbidden as exc:  # the person blocked the bot
                raise ChannelError(f"Telegram refused: {exc}", retryable=False) from exc
            except RetryAfter as exc:
                raise ChannelError(f"Telegram asks to wait {exc.retry_after}s") from exc
            except TelegramError as exc:
                raise ChannelError(f"Telegram error: {exc}") from exc
            ids.append(str(sent.message_id))
        return ids

    async def send(self, recipient_id: str, message: BotMessage) -> SendResult:
        chat = recipient_id.removeprefix(TELEGRAM_PREFIX)
        if not recipient_id.startswith(TELEGRAM_PREFIX) or not chat.lstrip("-").isdigit():
            raise ChannelError(f"{recipient_id} is not a Telegram sender id", retryable=False)
        if await self.hooks.opted_out(recipient_id):
            raise RecipientOptedOut(recipient_id)
        return SendResult(recipient_id, tuple(await self.deliver(int(chat), message)))


@dataclass(frozen=True, slots=True)
class _Incoming:
    chat_id: int
    text: str
    message_id: str
    metadata: dict[str, Any] = field(default_factory=dict)


class TelegramHandler:
    """Translates one Update into a UserMessage and sends the bot's replies back."""

    def __init__(self, sender: TelegramSender, on_message: OnNewMessage) -> None:
        self.sender = sender
        self.hooks = sender.hooks
        self.on_message = on_message
        self._recent = RecentIds()

    async def handle_update(self, update: Update) -> None:
        incoming: _Incoming | None
        if update.callback_query is not None:
            incoming = await self._button(update)
        else:
            message = update.message or update.edited_message
            if message is None:
                log.debug("update %s ignored: nothing a person wrote", update.update_id)
                return
            if message.chat.type != ChatType.PRIVATE:
                log.info("update %s ignored: %s chat", update.update_id, message.chat.type)
                return
            incoming = await self._message(message, edited=update.edited_message is not None)
        if incoming is None:
            return
        await self.sender.typing(incoming.chat_id)
        replies = await self.on_message(
            UserMessage(
                sender_id=f"{TELEGRAM_PREFIX}{incoming.chat_id}",
                text=incoming.text,
                channel="telegram",
                message_id=incoming.message_id,
                metadata=incoming.metadata,
                replies_in_response=False,
            )
        )
        for reply in replies:
            await self.sender.deliver(incoming.chat_id, reply)

    async def _button(self, update: Update) -> _Incoming | None:
        query = update.callback_query
        assert query is not None
        try:
            await query.answer()  # stops the button's spinner
        except TelegramError as exc:
            log.info("callback query %s not answered: %s", query.id, exc)
        chat = query.message.chat if query.message is not None else None
        if chat is not None and chat.type != ChatType.PRIVATE:
            return None
        chat_id = chat.id if chat is not None else query.from_user.id
        data = query.data or ""
        if data.startswith("#"):
            found = (await self.hooks.view(f"{TELEGRAM_PREFIX}{chat_id}")).find_payload(data)
            if found is None:
                log.info("callback query %s: unknown payload token %s", query.id, data)
                return None
            data = found
        if not data:
            return None
        return _Incoming(chat_id, data, f"cb:{query.id}", _named({"button": True}, query.from_user))

    async def _message(self, message: Message, *, edited: bool) -> _Incoming | None:
        chat_id = message.chat.id
        key = f"{message.message_id}"
        metadata: dict[str, Any] = {}
        if edited:
            stamp = int(message.edit_date.timestamp()) if message.edit_date else 0
            key = f"{message.message_id}:edit:{stamp}"
            metadata = {"edited": True, "telegram_message_id": message.message_id}
        location = message.location or (message.venue.location if message.venue else None)
        if message.text is not None:
            text = await self._command(chat_id, message.text, metadata)
        elif location is not None:
            coordinates = {"latitude": location.latitude, "longitude": location.longitude}
            text = f"/inform{json.dumps(coordinates)}"
            metadata["location"] = coordinates
        elif any(getattr(message, kind, None) for kind in _MEDIA):
            if not self._recent.seen(f"{chat_id}:{key}"):
                await self.sender.typing(chat_id)
                await self.sender.deliver(chat_id, BotMessage(text=ONLY_TEXT))
            return None
        else:
            return None  # service messages: pinned, members joined...
        return _Incoming(chat_id, text, key, _named(metadata, message.from_user))

    async def _command(self, chat_id: int, text: str, metadata: dict[str, Any]) -> str:
        match = _COMMAND.match(text.strip())
        if not match or match["name"].lower() not in COMMANDS:
            return text
        payload = COMMANDS[match["name"].lower()]
        if match["arg"]:
            metadata["command_argument"] = match["arg"].strip()[:64]
        if payload == "/greet" and await self.hooks.opted_out(f"{TELEGRAM_PREFIX}{chat_id}"):
            payload = OPT_IN_PAYLOAD  # /start after /stop: messages may resume
        return payload


def _named(metadata: dict[str, Any], user: User | None) -> dict[str, Any]:
    """The metadata with the person's Telegram first name (the bot keeps its first word)."""
    if user is not None and user.first_name:
        metadata["first_name"] = user.first_name[:200]
    return metadata
