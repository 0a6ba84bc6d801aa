"""Stand-in dialogue policies: the real processor and store, a predictable bot."""

from __future__ import annotations

from bot.dialogue.events import BotUttered, Event
from bot.dialogue.tracker import Tracker
from channels.messages import BotMessage, Button


def _say(tracker: Tracker, message: BotMessage) -> list[Event]:
    # the processor's policies append to the tracker themselves
    tracker.update(BotUttered.from_message(message))
    return []


LONG_PAYLOAD = '/cancel_booking{"booking_id": "3f2b8c1e-6a4d-4c1b-9a57-2d1e0f9b7c44-long"}'
MENU = (
    Button("Oui", "/affirm"),
    Button("Non", "/deny"),
    Button("Je ne sais pas", LONG_PAYLOAD),
)


class EchoPolicy:
    """'menu' offers three buttons; anything else is echoed back."""

    async def respond(self, tracker: Tracker, ctx: object) -> list[Event]:
        text = tracker.latest_message.text if tracker.latest_message else ""
        if text == "menu":
            message = BotMessage(text="Que choisissez-vous ?", buttons=MENU)
        else:
            message = BotMessage(text=f"reçu : {text}")
        return _say(tracker, message)


ANSWER = (
    "Pour devenir aide-soignant, il faut le diplôme d'État d'aide-soignant (DEAS). "
    "La formation dure environ 10 mois en institut (IFAS), ou plus en apprentissage. "
    "Elle peut être financée si vous êtes demandeur d'emploi. "
    "Source : service-public.fr, 2025."  # as the bot's fiche answers end, for SMS
)


class DemoPolicy:
    """A plausible exchange for the widget: an answer with its source, then events."""

    async def respond(self, tracker: Tracker, ctx: object) -> list[Event]:
        text = tracker.latest_message.text if tracker.latest_message else ""
        if text.startswith("echo "):
            message = BotMessage(text=text[5:])
        elif text == "/delete_data":  # the erasure's last reply, as the real action says it
            message = BotMessage(
                text="C'est fait : tout ce que je savais de vous est effacé.",
                custom={"erased": True},
            )
        elif text == "/list_events":
            message = BotMessage(
                text="Voici les prochains rendez-vous près de chez vous :",
                buttons=(
                    Button(
                        "Atelier découverte aide-soignant, mar. 12 janv., Mérignac",
                        '/book_event{"event_id": "evt-12"}',
                    ),
                    Button(
                        "Job dating EHPAD, jeu. 14 janv., Pessac",
                        '/book_event{"event_id": "evt-14"}',
                    ),
                ),
            )
        elif text == "/human_handoff":  # worded as the real handoff (screenshots)
            message = BotMessage(
                text=(
                    "Bien sûr. Je transmets notre échange à un conseiller de la plateforme "
                    "de Gironde ; il vous répond ici, dans l'heure."
                )
            )
        elif text.startswith("/book_event"):
            message = BotMessage(
                text="Vous confirmez votre inscription ?",
                buttons=(Button("Oui", "/affirm"), Button("Non", "/deny")),
            )
        else:
            message = BotMessage(
                text=ANSWER,
                buttons=(
                    Button("Voir les ateliers près de chez moi", "/list_events"),
                    Button("Parler à un conseiller", "/human_handoff"),
                ),
                custom={
                    "fiche": "devenir-aide-soignant",
                    "sources": [
                        {
                            "title": "service-public.fr",
                            "url": "https://www.service-public.fr/",
                            "date": "2025-01-06",
                        }
                    ],
                },
            )
        return _say(tracker, message)
