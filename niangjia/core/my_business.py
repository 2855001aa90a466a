"""我的办事: everything a worker has applied for, in one list, from every module.

Each app registers a provider in its AppConfig.ready(): a function of the user that returns
`BusinessItem`s from the app's own selectors (core never imports an app). A provider costs a fixed
number of queries, whatever the user's history.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The words of 我的办事, shared by every provider so that the list reads the same across modules (and the
# translations live in one catalog).
T = {
    "number": _("No. %(n)s"),
    "relief": _("Relief application"),
    "mutual_aid": _("Medical mutual aid"),
    "help": _("Help request"),
    "booking": _("Counsellor booking"),
    "at_grassroots": _("First review at your grassroots union"),
    "at_district": _("Approval at the district federation"),
    "at_city": _("Approval at the city federation"),
    "grassroots": _("your grassroots union"),
    "district": _("the district federation"),
    "city": _("the city federation"),
    "first_review": _("First review by union staff"),
    "final_approval": _("Final approval"),
    "awaiting_payment": _("Approved, awaiting payment"),
    "your_union": _("your union"),
    "finance": _("your union's finance"),
    "message_each_step": _("You will get a message at each step."),
    "message_when_decided": _("You will get a message when it is decided."),
    "after_rejection": _("Read the reason; fix and apply again, or call the hotline to appeal."),
    "contact_by": _("we contact you by %(day)s"),
    "add_messages": _("Add messages or photos on the case page."),
    "rate": _("Rate how we helped."),
    "cancelled": _("Cancelled"),
    "booked": _("Booked"),
    "done": _("Done"),
    "come_on_time": _("Come on time, or cancel the day before."),
}

Provider = Callable[[object], list["BusinessItem"]]
_PROVIDERS: dict[str, Provider] = {}


@dataclass(frozen=True)
class BusinessItem:
    number: str            # the number staff use in messages, e.g. "第6号" or "RQ20260001"
    kind: str              # 入会申请, 帮扶申请, 医疗互助, 求助, 咨询预约, 转会
    title: str             # one line the worker recognises
    stage: str             # where it is now, in words
    url: str               # its status page
    created_at: dt.datetime
    pending: bool          # still waiting on someone
    next_step: str = ""    # what happens next, or what the worker can do
    holder: str = ""       # who holds it now (a union's name, "您" when the worker must act)
    expected: str = ""     # the expected time from the SLA or policy, e.g. "一般 3 个工作日内"
    rejected: bool = False
    code: str = ""         # a stable code for the kind ("relief", "help" …), independent of the page language


def register(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def items_for(user) -> list[BusinessItem]:
    items: list[BusinessItem] = []
    for provider in _PROVIDERS.values():
        items.extend(provider(user))
    return sorted(items, key=lambda i: i.created_at, reverse=True)


def pending_for(user) -> list[BusinessItem]:
    return [i for i in items_for(user) if i.pending]
