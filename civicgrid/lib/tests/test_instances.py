"""lib/instances.new(): the same unsaved instance as Model(**values), or the model itself."""

from datetime import UTC, datetime

import pytest
from django.db.models.signals import post_init

from civicgrid.cases.models import Case, CaseEvent
from civicgrid.lib.instances import new

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def fields_of(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


@pytest.mark.django_db
def test_a_new_case_and_event_equal_the_models_own(city):
    grid = city.grids[0]
    values = dict(
        channel="hotline",
        description="路边垃圾堆积",
        grid=grid,
        area_path=grid.path,
        reporter_phone="13812345678",
        reported_at=AT,
        status="reported",
    )
    fast, slow = new(Case, **values), Case(**values)
    assert fast.code and fast.code != slow.code  # a tracking code drawn for each
    assert fields_of(fast) | {"code": ""} == fields_of(slow) | {"code": ""}
    assert fast.grid == grid and fast.grid_id == grid.pk  # the descriptor set the id too
    assert fast._state.adding and fast.pk is None
    fast.save()
    assert Case.objects.get(pk=fast.pk).reporter_phone == "13812345678"

    event = dict(case=fast, action="report", at=AT, to_status="reported", public=True)
    assert fields_of(new(CaseEvent, **event)) == fields_of(CaseEvent(**event))


def test_a_default_made_per_row_is_made_anew():
    a, b = new(CaseEvent, action="report", at=AT), new(CaseEvent, action="report", at=AT)
    assert a.data == {} and a.data is not b.data  # JSONField(default=dict): not one shared dict


def test_an_unknown_name_is_refused_as_the_model_refuses_it():
    with pytest.raises(TypeError, match="colour"):
        new(Case, colour="red")


def test_a_watched_model_is_built_by_the_model_itself():
    seen = []

    def watch(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(watch, sender=CaseEvent)
    try:
        event = new(CaseEvent, action="report", at=AT)
    finally:
        post_init.disconnect(watch, sender=CaseEvent)
    assert seen == [event]
