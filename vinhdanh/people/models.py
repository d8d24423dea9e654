"""Individuals, households and employment history."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vinhdanh.core.models import TimeStampedModel
from vinhdanh.people.idnumber import mask_id_number


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Ethnicity(models.TextChoices):
    """The 54 ethnic groups of Viet Nam, coded as in the statistics office's list
    (Decision 121-TCTK/PPCĐ of 2 March 1979). Names are proper nouns, not translated."""

    KINH = "01", "Kinh"
    TAY = "02", "Tày"
    THAI = "03", "Thái"
    HOA = "04", "Hoa"
    KHMER = "05", "Khmer"
    MUONG = "06", "Mường"
    NUNG = "07", "Nùng"
    MONG = "08", "Mông"
    DAO = "09", "Dao"
    GIA_RAI = "10", "Gia Rai"
    NGAI = "11", "Ngái"
    E_DE = "12", "Ê Đê"
    BA_NA = "13", "Ba Na"
    XO_DANG = "14", "Xơ Đăng"
    SAN_CHAY = "15", "Sán Chay"
    CO_HO = "16", "Cơ Ho"
    CHAM = "17", "Chăm"
    SAN_DIU = "18", "Sán Dìu"
    HRE = "19", "Hrê"
    MNONG = "20", "Mnông"
    RA_GLAI = "21", "Ra Glai"
    XTIENG = "22", "Xtiêng"
    BRU_VAN_KIEU = "23", "Bru-Vân Kiều"
    THO = "24", "Thổ"
    GIAY = "25", "Giáy"
    CO_TU = "26", "Cơ Tu"
    GIE_TRIENG = "27", "Gié Triêng"
    MA = "28", "Mạ"
    KHO_MU = "29", "Khơ Mú"
    CO = "30", "Co"
    TA_OI = "31", "Tà Ôi"
    CHO_RO = "32", "Chơ Ro"
    KHANG = "33", "Kháng"
    XINH_MUN = "34", "Xinh Mun"
    HA_NHI = "35", "Hà Nhì"
    CHU_RU = "36", "Chu Ru"
    LAO = "37", "Lào"
    LA_CHI = "38", "La Chí"
    LA_HA = "39", "La Ha"
    PHU_LA = "40", "Phù Lá"
    LA_HU = "41", "La Hủ"
    LU = "42", "Lự"
    LO_LO = "43", "Lô Lô"
    CHUT = "44", "Chứt"
    MANG = "45", "Mảng"
    PA_THEN = "46", "Pà Thẻn"
    CO_LAO = "47", "Cơ Lao"
    CONG = "48", "Cống"
    BO_Y = "49", "Bố Y"
    SI_LA = "50", "Si La"
    PU_PEO = "51", "Pu Péo"
    BRAU = "52", "Brâu"
    O_DU = "53", "Ơ Đu"
    RO_MAM = "54", "Rơ Măm"


class Category(models.TextChoices):
    """Population categories used by award criteria (`subject_category` in awards.yaml)."""

    CIVIL_SERVANT = "civil_servant_or_employee", _("Civil servant, public employee or worker")
    ARMED_FORCES = "armed_forces_member", _("Armed forces member")
    WORKER_FARMER = "worker_farmer_other_worker", _("Worker, farmer or other labourer")
    ENTREPRENEUR = "entrepreneur_intellectual_scientist", _(
        "Entrepreneur, intellectual or scientist"
    )
    FOREIGNER = "foreigner", _("Foreigner")
    VIETNAMESE_ABROAD = "vietnamese_abroad", _("Vietnamese living abroad")


class Person(TimeStampedModel):
    """An individual. `unit` is the unit whose records hold the person and scopes access."""

    full_name = models.CharField(_("full name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.KINH
    )
    category = models.CharField(
        _("population category"),
        max_length=40,
        choices=Category.choices,
        default=Category.WORKER_FARMER,
    )
    # NULL when unknown, so that uniqueness applies to entered numbers only.
    id_number = models.CharField(
        _("national ID number"), max_length=12, null=True, blank=True, unique=True
    )
    unit = models.ForeignKey(
        "units.OrgUnit",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("managing unit"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name_folded", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(id_number__isnull=True) | Q(id_number__regex=r"^[0-9]{12}$"),
                name="person_id_number_12_digits",
            ),
        ]
        indexes = [models.Index(fields=["unit", "name_folded"], name="person_unit_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other relative")


class Household(TimeStampedModel):
    """A household (hộ gia đình) living in a commune or village."""

    code = models.CharField(_("household code"), max_length=32)
    head = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="headed_households",
        verbose_name=_("head of household"),
    )
    members: models.ManyToManyField[Person, HouseholdMember] = models.ManyToManyField(
        Person, through="HouseholdMember", related_name="households"
    )
    unit = models.ForeignKey(
        "units.OrgUnit",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("commune / village"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="household_unit_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class HouseholdMember(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(_("relation to head"), max_length=16, choices=Relation.choices)

    class Meta:
        verbose_name = _("household member")
        constraints = [
            # A person is registered in one household at a time (Law on Residence 2020, Art. 20).
            models.UniqueConstraint(fields=["person"], name="household_member_one_household"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.person_id} ({self.relation})"


class Employment(TimeStampedModel):
    """A period in which a person held `position` in `unit`; `end` NULL means current."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    unit = models.ForeignKey(
        "units.OrgUnit",
        on_delete=models.PROTECT,
        related_name="employments",
        verbose_name=_("unit"),
    )
    position = models.CharField(_("position"), max_length=255)
    is_leader = models.BooleanField(_("leader"), default=False)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employment history")
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="employment_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "end"], name="employment_person_end_idx"),
            models.Index(fields=["unit", "end"], name="employment_unit_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.position} ({self.unit_id})"

    @property
    def is_current(self) -> bool:
        return self.end is None


class GenerationRun(TimeStampedModel):
    """One run of the synthetic-data generator; makes `generate` idempotent per seed."""

    province_code = models.CharField(max_length=8)
    seed = models.IntegerField()
    people = models.PositiveIntegerField()
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "seed"], name="generation_run_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_code}/{self.seed}: {self.people}"
