"""Form pieces shared by staff and resident pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.images import MAX_PHOTOS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to nine photos from one <input multiple>; each is checked when the case is written."""

    widget = MultipleFileInput(attrs={"accept": "image/*", "multiple": True})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("最多上传 %(count)s 张照片") % {"count": MAX_PHOTOS})
        return [super(PhotosField, self).clean(f, initial) for f in files]


def report_form_errors(request, form) -> None:
    """Each invalid field of a posted form as one Chinese message: "标签：错误"."""
    from django.contrib import messages

    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
