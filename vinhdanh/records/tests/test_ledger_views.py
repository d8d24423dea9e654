"""Correcting and revoking entries from a timeline; registering and reading decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.people.models import Household, Person
from vinhdanh.records.models import Decision, DecisionLine, Entry, EntryKind, Operation
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import DecisionLineIn, record_entry, register_decision
from vinhdanh.records.tests.conftest import make_person
from vinhdanh.units.models import OrgUnit

PASSWORD = "Mat-khau-2025!"
ART_93 = "Luật Thi đua, khen thưởng 2022, Điều 93"


def _login(client: Client, user: User) -> Client:
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _title(officer: User, person: Person, decision: Decision) -> Entry:
    return record_entry(actor=officer, subject=person, source=decision,
                        data=EntryData(kind=EntryKind.TITLE, year=2023,
                                       award_code="lao_dong_tien_tien"))


def _lines(*rows: tuple[str, str, str], extra: int = 0) -> dict[str, str]:
    data = {"lines-TOTAL_FORMS": str(len(rows) + extra), "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "200"}
    for i, (subject, award, amount) in enumerate(rows):
        data.update({f"lines-{i}-subject": subject, f"lines-{i}-award_code": award,
                     f"lines-{i}-amount_vnd": amount})
    return data


def _decision(issuer: OrgUnit, number: str = "125/QĐ-UBND", date: str = "15/01/2025",
              **extra: str) -> dict[str, str]:
    return {"number": number, "date": date, "issuer": str(issuer.pk),
            "signer_name": "Lê Văn Hùng", "signer_title": "Chủ tịch",
            "commendation_type": "merit", "register": "1", **extra}


# --- Revoking and correcting from the timeline ------------------------------------------


def test_officer_revokes_an_entry_and_timeline_shows_both(
    client: Client, commune_officer: User, outsider: User, person: Person, decision: Decision,
    province: OrgUnit,
) -> None:
    """The commune's officer revokes; the neighbouring commune's officer gets 404."""
    entry = _title(commune_officer, person, decision)
    url = f"/so-thanh-tich/muc/{entry.pk}/huy-bo/"
    form = {"decision_number": "88/QĐ-UBND", "decision_date": "03/03/2025",
            "decision_issuer": str(province.pk), "decision_signer": "Lê Văn Hùng",
            "reason": "Khai man thành tích", "legal_basis": ART_93}

    _login(client, outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, form).status_code == 404
    assert Entry.objects.count() == 1

    _login(client, commune_officer)
    page = client.get(url)
    assert page.status_code == 200
    assert ART_93 in page.content.decode()  # the legal basis is offered
    response = client.post(url, form)
    assert response.status_code == 302
    revocation = Entry.objects.get(operation=Operation.REVOCATION)
    assert revocation.supersedes_id == entry.pk
    assert revocation.decision is not None
    assert revocation.decision.number == "88/QĐ-UBND"
    assert AuditEvent.objects.filter(action="records.entry_revoked").count() == 1

    timeline = client.get(f"/so-thanh-tich/ca-nhan/{person.pk}/").content.decode()
    assert "Lao động tiên tiến" in timeline  # the catalogue name, not the code
    assert "125/QĐ-UBND" in timeline
    assert "88/QĐ-UBND" in timeline
    assert "Khai man thành tích" in timeline
    assert f'href="/so-thanh-tich/muc/{entry.pk}/huy-bo/"' not in timeline  # no longer current
    # A revoked entry cannot be revoked again.
    assert client.get(url).status_code == 403


def test_revocation_needs_a_decision_reason_and_basis(
    client: Client, commune_officer: User, person: Person, decision: Decision,
    province: OrgUnit,
) -> None:
    entry = _title(commune_officer, person, decision)
    _login(client, commune_officer)
    url = f"/so-thanh-tich/muc/{entry.pk}/huy-bo/"
    page = client.post(url, {"reason": "", "legal_basis": ""}).content.decode()
    assert "Bắt buộc: nêu quyết định (số, ngày và cơ quan ban hành)." in page
    future = client.post(url, {
        "decision_number": "88/QĐ-UBND", "decision_date": "01/01/2099",
        "decision_issuer": str(province.pk), "reason": "x", "legal_basis": ART_93,
    }).content.decode()
    assert "Ngày: quyết định không thể mang ngày trong tương lai (01/01/2099)." in future
    bad_number = client.post(url, {
        "decision_number": "QĐ tám tám", "decision_date": "01/01/2025",
        "decision_issuer": str(province.pk), "reason": "x", "legal_basis": ART_93,
    }).content.decode()
    assert "không viết theo dạng số quyết định" in bad_number
    assert Entry.objects.count() == 1
    assert not Decision.objects.exclude(pk=decision.pk).exists()


def test_officer_corrects_an_entry_citing_its_own_source(
    client: Client, commune_officer: User, outsider: User, person: Person, decision: Decision,
) -> None:
    entry = _title(commune_officer, person, decision)
    url = f"/so-thanh-tich/muc/{entry.pk}/dinh-chinh/"
    form = {"year": "2023", "award_code": "chien_si_thi_dua_co_so", "date": "",
            "note": "", "reason": "Nhập nhầm danh hiệu", "legal_basis": "Quyết định 125/QĐ-UBND"}
    _login(client, outsider)
    assert client.post(url, form).status_code == 404
    _login(client, commune_officer)
    assert client.get(url).status_code == 200
    unchanged = client.post(url, {**form, "award_code": "lao_dong_tien_tien"})
    assert "Bản đính chính không thay đổi gì" in unchanged.content.decode()
    wrong = client.post(url, {**form, "award_code": "tap_the_lao_dong_xuat_sac"})
    assert "không xét tặng cho loại đối tượng này" in wrong.content.decode()
    assert client.post(url, form).status_code == 302
    correction = Entry.objects.get(operation=Operation.CORRECTION)
    assert correction.award_code == "chien_si_thi_dua_co_so"
    assert correction.decision_id == decision.pk  # a clerical correction cites the source
    timeline = client.get(f"/so-thanh-tich/ca-nhan/{person.pk}/").content.decode()
    assert "Lao động tiên tiến" in timeline
    assert "Chiến sĩ thi đua cơ sở" in timeline
    assert "Nhập nhầm danh hiệu" in timeline


def test_household_and_collective_entries_are_amended_from_their_timelines(
    client: Client, commune_officer: User, outsider: User, commune: OrgUnit,
    decision: Decision, person: Person,
) -> None:
    household = Household.objects.create(code="HB-01", head=person, unit=commune)
    family = record_entry(actor=commune_officer, subject=household, source=decision,
                          data=EntryData(kind=EntryKind.TITLE, year=2024,
                                         award_code="gia_dinh_van_hoa"))
    rating = record_entry(actor=commune_officer, subject=commune, source=decision,
                          data=EntryData(kind=EntryKind.TASK_RATING, year=2024, rating="good"))
    _login(client, commune_officer)
    page = client.get(f"/so-thanh-tich/ho-gia-dinh/{household.pk}/").content.decode()
    assert f"/so-thanh-tich/muc/{family.pk}/huy-bo/" in page
    response = client.post(f"/so-thanh-tich/muc/{rating.pk}/dinh-chinh/", {
        "year": "2024", "rating": "excellent", "note": "", "reason": "Sai mức xếp loại",
        "legal_basis": "Quyết định 125/QĐ-UBND"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"/so-thanh-tich/don-vi/{commune.pk}/")
    _login(client, outsider)
    assert client.get(f"/so-thanh-tich/muc/{family.pk}/huy-bo/").status_code == 404
    assert client.get(f"/so-thanh-tich/muc/{rating.pk}/dinh-chinh/").status_code == 404


# --- Registering decisions -------------------------------------------------------------


def test_officer_registers_a_decision_with_two_lines(
    client: Client, commune_officer: User, outsider: User, commune: OrgUnit, province: OrgUnit,
    person: Person,
) -> None:
    binh = make_person(commune, "Trần Thị Bình", dt.date(1985, 2, 3))
    _login(client, commune_officer)
    page = client.get("/so-thanh-tich/quyet-dinh/moi/")
    assert page.status_code == 200
    assert "Trần Thị Bình" in page.content.decode()
    data = {**_decision(province), **_lines((f"p:{person.pk}", "lao_dong_tien_tien", ""),
                                            (f"p:{binh.pk}", "bang_khen_bo_tinh", "2.340.000 đ"),
                                            extra=1)}
    response = client.post("/so-thanh-tich/quyet-dinh/moi/", data)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert response["Location"] == f"/so-thanh-tich/quyet-dinh/{decision.pk}/"
    assert list(DecisionLine.objects.values_list("amount_vnd", flat=True)) == [0, 2_340_000]
    assert Entry.objects.filter(decision=decision).count() == 2
    detail = client.get(response["Location"]).content.decode()
    assert "2.340.000 đ" in detail
    assert "Bằng khen" in detail
    assert "Trần Thị Bình" in detail

    # The neighbouring commune's officer neither sees it nor can register for these people.
    _login(client, outsider)
    assert client.get(f"/so-thanh-tich/quyet-dinh/{decision.pk}/").status_code == 404
    refused = client.post("/so-thanh-tich/quyet-dinh/moi/", {
        **_decision(province, number="9/QĐ-UBND"),
        **_lines((f"p:{binh.pk}", "giay_khen", "500.000"))})
    assert refused.status_code == 200
    assert "Dòng 1, người được khen" in refused.content.decode()
    assert Decision.objects.count() == 1


def test_bad_decisions_get_messages_naming_the_field_and_write_nothing(
    client: Client, commune_officer: User, commune: OrgUnit, province: OrgUnit,
    other_commune: OrgUnit, person: Person,
) -> None:
    register_decision(actor=commune_officer, number="125/QĐ-UBND", date=dt.date(2025, 1, 15),
                      issuer=province,
                      lines=[DecisionLineIn(subject=person, award_code="giay_khen")])
    _login(client, commune_officer)
    before = (Decision.objects.count(), DecisionLine.objects.count(), Entry.objects.count())
    url = "/so-thanh-tich/quyet-dinh/moi/"
    one = _lines((f"p:{person.pk}", "bang_khen_bo_tinh", "1.000.000"))

    def page(data: dict[str, str]) -> str:
        response = client.post(url, data)
        assert response.status_code == 200
        return response.content.decode()

    # Same number, same issuer, same year (another date).
    assert ("Số: Tỉnh Ninh Bình đã có quyết định 125/QĐ-UBND trong năm 2025 (ngày 15/01/2025)."
            in page({**_decision(province, date="20/06/2025"), **one}))
    assert "Ngày: quyết định không thể mang ngày trong tương lai" in page(
        {**_decision(province, number="5/QĐ-UBND", date="01/01/2099"), **one})
    assert "Nhập ngày theo dạng dd/mm/yyyy." in page(
        {**_decision(province, number="5/QĐ-UBND", date="31/02/2025"), **one})
    assert "Dòng 1, người được khen" in page(
        {**_decision(province, number="5/QĐ-UBND"), **_lines(("p:999999", "giay_khen", ""))})
    assert "Dòng 1, danh hiệu / hình thức: không có danh hiệu, hình thức khen thưởng" in page(
        {**_decision(province, number="5/QĐ-UBND"), **_lines((f"p:{person.pk}", "xyz", ""))})
    wrong_kind = page({**_decision(province, number="5/QĐ-UBND"),
                       **_lines((f"p:{person.pk}", "giay_khen", ""),
                                (f"p:{person.pk}", "tap_the_lao_dong_xuat_sac", ""))})
    assert "Dòng 2, danh hiệu / hình thức:" in wrong_kind
    assert "không xét tặng cho loại đối tượng này" in wrong_kind
    assert "Nhập số tiền nguyên" in page({**_decision(province, number="5/QĐ-UBND"),
                                          **_lines((f"p:{person.pk}", "giay_khen", "abc"))})
    assert "Dòng 2 lặp lại dòng 1" in page(
        {**_decision(province, number="5/QĐ-UBND"),
         **_lines((f"p:{person.pk}", "giay_khen", ""), (f"p:{person.pk}", "giay_khen", ""))})
    assert "ít nhất một người" in page({**_decision(province, number="5/QĐ-UBND"), **_lines()})
    # Another commune as the issuing body is not offered, and refused when posted.
    foreign = {**_decision(other_commune, number="5/QĐ-UBND"), **one}
    assert "Chọn cơ quan ban hành trong danh sách" in page(foreign)
    assert (Decision.objects.count(), DecisionLine.objects.count(),
            Entry.objects.count()) == before


def test_add_line_button_offers_one_more_line(
    client: Client, commune_officer: User, province: OrgUnit, person: Person,
) -> None:
    _login(client, commune_officer)
    data = {**_decision(province), **_lines((f"p:{person.pk}", "giay_khen", "100.000")),
            "add_line": "1"}
    del data["register"]
    page = client.post("/so-thanh-tich/quyet-dinh/moi/", data).content.decode()
    assert 'name="lines-1-subject"' in page
    assert 'value="100.000"' in page
    assert not Decision.objects.exists()


def test_register_page_is_refused_without_a_scope(client: Client, db: None) -> None:
    nobody = User.objects.create_user(username="khach", password=PASSWORD, full_name="Khách")
    _login(client, nobody)
    assert client.get("/so-thanh-tich/quyet-dinh/moi/").status_code == 403


# --- The register ----------------------------------------------------------------------


def test_register_searches_by_number_date_issuer_and_awardee(
    client: Client, commune_officer: User, outsider: User, commune: OrgUnit, province: OrgUnit,
    person: Person,
) -> None:
    register_decision(actor=commune_officer, number="7/QĐ-UBND", date=dt.date(2025, 2, 1),
                      issuer=province,
                      lines=[DecisionLineIn(subject=person, award_code="bang_khen_bo_tinh",
                                            amount_vnd=2_340_000)])
    register_decision(actor=commune_officer, number="3/QĐ-UBND", date=dt.date(2024, 5, 1),
                      issuer=commune,
                      lines=[DecisionLineIn(subject=person, award_code="giay_khen")])
    _login(client, commune_officer)

    def numbers(**query: str) -> list[str]:
        page = client.get("/so-thanh-tich/quyet-dinh/", query).content.decode()
        return [n for n in ("7/QĐ-UBND", "3/QĐ-UBND") if n in page]

    assert numbers() == ["7/QĐ-UBND", "3/QĐ-UBND"]
    assert numbers(number="7/qd") == ["7/QĐ-UBND"]
    assert numbers(issuer="phuong ha nam") == ["3/QĐ-UBND"]
    assert numbers(date_from="01/01/2025") == ["7/QĐ-UBND"]
    assert numbers(date_to="31/12/2024") == ["3/QĐ-UBND"]
    assert numbers(awardee="nguyen van an") == ["7/QĐ-UBND", "3/QĐ-UBND"]
    assert "2.340.000 đ" in client.get("/so-thanh-tich/quyet-dinh/").content.decode()
    _login(client, outsider)
    assert numbers() == []


def test_register_and_detail_query_counts(
    client: Client, commune_officer: User, province: OrgUnit, commune: OrgUnit, person: Person,
    django_assert_num_queries: Any,
) -> None:
    """Neither page's query count grows with the number of decisions, lines or amendments."""
    people = [person] + [make_person(commune, f"Người {i}", dt.date(1980, 1, 1 + i))
                         for i in range(4)]
    decision = register_decision(
        actor=commune_officer, number="1/QĐ-UBND", date=dt.date(2025, 1, 2), issuer=province,
        lines=[DecisionLineIn(subject=p, award_code="giay_khen", amount_vnd=500_000)
               for p in people])
    for number in range(2, 6):
        register_decision(actor=commune_officer, number=f"{number}/QĐ-UBND",
                          date=dt.date(2025, 1, 1 + number), issuer=province,
                          lines=[DecisionLineIn(subject=person, award_code="bang_khen_bo_tinh")])
    _login(client, commune_officer)
    first = Entry.objects.filter(decision=decision).order_by("pk")[0]
    client.post(f"/so-thanh-tich/muc/{first.pk}/huy-bo/", {
        "decision_number": "90/QĐ-UBND", "decision_date": "03/03/2025",
        "decision_issuer": str(province.pk), "reason": "Khai man", "legal_basis": ART_93})
    # 1: session; 2: user; 3: role grants; 4: decisions with issuer, line count and money
    with django_assert_num_queries(4):
        assert client.get("/so-thanh-tich/quyet-dinh/", {"awardee": "nguoi"}).status_code == 200
    # 1: session; 2: user; 3: role grants; 4: the decision (scope, issuer, count, money);
    # 5: its lines with their entry and what replaced it; 6: the entries it amends
    with django_assert_num_queries(6):
        assert client.get(f"/so-thanh-tich/quyet-dinh/{decision.pk}/").status_code == 200
    revoking = Decision.objects.get(number="90/QĐ-UBND")
    with django_assert_num_queries(6):
        page = client.get(f"/so-thanh-tich/quyet-dinh/{revoking.pk}/")
    assert "Khai man" in page.content.decode()


