"""The data model: what a file in data/ may hold, field by field.

Every model forbids unknown keys, so a typo in a field name is an error rather than a
value that silently vanishes. Numbers and yes/no go through ``generator.model.numbers``
(plain decimal, true/false or 是/否), never through pydantic's lax parsing. Field titles are the Chinese names users know; they appear
in error messages, in the JSON Schema and in the 数据填报说明 guide.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from generator.model import names, numbers, rhythms, vocab
from generator.model.codes import CodedError
from generator.model.dates import PartialDate

CODE_PATTERN = r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$"
CODE_RE = re.compile(CODE_PATTERN)


def _date(value: Any) -> PartialDate:
    return PartialDate.parse(value)


DateLike = Annotated[
    PartialDate,
    BeforeValidator(_date),
    PlainSerializer(lambda d: d.iso(), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}([-/.年])\d{1,2}(月|([-/.]\d{1,2})|(月\d{1,2}日))?$",
            "examples": ["2025-03-15", "2025-03", "2025年3月"],
        }
    ),
]
# Constraints before the validator: they then apply to the float, as pydantic words them.
Money = Annotated[
    float,
    Field(ge=0, le=numbers.MAX_AMOUNT, allow_inf_nan=False, description="万元"),
    BeforeValidator(numbers.amount),
]
Number = Annotated[float, Field(allow_inf_nan=False), BeforeValidator(numbers.number)]
Year = Annotated[int, BeforeValidator(numbers.year)]
# A whole number of things (bidders, days), written as a year is: 5, not 5.0.
Count = Annotated[int, Field(ge=1, le=100_000), BeforeValidator(numbers.year)]
Days = Annotated[int, Field(ge=0, le=366), BeforeValidator(numbers.whole)]
Flag = Annotated[bool, BeforeValidator(numbers.flag)]
WholeNumber = Annotated[int, BeforeValidator(numbers.year)]  # written as 3, never 3.0


def _refuse(found: tuple[int, str] | None, text: str) -> str:
    if found is not None:
        position, char = found
        label, name = names.char_label(char)
        raise CodedError("invisible-character", char=label, char_name=name, position=position,
                         got=text)
    return text


def _text(text: str) -> str:
    return _refuse(names.invisible_in_text(text), text)


def _name(text: str) -> str:
    if text == vocab.PLACEHOLDER:  # the ledger import's mark for a value still to be filled in
        raise CodedError("placeholder-value")
    return _refuse(names.invisible_in_name(text), text)


def _title(text: str) -> str:
    _refuse(names.invisible_in_title(text), text)
    char = names.markup_in(text)
    if char is not None:
        raise CodedError("markup-character", char=char, got=text)
    return text


def _path_code(code: str) -> str:
    if names.is_device_name(code):
        raise CodedError("reserved-name", got=code)
    return code


Code = Annotated[str, Field(pattern=CODE_PATTERN, max_length=64)]
# A code that names a folder of the site (projects/<code>/, units/<code>/ ...).
PathCode = Annotated[Code, AfterValidator(_path_code)]
# Long free text: no bidi control or control character (tabs and line breaks are fine).
Text = Annotated[str, Field(max_length=4000), AfterValidator(_text)]
# Names and other short fields: no zero-width character either (two spellings of one name).
ShortText = Annotated[str, Field(max_length=200), AfterValidator(_name)]
# The region and site title, in every page's <title> and header: plain words on one line.
Title = Annotated[str, Field(max_length=200), AfterValidator(_title)]


def _enum(values: Any) -> Any:
    return Literal[tuple(values)]  # type: ignore[valid-type]


Level = _enum(vocab.LEVELS)
Domain = _enum(vocab.DOMAINS)
Batch = _enum(vocab.BATCHES)
Stage = _enum(vocab.STAGES)
FundingSource = _enum(vocab.FUNDING_SOURCES)
ApprovalKind = _enum(vocab.APPROVAL_KINDS)
ApprovalStatus = _enum(vocab.APPROVAL_STATUSES)
TaskStatus = _enum(vocab.TASK_STATUSES)
# One rhythm or several (每日、每周、每月), each kept in its plain form (rhythms.parse_rhythm).
Rhythms = Annotated[
    list[str],
    BeforeValidator(rhythms.rhythm_list),
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "pattern": rhythms.SCHEMA_PATTERN},
            {"type": "array", "items": {"type": "string", "pattern": rhythms.SCHEMA_PATTERN}},
        ],
        "examples": [*rhythms.EXAMPLES, ["每日", "每周", "每月"]],
    }),
]
TenderStatus = _enum(vocab.TENDER_STATUSES)
LedgerField = _enum(vocab.LEDGER_FIELDS)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Funding(Strict):
    source: FundingSource = Field(title="资金来源")
    amount: Money = Field(title="金额(万元)")
    note: ShortText | None = Field(None, title="说明")


class Approval(Strict):
    kind: ApprovalKind = Field(title="手续类别")
    name: ShortText | None = Field(None, title="手续名称", description="类别为“其他”时填写")
    authority: ShortText = Field(title="审批部门")
    deadline: DateLike | None = Field(None, title="办理时限")
    status: ApprovalStatus = Field(title="办理状态")
    done: DateLike | None = Field(None, title="办结日期")
    document: ShortText | None = Field(None, title="批复文号")

    @model_validator(mode="after")
    def _done_matches_status(self) -> Approval:
        if self.status == "已办结" and self.done is None:
            raise CodedError("approval-done-missing")
        if self.status != "已办结" and self.done is not None:
            raise CodedError("approval-done-not-finished", status=self.status)
        return self


class FiveClear(Strict):
    """五明确: the five things settled for every major project (seed 004, 三(一)2)."""

    funding_plan: Text | None = Field(None, title="资金筹措方案")
    farmland_balance: Text | None = Field(None, title="耕地占补平衡方案")
    annual_progress_target: Text | None = Field(None, title="年度进度目标")
    annual_investment_plan: Text | None = Field(None, title="年度投资计划")
    approval_deadlines: Text | None = Field(None, title="重要审批环节办理时限")


class Tender(Strict):
    """One contracting process: its tender, its award and the contract (CoST IDS)."""

    item: ShortText = Field(title="招标内容")
    method: Literal["公开招标", "邀请招标", "竞争性谈判", "竞争性磋商", "单一来源", "询价", "直接委托"] = (
        Field(title="招标方式")
    )
    status: TenderStatus | None = Field(None, title="合同状态")
    notice_date: DateLike | None = Field(None, title="招标公告日期")
    date: DateLike | None = Field(
        None, title="开标日期", description="以前的数据在此填写开标或定标日期; 定标日期另填 award_date"
    )
    award_date: DateLike | None = Field(None, title="定标日期", description="中标通知书发出日期")
    estimate: Money | None = Field(None, title="招标控制价(万元)", description="最高投标限价")
    bidders: Count | None = Field(None, title="投标人数")
    winner: ShortText | None = Field(None, title="中标单位")
    amount: Money | None = Field(None, title="中标金额(万元)")
    contract_start: DateLike | None = Field(None, title="合同开工日期")
    contract_days: Count | None = Field(None, title="合同工期(日历天)")


class Variation(Strict):
    """设计变更: a change to a contract's price, duration or scope, with its reason."""

    date: DateLike = Field(title="批准日期")
    contract: ShortText = Field(title="所涉合同", description="填写招投标中的招标内容, 一字不差")
    content: Text = Field(title="变更内容")
    reason: Text = Field(title="变更原因")
    amount_before: Money | None = Field(None, title="变更前合同金额(万元)")
    amount_after: Money | None = Field(None, title="变更后合同金额(万元)")
    end_before: DateLike | None = Field(None, title="变更前完工日期")
    end_after: DateLike | None = Field(None, title="变更后完工日期")
    scope: Flag = Field(False, title="变更建设内容或范围")
    approved_by: ShortText | None = Field(None, title="批准单位")
    document: ShortText | None = Field(None, title="批复文号")

    @model_validator(mode="after")
    def _changes_something(self) -> Variation:
        for before, after in (("amount_before", "amount_after"), ("end_before", "end_after")):
            if (getattr(self, before) is None) != (getattr(self, after) is None):
                missing = before if getattr(self, before) is None else after
                raise CodedError("variation-half", missing=missing)
        if self.amount_after is None and self.end_after is None and not self.scope:
            raise CodedError("variation-empty")
        return self

    @property
    def kinds(self) -> list[str]:
        """What it changed, as CoST names it: value, duration, scope."""
        out = []
        if self.amount_after is not None:
            out.append("value")
        if self.end_after is not None:
            out.append("duration")
        if self.scope:
            out.append("scope")
        return out


