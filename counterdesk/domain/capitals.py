"""Amounts in Chinese capitals (大写金额) as 会计基础工作规范 (1996) Art. 52 asks for them.

The figures come from ``cn2an`` in its ``rmb`` mode; this module adds what that mode leaves to the
writer so a receipt reads the way an accountant expects:

- the currency name 人民币 in front, with no space (Art. 52 (四));
- 整 after the last unit when the amount stops at 元 *or* 角 (Art. 52 (三): "大写金额数字到元或者角
  为止的，在'元'或者'角'字之后应当写'整'字"), none after 分. ``cn2an`` writes 整 only after 元.
  The bank rules for cheques (支付结算办法) make 整 after 角 optional, so writing it satisfies both;
- 拾 rather than 壹拾 at the very start of an amount from ¥10 to ¥19.99, as in the design notes'
  example 10.00 → 人民币拾元整 (壹拾万 keeps its 壹: only a leading ten of yuan drops it);
- never the colloquial 毛, 另 or 两 (``cn2an`` does not produce them; a test holds it to that).
"""

from __future__ import annotations

from typing import Final

import cn2an

from counterdesk.domain.money import FEN_PER_YUAN, Fen

CURRENCY_NAME: Final = "人民币"


def amount_in_capitals(fen: Fen) -> str:
    """Write ``fen`` in capitals: 100010 → 人民币壹仟零壹元整, 5 → 人民币伍分.

    Zero is 人民币零元整. Negative amounts (a reversal) are written with 负 in front of the figures,
    as reversal slips show them.
    """
    sign = "负" if fen < 0 else ""
    magnitude = abs(fen)
    whole, part = divmod(magnitude, FEN_PER_YUAN)
    if magnitude == 0:
        words = "零元整"
    else:
        words = cn2an.an2cn(f"{whole}.{part:02d}", "rmb")
        if not words.endswith(("整", "分")):
            words += "整"  # stops at 角: Art. 52 (三) asks for 整 here too
        if 10 <= whole < 20 and words.startswith("壹拾"):
            words = words[1:]
    return f"{CURRENCY_NAME}{sign}{words}"
