"""The interface sentences the code chooses at run time, in one place.

The templates' own words are found by scanning them (`_("...")`); these are the ones no scan
can find, because the code picks them. Each is named here once and used by name, so a new one
is one edit, and `curriculum translate` offers exactly these to translators (`RUNTIME`), with
the values of the models' closed vocabularies that packs print (priorities, activity kinds,
confidence).
"""
from __future__ import annotations

import typing

from .models import Activity, Fact, Priority

RUNTIME: list[str] = []


def _(msgid: str) -> str:
    RUNTIME.append(msgid)
    return msgid


YES = _("yes")
NO = _("no")
UNKNOWN = _("unknown")
UNDATED = _("undated")
ESTIMATE = _("estimate")
DISPUTED = _("disputed")
OPENING = _("Opening: welcome, ground rules, knowledge check")
CLOSING = _("Closing: questions, action planning, knowledge check, evaluation")
BREAK = _("Break")
LUNCH = _("Lunch")
QUOTATION = _("“{text}”")
LEVEL_CRITERION = _("{level}: {criterion}")
CHECK_REPORTED = _("{label}: “{value}” (recorded as {confidence}, as of {as_of}); confirm it "
                   "with the official source.")
CHECK_REPORTED_UNDATED = _("{label}: “{value}” (recorded as {confidence}, with no date); confirm "
                           "it with the official source.")
CHECK_SOURCES = _("Check against:")
CHECK_OPERATES = _("{route} (check that it still operates)")
FIND_AND_ADD = _("Find and add: {route}. No source used for this pack confirms one for {country}; "
                 "do not give participants a number or an address until an official source "
                 "confirms it.")
ROUTE_EMERGENCY = _("the emergency number for a child in danger now")
ROUTE_ADULT_HELPLINE = _("a helpline that adults worried about a child can call")
ROUTE_POLICE_REPORTING = _("the national police service for reporting abuse material, online or "
                           "by phone")
ROUTE_SELF_REMOVAL = _("a service that helps a child or young person remove images of themselves "
                       "from the internet")
CHECK_CONTACT_UNDATED = _("{label}: call or open “{value}” yourself to confirm it still works "
                          "(its record has no date).")
CHECK_CONTACT = _("{label}: call or open “{value}” yourself to confirm it still works (recorded "
                  "as of {as_of}).")
CHECK_UNKNOWN = _("{label}: not known when this pack was built; find it from an official source "
                  "if participants will need it.")
CHECK_LEVEL = _("The level was derived with this criterion unknown: {criterion}. If it is in "
                "fact met, packs for a higher level may fit better.")

# the SCORM package's own page (formats/scorm.py): the pack in a frame, then its knowledge check
SCORM_INTRO = _("Read the training pack, then answer the knowledge check below it.")
SCORM_PACK = _("The training pack")
SCORM_SUBMIT = _("Check my answers")
SCORM_UNANSWERED = _("Answer every question first.")
SCORM_RESULT = _("You answered {right} of {total} questions correctly ({percent}%).")
SCORM_PASSED = _("Passed.")
SCORM_FAILED = _("Not passed yet: read the pack again, then try the questions once more.")
SCORM_RIGHT = _("Right.")
SCORM_WRONG = _("Not this one.")
SCORM_NO_LMS = _("No learning platform was found: your result is shown here but not recorded.")
SCORM_COMPLETED = _("This course has no questions to answer: reading the pack completes it.")

# the facilitator's slide deck (formats/slides.py); the two route sentences are the route card's
SLIDES_VERSION = _("{library}, version {version}, {date}")
SLIDES_OBJECTIVES = _("By the end of this module you will be able to:")
SLIDES_CONTINUED = _("{title} (continued)")
SLIDES_ACTIVITY = _("Activity: {kind}, {minutes} minutes")
SLIDES_QUESTIONS = _("Questions")
SLIDES_QUESTIONS_INTRO = _("Think about your answer to each question.")
SLIDES_ROUTES = _("Where to get help and report")
SLIDES_ROUTES_INTRO = _("The routes recorded on {date}. Numbers change: if one does not work, or "
                        "is missing, ask your facilitator.")
SLIDES_ROUTE_NOT_RECORDED = _("Not recorded: ask your facilitator.")
SLIDES_ROUTE_NONE = _("None is recorded. Ask your facilitator whether there is one now.")
SLIDES_ROUTE_NO_CONTACT = _("How to reach it is not recorded: ask your facilitator.")


def _vocabulary() -> list[str]:
    """Closed vocabularies of the models that packs print through `_(value)`."""
    confidence = typing.get_args(Fact.model_fields["confidence"].annotation)
    kinds = typing.get_args(Activity.model_fields["kind"].annotation)
    return [*typing.get_args(Priority), *kinds, *confidence]


for _word in _vocabulary():
    if _word not in RUNTIME:
        RUNTIME.append(_word)
