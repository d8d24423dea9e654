"""Standards a person judges: qualitative ones and those the law delegates to local rules."""

from __future__ import annotations

from vinhdanh.eligibility.engine.conditions.base import outcome, text
from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.outcome import Outcome, Status
from vinhdanh.eligibility.engine.ruleset import Condition
from vinhdanh.eligibility.engine.texts import label

# Vietnamese wording of the qualitative keys used in awards.yaml (its summaries are English).
QUALITATIVE_VI = {
    "outstanding_among_peers": "Được lựa chọn là tiêu biểu nhất trong số những người đạt chuẩn",
    "self_reliance_solidarity": "Tự lực, tự cường, đoàn kết, tương trợ, tích cực tham gia thi đua",
    "productive_work": (
        "Lao động, sản xuất có hiệu quả; tích cực tham gia thi đua, hoạt động xã hội"
    ),
    "law_abiding_ethics": (
        "Gương mẫu chấp hành chủ trương, chính sách, pháp luật; lối sống lành mạnh"
    ),
    "exceeded_targets": "Hoàn thành vượt mức chỉ tiêu thi đua và nhiệm vụ được giao trong năm",
    "clean_party_anticorruption": "Nội bộ đoàn kết; tổ chức đảng, đoàn thể trong sạch, vững mạnh; "
    "đi đầu thực hành tiết kiệm, chống lãng phí, tham nhũng",
    "active_emulation": "Có phong trào thi đua thường xuyên, thiết thực, hiệu quả",
    "solidarity_compliance": (
        "Nội bộ đoàn kết; gương mẫu chấp hành chủ trương, chính sách, pháp luật"
    ),
    "tasks_done": "Thực hiện tốt nhiệm vụ kinh tế - xã hội, quốc phòng, an ninh, trật tự",
    "stable_economy": "Đời sống kinh tế ổn định và phát triển",
    "healthy_culture": "Đời sống văn hóa, tinh thần lành mạnh, phong phú",
    "clean_environment": "Môi trường an toàn, thân thiện, cảnh quan sạch đẹp",
    "compliance": "Chấp hành tốt chủ trương, chính sách, pháp luật",
    "compliance_solidarity": "Chấp hành chính sách, pháp luật; đoàn kết, tương trợ",
    "law_abiding": "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    "active_in_movements": "Tích cực tham gia phong trào thi đua, hoạt động cộng đồng",
    "prosperous_happy": "Gia đình ấm no, tiến bộ, hạnh phúc, văn minh; đoàn kết với cộng đồng",
    "member_prosecuted": "Có thành viên bị truy cứu trách nhiệm hình sự",
    "civic_obligations": "Không thực hiện nghĩa vụ quân sự hoặc nghĩa vụ thuế",
    "admin_sanctions": "Có thành viên bị xử phạt hành chính (tảo hôn, hôn nhân, trật tự công cộng, "
    "cờ bạc, tệ nạn xã hội, phòng cháy, bạo lực gia đình)",
    "loyalty_ethics": "Tuyệt đối trung thành; gương mẫu về mọi mặt",
    "creative_labour": "Lao động sáng tạo, năng suất, chất lượng; thành tích đặc biệt xuất sắc",
    "ten_year_contribution": "Đóng góp quan trọng từ 10 năm trở lên, được tập thể suy tôn",
    "mentoring": "Có công lớn trong đào tạo, bồi dưỡng đồng nghiệp, thế hệ trẻ",
    "worker_farmer": "Công nhân, nông dân có nhiều thành tích, ảnh hưởng trong xã, đơn vị",
    "democracy_welfare": (
        "Thực hiện tốt dân chủ cơ sở, chăm lo đời sống, tiết kiệm, chống tham nhũng"
    ),
    "typical_standard": "Chấp hành tốt chính sách, pháp luật, hoàn thành tốt nhiệm vụ và có thành "
    "tích trong phong trào thi đua hoặc thành tích đột xuất",
    "farmer_model": "Nông dân có mô hình sản xuất hiệu quả, ổn định từ 2 năm trở lên",
    "collective_branch": "Tiêu chuẩn dành cho tập thể (chưa mô hình hóa)",
    "workers_farmers_branch": "Tiêu chuẩn dành cho công nhân, nông dân (chưa mô hình hóa)",
    "prior_award_chain_collective": "Chuỗi khen thưởng trước đó của tập thể (chưa mô hình hóa)",
}


def qualitative(cond: Condition, ctx: Context) -> Outcome:
    key = text(cond, "key")
    summary = text(cond, "summary", key)
    vietnamese = QUALITATIVE_VI.get(key, f"Tiêu chuẩn định tính: {summary}")
    return outcome(
        Status.TO_CONFIRM,
        (vietnamese, summary[:1].upper() + summary[1:]),
        ("cần người có thẩm quyền xác nhận", "to be confirmed by a person"),
    )


def delegated(cond: Condition, ctx: Context) -> Outcome:
    to, what = label(text(cond, "to", "local authority")), text(cond, "what")
    return outcome(
        Status.TO_CONFIRM,
        (
            # `what` is English in awards.yaml; the Vietnamese line names only the issuer.
            f"Tiêu chuẩn chi tiết do {to[0]} quy định",
            f"Detailed standard set by {to[1]} ({what})",
        ),
        ("cần áp dụng quy định địa phương, ngành", "apply the local or sector rule pack"),
    )