class Contractors(Strict):
    designer: ShortText | None = Field(None, title="设计单位")
    supervisor: ShortText | None = Field(None, title="监理单位")
    builder: ShortText | None = Field(None, title="施工单位")


class FinalAccounts(Strict):
    """竣工决算."""

    date: DateLike = Field(title="决算批复日期")
    amount: Money = Field(title="决算金额(万元)")
    approved_by: ShortText | None = Field(None, title="审核/批复单位")
    document: ShortText | None = Field(None, title="批复文号")


class Photo(Strict):
    file: Annotated[str, Field(pattern=r"^photos/[A-Za-z0-9_\-/]+\.(jpg|jpeg|png|webp)$")] = Field(
        title="照片文件", description="data/ 下的相对路径, 如 photos/XX-001/2025-03.jpg"
    )
    caption: ShortText = Field(title="说明")
    date: DateLike | None = Field(None, title="拍摄日期")
    internal: Flag = Field(False, title="仅内部")


class Location(Strict):
    """A point on the county map: longitude and latitude in decimal degrees (WGS84/CGCS2000)."""

    lon: Number = Field(ge=-180, le=180, title="经度", description="十进制度数, 如 114.62")
    lat: Number = Field(ge=-90, le=90, title="纬度", description="十进制度数, 如 34.78")


