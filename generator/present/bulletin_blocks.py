"""The parts a bulletin document is made of: paragraphs of text and project links, tables,
numbered sections. ``bulletin_doc`` and ``bulletin_sections`` write them; ``pages.bulletins``
renders them as HTML and ``docx`` as a Word file."""

from __future__ import annotations

from dataclasses import dataclass, field

CHINESE_NUMBERS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 23 → 二十三 (for 1 to 99)."""
    if not 1 <= n <= 99:
        raise ValueError(f"expected 1 to 99 (got {n})")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMBERS[tens - 1] + "十")
    return head + (CHINESE_NUMBERS[ones - 1] if ones else "")


@dataclass(frozen=True)
class Link:
    """Text that links to a page where the format has links (the web page): a project's by
    its code, or the page of a unit, township, domain or leader named ``key``."""

    text: str
    key: str  # the project's code, or the name the page is found by
    kind: str = "project"  # project | unit | township | domain | leader


Segment = str | Link


def mention(kind: str, name: str | None) -> Segment:
    """A unit, township or leader named in a bulletin, linked where the site has its page."""
    return "—" if not name else Link(name, name, kind)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text. Kind "subhead" is a paragraph led by a second-level heading
    run in (（一）用地方面。…): its first segment is that heading, in 楷体 in the Word file."""

    segments: list[Segment]
    kind: str = ""  # "", "item" (a numbered line), "note", "subhead"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[Segment]]
    caption: str = ""
    numeric: tuple[int, ...] = ()  # columns aligned right
    cls: str = ""  # an extra class for the page (column widths)


Block = Paragraph | Table


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def say(self, *segments: Segment, kind: str = "") -> None:
        if any(segments):
            self.blocks.append(Paragraph(list(segments), kind))

    def subhead(self, number: int, title: str, *segments: Segment) -> None:
        """A paragraph under the second-level heading （一）title (``number`` from 1)."""
        self.blocks.append(Paragraph([f"（{chinese_number(number)}）{title}", *segments],
                                     "subhead"))


@dataclass(frozen=True)
class Document:
    title: str
    issue: str  # （2025年第10期）
    dated: str  # 数据截至2025年10月31日
    lead: str  # a one-line description for the page's meta description
    sections: list[Section]
    internal: bool

    def numbered(self) -> list[tuple[str, Section]]:
        return [(f"{chinese_number(i + 1)}、", s) for i, s in enumerate(self.sections)]


def text_of(segments: list[Segment]) -> str:
    return "".join(s.text if isinstance(s, Link) else s for s in segments)


def project_link(code: str, name: str) -> Link:
    return Link(name, code)


def joined(links: list[Link]) -> list[Segment]:
    """Links separated by 、."""
    out: list[Segment] = []
    for i, link in enumerate(links):
        if i:
            out.append("、")
        out.append(link)
    return out
