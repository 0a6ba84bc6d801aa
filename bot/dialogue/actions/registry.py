"""The assistant's actions by name, as rules.yml names them."""

from __future__ import annotations

from bot.dialogue.actions.base import Action
from bot.dialogue.actions.confirmation import DropBooking, RepeatBooking
from bot.dialogue.actions.conversation import (
    BareAnswer,
    Greet,
    Misunderstood,
    OtherLanguage,
    PauseForm,
    UnpauseForm,
)
from bot.dialogue.actions.details import EventAdvice, EventDetails
from bot.dialogue.actions.events import (
    AskBooking,
    CancelBooking,
    ConfirmBooking,
    ListEvents,
    MyBookings,
)
from bot.dialogue.actions.handoff import (
    ReleaseHandoff,
    RequestHandoff,
    SensitiveHandoff,
)
from bot.dialogue.actions.immersion import ImmersionChangeNoted, ImmersionForm, ResumeImmersion
from bot.dialogue.actions.knowledge import AnswerQuestion, MoreDetails
from bot.dialogue.actions.privacy import AskDelete, DeleteData, KeepData, OptIn, OptOut
from bot.dialogue.actions.qualification import (
    AcceptConsent,
    AcceptConsentLate,
    AskConsent,
    ContinueForm,
    DeferConsent,
    FillProfile,
    FormAnswer,
    RefuseConsent,
)
from bot.dialogue.content import Content

__all__ = ["default_actions"]


def default_actions(content: Content) -> dict[str, Action]:
    actions: list[Action] = [
        Greet(content),
        BareAnswer(content),
        PauseForm(content),
        UnpauseForm(),
        Misunderstood("action_not_understood", "utter_not_understood", content),
        Misunderstood("action_out_of_scope", "utter_out_of_scope", content),
        OtherLanguage(content),
        FormAnswer(
            content, Misunderstood("action_not_understood", "utter_not_understood", content)
        ),
        # "je sais pas encore", "truc" may be read as a request for help: during the form,
        # the form's answer first, else the question again in other words
        FormAnswer(
            content,
            Misunderstood("action_not_understood", "utter_help", content),
            name="action_form_answer_or_help",
        ),
        AnswerQuestion(content),
        MoreDetails(content),
        FillProfile(content),
        FillProfile(content, mode="quiet"),
        FillProfile(content, mode="keep"),
        ContinueForm(content),
        AskConsent(content),
        AcceptConsent(content),
        AcceptConsentLate(content),
        RefuseConsent(content),
        DeferConsent(content),
        OptOut(content),
        OptIn(content),
        AskDelete(content),
        DeleteData(content),
        KeepData(content),
        ListEvents(content),
        AskBooking(content),
        ConfirmBooking(content),
        DropBooking(content),
        RepeatBooking(content),
        MyBookings(content),
        EventDetails(content),
        EventAdvice(content),
        CancelBooking(content),
        ImmersionForm(content),
        ResumeImmersion(content),
        ImmersionChangeNoted(content),
        RequestHandoff(content),
        SensitiveHandoff(content),
        ReleaseHandoff(content),
    ]
    return {action.name: action for action in actions}
