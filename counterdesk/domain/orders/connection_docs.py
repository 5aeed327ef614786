"""The paperwork of a connection application: the applicant, the documents, the form as a whole.

Why the checks live here and not in the form: an application accepted with a wrong ID number or
without the property certificate comes back days later as a failed survey or a contract nobody
can sign, and the customer has made the trip for nothing. So every field is checked when it is
typed (each refusal names its ``field``, so the form can put the cursor there), and accepting
with a required document missing is refused, unless the clerk pauses the application waiting on
the customer (暂停, 待补资料), which stops its deadlines until the document is brought.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Final

from counterdesk.domain import id_numbers
from counterdesk.domain.orders.connection import (
    AREA_CODE,
    CAPACITY_TYPES,
    FIXED_VOLTAGE,
    ConnectionType,
    Voltage,
)
from counterdesk.domain.phones import normalise_phone
from counterdesk.domain.refusal import CounterError


class ApplicationError(CounterError):
    """A connection application that cannot be accepted as it is; ``field`` is the form field
    to fix (a code such as ``"id_number"``), also among the params."""

    def __init__(self, template: str, *, field: str, **params: object) -> None:
        super().__init__(template, field=field, **params)
        self.field = field


class ApplicantError(ApplicationError):
    """A bad applicant detail (name, ID number, credit code, phone, address)."""


class MissingDocumentsError(ApplicationError):
    """Required documents not brought; ``missing`` holds their items."""

    def __init__(self, missing: tuple[DocumentItem, ...]) -> None:
        super().__init__(
            "Required documents are missing: {documents}. Accept the application when they are "
            "brought, or pause it waiting on the customer.",
            field="documents",
            documents="、".join(item.print_name for item in missing),
        )
        self.missing = missing


# --- documents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentItem:
    """One line of a type's checklist (资料清单), printed on the acceptance receipt.

    ``for_organisations`` marks a document that is required only when the applicant is an
    organisation (营业执照 for a closure): a person has none to bring.
    """

    code: str
    print_name: str
    required: bool
    for_organisations: bool = False

    def required_for(self, organisation: bool) -> bool:
        return self.required or (organisation and self.for_organisations)


ID_PROOF: Final = DocumentItem("id_proof", "身份证明", True)
PROPERTY_PROOF: Final = DocumentItem("property_proof", "房屋产权证明或租赁合同", True)
BUSINESS_LICENCE: Final = DocumentItem("business_licence", "营业执照", True)
EQUIPMENT_LIST: Final = DocumentItem("equipment_list", "用电设备清单", True)
IMPORTANT_LOADS: Final = DocumentItem("important_load_list", "重要负荷清单", True)
TEMPORARY_USE_PROOF: Final = DocumentItem("temporary_use_proof", "临时用电证明（施工许可等）", True)
FORMER_HOLDER_ID: Final = DocumentItem("former_holder_id", "原户主身份证明", True)
BILLS_SETTLED: Final = DocumentItem("bills_settled", "结清电费证明", True)
USE_CHANGE_PROOF: Final = DocumentItem("use_change_proof", "用电性质变更证明", True)
ORGANISATION_LICENCE: Final = DocumentItem(
    "business_licence", "营业执照（单位客户）", False, for_organisations=True
)
POWER_OF_ATTORNEY: Final = DocumentItem("power_of_attorney", "授权委托书（委托办理时）", False)

_T = ConnectionType
_CHECKLISTS: Final[Mapping[ConnectionType, tuple[DocumentItem, ...]]] = MappingProxyType(
    {
        _T.RESIDENTIAL_NEW: (ID_PROOF, PROPERTY_PROOF),
        _T.LV_NON_RESIDENTIAL: (ID_PROOF, PROPERTY_PROOF, BUSINESS_LICENCE, EQUIPMENT_LIST),
        _T.HV_SINGLE: (ID_PROOF, PROPERTY_PROOF, BUSINESS_LICENCE, EQUIPMENT_LIST),
        _T.HV_DUAL: (ID_PROOF, PROPERTY_PROOF, BUSINESS_LICENCE, EQUIPMENT_LIST, IMPORTANT_LOADS),
        _T.CAPACITY_INCREASE: (ID_PROOF, PROPERTY_PROOF, EQUIPMENT_LIST, ORGANISATION_LICENCE),
        _T.CAPACITY_DECREASE: (ID_PROOF, PROPERTY_PROOF, ORGANISATION_LICENCE),
        _T.NAME_TRANSFER: (
            ID_PROOF,
            FORMER_HOLDER_ID,
            PROPERTY_PROOF,
            BILLS_SETTLED,
            ORGANISATION_LICENCE,
        ),
        _T.TEMPORARY_SUPPLY: (ID_PROOF, TEMPORARY_USE_PROOF, EQUIPMENT_LIST, ORGANISATION_LICENCE),
        _T.METER_RELOCATION: (ID_PROOF, PROPERTY_PROOF, ORGANISATION_LICENCE),
        _T.TARIFF_CHANGE: (ID_PROOF, PROPERTY_PROOF, USE_CHANGE_PROOF, ORGANISATION_LICENCE),
        _T.ACCOUNT_CLOSURE: (ID_PROOF, PROPERTY_PROOF, BILLS_SETTLED, ORGANISATION_LICENCE),
    }
)


def checklist(kind: ConnectionType) -> tuple[DocumentItem, ...]:
    """The documents a type asks for, in printing order; the power of attorney is always last.

    Lean on purpose (the "一证受理" reform: no document the utility can look up itself): the
    applicant's identity and right to the premises everywhere; the licence and equipment list
    where a business builds supply; the dual-supply case has to justify its second source; a
    transfer needs the former holder and settled bills (供电营业规则: the old contract ends only
    once its debts are paid), a closure the settled bills, a tariff change proof of the new use.
    """
    return (*_CHECKLISTS[kind], POWER_OF_ATTORNEY)


def missing_documents(
    kind: ConnectionType, received: Iterable[str], *, organisation: bool = False
) -> tuple[DocumentItem, ...]:
    """The required documents (by code) not among ``received``, in checklist order."""
    have = set(received)
    return tuple(
        item
        for item in checklist(kind)
        if item.required_for(organisation) and item.code not in have
    )


def check_documents(
    kind: ConnectionType,
    received: Iterable[str],
    *,
    organisation: bool = False,
    waiting_on_customer: bool = False,
) -> tuple[DocumentItem, ...]:
    """Refuse acceptance while required documents are missing, unless the clerk accepts it
    paused waiting on the customer: then the missing items come back, for the pause note and the
    补件 list handed to the customer. Nothing missing gives ``()`` either way."""
    missing = missing_documents(kind, received, organisation=organisation)
    if missing and not waiting_on_customer:
        raise MissingDocumentsError(missing)
    return missing


# --- the applicant ---------------------------------------------------------------------------

_CREDIT_CHARACTERS: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""GB 32100-2015's 31 characters: digits and capitals without I, O, S, V, Z."""
_CREDIT_WEIGHTS: Final = tuple(pow(3, i, 31) for i in range(17))
"""Weight of position i (from 0) is 3^i mod 31: 1, 3, 9, 27, 19, 26, 16, 17, 20, …"""
_CREDIT_SHAPE: Final = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")


