"""Status badges: a symbol and a word as well as a colour (GB/T 37668: not colour alone).

One markup for every badge on every page; templates call it as ``badge`` and
``status_badge``.
"""

from __future__ import annotations

import markupsafe
from markupsafe import Markup

from generator.present.formatting import escape
from generator.present.words import light_word

# Each status word has a symbol and a kind (the colour class).
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "超前": ("▲", "ahead"),
    "正常": ("●", "ok"),
    "滞后": ("▼", "bad"),
    "未报送": ("?", "warn"),
    "无计划": ("–", "muted"),
    "未开工": ("○", "muted"),
    "已完成": ("✔", "ok"),
    "按序时推进": ("●", "ok"),
    "落后序时": ("▼", "bad"),
    "进行中": ("●", "muted"),
    "暂无数据": ("?", "warn"),
    "完成": ("✔", "ok"),
    "未完成": ("✖", "bad"),
    "缺最终数据": ("?", "warn"),
    "无数据": ("?", "warn"),
    "仅公开项目": ("○", "muted"),
    "逾期": ("⚠", "bad"),
    "推进中": ("●", "ok"),
    "未开始": ("○", "muted"),
    "执行中": ("●", "ok"),
    "已到期": ("■", "muted"),
    "已终止": ("■", "muted"),
    "待协调": ("○", "warn"),
    "协调中": ("●", "warn"),
    "已解决": ("✔", "ok"),
    # 红黄绿灯: a shape for each light, so that it reads without colour.
    "绿灯": ("●", "ok"),
    "黄灯": ("◆", "warn"),
    "红灯": ("■", "bad"),
    "未亮灯": ("–", "muted"),
    # 挂牌督办 cases (present.words.case_word)
    "督办候选": ("□", "muted"),
    "督办中": ("◎", "warn"),
    "超期未销号": ("⚠", "bad"),
    "已销号": ("✔", "ok"),
}


def badge(text: object, kind: str, title: object = None) -> Markup:
    """``<span class="zd-status zd-status--KIND">TEXT</span>``, with a tooltip when given."""
    # f-strings over escaped parts: Markup.format runs Python's Formatter, and this is
    # called for every status cell of every table (a tenth of rendering a project page).
    tip = "" if title is None else f' title="{markupsafe.escape(escape(title))}"'
    return Markup(f'<span class="zd-status zd-status--{markupsafe.escape(kind)}"{tip}>'
                  f'{markupsafe.escape(escape(text))}</span>')


def status_badge(status: object) -> Markup:
    """A status word (超前, 滞后 …) with its symbol; nothing for a missing status."""
    if status is None or status != status:  # None or NaN
        return Markup("")
    text = str(status)
    symbol, kind = STATUS_STYLE.get(text, ("", "muted"))
    return badge(f"{symbol} {text}", kind)


def light_badge(light: object, title: object = None) -> Markup:
    """A light (``figures.lights`` code) as its shape and word: ■ 红灯; – 未亮灯 for None."""
    word = light_word(light)
    symbol, kind = STATUS_STYLE[word]
    return badge(f"{symbol} {word}", kind, title)