class Dates(Strict):
    planned_start: DateLike | None = Field(None, title="计划开工")
    actual_start: DateLike | None = Field(None, title="实际开工")
    planned_completion: DateLike | None = Field(None, title="计划竣工")
    actual_completion: DateLike | None = Field(None, title="实际竣工")


class Project(Strict):
    """One key project, kept in data/projects/<code>.yaml."""

    code: PathCode = Field(title="项目编号", description="稳定编号: 字母、数字和 -")
    name: ShortText = Field(title="项目名称", min_length=2)
    level: Level = Field(title="项目级别")
    domain: Domain = Field(title="所属领域")
    batch: Batch | None = Field(None, title="三个一批")
    stage: Stage = Field(title="建设阶段")
    township: ShortText = Field(title="所在乡镇")
    location: Location | None = Field(
        None, title="项目位置", description="不填时地图上画在所在乡镇的位置")
    owner: ShortText = Field(title="业主单位")
    department: ShortText = Field(title="责任单位")
    leader: ShortText | None = Field(None, title="分包领导")
    task_force: ShortText | None = Field(None, title="工作专班")
    government_invested: Flag = Field(title="政府投资项目")
    total_investment: Money = Field(title="总投资(万元)")
    funding: list[Funding] = Field(default_factory=list, title="资金来源")
    annual_plan: dict[Year, Money] = Field(
        default_factory=dict, title="年度计划投资(万元)", description="年份: 金额"
    )
    dates: Dates = Field(default_factory=Dates, title="开竣工日期")
    scale: Text | None = Field(None, title="建设内容和规模")
    rationale: Text | None = Field(None, title="建设必要性和依据")
    progress: Text | None = Field(None, title="形象进度")
    approvals: list[Approval] = Field(default_factory=list, title="前期手续")
    five_clear: FiveClear = Field(default_factory=FiveClear, title="五明确")
    tenders: list[Tender] = Field(default_factory=list, title="招投标")
    variations: list[Variation] = Field(default_factory=list, title="设计变更")
    contractors: Contractors = Field(default_factory=Contractors, title="参建单位")
    final_accounts: FinalAccounts | None = Field(None, title="竣工决算")
    photos: list[Photo] = Field(default_factory=list, title="现场照片")
    public: Flag | None = Field(
        None,
        title="是否公开",
        description="不填: 按公开规则; true: 公开; false: 不公开, 须填写 withhold_reason",
    )
    withhold_reason: Text | None = Field(None, title="不公开理由")
    notes: Text | None = Field(None, title="内部备注")

    @field_validator("annual_plan")
    @classmethod
    def _plan_years(cls, plan: dict[int, float]) -> dict[int, float]:
        for year in plan:
            if not 2000 <= year <= 2100:
                raise CodedError("bad-year", year=year)
        return dict(sorted(plan.items()))

    @model_validator(mode="after")
    def _consistent(self) -> Project:
        if self.public is False and not self.withhold_reason:
            raise CodedError("withhold-reason-missing")
        return self

    def fiscal_money(self, fiscal_sources: frozenset[str]) -> float:
        return sum(f.amount for f in self.funding if f.source in fiscal_sources)


