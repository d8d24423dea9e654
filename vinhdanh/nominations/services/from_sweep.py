"""A proposal drafted from an eligibility sweep: one line per subject the sweep found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from vinhdanh.core.errors import ValidationFailed
from vinhdanh.eligibility.models import ResultKind, SweepResult, SweepRun, SweepStatus
from vinhdanh.nominations.models import Proposal, ProposalKind
from vinhdanh.nominations.services.common import audit
from vinhdanh.nominations.services.proposals import add_line, create_proposal
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from vinhdanh.nominations.services.common import Actor


@transaction.atomic
def create_proposal_from_sweep(*, actor: Actor, run: SweepRun, award_code: str,
                               to_unit: OrgUnit, title: str, year: int, achievement: str,
                               include_confirmation: bool = True,
                               kind: str = ProposalKind.ANNUAL) -> Proposal:
    """Open a draft proposal from the sweep's unit naming every subject found for `award_code`.

    Each line gets the verdict of the moment (add_line evaluates again: the ledger may have
    changed since the sweep). Subjects the sweep found one condition short are left out.
    """
    if run.status != SweepStatus.DONE:
        raise ValidationFailed(_("Sweep: the sweep has not finished."), field="run")
    kinds = [ResultKind.ELIGIBLE] + ([ResultKind.NEEDS_CONFIRMATION]
                                     if include_confirmation else [])
    results = list(
        SweepResult.objects.filter(run=run, award_code=award_code, kind__in=kinds)
        # Rows standing for a group of alike subjects name nobody (award types decided
        # by who the subject is alone): a proposal needs the record of each nominee.
        .exclude(person=None, household=None, collective=None)
        .select_related("person__unit", "household__head", "household__unit", "collective")
        .order_by("subject_name", "pk")
    )
    if not results:
        raise ValidationFailed(
            _("Award: the sweep found nobody eligible for this award."), field="award_code")
    proposal = create_proposal(actor=actor, unit=run.unit, to_unit=to_unit, title=title,
                               year=year, kind=kind)
    for result in results:
        subject = result.person or result.household or result.collective
        assert subject is not None
        add_line(actor=actor, proposal=proposal, subject=subject, award_code=award_code,
                 achievement=achievement)
    audit(actor, "proposal_from_sweep", proposal,
          {"sweep": run.pk, "award": award_code, "lines": len(results)})
    return proposal