# --- Adding entries and filtering the timeline --------------------------------------------


def test_officer_adds_a_discipline_entry_under_its_decision(
    client: Client, commune_officer: User, outsider: User, commune: OrgUnit, person: Person,
) -> None:
    url = f"/so-thanh-tich/ca-nhan/{person.pk}/them/?kind=discipline"
    form = {"year": "2024", "discipline_level": "reprimand", "start": "01/03/2024",
            "end": "", "note": "", "decision_number": "12/QĐ-UBND",
            "decision_date": "28/02/2024", "decision_issuer": str(commune.pk)}
    _login(client, outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, form).status_code == 404
    _login(client, commune_officer)
    page = client.get(url).content.decode()
    assert 'name="discipline_level"' in page
    assert 'name="award_code"' not in page  # only the fields a discipline carries
    missing = client.post(url, {**form, "discipline_level": ""}).content.decode()
    assert "Loại thành tích này bắt buộc phải có Hình thức kỷ luật." in missing
    response = client.post(url, form)
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.kind == EntryKind.DISCIPLINE
    assert entry.decision is not None
    assert entry.decision.number == "12/QĐ-UBND"
    unit_page = client.get(f"/so-thanh-tich/don-vi/{commune.pk}/them/?kind=task_rating")
    assert unit_page.status_code == 200


