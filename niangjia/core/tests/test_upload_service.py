"""A use case that stores uploads and then fails leaves no file and no attachment row behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from niangjia.core.errors import Invalid
from niangjia.core.models import Attachment
from niangjia.core.services.uploads import atomic_with_uploads, check_uploads, store_uploads

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def files_in(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_failure_after_storing_removes_files(tree, make_user, media):
    actor = make_user(roles=[(tree.union_a, "staff")])

    @atomic_with_uploads
    def use_case(fail: bool):
        stored = store_uploads(actor, tree.union_a, check_uploads([SimpleUploadedFile("a.png", PNG)]), purpose="test")
        if fail:
            raise Invalid("后面的检查没通过。")
        return stored

    with pytest.raises(Invalid):
        use_case(True)
    assert files_in(media) == [] and not Attachment.objects.exists()
    use_case(False)
    assert len(files_in(media)) == 1 and Attachment.objects.count() == 1


def test_one_bad_file_refuses_all_before_storing(tree, make_user, media):
    with pytest.raises(Invalid):
        check_uploads([SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.png", b"MZ\x90\x00")])
    assert files_in(media) == []
