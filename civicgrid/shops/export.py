"""The shop list as Excel: no owner data, only what the list page shows."""

from django.utils.translation import gettext as _

from civicgrid.cases.export import write_table

MAX_ROWS = 5000


def write_shops(shops):
    """(.xlsx opened for reading, rows written) for these shops."""
    columns = [
        (_("店名"), 24),
        (_("统一社会信用代码 / 营业执照号"), 22),
        (_("经营类别"), 10),
        (_("状态"), 8),
        (_("社区"), 20),
        (_("地址"), 30),
        (_("街长路段"), 20),
        (_("本年积分"), 10),
        (_("红黑榜"), 8),
    ]
    rows = [
        [
            s.name,
            s.licence_no,
            s.get_business_type_display(),
            s.get_status_display(),
            s.community.name,
            s.address,
            s.street_chief.street_name if s.street_chief else "",
            s.points,
            s.get_standing_display() if s.standing else "",
        ]
        for s in shops.select_related("community", "street_chief")[:MAX_ROWS]
    ]
    return write_table(_("门前三包商户"), columns, rows), len(rows)
