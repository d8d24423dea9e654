"""Public notice of nominees and the comments the public sends (Decree 152/2025 Art 44(2))."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.core.text import to_nfc
from vinhdanh.nominations import procedure
from vinhdanh.nominations.errors import NoticeRunning, RateLimited
from vinhdanh.nominations.models import (
    CommentStatus,
    LineStatus,
    Proposal,
    ProposalStatus,
    PublicComment,
    PublicNotice,
)
from vinhdanh.nominations.services.common import audit, lock_proposal, move_proposal

if TYPE_CHECKING:
    from vinhdanh.nominations.services.common import Actor

P = ProposalStatus
#: Comments accepted from one client address per hour; more looks like a flood.
COMMENTS_PER_HOUR = 5
MAX_COMMENT_LENGTH = 5000


@transaction.atomic
def open_notice(*, actor: Actor, proposal: Proposal, starts_on: dt.date | None = None,
                intro: str = "") -> PublicNotice:
    """Post the nominee list publicly for the number of working days the awards require."""
    proposal = lock_proposal(proposal.pk)
    starts_on = starts_on or timezone.localdate()
    codes = list(proposal.lines.exclude(status__in=[LineStatus.ESCALATED, LineStatus.REJECTED])
                 .values_list("award_code", flat=True))
    days = procedure.notice_working_days(codes)
    notice = PublicNotice.objects.create(
        proposal=proposal, starts_on=starts_on,
        ends_on=procedure.due_date(starts_on, days), working_days=days, intro=to_nfc(intro),
    )
    move_proposal(proposal, to=P.PUBLIC_NOTICE, actor=actor)
    audit(actor, "notice_opened", proposal,
          {"notice": notice.pk, "from": starts_on.isoformat(),
           "until": notice.ends_on.isoformat()}, target=notice)
    return notice


def ensure_notice_over(proposal: Proposal, today: dt.date | None = None) -> None:
    """Refuse to go on to the decision while a public notice still runs."""
    today = today or timezone.localdate()
    running = proposal.notices.filter(ends_on__gte=today).order_by("-ends_on").first()
    if running is not None:
        raise NoticeRunning(
            _("The public notice runs until %(until)s: the proposal can go to the decision "
              "from %(next)s.") % {"until": running.ends_on.strftime("%d/%m/%Y"),
                                   "next": (running.ends_on + timedelta(days=1))
                                   .strftime("%d/%m/%Y")})


def client_key(address: str) -> str:
    """Return a keyed hash of a client address: it rate-limits without storing the address."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def submit_comment(*, notice: PublicNotice, name: str, contact: str, text: str,
                   client_address: str, honeypot: str = "") -> PublicComment | None:
    """Take a comment from the public; None when silently discarded (a bot filled the trap).

    Anyone may comment, so there is no actor: the comment is written, signed and gives a
    contact (procedures.yaml public_notice.comment_format).
    """
    if honeypot:
        return None
    today = timezone.localdate()
    if not notice.is_published or not notice.starts_on <= today <= notice.ends_on:
        raise ValidationFailed(_("This notice is not open for comments."))
    name, contact, text = (to_nfc(v).strip() for v in (name, contact, text))
    for value, field, label in ((name, "name", _("Name")), (contact, "contact", _("Contact")),
                                (text, "text", _("Comment"))):
        if not value:
            raise ValidationFailed(_("%(field)s: this field is required.") % {"field": label},
                                   field=field)
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationFailed(_("Comment: at most %(n)s characters.")
                               % {"n": MAX_COMMENT_LENGTH}, field="text")
    key = client_key(client_address)
    since = timezone.now() - timedelta(hours=1)
    if PublicComment.objects.filter(client_key=key, created_at__gte=since).count() \
            >= COMMENTS_PER_HOUR:
        raise RateLimited(_("Too many comments from your connection; please try again in an "
                            "hour."))
    comment = PublicComment.objects.create(notice=notice, name=name[:255],
                                           contact=contact[:255], text=text, client_key=key)
    record_event(actor=None, action="nominations.comment_received", target=comment,
                 unit_path=notice.proposal.unit.path,
                 data={"notice": notice.pk, "proposal": notice.proposal_id})
    return comment


@transaction.atomic
def moderate_comment(*, actor: Actor, comment: PublicComment, status: str,
                     answer: str | None = None) -> PublicComment:
    """Publish or hide a comment and, optionally, answer it."""
    comment = PublicComment.objects.select_related("notice__proposal__unit",
                                                   "notice__proposal__to_unit").get(pk=comment.pk)
    proposal = comment.notice.proposal
    ensure_can(actor, Action.MODERATE_NOTICE, proposal.to_unit)
    if status not in CommentStatus.values:
        raise ValidationFailed(_("Status: unknown value."), field="status")
    comment.status = status
    if answer is not None:
        comment.answer = to_nfc(answer).strip()
    comment.save(update_fields=["status", "answer"])
    audit(actor, "comment_moderated", proposal,
          {"comment": comment.pk, "status": status}, target=comment)
    return comment
