"""Where the lines of a title end: between phrases, never inside a word.

A Vietnamese word is often two syllables written apart ("Chính phủ", "địa bàn", "giai
đoạn"), so Word and LibreOffice, which wrap at any space, print "…của Thủ tướng Chính /
phủ" or "…trên địa / bàn tỉnh" in a V/v line or a trích yếu. A văn thư breaks such a
title by hand before a phrase: "…2021-2030 / trên địa bàn tỉnh", "…/ của Thủ tướng Chính
phủ" (issue 11). :func:`phrase_lines` does the same: it measures the text in Times New
Roman (``domain.metrics``) at the width and size of the line it is printed in, and puts
its line ends where the fewest lines need them, preferring the start of a phrase and
never splitting a known word, a name or a number from what it belongs to.

It is a template filter (``{{ summary|phrase_lines(9355, 14, true) }}``): the template,
which owns the layout, says how wide the line is. A line end the text already holds
("\\n", which a province writes as "|", see ``compose.context``) is kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from generator.domain.metrics import text_width

# Words of two or three syllables met in titles, lower case: a line never ends inside one.
WORDS: frozenset[str] = frozenset("""
an toàn|ban hành|bảo đảm|bảo vệ|báo cáo|bình đẳng|bạo lực|chính phủ|chính quyền|chính sách
chăm sóc|chương trình|chương trình hành động|chỉ thị|chỉ tiêu|chỉ đạo|công an|công tác
cơ quan|cơ sở|cấp bách|cộng đồng|dân tộc|dinh dưỡng|dịch vụ|gia đình|giai đoạn|giáo dục
hiệu quả|hành chính|hành động|hướng dẫn|hội nghị|hội đồng|hội đồng nhân dân|hợp tác|khu vực
kiểm tra|kinh phí|kinh tế|kế hoạch|lao động|lồng ghép|mục tiêu|nghị quyết|nghị định
nhiệm vụ|nhà nước|nhân dân|nâng cao|năm học|pháp luật|phát triển|phân công|phê duyệt
phòng chống|phòng ngừa|phối hợp|quy định|quyết định|quốc gia|quốc tế|sơ kết|sức khỏe
thanh niên|thanh tra|tham gia|thi hành|thành phố|thông báo|thông tin|thương binh|thủ tướng
thủ tướng chính phủ|thực hiện|tiếp tục|toàn diện|triển khai|truyền thông|trẻ em|trọng tâm
tuyên truyền|tăng cường|tổ chức|tổng hợp|tổng kết|vi phạm|văn bản|văn hóa|vận động|xã hội
xây dựng|xâm hại|y tế|đào tạo|đánh giá|đề án|đề nghị|địa bàn|địa phương|đơn vị|đặc biệt
đặc khu|ủy ban|ủy ban nhân dân|ưu tiên
""".replace("\n", "|").strip("|").split("|"))

# Words that open a phrase, with the cost of a line starting there: 0 where a văn thư
# breaks first, then the lesser openers. Any other space costs ORDINARY.
OPENERS: dict[str, int] = {
    "trên địa bàn": 0, "giai đoạn": 0, "của": 0, "về việc": 0, "đến năm": 0,
    "năm": 1, "ngày": 1, "thực hiện": 3, "về": 3, "vì": 3, "cho": 3, "tại": 3, "theo": 3,
    "đối với": 3, "trong": 3, "nhằm": 3, "và": 3, "kế hoạch": 4, "chương trình": 4,
    "quyết định": 4, "chỉ thị": 4, "đề án": 4,
}
ORDINARY = 10
_LONGEST = max(len(words.split()) for words in (*WORDS, *OPENERS))
FORBIDDEN = 1000  # inside a word or a name: only when nothing else fits
LINE = 100  # one line more costs more than any choice of place
# Weight of the width a line leaves unused, as a share of the line, for every line but
# the last: of two places as good, the later one, as a văn thư fills a line first.
RAGGED = 8
# Our metrics against the renderer's: a line computed to fit must fit in print.
SAFETY = 0.97
MAX_WORDS = 200  # a title is short; longer text is left to the renderer
# Words after which a number belongs to them: "số 23/CT-TTg", "năm 2026".
_NUMBERED = frozenset({"số", "ngày", "tháng", "năm", "đoạn", "khoản", "điều", "mục"})
# Level words that belong to the name after them: "tỉnh Long An", "thành phố Huế".
_LEVELS = frozenset({"tỉnh", "phố", "huyện", "quận", "xã", "phường", "thị trấn", "đặc khu"})
_DASHES = frozenset({"-", "–", "—"})


def _key(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().strip(",;:.()")


def _is_name(word: str) -> bool:
    """A capitalised word that is not an abbreviation: "Long", "An", "Chính"."""
    return word[:1].isupper() and not word.isupper() and word[:1].isalpha()


def _costs(words: Sequence[str]) -> list[int]:
    """The cost of a line break before each word (index 0 unused)."""
    keys = [_key(word) for word in words]
    costs = [ORDINARY] * len(words)
    for start in range(len(words)):
        for length in range(1, min(_LONGEST, len(words) - start) + 1):
            phrase = " ".join(keys[start:start + length])
            if phrase in OPENERS:
                costs[start] = min(costs[start], OPENERS[phrase])
    forbidden = set()
    for start in range(len(words)):
        for length in range(2, min(_LONGEST, len(words) - start) + 1):
            if " ".join(keys[start:start + length]) in WORDS:
                forbidden.update(range(start + 1, start + length))
    for i in range(1, len(words)):
        before, word = words[i - 1], words[i]
        if (before == "V/v" or word in _DASHES or before in _DASHES
                or (_is_name(before) and _is_name(word))
                or (keys[i - 1] in _NUMBERED and any(c.isdigit() for c in word))
                or (keys[i - 1] in _LEVELS and _is_name(word))):
            forbidden.add(i)
    for i in forbidden:
        costs[i] = FORBIDDEN
    return costs


def _lines(words: Sequence[str], limit: float, size: float, bold: bool) -> list[str]:
    """The words in lines of at most ``limit`` twips, at the least total cost."""
    widths = [text_width(word, size, bold) for word in words]
    space = text_width(" ", size, bold)
    costs = _costs(words)
    count = len(words)
    best: list[float] = [0.0] + [float("inf")] * count
    start_of: list[int] = [0] * (count + 1)
    for end in range(1, count + 1):
        width = -space
        for start in range(end - 1, -1, -1):
            width += widths[start] + space
            if width > limit and start < end - 1:
                break
            slack = max(0.0, limit - width) / limit if end < count else 0.0
            cost = best[start] + LINE + RAGGED * slack + (costs[start] if start > 0 else 0)
            if cost < best[end]:
                best[end], start_of[end] = cost, start
    lines, end = [], count
    while end > 0:
        lines.append(" ".join(words[start_of[end]:end]))
        end = start_of[end]
    return lines[::-1]


def phrase_lines(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` with a line end ("\\n") wherever its printed line should end.

    ``width``: the line's width in twips (a table cell's less its side padding); ``size``
    the font size in points; ``bold`` whether it is printed bold. A text that fits on one
    line comes back unchanged.
    """
    if not isinstance(width, (int, float)) or not isinstance(size, (int, float)) \
            or width <= 0 or size <= 0:
        raise ValueError("phrase_lines cần bề rộng dòng (twip) và cỡ chữ (pt) là số dương")
    limit = width * SAFETY
    segments = []
    for segment in str(text).split("\n"):
        # Only ordinary spaces part words: a no-break space holds its two sides together.
        words = [word for word in segment.split(" ") if word]
        if len(words) > MAX_WORDS or text_width(" ".join(words), size, bold) <= limit:
            segments.append(segment)
        else:
            segments.append("\n".join(_lines(words, limit, size, bold)))
    return "\n".join(segments)
