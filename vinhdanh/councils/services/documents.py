"""Produce the tally minutes of a closed poll."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count

from vinhdanh.audit.services import record_event
from vinhdanh.councils.minutes import (
    MinutesContext,
    build_docx,
    docx_to_pdf,
    locality_of,
    signer_pairs,
)
from vinhdanh.councils.models import Attendance, AttendanceStatus, MemberRole, Membership, Poll
from vinhdanh.councils.results import compute_result
from vinhdanh.councils.services.setup import ensure_secretary

if TYPE_CHECKING:
    from vinhdanh.accounts.models import User

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@transaction.atomic
def produce_minutes(*, actor: User, poll: Poll, fmt: str = "docx",
                    counting_committee: Sequence[str] = ()) -> tuple[bytes, str, str]:
    """Return (content, file name, media type) of the poll's tally minutes, DOCX or PDF."""
    session = poll.session
    council = session.council
    ensure_secretary(actor, council)
    result = compute_result(poll=poll)
    leaders = dict(
        Membership.objects.filter(term_id=session.term_id, active=True,
                                  role__in=[MemberRole.CHAIR, MemberRole.SECRETARY])
        .order_by("role", "id").values_list("role", "user__full_name")
    )
    committee = [n.strip() for n in counting_committee if n.strip()]
    head = committee[0] if committee else leaders.get(MemberRole.CHAIR, "")
    signers = [("Trưởng ban kiểm phiếu", head)]
    signers += [("Thành viên ban kiểm phiếu", name) for name in committee[1:]]
    signers.append(("Thư ký", leaders.get(MemberRole.SECRETARY, "")))
    attendance = dict(
        Attendance.objects.filter(session=session).values_list("status")
        .annotate(n=Count("id")).order_by()
    )
    context = MinutesContext(
        unit_name=council.unit.name, council_name=council.name, poll_title=poll.title,
        locality=locality_of(council.unit.name),
        session_date_text=f"{session.date:%d/%m/%Y}", place=session.place,
        present=attendance.get(AttendanceStatus.PRESENT, 0),
        absent=attendance.get(AttendanceStatus.ABSENT, 0)
        + attendance.get(AttendanceStatus.EXCUSED, 0),
        signers=signer_pairs(signers),
    )
    content = build_docx(context, result, (session.date.day, session.date.month,
                                           session.date.year))
    name = f"bien-ban-kiem-phieu-{poll.pk}"
    if fmt == "pdf":
        content, name, media = docx_to_pdf(content), f"{name}.pdf", "application/pdf"
    else:
        name, media = f"{name}.docx", DOCX_TYPE
    record_event(actor=actor, action="councils.minutes_produced", target=poll,
                 unit_path=council.unit.path, data={"format": fmt})
    return content, name, media
