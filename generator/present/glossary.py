"""名词解释: the terms of the trade that the pages use, each with a short definition.

The glossary page lists them by group; wherever a page uses a term it links to its entry
(``term_link``) with the definition as the link's title, which Material shows as a tooltip.
Definitions follow the seed documents and the domain brief; ``{tolerance}`` and
``{threshold}`` are filled in from site.yaml, so the page says what this site's rules are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from generator.model import vocab
from generator.present.formatting import escape


@dataclass(frozen=True)
class Term:
    slug: str  # the entry's id on the glossary page: ASCII, stable
    word: str
    definition: str
    group: str
    also: tuple[str, ...] = ()  # other names of it (shown as 又称) that link to the entry
    related: tuple[str, ...] = ()  # words that link to the entry without being its names


PROJECTS, STAGES, MEASURES, WORK, MONEY = "项目分类", "建设阶段", "进度指标", "调度与督办", "资金"

_STAGE_TEXT = {
    "谋划": "正在研究论证、尚未列入储备库的项目设想。",
    "储备": "已完成初步论证、列入项目储备库，等待条件成熟后推进前期工作的项目。",
    "前期": "正在办理立项、用地、规划、环评等前期手续，尚未开工的项目。",
    "新开工": "在本年度内开工建设的项目。",
    "续建": "以前年度已开工、本年度继续建设的项目。",
    "竣工": "主体工程已完工并通过竣工验收的项目。",
    "投产": "竣工后已投入生产或运营的项目。",
    "达产达效": "投产后已达到设计产能、产生预期效益的项目。",
}

TERMS: tuple[Term, ...] = (
    Term("level", "项目级别",
         "省重点、市重点、县重点：分别列入省、市、县年度重点项目计划的项目。", PROJECTS),
    Term("three-batches", "三个一批",
         "“签约一批、开工一批、投产一批”项目：招商签约待落地的为签约一批，年内开工的为开工一批，"
         "年内建成投产的为投产一批。", PROJECTS),
    Term("five-clear", "五明确",
         "对每个重大项目明确资金筹措方案、耕地占补平衡方案、年度进度目标、年度投资计划和重要审批"
         "环节办理时限，由相关单位分别负责落实。", PROJECTS),
    Term("government-invested", "政府投资项目",
         "使用预算安排的资金进行固定资产投资建设的项目。财政资金 {threshold} 及以上的政府投资项目"
         "应公开建设内容和规模、建设必要性和依据、资金来源、招投标、设计监理施工单位和竣工决算。",
         PROJECTS),
    Term("approvals", "前期手续",
         "项目开工前须办理的审批手续，如立项/可研批复、用地预审与选址、规划许可、环评、节能审查、"
         "施工许可等，每项有审批部门和办理时限。", PROJECTS),
    *(Term(f"stage-{slug}", stage, _STAGE_TEXT[stage], STAGES)
      for stage, slug in vocab.STAGES.items()),
    Term("schedule-rate", "序时进度",
         "统计期已过去的时间占全年的比例，按月末计算：10 月底为 10/12，即 83.3%。投资完成率与它"
         "相比，看是否跟上时间进度。", MEASURES, related=("序时",)),
    Term("completion-rate", "投资完成率",
         "本年累计完成投资 ÷ 年度计划投资。", MEASURES, related=("完成率",)),
    Term("lag", "滞后",
         "投资完成率低于序时进度超过 {tolerance} 个百分点；“较序时”为两者之差 (百分点)，正数为超前、"
         "负数为落后。", MEASURES, related=("较序时",)),
    Term("start-rate", "开工率",
         "已开工项目数 ÷ 计划应于统计日前开工的项目数。", MEASURES),
    Term("four-rates", "四率",
         "协议履约率、资金到位率、项目开工率和竣工投产率，用于考核招商签约项目的落地转化。",
         MEASURES),
    Term("resolution-rate", "问题解决率", "已协调解决的问题诉求数 ÷ 已受理的问题诉求数。",
         MEASURES),
    Term("arrival-rate", "资金到位率", "已到位资金 ÷ 计划到位资金。", MONEY),
    Term("disbursement-rate", "资金拨付率",
         "已拨付到项目的资金 ÷ 已下达 (分配) 的资金，用于跟踪中央预算内投资和专项债券资金的使用。",
         MONEY),
    Term("special-bonds", "专项债",
         "地方政府专项债券：为有一定收益的公益性项目发行、以项目收益偿还的政府债券。", MONEY,
         ("地方政府专项债券", "专项债券")),
    Term("central-budget", "中央预算内投资", "中央财政预算安排的固定资产投资资金。", MONEY),
    Term("fiscal-money", "财政资金",
         "计为财政出资的资金来源：本站为 site.yaml 所列的中央预算内投资、专项债券等。", MONEY),
    Term("scheduling", "调度",
         "按周、按月收集项目进展、完成投资和存在问题 (一周一调度、一月一通报)，据此通报和督办。",
         WORK, related=("月度调度",)),
    Term("supervision", "挂牌督办",
         "对进展缓慢、工期滞后或手续逾期的项目列入督办清单，明确责任单位和整改时限，限期整改。",
         WORK),
    Term("leader", "分包领导", "分工包抓一个或几个项目、负责协调推进的县级领导。", WORK),
    Term("task-force", "工作专班", "为推进一类或一个项目抽调人员组成的专门工作组。", WORK,
         ("专班",)),
    Term("horse-race", "赛马",
         "按投资完成率较序时、开工率、问题解决率等指标对乡镇和部门排名比较，按月通报名次变化。",
         WORK, related=("赛马排名",)),
    Term("bulletin", "通报", "按月印发的重点项目建设情况通报，通报进度、排名、滞后和督办项目。",
         WORK, related=("月度通报",)),
)

BY_WORD: dict[str, Term] = {w: t for t in TERMS for w in (t.word, *t.also, *t.related)}
# Words linked where running text uses them (``link_terms``): the terms of the trade, not
# everyday words that are terms too (竣工, 调度, 滞后 read plainly in a sentence).
IN_TEXT: frozenset[str] = frozenset({
    "三个一批", "五明确", "序时进度", "投资完成率", "开工率", "四率", "问题解决率", "资金到位率",
    "资金拨付率", "挂牌督办", "前期手续", "地方政府专项债券", "专项债券", "专项债", "中央预算内投资",
    "分包领导", "工作专班", "赛马",
})
GROUPS: tuple[str, ...] = (PROJECTS, STAGES, MEASURES, WORK, MONEY)


def definition(term: Term, values: Mapping[str, str]) -> str:
    return term.definition.format(**values)


def term_link(href: str, word: str, values: Mapping[str, str], text: str | None = None) -> Markup:
    """``word`` (or ``text``) linked to its glossary entry at ``href`` (the glossary page
    from this page), with the definition as a tooltip."""
    term = BY_WORD[word]
    return Markup('<a class="zd-term" href="{}#{}" title="{}">{}</a>').format(
        href, term.slug, definition(term, values), escape(text or word))


# Longest first, so 投资完成率 wins over 完成率 and 地方政府专项债券 over 专项债.
_WORDS = re.compile("|".join(re.escape(w) for w in sorted(BY_WORD, key=len, reverse=True)))


def link_terms(text: Markup, href: str, values: Mapping[str, str], seen: set[str],
               words: frozenset[str] = IN_TEXT) -> Markup:
    """Escaped text with the first use on a page of each term linked (``seen`` holds the
    slugs already linked on this page). ``text`` must be escaped text without tags: terms
    are Chinese words, which no entity or escape contains."""

    def one(match: re.Match[str]) -> str:
        word = match.group()
        term = BY_WORD[word]
        if term.slug in seen or word not in words:
            return word
        seen.add(term.slug)
        return str(term_link(href, word, values))

    return Markup(_WORDS.sub(one, str(text)))
