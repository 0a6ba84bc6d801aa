"""SMS and WhatsApp through Twilio: signed webhooks in, TwiML replies out (the
senders are in channels/twilio_sender.py).

WhatsApp comes on the same webhook, with `From: whatsapp:+33...` (that address is
the sender id, channel "whatsapp"): replies keep accents and emoji, buttons are
numbered options as on SMS; the `ProfileName` Twilio adds rides in
`metadata["first_name"]` (the console shows its first word to counsellors); a
shared location (`Latitude`, `Longitude`, no text) becomes the payload Telegram's
does, `/inform{"latitude": …, "longitude": …}` (the bot offers the communes near it).
Outside WhatsApp's 24-hour session window (24 h after the person's last message)
free text may not be sent: reminders and counsellor replies then go as the
approved template `AUTONOMIE_TWILIO_WHATSAPP_TEMPLATE_SID`, or are refused for good
when none is set.

`POST /webhooks/twilio/webhook` takes Twilio's form-encoded message webhook.
Every request must carry a valid `X-Twilio-Signature` for
`AUTONOMIE_PUBLIC_URL` + path (the service runs behind a proxy): anything else
gets 403 and is neither handed to the bot nor answered. Without
`AUTONOMIE_TWILIO_AUTH_TOKEN` every request is refused.

Translation only: MessageSid → `UserMessage.message_id` (the bot drops a
redelivery), the operators' STOP/START keywords → `/opt_out` / `/opt_in`, a
numbered reply → the payload offered under that number. Replies to a person
who opted out are withheld (carrier rule), except the reply to START.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from twilio.request_validator import RequestValidator, get_signature_algorithm
from twilio.twiml.messaging_response import MessagingResponse

from channels.base import OnNewMessage
from channels.hooks import ChannelHooks, RecentIds
from channels.http import ErrorDetail
from channels.messages import BotMessage, UserMessage
from channels.outputs import SMS_PREFIX, WHATSAPP_PREFIX, DeliveryReport
from channels.settings import ChannelSettings
from channels.sms import parse_choice, render_sms, render_whatsapp
from channels.text import ONLY_TEXT, ONLY_TEXT_SMS
from vocab.keywords import OPT_IN_PAYLOAD, keyword_payload

__all__ = ["TwilioInput", "signed_url"]

log = logging.getLogger(__name__)

MEDIA_IGNORED_SMS = "Je ne peux pas lire les pièces jointes, seulement le texte."
Render = Callable[[Sequence[BotMessage]], list[str]]


def _address(address: str) -> tuple[str, str, Render]:
    """(sender id, channel, renderer) of a Twilio address: +33... or whatsapp:+33..."""
    if address.startswith(WHATSAPP_PREFIX):
        return address, "whatsapp", render_whatsapp
    return f"{SMS_PREFIX}{address}", "sms", render_sms


class _Params(dict[str, list[str]]):
    """Form fields as Twilio signed them (a field may repeat)."""

    def getlist(self, name: str) -> list[str]:
        return self.get(name, [])

    def first(self, name: str) -> str:
        values = self.get(name)
        return values[0] if values else ""


def _shared_position(params: _Params) -> str | None:
    """WhatsApp's location message as Telegram's is passed on; None when there is none."""
    try:
        lat, lon = float(params.first("Latitude")), float(params.first("Longitude"))
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
        return None
    return "/inform" + json.dumps({"latitude": lat, "longitude": lon})


def signed_url(settings: ChannelSettings, request: Request) -> str:
    """The URL Twilio signed: the public URL the proxy serves, with this path and query."""
    if not settings.public_url:
        return str(request.url)
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{settings.public_url.rstrip('/')}{request.url.path}{query}"


def _twiml(bodies: list[str]) -> Response:
    response = MessagingResponse()
    for body in bodies:
        response.message(body)
    return Response(str(response), media_type="application/xml")


def _forbidden(reason: str) -> JSONResponse:
    return JSONResponse({"detail": reason}, status_code=403)


def _form(description: str, fields: dict[str, str], required: list[str]) -> dict[str, Any]:
    """The OpenAPI of a webhook Twilio calls: a signed form (the route reads it itself)."""
    return {
        "parameters": [
            {
                "name": "X-Twilio-Signature",
                "in": "header",
                "required": True,
                "description": "Twilio's signature of the public URL and the form",
                "schema": {"type": "string"},
            }
        ],
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            name: {"type": "string", "description": text}
                            for name, text in fields.items()
                        },
                        "required": required,
                    }
                }
            },
        },
    }


_REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail, "description": "a field Twilio always sends is missing"},
    403: {"model": ErrorDetail, "description": "bad signature, or the channel is not set up"},
}
_INCOMING = _form(
    "an incoming SMS (Twilio sends more fields; these are the ones read)",
    {
        "MessageSid": "the message's id (retries keep it)",
        "From": "the sender's phone number",
        "To": "our number",
        "Body": "the text",
        "NumMedia": "how many media are attached",
        "ProfileName": "WhatsApp only: the sender's profile name (its first word is kept)",
        "Latitude": "WhatsApp only: a shared location's latitude (with Longitude, no Body)",
        "Longitude": "WhatsApp only: a shared location's longitude",
    },
    ["MessageSid", "From"],
)
_STATUS = _form(
    "a delivery report of a message we sent",
    {
        "MessageSid": "the id of the message we sent",
        "MessageStatus": "queued, sent, delivered, undelivered, failed...",
        "To": "the recipient's phone number",
        "ErrorCode": "Twilio's error code, on failure",
    },
    [],  # a report without them is acknowledged and ignored
)


class TwilioInput:
    name = "sms"

    def __init__(self, settings: ChannelSettings, hooks: ChannelHooks | None = None) -> None:
        self.settings = settings
        self.hooks = hooks or ChannelHooks()
        self._recent = RecentIds()

    async def _verified(self, request: Request) -> _Params | JSONResponse:
        token = self.settings.twilio_auth_token
        if token is None or not token.get_secret_value():
            log.warning("Twilio webhook refused: AUTONOMIE_TWILIO_AUTH_TOKEN is not set")
            return _forbidden("SMS channel not configured")
        signature = request.headers.get("x-twilio-signature", "")
        body = (await request.body()).decode("utf-8", errors="replace")
        params = _Params(parse_qs(body, keep_blank_values=True))
        algorithm = get_signature_algorithm(
            request.headers.get("x-twilio-webhooks-signature-settings")
        )
        validator = RequestValidator(token.get_secret_value())
        url = signed_url(self.settings, request)
        if not signature or not validator.validate(url, params, signature, algorithm):
            log.warning("Twilio webhook refused: bad or missing signature for %s", url)
            return _forbidden("invalid signature")
        return params

    def router(self, on_message: OnNewMessage) -> APIRouter:
        router = APIRouter(prefix="/webhooks/twilio", tags=["channels"])

        @router.post(
            "/webhook",
            response_class=Response,
            responses={
                200: {"description": "the replies, as TwiML", "content": {"application/xml": {}}},
                **_REFUSED,
            },
            openapi_extra=_INCOMING,
        )
        async def receive(request: Request) -> Response:
            params = await self._verified(request)
            if isinstance(params, Response):
                return params
            return await self._receive(params, on_message)

        @router.post(
            "/status",
            status_code=204,
            response_class=Response,
            responses={403: _REFUSED[403]},
            openapi_extra=_STATUS,
        )
        async def status(request: Request) -> Response:
            params = await self._verified(request)
            if isinstance(params, Response):
                return params
            sid = params.first("MessageSid") or params.first("SmsSid")
            state = params.first("MessageStatus") or params.first("SmsStatus")
            if sid and state:
                to = params.first("To")
                recipient, channel, _ = _address(to) if to else (None, self.name, render_sms)
                await self.hooks.on_delivery_report(
                    DeliveryReport(
                        channel=channel,
                        provider_id=sid,
                        status=state,
                        recipient_id=recipient,
                        error_code=params.first("ErrorCode") or None,
                    )
                )
            return Response(status_code=204)

        return router

    async def _receive(self, params: _Params, on_message: OnNewMessage) -> Response:
        sid = params.first("MessageSid") or params.first("SmsSid")
        phone = params.first("From").strip()
        if not sid or not phone:
            return JSONResponse({"detail": "MessageSid and From are required"}, 400)
        sender_id, channel, render = _address(phone)
        body = params.first("Body")
        try:
            media = max(0, int(params.first("NumMedia") or 0))
        except ValueError:
            media = 0
        view = await self.hooks.view(sender_id)
        metadata: dict[str, Any] = {"num_media": media} if media else {}
        if channel == "whatsapp" and params.first("ProfileName"):
            metadata["first_name"] = params.first("ProfileName")[:200]  # the bot reads it
        position = None if body.strip() else _shared_position(params)
        text = position or body
        keyword = keyword_payload(body)
        choice = parse_choice(body)
        if keyword:
            text = keyword
        elif choice is not None and 1 <= choice <= len(view.options):
            text, metadata = view.options[choice - 1], {**metadata, "option": choice}
        withhold = view.opted_out and keyword != OPT_IN_PAYLOAD
        if media and not body.strip():
            # nothing for the bot to read: the channel says what it can carry, once
            if self._recent.seen(sid) or withhold:
                return _twiml([])
            notice = ONLY_TEXT_SMS if channel == "sms" else ONLY_TEXT  # WhatsApp: voice notes
            return _twiml(render([BotMessage(text=notice)]))
        replies = await on_message(
            UserMessage(
                sender_id=sender_id,
                text=text,
                channel=channel,
                message_id=sid,
                metadata=metadata,
            )
        )
        if withhold:
            if replies:
                log.info("reply to %s withheld: the person opted out", sid)
            return _twiml([])
        if media and replies:
            replies = [BotMessage(text=MEDIA_IGNORED_SMS), *replies]
        return _twiml(render(replies))
