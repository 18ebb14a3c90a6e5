"""New unsaved model instances without Model.__init__'s per-field walk, for the hot paths.

A report builds a case and its event; Model(**values) walks all of a case's sixty fields,
popping keywords and asking each missing one for its default, which cost more than the rest
of preparing a hotline row (measured in bench/bench_hotline.py). new() fills the defaults from
a dict made once per model and sets only the given values, through the model's descriptors
(a foreign key given as an object sets its id too). It is Model(**values) for models that no
pre_init / post_init receiver watches (an ImageField or a GenericForeignKey does); for the
others it calls the model itself, so a field added later cannot be skipped silently.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields import NOT_PROVIDED
from django.db.models.signals import post_init, pre_init

M = TypeVar("M", bound=Model)
Defaults = tuple[dict, tuple[tuple[str, Callable], ...], frozenset[str]]
_defaults: dict[type, Defaults] = {}


def _defaults_of(model: type[Model]) -> Defaults:
    """(constant defaults by attname, (attname, callable) for the defaults made per row, the
    names a value may be given under)."""
    constant: dict = {}
    made: list[tuple[str, Callable]] = []
    names: set[str] = set()
    for field in model._meta.concrete_fields:
        names.update((field.name, field.attname))
        default = field.default
        if default is NOT_PROVIDED:  # first: the marker is a class, so callable
            constant[field.attname] = field.get_default()  # "" or None, per the field
        elif callable(default):
            made.append((field.attname, default))
        else:
            constant[field.attname] = default
    _defaults[model] = constant, tuple(made), frozenset(names)
    return _defaults[model]


def new(model: type[M], **values) -> M:
    """An unsaved `model` with `values` set: what `model(**values)` makes, faster."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model(**values)
    constant, made, names = _defaults.get(model) or _defaults_of(model)
    if unknown := values.keys() - names:
        raise TypeError(f"{model.__name__}() got unexpected keyword arguments: {sorted(unknown)}")
    obj = model.__new__(model)
    obj._state = ModelState()
    state = obj.__dict__
    state.update(constant)
    for attname, default in made:
        if attname not in values:
            state[attname] = default()
    for name, value in values.items():
        setattr(obj, name, value)
    return obj
