"""The points rules a city starts with (Taizhou's 门前三包积分制); edited in admin afterwards."""

from civicgrid.shops.choices import RuleUse

PASS_CODE = "pass"

DEFAULT_RULES = [
    # code, label, delta, use
    ("pass", "检查合格", 2, RuleUse.PASS),
    ("clutter", "乱堆乱放", -5, RuleUse.ITEM),
    ("outside", "店外经营", -10, RuleUse.ITEM),
    ("litter", "门前垃圾、污水未清理", -5, RuleUse.ITEM),
    ("posting", "乱张贴、乱悬挂", -3, RuleUse.ITEM),
    ("parking", "门前车辆乱停放", -3, RuleUse.ITEM),
    ("fumes", "油烟直排", -10, RuleUse.ITEM),
    ("best", "最美商户", 20, RuleUse.AWARD),
    ("volunteer", "参与街区志愿服务", 5, RuleUse.AWARD),
    ("council", "参加街长恳谈会", 2, RuleUse.AWARD),
    ("complaint", "被群众投诉属实", -5, RuleUse.AWARD),
    ("refused", "拒不整改", -20, RuleUse.AWARD),
]


def ensure_rules(rule_model=None, scheme_model=None) -> None:
    """The default rules and scheme, where none exist yet (a new city, a flushed test database)."""
    if rule_model is None:
        from civicgrid.shops.models import PointRule as rule_model
        from civicgrid.shops.models import PointScheme as scheme_model
    if not rule_model.objects.exists():
        rule_model.objects.bulk_create(
            rule_model(code=code, label=label, delta=delta, use=use, rank=i)
            for i, (code, label, delta, use) in enumerate(DEFAULT_RULES)
        )
    if not scheme_model.objects.exists():
        scheme_model.objects.create()