class Township(Strict):
    code: PathCode = Field(title="乡镇代码")
    name: ShortText = Field(title="乡镇名称")
    point: Location | None = Field(
        None, title="乡镇位置", description="地图上乡镇名称和无位置项目的画点; 不填用边界的中心")


class LightRule(Strict):
    """红黄绿灯: how far behind 序时进度 a project turns yellow or red, and how near a deadline
    an approval, a planned start or a task turns yellow (past it: red)."""

    basis: Literal["points", "share"] = Field(
        "points",
        title="比较方式",
        description="points: 按低于序时进度的百分点; share: 按投资完成率占序时进度的百分比",
    )
    yellow: Number | None = Field(
        None, ge=0, le=100, title="黄灯线",
        description="points: 低于序时进度超过该百分点亮黄灯, 不填同滞后容差; "
        "share: 完成率低于序时进度的该百分比亮黄灯, 不填为 80",
    )
    red: Number | None = Field(
        None, ge=0, le=100, title="红灯线",
        description="points: 低于序时进度超过该百分点亮红灯, 不填为 30; "
        "share: 完成率低于序时进度的该百分比亮红灯, 不填为 60",
    )
    warning_days: Days = Field(
        15, title="节点预警天数", description="前期手续时限、计划开工前该天数内仍未完成的亮黄灯")
    task_warning_days: Days = Field(
        30, title="任务预警天数", description="任务完成时限前该天数内仍未完成的亮黄灯")

    @model_validator(mode="after")
    def _ordered(self) -> LightRule:
        if self.yellow is not None and self.red is not None:
            wrong = self.red < self.yellow if self.basis == "points" else self.red > self.yellow
            if wrong:
                raise CodedError("light-thresholds-order", basis=self.basis,
                                 yellow=f"{self.yellow:g}", red=f"{self.red:g}")
        return self


class SiteConfig(Strict):
    """data/site.yaml: what the region is and how its rules are set."""

    region: Title = Field(title="地区名称")
    title: Title = Field(title="站点标题")
    report_date: DateLike = Field(title="报告日期", description="数据截至日期, 通常为月末")
    disclosure_threshold: Money = Field(1000, title="公开门槛(万元)")
    fiscal_sources: list[FundingSource] = Field(
        default_factory=lambda: ["中央预算内投资", "地方政府专项债券", "地方政府一般债券", "其他财政资金"],
        title="计为财政资金的来源",
    )
    lag_tolerance: Number = Field(5.0, ge=0, le=100, title="滞后容差(百分点)")
    lights: LightRule = Field(default_factory=LightRule, title="红黄绿灯规则")
    big_project_threshold: Money = Field(100000, title="重大项目门槛(万元)")
    # A county total less than this many withheld projects could be subtracted back to them.
    min_withheld: WholeNumber = Field(3, ge=2, le=100, title="全县合计至少含未公开项目数")
    # The validator's conformance check wants oc4ids- plus six lower-case letters or digits.
    oc4ids_prefix: str | None = Field(
        None,
        pattern=r"^oc4ids-[a-z0-9]{6}$",
        title="OC4IDS项目标识前缀",
        description="向开放合同伙伴关系 (Open Contracting Partnership) 登记的项目标识前缀, "
        "形如 oc4ids-abc123; 开放数据中 OC4IDS 项目编号为“前缀-项目编号”。不填则编号不带前缀, "
        "不符合 OC4IDS 的一致性要求",
    )
    townships: list[Township] = Field(title="乡镇(街道)")
    ledger_columns: dict[LedgerField, list[ShortText]] = Field(  # type: ignore[valid-type]
        default_factory=dict,
        title="台账列名",
        description="导入项目台账时, 本县台账对各项的其他写法, 如 name: [工程名称]",
    )

    @property
    def fiscal(self) -> frozenset[str]:
        return frozenset(self.fiscal_sources)


