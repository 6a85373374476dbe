"""Generated news-like Vietnamese text from project-written sentence templates.

Used by the scale benchmark (``benchmarks/scale.py``) and the robustness tests. Nothing here is
taken from a corpus: the templates and word lists are written for this project, and the
generator is deterministic for a given seed.
"""

from __future__ import annotations

import random

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Thanh", "Hữu", "Đức", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Nam", "Phương", "Tuấn", "Thủy"]
PLACES = [
    "Hà Nội",
    "TP. Hồ Chí Minh",
    "Đà Nẵng",
    "Huế",
    "Cần Thơ",
    "Hải Phòng",
    "Nghệ An",
    "Thanh Hóa",
    "Quảng Ninh",
    "Lâm Đồng",
]
ORGS = [
    "Bộ Y tế",
    "Bộ Giáo dục và Đào tạo",
    "UBND tỉnh Nghệ An",
    "Công ty cổ phần Sông Hồng",
    "Ngân hàng Nhà nước",
    "Sở Giao thông vận tải",
    "Đại học Quốc gia Hà Nội",
]
TITLES = ["ông", "bà", "Bộ trưởng", "Giám đốc", "Chủ tịch", "Phó chủ tịch", "Thượng tá"]
TEMPLATES = [
    "Ngày {d}-{m}, {title} {per} đã đến {loc} để làm việc với {org}.",
    "Theo {org}, trong tháng {m} năm {y} có {n} vụ tai nạn giao thông tại {loc}.",
    "{title} {per} cho biết, kế hoạch sẽ được triển khai từ ngày {d}/{m}/{y}.",
    "Sáng qua, {org} tổ chức hội nghị tại {loc} với sự tham dự của {n} đại biểu.",
    "“Chúng tôi sẽ tiếp tục theo dõi”, {title} {per} nói với phóng viên tại {loc}.",
    "Giá trị hợp đồng khoảng {n}.{n3} tỷ đồng, tăng {p},{p2}% so với cùng kỳ năm ngoái.",
    "Hôm thứ {wd}, đoàn công tác của {org} do {title} {per} dẫn đầu đã rời {loc}.",
    "Trước đó, vào cuối tháng {m}, {per} ({age} tuổi, trú tại {loc}) bị bắt giữ.",
    "Thông tin chi tiết xem tại https://vi.example.org/tin-tuc/{n}-{d}-{m}.html hoặc gửi thư "
    "về toasoan@example.vn.",
    "Kết quả: {loc} đạt {n} điểm; {loc2} đạt {n2} điểm.",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def sentence(rng: random.Random) -> str:
    """One news-like sentence."""
    return rng.choice(TEMPLATES).format(
        d=rng.randint(1, 28),
        m=rng.randint(1, 12),
        y=rng.randint(1990, 2030),
        n=rng.randint(2, 999),
        n2=rng.randint(2, 999),
        n3=f"{rng.randint(0, 999):03d}",
        p=rng.randint(1, 99),
        p2=rng.randint(0, 9),
        age=rng.randint(18, 90),
        wd=rng.choice(["hai", "ba", "tư", "năm", "sáu", "bảy"]),
        title=rng.choice(TITLES),
        per=_person(rng),
        loc=rng.choice(PLACES),
        loc2=rng.choice(PLACES),
        org=rng.choice(ORGS),
    )


def article(rng: random.Random, sentences: int = 12) -> str:
    """Paragraphs of news-like sentences (2 to 4 sentences each)."""
    paras: list[str] = []
    left = sentences
    while left > 0:
        k = min(left, rng.randint(2, 4))
        paras.append(" ".join(sentence(rng) for _ in range(k)))
        left -= k
    return "\n\n".join(paras)


def text_of_size(n_chars: int, seed: int = 0) -> str:
    """About ``n_chars`` characters of news-like text (articles separated by blank lines)."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < n_chars:
        a = article(rng)
        parts.append(a)
        size += len(a) + 2
    return "\n\n".join(parts)[:n_chars]
