"""Wire the ledger's history generator to a generated province (`generate --years`)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import Role, RoleGrant, User
from vinhdanh.people.models import Person
from vinhdanh.records.generator import generate_history
from vinhdanh.units.models import OrgUnit, UnitKind


def _author(province: OrgUnit, username: str) -> User:
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise LookupError(_("No active user named %(name)s.") % {"name": username})
        return user
    grant = (RoleGrant.objects.filter(role=Role.SYSTEM_ADMIN, user__is_active=True)
             .select_related("user", "unit").order_by("unit__depth", "pk"))
    for each in grant:
        if province.path.startswith(each.unit.path):
            return each.user
    raise LookupError(_("Writing history needs an author: create a system administrator of "
                        "the province or pass --as USERNAME."))


def write_history(*, province_code: str, years: int, seed: int, username: str = "") -> int:
    """Write `years` past years of history for every person of the province; return entries."""
    province = OrgUnit.objects.get(code=province_code, kind=UnitKind.PROVINCE,
                                   valid_to__isnull=True)
    people = list(Person.objects.filter(unit__path__startswith=province.path)
                  .only("pk", "unit_id").order_by("pk"))
    this_year = timezone.localdate().year
    result = generate_history(actor=_author(province, username), people=people,
                              years=range(this_year - years, this_year), seed=seed)
    return result.entries