UnitKind = Literal["县直部门", "乡镇", "企业", "金融机构", "上级部门", "其他"]


class Unit(Strict):
    """One responsible unit (单位) with the other names people write for it.

    A unit with ``members`` or ``member_kinds`` is a 统称 (各乡镇人民政府, 县直各有关部门):
    a task assigned to it is assigned to each of its members.
    """

    code: PathCode = Field(title="单位代码")
    name: ShortText = Field(title="单位全称")
    aliases: list[ShortText] = Field(default_factory=list, title="简称/别名")
    kind: UnitKind = Field("县直部门", title="类别")
    members: list[ShortText] = Field(
        default_factory=list, title="成员单位",
        description="统称所指的单位, 写登记的全称或简称, 如 各重大项目联系单位 的各个单位",
    )
    member_kinds: list[UnitKind] = Field(
        default_factory=list, title="成员类别",
        description="统称指这些类别的全部单位, 如 各乡镇人民政府: [乡镇]",
    )


class TargetScope(Strict):
    levels: list[Level] = Field(default_factory=list, title="项目级别")
    domains: list[Domain] = Field(default_factory=list, title="所属领域")
    batches: list[Batch] = Field(default_factory=list, title="三个一批")
    stages: list[Stage] = Field(default_factory=list, title="建设阶段")
    townships: list[ShortText] = Field(default_factory=list, title="乡镇")
    funding_sources: list[FundingSource] = Field(default_factory=list, title="含资金来源")
    projects: list[Code] = Field(default_factory=list, title="指定项目")
    min_total: Money | None = Field(None, title="总投资不低于(万元)", description="如亿元以上项目填 10000")
    plan_year: Year | None = Field(None, title="列入年度计划", description="该年有年度计划投资的项目")


TargetMetric = Literal[
    "investment_completed",
    "completion_rate",
    "start_rate",
    "restart_rate",
    "start_restart_rate",
    "disbursement_rate",
    "funds_arrival_rate",
    "production_rate",
    "agreement_rate",
    "project_count",
    "growth",
    "reported",
]
Reach = _enum(vocab.TARGET_REACH)
Publish = _enum(vocab.TARGET_PUBLISH)
Schedule = _enum(vocab.TARGET_SCHEDULES)
# A unit a reported figure is kept in as the document writes it: 万美元, 家, 个, 亿元.
TargetUnit = Annotated[ShortText, Field(max_length=10)]


class TargetBase(Strict):
    """基数: the base year a growth target is measured from."""

    year: Year = Field(title="基数年份")
    value: Money | None = Field(None, title="基数",
                                description="基数年份的金额 (万元); 按报送的增长率考核时可不填")
    source: ShortText | None = Field(None, title="基数来源")


class TargetBaseline(Strict):
    """What was completed from the target's start up to a month the monthly data does not
    cover (a 2021—2023 target whose progress tables start in 2024-11)."""

    value: Money = Field(title="已完成额(万元)")
    through: DateLike = Field(title="截至月份", description="已完成额统计到哪个月 (含该月)")
    source: ShortText = Field(title="来源")


class TargetReport(Strict):
    """A figure the reporting unit gives for a target no project carries."""

    date: DateLike = Field(title="数据截至")
    value: Number | None = Field(None, title="数值", description="自统计起点累计, 单位同目标")
    growth: Number | None = Field(None, title="增长率(%)", description="本年累计同比增长, 百分数")
    source: ShortText = Field(title="来源")


