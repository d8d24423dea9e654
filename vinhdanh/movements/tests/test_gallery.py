"""The registry of exemplary models and the public gallery of the published ones."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.movements.models import ExemplaryModel, ExemplaryPhoto, Movement
from vinhdanh.movements.services.definitions import update_movement
from vinhdanh.movements.services.gallery import add_exemplary_photo, register_exemplary_model
from vinhdanh.units.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Uploaded photos go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path


def login(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def jpeg(name: str = "anh.jpg", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "May anh cua phong vien"  # Make: must not survive re-encoding
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


@pytest.fixture
def public_movement(movement: Movement, province_officer: User) -> Movement:
    return update_movement(actor=province_officer, movement=movement, name=movement.name,
                           start=movement.start, end=movement.end, is_public=True)


def _example(officer: User, movement: Movement, unit: OrgUnit, title: str, *,
             stage: str = "discovered", public: bool = True) -> ExemplaryModel:
    return register_exemplary_model(
        actor=officer, movement=movement, unit=unit, title=title, subject_name="Bà Nguyễn Thị Lan",
        year=2025, stage=stage, description="Vận động 12 hộ góp công xây nhà.",
        is_public=public)


def test_officer_records_an_example_and_another_commune_cannot(
    movement: Movement, commune: OrgUnit, province_officer: User, outsider: User
) -> None:
    url = reverse("movements:gallery_registry", args=[movement.pk])
    post = {"unit": commune.pk, "title": "Mô hình nhà tình nghĩa", "year": 2025,
            "subject_name": "Hội Phụ nữ phường", "is_collective": "on",
            "description": "Câu chuyện", "stage": "nurtured", "is_public": "on"}
    refused = login(outsider).post(url, post)
    assert refused.status_code == 400  # the commune is not among the outsider's choices
    assert not ExemplaryModel.objects.exists()

    response = login(province_officer).post(url, post)
    example = ExemplaryModel.objects.get()
    assert response.status_code == 302
    assert (example.unit, example.stage, example.is_public, example.is_collective) == (
        commune, "nurtured", True, True)
    edit = reverse("movements:gallery_edit", args=[movement.pk, example.pk])
    assert login(outsider).get(edit).status_code == 404
    login(province_officer).post(edit, {
        "title": "Mô hình nhà tình nghĩa", "subject_name": "Hội Phụ nữ phường",
        "description": "Đã nhân rộng ra 5 phường", "stage": "replicated"})
    example.refresh_from_db()
    assert (example.stage, example.is_public) == ("replicated", False)


def test_photos_are_checked_and_re_encoded(
    movement: Movement, commune: OrgUnit, province_officer: User, outsider: User
) -> None:
    example = _example(province_officer, movement, commune, "Mô hình")
    url = reverse("movements:gallery_photo_add", args=[movement.pk, example.pk])
    assert login(outsider).post(url, {"photo": jpeg()}).status_code == 404
    officer = login(province_officer)

    fake = SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>", "image/jpeg")
    response = officer.post(url, {"photo": fake})
    assert response.status_code == 400
    assert "Ảnh: “anh.jpg” không phải ảnh JPEG, PNG hoặc WebP." in response.content.decode()
    broken = SimpleUploadedFile("hong.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 40, "image/jpeg")
    assert "bị hỏng hoặc không phải ảnh" in officer.post(url, {"photo": broken}
                                                         ).content.decode()
    big = SimpleUploadedFile("lon.jpg", b"\xff\xd8\xff" + b"\0" * (5 * 1024 * 1024),
                             "image/jpeg")
    assert "Ảnh: tệp lớn hơn 5 MB." in officer.post(url, {"photo": big}).content.decode()
    assert not ExemplaryPhoto.objects.exists()

    officer.post(url, {"photo": jpeg(size=(3000, 1500)), "caption": "Lễ bàn giao nhà"})
    photo = ExemplaryPhoto.objects.get()
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (2000, 1000)  # scaled down to the largest side kept
        assert 0x010F not in image.getexif()
    served = officer.get(reverse("movements:gallery_photo", args=[movement.pk, photo.pk]))
    assert served["Content-Type"] == "image/jpeg"
    assert login(outsider).get(
        reverse("movements:gallery_photo", args=[movement.pk, photo.pk])).status_code == 404
    officer.post(reverse("movements:gallery_photo_remove",
                         args=[movement.pk, example.pk, photo.pk]))
    assert not ExemplaryPhoto.objects.exists()


def test_public_gallery_shows_only_published_examples_escaped_and_filtered(
    public_movement: Movement, commune: OrgUnit, other_commune: OrgUnit,
    province_officer: User, client: Client,
) -> None:
    shown = _example(province_officer, public_movement, commune,
                     "Nhà <script>alert('x')</script> tình thương", stage="replicated")
    _example(province_officer, public_movement, other_commune, "Mô hình chưa công bố",
             public=False)
    _example(province_officer, public_movement, other_commune, "Mô hình mới phát hiện")
    photo = add_exemplary_photo(actor=province_officer, example=shown, upload=jpeg())

    page = client.get(reverse("movements:public_gallery")).content.decode()
    assert "Nhà &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; tình thương" in page
    assert "<script>alert" not in page
    assert "Mô hình mới phát hiện" in page
    assert "Mô hình chưa công bố" not in page
    assert reverse("movements:public_photo", args=[photo.pk]) in page

    replicated = client.get(reverse("movements:public_gallery"),
                            {"movement": public_movement.code, "stage": "replicated"})
    assert "tình thương" in replicated.content.decode()
    assert "Mô hình mới phát hiện" not in replicated.content.decode()
    assert client.get(reverse("movements:public_photo", args=[photo.pk])).status_code == 200

    hidden = add_exemplary_photo(
        actor=province_officer, upload=jpeg(),
        example=ExemplaryModel.objects.get(title="Mô hình chưa công bố"))
    assert client.get(reverse("movements:public_photo", args=[hidden.pk])).status_code == 404


def test_nothing_is_public_while_the_movement_is_not(
    movement: Movement, commune: OrgUnit, province_officer: User, client: Client
) -> None:
    _example(province_officer, movement, commune, "Mô hình của phong trào nội bộ")
    page = client.get(reverse("movements:public_gallery")).content.decode()
    assert "Mô hình của phong trào nội bộ" not in page


def test_gallery_and_registry_use_constant_queries(
    public_movement: Movement, commune: OrgUnit, other_commune: OrgUnit,
    province_officer: User, client: Client, django_assert_num_queries: Any,
) -> None:
    for n, unit in enumerate([commune, other_commune] * 3):
        example = _example(province_officer, public_movement, unit, f"Mô hình {n}")
        add_exemplary_photo(actor=province_officer, example=example, upload=jpeg())
    # the movements offered by the filter, the published examples with their unit and
    # movement, their photos.
    with django_assert_num_queries(3):
        response = client.get(reverse("movements:public_gallery"))
    assert response.content.decode().count('class="card h-100"') == 6

    officer = login(province_officer)
    url = reverse("movements:gallery_registry", args=[public_movement.pk])
    officer.get(url)
    # session, user, grants, the movement, the subtree units for the form, the examples
    # with their units, their photos.
    with django_assert_num_queries(7):
        response = officer.get(url)
    assert response.content.decode().count("Mô hình ") >= 6
