"""Every refusal a service can raise reaches the translation files, and shows in Chinese."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtWidgets import QApplication

from counterdesk.documents.receipts import Tender
from counterdesk.services.payments import PaymentError
from counterdesk.services.shifts import ApprovalRequiredError
from ui import messages
from ui.app import prepare_application

ZH_TS = Path(messages.__file__).with_name("i18n") / "counterdesk_zh_CN.ts"


def test_generated_module_lists_every_service_template() -> None:
    current = messages.GENERATED.read_text(encoding="utf-8")
    assert current == messages.generated_source(), (
        "ui/service_messages.py is stale: run `uv run python -m ui.i18n`"
    )


def test_every_template_has_a_chinese_translation_with_the_same_fields() -> None:
    root = ET.parse(ZH_TS).getroot()
    translated = {
        message.findtext("source", ""): message.find("translation")
        for context in root.iter("context")
        if context.findtext("name") == messages.CONTEXT
        for message in context.iter("message")
    }
    for template in messages.service_templates():
        translation = translated.get(template)
        assert translation is not None, template
        assert translation.get("type") is None, f"unfinished: {template}"
        fields = {part.split("}")[0] for part in template.split("{")[1:]}
        for field in fields:
            assert "{" + field + "}" in (translation.text or ""), (template, translation.text)


def test_a_refusal_is_shown_in_chinese_with_its_values(qapp: QApplication) -> None:
    prepare_application(qapp, "zh_CN")
    try:
        error = PaymentError(
            "Receipt {receipt} has been reversed already.", receipt="QS03-20261121-0001"
        )
        text = messages.error_text(error)
        assert "QS03-20261121-0001" in text
        assert "Receipt" not in text
        limit = messages.error_text(ApprovalRequiredError({Tender.CASH: -2_000}, 1_000))
        assert "¥10.00" in limit
        assert "manager" not in limit
    finally:
        prepare_application(qapp, "en")
