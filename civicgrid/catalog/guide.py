"""The public violation guide 一码通 in plain Chinese: what each measure needs, per type.

The conditions themselves are applied in cases/enforcement/rules.py from the same columns
(measures, first_offence_days, correct_days, minor_rule, service_rule); this module only says
them in words for residents, shops and officers.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from civicgrid.catalog.choices import Measure
from civicgrid.catalog.models import ViolationType

M = Measure


def conditions(vt: ViolationType) -> list[tuple[str, str, str]]:
    """(code, label, the condition in plain words) for each measure the type allows."""
    texts: dict[str, str] = {
        M.EDUCATE: _("执法队员讲明法律规定，当事人自行纠正的，以教育劝导为主。"),
        M.FIRST_OFFENCE: _(
            "当事人 %(days)s 天内第一次因此类行为被查处，危害后果轻微并及时改正的，可以不予处罚。"
            "须登记当事人证件号码，以便核实是否初次违法。"
        )
        % {"days": vt.first_offence_days},
        M.MINOR_EXEMPT: _(
            "违法行为轻微并当场改正，没有造成危害后果的，不予处罚。情节轻微是指：%(rule)s。"
        )
        % {"rule": vt.minor_rule or _("由执法队员依据现场情况认定")},
        M.PUBLIC_SERVICE: _("当事人自愿参加公益服务的，可以抵扣处罚：%(rule)s。")
        % {"rule": vt.service_rule or _("参加社区公益服务")},
        M.ORDER_CORRECT: _(
            "责令当事人在期限内改正，期限最长 %(days)s 天；到期复查，逾期未改正的依法予以行政处罚。"
        )
        % {"days": vt.correct_days},
        M.PENALTY: _("依据%(basis)s作出行政处罚决定，出具处罚决定书。")
        % {"basis": vt.legal_basis or _("相关法律法规")},
    }
    return [(value, str(label), texts[value]) for value, label in M.choices if value in vt.measures]


def search(query: str = ""):
    """Violation types whose name, legal basis or law text contains the words typed."""
    types = ViolationType.objects.select_related("category").order_by("code")
    for word in query.split()[:5]:
        types = types.filter(
            Q(name__icontains=word)
            | Q(legal_basis__icontains=word)
            | Q(law_text__icontains=word)
            | Q(minor_rule__icontains=word)
            | Q(category__name__icontains=word)
        )
    return types