def test_timeline_filters_by_year(
    client: Client, commune_officer: User, person: Person, decision: Decision,
) -> None:
    for year in (2019, 2021, 2023):
        record_entry(actor=commune_officer, subject=person, source=decision,
                     data=EntryData(kind=EntryKind.TASK_RATING, year=year, rating="good"))
    _login(client, commune_officer)
    page = client.get(f"/so-thanh-tich/ca-nhan/{person.pk}/",
                      {"year_from": "2020", "year_to": "2022"}).content.decode()
    assert "Năm 2021" in page
    assert "Năm 2019" not in page
    assert "Năm 2023" not in page


# --- The same operations through the API -------------------------------------------------


def test_api_registers_a_decision_then_revokes_and_corrects_entries(
    commune_officer: User, outsider: User, commune: OrgUnit, province: OrgUnit, person: Person,
) -> None:
    officer, neighbour = Client(), Client()
    officer.force_login(commune_officer)
    neighbour.force_login(outsider)

    def post(who: Client, path: str, data: dict[str, Any]) -> Any:
        return who.post(f"/api/v1/records{path}", data, content_type="application/json")

    lan = make_person(commune, "Trần Thị Lan", dt.date(1985, 7, 9))
    payload = {"number": "125/QĐ-UBND", "date": "2025-01-15", "issuer_id": province.pk,
               "lines": [{"subject": f"p:{person.pk}", "award_code": "bang_khen_bo_tinh",
                          "amount_vnd": 2_340_000},
                         {"subject": f"p:{lan.pk}", "award_code": "giay_khen"}]}
    refused = post(neighbour, "/decisions", payload)
    assert refused.status_code == 400
    assert "Dòng 1, người được khen" in refused.json()["message"]
    created = post(officer, "/decisions", payload)
    assert created.status_code == 201
    body = created.json()
    assert body["total_vnd"] == 2_340_000
    assert [line["replaced_by"] for line in body["lines"]] == [None, None]
    first, second = (line["entry_id"] for line in body["lines"])
    assert neighbour.get(f"/api/v1/records/decisions/{body['id']}").status_code == 404

    revoke = {"decision": {"number": "310/QĐ-UBND", "date": "2025-06-20",
                           "issuer_id": province.pk},
              "reason": "Khai man", "legal_basis": ART_93}
    assert post(neighbour, f"/entries/{first}/revoke", revoke).status_code == 404
    revoked = post(officer, f"/entries/{first}/revoke", revoke)
    assert revoked.status_code == 201
    assert revoked.json()["operation"] == "revocation"
    corrected = post(officer, f"/entries/{second}/correct", {
        "award_code": "bang_khen_bo_tinh", "reason": "Nhầm hình thức",
        "legal_basis": "Quyết định 125/QĐ-UBND"})
    assert corrected.status_code == 201
    assert corrected.json()["decision_number"] == "125/QĐ-UBND"
    detail = officer.get(f"/api/v1/records/decisions/{body['id']}").json()
    assert [line["replaced_by"] for line in detail["lines"]] == ["revocation", "correction"]
