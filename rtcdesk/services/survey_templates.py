"""Built-in survey templates.

The follow-up action questionnaire follows the sections of ROCB A/P's Good
Practice Reports on follow-up action surveys: responses, follow-up actions
taken, application of what was learnt, direct effects on the administration,
perceived efficiency, modernisation projects, further needs. In evaluation
terms these ask about behaviour and results (levels 3 and 4), not satisfaction.
"""

from __future__ import annotations

from rtcdesk.services.surveys import QuestionData
from rtcdesk.vocabulary import QuestionKind

FOLLOW_UP_TITLE = (
    "Questionnaire on the Follow-Up Actions taken after the Participation "
    "in the WCO Regional Workshop"
)

FOLLOW_UP_INTRODUCTION = (
    "Some months ago you took part in the meeting named above. ROCB A/P would like to learn "
    "what you have done with what you learnt there. Please answer every question marked "
    "as required and return this form by the deadline. Thank you."
)


def follow_up_questions() -> list[QuestionData]:
    shared = "Follow-up actions taken"
    applied = "Application of what was learnt"
    return [
        QuestionData(
            "shared_knowledge",
            QuestionKind.YES_NO,
            "Did you share the knowledge gained with colleagues in your administration?",
            required=True,
            section=shared,
        ),
        QuestionData(
            "colleagues_reached",
            QuestionKind.NUMBER,
            "If yes, with how many colleagues?",
            section=shared,
        ),
        QuestionData(
            "national_trainings",
            QuestionKind.NUMBER,
            "How many national trainings or briefings have you delivered on the topic?",
            required=True,
            section=shared,
        ),
        QuestionData(
            "training_participants",
            QuestionKind.NUMBER,
            "How many people did those trainings reach in total?",
            section=shared,
        ),
        QuestionData(
            "applied_in_work",
            QuestionKind.RATING,
            "How much have you applied what you learnt in your daily work?",
            required=True,
            section=applied,
            scale_min=1,
            scale_max=5,
            scale_min_label="Not at all",
            scale_max_label="Very much",
        ),
        QuestionData(
            "direct_effects",
            QuestionKind.TEXT,
            "Describe any direct effects on your administration (procedures changed, "
            "results achieved).",
            section="Direct effects on the administration",
        ),
        QuestionData(
            "efficiency",
            QuestionKind.RATING,
            "Has the efficiency of your work improved as a result?",
            required=True,
            section="Perceived efficiency",
            scale_min=1,
            scale_max=5,
            scale_min_label="Not at all",
            scale_max_label="Greatly",
        ),
        QuestionData(
            "modernisation_started",
            QuestionKind.YES_NO,
            "Has your administration started a modernisation project related to the topic?",
            required=True,
            section="Modernisation projects",
        ),
        QuestionData(
            "modernisation_which",
            QuestionKind.TEXT,
            "If yes, which project(s)?",
            section="Modernisation projects",
        ),
        QuestionData(
            "further_needs",
            QuestionKind.TEXT,
            "What further training or support would help you?",
            section="Further training needs",
        ),
    ]
