"""The one parser of section labels (labels.parse_label), shared by the readers and the plan reader."""

import pytest

from baocao_check.labels import parse_label


@pytest.mark.parametrize("text,kind,value,rest", [
    ("I. KẾT QUẢ", "roman", (1,), "KẾT QUẢ"),
    ("2.1. Cải cách thể chế", "dotted", (2, 1), "Cải cách thể chế"),
    ("a) Công bố thủ tục", "letter", (1,), "Công bố thủ tục"),
    ("1/ CÔNG TÁC CHỈ ĐẠO", "arabic", (1,), "CÔNG TÁC CHỈ ĐẠO"),
    # a hyphen ends a label as typists write it (blind round 13): "I-", "1-", "1.1-", "a-", "đ-"
    ("I- KẾT QUẢ THỰC HIỆN", "roman", (1,), "KẾT QUẢ THỰC HIỆN"),
    ("2- Công tác giám sát", "arabic", (2,), "Công tác giám sát"),
    ("1.1- Việc ban hành kế hoạch", "dotted", (1, 1), "Việc ban hành kế hoạch"),
    ("1.2 - Công tác kiểm tra", "dotted", (1, 2), "Công tác kiểm tra"),
    ("a- Công bố, công khai", "letter", (1,), "Công bố, công khai"),
    ("đ- Tiếp nhận phản ánh", "letter", (5,), "Tiếp nhận phản ánh"),
    ("b/ Rà soát, phân định thẩm quyền", "letter", (2,), "Rà soát, phân định thẩm quyền"),
    # a Roman numeral typed without its dot before a title in capitals (blind round 15)
    ("II KẾT QUẢ THỰC HIỆN", "roman", (2,), "KẾT QUẢ THỰC HIỆN"),
    ("IV ĐỀ XUẤT, KIẾN NGHỊ", "roman", (4,), "ĐỀ XUẤT, KIẾN NGHỊ"),
])
def test_a_label_and_the_text_after_it(text, kind, value, rest):
    label, after = parse_label(text)
    assert (label.kind, label.value, after) == (kind, value, rest)


@pytest.mark.parametrize("text", ["e-Cabinet được triển khai", "15 - 20 hộ chưa có điện", "2026 - 2030 là giai đoạn",
                                  "a-xít", "3-4 ngày làm việc",
                                  "I Khái quát tình hình", "V Nguyễn Văn A"])
def test_no_label_in_words_ranges_and_years(text):
    assert parse_label(text)[0] is None
