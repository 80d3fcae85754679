"""还 and 尚 as the adverb "still", and only as it: one reading for every module that drops or
weighs them.

Before a "not yet / still needs" word they are "still" (`资金还未到位`, `拆迁还需协调`,
`尚在办理`). Inside a word they are its meaning: `工程还款` is a repayment, not `工程款`;
`偿还` `归还` `退还` `返还` are "pay back", `还建房` is resettlement housing, `尚书` a name; and
`还不上` `还不起` are "cannot repay". Reading those as "still" merged a repayment problem into
the open 工程款 one, and took `贷款已偿还` for a problem not yet solved.
"""

from __future__ import annotations

STILL_ADVERB = (
    r"(?<![偿归退返])(?:还是|还|尚)"
    r"(?=未|没|不(?![上起])|无|在|正|需|要|待|有|缺|差|欠|处于|存在|一直|迟迟|仍)"
)
"""A regular expression (to be embedded in others) matching 还 / 还是 / 尚 where it is "still"."""
