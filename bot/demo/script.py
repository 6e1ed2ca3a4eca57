"""What happens in the demo's round, and when: the 2018 round's table (docs/guide.md) played from the round's set-up
in December 2017 to the last four-month follow-up in spring 2019.

A step is a command someone types or a button someone clicks, at a local time (Europe/London) on
a day. Where: a triad's number (its channel), or None (the person's direct messages with the app).
A click finds the latest message in that conversation carrying the button (and the words given); a
button that opens a form has the form filled in (`form`: its fields by block id) and submitted.
Where a director would click, the demo clicks the button on the message that asks; the coordinator's
set-up and a few of the directors type, so that both ways show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.demo.people import COORDINATOR, dcs, mention, team_member

LAST_DAY = date(2019, 4, 30)

OXF, MK, POR = dcs("Oxfordshire"), dcs("Milton Keynes"), dcs("Portsmouth")
WOK, SOT = dcs("Wokingham"), dcs("Southampton")
HAM, WAM, BH = dcs("Hampshire"), dcs("Windsor and Maidenhead"), dcs("Brighton and Hove")


@dataclass(frozen=True)
class Command:
    user: str
    text: str  # after "/peer "
    where: int | None = None


@dataclass(frozen=True)
class Click:
    user: str
    action_id: str
    where: int | None = None
    contains: str = ""  # words the message's text must hold
    # The form the button opens, as the person fills it in (block id -> text, YYYY-MM-DD, HH:MM, an option's
    # value, user ids); the fields not named are left as the form opened. None: the button opens no form.
    form: Mapping[str, str | Sequence[str]] | None = None


@dataclass(frozen=True)
class Step:
    day: date
    at: int  # minutes after midnight, local time
    action: Command | Click
    narration: str | None = None


def _at(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def steps() -> list[Step]:
    out: list[Step] = []

    def on(day: date, hhmm: str, action: Command | Click, narration: str | None = None) -> None:
        out.append(Step(day, _at(hhmm), action, narration))

    setup = date(2017, 12, 4)
    on(setup, "10:00", Command(COORDINATOR, 'round new "SE 2018"'), "The coordinator opens the round SE 2018.")
    on(setup, "10:02", Command(COORDINATOR, 'round dates orientation:"25 January 2018" summit:"14 March 2019"'),
       "... with its orientation (25 January 2018) and the summit (14 March 2019).")  # fmt: skip
    from bot.demo.people import AUTHORITIES

    for i, authority in enumerate(AUTHORITIES):
        team = " ".join(mention(user) for user, _ in authority.team)
        text = f'authority add "{authority.name}" dcs:{mention(authority.dcs)}' + (f" team:{team}" if team else "")
        on(setup, f"10:{5 + i:02d}", Command(COORDINATOR, text),
           "... registers the nine authorities of the 2018 table, each with its DCS." if i == 0 else None)  # fmt: skip
    for number, (host, visitor, observer) in enumerate(
        (
            ("Oxfordshire", "Milton Keynes", "Portsmouth"),
            ("Wokingham", "Southampton", "East Sussex"),
            ("Hampshire", "Windsor and Maidenhead", "Brighton and Hove"),
        ),
        start=1,
    ):
        forms = f'triad new host:"{host}" visitor:"{visitor}" observer:"{observer}"'
        on(setup, f"10:{20 + number}", Command(COORDINATOR, forms),
           f"Triad {number} forms: {host} hosts, {visitor} visits, {observer} observes; "
           "the app opens its private channel.")  # fmt: skip
    on(setup, "11:00", Command(OXF, 'dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', 1),
       'Triad 1 gives its dates as the table has them: "February 2018", "23 & 24 July 2018".')  # fmt: skip
    on(setup, "11:05", Command(WOK, 'dates challenge:"Early October" fieldwork:"December 2018 tbc"', 2),
       'Triad 2: "Early October" (the year taken from the round), "December 2018 tbc".')  # fmt: skip
    on(setup, "11:10", Command(HAM, 'dates challenge:"7 September" fieldwork:"8 & 9 November 2018"', 3),
       'Triad 3: "7 September", "8 & 9 November 2018".')  # fmt: skip

    # Triad 1: Oxfordshire, Milton Keynes, Portsmouth.
    on(date(2017, 12, 22), "10:00", Click(COORDINATOR, "step_done", None, "data profile"),
       "The coordinator marks triad 1's data profile sent, from the reminder's button.")  # fmt: skip
    on(date(2018, 1, 12), "10:00", Click(OXF, "home_dates", 1, "still", form={"challenge": "14 February 2018"}),
       'Nudged to confirm "February 2018", triad 1\'s host clicks Set dates and fixes the challenge session: '
       "14 February 2018.")  # fmt: skip
    on(date(2018, 1, 15), "10:00", Click(POR, "show_programme", 1, "Welcome"),
       "Portsmouth's DCS, observing, looks at the programme from the channel's welcome.")  # fmt: skip
    on(date(2018, 1, 31), "16:00", Click(OXF, "step_done", None, "self-assessment"),
       "Oxfordshire's DCS marks the self-assessment done from the reminder.")  # fmt: skip
    lines1 = (
        (MK, "How well do we hear the voice of the child in plans?"),
        (OXF, "Are step-downs from social care to early help safe and timely?"),
        (team_member("Milton Keynes"), "Early help"),
    )
    on(date(2018, 2, 14), "14:00", Click(MK, "focus_propose_open", 1, "Welcome", form={"line": lines1[0][1]}),
       "At the challenge session, three lines of enquiry are proposed: the visiting DCS from the welcome's "
       "Propose button, the others typed.")  # fmt: skip
    for i, (who, line) in enumerate(lines1[1:], start=1):
        on(date(2018, 2, 14), f"14:{i:02d}", Command(who, f'focus propose "{line}"', 1))
    for i, who in enumerate((OXF, MK)):
        for n, (_, text) in enumerate(lines1[:2]):
            on(date(2018, 2, 14), f"15:{i * 2 + n:02d}", Click(who, "focus_agree", 1, text),
               "The host DCS and the visiting DCS agree two of them, by button." if i == n == 0 else None)  # fmt: skip
    on(date(2018, 2, 14), "15:10", Click(team_member("Milton Keynes"), "focus_withdraw", 1, "Early help"),
       "The third, too broad, is withdrawn by its proposer.")  # fmt: skip
    on(date(2018, 7, 2), "10:00", Click(OXF, "feedback_format_choose_presentation", None, "feedback"),
       "Three weeks before fieldwork, the host records the feedback format agreed, a presentation, from the "
       "reminder's button.")  # fmt: skip
    on(
        date(2018, 7, 2),
        "12:00",
        Command(MK, "status", 1),
        "Reminded of the pre-visit conversation, the visiting DCS checks where triad 1 stands.",
    )
    mk_team = team_member("Milton Keynes")
    interviews1 = (
        ("23 July 2018 09:30-10:15", "Head of Children's Social Care", "manager", (MK, mk_team), "County Hall"),
        ("23 July 2018 10:30-11:30", "Early help practitioners", "practitioners", (mk_team, POR), "Abingdon hub"),
        ("23 July 2018 14:00-15:00", "Children in care council", "service users", (MK, POR), "County Hall"),
    )
    first = interviews1[0]
    on(date(2018, 7, 10), "11:00",
       Click(OXF, "interview_form_open", 1, "interviews",
             form={"start": "09:30", "end": "10:15", "stakeholder": first[1], "role": first[2],
                   "where": first[4], "interviewers": first[3]}),
       "Reminded to finalise the interviews, triad 1's host books the first from the reminder's form, "
       "then types the others.")  # fmt: skip
    for i, (slot, who, role, interviewers, place) in enumerate(interviews1[1:], start=1):
        with_ = " ".join(mention(u) for u in interviewers)
        book = f'interview add "{slot}" "{who}" role:"{role}" with:{with_} where:"{place}"'
        on(date(2018, 7, 10), f"11:{i:02d}", Command(OXF, book, 1))
    on(date(2018, 7, 20), "12:00", Command(MK, "agenda", 1), "The visiting DCS looks at the two-day agenda.")
    on(date(2018, 7, 24), "16:00",
       Command(OXF, 'action add "Audit step-downs to early help since April" '
                   f'owner:{mention(team_member("Oxfordshire"))} due:"30 September 2018" focus:2', 1),
       "The workshop's actions are recorded.")  # fmt: skip
    on(date(2018, 7, 24), "16:05",
       Command(OXF, 'action add "Put the child\'s own words at the front of every plan" '
                   f'owner:{mention(OXF)} due:"31 October 2018" focus:1', 1))  # fmt: skip
    on(date(2018, 8, 22), "10:00", Click(MK, "step_done", None, "report"),
       "Milton Keynes' DCS marks the report done from its reminder.")  # fmt: skip
    on(date(2018, 9, 14), "10:00",
       Click(team_member("Oxfordshire"), "action_progress", 1, "Audit step-downs",
             form={"note": "Half the case files reviewed; themes emerging"}),
       "Progress on action 1, from its message's Add progress button.")  # fmt: skip
    on(date(2018, 10, 1), "10:00", Click(team_member("Oxfordshire"), "action_done", None, "Audit step-downs"),
       "Action 1 marked done from its reminder.")  # fmt: skip
    on(date(2018, 11, 26), "11:00", Click(OXF, "follow_up_visit", 1),
       "Four months on, Oxfordshire's DCS asks for a follow-up visit, by button.")  # fmt: skip

    # Triad 2: Wokingham, Southampton, East Sussex.
    on(date(2018, 9, 11), "10:00", Command(WOK, 'dates challenge:"3 October 2018"', 2),
       'Triad 2 confirms "Early October": 3 October 2018.')  # fmt: skip
    on(date(2018, 9, 19), "10:00", Click(WOK, "step_done", None, "self-assessment"),
       "Wokingham's DCS marks the self-assessment done from the reminder.")  # fmt: skip
    on(date(2018, 10, 3), "14:00",
       Click(SOT, "focus_propose_open", 2, "challenge session",
             form={"line": "How consistent is practice at the front door?"}),
       "Triad 2's challenge session: one line of enquiry, proposed from the day's reminder and agreed by both "
       "DCSs.")  # fmt: skip
    for i, who in enumerate((WOK, SOT)):
        on(date(2018, 10, 3), f"15:{i:02d}", Click(who, "focus_agree", 2, "front door"))
    on(date(2018, 11, 12), "10:00", Command(WOK, 'dates fieldwork:"11 & 12 December 2018"', 2),
       'Nudged about "December 2018 tbc", triad 2 fixes its fieldwork: 11 & 12 December 2018.')  # fmt: skip
    on(date(2018, 12, 12), "16:00",
       Command(WOK, 'action add "Joint audit of contacts at the front door" '
                   f'owner:{mention(team_member("Wokingham"))} due:"28 February 2019" focus:1', 2),
       "Triad 2's workshop records its action.")  # fmt: skip

    # Triad 3: Hampshire, Windsor and Maidenhead, Brighton and Hove.
    on(date(2018, 8, 24), "10:00", Command(HAM, "mark self-assessment done", 3),
       "Hampshire's DCS types that the self-assessment is done (some people type).")  # fmt: skip
    for i, (who, line) in enumerate(
        ((WAM, "How well are care leavers supported into work?"), (HAM, "Do our placements match children's needs?"))
    ):
        on(date(2018, 9, 7), f"14:{i:02d}", Command(who, f'focus propose "{line}"', 3),
           "Triad 3's challenge session agrees two lines of enquiry." if i == 0 else None)  # fmt: skip
        for j, agreeing in enumerate((HAM, WAM)):
            on(date(2018, 9, 7), f"15:{i * 2 + j:02d}", Click(agreeing, "focus_agree", 3, line))
    on(date(2018, 10, 26), "11:00",
       Click(HAM, "interview_form_open", 3, "interviews",
             form={"start": "10:00", "end": "11:00", "stakeholder": "Leaving care team", "role": "practitioners",
                   "where": "Winchester", "interviewers": (WAM, BH)}),
       "Triad 3 books its interview from the reminder's form.")  # fmt: skip
    on(date(2018, 11, 7), "12:00", Click(BH, "fieldwork_agenda_show", 3),
       "The observing DCS looks at the agenda from the day-before reminder.")  # fmt: skip
    on(date(2018, 11, 9), "16:00",
       Command(HAM, 'action add "Apprenticeships for care leavers with the council\'s suppliers" '
                   f'owner:{mention(team_member("Hampshire"))} due:"31 January 2019" focus:1', 3),
       "Triad 3's workshop records its action.")  # fmt: skip
    on(date(2019, 3, 12), "10:00", Click(HAM, "follow_up_decline", 3),
       "Hampshire's DCS says no follow-up visit is needed; nobody chases.")  # fmt: skip

    # The round's summit brief: four weeks before the summit the coordinator is reminded, with its button.
    on(date(2019, 2, 14), "10:00", Click(COORDINATOR, "summit_brief_post", None, "summit brief"),
       "Four weeks before the summit, the coordinator posts the round's brief and timeline from the reminder; "
       "no host has shared its findings, so the triads are counted, not named.")  # fmt: skip
    return out
