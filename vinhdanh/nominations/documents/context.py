"""What the decision documents say, built from an issued decision and its awarded lines."""

from __future__ import annotations

from django.db.models import QuerySet

from vinhdanh.core.money import format_vnd
from vinhdanh.nominations.documents.certificates import CertificateItem
from vinhdanh.nominations.documents.decision_docx import (
    AwardeeRow,
    DecisionContext,
    amount_words,
)
from vinhdanh.nominations.models import IssuedDecision, NomineeLine
from vinhdanh.units.models import OrgUnit

#: Leading words of unit names that are not part of the place name ("Tỉnh Ninh Bình").
KIND_WORDS = ("Thành phố", "Tỉnh", "Xã", "Phường", "Đặc khu", "Thị trấn")


def place_name(unit: OrgUnit) -> str:
    for word in KIND_WORDS:
        if unit.name.startswith(word + " "):
            return unit.name[len(word) + 1:]
    return unit.name


def issuer_body(unit: OrgUnit) -> str:
    # The issuing body of a chair's decision is the People's Committee of the unit
    # (Decree 30/2020 Appendix I: its full name, in capitals).
    return f"ỦY BAN NHÂN DÂN {unit.name.upper()}"


def awarded_lines(issued: IssuedDecision) -> QuerySet[NomineeLine]:
    """The lines a decision awarded (revoked ones too: their certificate says so)."""
    return (NomineeLine.objects.filter(decision_line__decision_id=issued.decision_id)
            .select_related("person__unit", "household__unit", "collective", "certificate")
            .order_by("decision_line_id"))


def line_unit(line: NomineeLine) -> str:
    if line.person is not None:
        return line.person.unit.name
    if line.household is not None:
        return line.household.unit.name
    return ""


def place_date(issued: IssuedDecision) -> str:
    day = issued.decision.date
    return f"{place_name(issued.proposal.to_unit)}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def decision_context(issued: IssuedDecision, lines: list[NomineeLine]) -> DecisionContext:
    decision, proposal = issued.decision, issued.proposal
    issuer = proposal.to_unit
    awards = sorted({line.award_name for line in lines})
    total = sum(line.amount_vnd or 0 for line in lines)
    proposal_ref = proposal.title
    if proposal.letter_number:
        proposal_ref = f"Tờ trình số {proposal.letter_number} của {proposal.unit.name}"
    return DecisionContext(
        issuer_body=issuer_body(issuer), number=decision.number, place=place_name(issuer),
        day=f"{decision.date:%d}", month=f"{decision.date:%m}", year=f"{decision.date:%Y}",
        subject="Về việc tặng " + ", ".join(awards),
        authority=f"CHỦ TỊCH {issuer_body(issuer)}",
        legal_basis=[part.strip().rstrip(";.") for part in
                     issued.legal_basis.replace("\n", ";").split(";") if part.strip()],
        proposal=proposal_ref,
        awardees=[AwardeeRow(index=i, name=line.nominee_name, unit=line_unit(line),
                             award=line.award_name,
                             amount=amount_words(line.amount_vnd or 0))
                  for i, line in enumerate(lines, start=1)],
        total=amount_words(total),
        # Decree 152/2025 Art 49 and Art 63: reward money comes from the emulation and
        # commendation fund of the level that decides.
        money_source=("Tiền thưởng được chi từ Quỹ thi đua, khen thưởng của "
                      f"{issuer.name} theo quy định; tổng số tiền: {amount_words(total)}."),
        executors=("Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng ban Thi "
                   f"đua - Khen thưởng, thủ trưởng {proposal.unit.name} và các cá nhân, tập "
                   "thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."),
        recipients=["Như Điều 3", proposal.unit.name],
        signer_capacity="TM. ỦY BAN NHÂN DÂN",
        signer_title=decision.signer_title.upper(),
        signer_name=decision.signer_name,
    )


def certificate_items(issued: IssuedDecision, lines: list[NomineeLine],
                      urls: dict[int, str]) -> list[CertificateItem]:
    """One certificate per line; `urls` maps a line to its public verification address."""
    decision = issued.decision
    return [CertificateItem(
        award_code=line.award_code, award_name=line.award_name, name=line.nominee_name,
        unit=line_unit(line), achievement=line.achievement,
        issuer_body=issuer_body(issued.proposal.to_unit), decision_number=decision.number,
        decision_date=f"{decision.date:%d/%m/%Y}", place_date=place_date(issued),
        signer_title=decision.signer_title, signer_name=decision.signer_name,
        verify_url=urls[line.pk]) for line in lines]


def total_text(lines: list[NomineeLine]) -> str:
    return format_vnd(sum(line.amount_vnd or 0 for line in lines))