class Target(Strict):
    """攻坚目标: a figure (over a set of projects, or reported), a target value and a deadline."""

    id: Code = Field(title="目标编号")
    title: ShortText = Field(title="目标表述")
    metric: TargetMetric = Field(title="指标")
    scope: TargetScope = Field(default_factory=TargetScope, title="适用项目")
    value: Money = Field(title="目标值",
                         description="金额为万元, 比率和增长为百分数, 个数为个; 报送值按 unit")
    start: DateLike | None = Field(None, title="统计起点", description="不填为目标截止年份的1月1日")
    deadline: DateLike = Field(title="截止日期")
    reach: Reach | None = Field(None, title="达到状态", description="项目个数: 开工/竣工/投产/达产达效")
    yearly: Flag = Field(False, title="每年", description="目标值每年都要达到, 逐年评定")
    unit: TargetUnit | None = Field(None, title="单位", description="报送值的单位, 照原文, 默认万元")
    base: TargetBase | None = Field(None, title="基数", description="增长目标的基数年份和基数")
    baseline: TargetBaseline | None = Field(None, title="数据起点前已完成")
    reported_by: ShortText | None = Field(None, title="报送单位")
    reports: list[TargetReport] = Field(default_factory=list, title="报送数据")
    publish: Publish = Field("仅公开项目", title="公开方式")
    schedule: Schedule | None = Field(None, title="序时", description="不填按指标的规则")
    headline: Flag = Field(False, title="首页展示")
    internal: Flag = Field(False, title="仅内部")


class TaskNote(Strict):
    date: DateLike = Field(title="日期")
    text: Text = Field(title="进展情况")
    internal: Flag = Field(False, title="仅内部")


class Task(Strict):
    number: ShortText = Field(title="任务编号", description="沿用文件编号, 如 二(一)3")
    text: Text = Field(title="任务内容")
    lead: list[ShortText] = Field(min_length=1, title="牵头单位")
    support: list[ShortText] = Field(default_factory=list, title="配合单位")
    deadline: DateLike | None = Field(None, title="完成时限")
    rhythm: Rhythms = Field(
        default_factory=list, title="周期",
        description="每日/每周/每月/每季度/每半年/每年, 可加次数如 每月1—2次; 几个周期写成列表",
    )
    status: TaskStatus = Field("未开始", title="状态")
    done: DateLike | None = Field(None, title="完成日期")
    notes: list[TaskNote] = Field(default_factory=list, title="进展记录")
    targets: list[Code] = Field(default_factory=list, title="关联目标")
    projects: list[Code] = Field(default_factory=list, title="关联项目")
    internal: Flag = Field(False, title="仅内部")


class Section(Strict):
    number: ShortText = Field(title="章节编号")
    title: ShortText = Field(title="章节标题")
    tasks: list[Task] = Field(min_length=1, title="任务")


class PlanPeriod(Strict):
    """执行期: the years a plan runs, 2021—2023 in seed 004's title."""

    start: DateLike = Field(title="执行期起", description="只写到月的, 指当月1日")
    end: DateLike = Field(title="执行期止", description="只写到月的, 指当月最后一天")

    @model_validator(mode="after")
    def _ordered(self) -> PlanPeriod:
        if self.end.end() < self.start.start():
            raise CodedError("period-end-before-start", start=self.start, end=self.end)
        return self


class PlanGoal(Strict):
    """A goal the plan sets as a whole (seed 004 一: 到2023年重大项目累计完成投资140亿元)."""

    text: Text = Field(title="目标表述")
    targets: list[Code] = Field(default_factory=list, title="关联目标")


class Plan(Strict):
    """行动方案: a policy document with numbered tasks, data/plans/<id>.yaml."""

    id: PathCode = Field(title="方案编号")
    title: ShortText = Field(title="方案标题")
    issuer: ShortText = Field(title="印发单位")
    date: DateLike = Field(title="印发日期")
    doc_number: ShortText | None = Field(None, title="文号")
    meeting: ShortText | None = Field(
        None, title="审议会议", description="如 县十七届人民政府第73次常务会议"
    )
    period: PlanPeriod | None = Field(
        None, title="执行期", description="不填: 方案一直执行, 任务按报告日期判断"
    )
    terminated: DateLike | None = Field(
        None, title="终止日期", description="执行期未满即停止执行(如被新方案替代)时填写"
    )
    termination_note: Text | None = Field(None, title="终止说明")
    source: ShortText | None = Field(None, title="原文链接")
    summary: Text | None = Field(None, title="摘要")
    goals: list[PlanGoal] = Field(default_factory=list, title="总体目标")
    internal: Flag = Field(False, title="仅内部")
    sections: list[Section] = Field(min_length=1, title="章节")


