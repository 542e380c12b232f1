"""Controlled vocabularies from the seeds and shared/domain.md.

Order matters where it is a sequence (stages advance; a stage going backwards is flagged),
and each value has an ASCII slug so that no data value ever chooses a file path.
"""

from __future__ import annotations

LEVELS: dict[str, str] = {"省重点": "province", "市重点": "city", "县重点": "county"}

DOMAINS: dict[str, str] = {
    "工业": "industry",
    "交通": "transport",
    "能源": "energy",
    "水利": "water",
    "新型基础设施": "new-infra",
    "新型城镇化": "urbanisation",
    "农业农村": "agriculture",
    "现代服务业": "services",
    "生态环保": "ecology",
    "社会民生": "livelihood",
}

BATCHES: dict[str, str] = {"签约一批": "signed", "开工一批": "started", "投产一批": "producing"}

# Lifecycle order: 谋划 → 储备 → 前期 → 新开工 → 续建 → 竣工 → 投产 → 达产达效.
STAGES: dict[str, str] = {
    "谋划": "planning",
    "储备": "reserve",
    "前期": "preparation",
    "新开工": "new-start",
    "续建": "continuing",
    "竣工": "completed",
    "投产": "operating",
    "达产达效": "full-output",
}
STAGE_ORDER: dict[str, int] = {name: i for i, name in enumerate(STAGES)}
# Stages in which a project is under construction or past it ("started").
STARTED_STAGES = frozenset(["新开工", "续建", "竣工", "投产", "达产达效"])
COMPLETED_STAGES = frozenset(["竣工", "投产", "达产达效"])
# The unannounced pipeline: never on the public site unless a project is marked public.
PIPELINE_STAGES = frozenset(["谋划", "储备"])

FUNDING_SOURCES: tuple[str, ...] = (
    "中央预算内投资",
    "地方政府专项债券",
    "地方政府一般债券",
    "其他财政资金",
    "政策性开发性金融工具",
    "银行贷款",
    "企业自筹",
    "社会资本",
)
# Money whose disbursement (资金拨付) is tracked monthly.
DISBURSEMENT_SOURCES = frozenset(["中央预算内投资", "地方政府专项债券"])

APPROVAL_KINDS: tuple[str, ...] = (
    "立项/可研批复",
    "用地预审与选址",
    "规划许可",
    "环评",
    "节能审查",
    "施工许可",
    "水土保持",
    "社会稳定风险评估",
    "其他",
)
APPROVAL_STATUSES: tuple[str, ...] = ("未启动", "办理中", "已办结")
# A contracting process's state; OC4IDS's closed contractingProcessStatus codelist maps them.
TENDER_STATUSES: dict[str, str] = {
    "招标中": "pre-award", "履约中": "active", "已完成": "closed", "已终止": "closed",
}
# 国办发〔2017〕94号 二(一): what the approval and implementation of a major construction
# project discloses, in eight categories, in its order.
DISCLOSURE_CATEGORIES: dict[str, str] = {
    "批准服务": "approval-service",
    "批准结果": "approval-result",
    "招标投标": "tendering",
    "征收土地": "land",
    "重大设计变更": "design-change",
    "施工有关": "construction",
    "质量安全监督": "quality-safety",
    "竣工有关": "completion",
}

PROBLEM_KINDS: tuple[str, ...] = ("用地", "资金", "审批", "征迁", "环保", "水电路讯", "其他")
PROBLEM_LEVELS: tuple[str, ...] = ("县", "市", "省")
PROBLEM_STATUSES: tuple[str, ...] = ("待协调", "协调中", "已解决")

TASK_STATUSES: tuple[str, ...] = ("未开始", "推进中", "已完成")
TASK_RHYTHMS: dict[str, int] = {"每周": 0, "每月": 1, "每季度": 3, "每半年": 6, "每年": 12}

# 攻坚目标. A count target's state (达到状态) and the stages that have reached it.
TARGET_REACH: dict[str, frozenset[str]] = {
    "开工": STARTED_STAGES,
    "竣工": COMPLETED_STAGES,
    "投产": frozenset(["投产", "达产达效"]),
    "达产达效": frozenset(["达产达效"]),
}
# How the public site may show a target over projects (公开方式).
TARGET_PUBLISH: tuple[str, ...] = ("仅公开项目", "全县合计")
# A target's 序时 rule when the data overrides its kind's own (序时).
TARGET_SCHEDULES: tuple[str, ...] = ("按月", "无")
# What a county ledger (项目台账) may hold, by the field the importer reads it into; the
# header spellings are in generator/inputs/ledger_columns.py, and site.yaml's
# ``ledger_columns`` adds a county's own.
LEDGER_FIELDS: dict[str, str] = {
    "code": "项目编号",
    "name": "项目名称",
    "level": "项目级别",
    "domain": "所属领域",
    "stage": "建设性质",
    "township": "所在乡镇",
    "owner": "业主单位",
    "department": "责任单位",
    "leader": "分包领导",
    "scale": "建设内容及规模",
    "period": "建设起止年限",
    "total": "总投资",
    "annual_plan": "年度计划投资",
    "month": "本月完成投资",
    "ytd": "本年完成投资",
    "cumulative": "累计完成投资",
    "progress": "形象进度",
    "problems": "存在问题",
    "started": "是否开工",
    "government_invested": "政府投资项目",
    "ignored": "不导入的列",
}
# Written by the ledger import where a required field has no column in the ledger: the
# model refuses it with its own code, so `check` names every value still to be filled in.
PLACEHOLDER = "待补充"
