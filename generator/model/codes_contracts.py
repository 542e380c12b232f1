"""The codes of contract facts, 设计变更 and the working-day calendar of the disclosure rules.

Part of the catalogue in ``generator.model.codes``, kept apart for its size; they are listed
after the codes of the data files and before those of importing a ledger.
"""

from __future__ import annotations

from generator.model.code_types import Code, ex

CONTRACTS = "招投标、设计变更和公开期限"
P1 = "data/projects/XC-001.yaml"

CONTRACT_CODES: tuple[Code, ...] = (
    Code("variation-half", CONTRACTS, "设计变更前后值只填了一个",
         "设计变更须同时填写变更前和变更后的值 (缺 {missing})",
         "金额变更同时填 amount_before 和 amount_after, 工期变更同时填 end_before 和 end_after。",
         ex(P1, 40, "variations[0]", missing="amount_before")),
    Code("variation-empty", CONTRACTS, "设计变更未写变更了什么",
         "设计变更须写明变更的金额 (amount_before/amount_after)、完工日期 (end_before/end_after) "
         "或建设内容 (scope: true) 中的至少一项",
         "按批复填写变更前后的合同金额或完工日期; 只变更建设内容或范围的写 scope: true。",
         ex(P1, 40, "variations[0]")),
    Code("unknown-contract", CONTRACTS, "所涉合同不在招投标中",
         "所涉合同不在本项目的招投标中 (got {got!r}, expected one of {allowed})",
         "填写本项目 tenders 中某一项的招标内容 item, 一字不差; 合同未录入的先补录招投标。",
         ex(P1, 41, "variations[0].contract", got="施工", allowed="勘察设计、施工总承包")),
    Code("award-before-notice", CONTRACTS, "定标早于招标公告",
         "定标日期早于招标公告日期 (got {notice} → {award})",
         "核对招标公告日期 notice_date 和定标日期 award_date。",
         ex(P1, 33, "tenders[1].award_date", notice="2025-03-10", award="2025-02-20")),
    Code("too-few-bidders", CONTRACTS, "投标人少于三个",
         "{method}的投标人只有 {bidders} 个 (招标投标法第二十八条: 少于三个的应当依法重新招标)",
         "核对投标人数; 确为少于三个而定标的, 在内部备注中说明依据。",
         ex(P1, 34, "tenders[1].bidders", method="公开招标", bidders=2), "warning"),
    Code("holiday-year-unknown", CONTRACTS, "节假日安排未收录",
         "{year}年的法定节假日和调休安排 {package} 尚未收录, 无法计算 20 个工作日的公开期限",
         "升级 requirements.txt 和 constraints.txt 中的 chinese-calendar (国务院办公厅通常在上一年"
         "年底公布次年安排, 该包随后发布新版本) 后重新生成站点; 在此之前, 内部站点的信息公开情况页"
         "对这些事项标注“无法判定”, 不给出可能错误的结论。",
         ex(P1, 30, "approvals[2].done", year=2027, package="chinese-calendar 1.11.0"),
         "warning"),
)