def _yes_no(value: Any) -> Any:
    """Excel users write 是/否; accept those beside true/false."""
    if isinstance(value, str):
        text = value.strip()
        if text in {"是", "Y", "y", "yes", "true", "TRUE", "1", "已开工"}:
            return True
        if text in {"否", "N", "n", "no", "false", "FALSE", "0", "未开工"}:
            return False
    return value


YesNo = Annotated[bool, BeforeValidator(_yes_no)]


class MonthlyRecord(Strict):
    """One row of data/progress/<YYYY-MM>.csv: a project's figures for one month."""

    project: Code = Field(title="项目编号")
    completed: Money = Field(title="本月完成投资(万元)")
    cumulative: Money | None = Field(None, title="开工以来累计完成投资(万元)")
    started: YesNo | None = Field(None, title="是否开工")
    progress: Text | None = Field(None, title="形象进度")
    funds_arrived: Money | None = Field(None, title="本月资金到位(万元)")
    funds_disbursed: Money | None = Field(
        None, title="本月资金拨付(万元)", description="专项债和中央预算内资金"
    )
    issues: Text | None = Field(
        None, title="存在问题", description="仅内部站点显示; 需要协调的问题另在 problems.csv 中登记"
    )


class Problem(Strict):
    """One row of data/problems.csv: a problem or request raised for a project."""

    id: Code = Field(title="问题编号")
    project: Code = Field(title="项目编号")
    raised: DateLike = Field(title="提出日期")
    kind: _enum(vocab.PROBLEM_KINDS) = Field(title="问题类别")  # type: ignore[valid-type]
    description: Text = Field(title="问题描述")
    unit: ShortText = Field(title="责任单位")
    level: _enum(vocab.PROBLEM_LEVELS) = Field(title="协调层级")  # type: ignore[valid-type]
    status: _enum(vocab.PROBLEM_STATUSES) = Field(title="办理状态")  # type: ignore[valid-type]
    resolved: DateLike | None = Field(None, title="解决日期")
    public: YesNo = Field(False, title="是否公开")

    @model_validator(mode="after")
    def _resolved_matches_status(self) -> Problem:
        if self.status == "已解决" and self.resolved is None:
            raise CodedError("resolved-date-missing")
        if self.resolved is not None and self.resolved.end() < self.raised.start():
            raise CodedError("resolved-before-raised", resolved=self.resolved,
                             raised=self.raised)
        return self


class SupervisionCase(Strict):
    """挂牌督办: one decision to supervise a project, and its end (销号), in data/supervision.yaml."""

    id: Code = Field(title="督办编号")
    project: Code = Field(title="项目编号")
    listed: DateLike = Field(title="挂牌日期")
    listed_by: ShortText = Field(title="挂牌单位", description="作出督办决定的单位或会议")
    reason: Text = Field(title="督办事由")
    unit: ShortText = Field(title="责任单位", description="须为已登记单位")
    deadline: DateLike = Field(title="整改时限")
    document: ShortText | None = Field(None, title="督办文号")
    closed: DateLike | None = Field(None, title="销号日期")
    resolution: Text | None = Field(None, title="销号情况", description="如何整改到位; 销号时必填")

    @model_validator(mode="after")
    def _dates_in_order(self) -> SupervisionCase:
        if self.deadline.end() < self.listed.start():
            raise CodedError("case-deadline-before-listed", deadline=self.deadline,
                             listed=self.listed)
        if self.closed is not None:
            if self.closed.end() < self.listed.start():
                raise CodedError("case-closed-before-listed", closed=self.closed,
                                 listed=self.listed)
            if not self.resolution:
                raise CodedError("case-resolution-missing")
        return self