def credit_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code (统一社会信用代码, GB 32100-2015).

    ``31 - (Σ value × weight mod 31)``, where a value is the character's index in
    :data:`_CREDIT_CHARACTERS` and 31 is written 0. ValueError for a character outside the set.
    """
    if len(first17) != 17 or any(c not in _CREDIT_CHARACTERS for c in first17):
        raise ValueError(f"a credit code starts with 17 code characters, not {first17!r}")
    total = sum(
        _CREDIT_CHARACTERS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return _CREDIT_CHARACTERS[(31 - total % 31) % 31]


NAME_LIMIT: Final = 60
ADDRESS_LIMIT: Final = 120


def _clean(text: str) -> str:
    """Full-width digits and letters from a Chinese input method become ASCII; spaces go."""
    return unicodedata.normalize("NFKC", text).strip()


def _check_id_number(number: str) -> None:
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise ApplicantError(
            "An ID number is 17 digits and a last digit or X ({count} characters typed).",
            field="id_number",
            count=len(number),
        )
    if not id_numbers.is_valid(number):
        raise ApplicantError(
            "The ID number's last character does not match: a digit is mistyped.",
            field="id_number",
        )
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ApplicantError(
            "The birth date inside the ID number ({birth}) is not a real date.",
            field="id_number",
            birth=number[6:14],
        ) from None


def _check_credit_code(code: str) -> None:
    if not _CREDIT_SHAPE.fullmatch(code):
        raise ApplicantError(
            "A unified social credit code is 18 digits and capitals without I, O, S, V or Z "
            "({count} characters typed).",
            field="credit_code",
            count=len(code),
        )
    if credit_check_character(code[:17]) != code[17]:
        raise ApplicantError(
            "The credit code's last character does not match: a character is mistyped.",
            field="credit_code",
        )


def checked_phone(text: str) -> str:
    """The phone written one way (:func:`~counterdesk.domain.phones.normalise_phone`), or the
    refusal naming the field."""
    phone = normalise_phone(text)
    if phone is not None:
        return phone
    raise ApplicantError(
        "A phone number is a mobile (11 digits starting 13 to 19) or a landline with its area code "
        "(010-62345678).",
        field="phone",
    )


@dataclass(frozen=True)
class Applicant:
    """The person or organisation applying (申请人), checked and tidied when it is built.

    A person gives an ID number (from the card reader or typed); an organisation its unified
    social credit code instead. Spaces and full-width characters are tidied away, ID numbers and
    codes upper-cased, the phone written the one way (:func:`normalise_phone`). A bad field
    raises :class:`ApplicantError` naming it; the first bad one in form order wins.
    """

    name: str
    phone: str
    address: str
    id_number: str | None = None
    credit_code: str | None = None

    def __post_init__(self) -> None:
        name = re.sub(r"\s+", " ", _clean(self.name))
        if not name or len(name) > NAME_LIMIT:
            raise ApplicantError(
                "Give the applicant's name (at most {limit} characters).",
                field="name",
                limit=NAME_LIMIT,
            )
        id_number = _clean(self.id_number or "").replace(" ", "").upper() or None
        credit_code = _clean(self.credit_code or "").replace(" ", "").upper() or None
        if id_number is not None and credit_code is not None:
            raise ApplicantError(
                "Give an ID number for a person or a credit code for an organisation, not both.",
                field="credit_code",
            )
        if id_number is None and credit_code is None:
            raise ApplicantError(
                "Give the applicant's ID number, or for an organisation its credit code.",
                field="id_number",
            )
        if id_number is not None:
            _check_id_number(id_number)
        if credit_code is not None:
            _check_credit_code(credit_code)
        phone = checked_phone(self.phone)
        address = _clean(self.address)
        if not address or len(address) > ADDRESS_LIMIT:
            raise ApplicantError(
                "Give the address of the premises (at most {limit} characters).",
                field="address",
                limit=ADDRESS_LIMIT,
            )
        for attribute, value in (
            ("name", name),
            ("id_number", id_number),
            ("credit_code", credit_code),
            ("phone", phone),
            ("address", address),
        ):
            object.__setattr__(self, attribute, value)

    @property
    def is_organisation(self) -> bool:
        return self.credit_code is not None


# --- the application -------------------------------------------------------------------------

DEFAULT_LOW_VOLTAGE_LIMIT_KVA: Final = 160
"""Largest capacity supplied at low voltage. Weak source: the 2020s provincial reforms raised the
low-voltage connection limit to 160 kW in many cities (供电营业规则 1996 Art. 8 said 100 kW); it
varies by province, so it is a setting."""


@dataclass(frozen=True)
class ConnectionApplication:
    """One application as the clerk fills it in (业扩/变更用电申请).

    ``voltage`` is the supply's class: fixed by a new-connection type, chosen for capacity
    increase and temporary supply, the existing supply's class for the other changes.
    ``requested_capacity_kva`` is the capacity applied for, for an increase or decrease the total
    after the change, so the service can compare it with the account's; None where the type does
    not change capacity. ``area_code`` is the supply area (供电区域) the restrictions name.
    """

    kind: ConnectionType
    voltage: Voltage
    applicant: Applicant
    area_code: str
    requested_capacity_kva: int | None = None
    documents: frozenset[str] = field(default_factory=frozenset)

    def validate(
        self,
        *,
        waiting_on_customer: bool = False,
        low_voltage_limit_kva: int = DEFAULT_LOW_VOLTAGE_LIMIT_KVA,
    ) -> tuple[DocumentItem, ...]:
        """Raise the first problem in form order; return the documents still missing (only
        possible when accepting it paused, ``waiting_on_customer``)."""
        fixed = FIXED_VOLTAGE.get(self.kind)
        if fixed is not None and self.voltage is not fixed:
            raise ApplicationError(
                "The voltage class does not match the type of application.", field="voltage"
            )
        if self.kind is ConnectionType.RESIDENTIAL_NEW and self.applicant.is_organisation:
            raise ApplicationError(
                "A residential connection is applied for by a person with an ID number; an "
                "organisation applies for a non-residential one.",
                field="credit_code",
            )
        if not AREA_CODE.fullmatch(self.area_code.strip()):
            raise ApplicationError("Choose the supply area of the premises.", field="area_code")
        self._check_capacity(low_voltage_limit_kva)
        return check_documents(
            self.kind,
            self.documents,
            organisation=self.applicant.is_organisation,
            waiting_on_customer=waiting_on_customer,
        )

    def _check_capacity(self, low_voltage_limit_kva: int) -> None:
        capacity = self.requested_capacity_kva
        if self.kind not in CAPACITY_TYPES:
            if capacity is not None:
                raise ApplicationError(
                    "This type of application does not change the capacity; leave it empty.",
                    field="requested_capacity_kva",
                )
            return
        if capacity is None or isinstance(capacity, bool) or capacity <= 0:
            raise ApplicationError(
                "Give the capacity applied for, in whole kVA.", field="requested_capacity_kva"
            )
        if self.voltage is Voltage.LOW and capacity > low_voltage_limit_kva:
            raise ApplicationError(
                "{capacity} kVA is more than low voltage supplies (at most {limit} kVA): apply "
                "for a high-voltage supply.",
                field="requested_capacity_kva",
                capacity=capacity,
                limit=low_voltage_limit_kva,
            )
