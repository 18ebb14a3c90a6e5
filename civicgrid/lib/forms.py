"""Form pieces shared by staff and resident pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.images import MAX_PHOTOS, MAX_UPLOAD_BYTES
from civicgrid.lib.privacy import normalise_mobile


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to nine photos from one <input multiple>, none over 10 MB; each image is checked
    when the case is written (lib/images.clean_photo)."""

    widget = MultipleFileInput(attrs={"accept": "image/*", "multiple": True})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("最多上传 %(count)s 张照片") % {"count": MAX_PHOTOS})
        cleaned = [super(PhotosField, self).clean(f, initial) for f in files]
        for photo in cleaned:
            if photo and photo.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("照片“%(name)s”超过 10 MB，请压缩后再上传") % {"name": photo.name}
                )
        return cleaned


def clean_mobile(value: str) -> str:
    """A typed mobile number as stored ("" for none), or the Chinese reason it is not one."""
    phone = (value or "").strip()
    if not phone:
        return ""
    try:
        return normalise_mobile(phone)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc


def report_form_errors(request, form) -> None:
    """Each invalid field of a posted form as one Chinese message: "标签：错误"."""
    from django.contrib import messages

    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
