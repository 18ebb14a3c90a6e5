"""Shared helpers for council and needs tests."""

from civicgrid.council import needs


def new_need(community, **kwargs):
    fields = {"category": "repair", "text": "3号楼楼道灯坏了一个月", "phone": "13800138000"}
    return needs.submit(community=community, **{**fields, **kwargs})
