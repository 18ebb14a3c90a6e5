"""Model fields for personal data: encrypted at rest, found by a keyed digest."""

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from civicgrid.lib import crypto


class BlankOnly(Exact):
    """`field=""` finds rows without a value; any other value is encrypted with a fresh nonce
    and would silently match nothing, so it is refused: look it up by its digest instead."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(f"{self.lhs.field.name} is encrypted: filter by its digest field")
        return self.rhs


class EncryptedTextField(models.TextField):
    """Text stored SM4-encrypted (lib/crypto.py); Python code reads and writes the plain text.

    `max_length` limits the plain text (forms, admin), not the column. "" stays "" so blank
    values remain blank without a key.
    """

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return crypto.encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        return {"exact": BlankOnly, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, lookup_name):
        return None


class DigestField(models.CharField):
    """The keyed SM3 digest of another field, set on every save: equality lookups without
    decrypting (`reporter_phone_digest=crypto.digest(phone)`)."""

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("max_length", 64), ("editable", False), ("blank", True)):
            if kwargs.get(key) == value:
                del kwargs[key]
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.digest(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def sealed(model) -> list:
    """The fields of `model` a raw INSERT must prepare itself (see `raw_value`)."""
    kinds = (EncryptedTextField, DigestField)
    return [f for f in model._meta.concrete_fields if isinstance(f, kinds)]


def raw_value(field, row: dict):
    """What save() would write for a sealed field of `row` (attname -> plain value), for the
    bulk loaders that bypass the ORM's per-value preparation."""
    if isinstance(field, DigestField):
        return crypto.digest(row.get(field.source) or "")
    return field.get_prep_value(row.get(field.attname, ""))
