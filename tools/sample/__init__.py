"""Seeded synthetic data: the sample county shipped in data/ and benchmark-sized ledgers.

``write_dataset`` builds a whole data/ directory for an invented county, 示例县, from one
``random.Random(seed)`` and nothing else (no clock, no ``hash()``, no set order), so the same
arguments give the same bytes on every machine. Everything is invented: names, companies,
leaders, document numbers. The shapes follow the seed texts in shared/seeds (seed 000's
攻坚目标 and 重点任务, seed 004's numbered plan with 牵头/配合 units on every task).

Usage::

    python -m tools.sample data --n 64 --sample
    python -m tools.sample /tmp/big --n 10000 --months 36
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator import vocab
from generator.dates import PartialDate

REGION = "示例县"
FISCAL_SOURCES = ("中央预算内投资", "地方政府专项债券", "地方政府一般债券", "其他财政资金")
THRESHOLD = 1000.0  # 万元, seed 004 三(二)2

# libyaml when present: ~10x faster for benchmark sizes; both emit the same text for the
# plain maps, lists, strings and numbers written here (checked by the tests).
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# ---------------------------------------------------------------------------------------
# Places and units
# ---------------------------------------------------------------------------------------

TOWNS: list[tuple[str, str]] = [
    ("chengguan", "城关镇"),
    ("dongcheng", "东城街道"),
    ("xicheng", "西城街道"),
    ("hekou", "河口镇"),
    ("liulin", "柳林镇"),
    ("qingshi", "青石镇"),
    ("baiyun", "白云乡"),
    ("mazhuang", "马庄乡"),
    ("qiaotou", "桥头镇"),
    ("xinhua", "新华镇"),
    ("yangji", "杨集乡"),
    ("shuanghe", "双河镇"),
    ("longquan", "龙泉镇"),
    ("taiping", "太平镇"),
    ("dazhuang", "大庄乡"),
    ("shiqiao", "石桥镇"),
    ("lijiaji", "李家集乡"),
    ("gaoping", "高坪乡"),
    ("nanhu", "南湖街道"),
    ("beiguan", "北关街道"),
    ("huangtuling", "黄土岭乡"),
    ("sanhe", "三河镇"),
    ("fenghuang", "凤凰镇"),
    ("wangcun", "王村乡"),
]
PARK = ("kaifaqu", "示例县经济开发区")
# County-wide projects (城乡供水, 高标准农田 ...) span townships; ledgers file them as 全县.
COUNTY_WIDE = ("quanxian", "全县")
CITY_TOWNS = ("城关镇", "东城街道", "西城街道")

# (code, name, aliases, kind). Aliases are the short forms people write in ledgers.
COUNTY_UNITS: list[tuple[str, str, list[str], str]] = [
    ("fgj", "县发展改革局", ["县发改局", "县发改委", "发展改革局"], "县直部门"),
    ("czj", "县财政局", ["财政局"], "县直部门"),
    ("zrzyj", "县自然资源局", ["自然资源局"], "县直部门"),
    ("zjj", "县住房和城乡建设局", ["县住建局", "住建局"], "县直部门"),
    ("jtysj", "县交通运输局", ["交通运输局"], "县直部门"),
    ("slj", "县水利局", ["水利局"], "县直部门"),
    ("nyncj", "县农业农村局", ["农业农村局"], "县直部门"),
    ("jytyj", "县教育体育局", ["县教体局", "教育体育局"], "县直部门"),
    ("wjj", "县卫生健康局", ["县卫健局", "卫健局"], "县直部门"),
    ("zdb", "县重大项目建设服务中心", ["县重大办", "重大办"], "县直部门"),
    ("zwfw", "县政务服务和大数据发展局", ["县大数据局"], "县直部门"),
    ("tcj", "县投资促进局", ["县投促局", "投资促进局"], "县直部门"),
    ("jmj", "县经济贸易局", ["县经贸局", "经贸局"], "县直部门"),
    ("sthj", "县生态环境局", ["示例生态环境局", "生态环境局"], "县直部门"),
    ("tjj", "县统计局", [], "县直部门"),
    ("sjj", "县审计局", [], "县直部门"),
    ("dcj", "县督查局", ["县政府督查室"], "县直部门"),
    ("rsj", "县人力资源和社会保障局", ["县人社局"], "县直部门"),
    ("mzj", "县民政局", [], "县直部门"),
    ("wglyj", "县文化广电和旅游局", ["县文广旅局"], "县直部门"),
    ("lyj", "县林业局", [], "县直部门"),
    ("gaj", "县公安局", [], "县直部门"),
    ("scjgj", "县市场监督管理局", ["县市场监管局"], "县直部门"),
    ("yjglj", "县应急管理局", ["县应急局"], "县直部门"),
    ("jgsw", "县机关事务服务中心", ["县机关事务局"], "县直部门"),
    ("zzb", "县委组织部", [], "其他"),
    ("gsl", "县工商业联合会", ["县工商联"], "其他"),
    ("kfq", "示例县经济开发区管理委员会", ["县工管委", "开发区管委会"], "其他"),
    ("rmyh", "人民银行示例县支行", ["人行示例县支行"], "金融机构"),
    ("gdgs", "国网示例县供电公司", ["县供电公司"], "企业"),
    ("chengtou", "示例县城市建设投资集团有限公司", ["县城投集团", "县城投公司"], "企业"),
    ("jiaotou", "示例县交通投资有限公司", ["县交投公司"], "企业"),
    ("shuitou", "示例县水务投资有限公司", ["县水投公司"], "企业"),
    ("chantou", "示例县产业投资发展集团有限公司", ["县产投集团"], "企业"),
    ("nongtou", "示例县农业发展投资有限公司", ["县农投公司"], "企业"),
    ("wenlv", "示例县文化旅游投资有限公司", ["县文旅投公司"], "企业"),
    ("sfgw", "示例市发展和改革委员会", ["市发展改革委", "市发改委"], "上级部门"),
    ("szrgh", "示例市自然资源和规划局", ["市自然资源和规划局"], "上级部门"),
    ("ssthj", "示例市生态环境局", ["市生态环境局"], "上级部门"),
    # Plans name the townships collectively (各乡(镇)人民政府 in seed 004).
    ("xzall", "各乡镇人民政府", ["各乡（镇）人民政府"], "乡镇"),
]
SOE = {
    "chengtou": "示例县城市建设投资集团有限公司",
    "jiaotou": "示例县交通投资有限公司",
    "shuitou": "示例县水务投资有限公司",
    "chantou": "示例县产业投资发展集团有限公司",
    "nongtou": "示例县农业发展投资有限公司",
    "wenlv": "示例县文化旅游投资有限公司",
    "gdgs": "国网示例县供电公司",
}

LEADERS = [
    "李志强",
    "王建国",
    "张海涛",
    "刘红梅",
    "陈立军",
    "杨晓东",
    "赵文斌",
    "孙丽华",
    "周国庆",
    "吴振华",
]
TASK_FORCES = {
    "工业": "工业项目推进专班",
    "交通": "交通项目建设专班",
    "能源": "能源项目推进专班",
    "水利": "水利项目建设专班",
    "新型基础设施": "新基建项目专班",
    "新型城镇化": "城市建设项目专班",
    "农业农村": "乡村振兴项目专班",
    "现代服务业": "现代服务业项目专班",
    "生态环保": "生态环保项目专班",
    "社会民生": "社会民生项目专班",
}
DEPARTMENTS = {
    "工业": ("县经贸局", "县经济贸易局", "县投资促进局", "县工管委"),
    "交通": ("县交通运输局",),
    "能源": ("县发展改革局", "县发改局", "县发改委"),
    "水利": ("县水利局",),
    "新型基础设施": ("县政务服务和大数据发展局", "县大数据局", "县经贸局"),
    "新型城镇化": ("县住建局", "县住房和城乡建设局"),
    "农业农村": ("县农业农村局",),
    "现代服务业": ("县发展改革局", "县文广旅局", "县经贸局", "县投促局"),
    "生态环保": ("县生态环境局", "示例生态环境局", "县自然资源局"),
    "社会民生": ("县教育体育局", "县卫健局", "县民政局"),
}

BRANDS = [
    "恒达",
    "鼎盛",
    "华瑞",
    "金桥",
    "宏远",
    "安泰",
    "博润",
    "天成",
    "瑞丰",
    "正源",
    "永兴",
    "嘉禾",
    "盛联",
    "凯越",
    "润通",
    "裕丰",
    "鑫源",
    "同创",
    "泰和",
    "东方红",
]
INDUSTRY_WORDS = {
    "工业": ["新材料科技", "智能装备", "实业", "食品科技", "精密制造", "新能源科技"],
    "能源": ["新能源", "风电", "光伏电力", "清洁能源"],
    "新型基础设施": ["数字科技", "通信技术", "智慧能源"],
    "现代服务业": ["商贸物流", "文化旅游开发", "置业", "供应链管理"],
    "农业农村": ["农业发展", "生态农业", "牧业", "农产品开发"],
    "生态环保": ["环保能源", "环境科技"],
}
BUILDERS = ["建设集团有限公司", "建筑工程有限公司", "市政工程有限公司", "建工集团有限公司"]
BUILDERS_BY_GROUP = {
    "linear": ["路桥工程有限公司", "交通建设集团有限公司"],
    "pipe": ["水利水电工程有限公司", "市政工程有限公司"],
    "farm": ["水利水电工程有限公司", "农业工程有限公司"],
}
DESIGNERS = ["工程设计研究院有限公司", "规划设计研究院有限公司", "勘察设计院有限公司"]
SUPERVISORS = ["工程监理有限公司", "工程咨询有限公司", "项目管理有限公司"]
FIRM_PLACES = ["示例省", "示例市"]

PRODUCTS = [
    "新型环保建材",
    "高性能碳酸钙粉体",
    "食品级包装材料",
    "生物可降解塑料",
    "精品钢结构件",
    "锂电池正极材料前驱体",
    "功能性纺织面料",
    "特种纸",
]
PRODUCTS2 = ["新能源汽车零部件", "电子元器件", "医疗器械", "智能家居", "光伏组件边框", "绿色建材"]
RIVERS = ["清水河", "白沙河", "柳河", "青龙河"]
IRRIGATION = ["清水河", "东风", "红星", "白沙"]
SCENIC = ["凤凰山", "白云湖", "青石峡", "龙泉谷"]
AREAS = ["老城区", "火车站", "东关", "滨河", "南关"]
ROADS = ["迎宾大道", "滨河路", "兴业路", "振兴大道", "文昌路", "工业大道"]
CROPS = ["中药材", "食用菌", "优质稻", "茶叶", "柑橘", "设施蔬菜"]
ANIMALS = ["生猪", "肉牛", "蛋鸡", "肉羊"]
LOGISTICS = ["豫通", "畅达", "远航", "通衢"]
ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

# ---------------------------------------------------------------------------------------
# Project templates by domain
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tpl:
    domain: str
    name: str  # str.format over the context built in _context
    lo: float  # 万元: the range of total investment that fits this kind of project
    hi: float
    fund: str  # gov (政府投资) / ent (企业投资) / ppp (社会资本)
    loc: str  # county / city / town / park
    owner: str  # a key of SOE, "co" (the company in the name), "town", or a literal owner
    scale: str  # key of SCALES
    group: str  # key of PHASES: how physical progress is described
    dept: tuple[str, ...] = ()


T = _Tpl
# One kind of project per row: domain, name, 万元 range, fund, loc, owner, scale, group, depts.
# fmt: off
TEMPLATES: list[_Tpl] = [
    # 工业
    T("工业", "{co}年产{cap}万吨{product}项目", 20000, 300000, "ent", "park", "co", "factory", "plant"),
    T("工业", "{co}{product2}智能制造基地项目", 10000, 200000, "ent", "park", "co", "smart", "plant"),
    T("工业", "{co}生产线智能化技术改造项目", 2000, 20000, "ent", "town", "co", "techrev", "equip"),
    T("工业", "示例县经济开发区标准厂房建设项目（{phase}期）", 5000, 40000, "gov", "park", "chantou", "stdfactory", "building", ("县工管委", "县经贸局")),
    T("工业", "示例县经济开发区{road}基础设施配套工程", 3000, 30000, "gov", "park", "chantou", "parkinfra", "linear", ("县工管委",)),
    T("工业", "{t}农副产品精深加工项目", 1000, 15000, "ent", "town", "co", "agroproc", "plant"),
    # 交通
    T("交通", "G{gnum}线示例县段改扩建工程", 60000, 300000, "gov", "county", "jiaotou", "highway", "linear"),
    T("交通", "{t}至{t2}公路改建工程", 5000, 60000, "gov", "town", "jiaotou", "road", "linear"),
    T("交通", "示例县{y}年农村公路提质改造工程", 1500, 12000, "gov", "county", "县交通运输局", "ruralroad", "linear"),
    T("交通", "示例县城乡客运综合枢纽站建设项目", 5000, 20000, "gov", "city", "jiaotou", "station", "building"),
    T("交通", "{t}旅游公路建设工程", 2000, 15000, "gov", "town", "jiaotou", "road", "linear"),
    T("交通", "示例县{t}大桥新建工程", 3000, 30000, "gov", "town", "jiaotou", "bridge", "linear"),
    # 能源
    T("能源", "示例县{t}{mw}兆瓦风电场项目", 40000, 200000, "ent", "town", "co", "wind", "plant"),
    T("能源", "示例县{t}农光互补光伏发电项目", 10000, 80000, "ent", "town", "co", "solar", "plant"),
    T("能源", "示例县城区天然气管网扩建工程", 2000, 15000, "ent", "city", "示例县燃气有限公司", "gas", "pipe"),
    T("能源", "110千伏{t}输变电工程", 3000, 12000, "ent", "town", "gdgs", "grid", "plant"),
    T("能源", "示例县整县屋顶分布式光伏开发试点项目", 5000, 50000, "ent", "county", "co", "rooftop", "equip"),
    T("能源", "示例县{t}新型储能电站项目", 8000, 60000, "ent", "town", "co", "storage", "plant"),
    # 水利
    T("水利", "示例县城乡供水一体化工程", 30000, 150000, "gov", "county", "shuitou", "watersupply", "pipe"),
    T("水利", "示例县{t}水库除险加固工程", 1000, 8000, "gov", "town", "县水利局", "reservoir", "building"),
    T("水利", "示例县{river}{t}段防洪治理工程", 2000, 20000, "gov", "town", "县水利局", "flood", "linear"),
    T("水利", "示例县{irr}灌区续建配套与节水改造项目", 3000, 25000, "gov", "county", "县水利局", "irrigation", "farm"),
    T("水利", "{t}农村供水保障工程", 500, 5000, "gov", "town", "shuitou", "ruralwater", "pipe"),
    T("水利", "示例县{t}水厂扩建工程", 3000, 20000, "gov", "town", "shuitou", "waterworks", "pipe"),
    # 新型基础设施
    T("新型基础设施", "示例县{y}年5G基站建设项目", 2000, 15000, "ent", "county", "示例县通信铁塔有限公司", "base5g", "equip"),
    T("新型基础设施", "示例县数字乡村综合服务平台建设项目", 800, 5000, "gov", "county", "县政务服务和大数据发展局", "platform", "equip"),
    T("新型基础设施", "示例县城市运行管理服务平台建设项目", 1000, 6000, "gov", "city", "县住房和城乡建设局", "platform", "equip", ("县住建局",)),
    T("新型基础设施", "示例县大数据中心建设项目", 5000, 30000, "gov", "park", "chantou", "datacenter", "building"),
    T("新型基础设施", "示例县新能源汽车充电基础设施建设项目", 800, 8000, "ent", "county", "co", "charging", "equip"),
    T("新型基础设施", "示例县智慧教育云平台建设项目", 600, 4000, "gov", "county", "县教育体育局", "platform", "equip", ("县教育体育局", "县教体局")),
    # 新型城镇化
    T("新型城镇化", "示例县{y}年城镇老旧小区改造项目", 3000, 30000, "gov", "city", "县住房和城乡建设局", "oldcomm", "building"),
    T("新型城镇化", "示例县城区雨污分流改造工程", 5000, 40000, "gov", "city", "chengtou", "sewersep", "pipe"),
    T("新型城镇化", "示例县{area_name}片区城市更新项目", 20000, 150000, "gov", "city", "chengtou", "renewal", "building"),
    T("新型城镇化", "示例县保障性租赁住房建设项目", 5000, 30000, "gov", "city", "chengtou", "housing", "building"),
    T("新型城镇化", "{t}镇区基础设施提升工程", 1000, 8000, "gov", "town", "town", "towninfra", "linear"),
    T("新型城镇化", "示例县城区公共停车场建设项目", 1500, 10000, "ppp", "city", "co", "parking", "building"),
    T("新型城镇化", "示例县{road}道路建设工程", 3000, 25000, "gov", "city", "chengtou", "cityroad", "linear"),
    # 农业农村
    T("农业农村", "示例县{y}年高标准农田建设项目", 3000, 20000, "gov", "county", "县农业农村局", "farmland", "farm"),
    T("农业农村", "{t}{crop}产业示范园建设项目", 1000, 15000, "ent", "town", "co", "agripark", "farm"),
    T("农业农村", "{t}和美乡村建设项目", 500, 3000, "gov", "town", "town", "village", "linear"),
    T("农业农村", "示例县{animal}标准化养殖基地项目", 3000, 30000, "ent", "town", "co", "breeding", "plant"),
    T("农业农村", "示例县农产品产地冷藏保鲜设施建设项目", 800, 5000, "gov", "county", "nongtou", "coldsmall", "building"),
    T("农业农村", "示例县现代农业产业园建设项目", 10000, 60000, "gov", "county", "nongtou", "agripark", "farm"),
    # 现代服务业
    T("现代服务业", "示例县{logi}现代商贸物流园项目", 20000, 120000, "ent", "park", "co", "logistics", "building"),
    T("现代服务业", "示例县{scenic}生态旅游度假区项目", 20000, 150000, "ent", "town", "co", "tourism", "building"),
    T("现代服务业", "示例县电子商务产业园建设项目", 3000, 15000, "gov", "park", "chantou", "ecommerce", "building"),
    T("现代服务业", "示例县农产品智慧冷链物流集散交易中心", 8000, 40000, "ent", "park", "co", "coldchain", "building"),
    T("现代服务业", "示例县{t}红色文化旅游项目", 1000, 10000, "gov", "town", "wenlv", "tourism", "building", ("县文广旅局",)),
    T("现代服务业", "示例县城市综合体项目", 30000, 200000, "ent", "city", "co", "complex", "building"),
    # 生态环保
    T("生态环保", "{t}污水处理厂提标改造工程", 800, 6000, "gov", "town", "shuitou", "wwtp", "pipe"),
    T("生态环保", "示例县生活垃圾焚烧发电项目", 20000, 60000, "ppp", "county", "co", "waste", "plant"),
    T("生态环保", "示例县{river}流域水环境综合治理项目", 8000, 60000, "gov", "county", "县生态环境局", "river", "linear"),
    T("生态环保", "示例县历史遗留矿山生态修复工程", 2000, 15000, "gov", "town", "县自然资源局", "mine", "farm", ("县自然资源局",)),
    T("生态环保", "示例县乡镇污水管网配套工程", 3000, 20000, "gov", "county", "shuitou", "sewernet", "pipe"),
    T("生态环保", "示例县国土绿化试点示范项目", 2000, 12000, "gov", "county", "县林业局", "greening", "farm"),
    # 社会民生
    T("社会民生", "示例县人民医院城南分院建设项目", 30000, 120000, "gov", "city", "示例县人民医院", "hospital", "building", ("县卫健局", "县卫生健康局")),
    T("社会民生", "示例县高级中学迁建工程", 20000, 80000, "gov", "city", "县教育体育局", "school", "building", ("县教育体育局", "县教体局")),
    T("社会民生", "示例县中医医院综合楼建设项目", 5000, 25000, "gov", "city", "示例县中医医院", "hospital", "building", ("县卫健局",)),
    T("社会民生", "{t}中心幼儿园建设项目", 500, 2500, "gov", "town", "县教育体育局", "kindergarten", "building", ("县教育体育局", "县教体局")),
    T("社会民生", "示例县殡仪馆建设项目", 2000, 10000, "gov", "county", "县民政局", "funeral", "building", ("县民政局",)),
    T("社会民生", "示例县养老服务中心建设项目", 2000, 12000, "gov", "city", "县民政局", "elderly", "building", ("县民政局",)),
    T("社会民生", "示例县全民健身中心建设项目", 3000, 15000, "gov", "city", "县教育体育局", "fitness", "building", ("县教育体育局",)),
    T("社会民生", "{t}卫生院改扩建项目", 500, 2500, "gov", "town", "县卫生健康局", "clinic", "building", ("县卫健局",)),
    T("社会民生", "示例县疾病预防控制中心业务用房建设项目", 2000, 8000, "gov", "city", "县卫生健康局", "clinic", "building", ("县卫健局",)),
    T("社会民生", "示例县第{school_no}小学建设项目", 2000, 10000, "gov", "city", "县教育体育局", "school", "building", ("县教体局",)),
]
# fmt: on
del T
BY_DOMAIN: dict[str, list[_Tpl]] = {
    d: [t for t in TEMPLATES if t.domain == d] for d in vocab.DOMAINS
}
# Stages a project reaches only if it produces something (a school is 竣工, not 达产达效).
PRODUCTIVE_DOMAINS = ("工业", "能源", "农业农村", "现代服务业", "新型基础设施")

SCALES: dict[str, str] = {
    "factory": "新建生产车间、原料库、成品库及综合楼等，建筑面积约{area}平方米，购置自动化生产线{lines}条及配套环保设施，建成后形成年产{cap}万吨的生产能力。",
    "smart": "建设智能化生产车间及研发中心，总建筑面积约{area}平方米，引进数控加工、自动装配和检测设备{equip}台（套），达产后年产值约{output}亿元。",
    "techrev": "对现有生产线实施智能化、数字化改造，购置工业机器人、在线检测等设备{equip}台（套），建设生产管理信息系统，改造后产能提升约{pct}%。",
    "stdfactory": "新建标准厂房{bldg}栋，总建筑面积约{area}平方米，同步建设园区道路、给排水、供电及消防等配套设施。",
    "parkinfra": "新建园区道路{km}公里，配套建设给排水管网、电力通信管沟、路灯及绿化工程，提升园区承载能力。",
    "agroproc": "新建加工车间、冷库及仓储用房约{area}平方米，购置清洗、分拣、加工和包装设备，年加工农副产品{cap}万吨。",
    "highway": "按一级公路标准改扩建{km}公里，设计速度80公里/小时，路基宽度25.5米，新建大中桥{bridges}座，同步建设交通安全及沿线设施。",
    "road": "按二级公路标准建设{km}公里，路基宽度{width}米，沥青混凝土路面，配套建设桥涵、排水和交通安全设施。",
    "ruralroad": "实施农村公路提质改造{km}公里，其中窄路加宽{km2}公里，同步完善安全生命防护工程和危桥改造。",
    "station": "新建客运综合枢纽站房约{area}平方米，配套建设停车场、公交首末站和充电设施，按二级客运站标准建设。",
    "bridge": "新建大桥一座，全长{bridge_m}米，桥面宽{width}米，配套建设两岸接线道路{km}公里。",
    "wind": "规划装机容量{mw}兆瓦，安装单机容量{unit_mw}兆瓦风电机组{turbines}台，配套建设110千伏升压站及集电线路。",
    "solar": "利用荒坡和一般农用地建设农光互补光伏电站，装机容量{mw}兆瓦，配套建设升压站、储能设施及送出线路，板下发展特色种植。",
    "gas": "新建中压燃气管网{km}公里，改造老旧庭院管网，新增居民用户约{households}户，配套建设调压站{bldg}座。",
    "grid": "新建110千伏变电站一座，主变容量2×50兆伏安，新建110千伏线路{km}公里及10千伏配套出线。",
    "rooftop": "在党政机关、学校、医院、工商业厂房及农户屋顶建设分布式光伏，总装机容量{mw}兆瓦。",
    "storage": "建设新型储能电站一座，规模{mw}兆瓦/{mwh}兆瓦时，配套建设升压站及送出线路。",
    "watersupply": "新建（扩建）水厂{plants}座，新增供水规模{m3}立方米/日，铺设输配水管网{km}公里，实现城乡供水同源、同网、同质。",
    "reservoir": "对水库大坝、溢洪道、放水设施实施除险加固，完善大坝安全监测设施和管理用房，恢复设计库容。",
    "flood": "新建加固堤防{km}公里，疏浚河道，新建护岸及穿堤建筑物{bridges}处，防洪标准提高到20年一遇。",
    "irrigation": "改造渠道{km}公里，新建改造渠系建筑物{equip}座，配套计量设施，改善灌溉面积{mu}亩。",
    "ruralwater": "新建蓄水池和净水设施，改造供水管网{km}公里，巩固提升{households}户农村人口饮水保障水平。",
    "waterworks": "扩建净水厂一座，新增供水能力{m3}立方米/日，配套建设加压泵站及出厂管网{km}公里。",
    "base5g": "新建5G基站{sites}个，改造共享站址{sites2}个，实现县城、乡镇及重点行政村5G网络连续覆盖。",
    "platform": "建设平台基础设施、数据资源中心和业务应用系统，整合部门数据资源，购置服务器、存储及网络安全设备。",
    "datacenter": "新建数据中心机房楼约{area}平方米，部署标准机柜{racks}架，配套建设供配电、制冷及安防系统。",
    "charging": "建设公共充电站{plants}座、充电桩{sites}个，覆盖县城主要公共停车场、乡镇和高速服务区。",
    "oldcomm": "改造老旧小区{comm}个、涉及住户{households}户，实施水电路气管网改造、屋面防水、加装电梯及小区环境整治。",
    "sewersep": "改造城区雨污管网{km}公里，新建污水提升泵站{plants}座，消除雨污混接错接点。",
    "renewal": "实施片区老旧街区改造，征收房屋约{households}户，配套建设道路、管网、公园绿地及公共服务设施约{area}平方米。",
    "housing": "新建保障性租赁住房{households}套，总建筑面积约{area}平方米，配套建设地下车库、社区用房及室外工程。",
    "towninfra": "实施镇区道路提升{km}公里、给排水管网改造、沿街立面改造及公共空间整治，完善镇区公共服务设施。",
    "parking": "新建公共停车场{plants}处，设置停车泊位{sites}个，配套建设充电桩及智慧停车管理系统。",
    "cityroad": "新建城市主干道全长{km}公里，红线宽度{width}米，同步建设雨污管网、照明、绿化及交通设施。",
    "farmland": "建设高标准农田{mu}亩，实施土地平整、灌溉排水、田间道路、农田防护及农田输配电等工程。",
    "agripark": "建设标准化种植基地{mu}亩，配套建设育苗中心、加工车间、冷链仓储及田间道路设施。",
    "village": "实施村庄道路硬化{km}公里、生活污水治理、人居环境整治和公共服务设施提升，打造和美乡村示范点。",
    "breeding": "新建标准化圈舍{area}平方米，配套建设饲料加工、粪污资源化利用及防疫设施，年出栏规模{cap}万头（只）。",
    "coldsmall": "在重点乡镇建设产地冷藏保鲜设施{plants}座，新增库容{cap}万吨，配套建设预冷分拣设施。",
    "logistics": "建设仓储物流中心、交易展示中心及配套服务设施，总建筑面积约{area}平方米，建设信息化物流管理平台。",
    "tourism": "建设游客服务中心、景区道路、观光步道、特色民宿及配套设施，完善景区旅游服务功能。",
    "ecommerce": "建设电子商务孵化中心、直播基地、仓储配送中心等，总建筑面积约{area}平方米。",
    "coldchain": "建设冷库{cap}万吨、交易大厅、分拣配送中心及冷链信息平台，总建筑面积约{area}平方米。",
    "complex": "建设商业、酒店、写字楼及地下停车场等，总建筑面积约{area}平方米。",
    "wwtp": "对污水处理厂实施提标改造，处理规模{m3}立方米/日，出水水质由一级B提升至一级A标准，配套改造污泥处理设施。",
    "waste": "建设生活垃圾焚烧发电厂一座，日处理生活垃圾{tpd}吨，配套建设{mw}兆瓦汽轮发电机组及烟气净化系统。",
    "river": "实施河道清淤疏浚{km}公里、生态护岸、沿线截污纳管及湿地建设，改善流域水环境质量。",
    "mine": "对历史遗留废弃矿山实施地形整治、边坡治理、土壤重构和植被恢复，治理面积{mu}亩。",
    "sewernet": "新建乡镇污水管网{km}公里，改造提升乡镇污水处理站{plants}座，提高乡镇污水收集率。",
    "greening": "实施人工造林、森林抚育和退化林修复{mu}亩，建设森林防火通道及监测设施。",
    "hospital": "新建门急诊医技楼、住院楼及配套用房，总建筑面积约{area}平方米，设置床位{beds}张，购置医疗设备。",
    "school": "新建教学楼、实验楼、宿舍楼、食堂及运动场，总建筑面积约{area}平方米，办学规模{classes}个班。",
    "kindergarten": "新建幼儿园一所，建筑面积约{area}平方米，办学规模{classes}个班，配套建设室外活动场地。",
    "funeral": "新建殡仪馆业务用房、火化车间及配套设施，总建筑面积约{area}平方米，同步建设环保火化设备。",
    "elderly": "新建养老服务中心，总建筑面积约{area}平方米，设置养老床位{beds}张，配套建设医养结合设施。",
    "fitness": "新建全民健身中心，包括体育馆、游泳馆及室外运动场，总建筑面积约{area}平方米。",
    "clinic": "新建（改扩建）业务用房约{area}平方米，购置医疗设备，完善院区室外配套设施。",
}
# 万元 per kilometre, so that lengths fit the money.
KM_COST = {
    "highway": (2500.0, 5000.0),
    "cityroad": (3000.0, 6000.0),
    "road": (700.0, 1500.0),
    "ruralroad": (60.0, 150.0),
    "parkinfra": (2000.0, 4000.0),
    "bridge": (3000.0, 8000.0),
    "towninfra": (300.0, 800.0),
    "village": (40.0, 120.0),
}
RATIONALES = {
    "工业": "项目符合国家产业政策和《示例县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》确定的产业发展方向，建成后可延伸县域主导产业链条，预计新增就业岗位约{jobs}个，年新增税收约{tax}万元。",
    "交通": "项目列入示例县“十四五”综合交通运输发展规划，建成后将完善县域路网结构，改善沿线群众出行和产业发展条件，对接区域交通大通道。",
    "能源": "项目符合国家和省新能源发展规划，有利于优化县域能源结构、保障能源供应，建成后年可节约标准煤约{coal}万吨。",
    "水利": "项目是落实国家水网建设和县域防汛抗旱、供水安全保障的重要工程，建成后可提高防洪减灾能力和城乡供水保障水平。",
    "新型基础设施": "项目是推进数字示例县建设的重要内容，有利于提升政务服务、城市治理和产业数字化水平。",
    "新型城镇化": "项目是推进以县城为重要载体的新型城镇化建设、实施城市更新行动的重要内容，可补齐县城市政设施短板，改善群众居住环境。",
    "农业农村": "项目落实乡村振兴战略和藏粮于地、藏粮于技要求，可提升农业综合生产能力，带动农户增收约{jobs}户。",
    "现代服务业": "项目符合县域商业体系建设和文旅融合发展规划，建成后可完善县域商贸流通和旅游服务功能，带动就业约{jobs}人。",
    "生态环保": "项目是落实生态环境保护要求、打好污染防治攻坚战的重要工程，建成后可有效改善区域生态环境质量。",
    "社会民生": "项目是补齐县域公共服务短板的民生工程，建成后可有效缓解群众看病、上学、养老等方面的突出问题。",
}
# Physical-progress phrases by kind of work, from the first month to completion.
PHASES: dict[str, list[str]] = {
    "building": [
        "完成场地平整和地勘，正在进行桩基施工",
        "基础工程完成，主体结构施工中，形象进度约{p}%",
        "主体结构施工至{floor}层，同步开展二次结构施工",
        "主体结构封顶，正在进行内外装饰装修和水电安装",
        "正在进行室外配套工程和竣工验收准备",
    ],
    "linear": [
        "完成施工便道和临建，正在进行路基土石方施工",
        "路基工程完成约{p}%，桥涵构造物同步施工",
        "正在进行路面基层施工，完成约{p}%",
        "路面摊铺基本完成，正在实施交通安全设施",
        "正在进行扫尾工程和交工验收准备",
    ],
    "pipe": [
        "管材进场，管网开挖铺设中",
        "已铺设管网约{km_done}公里，泵站基础施工中",
        "主体工程完成约{p}%，设备采购到位",
        "设备安装调试中",
        "正在进行试通水和竣工验收准备",
    ],
    "equip": [
        "完成设备选型和采购招标",
        "站址建设和机房改造中",
        "设备安装完成约{p}%",
        "系统联调联试中",
        "试运行，正在准备竣工验收",
    ],
    "farm": [
        "完成测量放线，正在进行土地平整",
        "灌排沟渠施工中，完成约{p}%",
        "田间道路和配套设施施工中",
        "主体工程基本完成，正在进行附属工程",
        "正在进行自验和竣工验收准备",
    ],
    "plant": [
        "场地平整及基础施工中",
        "主体厂房（设备基础）施工中，完成约{p}%",
        "主体工程完成，设备陆续进场安装",
        "设备安装调试中",
        "单机调试完成，准备试生产",
    ],
}
STOPPAGES = ["征迁问题未解决", "汛期强降雨", "工程款未及时到位", "重污染天气管控"]
SEASON = (0.55, 0.5, 0.9, 1.0, 1.1, 1.15, 1.0, 1.0, 1.1, 1.05, 1.1, 1.3)  # Jan..Dec

PROBLEM_TEXTS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "用地": [
        ("项目用地约{mu}亩尚未完成农用地转用审批，需加快组卷报批", ("县自然资源局",)),
        ("项目涉及林地约{mu}亩，使用林地审核手续未办结，影响施工进场", ("县林业局",)),
        ("新增建设用地计划指标不足，需协调调剂用地指标约{mu}亩", ("县自然资源局",)),
    ],
    "资金": [
        ("项目资金缺口约{amt}万元，申请协调地方政府专项债券资金支持", ("县财政局", "县发改局")),
        (
            "企业融资困难，需协调金融机构投放中长期贷款约{amt}万元",
            ("人民银行示例县支行", "县财政局"),
        ),
        ("上级补助资金{amt}万元尚未拨付到位，影响工程进度款支付", ("县财政局",)),
    ],
    "审批": [
        ("环境影响评价报告已报市生态环境局，请求协调加快审批", ("县生态环境局", "示例生态环境局")),
        ("施工许可办理需补充消防设计审查意见，请求并联办理", ("县住建局",)),
        ("可行性研究报告需报市发展改革委审批，请求协调加快办理", ("县发展改革局",)),
        ("节能审查意见尚未取得，影响项目开工", ("县发改委", "县政务服务和大数据发展局")),
    ],
    "征迁": [
        ("{t}段涉及{hh}户房屋征收未完成，影响主体工程施工", ("town",)),
        ("项目红线范围内有{n}座坟墓需迁移，群众诉求较多", ("town",)),
        ("涉及电力、通信杆线迁改{n}处，迁改进度滞后", ("县供电公司", "县工管委")),
    ],
    "环保": [
        ("重污染天气应急管控期间停工，申请纳入施工正面清单", ("县生态环境局",)),
        ("施工扬尘治理措施不到位被通报，需限期整改", ("县住建局", "县生态环境局")),
    ],
    "水电路讯": [
        ("施工用电需新建10千伏专线约{km}公里，请求协调供电部门加快实施", ("国网示例县供电公司",)),
        ("进场道路狭窄，大型设备无法运输，需协调修建临时便道", ("县交通运输局",)),
        ("园区供水、污水管网未接通，影响试生产", ("县水投公司", "县工管委")),
    ],
    "其他": [
        ("施工现场存在阻工现象，请求协调维护施工秩序", ("县公安局",)),
        ("项目用工短缺约{n}人，请求协助招聘技术工人", ("县人社局",)),
        ("砂石料供应紧张、价格上涨，影响施工进度", ("县自然资源局", "县市场监管局")),
    ],
}

# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------


def _mi(year: int, month: int) -> int:
    """Months as integers, so that month arithmetic is addition."""
    return year * 12 + month - 1


def _year(index: int) -> int:
    return index // 12


def _mon(index: int) -> int:
    return index % 12 + 1


def _month(index: int) -> str:
    return f"{_year(index):04d}-{_mon(index):02d}"


def _day(index: int, day: int) -> str:
    return f"{_month(index)}-{min(max(day, 1), 28):02d}"


def _money(value: float) -> float | int:
    """Two decimals; whole amounts as integers, as people type them."""
    value = round(value, 2)
    return int(value) if value == int(value) else value


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    value = round(value, 2)
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


def _round_total(rng: random.Random, value: float) -> float:
    # Ledger totals are usually round; some carry the cents of an approved budget.
    if rng.random() < 0.15:
        return round(value, 2)
    if value >= 10000:
        return float(round(value / 10) * 10)
    return float(round(value))


def _log_uniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def _quota(n: int, weights: Sequence[tuple[str, float]]) -> list[str]:
    """n labels in the given proportions (largest remainder), each label at least once."""
    total = sum(w for _, w in weights)
    raw = [(label, n * w / total) for label, w in weights]
    counts = {label: max(1, int(x)) for label, x in raw}
    by_remainder = sorted(raw, key=lambda lx: -(lx[1] - int(lx[1])))
    i = 0
    while sum(counts.values()) < n:
        counts[by_remainder[i % len(by_remainder)][0]] += 1
        i += 1
    while sum(counts.values()) > n:
        label = max(counts, key=lambda k: counts[k])
        counts[label] -= 1
    return [label for label, _ in weights for _ in range(counts[label])]


def _doc(rng: random.Random, prefix: str, year: int) -> str:
    return f"{prefix}〔{year}〕{rng.randint(3, 160)}号"


def _dump_yaml(data: Any) -> bytes:
    text = yaml.dump(
        data,
        Dumper=_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        width=4096,
        default_flow_style=False,
    )
    return text.encode("utf-8")


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # UTF-8 with BOM, as Excel saves


# ---------------------------------------------------------------------------------------
# The project spec: everything decided about one project before it is written out
# ---------------------------------------------------------------------------------------


@dataclass
class _Month:
    index: int
    completed: float
    cumulative: float | None
    started: bool
    progress: str
    arrived: float | None = None
    disbursed: float | None = None


@dataclass
class _Spec:
    tpl: _Tpl
    domain: str
    stage: str
    total: float
    level: str = "县重点"
    code: str = ""
    name: str = ""
    township: str = ""
    owner: str = ""
    department: str = ""
    leader: str | None = None
    task_force: str | None = None
    batch: str | None = None
    gov: bool = False
    funding: list[tuple[str, float, str | None]] = field(default_factory=list)
    annual_plan: dict[int, float] = field(default_factory=dict)
    planned_start: str | None = None
    start: tuple[int, int] | None = None  # (month index, day)
    planned_completion: str | None = None
    completion: tuple[int, int] | None = None
    planned_start_index: int | None = None
    planned_completion_index: int | None = None
    ctx: dict[str, Any] = field(default_factory=dict)
    pace: str = "normal"
    months: list[_Month] = field(default_factory=list)
    done_total: float = 0.0
    public: bool | None = None
    withhold_reason: str | None = None
    notes: str | None = None
    special: str | None = None

    @property
    def started(self) -> bool:
        return self.stage in vocab.STARTED_STAGES

    @property
    def completed(self) -> bool:
        return self.stage in vocab.COMPLETED_STAGES

    def fiscal(self) -> float:
        return sum(a for s, a, _ in self.funding if s in FISCAL_SOURCES)

    def has(self, *sources: str) -> bool:
        return any(s in sources and a > 0 for s, a, _ in self.funding)


class _Builder:
    """Decides every value, in a fixed order, from one random.Random."""

    def __init__(self, n: int, seed: int, months: int, report_date: str, sample: bool) -> None:
        if n < 1:
            raise ValueError(f"n must be at least 1 (got {n})")
        if months < 1:
            raise ValueError(f"months must be at least 1 (got {months})")
        self.rng = random.Random(seed)
        self.n = n
        self.sample = sample
        self.report = PartialDate.parse(report_date)
        self.report_day = self.report.end()
        self.R = _mi(self.report.year, self.report.month)  # report month
        self.Y = self.report.year
        self.first = self.R - months + 1  # first month file
        self.elapsed = self.report.month / 12  # 序时进度 at month end
        towns = TOWNS[:10] if sample or n <= 200 else TOWNS
        self.towns = [name for _, name in towns]
        self.township_rows = [*towns, PARK, COUNTY_WIDE]
        self.used_names: dict[str, int] = {}
        self.tpl_use: dict[str, int] = {}
        self.specs: list[_Spec] = []

    # -- units ---------------------------------------------------------------------------

    def units(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for code, name, aliases, kind in COUNTY_UNITS:
            row: dict[str, Any] = {"code": code, "name": name}
            if aliases:
                row["aliases"] = list(aliases)
            row["kind"] = kind
            rows.append(row)
        for code, name in self.township_rows[: len(self.towns)]:
            full = f"{name}办事处" if name.endswith("街道") else f"{name}人民政府"
            alias = f"{name}办" if name.endswith("街道") else f"{name}政府"
            rows.append({"code": f"{code}-gov", "name": full, "aliases": [alias], "kind": "乡镇"})
        return rows

    def town_unit(self, town: str) -> str:
        if town in self.towns:
            return f"{town}办事处" if town.endswith("街道") else f"{town}人民政府"
        return "县工管委" if town == PARK[1] else "县发展改革局"

    # -- projects --------------------------------------------------------------------------

    def build_projects(self) -> None:
        rng = self.rng
        n = self.n
        stages = _quota(
            n,
            [
                ("谋划", 6),
                ("储备", 8),
                ("前期", 13),
                ("新开工", 21),
                ("续建", 30),
                ("竣工", 9),
                ("投产", 7),
                ("达产达效", 6),
            ],
        )
        domains = _quota(
            n,
            [
                ("工业", 14),
                ("交通", 10),
                ("能源", 8),
                ("水利", 10),
                ("新型基础设施", 7),
                ("新型城镇化", 12),
                ("农业农村", 11),
                ("现代服务业", 9),
                ("生态环保", 8),
                ("社会民生", 11),
            ],
        )
        rng.shuffle(stages)
        rng.shuffle(domains)
        # Producing stages (投产, 达产达效) take domains that produce something first; a school
        # is 竣工, never 达产达效. Every other slot takes the remaining domains in order.
        pool = list(domains)
        chosen: dict[int, str] = {}
        for i, stage in enumerate(stages):
            if stage in ("投产", "达产达效"):
                pick = next((d for d in pool if d in PRODUCTIVE_DOMAINS), pool[0])
                pool.remove(pick)
                chosen[i] = pick
        rest = iter(pool)
        pairs = [
            (stage, chosen[i] if i in chosen else next(rest)) for i, stage in enumerate(stages)
        ]
        # A few projects of 10亿 and more (seed 004's bulletin tracks them separately).
        n_big = max(3, round(n * 0.05))
        big_slots: set[int] = set()
        for i, (stage, domain) in enumerate(pairs):
            if len(big_slots) >= n_big:
                break
            if stage not in vocab.PIPELINE_STAGES and any(
                t.hi >= 100000 for t in BY_DOMAIN[domain]
            ):
                big_slots.add(i)
        for i, (stage, domain) in enumerate(pairs):
            self.specs.append(self.new_spec(stage, domain, big=i in big_slots))
        self.assign_levels()
        self.assign_codes()
        self.apply_special_funding()
        # Against 序时进度: a fixed mix of ongoing projects ahead, on pace and lagging.
        ongoing = [s for s in self.specs if s.stage in ("新开工", "续建")]
        paces = _quota(len(ongoing), [("ahead", 3), ("normal", 4), ("lagging", 3)])
        rng.shuffle(paces)
        for spec, pace in zip(ongoing, paces, strict=True):
            spec.pace = pace
        for spec in self.specs:
            self.fill_schedule(spec)
        self.assign_batches()
        self.assign_disclosure()

    def new_spec(self, stage: str, domain: str, big: bool) -> _Spec:
        rng = self.rng
        r = rng.random()
        if big:
            band = (100000.0, 300000.0)
        elif r < 0.04:
            band = (100000.0, 250000.0)
        elif r < 0.22:
            band = (20000.0, 100000.0)
        elif r < 0.66:
            band = (3000.0, 20000.0)
        else:
            band = (500.0, 3000.0)
        fits = [t for t in BY_DOMAIN[domain] if t.lo < band[1] and t.hi > band[0]] or BY_DOMAIN[
            domain
        ]
        # The least-used kinds first, so a county's list is varied before anything repeats;
        # the sample would rather bend the size band than list 管网扩建工程（三期）.
        fewest = min(self.tpl_use.get(t.name, 0) for t in fits)
        if self.sample and not big and fewest > 0:
            fits = BY_DOMAIN[domain]
            fewest = min(self.tpl_use.get(t.name, 0) for t in fits)
        tpl = rng.choice([t for t in fits if self.tpl_use.get(t.name, 0) == fewest])
        self.tpl_use[tpl.name] = self.tpl_use.get(tpl.name, 0) + 1
        lo, hi = max(tpl.lo, band[0]), min(tpl.hi, band[1])
        if lo >= hi:
            lo, hi = tpl.lo, tpl.hi
        total = _round_total(rng, _log_uniform(rng, lo, hi))
        spec = _Spec(tpl=tpl, domain=domain, stage=stage, total=total)
        spec.township = self.pick_town(tpl.loc)
        spec.ctx = self.context(spec)
        spec.name = self.unique_name(tpl.name.format(**spec.ctx))
        spec.owner = self.owner(spec)
        spec.department = self.department(spec)
        spec.gov = tpl.fund == "gov"
        spec.funding = self.funding(spec)
        return spec

    def pick_town(self, loc: str) -> str:
        rng = self.rng
        if loc == "park":
            return PARK[1]
        if loc == "county":
            return rng.choice([COUNTY_WIDE[1], COUNTY_WIDE[1], "城关镇"])
        if loc == "city":
            return rng.choice(CITY_TOWNS)
        return rng.choice(self.towns[3:] or self.towns)

    def context(self, spec: _Spec) -> dict[str, Any]:
        rng = self.rng
        total = spec.total
        town = spec.township if spec.township in self.towns else rng.choice(self.towns[3:])
        others = [t for t in self.towns[3:] if t != town] or self.towns
        lo, hi = KM_COST.get(spec.tpl.scale, (300.0, 900.0))
        km = max(0.5, round(total / rng.uniform(lo, hi), 1))
        mw = max(5, int(total / rng.uniform(550, 800)) // 5 * 5)
        unit_mw = rng.choice([4.5, 5.0, 6.25])
        brand = rng.choice(BRANDS)
        word = rng.choice(INDUSTRY_WORDS.get(spec.domain, ["实业"]))
        return {
            "t": town,
            "t2": rng.choice(others),
            "y": self.Y,
            "co": f"{brand}{word}",
            "company": f"示例县{brand}{word}有限公司",
            "product": rng.choice(PRODUCTS),
            "product2": rng.choice(PRODUCTS2),
            "river": rng.choice(RIVERS),
            "irr": rng.choice(IRRIGATION),
            "scenic": rng.choice(SCENIC),
            "area_name": rng.choice(AREAS),
            "road": rng.choice(ROADS),
            "crop": rng.choice(CROPS),
            "animal": rng.choice(ANIMALS),
            "logi": rng.choice(LOGISTICS),
            "phase": ORDINALS[rng.randint(0, 2)],
            "gnum": rng.choice([207, 230, 311, 343, 345]),
            "school_no": ORDINALS[rng.randint(2, 7)],
            "km": km,
            "km2": round(km * rng.uniform(0.2, 0.5), 1),
            "area": max(800, int(total / rng.uniform(0.35, 0.6)) // 100 * 100),
            "mu": max(200, int(total / rng.uniform(0.15, 0.3)) // 100 * 100),
            "beds": max(30, int(total / rng.uniform(60, 120)) // 10 * 10),
            "classes": min(120, max(6, int(total / rng.uniform(300, 600)))),
            "sites": max(20, int(total / rng.uniform(15, 30))),
            "sites2": max(10, int(total / rng.uniform(40, 80))),
            "mw": mw,
            "mwh": mw * 2,
            "unit_mw": unit_mw,
            "turbines": max(2, int(mw / unit_mw)),
            "households": max(50, int(total / rng.uniform(2, 6))),
            "comm": max(3, int(total / rng.uniform(300, 800))),
            "cap": max(1, int(total / rng.uniform(800, 3000))),
            "lines": rng.randint(2, 8),
            "equip": max(10, int(total / rng.uniform(30, 120))),
            "output": max(1, round(total / rng.uniform(3000, 8000), 1)),
            "pct": rng.randint(15, 40),
            "bldg": rng.randint(2, 12),
            "bridges": rng.randint(2, 9),
            "bridge_m": rng.randint(180, 900),
            "width": rng.choice([8.5, 10, 12, 24, 30, 40]),
            "plants": rng.randint(1, 4),
            "m3": max(2000, int(total * rng.uniform(1.5, 3.0)) // 500 * 500),
            "racks": max(50, int(total / rng.uniform(15, 30))),
            "tpd": rng.choice([400, 600, 800]),
            "jobs": max(30, int(total / rng.uniform(30, 90))),
            "tax": max(50, int(total / rng.uniform(15, 40))),
            "coal": round(max(0.5, total / rng.uniform(8000, 20000)), 1),
            "floor": rng.randint(3, 15),
        }

    def unique_name(self, name: str) -> str:
        # Two ledgers rows with one name confuse everyone; later phases get 二期, 三期 ...
        count = self.used_names.get(name, 0)
        self.used_names[name] = count + 1
        if count == 0:
            return name
        suffix = ORDINALS[count] if count < len(ORDINALS) else str(count + 1)
        return f"{name}（{suffix}期）"

    def owner(self, spec: _Spec) -> str:
        key = spec.tpl.owner
        if key == "co":
            return spec.ctx["company"]
        if key == "town":
            return self.town_unit(spec.township)
        return SOE.get(key, key)

    def department(self, spec: _Spec) -> str:
        rng = self.rng
        if spec.tpl.owner == "town" or (spec.tpl.loc == "town" and rng.random() < 0.15):
            return self.town_unit(spec.township)
        return rng.choice(spec.tpl.dept or DEPARTMENTS[spec.domain])

    def funding(self, spec: _Spec) -> list[tuple[str, float, str | None]]:
        rng = self.rng
        total = spec.total
        parts: list[tuple[str, float, str | None]] = []
        if spec.tpl.fund == "ent":
            if rng.random() < 0.12:
                # Enterprise projects may get a subsidy; it does not make them government-invested.
                parts.append(
                    (
                        "其他财政资金",
                        float(round(min(total * 0.1, rng.uniform(50, 600)))),
                        "县级产业发展奖补资金",
                    )
                )
            bank = total * rng.choice([0.0, 0.3, 0.4, 0.5, 0.6]) if total >= 3000 else 0.0
            if bank:
                parts.append(("银行贷款", float(round(bank)), None))
            if spec.domain == "现代服务业" and total >= 20000 and rng.random() < 0.4:
                parts.append(("社会资本", float(round(total * 0.2)), "引进战略投资者"))
            parts.append(("企业自筹", total - sum(a for _, a, _ in parts), None))
        elif spec.tpl.fund == "ppp":
            parts.append(
                ("社会资本", float(round(total * rng.uniform(0.25, 0.4))), "PPP项目资本金")
            )
            parts.append(("银行贷款", total - parts[0][1], None))
        elif total < 2500:
            fiscal = min(total, float(round(rng.uniform(300, 950))))
            source = rng.choice(["其他财政资金", "中央预算内投资", "地方政府一般债券"])
            parts.append((source, fiscal, None))
            if total > fiscal:
                parts.append(
                    ("企业自筹" if spec.tpl.owner in SOE else "银行贷款", total - fiscal, None)
                )
        else:
            # 资金缺口 on some: not all of the money is found yet.
            budget = total * (rng.uniform(0.8, 0.95) if rng.random() < 0.12 else 1.0)
            shares: list[tuple[str, float, str | None]] = []
            if total >= 5000 and rng.random() < 0.75:
                shares.append(("地方政府专项债券", rng.uniform(0.3, 0.55), None))
            if rng.random() < 0.5:
                shares.append(("中央预算内投资", rng.uniform(0.08, 0.25), None))
            if total >= 20000 and rng.random() < 0.35:
                shares.append(("政策性开发性金融工具", rng.uniform(0.05, 0.12), "用作项目资本金"))
            if rng.random() < 0.3:
                shares.append(("地方政府一般债券", rng.uniform(0.05, 0.1), None))
            for source, share, note in shares:  # shares sum to at most 1.02; budget caps them
                amount = float(
                    min(round(total * share), math.floor(budget - sum(a for _, a, _ in parts)))
                )
                parts.append((source, amount, note))
            rest = budget - sum(a for _, a, _ in parts)
            if rest > 0 and total >= 20000 and rng.random() < 0.5:
                bank = float(round(rest * 0.6))
                parts.append(("银行贷款", bank, None))
                rest -= bank
            if rest > 0:
                parts.append(("其他财政资金", round(rest, 2), "县级财政配套"))
        return [(s, round(a, 2), note) for s, a, note in parts if a > 0]

    def assign_levels(self) -> None:
        n = len(self.specs)
        order = sorted(range(n), key=lambda i: -self.specs[i].total)
        n_prov = max(2, round(n * 0.05))
        n_city = max(3, round(n * 0.22))
        for rank, i in enumerate(order):
            self.specs[i].level = (
                "省重点" if rank < n_prov else "市重点" if rank < n_prov + n_city else "县重点"
            )

    def assign_codes(self) -> None:
        rng = self.rng
        counters: dict[int, int] = {}
        width = max(3, len(str(self.n)))
        for spec in self.specs:
            # The code keeps the year the project entered the ledger (stable codes).
            if spec.stage in ("续建", "竣工", "投产", "达产达效"):
                year = self.Y - rng.randint(1, 3)
            else:
                year = self.Y
            counters[year] = counters.get(year, 0) + 1
            spec.code = f"SL-{year}-{counters[year]:0{width}d}"
            spec.leader = None if spec.stage == "谋划" else self.leader(spec)
            big = spec.level == "省重点"
            spec.task_force = "省重点项目服务专班" if big else TASK_FORCES[spec.domain]
            if spec.stage in vocab.PIPELINE_STAGES and rng.random() < 0.6:
                spec.task_force = None

    def leader(self, spec: _Spec) -> str:
        if spec.level == "省重点":
            return LEADERS[0]  # the county head takes the provincial projects
        return LEADERS[1 + list(vocab.DOMAINS).index(spec.domain) % (len(LEADERS) - 1)]

    def apply_special_funding(self) -> None:
        """Cases at the disclosure threshold, so the 1000万 rule is exercised on both sides."""
        cases: list[tuple[str, list[tuple[str, float, str | None]]]] = [
            ("exact-1000-single", [("地方政府一般债券", 1000.0, None)]),
            (
                "exact-1000-split",
                [("中央预算内投资", 600.0, None), ("其他财政资金", 400.0, "县级财政配套")],
            ),
            (
                "split-above",
                [("中央预算内投资", 700.0, None), ("其他财政资金", 500.0, "县级财政配套")],
            ),
            ("just-below", [("其他财政资金", 999.99, None)]),
            ("below-a", [("中央预算内投资", 500.0, None), ("其他财政资金", 260.0, None)]),
            ("below-b", [("其他财政资金", 880.0, None)]),
        ]
        # State-owned owners first: the rest of their money is plausibly the company's own.
        candidates = [
            s
            for s in self.specs
            if s.gov and 1500 <= s.total <= 6000 and s.stage not in vocab.PIPELINE_STAGES
        ]
        candidates.sort(key=lambda s: s.tpl.owner not in SOE)
        for (label, fiscal), spec in zip(cases, candidates, strict=False):
            amount = sum(a for _, a, _ in fiscal)
            rest = round(spec.total - amount, 2)
            own = "企业自筹" if spec.tpl.owner in SOE else "银行贷款"
            spec.funding = [*fiscal, (own, rest, None)]
            spec.special = label

    # -- dates and money over time ---------------------------------------------------------

    def fill_schedule(self, spec: _Spec) -> None:
        rng = self.rng
        R, Y = self.R, self.Y
        stage = spec.stage
        duration = max(8, min(48, int(6 + math.log10(max(spec.total, 500)) * rng.uniform(3, 7))))
        if stage == "谋划":
            if rng.random() < 0.6:
                ps = R + rng.randint(8, 26)
                spec.planned_start = _month(ps)
                spec.planned_completion = _month(ps + duration)
            return
        if stage == "储备":
            ps = R + rng.randint(3, 15)
            spec.planned_start = _month(ps)
            spec.planned_completion = _month(ps + duration)
            spec.planned_start_index = ps
            return
        if stage == "前期":
            ps = R + rng.randint(-5, 8)
            spec.planned_start_index = ps
            spec.planned_start = _month(ps) if rng.random() < 0.6 else _day(ps, rng.randint(1, 28))
            spec.planned_completion = _month(ps + duration)
            if _year(ps) == Y:
                # Due to start this year: on the monthly return as 未开工 all year.
                spec.annual_plan[Y] = float(round(spec.total * rng.uniform(0.1, 0.3)))
                self.pre_start_months(spec, R + 1)
            return
        if stage == "新开工":
            s = _mi(Y, 1) + min(self.report.month - 1, int(rng.triangular(0, 9, 3)))
            pc = s + duration
        elif stage == "续建":
            # Started before this year, within one construction period of now.
            s = _mi(Y, 1) - rng.randint(1, max(2, min(33, duration - 3)))
            pc = s + duration
            if pc < R + 2:
                pc = R + rng.randint(2, 8)
            if rng.random() < 0.1:
                pc = R - rng.randint(1, 6)  # past its planned completion: 逾期未竣工
        else:
            lag = {"竣工": (0, 11), "投产": (2, 20), "达产达效": (8, 36)}[stage]
            c = R - rng.randint(*lag)
            s = c - rng.randint(10, 30)
            spec.completion = (c, rng.randint(1, 28))
            if spec.completion[0] == R:
                spec.completion = (c, min(spec.completion[1], self.report_day.day))
            pc = c + rng.randint(-3, 2)
        day = rng.randint(1, 28)
        if s == R:
            day = min(day, self.report_day.day)
        spec.start = (s, day)
        ps = s + rng.randint(-2, 1)
        spec.planned_start_index = ps
        spec.planned_start = _month(ps) if rng.random() < 0.5 else _day(ps, rng.randint(1, 28))
        spec.planned_completion_index = max(pc, ps + 3)
        spec.planned_completion = _month(spec.planned_completion_index)
        if stage == "新开工":
            self.pre_start_months(spec, s)
        self.spend(spec)

    def pre_start_months(self, spec: _Spec, start: int) -> None:
        """Projects due to start this year report monthly as 未开工 until they start."""
        for index in range(max(self.first, _mi(self.Y, 1)), min(start, self.R + 1)):
            spec.months.append(_Month(index, 0.0, 0.0, False, "前期手续办理中，尚未开工"))

    def spend(self, spec: _Spec) -> None:
        rng = self.rng
        assert spec.start is not None
        R, Y = self.R, self.Y
        s = spec.start[0]
        end = spec.completion[0] if spec.completion else R
        active = list(range(s, end + 1))
        year_months = [m for m in active if _year(m) == Y and m <= R]
        prior_months = [m for m in active if _year(m) < Y]
        total = spec.total
        planned_span = max(1, (spec.planned_completion_index or end) - s + 1)
        if spec.completed:
            done = total * rng.uniform(0.93, 0.99)
            if year_months:
                prior = done * len(prior_months) / len(active) * rng.uniform(0.8, 1.0)
            else:
                prior = done
            year_done = done - prior
            plan_y = year_done * rng.uniform(1.0, 1.08) if year_months else 0.0
            spec.pace = "completed"
        else:
            prior = 0.0
            if prior_months:
                prior = total * min(
                    0.7, max(0.05, len(prior_months) / planned_span * rng.uniform(0.8, 1.1))
                )
            remaining = total - prior
            if spec.stage == "新开工":
                plan_y = total * rng.uniform(0.2, 0.5)
            elif (
                spec.planned_completion_index is not None
                and _year(spec.planned_completion_index) <= Y
            ):
                plan_y = remaining * rng.uniform(0.85, 1.0)
            else:
                plan_y = remaining * rng.uniform(0.35, 0.75)
            factor = {
                "ahead": rng.uniform(1.12, 1.22),
                "normal": rng.uniform(0.97, 1.03),
                "lagging": rng.uniform(0.5, 0.85),
            }[spec.pace]
            year_done = min(plan_y * self.elapsed * factor, total * 0.98 - prior)
        # Spread money over months: slow around the Spring Festival, a push in December.
        amounts: dict[int, float] = {}
        for group, amount in ((prior_months, prior), (year_months, year_done)):
            if not group or amount <= 0:
                continue
            weights = [SEASON[_mon(m) - 1] * rng.uniform(0.7, 1.3) for m in group]
            if spec.pace == "lagging" and len(group) > 3 and group is year_months:
                weights[rng.randrange(len(group))] = 0.0  # a month of stoppage
            scale = amount / sum(weights)
            for m, w in zip(group, weights, strict=True):
                amounts[m] = round(w * scale, 2)
        # Annual plans: planned money for earlier years was roughly what got done.
        for year in sorted({_year(m) for m in prior_months}):
            done_y = sum(amounts.get(m, 0.0) for m in prior_months if _year(m) == year)
            if done_y > 0:
                spec.annual_plan[year] = min(total, float(round(done_y * rng.uniform(0.97, 1.12))))
        if year_months and plan_y > 0:
            spec.annual_plan[Y] = min(total, float(round(plan_y)))
        fiscal_disb = sum(a for src, a, _ in spec.funding if src in vocab.DISBURSEMENT_SOURCES)
        funded = sum(a for _, a, _ in spec.funding)
        running = 0.0
        arrived = disbursed = 0.0
        group = spec.tpl.group
        for m in active:
            if m > R:
                break
            amount = amounts.get(m, 0.0)
            running = round(running + amount, 2)
            if m < self.first:
                continue
            frac = running / total
            if spec.completion and m == spec.completion[0]:
                text = "项目完工，正在组织竣工验收"
            elif amount == 0:
                text = f"因{rng.choice(STOPPAGES)}，本月暂停施工"
            else:
                text = self.phase_text(group, frac, spec)
            arr = min(max(0.0, funded - arrived), round(amount * rng.uniform(0.5, 1.4), 2))
            arrived += arr
            disb: float | None = None
            if fiscal_disb > 0:
                share = fiscal_disb / total
                disb = min(
                    max(0.0, fiscal_disb - disbursed),
                    round(amount * share * rng.uniform(0.6, 1.5), 2),
                )
                disbursed += disb
            spec.months.append(
                _Month(
                    m,
                    amount,
                    running,
                    True,
                    text,
                    round(arr, 2),
                    None if disb is None else round(disb, 2),
                )
            )
        spec.done_total = running

    def phase_text(self, group: str, frac: float, spec: _Spec) -> str:
        phases = PHASES[group]
        text = phases[min(len(phases) - 1, int(frac * len(phases)))]
        return text.format(
            p=max(5, min(95, int(frac * 100))),
            floor=spec.ctx["floor"],
            km_done=round(spec.ctx["km"] * frac, 1),
        )

    def assign_batches(self) -> None:
        """三个一批 on a subset, in fixed proportions so every batch has projects."""
        rng = self.rng
        rules = [
            ("投产一批", lambda s: s.stage in ("投产", "达产达效"), 0.7),
            # Signed investment deals: some landed (started), some not yet.
            (
                "签约一批",
                lambda s: (
                    s.tpl.fund in ("ent", "ppp") and s.stage in ("储备", "前期", "新开工", "续建")
                ),
                0.6,
            ),
            ("开工一批", lambda s: s.stage in ("新开工", "续建", "竣工", "投产"), 0.25),
        ]
        for batch, fits, share in rules:
            pool = [s for s in self.specs if s.batch is None and fits(s)]
            for spec in rng.sample(pool, min(len(pool), max(1, round(len(pool) * share)))):
                spec.batch = batch

    def assign_disclosure(self) -> None:
        rng = self.rng
        above = [
            s
            for s in self.specs
            if s.gov
            and s.fiscal() >= THRESHOLD
            and s.stage in ("前期", "新开工", "续建")
            and s.special is None
        ]
        reasons = [
            "项目涉及网络与数据安全防护内容，经县保密工作领导小组审查，暂不公开建设内容细节",
            "项目招标文件编制中，部分信息涉及商业秘密，经审查暂缓公开，招标完成后公开",
        ]
        count = 2 if self.n >= 32 else 1
        for spec, reason in zip(rng.sample(above, min(count, len(above))), reasons, strict=False):
            spec.public = False
            spec.withhold_reason = reason
        small = [
            s
            for s in self.specs
            if s.gov
            and 0 < s.fiscal() < THRESHOLD
            and s.special is None
            and s.stage not in vocab.PIPELINE_STAGES
            and s.public is None
        ]
        if small:
            spec = small[0]
            spec.public = True  # a township chooses to publish although below the threshold

    # -- late reporters ---------------------------------------------------------------------

    def drop_late_reports(self) -> list[str]:
        """A couple of ongoing projects miss the latest month: the late reporters."""
        rng = self.rng
        ongoing = [
            s
            for s in self.specs
            if s.stage in ("新开工", "续建")
            and s.months
            and s.months[-1].index == self.R
            and s.months[-1].started
        ]
        k = 2 if self.n < 200 else max(2, self.n // 50)
        late = rng.sample(ongoing, min(k, len(ongoing)))
        for spec in late:
            spec.months.pop()  # the latest month was never reported
        return [s.code for s in late]

    # -- rendering projects ------------------------------------------------------------------

    def approvals(self, spec: _Spec) -> list[dict[str, Any]]:
        rng = self.rng
        scale = spec.tpl.scale
        kinds = ["立项/可研批复"]
        if scale not in (
            "techrev",
            "platform",
            "base5g",
            "oldcomm",
            "reservoir",
            "charging",
            "rooftop",
        ):
            kinds.append("用地预审与选址")
        if spec.tpl.group == "building" or scale in ("factory", "smart", "cityroad", "agroproc"):
            kinds.append("规划许可")
        if scale not in ("platform",):
            kinds.append("环评")
        if spec.total >= 5000 and spec.domain in (
            "工业",
            "能源",
            "新型基础设施",
            "现代服务业",
            "社会民生",
        ):
            kinds.append("节能审查")
        if spec.tpl.group in ("linear", "pipe", "farm") or spec.domain in ("能源", "水利"):
            kinds.append("水土保持")
        if spec.gov and spec.total >= 30000:
            kinds.append("社会稳定风险评估")
        if spec.domain == "水利" and scale in ("flood", "reservoir"):
            kinds.append("其他")
        if scale not in ("platform", "base5g", "rooftop"):
            kinds.append("施工许可")
        offsets = {
            "立项/可研批复": (-12, -7),
            "用地预审与选址": (-9, -5),
            "规划许可": (-5, -2),
            "环评": (-7, -3),
            "节能审查": (-7, -3),
            "水土保持": (-6, -2),
            "社会稳定风险评估": (-11, -8),
            "其他": (-6, -3),
            "施工许可": (-1, -1),
        }
        big = spec.total >= 50000 or spec.level == "省重点"
        authority = {
            "立项/可研批复": ("示例市发展和改革委员会", "示发改审批")
            if big and spec.gov
            else ("县发展改革局", "示县发改审批" if spec.gov else "示县发改备"),
            "用地预审与选址": ("示例市自然资源和规划局", "示自然规预")
            if big
            else ("县自然资源局", "示县自然资预"),
            "规划许可": ("县自然资源局", "示县自然资规许"),
            "环评": ("示例市生态环境局", "示环审"),
            "节能审查": ("县发展改革局", "示县发改能审"),
            "水土保持": ("县水利局", "示县水保"),
            "社会稳定风险评估": ("县委政法委", "示县稳评"),
            "其他": ("县水利局", "示县水防评"),
            "施工许可": (
                ("县交通运输局", "示县交施")
                if spec.domain == "交通"
                else ("县水利局", "示县水施")
                if spec.domain == "水利"
                else ("县住房和城乡建设局", "示县住建施")
            ),
        }
        if spec.stage == "谋划":
            return []
        anchor = spec.start[0] if spec.start else spec.planned_start_index or self.R + 6
        rows: list[dict[str, Any]] = []
        for kind in kinds:
            lo, hi = offsets[kind]
            due = anchor + rng.randint(lo, hi)
            due_day = rng.randint(5, 28)
            who, prefix = authority[kind]
            row: dict[str, Any] = {"kind": kind}
            if kind == "其他":
                row["name"] = "防洪影响评价"
            row["authority"] = who
            row["deadline"] = _day(due, due_day)
            if spec.started:
                status = "已办结"
                done = (due, max(1, due_day - rng.randint(0, 10)))
                if kind == "施工许可" and spec.start:
                    done = (min(due, spec.start[0]), min(done[1], spec.start[1]))
            elif spec.stage == "储备":
                status = "办理中" if kind == "立项/可研批复" else "未启动"
                if kind != "立项/可研批复" and rng.random() < 0.5:
                    continue  # not yet even scheduled
                done = None
            else:
                # 前期: done when due well before the report date, but a few slip (逾期).
                if due < self.R - 1 and rng.random() < 0.8:
                    status, done = "已办结", (due, max(1, due_day - rng.randint(0, 10)))
                elif due <= self.R + 2:
                    status, done = "办理中", None
                else:
                    status, done = rng.choice(["办理中", "未启动"]), None
            if (
                done is not None
                and PartialDate(_year(done[0]), _mon(done[0]), done[1]).start() > self.report_day
            ):
                status, done = "办理中", None
            row["status"] = status
            if done is not None:
                row["done"] = _day(*done)
                if kind != "社会稳定风险评估":
                    row["document"] = _doc(rng, prefix, _year(done[0]))
            rows.append(row)
        return rows

    def five_clear(self, spec: _Spec, approvals: list[dict[str, Any]]) -> dict[str, Any]:
        rng = self.rng
        if (
            spec.stage == "谋划"
            or (spec.stage == "储备" and rng.random() < 0.5)
            or rng.random() < 0.08
        ):
            return {}
        sources = "、".join(f"{s}{_cell(a)}万元" for s, a, _ in spec.funding)
        gap = spec.total - sum(a for _, a, _ in spec.funding)
        plan = f"总投资{_cell(spec.total)}万元，其中{sources}"
        if gap > 1:
            plan += f"，尚有资金缺口{_cell(gap)}万元，正在积极争取上级资金和金融支持"
        plan += "。"
        if spec.tpl.group in ("building", "plant", "linear") and spec.tpl.scale not in (
            "techrev",
            "oldcomm",
        ):
            mu = max(5, int(spec.ctx["area"] / 666 * rng.uniform(0.2, 0.6)))
            farm = f"项目占用耕地约{mu}亩，通过县域内储备补充耕地指标落实占补平衡。"
        else:
            farm = "项目不新增占用耕地。"
        target = {
            "谋划": "完成项目谋划论证",
            "储备": "完成项目建议书编制和立项",
            "前期": f"{self.Y}年底前完成前期手续并开工建设",
            "新开工": f"{self.Y}年底前完成{'主体结构施工' if spec.tpl.group == 'building' else '年度工程量'}",
            "续建": f"{self.Y}年底前完成累计工程量的{rng.randint(60, 95)}%",
            "竣工": "完成竣工验收和竣工决算",
            "投产": "实现稳定生产运营",
            "达产达效": "实现达产达效",
        }[spec.stage]
        annual = spec.annual_plan.get(self.Y)
        out: dict[str, Any] = {
            "funding_plan": plan,
            "farmland_balance": farm,
            "annual_progress_target": target + "。",
        }
        if annual:
            out["annual_investment_plan"] = f"{self.Y}年计划完成投资{_cell(annual)}万元。"
        # The deadlines stated here are the ones the approvals list carries.
        pending = [a for a in approvals if a["status"] != "已办结" and "deadline" in a]
        if pending:
            out["approval_deadlines"] = (
                "、".join(
                    f"{a.get('name', a['kind'])}{PartialDate.parse(a['deadline']).chinese()}前"
                    for a in pending
                )
                + "办结。"
            )
        elif approvals:
            out["approval_deadlines"] = "各项审批手续已办结。"
        return out

    def firm(self, kinds: list[str]) -> str:
        rng = self.rng
        return f"{rng.choice(FIRM_PLACES)}{rng.choice(BRANDS)}{rng.choice(kinds)}"

    def tenders_and_contractors(self, spec: _Spec) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        rng = self.rng
        if spec.stage in vocab.PIPELINE_STAGES:
            return [], {}
        builders = BUILDERS_BY_GROUP.get(spec.tpl.group, BUILDERS)
        designer = self.firm(DESIGNERS)
        contractors: dict[str, Any] = {"designer": designer}
        tenders: list[dict[str, Any]] = []
        anchor = spec.start[0] if spec.start else spec.planned_start_index
        if anchor is None:
            return [], contractors
        big = spec.total >= 3000
        design_when = anchor - rng.randint(4, 7)
        if spec.gov and design_when <= self.R:
            tenders.append(
                {
                    "item": "勘察设计",
                    "method": "公开招标" if big else "竞争性磋商",
                    "date": _day(design_when, rng.randint(1, 28)),
                    "winner": designer,
                    "amount": _money(spec.total * rng.uniform(0.02, 0.035)),
                }
            )
        if not spec.started:
            return tenders, contractors
        supervisor = self.firm(SUPERVISORS)
        builder = self.firm(builders)
        contractors["supervisor"] = supervisor
        contractors["builder"] = builder
        s = spec.start[0] if spec.start else anchor
        if spec.gov:
            tenders.append(
                {
                    "item": "工程监理",
                    "method": "公开招标" if big else "竞争性磋商",
                    "date": _day(s - 1, rng.randint(1, 28)),
                    "winner": supervisor,
                    "amount": _money(spec.total * rng.uniform(0.01, 0.02)),
                }
            )
            tenders.append(
                {
                    "item": "施工总承包",
                    "method": "公开招标",
                    "date": _day(s - 1, rng.randint(1, 28)),
                    "winner": builder,
                    "amount": _money(spec.total * rng.uniform(0.55, 0.8)),
                }
            )
        elif rng.random() < 0.3:
            tenders.append(
                {
                    "item": "土建施工",
                    "method": "邀请招标",
                    "date": _day(s - 1, rng.randint(1, 28)),
                    "winner": builder,
                    "amount": _money(spec.total * rng.uniform(0.3, 0.5)),
                }
            )
        return tenders, contractors

    def final_accounts(self, spec: _Spec) -> dict[str, Any] | None:
        rng = self.rng
        if not (spec.completed and spec.gov and spec.completion):
            return None
        when = spec.completion[0] + rng.randint(3, 9)
        if when > self.R:
            return None  # 竣工决算审计 still under way
        return {
            "date": _day(when, rng.randint(1, 28)),
            "amount": _money(min(spec.total, spec.done_total) * rng.uniform(0.96, 1.0)),
            "approved_by": rng.choice(["县财政局", "县审计局"]),
            "document": _doc(rng, rng.choice(["示县财评", "示县审投"]), _year(when)),
        }

    def project_progress(self, spec: _Spec) -> str:
        if spec.stage == "谋划":
            return "正在开展项目谋划和前期研究论证。"
        if spec.stage == "储备":
            return "已纳入县重大项目储备库，正在编制项目建议书。"
        if spec.stage == "前期":
            return "正在办理用地、环评等前期手续，力争早日开工。"
        if spec.completion:
            c = spec.completion[0]
            text = f"项目已于{_year(c)}年{_mon(c)}月竣工"
            if spec.stage == "投产":
                return text + "，已投产运营。"
            if spec.stage == "达产达效":
                return text + "，已达产达效。"
            return text + "，正在办理竣工验收和决算。"
        last = spec.months[-1].progress if spec.months else "已开工建设"
        return last + "。"

    def notes(self, spec: _Spec) -> str | None:
        rng = self.rng
        if spec.pace == "lagging" and rng.random() < 0.5:
            return f"投资进度滞后于序时进度，已列入县级挂牌督办，由{spec.leader or LEADERS[1]}同志牵头协调。"
        if (
            spec.stage == "前期"
            and spec.planned_start_index is not None
            and spec.planned_start_index <= self.R
        ):
            return "已过计划开工时间仍未开工，县重大办每周调度前期手续办理情况。"
        if spec.stage == "储备" and rng.random() < 0.3:
            return "拟申报下一批地方政府专项债券项目。"
        if spec.tpl.fund == "ent" and rng.random() < 0.1:
            return "企业拟申请设备更新改造中长期贷款财政贴息。"
        return None

    def render(self, spec: _Spec) -> dict[str, Any]:
        spec.notes = self.notes(spec)
        out: dict[str, Any] = {
            "code": spec.code,
            "name": spec.name,
            "level": spec.level,
            "domain": spec.domain,
        }
        if spec.batch:
            out["batch"] = spec.batch
        out["stage"] = spec.stage
        out["township"] = spec.township
        out["owner"] = spec.owner
        out["department"] = spec.department
        if spec.leader:
            out["leader"] = spec.leader
        if spec.task_force:
            out["task_force"] = spec.task_force
        out["government_invested"] = spec.gov
        out["total_investment"] = _money(spec.total)
        out["funding"] = [
            {"source": s, "amount": _money(a), **({"note": note} if note else {})}
            for s, a, note in spec.funding
        ]
        if spec.annual_plan:
            out["annual_plan"] = {year: _money(a) for year, a in sorted(spec.annual_plan.items())}
        dates: dict[str, str] = {}
        if spec.planned_start:
            dates["planned_start"] = spec.planned_start
        if spec.start:
            dates["actual_start"] = _day(*spec.start)
        if spec.planned_completion:
            dates["planned_completion"] = spec.planned_completion
        if spec.completion:
            dates["actual_completion"] = _day(*spec.completion)
        if dates:
            out["dates"] = dates
        out["scale"] = SCALES[spec.tpl.scale].format(**spec.ctx)
        out["rationale"] = RATIONALES[spec.domain].format(**spec.ctx)
        out["progress"] = self.project_progress(spec)
        approvals = self.approvals(spec)
        if approvals:
            out["approvals"] = approvals
        five = self.five_clear(spec, approvals)
        if five:
            out["five_clear"] = five
        tenders, contractors = self.tenders_and_contractors(spec)
        if tenders:
            out["tenders"] = tenders
        if contractors:
            out["contractors"] = contractors
        accounts = self.final_accounts(spec)
        if accounts:
            out["final_accounts"] = accounts
        if spec.public is not None:
            out["public"] = spec.public
        if spec.withhold_reason:
            out["withhold_reason"] = spec.withhold_reason
        if spec.notes:
            out["notes"] = spec.notes
        return out

    # -- problems ----------------------------------------------------------------------------

    def problems(self) -> list[list[str]]:
        rng = self.rng
        count = max(32, self.n // 2) if self.sample or self.n < 400 else self.n // 2
        pool = [s for s in self.specs if s.stage in ("前期", "新开工", "续建")]
        pool += [s for s in self.specs if s.pace == "lagging"]  # lagging projects raise more
        others = [s for s in self.specs if s.completed]
        kinds = list(vocab.PROBLEM_KINDS)
        weights = [5, 5, 4, 4, 2, 3, 2]
        first_day = PartialDate(_year(self.first), _mon(self.first), 1).start().toordinal()
        last_day = self.report_day.toordinal()
        raw: list[tuple[int, list[str]]] = []
        levels = list(vocab.PROBLEM_LEVELS)
        statuses = list(vocab.PROBLEM_STATUSES)
        for i in range(count):
            # The first rows cover every kind, level and status; the rest are drawn by weight.
            spec = rng.choice(
                others if (others and i >= 3 and rng.random() < 0.1) else pool or self.specs
            )
            kind = kinds[i] if i < len(kinds) else rng.choices(kinds, weights=weights)[0]
            text, units = rng.choice(PROBLEM_TEXTS[kind])
            unit = rng.choice(units)
            if unit == "town":
                unit = self.town_unit(spec.township)
            description = text.format(
                mu=rng.randint(20, 400),
                amt=max(50, round(spec.total * rng.uniform(0.05, 0.3))),
                t=spec.township,
                hh=rng.randint(3, 60),
                n=rng.randint(5, 60),
                km=round(rng.uniform(1, 8), 1),
            )
            level = levels[i] if i < 3 else rng.choices(levels, weights=[14, 5, 2])[0]
            # Status first, then a date that fits it: open items are recent, solved ones older.
            if i < 3 and not spec.completed:
                status = statuses[i]
            elif spec.completed:
                status = "已解决"
            else:
                status = rng.choices(statuses, weights=[15, 25, 60])[0]
            lo, hi = first_day, last_day
            if status == "待协调":
                lo = max(lo, hi - 45)
            elif status == "协调中":
                lo = max(lo, hi - 200)
            else:
                hi = max(lo, hi - 10)
            if spec.completion:  # raised while the project was still being built
                built = (
                    PartialDate(
                        _year(spec.completion[0]), _mon(spec.completion[0]), spec.completion[1]
                    )
                    .start()
                    .toordinal()
                )
                hi = min(hi, built)
                lo = min(lo, hi - 240)
            raised = rng.randint(lo, hi)
            resolved = None
            if status == "已解决":
                resolved = min(last_day, raised + rng.randint(3, 120))
            public = status == "已解决" and level == "县" and rng.random() < 0.08
            raw.append(
                (
                    raised,
                    [
                        spec.code,
                        _ord_date(raised),
                        kind,
                        description,
                        unit,
                        level,
                        status,
                        _ord_date(resolved) if resolved is not None else "",
                        "是" if public else "否",
                    ],
                )
            )
        raw.sort(key=lambda item: (item[0], item[1][0]))
        rows: list[list[str]] = []
        counters: dict[str, int] = {}
        for _, row in raw:
            year = row[1][:4]
            counters[year] = counters.get(year, 0) + 1
            rows.append([f"WT-{year}-{counters[year]:04d}", *row])
        return rows

    # -- monthly tables ------------------------------------------------------------------------

    def month_tables(self) -> dict[str, list[list[str]]]:
        tables: dict[str, list[list[str]]] = {_month(m): [] for m in range(self.first, self.R + 1)}
        for spec in self.specs:
            for rec in spec.months:
                if rec.index < self.first:
                    continue
                tables[_month(rec.index)].append(
                    [
                        spec.code,
                        _cell(rec.completed),
                        _cell(rec.cumulative),
                        "是" if rec.started else "否",
                        rec.progress,
                        _cell(rec.arrived),
                        _cell(rec.disbursed),
                    ]
                )
        for rows in tables.values():
            rows.sort(key=lambda row: row[0])
        return tables


def _ord_date(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


# ---------------------------------------------------------------------------------------
# Targets and plans
# ---------------------------------------------------------------------------------------


def _yi(wan: float) -> float:
    """亿元, rounded down to a tenth, as targets are stated."""
    return math.floor(wan / 1000) / 10


def _targets(b: _Builder) -> list[dict[str, Any]]:
    Y = b.Y
    specs = b.specs

    def plan(select: Callable[[_Spec], bool]) -> float:
        return sum(s.annual_plan.get(Y, 0.0) for s in specs if select(s))

    key = _yi(plan(lambda s: s.level in ("省重点", "市重点")))
    zxz = _yi(plan(lambda s: s.has("中央预算内投资", "地方政府专项债券")))
    started_stages = ["新开工", "续建", "竣工", "投产", "达产达效"]
    signed = [s for s in specs if s.batch == "签约一批"]
    started_batch = [s for s in specs if s.batch == "开工一批"]
    producing = [s for s in specs if s.batch == "投产一批"]
    landed = sum(s.started for s in signed)
    built = sum(s.completed for s in started_batch)
    full = sum(s.stage == "达产达效" for s in producing)
    end = f"{Y}-12-31"
    three = f"{Y}—{Y + 2}年"
    out: list[dict[str, Any]] = [
        {
            "id": f"key-investment-{Y}",
            "title": f"省市重点项目全年完成投资{key:g}亿元",
            "metric": "investment_completed",
            "scope": {"levels": ["省重点", "市重点"]},
            "value": round(key * 10000),
            "deadline": end,
            "headline": True,
        },
        {
            "id": f"key-completion-nov-{Y}",
            "title": "省市重点项目11月底前投资完成率达到100%",
            "metric": "completion_rate",
            "scope": {"levels": ["省重点", "市重点"]},
            "value": 100,
            "deadline": f"{Y}-11-30",
            "headline": True,
        },
        {
            "id": f"zxz-start-rate-{Y}",
            "title": "地方政府专项债券项目12月底前开工率达到100%",
            "metric": "start_rate",
            "scope": {"funding_sources": ["地方政府专项债券"]},
            "value": 100,
            "deadline": end,
            "headline": True,
        },
        {
            "id": f"zxz-disbursement-{Y}",
            "title": "中央预算内投资和地方政府专项债券项目12月底前资金拨付率达到100%",
            "metric": "disbursement_rate",
            "scope": {"funding_sources": ["中央预算内投资", "地方政府专项债券"]},
            "value": 100,
            "deadline": end,
        },
        {
            "id": f"zxz-investment-{Y}",
            "title": f"中央预算内投资和地方政府专项债券项目全年完成投资{zxz:g}亿元以上",
            "metric": "investment_completed",
            "scope": {"funding_sources": ["中央预算内投资", "地方政府专项债券"]},
            "value": round(zxz * 10000),
            "deadline": end,
        },
        {
            "id": f"zcx-start-{Y}",
            "title": "政策性开发性金融工具项目11月底前全部开工建设",
            "metric": "start_rate",
            "scope": {"funding_sources": ["政策性开发性金融工具"]},
            "value": 100,
            "deadline": f"{Y}-11-30",
        },
        {
            "id": f"signed-landed-{Y}",
            "title": f"年底前落地建设“签约一批”项目{min(len(signed), landed + 1)}个",
            "metric": "project_count",
            "scope": {"batches": ["签约一批"], "stages": started_stages},
            "value": min(len(signed), landed + 1),
            "deadline": end,
            "headline": True,
        },
        {
            "id": f"started-producing-{Y}",
            "title": f"建成投产“开工一批”项目{min(len(started_batch), built + 1)}个",
            "metric": "project_count",
            "scope": {"batches": ["开工一批"], "stages": ["竣工", "投产", "达产达效"]},
            "value": min(len(started_batch), built + 1),
            "deadline": end,
        },
        {
            "id": f"producing-full-{Y}",
            "title": f"达产达效“投产一批”项目{min(len(producing), full + 1)}个",
            "metric": "project_count",
            "scope": {"batches": ["投产一批"], "stages": ["达产达效"]},
            "value": min(len(producing), full + 1),
            "deadline": end,
        },
        {
            "id": f"funds-arrival-{Y}",
            "title": "重点项目资金到位率达到90%以上",
            "metric": "funds_arrival_rate",
            "value": 90,
            "deadline": end,
            "internal": True,
        },
    ]
    # Seed 004's domain targets over three years: 工业35亿, 交通45亿 ... scaled to this county.
    for slug, domains, label in (
        ("industry", ["工业"], "工业投资"),
        ("transport", ["交通"], "综合交通建设"),
        ("water", ["水利"], "水利建设"),
        ("new-infra", ["新型基础设施"], "新型基础设施建设"),
        ("urbanisation", ["新型城镇化"], "新型城镇化建设"),
        ("agriculture", ["农业农村"], "农业农村投资"),
        ("livelihood", ["社会民生"], "社会民生领域投资"),
    ):
        amount = max(0.1, _yi(plan(lambda s, d=domains: s.domain in d) * 2.8))
        out.append(
            {
                "id": f"{slug}-{Y}-{Y + 2}",
                "title": f"{three}全县{label}累计完成投资{amount:g}亿元以上",
                "metric": "investment_completed",
                "scope": {"domains": domains},
                "value": round(amount * 10000),
                "start": f"{Y}-01-01",
                "deadline": f"{Y + 2}-12-31",
            }
        )
    total = max(0.1, _yi(plan(lambda s: True) * 2.8))
    out.append(
        {
            "id": f"major-{Y}-{Y + 2}",
            "title": f"到{Y + 2}年全县重点项目累计完成投资{total:g}亿元以上",
            "metric": "investment_completed",
            "value": round(total * 10000),
            "start": f"{Y}-01-01",
            "deadline": f"{Y + 2}-12-31",
        }
    )
    return out


# One row per task: number, text, lead, support, deadline or rhythm, state, target slugs,
# project domains. State decides status: done / overdue (deadline passed, not done) /
# ongoing / new (not started). Deadlines are month-day offsets within the plan's years.
_TaskRow = tuple[str, str, list[str], list[str], str, str, list[str], list[str]]

KUODA_SECTIONS: list[tuple[str, str, list[_TaskRow]]] = [
    (
        "二(一)",
        "积极扩大重点领域有效投资",
        [
            (
                "1",
                "着力扩大工业投资。实施工业强县战略，强龙头、补链条、聚集群，推进一批技术改造和新兴产业项目，加快园区道路、供水、污水处理、标准厂房等配套建设，建立“一个重点产业、一名县级领导、一个牵头部门”招商机制，力争{y0}—{y2}年工业投资累计完成目标任务。",
                ["县经贸局", "县发展改革局", "县重大办"],
                [
                    "县投资促进局",
                    "县财政局",
                    "县自然资源局",
                    "示例生态环境局",
                    "各乡镇人民政府",
                    "县工管委",
                ],
                "Y+2-12-31",
                "ongoing",
                ["industry"],
                ["工业"],
            ),
            (
                "2",
                "着力扩大传统基础设施投资。加快国省干线改扩建和农村公路提质改造，推进风电、光伏、储能及管道燃气项目，实施水库除险加固和防洪治理工程，保障城乡供水安全。",
                ["县交通运输局", "县发展改革局", "县重大办", "县水利局"],
                ["县财政局", "县自然资源局", "县生态环境局", "各乡镇人民政府"],
                "Y+2-12-31",
                "ongoing",
                ["transport", "water"],
                ["交通", "水利", "能源"],
            ),
            (
                "3",
                "着力扩大新型基础设施投资。布局建设5G基站、数据中心、新能源汽车充电设施，推进智慧教育、智慧医疗、城市运行管理服务平台建设，{y0}年底前实现乡镇5G网络全覆盖。",
                ["县政务服务和大数据发展局", "县发展改革局", "县重大办"],
                ["县教体局", "县经贸局", "县交通运输局", "县卫健局", "各乡镇人民政府"],
                "Y-12-31",
                "ongoing",
                ["new-infra"],
                ["新型基础设施"],
            ),
            (
                "4",
                "着力扩大新型城镇化建设投资。实施城市更新行动，推进城镇老旧小区改造、雨污分流和保障性租赁住房建设，提升县城市政公用设施水平，{y0}年6月底前完成年度老旧小区改造开工任务。",
                ["县住建局", "县发展改革局", "各乡镇人民政府"],
                [
                    "县人社局",
                    "县交通运输局",
                    "县自然资源局",
                    "县卫健局",
                    "县财政局",
                    "人民银行示例县支行",
                ],
                "Y-06-30",
                "overdue",
                ["urbanisation"],
                ["新型城镇化"],
            ),
            (
                "5",
                "着力扩大农业农村投资。建设高标准农田，推进现代农业产业园、农产品产地冷藏保鲜设施和和美乡村建设，调动社会资本参与乡村振兴。",
                ["县农业农村局"],
                [
                    "县发展改革局",
                    "县重大办",
                    "县教育体育局",
                    "县财政局",
                    "县住建局",
                    "县水利局",
                    "人民银行示例县支行",
                    "各乡镇人民政府",
                ],
                "Y+2-12-31",
                "ongoing",
                ["agriculture"],
                ["农业农村"],
            ),
            (
                "6",
                "着力扩大现代服务业投资。推动现代物流、冷链物流和电子商务发展，加快商贸物流园和生态旅游度假区项目建设，推进文旅融合。",
                ["县发展改革局", "县重大办"],
                ["县文广旅局", "县经贸局", "县投促局", "各乡镇人民政府"],
                "Y+2-12-31",
                "ongoing",
                [],
                ["现代服务业"],
            ),
            (
                "7",
                "着力扩大生态建设和环境保护投资。实施重点流域水环境综合治理、历史遗留矿山生态修复和乡镇污水处理设施提标改造，加强生活垃圾处理设施建设，{y0}年9月底前完成乡镇污水处理厂提标改造。",
                ["示例生态环境局", "县自然资源局", "县住建局"],
                [
                    "县发展改革局",
                    "县重大办",
                    "县经贸局",
                    "县财政局",
                    "县农业农村局",
                    "各乡镇人民政府",
                ],
                "Y-09-30",
                "overdue",
                [],
                ["生态环保"],
            ),
            (
                "8",
                "着力扩大补齐社会民生领域短板投资。推进县人民医院城南分院、高级中学迁建、乡镇幼儿园和卫生院建设，新建和改扩建公办养老机构，实施全民健身设施补短板工程。",
                ["县教育体育局", "县卫健局", "县民政局", "县文广旅局"],
                ["县发展改革局", "县重大办", "县经贸局", "各乡镇人民政府"],
                "Y+2-12-31",
                "ongoing",
                ["livelihood"],
                ["社会民生"],
            ),
        ],
    ),
    (
        "二(二)",
        "积极拓宽投融资渠道",
        [
            (
                "1",
                "加强对重点领域的财政支持。积极争取上级转移支付资金，优化支出结构，统筹财政资金和地方政府专项债券支持标准厂房和园区基础设施建设，每年统筹县级财政资金5000万元支持产业发展。",
                ["县财政局", "县发展改革局", "县重大办", "县经贸局", "县农业农村局", "县投促局"],
                ["各乡镇人民政府", "县工管委"],
                "每年",
                "ongoing",
                [],
                [],
            ),
            (
                "2",
                "高效用好地方政府债券。积极争取新增地方政府一般债券和专项债券额度，重点支持交通、水利、生态环保、社会事业、市政和产业园区基础设施建设，加快债券资金拨付使用。",
                ["县财政局", "县发展改革局"],
                ["各乡镇人民政府", "县工管委"],
                "Y-12-31",
                "ongoing",
                ["zxz-disbursement", "zxz-investment"],
                [],
            ),
            (
                "3",
                "积极撬动扩大银行贷款规模。落实稳健的货币政策，常态化开展政银企对接，力争每年新增各项贷款5亿元以上，加快“信易贷”推广应用。",
                ["县财政局", "人民银行示例县支行", "县发展改革局"],
                ["各乡镇人民政府", "县工管委"],
                "每季度",
                "ongoing",
                [],
                [],
            ),
            (
                "4",
                "扩大直接融资规模。支持国有企业发行企业债券和公司债券，探索基础设施领域不动产投资信托基金（REITs）盘活存量资产。",
                ["县财政局", "县发展改革局", "县经贸局", "人民银行示例县支行"],
                ["各乡镇人民政府"],
                "Y+2-12-31",
                "new",
                [],
                [],
            ),
            (
                "5",
                "持续加大招商引资力度。优化营商环境，分行业开展精准招商和产业链招商，签约一批好项目、大项目，推动签约项目尽快落地开工。",
                ["县投资促进局", "县发展改革局", "县重大办", "县工商联"],
                ["各乡镇人民政府", "县工管委"],
                "每月",
                "ongoing",
                ["signed-landed"],
                [],
            ),
            (
                "6",
                "大力推广政府和社会资本合作模式。储备筛选一批特许经营项目，规范开展项目识别和论证，压缩前期工作时间。",
                ["县财政局", "县发展改革局", "县交通运输局"],
                ["各乡镇人民政府"],
                "Y-09-30",
                "done",
                [],
                [],
            ),
            (
                "7",
                "提升直接利用外资水平。支持外商投资企业参与县内重点产业项目建设，{y0}年上半年完成外资招商项目库建设。",
                ["县投资促进局", "县发展改革局"],
                ["各乡镇人民政府", "县工管委"],
                "Y-06-30",
                "done",
                [],
                [],
            ),
        ],
    ),
    (
        "二(三)",
        "积极推动重大项目建设",
        [
            (
                "1",
                "充实完善全县重大项目库。编制重大项目建设三年计划项目库，加强项目谋划研究，指导项目业主加快完成用地报批、环境评价、节能审查等重要环节前期工作。",
                ["县重大办"],
                ["各乡镇人民政府", "县工管委", "县自然资源局", "示例生态环境局"],
                "Y-03-31",
                "done",
                [],
                [],
            ),
            (
                "2",
                "持续开展重大项目建设问题多方联动协调。分类别、分层级协调解决项目建设问题，每月召开1至2次县重大项目协调会，县本级解决不了的及时提交市级协调。",
                ["县重大办"],
                ["各乡镇人民政府", "县工管委", "县自然资源局", "示例生态环境局"],
                "每月",
                "ongoing",
                [],
                [],
            ),
            (
                "3",
                "深入实施重大项目推进机制。落实县领导联系推进项目、重点项目专班、前期服务指导和部门联动协调等机制，快速协调解决项目推进中的困难和问题。",
                ["县重大办"],
                ["各乡镇人民政府", "县工管委", "县投资促进局"],
                "Y-12-31",
                "ongoing",
                ["key-investment"],
                [],
            ),
            (
                "4",
                "完善重大项目日周月调度工作机制。每周调度重大项目新开工数、竣工数和存在问题，每月调度投资进度、形象进度和问题办理情况。",
                ["县重大办"],
                ["各乡镇人民政府", "县工管委", "县自然资源局", "县生态环境局"],
                "每周",
                "ongoing",
                ["key-completion-nov"],
                [],
            ),
        ],
    ),
    (
        "二(四)",
        "强化其他要素保障",
        [
            (
                "1",
                "强化政策支持。出台重大项目要素保障政策，推广投资项目承诺制和前期工作代办制，推动项目尽快开工建设。",
                ["县自然资源局", "县发展改革局", "县重大办", "县财政局"],
                ["各乡镇人民政府", "县工管委"],
                "Y-06-30",
                "done",
                [],
                [],
            ),
            (
                "2",
                "加强用地保障。将三年行动计划项目用地规模和布局纳入国土空间规划，统筹实施补充耕地项目，盘活存量土地，优先保障重大项目用地。",
                ["县自然资源局", "县农业农村局"],
                [
                    "县发展改革局",
                    "县重大办",
                    "县经贸局",
                    "县交通运输局",
                    "县水利局",
                    "各乡镇人民政府",
                ],
                "Y-10-15",
                "overdue",
                [],
                [],
            ),
            (
                "3",
                "加强能耗保障。加强节能挖潜，淘汰落后低效产能，推进重点耗能企业节能技改，增加可利用能耗空间。",
                ["县发展改革局", "县重大办"],
                ["县经贸局", "示例生态环境局", "县住建局", "各乡镇人民政府"],
                "Y+1-06-30",
                "new",
                [],
                [],
            ),
            (
                "4",
                "积极争取上级项目建设要素保障。积极争取省市重大项目工作经费和用能、用地、排放指标，推动一批项目进入省市重大项目盘子。",
                ["县重大办"],
                ["县财政局", "县自然资源局", "县经贸局", "示例生态环境局"],
                "每半年",
                "ongoing",
                [],
                [],
            ),
            (
                "5",
                "加强项目储备和前期工作。形成“申报一批、建设一批、储备一批”滚动机制，每年安排项目前期工作经费2000万元以上。",
                ["县发展改革局", "县重大办", "县财政局"],
                [
                    "县经贸局",
                    "县自然资源局",
                    "县住建局",
                    "县交通运输局",
                    "县水利局",
                    "各乡镇人民政府",
                ],
                "Y-08-31",
                "overdue",
                [],
                [],
            ),
        ],
    ),
    (
        "三(一)",
        "强化推进机制",
        [
            (
                "1",
                "加强投资工作的组织领导。成立县投资工作领导小组，领导小组办公室设在县发展改革局，下设资金组、工业项目组、交通项目组、新型城镇化项目组、农业农村项目组和统计指导组。",
                ["县发展改革局", "县重大办"],
                ["县经贸局", "县财政局", "县住建局", "县交通运输局", "县农业农村局"],
                "Y-04-30",
                "done",
                [],
                [],
            ),
            (
                "2",
                "强化关键环节的责任落实。逐个项目落实“五明确”：明确资金筹措方案、耕地占补平衡方案、年度进度目标、年度投资计划和重要审批环节办理时限。",
                ["县重大办", "各乡镇人民政府", "县工管委"],
                [],
                "Y-05-31",
                "done",
                [],
                [],
            ),
            (
                "3",
                "加强政金企联动对接。建立“融资服务专员”机制，不定期开展政金企对接活动，引导信贷资源投向重点项目。",
                ["县财政局", "县发展改革局", "县经贸局", "县投资促进局", "人民银行示例县支行"],
                ["各乡镇人民政府", "县工管委"],
                "每季度",
                "ongoing",
                [],
                [],
            ),
            (
                "4",
                "加强重大项目服务指导。实行“一项目一策一专班”工作模式，对联系项目开展现场调研和现场协调，促进项目早开工、快建设、早竣工。",
                ["县重大办"],
                ["县发展改革局"],
                "每月",
                "ongoing",
                [],
                [],
            ),
        ],
    ),
    (
        "三(二)",
        "深化项目审批制度改革",
        [
            (
                "1",
                "提升项目审批效率。推行投资项目容缺后补和承诺制审批，实行重大项目随报随审，定期组织重大项目并联审批。",
                [
                    "县政务服务和大数据发展局",
                    "县发展改革局",
                    "县重大办",
                    "县住建局",
                    "县交通运输局",
                ],
                ["各乡镇人民政府"],
                "Y-06-30",
                "done",
                [],
                [],
            ),
            (
                "2",
                "严格政府投资项目管理。对县财政出资1000万元以上的政府投资项目，在县政府网站公示建设内容和规模、建设必要性和依据、资金来源、招投标、设计监理施工单位和竣工决算等情况，接受社会监督。",
                ["县发展改革局", "县重大办", "县财政局", "县机关事务局"],
                ["各乡镇人民政府", "县工管委"],
                "Y-09-30",
                "overdue",
                [],
                [],
            ),
            (
                "3",
                "强化对工程咨询单位考核评估。建立工程咨询成果质量评价考核机制，评价结果与咨询单位资信挂钩。",
                ["县发展改革局", "县重大办"],
                [],
                "Y+1-03-31",
                "new",
                [],
                [],
            ),
        ],
    ),
    (
        "三(三)",
        "建立通报制度",
        [
            (
                "1",
                "县投资工作领导小组办公室每月通报主要行业领域和工业园区投资完成情况，以及10亿元以上项目进展、投资完成、要素保障和审批办理情况，对未按计划完成投资、开工、竣工的项目进行督导督办。",
                ["县发展改革局", "县重大办"],
                ["县经贸局", "县投资促进局"],
                "每月",
                "ongoing",
                ["key-investment"],
                [],
            ),
        ],
    ),
    (
        "三(四)",
        "建立考核奖惩制度",
        [
            (
                "1",
                "强化投资工作的考核激励。将投资和重大项目建设工作成效纳入全县绩效考核，对超额完成目标任务的给予绩效加分。",
                ["县督查局", "县委组织部", "县发展改革局", "县重大办", "县财政局"],
                [],
                "每年",
                "ongoing",
                [],
                [],
            ),
            (
                "2",
                "强化招商引资项目“四率”考核。开展协议履约率、资金到位率、项目开工率和竣工投产率攻坚行动，推动签约项目转化为投资实物量。",
                ["县投资促进局"],
                ["县重大办"],
                "Y-12-31",
                "ongoing",
                ["signed-landed", "funds-arrival"],
                [],
            ),
        ],
    ),
    (
        "三(五)",
        "进一步加强投资运行管理和风险防控工作",
        [
            (
                "1",
                "强化依法依规统计。落实项目业主投资统计主体责任，建立健全项目统计台账和佐证资料制度，确保投资数出有据、应统尽统。",
                ["县统计局"],
                ["各乡镇人民政府", "县工管委"],
                "每月",
                "ongoing",
                [],
                [],
            ),
            (
                "2",
                "加强投资运行监测分析和调度。建立投资运行重点监测项目库，按月监测分析，实行投资定期会商。",
                ["县发展改革局", "县重大办"],
                ["县经贸局", "县交通运输局", "县住建局"],
                "每月",
                "ongoing",
                [],
                [],
            ),
            (
                "3",
                "强化投资项目风险防控。严格执行基本建设程序，加强社会稳定风险评估，防范地方政府隐性债务风险，审计部门依法开展政府投资项目审计监督。",
                [
                    "县发展改革局",
                    "县重大办",
                    "县财政局",
                    "县自然资源局",
                    "县住建局",
                    "县审计局",
                    "示例生态环境局",
                ],
                ["各乡镇人民政府", "县工管委"],
                "Y-12-31",
                "ongoing",
                [],
                [],
            ),
        ],
    ),
]

WENJINGJI_SECTIONS: list[tuple[str, str, list[_TaskRow]]] = [
    (
        "三",
        "重点任务",
        [
            (
                "(一)",
                "加力推进政策性开发性金融工具项目落地实施。实行“一项目一清单一台账”管理，加快办理前期手续、落实要素条件，对接政策性银行和商业银行加大配套融资，做到资金到位即可开工。",
                ["县发展改革局", "县财政局"],
                ["人民银行示例县支行", "县自然资源局"],
                "Y-11-30",
                "ongoing",
                ["zcx-start"],
                [],
            ),
            (
                "(二)",
                "持续推进“三个一批”项目滚动实施。完善要素保障供需对接机制，严格核查督导确保项目真实合规，压茬推进“三个一批”项目建设。",
                ["县重大办", "县投资促进局"],
                ["县经贸局", "县统计局"],
                "Y-12-31",
                "ongoing",
                ["signed-landed", "started-producing", "producing-full"],
                [],
            ),
            (
                "(三)",
                "全面推进省市重点项目提速增效。落实“观摩点评+督导服务”“领导分包+每周调度”推进机制，谋划储备下一年度省市重点项目。",
                ["县重大办", "县发展改革局"],
                ["各乡镇人民政府"],
                "Y-11-30",
                "ongoing",
                ["key-investment", "key-completion-nov"],
                [],
            ),
            (
                "(四)",
                "加快推进中央预算内投资和地方政府专项债券项目落地实施。抓好资金拨付和开工建设，县督查局、财政局和发展改革局联合开展督导核查，推动资金加快使用。",
                ["县财政局", "县发展改革局", "县督查局"],
                [],
                "Y-10-31",
                "overdue",
                ["zxz-start-rate", "zxz-disbursement"],
                [],
            ),
            (
                "(五)",
                "加快中长期贷款项目资金使用。摸清企业设备更新改造贷款需求，指导项目单位完善审批手续，协调银行加快贷款投放，对项目台账实行周调度。",
                ["县经贸局", "人民银行示例县支行"],
                ["县发改委", "县财政局"],
                "每周",
                "ongoing",
                [],
                ["工业"],
            ),
            (
                "(六)",
                "紧盯国家政策做好项目储备。跟踪国家稳经济政策及实施细则，做好下一年度中央预算内投资、专项债券和中长期贷款项目储备，提升项目成熟度。",
                ["县发展改革局"],
                ["县财政局", "县重大办"],
                "Y-12-31",
                "new",
                [],
                [],
            ),
        ],
    ),
    (
        "四",
        "推进措施",
        [
            (
                "(一)",
                "专班运作建机制。建立推进有效投资重要项目协调机制，下设用地、环保、住建等前期手续专班和综合、财政、金融项目推进专班及督导服务专班。",
                ["县重大办"],
                ["县自然资源局", "县生态环境局", "县住建局", "县财政局"],
                "Y-09-15",
                "done",
                [],
                [],
            ),
            (
                "(二)",
                "联审联批抓前期。完善项目审批绿色通道，推行区域评估、多评合一、容缺办理和“标准地+承诺制”，设立项目前期工作专项经费。",
                ["县政务服务和大数据发展局", "县发展改革局"],
                ["县自然资源局", "县住建局"],
                "Y-10-15",
                "overdue",
                [],
                [],
            ),
            (
                "(三)",
                "倒排工期推进度。逐个项目细化任务，实行一周一调度、一周一汇报、一周一督导，对进展缓慢、工期滞后的项目挂牌督办。",
                ["县重大办"],
                ["各乡镇人民政府", "县督查局"],
                "每周",
                "ongoing",
                ["key-completion-nov"],
                [],
            ),
            (
                "(四)",
                "集中要素强保障。实行“要素资源跟着项目走”，做到熟地等项目、拿地即开工，保障重点项目用能，推动政策性金融资金签约投放。",
                ["县自然资源局", "县发展改革局", "县财政局"],
                ["人民银行示例县支行"],
                "Y-12-31",
                "ongoing",
                [],
                [],
            ),
            (
                "(五)",
                "督导服务促落实。督导服务专班定期开展实地督导，提高项目建设在年度绩效考核中的权重，对推进缓慢、工作不力的约谈问责。",
                ["县督查局", "县重大办"],
                [],
                "每月",
                "ongoing",
                [],
                [],
            ),
            (
                "(六)",
                "强化统计入库。优化统计入库程序，做到应纳尽纳、应统尽统，确保投资完成情况及时准确反映。",
                ["县统计局"],
                ["县重大办", "各乡镇人民政府"],
                "每月",
                "ongoing",
                [],
                [],
            ),
        ],
    ),
]

NOTE_TEXTS = [
    "召开专题调度会，研究推进相关项目建设，明确责任单位和完成时限",
    "已梳理形成项目清单和问题清单，逐项明确责任人",
    "牵头单位报送阶段进展，相关项目按计划推进",
    "部分项目前期手续办理滞后，已督促加快办理",
    "已报请县政府常务会议研究，形成会议纪要",
    "组织现场观摩，对进度滞后项目进行点评",
]
INTERNAL_NOTES = [
    "分管县领导批示：进度偏慢，要求牵头单位月底前报送整改措施",
    "县督查局督办：配合单位反馈不及时，已约谈相关负责人",
    "资金缺口较大，需提请县委常委会研究",
]


def _plan_tasks(
    b: _Builder,
    sections: list[tuple[str, str, list[_TaskRow]]],
    issued: int,
    target_ids: dict[str, str],
) -> list[dict[str, Any]]:
    """Turn the static rows into sections with statuses, notes and links to data."""
    rng = b.rng
    Y = b.Y
    by_domain: dict[str, list[_Spec]] = {}
    for spec in sorted(b.specs, key=lambda s: (-s.total, s.code)):
        if spec.stage not in vocab.PIPELINE_STAGES:
            by_domain.setdefault(spec.domain, []).append(spec)
    out: list[dict[str, Any]] = []
    for number, title, rows in sections:
        tasks: list[dict[str, Any]] = []
        for sub, text, lead, support, when, state, targets, domains in rows:
            task: dict[str, Any] = {
                "number": f"{number}{sub}",  # the document's own numbering: 二(一)3, 三(四)
                "text": text.format(y0=Y, y2=Y + 2),
                "lead": list(lead),
            }
            if support:
                task["support"] = list(support)
            deadline: PartialDate | None = None
            if when in vocab.TASK_RHYTHMS:
                task["rhythm"] = when
            else:
                year_key, month_day = when.split("-", 1)
                year = Y + (int(year_key[2:]) if "+" in year_key else 0)
                deadline = PartialDate.parse(f"{year}-{month_day}")
                task["deadline"] = deadline.iso()
            status = {"done": "已完成", "overdue": "推进中", "ongoing": "推进中", "new": "未开始"}[
                state
            ]
            task["status"] = status
            if state == "done" and deadline is not None:
                done_day = min(
                    deadline.start().toordinal() - rng.randint(0, 20), b.report_day.toordinal()
                )
                task["done"] = _ord_date(max(done_day, issued + 10))
            notes: list[dict[str, Any]] = []
            if state != "new":
                count = rng.randint(1, 3)
                first = issued + 15
                last = b.report_day.toordinal()
                if state == "done" and deadline is not None:
                    last = min(last, deadline.start().toordinal())
                days = sorted(rng.randint(first, max(first, last)) for _ in range(count))
                for day in days:
                    notes.append({"date": _ord_date(day), "text": rng.choice(NOTE_TEXTS) + "。"})
                if state == "overdue":
                    notes.append(
                        {
                            "date": _ord_date(last - rng.randint(0, 10)),
                            "text": rng.choice(INTERNAL_NOTES) + "。",
                            "internal": True,
                        }
                    )
                notes.sort(key=lambda note: note["date"])
            if notes:
                task["notes"] = notes
            linked = [target_ids[t] for t in targets if t in target_ids]
            if linked:
                task["targets"] = linked
            projects = [s.code for d in domains for s in by_domain.get(d, [])[:2]]
            if projects:
                task["projects"] = projects
            tasks.append(task)
        out.append({"number": number, "title": title, "tasks": tasks})
    return out


def _plans(b: _Builder, targets: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    Y = b.Y
    # Targets are linked by their slug without the year suffix.
    ids: dict[str, str] = {}
    for t in targets:
        slug = t["id"]
        for suffix in (f"-{Y}-{Y + 2}", f"-{Y}"):
            if slug.endswith(suffix):
                slug = slug[: -len(suffix)]
                break
        ids[slug] = t["id"]
    kuoda_issued = PartialDate(Y, 3, 18).start().toordinal()
    wen_issued = PartialDate(Y, 8, 26).start().toordinal()
    kuoda = {
        "id": "kuoda-youxiao-touzi",
        "title": f"示例县扩大有效投资三年攻坚行动方案（{Y}—{Y + 2}年）",
        "issuer": "示例县人民政府办公室",
        "date": f"{Y}-03-18",
        "doc_number": f"示政办发〔{Y}〕12号",
        "summary": (
            f"为积极扩大有效投资、优化投资结构，发挥投资对稳增长的关键作用，力争到{Y + 2}年全县"
            "重点项目累计完成投资目标任务。方案明确重点领域投资、投融资渠道、重大项目建设和要素保障等"
            "任务，逐项明确牵头和配合单位。"
        ),
        "sections": _plan_tasks(b, KUODA_SECTIONS, kuoda_issued, ids),
    }
    wen = {
        "id": "wenjingji-gongjian",
        "title": "示例县稳经济重要项目集中攻坚行动方案",
        "issuer": "示例县人民政府办公室",
        "date": f"{Y}-08-26",
        "doc_number": f"示政办〔{Y}〕35号",
        "summary": (
            "冲刺四季度、奋战全年红：推动政策性开发性金融工具项目、“三个一批”项目、省市重点项目、"
            "中央预算内投资和地方政府专项债券项目加快开工、加快建设、加快达效。"
        ),
        "sections": _plan_tasks(b, WENJINGJI_SECTIONS, wen_issued, ids),
    }
    return {"kuoda-youxiao-touzi": kuoda, "wenjingji-gongjian": wen}


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------

RECORD_HEADER = [
    "项目编号",
    "本月完成投资(万元)",
    "开工以来累计完成投资(万元)",
    "是否开工",
    "形象进度",
    "本月资金到位(万元)",
    "本月资金拨付(万元)",
]
PROBLEM_HEADER = [
    "问题编号",
    "项目编号",
    "提出日期",
    "问题类别",
    "问题描述",
    "责任单位",
    "协调层级",
    "办理状态",
    "解决日期",
    "是否公开",
]
_TOP_FILES = ("site.yaml", "units.yaml", "targets.yaml", "problems.csv")


def _clear(out: Path) -> None:
    """Remove what an earlier run wrote, so a smaller set leaves no stale files behind."""
    for name in _TOP_FILES:
        (out / name).unlink(missing_ok=True)
    for sub, suffix in (("projects", ".yaml"), ("progress", ".csv"), ("plans", ".yaml")):
        folder = out / sub
        if folder.is_dir():
            for path in folder.iterdir():
                if path.is_file() and path.suffix == suffix:
                    path.unlink()


def write_dataset(
    out: Path,
    n_projects: int,
    seed: int = 2025,
    months: int = 12,
    report_date: str = "2025-10-31",
    sample: bool = False,
) -> dict[str, int]:
    """Write a complete data directory to ``out``; return the counts written."""
    out = Path(out)
    b = _Builder(n_projects, seed, months, report_date, sample)
    b.build_projects()
    b.drop_late_reports()
    projects = {spec.code: b.render(spec) for spec in b.specs}
    problems = b.problems()
    tables = b.month_tables()
    targets = _targets(b)
    plans = _plans(b, targets)

    out.mkdir(parents=True, exist_ok=True)
    _clear(out)
    for sub in ("projects", "progress", "plans"):
        (out / sub).mkdir(exist_ok=True)
    site = {
        "region": REGION,
        "title": f"{REGION}重点项目建设信息公开",
        "report_date": b.report.iso(),
        "disclosure_threshold": int(THRESHOLD),
        "fiscal_sources": list(FISCAL_SOURCES),
        "lag_tolerance": 5,
        "big_project_threshold": 100000,
        "townships": [{"code": code, "name": name} for code, name in b.township_rows],
    }
    (out / "site.yaml").write_bytes(_dump_yaml(site))
    units = b.units()
    (out / "units.yaml").write_bytes(_dump_yaml(units))
    (out / "targets.yaml").write_bytes(_dump_yaml(targets))
    for code, data in projects.items():
        (out / "projects" / f"{code}.yaml").write_bytes(_dump_yaml(data))
    for month, rows in tables.items():
        (out / "progress" / f"{month}.csv").write_bytes(_csv_bytes(RECORD_HEADER, rows))
    (out / "problems.csv").write_bytes(_csv_bytes(PROBLEM_HEADER, problems))
    for plan_id, plan in plans.items():
        (out / "plans" / f"{plan_id}.yaml").write_bytes(_dump_yaml(plan))
    return {
        "projects": len(projects),
        "monthly_files": len(tables),
        "monthly_records": sum(len(rows) for rows in tables.values()),
        "problems": len(problems),
        "targets": len(targets),
        "plans": len(plans),
        "tasks": sum(len(s["tasks"]) for p in plans.values() for s in p["sections"]),
        "units": len(units),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.sample",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("out", type=Path, help="data directory to write")
    parser.add_argument("--n", type=int, required=True, help="number of projects")
    parser.add_argument(
        "--months", type=int, default=12, help="monthly files up to the report month"
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--report-date", default="2025-10-31")
    parser.add_argument("--sample", action="store_true", help="the shipped sample county")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    counts = write_dataset(
        args.out,
        args.n,
        seed=args.seed,
        months=args.months,
        report_date=args.report_date,
        sample=args.sample,
    )
    took = time.perf_counter() - began
    print(", ".join(f"{k} {v}" for k, v in counts.items()) + f" ({took:.1f}s)")
    return 0

