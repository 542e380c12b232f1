"""The catalogue of finding codes: every problem ``check`` can report, each written once.

A code is a stable kebab-case name (``unknown-unit``) that a clerk can look up on the
generated 校验提示代码 page. Each has a severity, a Chinese title, one message template
with named fields (``{got!r}`` is the value as typed), what to write instead, and an example
that renders the template at a plausible place. Findings, exceptions that become findings
(``CodedError``) and the page are all made from here, so the wording of a code lives in one
place. Template fields never use the names ``code``, ``file``, ``line``, ``field``, ``row``
or ``text_line``: those are the finding's own.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

Severity = Literal["error", "warning"]
RESERVED = frozenset({"code", "file", "line", "field", "row", "text_line"})


@dataclass(frozen=True)
class Example:
    """Where an example finding of a code stands, and the values that fill its template."""

    file: str
    line: int | None
    field: str = ""
    values: Mapping[str, Any] = dataclass_field(default_factory=dict)
    row: bool = False  # ``line`` is a table row number


def ex(file: str, line: int | None = None, field: str = "", *, row: bool = False,
       **values: Any) -> Example:
    return Example(file, line, field, values, row)


@dataclass(frozen=True)
class Code:
    name: str
    group: str  # the heading it is listed under on the page
    title: str
    template: str
    expected: str  # what the code means and what to write instead
    example: Example
    severity: Severity = "error"

    def render(self, values: Mapping[str, Any]) -> str:
        return self.template.format_map(values)

    def fields(self) -> set[str]:
        """The names the template needs."""
        return {name.split(".")[0].split("[")[0]
                for _, name, _, _ in string.Formatter().parse(self.template) if name}


class CodedError(ValueError):
    """A ValueError that names its code and the values of its message.

    Raised where a value is refused below the loader (a date, a model rule, a table cell);
    the loader turns it into a finding with the same code. ``str()`` is the message.
    """

    def __init__(self, code: str, /, **values: Any) -> None:
        self.code = code
        self.values = values
        super().__init__(render(code, values))

    @property
    def message(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        # The default rebuilds from ``args`` (the message); parse results are pickled.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[CodedError], args: tuple[Any, ...], state: dict[str, Any]) -> CodedError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def render(code: str, values: Mapping[str, Any]) -> str:
    """The message of ``code`` with ``values``; KeyError for a code not in the catalogue."""
    return CODES[code].render(values)


FILES = "文件和目录"
YAML = "YAML 文件"
TABLES = "表格文件 (CSV / xlsx)"
AMOUNTS = "表格中的金额"
FIELDS = "字段的取值"
RECORDS = "记录之间的核对"
MAP = "地图 (townships.geojson) 和项目位置"
GEO = "data/townships.geojson"

P1 = "data/projects/XC-001.yaml"
P2 = "data/projects/XC-002.yaml"
CSV = "data/progress/2025-03.csv"
XLSX = "data/progress/2025-02.xlsx"
PROBLEMS = "data/problems.csv"
PLAN = "data/plans/kuoda-youxiao-touzi.yaml"
PHOTO = "data/photos/XC-001/2025-03.jpg"
NUMBER_HINT = "填一个确定的数字, 以万元为单位, 如 1200、1200.5; 也可写 1.2亿元、3000万、12,345.6。"
ENCODING_HINT = "在 Excel 中“另存为”→“CSV UTF-8(逗号分隔)”, 整个表格一次导出。"

_CATALOGUE: tuple[Code, ...] = (
    # --- files and folders -----------------------------------------------------------------
    Code("no-data-dir", FILES, "数据目录不存在",
         "数据目录不存在 (expected a directory with site.yaml)",
         "检查命令中的 --data 路径: 应指向含有 site.yaml 的 data/ 目录。",
         ex("data")),
    Code("no-site-config", FILES, "缺少站点配置",
         "缺少站点配置文件 (expected site.yaml)",
         "data/ 下须有 site.yaml (地区名称、报告日期、乡镇名单等), 见数据填报说明。",
         ex("data/site.yaml")),
    Code("stray-file", FILES, "数据目录中的未知文件",
         "数据目录中的未知文件 (expected site.yaml, projects/, progress/, problems.csv, "
         "targets.yaml, plans/, units.yaml, photos/, townships.geojson)",
         "data/ 中只放规定的文件和目录; 说明、草稿等请放到别处, 以免被误认为数据。",
         ex("data/notes.txt")),
    Code("stray-project-file", FILES, "项目目录中的其他文件",
         "projects/ 中只能有 <项目编号>.yaml 文件",
         "projects/ 中每个项目一个 <项目编号>.yaml 文件, 不放子目录、Word 或其他文件。",
         ex("data/projects/XC-001.docx")),
    Code("stray-progress-file", FILES, "月度数据文件类型不对",
         "月度数据应为 .csv 或 .xlsx (got {name!r})",
         "progress/ 中只放月度调度表, 存为 2025-03.csv 或 2025-03.xlsx。",
         ex("data/progress/2025-03.txt", name="2025-03.txt")),
    Code("old-spreadsheet", FILES, "旧版表格格式",
         "月度数据应为 .csv 或 .xlsx (got {name!r}; .xls 请另存为 .xlsx 或 CSV)",
         "旧版 .xls、WPS .et、.ods 不能读取: 在 Excel 或 WPS 中另存为 .xlsx 或 CSV UTF-8。",
         ex("data/progress/2025-02.xls", name="2025-02.xls")),
    Code("stray-plan-file", FILES, "方案目录中的其他文件",
         "plans/ 中只能有 .yaml 文件",
         "plans/ 中每个行动方案一个 <方案编号>.yaml 文件; 方案原文请放到别处。",
         ex("data/plans/方案原文.docx")),
    Code("photo-format", FILES, "照片格式不对",
         "照片应为 jpg/png/webp",
         "photos/ 中只放 jpg、png 或 webp 图片; 其他格式请先转换。",
         ex("data/photos/XC-001/readme.txt")),
    Code("symlink", FILES, "符号链接",
         "不能是符号链接 (got a symlink; expected a regular file inside data/)",
         "把文件本身复制到 data/ 中, 不要用链接 (链接可能把 data/ 之外的文件带进站点)。",
         ex("data/projects/XC-003.yaml")),
    Code("too-large", FILES, "文件过大",
         "文件过大 (got {size_mb:.1f} MB, expected at most {limit_mb} MB)",
         "单个文件不超过 5 MB: 检查是否误存了图片或多余的工作表, 照片请压缩后放在 photos/。",
         ex("data/progress/2025-02.csv", size_mb=50.0, limit_mb=5)),
    Code("bad-project-filename", FILES, "项目文件名不是项目编号",
         "文件名不是有效项目编号 (got {got!r}, expected letters, digits and -)",
         "项目文件名为 <项目编号>.yaml, 编号只用字母、数字和 -, 如 SL-2025-001.yaml。",
         ex("data/projects/XC..003.yaml", got="XC..003")),
    Code("bad-month-filename", FILES, "月度文件名不是月份",
         "文件名应为月份 (got {got!r}, expected 2025-03.csv or 2025-03.xlsx)",
         "月度调度表以月份命名, 如 2025-03.csv; Excel 打开时生成的 ~$ 锁文件不要提交。",
         ex("data/progress/三月.csv", got="三月.csv")),
    Code("duplicate-month", FILES, "同一月份两个文件",
         "同一月份有两个文件 (also {other}; 只保留一个)",
         "每个月只保留一个文件 (csv 或 xlsx 之一), 删除另一个。",
         ex("data/progress/2025-3.csv", other="data/progress/2025-03.csv")),
    Code("code-mismatch", FILES, "项目编号与文件名不一致",
         "与文件名不一致 (got {got!r}, expected {expected!r})",
         "文件中的 code 须与文件名相同; 改编号时文件名一并修改。",
         ex("data/projects/XC-003.yaml", 1, "code(项目编号)", got="XC-004", expected="XC-003")),
    Code("duplicate-code", FILES, "项目编号重复",
         "项目编号重复 (also in {other})",
         "每个项目编号只能有一个文件; 删除重复的文件 (如同时有 .yaml 和 .yml)。",
         ex("data/projects/XC-001.yml", 1, "code(项目编号)", other=P1)),
    Code("not-a-file", FILES, "应为文件, 却是目录",
         "应为文件, 这里是{kind} (expected a regular file; 其中的内容没有读取)",
         "把这个目录改名或移出 data/, 在这里放入文件本身。",
         ex("data/units.yaml", kind="一个目录")),
    Code("not-a-folder", FILES, "应为目录, 却是文件",
         "应为目录, 这里是一个文件 (expected a folder of {content})",
         "删除或改名这个文件, 建立同名目录, 把数据文件放进去。",
         ex("data/projects", content="<项目编号>.yaml files")),
    Code("file-unreadable", FILES, "无法读取文件",
         "无法读取文件 ({detail})",
         "检查文件权限, 或重新复制这个文件; 仍不行时请报告给维护者。",
         ex("data/units.yaml", detail="Permission denied")),
    Code("reserved-name", FILES, "Windows 保留的名称",
         "{got!r} 是 Windows 保留的设备名, 不能用作文件名或编号 (CON, PRN, AUX, NUL, "
         "COM0–COM9, LPT0–LPT9, in any case, with or without an extension)",
         "换一个名称或编号 (如 CON 改为 CON-1 或 CG): 这些名称在 Windows 上不能成为文件或目录, "
         "内部站点的压缩包在 Windows 上也就无法解压。",
         ex("data/projects/CON.yaml", got="CON.yaml")),
    Code("unsafe-filename", FILES, "文件名中有不允许的字符",
         "文件名中不能有 {char} (got {got!r}; expected letters, digits, -, _ and .)",
         "重命名文件: 去掉 < > : \" \\ | ? * 、控制字符和看不见的字符 (如 U+202E, 常由复制粘贴带入)。",
         ex("data/photos/XC-001/现场?.jpg", char="'?'", got="现场?.jpg")),
    Code("filename-trailing-dot", FILES, "文件名以点或空格结尾",
         "文件名不能以点或空格结尾 (got {got!r}; Windows 会去掉结尾的点和空格, 成为另一个名称)",
         "去掉文件名或目录名结尾的点和空格。",
         ex("data/photos/XC-001.", got="XC-001.")),
    Code("path-case-collision", FILES, "文件名只有大小写不同",
         "与 {other} 只有大小写不同 (expected names that differ in more than case; "
         "在 Windows 上二者是同一个文件)",
         "删除其中一个, 或改名使两者不只是大小写不同; 在 Windows 上只会剩下一个。",
         ex("data/photos/XC-001/a.jpg", other="data/photos/XC-001/A.jpg")),
    Code("photo-too-large", FILES, "照片文件过大",
         "照片文件过大 (got {size_mb:.1f} MB, expected at most {limit_mb} MB)",
         "用手机或电脑的“压缩/调整大小”把照片缩到长边 4000 像素以内, 一般 2–5 MB。",
         ex(PHOTO, size_mb=48.2, limit_mb=10)),
    Code("photo-not-image", FILES, "照片文件不是图片",
         "文件内容不是图片 (expected a jpg, png or webp image for {suffix!r})",
         "放入照片文件本身; 说明文字写在项目文件的 caption 中, 不要改扩展名冒充图片。",
         ex(PHOTO, suffix=".jpg")),
    Code("photo-mismatch", FILES, "照片格式与扩展名不符",
         "图片格式与扩展名不符 (got {got} content, expected {expected} for {suffix!r})",
         "把扩展名改成与内容相符 (如 .png), 项目文件中的路径一并修改; 或另存为所写格式。",
         ex(PHOTO, got="PNG", expected="JPEG", suffix=".jpg")),
    Code("photo-damaged", FILES, "照片不完整或已损坏",
         "图片不完整或已损坏 (got {format} data that cannot be decoded)",
         "上传中断或文件损坏: 从原始照片重新导出一份再提交。",
         ex(PHOTO, format="JPEG")),
    Code("photo-too-many-pixels", FILES, "照片像素过多",
         "照片像素过多 (got {got}, expected at most {limit} pixels)",
         "把照片缩小到长边 4000 像素以内再提交 (像素过多的文件解码时会耗尽内存)。",
         ex(PHOTO, got="20000×20000", limit=50000000)),
    # --- YAML --------------------------------------------------------------------------------
    Code("yaml-encoding", YAML, "YAML 文件不是 UTF-8",
         "YAML 文件须为 UTF-8 编码 (got bytes that are not UTF-8, perhaps GBK; 请用 UTF-8 保存)",
         "用编辑器以 UTF-8 编码重新保存 (记事本: 另存为 → 编码选 UTF-8)。",
         ex(P2, 2)),
    Code("yaml-syntax", YAML, "YAML 格式错误",
         "YAML 格式错误: {problem}",
         "检查所指行及上一行: 缩进用空格不用 Tab, 冒号后加空格, 引号和括号成对。",
         ex(P1, 15, problem="did not find expected key")),
    Code("yaml-unreadable-value", YAML, "无法读取的值",
         "YAML 格式错误: 无法读取的值 (got {got!r}; 若是文字请加引号)",
         "YAML 无法构造这个值 (值只按十进制读数字, 现在只在 PyYAML 版本不同时可能出现): "
         "加引号写成文字; 仍出现时请把这一行报告给维护者。",
         ex(P1, 4, got="0x_")),
    Code("yaml-tag", YAML, "YAML 标签",
         "不支持 YAML 标签 (got {tag}; 数据文件只写文字、数字、列表和键值)",
         "删除以 ! 开头的标签, 直接写值。",
         ex(P2, 13, tag="!!python/object/apply:os.system")),
    Code("yaml-alias", YAML, "YAML 别名",
         "不支持 YAML 别名 (got *{anchor}; 请直接写出内容, 不用 & 和 *)",
         "不用 &锚点 和 *引用 (包括 <<: 合并), 把内容逐项写出。",
         ex(P2, 4, anchor="base")),
    Code("yaml-too-deep", YAML, "嵌套层数过多",
         "嵌套层数过多 (expected at most {limit} levels)",
         "数据文件的层次很浅; 检查是否多了括号或缩进。",
         ex(P2, 13, limit=30)),
    Code("yaml-empty", YAML, "YAML 文件为空",
         "文件为空 (expected YAML content)",
         "填写内容, 或删除这个文件。",
         ex(P2)),
    Code("duplicate-key", YAML, "字段重复",
         "字段重复 (expected each key once)",
         "同一层中每个字段只写一次; 删除或合并重复的一行。",
         ex(P1, 4, "name")),
    Code("yaml-bad-character", YAML, "不允许的字符",
         "YAML 文件含有不允许的字符 {char} (column {column}; expected visible text, "
         "多为复制粘贴带入的控制字符, 请删除)",
         "控制字符 (如 ESC) 看不见, 常随网页或终端中的文字一起粘贴进来: 在编辑器中把光标移到"
         "所指的行和列, 删除它后重新输入这段文字。",
         ex(P2, 2, char="U+001B", column=9)),
    Code("yaml-control-escape", YAML, "转义写出的控制字符",
         "双引号中的转义写出了控制字符 {char} (column {column}; expected visible text, "
         "删除 \\x1b、\\0 这样的转义)",
         "双引号中的 \\x1b、\\0、\\a 等转义会写出看不见的控制字符, 进入网页和导出文件: "
         "删除这些转义; 需要换行时写 \\n 或改用 | 多行文字。",
         ex(P2, 2, char="U+001B", column=7)),
    # --- tables ------------------------------------------------------------------------------
    Code("csv-utf16", TABLES, "UTF-16 编码",
         "文件是 UTF-16 编码 (Excel“Unicode 文本”); 请另存为“CSV UTF-8(逗号分隔)”",
         ENCODING_HINT, ex(CSV)),
    Code("csv-nul-bytes", TABLES, "文件含有空字节",
         "文件含有空字节, 不是文本 CSV (expected UTF-8 or GBK text)",
         "这不是文本文件 (可能是改了扩展名的表格): " + ENCODING_HINT, ex(CSV, 4)),
    Code("bom-not-utf8", TABLES, "UTF-8 标记后不是 UTF-8",
         "文件以 UTF-8 标记开头, 但第 {bad_line} 行不是 UTF-8 (mixed encodings; "
         "请在 Excel 中整表另存为“CSV UTF-8”)",
         "文件由两种编码拼成: " + ENCODING_HINT, ex(CSV, 1, bad_line=1)),
    Code("mixed-encodings", TABLES, "混用两种编码",
         "文件混用了两种编码: 第 {utf8_line} 行是 UTF-8, 第 {bad_line} 行不是 (mixed "
         "encodings; 请在 Excel 中整表另存为“CSV UTF-8”)",
         "不要把不同来源的表格文本直接拼接: " + ENCODING_HINT,
         ex(CSV, 2, utf8_line=1, bad_line=2)),
    Code("unknown-encoding", TABLES, "无法识别编码",
         "无法识别文件编码 (line {bad_line}; expected UTF-8 or GBK/GB18030)",
         "只接受 UTF-8 和 GBK 编码: " + ENCODING_HINT, ex(CSV, 2, bad_line=2)),
    Code("csv-separator", TABLES, "分隔符不是逗号",
         "分隔符应为逗号 (got tabs or semicolons; 请在 Excel 中另存为 CSV)",
         "CSV 用逗号分隔各列; 制表符或分号分隔的文本请在 Excel 中另存为 CSV。",
         ex(CSV, 1, row=True)),
    Code("csv-unclosed-quote", TABLES, "引号未闭合",
         '引号未闭合 (a cell in this row opens " and the file ends before it is closed)',
         "单元格中的英文双引号要成对; 最好在 Excel 中编辑后重新导出, 不要手改 CSV。",
         ex(CSV, 2, row=True)),
    Code("csv-syntax", TABLES, "CSV 格式错误",
         "CSV 格式错误 (line {at_line}: {detail})",
         "在 Excel 中打开并重新另存为 CSV UTF-8, 不要手改 CSV。",
         ex(CSV, 3, row=True, at_line=3, detail="new-line character seen in unquoted field")),
    Code("table-empty", TABLES, "表格为空",
         "文件为空 (expected a header row and data rows)",
         "第 1 行为列名, 其下每行一个项目; 没有数据的月份不要提交文件。",
         ex(CSV)),
    Code("header-blank", TABLES, "第 1 行是空行",
         "第 1 行应为表头, 但是空行 (expected column names in row 1)",
         "删除表头上方的空行, 让列名在第 1 行。",
         ex(CSV, 1, row=True)),
    Code("header-is-title", TABLES, "第 1 行是标题",
         "第 1 行应为表头, 看起来是标题 (got {got!r}; 请删除标题行, 让列名在第 1 行)",
         "删除表格上方的大标题行, 让列名在第 1 行。",
         ex(CSV, 1, row=True, got="2025年3月重点项目调度表")),
    Code("too-many-columns", TABLES, "列数过多",
         "列数过多 (got {count}, expected at most {limit})",
         "只保留调度表规定的列 (见数据填报说明)。",
         ex(CSV, 1, row=True, count=250, limit=200)),
    Code("too-many-rows", TABLES, "行数过多",
         "行数过多 (expected at most {limit} rows)",
         "每个项目每月一行; 检查是否多出了大量空行或粘贴了其他表格。",
         ex(CSV, 20001, row=True, limit=20000)),
    Code("unknown-column", TABLES, "未知列名",
         "未知列名 (column {column}; expected one of {known})",
         "列名用英文名或中文名 (见数据填报说明); 多余的列 (如联系人) 请删除。",
         ex(CSV, 1, "联系人", row=True, column="F",
            known="project/项目编号、completed/本月完成投资(万元)")),
    Code("column-unit", TABLES, "列的单位不对",
         "列的单位不对 (column {column}: got {got}, expected {expected}; 请换算后填写)",
         "金额列以万元为单位: 把列中的数换算为万元, 列名改为 (万元)。",
         ex(CSV, 1, "本月完成投资(亿元)", row=True, column="B", got="亿元", expected="万元")),
    Code("duplicate-column", TABLES, "列重复",
         "列重复 (columns {first} and {second} are both {name})",
         "同一列只出现一次; 删除重复的一列。",
         ex(CSV, 1, "completed", row=True, first="B", second="F", name="completed")),
    Code("missing-column", TABLES, "缺少必需的列",
         "缺少必需的列 (expected a column with this header)",
         "加上这一列 (列名见数据填报说明)。",
         ex(CSV, 1, "completed(本月完成投资(万元))", row=True)),
    Code("unnamed-column-data", TABLES, "无列名的列中有数据",
         "无列名的列中有数据 (got {got!r}; 请补上列名或删除)",
         "表头以外的列不会读入: 给这一列补上规定的列名, 或删除其中的内容。",
         ex(CSV, 3, "G列", row=True, got="备注在这里")),
    Code("xlsx-not-a-workbook", TABLES, "不是 xlsx 文件",
         "不是有效的 xlsx 文件 (expected an Excel 2007+ workbook; .xls 请另存为 .xlsx 或 CSV)",
         "在 Excel 中另存为“Excel 工作簿 (*.xlsx)”, 不要只改扩展名。",
         ex(XLSX)),
    Code("xlsx-too-large", TABLES, "xlsx 解压后过大",
         "xlsx 解压后过大 (got {size_mb:.0f} MB in {parts} parts, expected at most {limit_mb} MB)",
         "删除多余的工作表和图片, 或改交 CSV。",
         ex(XLSX, size_mb=40, parts=1, limit_mb=30)),
    Code("xlsx-unreadable", TABLES, "无法读取 xlsx",
         "无法读取 xlsx 文件 ({detail})",
         "在 Excel 中打开并重新保存; 仍不行时另存为 CSV UTF-8。",
         ex(XLSX, detail="KeyError: 'xl/workbook.xml'")),
    Code("xlsx-merged-cells", TABLES, "合并单元格",
         "表中有合并单元格 {cells} (expected one value per cell; 请取消合并并逐行填写)",
         "取消合并, 每行都填完整 (合并后只有第一行有值)。",
         ex(XLSX, 2, row=True, cells="A2:A3")),
    Code("xlsx-formula-no-value", TABLES, "公式没有计算结果",
         "单元格 {cell} 的公式没有计算结果 (got {formula!r}; 请在 Excel 中打开并保存, 或改为数值)",
         "在 Excel 中打开并保存一次 (会写入计算结果), 或把公式改为数值。",
         ex(XLSX, 2, row=True, cell="B2", formula="=200+300")),
    Code("xlsx-extra-sheet", TABLES, "其他工作表被忽略",
         "只读取第 1 行是表头的工作表 {sheet!r}; 工作表 {other!r} 中的内容被忽略",
         "数据放在一个工作表中, 第 1 行为表头; 说明等其他工作表不会读入, 不需要时可删除。",
         ex(XLSX, sheet="Sheet", other="说明"), "warning"),
    Code("xlsx-hidden-sheet", TABLES, "隐藏工作表被忽略",
         "隐藏的工作表 {other!r} 中有内容, 不会读入 (只读取可见的工作表 {sheet!r})",
         "隐藏的工作表从不读入 (看不见的内容不能报送): 需要其中的数据就取消隐藏并移到数据"
         "工作表, 不需要时删除。",
         ex(XLSX, sheet="Sheet1", other="旧数据"), "warning"),
    Code("xlsx-no-visible-sheet", TABLES, "数据在隐藏的工作表中",
         "可见的工作表都是空的; 有内容的工作表 {sheets} 是隐藏的 (expected the data in a "
         "visible sheet; 隐藏的工作表不会读入)",
         "在 Excel 中右键工作表标签 → 取消隐藏, 或把数据复制到可见的工作表。",
         ex(XLSX, sheets="'Sheet2'")),
    Code("xlsx-several-sheets", TABLES, "多个工作表都可能是数据",
         "无法确定读哪个工作表: 可见的工作表 {sheets} 都有内容 (expected exactly one "
         "visible sheet with the header in row 1)",
         "只读取可见的、第 1 行是表头的那一个工作表: 数据合并到一个工作表; 说明页可以保留 "
         "(第 1 行不写列名), 旧月份的表请删除。",
         ex(XLSX, sheets="'3月'、'4月'")),
    Code("xlsx-too-complex", TABLES, "xlsx 内容过多",
         "xlsx 文件内容过多: {where} 中有 {count} 个 XML 标记 (expected at most {limit}; 常是"
         "整行整列设了格式、大量空行或复制来的样式)",
         "选中数据以下的空行和右侧的空列 → 删除, 清除多余的格式后另存; 仍不行时改交 CSV。",
         ex(XLSX, where="整个文件", count=2000000, limit=1000000)),
    Code("xlsx-cell-out-of-range", TABLES, "表格范围外有内容",
         "单元格 {cell} 有内容, 超出可读取的范围 A1:{corner} (expected at most {rows} rows "
         "and {columns} columns; 请删除范围外的内容)",
         "数据只能在前 20000 行、前 200 列中; 远处单元格中的内容 (常是误输入的空格或公式) "
         "请删除, 或按 Ctrl+End 找到它。",
         ex(XLSX, 5, row=True, cell="XFD5", corner="GR20000", rows=20000, columns=200)),
    Code("xlsx-percent-format", TABLES, "百分比格式",
         "单元格 {cell} 是百分比格式: Excel 显示 {shown}, 单元格中存的是 {got} (expected a "
         "plain number; 请把单元格格式设为“常规”或“数值”后重新填写)",
         "百分数不是金额: 金额列填以万元为单位的数; 文字列中的百分数请先把单元格设为“文本”"
         "格式再输入。",
         ex(XLSX, 3, "completed(本月完成投资(万元))", row=True, cell="B3", shown="50%",
            got="0.5")),
    Code("xlsx-scaled-format", TABLES, "缩小显示的格式",
         "单元格 {cell} 的格式 {number_format!r} 把存的数缩小 {factor} 倍显示 (got {got}; "
         "读入的是存的数, 不是显示的数; 请把格式设为“常规”或“数值”)",
         "0,\"千\" 或 0!.0,\"万\" 这类格式只改变显示, 单元格中存的仍是原数: 把格式设为“常规”, "
         "按万元填写。",
         ex(XLSX, 3, "completed(本月完成投资(万元))", row=True, cell="B3",
            number_format='0!.0,"万"', factor=1000, got="123456")),
    Code("xlsx-format-text", TABLES, "格式中附加了文字",
         "单元格 {cell} 的格式 {number_format!r} 显示了单元格中没有的文字 {text!r} (got "
         "{got}; 读入的只是单元格中的数)",
         "格式中的文字 (如“元”“亿”“是/否”“XC-”) 不会读入, 读入的数与显示的不符: 把格式设为"
         "“常规”, 文字直接写进单元格; 金额列以万元为单位, 格式中可以有“万元”。",
         ex(XLSX, 3, "completed(本月完成投资(万元))", row=True, cell="B3",
            number_format='0"元"', text="元", got="6000000")),
    Code("table-no-rows", TABLES, "只有表头",
         "只有表头, 没有数据行 (expected one row per project under the header)",
         "在表头下每个项目填一行; 本月没有数据时不要提交这个文件。",
         ex(CSV), "warning"),
    Code("csv-big5", TABLES, "Big5 繁体编码",
         "文件看来是 Big5 (繁体中文) 编码, 第 {bad_line} 行按 GBK 读出的是乱码 (expected UTF-8 "
         "or GBK; 请另存为“CSV UTF-8”)",
         "繁体中文 Windows 上的 Excel 存出的 CSV 是 Big5 编码: " + ENCODING_HINT,
         ex(CSV, 1, bad_line=1)),
    Code("csv-garbled", TABLES, "文字像是乱码",
         "按 GBK 读出的文字多是生僻字或外文字母, 像是乱码 (line {bad_line}: got {got!r}; expected UTF-8 "
         "or GBK text)",
         "文件的编码不是 UTF-8 或 GBK (可能是 Big5、日文或其他编码), 或者文字已经是乱码: "
         + ENCODING_HINT,
         ex(CSV, 1, bad_line=1, got="兜ヘ絪腹,セるЧΘщ戈")),
    Code("yaml-utf16", YAML, "YAML 文件是 UTF-16",
         "YAML 文件是 UTF-16 编码 (记事本的“Unicode”); 请另存为 UTF-8",
         "记事本: 另存为 → 编码选 UTF-8; 其他编辑器也选 UTF-8 (不要选 UTF-16 或 Unicode)。",
         ex(P2)),
    Code("findings-capped", FILES, "同类问题过多",
         "另有 {count} 处 [{capped}] 未逐一列出 (each file lists the first {limit} of each code)",
         "先改正已列出的问题 (常是同一原因, 如整列格式不对或粘贴错位), 再运行检查看其余。",
         ex(CSV, 102, row=True, count=19898, capped="not-a-number", limit=100)),
    Code("warnings-capped", FILES, "同类提示过多",
         "另有 {count} 处 [{capped}] 提示未逐一列出 (each file lists the first {limit} of each "
         "code)",
         "先处理已列出的提示, 再运行检查看其余。",
         ex(P1, 30, count=5, capped="started-without-date", limit=100), "warning"),
    # --- amounts in tables -------------------------------------------------------------------
    Code("amount-placeholder", AMOUNTS, "占位符不是数字",
         "不是数字 (got {got!r}; 没有数据请留空, 为零请填 0)",
         "没有数据的单元格留空, 为零填 0; 不写 —、/、无 等符号。",
         ex(CSV, 2, "completed(本月完成投资(万元))", row=True, got="—")),
    Code("amount-scientific", AMOUNTS, "科学计数法",
         "科学计数法不能确定原数 (got {got!r}; 在 Excel 中把单元格设为“数值”格式后重新导出)",
         "1.2E+04 可能是四舍五入后的显示: 把单元格格式设为“数值”后重新导出。",
         ex(CSV, 3, "completed(本月完成投资(万元))", row=True, got="1.2e4")),
    Code("amount-approximate", AMOUNTS, "不是确定的数字",
         "不是确定的数字 (got {got!r}, expected one number such as 1200 or 1.2亿元)",
         "填一个确定的数, 不写约、左右、以上或 500-600 这样的范围。",
         ex(CSV, 2, "completed(本月完成投资(万元))", row=True, got="约500")),
    Code("amount-unit", AMOUNTS, "金额单位不对",
         "单位须为万元或亿元 (got {got!r}; 数据以万元为单位, 请换算后填写)",
         "金额以万元为单位; 以元或千元计的数请换算为万元。",
         ex(CSV, 2, "completed(本月完成投资(万元))", row=True, got="6000000元")),
    Code("amount-comma", AMOUNTS, "逗号位置不对",
         "逗号位置不对, 无法确定数值 (got {got!r}; 千分位应为 1,234 或不用逗号, 小数点用 .)",
         "千分位逗号每三位一个 (1,234), 或不用逗号; 小数点用英文句点。",
         ex(CSV, 2, "completed(本月完成投资(万元))", row=True, got="1,2")),
    # --- field values ------------------------------------------------------------------------
    Code("missing-field", FIELDS, "缺少必填字段",
         "缺少必填字段 (expected a value)",
         "补上这个字段 (必填字段见数据填报说明); 若已填写, 检查字段名拼写和缩进。",
         ex(P2, 1, "owner(业主单位)")),
    Code("unknown-field", FIELDS, "未知字段",
         "未知字段 (got {got!r}; 检查拼写, 允许的字段见数据填报说明)",
         "字段名拼错或缩进错了层; 按数据填报说明中的字段名改正。",
         ex(P2, 6, "townshp", got="新镇")),
    Code("not-allowed-value", FIELDS, "取值不在允许范围",
         "取值不在允许范围 (got {got!r}, expected one of {allowed})",
         "从列出的取值中选一个, 一字不差。",
         ex(P2, 3, "level(项目级别)", got="重点", allowed="'省重点', '市重点' or '县重点'")),
    Code("below-minimum", FIELDS, "数值过小",
         "不能小于 {limit} (got {got!r})",
         "金额、比例等不能为负数; 冲减请在备注中说明。",
         ex(P2, 10, "total_investment(总投资(万元))", limit=0.0, got=-30000)),
    Code("above-maximum", FIELDS, "数值过大",
         "不能大于 {limit} (got {got!r})",
         "填写允许范围内的数, 如百分点不超过 100。",
         ex("data/site.yaml", 6, "lag_tolerance(滞后容差(百分点))", limit=100.0, got=150)),
    Code("not-a-number", FIELDS, "应为数字",
         "应为数字 (got {got!r}, expected a number such as 1200 or 1.2亿元)",
         NUMBER_HINT,
         ex(P2, 10, "total_investment(总投资(万元))", got="三亿元")),
    Code("not-finite", FIELDS, "应为有限数字",
         "应为有限数字 (got {got!r}, expected a number such as 1200)",
         "inf、nan 不是金额: " + NUMBER_HINT,
         ex(P2, 10, "total_investment(总投资(万元))", got=float("inf"))),
    Code("not-yes-no", FIELDS, "应为是/否",
         "应为是/否 (got {got!r}, expected true/false or 是/否)",
         "填 true 或 false, 也可填 是 或 否; 不用 yes/no/on/off (不同的 YAML 版本读法不同)。",
         ex(P2, 9, "government_invested(政府投资项目)", got="部分")),
    Code("not-text", FIELDS, "应为文字",
         "应为文字 (got {got!r}, expected text)",
         "这里填一段文字; 以数字开头的文字可加引号。",
         ex(P2, 7, "owner(业主单位)", got=2025)),
    Code("text-too-long", FIELDS, "文字过长",
         "文字过长 (got {length} characters, expected at most {limit})",
         "精简文字; 详细材料不放进数据文件。",
         ex(P1, 2, "name(项目名称)", length=250, limit=200)),
    Code("text-too-short", FIELDS, "文字过短",
         "文字过短 (got {got!r}, expected at least {limit} characters)",
         "写完整的名称。",
         ex(P1, 2, "name(项目名称)", got="水", limit=2)),
    Code("too-few-items", FIELDS, "项数不足",
         "至少需要 {limit} 项 (got {count})",
         "列表至少填一项 (如每项任务至少一个牵头单位)。",
         ex(PLAN, 12, "sections[0].tasks[0].lead(牵头单位)", limit=1, count=0)),
    Code("bad-format", FIELDS, "格式不对",
         "格式不对 (got {got!r}, expected pattern {pattern})",
         "编号只用字母、数字和 -; 照片路径写成 photos/项目编号/文件名.jpg。",
         ex(P2, 1, "code(项目编号)", got="XC/002", pattern="^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")),
    Code("not-a-list", FIELDS, "应为列表",
         "应为列表 (got {got!r}, expected a list: - item)",
         "每项单独一行, 以 - 开头 (或写成 [a, b])。",
         ex(P2, 13, "funding(资金来源)", got=30000)),
    Code("not-a-mapping", FIELDS, "应为键值结构",
         "应为键值结构 (got {got!r}, expected key: value pairs)",
         "每行写 字段名: 值; 检查是否多写了 - 或缩进错了层。",
         ex(P2, 1, got=[{"code": "XC-002"}, {"name": "x"}])),
    Code("bad-date", FIELDS, "不是有效日期",
         "不是有效日期 (got {got!r}, expected 2025-03-15, 2025-03 or 2025年3月15日)",
         "写 2025-03-15、2025-3-15、2025年3月15日; 只到月份写 2025-03 或 2025年3月。",
         ex(P1, 21, "dates.actual_start(实际开工)", got="2025-02-30")),
    Code("bad-year", FIELDS, "年份不合理",
         "年份不合理 (got {year}, expected 2000–2100)",
         "年度计划按 年份: 金额 填写, 年份为四位数, 如 2025: 5000。",
         ex(P2, 11, "annual_plan(年度计划投资(万元))", year=1925)),
    Code("withhold-reason-missing", FIELDS, "不公开须写理由",
         "public: false 时须填写不公开理由 withhold_reason",
         "写明不公开的理由 (withhold_reason), 或删除 public: false。",
         ex(P2, 1)),
    Code("approval-done-missing", FIELDS, "已办结须填办结日期",
         "办理状态为“已办结”时须填写办结日期 done",
         "填写办结日期 done, 或把状态改为办理中。",
         ex(P1, 27, "approvals[0]")),
    Code("approval-done-not-finished", FIELDS, "未办结却有办结日期",
         "填写了办结日期，但办理状态是“{status}” (expected 已办结)",
         "已办结的把状态改为已办结; 未办结的删除办结日期。",
         ex(P1, 27, "approvals[0]", status="办理中")),
    Code("resolved-date-missing", FIELDS, "已解决须填解决日期",
         "办理状态为“已解决”时须填写解决日期",
         "填写解决日期, 或把办理状态改为协调中。",
         ex(PROBLEMS, 2, row=True)),
    Code("resolved-before-raised", FIELDS, "解决日期早于提出日期",
         "解决日期 {resolved} 早于提出日期 {raised}",
         "核对两个日期。",
         ex(PROBLEMS, 2, row=True, resolved="2025-01-05", raised="2025-02-10")),
    Code("bad-value", FIELDS, "其他取值错误",
         "{detail} (got {got!r})",
         "按数据填报说明中该字段的写法改正; 仍不明白时请把这一行报告给维护者。",
         ex(P2, 10, "total_investment(总投资(万元))", detail="Input should be a valid number",
            got="?")),
    Code("number-not-decimal", FIELDS, "数字应写十进制",
         "应写十进制数字 (got {got!r}; 写 {write})",
         "YAML 会把 0 开头的数当作八进制 (0631 读作 409), 下划线、+ 号、指数等写法也会被改读: "
         "数字只写成 631、631.5、-12 这样, 不加前导 0、+、_ 或 e。",
         ex(P2, 10, "total_investment(总投资(万元))", got="030000", write="30000")),
    Code("number-notation", FIELDS, "数字不是十进制写法",
         "应写十进制数字 (got {got!r}, expected a plain number such as 631 or 631.5; "
         "不用 0x、0o、0b、冒号或指数)",
         "0x16C0 (十六进制)、0o17 (八进制)、0b101 (二进制)、1:30 (六十进制) 在 YAML 中"
         "会被换算成另一个数: 直接写十进制数。",
         ex(P2, 10, "total_investment(总投资(万元))", got="1:30")),
    Code("amount-too-large", FIELDS, "金额超过上限",
         "金额过大 (got {got!r}, expected at most {limit} 万元, 即 10 万亿元; "
         "金额以万元为单位)",
         "金额以万元为单位, 不超过 1000000000 (10 万亿元); 超过的多半是按元填写的, "
         "请除以 10000。",
         ex(P2, 10, "total_investment(总投资(万元))", got=3000000000000, limit=1000000000)),
    Code("date-out-of-range", FIELDS, "日期年份不合理",
         "日期超出合理范围 (got {got!r}, expected a year from {low} to {high})",
         "检查年份是否打错 (如 0205、2205、9999): 日期的年份在 1949 到 2100 之间。",
         ex(P1, 22, "dates.planned_completion(计划竣工)", got="9999-12", low=1949,
            high=2100)),
    # --- across records ----------------------------------------------------------------------
    Code("duplicate-township", RECORDS, "乡镇重复",
         "乡镇重复 (got {got!r})",
         "site.yaml 的乡镇名单中, 每个乡镇的名称和代码各只出现一次。",
         ex("data/site.yaml", 8, "townships", got="新镇")),
    Code("duplicate-alias", RECORDS, "单位名称重复",
         "名称 {name!r} 同时属于 {first} 和 {second} (expected one unit per name)",
         "一个名称 (全称或简称) 只能属于一个单位; 从其中一个单位删去。",
         ex("data/units.yaml", None, "aliases", name="财政局", first="czj", second="fgj")),
    Code("unknown-township", RECORDS, "乡镇未登记",
         "不是已登记的乡镇 (got {got!r}, expected one of {allowed}; 见 site.yaml townships)",
         "填写 site.yaml 乡镇名单中的名称, 一字不差; 新乡镇先在名单中登记。",
         ex(P2, 6, "township", got="老镇", allowed="城关镇、新镇")),
    Code("unknown-unit", RECORDS, "单位未登记",
         "不是已登记的单位 (got {got!r}; 在 units.yaml 中登记或改用已有名称)",
         "填写 units.yaml 中登记的全称或简称; 新单位先在 units.yaml 中登记。",
         ex(P2, 8, "department", got="示例县农业农村局")),
    Code("funding-above-total", RECORDS, "资金来源超过总投资",
         "资金来源合计 {funded} 万元超过总投资 {total} 万元",
         "核对各项资金来源和总投资 (均以万元计); 总投资调整后一并修改。",
         ex(P1, 12, "funding", funded="22000", total="12000")),
    Code("annual-plan-above-total", RECORDS, "年度计划超过总投资",
         "{year}年计划投资 {amount} 万元超过总投资 {total} 万元",
         "核对年度计划投资和总投资 (均以万元计)。",
         ex(P2, 12, "annual_plan[2025]", year=2025, amount="60000", total="30000")),
    Code("completion-before-start", RECORDS, "竣工早于开工",
         "{kind}竣工早于{kind}开工 (got {start} → {completion})",
         "核对开工和竣工日期, 竣工不能早于开工。",
         ex(P1, 22, "dates.planned_completion", kind="计划", start="2024-05",
            completion="2024-01")),
    Code("actual-date-in-future", RECORDS, "实际日期晚于报告日期",
         "实际日期晚于报告日期 (got {got}, report date {report_date})",
         "实际开工、竣工日期只填已发生的; 尚未发生的填在计划日期中。",
         ex(P1, 21, "dates.actual_start", got="2025-06-01", report_date="2025-03-31")),
    Code("started-without-date", RECORDS, "已开工未填开工日期",
         "阶段为“{stage}”但未填实际开工日期",
         "补填 dates.actual_start, 或核对建设阶段。",
         ex(P2, 5, "dates.actual_start", stage="续建"), "warning"),
    Code("start-date-but-not-started", RECORDS, "有开工日期但阶段未开工",
         "已填实际开工日期, 但阶段仍为“{stage}”",
         "把建设阶段改为新开工或续建, 或核对实际开工日期。",
         ex(P2, 5, "stage", stage="前期"), "warning"),
    Code("photo-missing", RECORDS, "照片文件不存在",
         "照片文件不存在 (got {got!r}, expected a file under data/photos/)",
         "把照片放到 data/photos/ 下所写的位置, 或改正路径 (区分大小写)。",
         ex(P1, 25, "photos[0].file", got="photos/XC-001/2025-03.jpg")),
    Code("month-in-future", RECORDS, "月份晚于报告日期",
         "月份晚于报告日期 (got {month}, report date {report_date})",
         "先在 site.yaml 中更新报告日期, 或检查文件名中的月份。",
         ex("data/progress/2025-04.csv", month="2025-04", report_date="2025-03-31")),
    Code("unknown-project", RECORDS, "项目不存在",
         "项目不存在 (got {got!r}, expected a code in data/projects/)",
         "填写 data/projects/ 中已有的项目编号; 新项目先建项目文件。",
         ex(CSV, 3, "project(项目编号)", row=True, got="XC-999")),
    Code("duplicate-row", RECORDS, "同一项目本月重复填报",
         "同一项目本月重复填报 (also row {other})",
         "每个项目每月一行; 删除或合并重复的行。",
         ex(CSV, 4, "project(项目编号)", row=True, other=2)),
    Code("cumulative-decrease", RECORDS, "累计完成投资减少",
         "累计完成投资减少 (got {got}, previous month {previous})",
         "开工以来累计数只增不减; 核对本月和上月的累计数, 上月有误时改正上月的表。",
         ex(CSV, 2, "cumulative(开工以来累计完成投资(万元))", row=True, got="5600",
            previous="6000")),
    Code("cumulative-above-total", RECORDS, "累计完成投资超过总投资",
         "累计完成投资 {total} 万元超过总投资 {limit} 万元",
         "核对本月完成投资 (万元) 和项目总投资; 总投资调整后先修改项目文件。",
         ex(CSV, 2, "completed(本月完成投资(万元))", row=True, total="12500", limit="12000")),
    Code("duplicate-problem-id", RECORDS, "问题编号重复",
         "问题编号重复 (got {got!r})",
         "每个问题一个编号; 同一问题只保留一行, 新问题另编号。",
         ex(PROBLEMS, 3, "id(问题编号)", row=True, got="P-001")),
    Code("raised-after-report-date", RECORDS, "提出日期晚于报告日期",
         "晚于报告日期 (got {got})",
         "核对提出日期; 报告日期以后提出的问题下月再报。",
         ex(PROBLEMS, 2, "raised(提出日期)", row=True, got="2025-05-01")),
    Code("duplicate-target-id", RECORDS, "目标编号重复",
         "目标编号重复 (got {got!r})",
         "targets.yaml 中每个目标的 id 不同。",
         ex("data/targets.yaml", 9, "id", got="key-investment-2025")),
    Code("duplicate-plan-id", RECORDS, "方案编号重复",
         "方案编号重复 (got {got!r}, also in {other})",
         "每个行动方案的 id 不同, 通常与文件名一致; 复制来的方案改用新的 id。",
         ex("data/plans/copy.yaml", 1, "id", got="kuoda-youxiao-touzi", other=PLAN)),
    Code("duplicate-task-number", RECORDS, "任务编号重复",
         "任务编号重复 (got {got!r})",
         "同一方案中每项任务的编号不同, 沿用文件原编号, 如 二(一)3。",
         ex(PLAN, 30, "number", got="二(一)1")),
    Code("unknown-target", RECORDS, "目标不存在",
         "目标不存在 (got {got!r})",
         "填写 targets.yaml 中已有的目标 id。",
         ex(PLAN, 20, "targets", got="key-investment-2030")),
    Code("task-without-deadline", RECORDS, "任务缺少时限",
         "须填写完成时限 deadline 或周期 rhythm",
         "一次性任务填 deadline (如 2025-12-31), 经常性任务填 rhythm (每月等)。",
         ex(PLAN, 12, "deadline")),
    Code("duplicate-unit-code", RECORDS, "单位代码重复",
         "单位代码重复 (got {got!r}, also at {other})",
         "units.yaml 中每个单位的 code 不同; 同一单位只写一次, 其他叫法写进 aliases。",
         ex("data/units.yaml", 7, "code", got="fgj", other="data/units.yaml:1")),
    Code("code-case-collision", RECORDS, "编号只有大小写不同",
         "{got!r} 与 {other!r} 只有大小写不同 (also at {where}; 在 Windows 上二者的页面是同一个目录)",
         "编号不能只靠大小写区分: 改用另一个编号, 或把两者合并为一个。",
         ex("data/units.yaml", 7, "code", got="FGJ", other="fgj", where="data/units.yaml:1")),
    # --- the map and project locations -----------------------------------------------------
    Code("map-json", MAP, "地图文件不是有效的 JSON",
         "不是有效的 JSON: {reason} (第 {column} 列; expected a GeoJSON FeatureCollection)",
         "用 GIS 软件 (如 QGIS、mapshaper) 导出为 GeoJSON, 不要手工编辑坐标。",
         ex(GEO, 3, reason="Expecting ',' delimiter", column=118)),
    Code("map-not-geojson", MAP, "地图文件不是要素集合",
         "{what} (expected {{\"type\": \"FeatureCollection\", \"features\": [...]}}, 每个乡镇一个 Feature)",
         "导出为 GeoJSON 要素集合 (FeatureCollection), 每个乡镇 (街道) 一个要素。",
         ex(GEO, 1, what="type 为 'Feature'")),
    Code("map-township-code", MAP, "地图要素的乡镇代码不对",
         "要素的 properties.code 应为 site.yaml 乡镇名单中的代码 (got {got!r})",
         "每个要素的属性中写 code: 与 site.yaml townships 中该乡镇的 code 相同 (如 chengguan)。",
         ex(GEO, 4, "properties.code", got="城关")),
    Code("map-duplicate-township", MAP, "地图中乡镇重复",
         "乡镇 {got!r} 的边界出现了两次 (also at line {other})",
         "每个乡镇只画一个要素; 飞地等多块区域用一个 MultiPolygon 要素。",
         ex(GEO, 9, "properties.code", got="chengguan", other=2)),
    Code("map-bad-geometry", MAP, "地图要素的几何不对",
         "{what} (expected a Polygon or MultiPolygon of [经度, 纬度] rings, each closed, "
         "at least 4 positions)",
         "边界用多边形 (Polygon 或 MultiPolygon), 坐标为 [经度, 纬度] 十进制度数 (WGS84/CGCS2000), "
         "每个环首尾相同。",
         ex(GEO, 5, "geometry", what="坐标 [34.78, 114.62] 的纬度超出 -90~90 (经纬度写反?)")),
    Code("location-outside-map", RECORDS, "项目位置不在县域内",
         "位置 ({lon}, {lat}) 不在任何乡镇的边界内 (经纬度写反或有笔误?)",
         "location 写项目所在地的经度 lon 和纬度 lat (十进制度数), 可在地图软件中取点后核对。",
         ex(P1, 12, "location", lon=34.78, lat=114.62), severity="warning"),
    Code("location-other-township", RECORDS, "项目位置在另一个乡镇",
         "位置 ({lon}, {lat}) 在 {found} 境内, 项目所在乡镇填的是 {got!r}",
         "核对 location 的经纬度和 township: 二者应指同一个乡镇。",
         ex(P1, 12, "location", lon=114.66, lat=34.79, found="东城街道", got="城关镇"),
         severity="warning"),
    # Listed under field values, kept here beside the other rules on names.
    Code("invisible-character", FIELDS, "看不见的字符",
         "含有看不见的字符 {char} {char_name} (第 {position} 个字符; got {got!r}; "
         "expected visible text only)",
         "删除这个字符: 文字方向控制符 (U+202E 等) 让显示的文字与实际不同, 零宽字符 (U+200B 等) "
         "让同一名称有两种写法, 控制字符不是文字。常由复制粘贴带入: 可删去这一项后重新输入。"
         "名称、代码和短字段中三者都不允许; 长文字 (建设内容、形象进度、备注等) 中不允许方向控制符和控制字符。",
         ex(P2, 2, "name(项目名称)", char="U+202E", char_name="RIGHT-TO-LEFT OVERRIDE",
            position=6, got="新镇农产品\u202e心中流物链冷")),
    Code("markup-character", FIELDS, "标题中有符号",
         "不能含有 {char!r} (got {got!r}; 地区名称和站点标题只写文字)",
         "地区名称和站点标题出现在每一页的标题栏中: 不写 < > & \" ' ` , 引号用中文引号“”。",
         ex("data/site.yaml", 1, "region(地区名称)", char="<", got="示例县<img src=x>")),
)

CODES: dict[str, Code] = {c.name: c for c in _CATALOGUE}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(c.group for c in _CATALOGUE))
