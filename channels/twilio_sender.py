"""Twilio's senders: SMS and WhatsApp messages sent now, through the official SDK
client (blocking calls run in a thread). Outside WhatsApp's 24-hour session
window (24 h after the person's last message) free text may not be sent: the
approved template `AUTONOMIE_TWILIO_WHATSAPP_TEMPLATE_SID` carries it, or the
message is refused for good when none is set."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from anyio import to_thread
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from channels.hooks import ChannelHooks, ConversationLookup
from channels.messages import BotMessage
from channels.outputs import (
    SMS_PREFIX,
    WHATSAPP_PREFIX,
    ChannelError,
    OptedOut,
    RecipientOptedOut,
    SendResult,
)
from channels.settings import ChannelSettings
from channels.sms import render_sms, render_whatsapp

__all__ = ["WHATSAPP_WINDOW_S", "TwilioSender"]

_UNSUBSCRIBED = 21610  # Twilio: the recipient replied STOP
#: WhatsApp's customer-service window: free text only this long after the last message.
WHATSAPP_WINDOW_S = 24 * 3600
Render = Callable[[Sequence[BotMessage]], list[str]]


class TwilioSender:
    """Sends SMS (or WhatsApp messages) now, through the official SDK client
    (blocking calls run in a thread)."""

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        opted_out: OptedOut,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        status_callback: str | None = None,
        api_base_url: str | None = None,
        timeout_s: float = 10.0,
        whatsapp: ConversationLookup | None = None,
        template_sid: str | None = None,
    ) -> None:
        """`whatsapp`: the conversation lookup of a WhatsApp sender (its session
        window is read from it); None for SMS."""
        if not (from_number or messaging_service_sid):
            raise ValueError("TwilioSender needs a from number or a messaging service SID")
        self.name = "sms" if whatsapp is None else "whatsapp"
        self._prefix = SMS_PREFIX if whatsapp is None else WHATSAPP_PREFIX
        self._render: Render = render_sms if whatsapp is None else render_whatsapp
        self._view = whatsapp
        self._template = template_sid
        self._client = Client(
            account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout_s)
        )
        if api_base_url:
            self._client.api.base_url = api_base_url.rstrip("/")
        self._opted_out = opted_out
        self._from = from_number
        self._service = messaging_service_sid
        self._status_callback = status_callback

    @classmethod
    def from_settings(cls, settings: ChannelSettings, opted_out: OptedOut) -> TwilioSender | None:
        """The SMS sender; None when the settings lack credentials or a sender."""
        if not (settings.twilio_from_number or settings.twilio_messaging_service_sid):
            return None
        return cls._configured(
            settings,
            opted_out=opted_out,
            from_number=settings.twilio_from_number,
            messaging_service_sid=settings.twilio_messaging_service_sid,
        )

    @classmethod
    def whatsapp_from_settings(
        cls, settings: ChannelSettings, hooks: ChannelHooks
    ) -> TwilioSender | None:
        """The WhatsApp sender; None without credentials or a WhatsApp number."""
        number = settings.twilio_whatsapp_from
        if not number:
            return None
        return cls._configured(
            settings,
            opted_out=hooks.opted_out,
            from_number=number if number.startswith(WHATSAPP_PREFIX) else WHATSAPP_PREFIX + number,
            whatsapp=hooks.view,
            template_sid=settings.twilio_whatsapp_template_sid,
        )

    @classmethod
    def _configured(cls, settings: ChannelSettings, **kwargs: Any) -> TwilioSender | None:
        token = settings.twilio_auth_token
        if not (settings.twilio_account_sid and token and token.get_secret_value()):
            return None
        status = (
            f"{settings.public_url.rstrip('/')}/webhooks/twilio/status"
            if settings.public_url
            else None
        )
        return cls(
            account_sid=settings.twilio_account_sid,
            auth_token=token.get_secret_value(),
            status_callback=status,
            api_base_url=settings.twilio_api_url,
            **kwargs,
        )

    async def _outside_window(self, recipient_id: str) -> bool:
        if self._view is None:
            return False
        last = (await self._view(recipient_id)).last_user_at
        return last is None or time.time() - last > WHATSAPP_WINDOW_S

    def _create(self, to: str, body: str, *, template: bool = False) -> str:
        kwargs: dict[str, Any] = {"to": to}
        if template:  # the approved template carries the text as its variable {{1}}
            kwargs["content_sid"] = self._template
            kwargs["content_variables"] = json.dumps({"1": body}, ensure_ascii=False)
        else:
            kwargs["body"] = body
        if self._service:
            kwargs["messaging_service_sid"] = self._service
        else:
            kwargs["from_"] = self._from
        if self._status_callback:
            kwargs["status_callback"] = self._status_callback
        message = self._client.messages.create(**kwargs)
        return str(message.sid)

    async def send(self, recipient_id: str, message: BotMessage) -> SendResult:
        if not recipient_id.startswith(self._prefix):
            raise ChannelError(f"{recipient_id} is not a {self.name} sender id", retryable=False)
        if await self._opted_out(recipient_id):
            raise RecipientOptedOut(recipient_id)
        template = await self._outside_window(recipient_id)
        if template and not self._template:
            raise ChannelError(
                f"{recipient_id}: outside WhatsApp's 24-hour window and no template set",
                retryable=False,
            )
        # Twilio's SMS "To" is the bare number; WhatsApp's keeps its whatsapp: prefix
        to = recipient_id.removeprefix(SMS_PREFIX)
        sids: list[str] = []
        for body in self._render([message]):
            try:
                create = partial(self._create, to, body, template=template)
                sids.append(await to_thread.run_sync(create))
            except TwilioRestException as exc:
                if exc.code == _UNSUBSCRIBED:
                    raise RecipientOptedOut(recipient_id) from exc
                retryable = exc.status == 429 or exc.status >= 500
                raise ChannelError(f"Twilio refused: {exc.msg}", retryable=retryable) from exc
            except (TwilioException, OSError) as exc:
                raise ChannelError(f"Twilio unreachable: {exc}") from exc
        return SendResult(recipient_id, tuple(sids))
