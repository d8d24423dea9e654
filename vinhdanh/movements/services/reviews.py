"""Writes of a movement review: the collectives it singles out, and their proposal.

A review (sơ kết, tổng kết) ends by recognising the outstanding collectives; their
"movement achievement" goes into the ledger through `records.services.record_entry`,
citing the registered decision that recognised them, and they may be proposed for a
thematic commendation (Law 06/2022 Art 8(3)) through the nominations services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.movements.models import Movement, MovementReview, ReviewHonour, ReviewKind
from vinhdanh.nominations.models import Proposal, ProposalKind
from vinhdanh.nominations.services.proposals import add_line, create_proposal
from vinhdanh.people.models import Person
from vinhdanh.records.models import Decision, EntryKind, Scope
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import record_entry
from vinhdanh.units.models import OrgUnit, UnitKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Actor = User | AnonymousUser

#: The ledger's scope of a movement is the level of the unit that launched it; the
#: eligibility engine reads it back as who launched the movement.
LAUNCHER_SCOPES = {
    UnitKind.PROVINCE: Scope.MINISTRY_PROVINCE,
    UnitKind.DEPARTMENT: Scope.MINISTRY_PROVINCE,
    UnitKind.DISTRICT: Scope.DISTRICT_EQUIVALENT,
}
KIND_WORDS = {ReviewKind.INTERIM: "sơ kết", ReviewKind.FINAL: "tổng kết"}


def achievement_title(movement: Movement, kind: str) -> str:
    return (f"Tiêu biểu trong phong trào thi đua “{movement.name}” "
            f"({KIND_WORDS[ReviewKind(kind)]})")


def _check_subjects(unit: OrgUnit, honoured: Sequence[OrgUnit],
                    people: Sequence[Person]) -> None:
    if not honoured and not people:
        raise ValidationFailed(_("Choose at least one unit or individual to recognise."),
                               field="units")
    for each in honoured:
        if each.pk == unit.pk or not each.path.startswith(unit.path):
            raise ValidationFailed(
                _("%(unit)s is not below %(root)s.") % {"unit": each.name, "root": unit.name},
                field="units")
    for person in people:
        if not person.unit.path.startswith(unit.path):
            raise ValidationFailed(
                _("%(person)s does not belong to %(root)s.")
                % {"person": person.full_name, "root": unit.name}, field="people")


@transaction.atomic
def record_achievements(
    *, actor: Actor, movement: Movement, unit: OrgUnit, kind: str, as_of: dt.date,
    honoured: Sequence[OrgUnit], decision: Decision, people: Sequence[Person] = (),
) -> MovementReview:
    """Record the review of `movement` at `unit` and the achievements of `honoured`
    collectives and of `people` (individuals of units below `unit`).

    `honoured` is in rank order, then `people` in the order given. A subject already
    recognised by this review is skipped, so sending the same choice twice records
    nothing twice.
    """
    ensure_can(actor, Action.MANAGE_MOVEMENT, unit)
    if kind not in ReviewKind.values:
        raise ValidationFailed(_("Kind: unknown kind of review."), field="kind")
    _check_subjects(unit, honoured, people)
    # The recognising decision comes from the reviewing unit or a level above it.
    if not unit.path.startswith(decision.issuer.path):
        raise ValidationFailed(
            _("Decision %(number)s was issued by %(issuer)s, which is not above %(unit)s.")
            % {"number": decision.number, "issuer": decision.issuer.name, "unit": unit.name},
            field="decision")
    if decision.date < movement.start:
        raise ValidationFailed(_("Decision %(number)s predates the movement.")
                               % {"number": decision.number}, field="decision")
    review, _created = MovementReview.objects.select_for_update().get_or_create(
        movement=movement, kind=kind, unit=unit, as_of=as_of,
        defaults={"decision": decision, "held_by": cast("User", actor)})
    if review.decision_id is None:
        review.decision = decision
        review.save(update_fields=["decision", "updated_at"])
    earlier = list(ReviewHonour.objects.filter(review=review).values_list("unit_id",
                                                                            "person_id"))
    done = {unit_id for unit_id, person_id in earlier if person_id is None}
    done_people = {person_id for _unit_id, person_id in earlier if person_id is not None}
    data = EntryData(
        kind=EntryKind.MOVEMENT_ACHIEVEMENT, year=decision.date.year,
        title=achievement_title(movement, kind),
        scope=LAUNCHER_SCOPES.get(UnitKind(movement.launched_by.kind), Scope.UNIT),
        recognized_by=decision.issuer.name, date=decision.date,
        start=movement.start, end=min(as_of, movement.end, decision.date),
    )
    rank = len(earlier)
    added = []
    for each in honoured:
        if each.pk in done:
            continue
        rank += 1
        entry = record_entry(actor=actor, subject=each, data=data, source=decision)
        added.append(ReviewHonour(review=review, unit=each, rank=rank, entry=entry))
        done.add(each.pk)
    for person in people:
        if person.pk in done_people:
            continue
        rank += 1
        entry = record_entry(actor=actor, subject=person, data=data, source=decision)
        added.append(ReviewHonour(review=review, unit=person.unit, person=person, rank=rank,
                                  entry=entry))
        done_people.add(person.pk)
    ReviewHonour.objects.bulk_create(added)
    record_event(actor=actor, action="movements.review_achievements", target=review,
                 unit_path=unit.path,
                 data={"kind": kind, "as_of": as_of.isoformat(), "decision": decision.pk,
                       "units": [h.unit.code for h in added if h.person is None],
                       "people": [h.person.pk for h in added if h.person is not None]})
    return review


@transaction.atomic
def propose_honoured(
    *, actor: Actor, review: MovementReview, award_code: str, to_unit: OrgUnit | None = None,
    not_eligible_reason: str = "",
) -> Proposal:
    """Open a thematic proposal naming the collectives and individuals `review` recognised.

    The proposal goes from the reviewing unit to `to_unit` (itself by default, for the
    awards its own head decides, Law 06/2022 Art 80(1)); each nominee's eligibility is
    judged by the nominations service as for any proposal.
    """
    ensure_can(actor, Action.MANAGE_MOVEMENT, review.unit)
    review = MovementReview.objects.select_for_update(of=("self",)).select_related(
        "movement", "unit", "proposal").get(pk=review.pk)
    honours = list(ReviewHonour.objects.filter(review=review, line__isnull=True)
                   .select_related("unit", "person__unit").order_by("rank", "pk"))
    if not honours:
        raise ValidationFailed(_("Everyone recognised is already in a proposal."),
                               field="units")
    proposal = review.proposal or create_proposal(
        actor=actor, unit=review.unit, to_unit=to_unit or review.unit,
        title=(f"Đề nghị khen thưởng các tập thể tiêu biểu qua "
               f"{KIND_WORDS[ReviewKind(review.kind)]} phong trào “{review.movement.name}”"),
        year=review.as_of.year, kind=ProposalKind.THEMATIC)
    for honour in honours:
        subject: OrgUnit | Person = honour.person or honour.unit
        standing = "cá nhân tiêu biểu" if honour.person else f"xếp hạng {honour.rank}"
        honour.line = add_line(
            actor=actor, proposal=proposal, subject=subject, award_code=award_code,
            achievement=f"{achievement_title(review.movement, review.kind)}, {standing}",
            not_eligible_reason=not_eligible_reason)
    ReviewHonour.objects.bulk_update(honours, ["line"])
    review.proposal = proposal
    review.save(update_fields=["proposal", "updated_at"])
    record_event(actor=actor, action="movements.review_proposed", target=review,
                 unit_path=review.unit.path,
                 data={"proposal": proposal.pk, "award": award_code, "lines": len(honours)})
    return proposal
