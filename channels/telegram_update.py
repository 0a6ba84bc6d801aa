"""The shape of a Telegram Update, checked before python-telegram-bot builds one,
and the OpenAPI description of the webhook it comes to."""

from __future__ import annotations

from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["UPDATE_OPENAPI", "TelegramUpdate"]


# What the handler reads of an Update, checked before python-telegram-bot builds one:
# PTB takes any dict (a message without a chat, a date past year 9999, a number as the
# text) and the handler then failed with a 500. Fields not listed here pass unchecked.
_YEAR_9999 = 253_402_300_799


class _Shape(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", populate_by_name=True)


class UpdateChat(_Shape):
    id: int
    type: str


class UpdateUser(_Shape):
    id: int


class UpdateLocation(_Shape):
    latitude: float
    longitude: float


class UpdateVenue(_Shape):
    location: UpdateLocation


class UpdateMessage(_Shape):
    message_id: int
    date: int = Field(ge=0, le=_YEAR_9999)
    chat: UpdateChat
    edit_date: int | None = Field(None, ge=0, le=_YEAR_9999)
    text: str | None = None
    location: UpdateLocation | None = None
    venue: UpdateVenue | None = None


class UpdateCallbackQuery(_Shape):
    id: str
    from_user: UpdateUser = Field(alias="from")
    data: str | None = None
    message: UpdateMessage | None = None


class TelegramUpdate(_Shape):
    """A Telegram Update (https://core.telegram.org/bots/api#update): the fields read."""

    update_id: int
    message: UpdateMessage | None = None
    edited_message: UpdateMessage | None = None
    callback_query: UpdateCallbackQuery | None = None


def _inline(schema: Any, definitions: dict[str, Any]) -> Any:
    """`schema` with its `$ref`s to `definitions` replaced by what they name."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
        return {k: _inline(v, definitions) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inline(item, definitions) for item in schema]
    return schema


def _update_schema() -> dict[str, Any]:
    schema = TelegramUpdate.model_json_schema(by_alias=True)
    return cast(dict[str, Any], _inline(schema, schema.get("$defs", {})))


#: the OpenAPI of the webhook, whose route reads the body itself
UPDATE_OPENAPI: dict[str, Any] = {
    "parameters": [
        {
            "name": "X-Telegram-Bot-Api-Secret-Token",
            "in": "header",
            "required": True,
            "description": "the secret given to setWebhook (AUTONOMIE_TELEGRAM_SECRET)",
            "schema": {"type": "string"},
        }
    ],
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _update_schema()}},
    },
}
