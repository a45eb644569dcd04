"""The questions, in the categories of Scotland's Census 2022, each with "Prefer not to say".
Answers are stored by their key; the order here is the order they are shown and merged in."""

from django.utils.translation import gettext_lazy as _

PREFER_NOT = ("prefer_not", _("Prefer not to say"))

AGE = [
    ("12-15", _("12 to 15")), ("16-24", _("16 to 24")), ("25-34", _("25 to 34")),
    ("35-44", _("35 to 44")), ("45-54", _("45 to 54")), ("55-64", _("55 to 64")),
    ("65-74", _("65 to 74")), ("75+", _("75 or over")), PREFER_NOT,
]
SEX = [("female", _("Female")), ("male", _("Male")), PREFER_NOT]
DISABILITY = [
    ("a_lot", _("Yes, a lot")), ("a_little", _("Yes, a little")), ("no", _("No")), PREFER_NOT,
]
# Scotland's Census 2022, ethnic group: (group heading, [(key, label), ...]).
ETHNIC_GROUPS = [
    (_("White"), [
        ("white_scottish", _("Scottish")), ("white_other_british", _("Other British")),
        ("white_irish", _("Irish")), ("white_polish", _("Polish")),
        ("white_gypsy_traveller", _("Gypsy or Traveller")), ("white_roma", _("Roma")),
        ("white_showman", _("Showman or Showwoman")),
        ("white_other", _("Any other white ethnic group")),
    ]),
    (_("Mixed or multiple ethnic groups"), [
        ("mixed", _("Any mixed or multiple ethnic groups")),
    ]),
    (_("Asian, Scottish Asian or British Asian"), [
        ("asian_pakistani", _("Pakistani, Scottish Pakistani or British Pakistani")),
        ("asian_indian", _("Indian, Scottish Indian or British Indian")),
        ("asian_bangladeshi", _("Bangladeshi, Scottish Bangladeshi or British Bangladeshi")),
        ("asian_chinese", _("Chinese, Scottish Chinese or British Chinese")),
        ("asian_other", _("Any other Asian ethnic group")),
    ]),
    (_("African, Scottish African or British African"), [
        ("african", _("African, Scottish African or British African")),
        ("african_other", _("Any other African ethnic group")),
    ]),
    (_("Caribbean or Black"), [
        ("caribbean", _("Caribbean, Scottish Caribbean or British Caribbean")),
        ("black", _("Black, Scottish Black or British Black")),
        ("caribbean_black_other", _("Any other Caribbean or Black ethnic group")),
    ]),
    (_("Other ethnic group"), [
        ("arab", _("Arab, Scottish Arab or British Arab")),
        ("other", _("Any other ethnic group")),
    ]),
]
ETHNIC = [answer for _heading, answers in ETHNIC_GROUPS for answer in answers] + [PREFER_NOT]

QUESTIONS = {
    "age": (_("Your age"), AGE),
    "sex": (_("Your sex"), SEX),
    "disability": (_("Do you have a physical or mental health condition or illness, lasting "
                     "or expected to last 12 months or more, that reduces your ability to "
                     "carry out day-to-day activities?"), DISABILITY),
    "ethnic_group": (_("Your ethnic group"), ETHNIC),
}


def answer_keys(question: str) -> list[str]:
    return [key for key, _label in QUESTIONS[question][1]]


def label(question: str, key: str) -> str:
    return str(dict(QUESTIONS[question][1])[key])
