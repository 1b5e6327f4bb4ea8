"""Checking uploaded files and photos before they are stored: type, size, and alt text for pictures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", b"PK"),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", b"PK"),
}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    alt_text: str
    is_image: bool
    content_type: str
    size: int

    def fields(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "alt_text": self.alt_text,
            "is_image": self.is_image,
            "content_type": self.content_type,
            "size": self.size,
        }


def _extension(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def validate_upload(upload: UploadedFile, *, alt_text: str = "", images_only: bool = False) -> CheckedUpload:
    """A picture (JPEG, PNG, WebP, GIF: checked by opening it) or a document (PDF, Office, OpenDocument)."""
    from PIL import Image, UnidentifiedImageError

    alt_text = " ".join((alt_text or "").split())
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}}
        )
    extension = _extension(upload.name or "")
    upload.seek(0)
    if extension in IMAGE_EXTENSIONS:
        try:
            with Image.open(upload) as image:
                image.verify()
                image_format = image.format or ""
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError({"file": _("The picture could not be read. Use JPEG, PNG, WebP or GIF.")}) from error
        finally:
            upload.seek(0)
        if image_format not in IMAGE_TYPES:
            raise ValidationError({"file": _("The picture could not be read. Use JPEG, PNG, WebP or GIF.")})
        if not alt_text:
            raise ValidationError({"alt_text": _("Describe what the picture shows for people who cannot see it.")})
        return CheckedUpload(upload, alt_text[:300], True, IMAGE_TYPES[image_format], size)
    if images_only:
        raise ValidationError({"file": _("Only pictures can be added here (JPEG, PNG, WebP or GIF).")})
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            {
                "file": _(
                    "This kind of file cannot be added. "
                    "Use a picture, PDF, Word, Excel, PowerPoint or OpenDocument file."
                )
            }
        )
    content_type, magic = DOCUMENT_TYPES[extension]
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(magic):
        raise ValidationError({"file": _("The file's content does not match its name (%(ext)s).") % {"ext": extension}})
    return CheckedUpload(upload, alt_text[:300], False, content_type, size)
