"""The national report template as data: stable codes, Chinese labels, and how to recognise them.

Everything the parser, the rules, the loader and the demo generator know about the two national
templates (国办公开办函〔2019〕60号 and 〔2021〕30号) lives here, so that a label variant is taught
to the product in one place.

Labels are matched on *normalised* text (see ``xxgk.normalize``): NFKC, Simplified characters,
no whitespace, ASCII punctuation. Each row carries ``keys``: the normalised substrings that identify
it; the first key is also the label shown to users.

Layer: base — imports nothing of xxgk; every other layer may import it.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATES = ("2019", "2021", "pre2019")

TABLES = ("active_disclosure", "applications", "review_litigation")

TABLE_LABELS = {
    "active_disclosure": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
}


@dataclass(frozen=True)
class Row:
    """One row of a template table: its stable code, its label and the columns it has."""

    code: str
    label: str
    keys: tuple[str, ...]
    columns: tuple[str, ...]
    # Enumerated sub-items ("2.其他法律行政法规禁止公开") carry their number: in text where the
    # cells run together the number sticks to the previous row's digits and must be given back.
    number: int | None = None


# --- Table 3: 收到和处理政府信息公开申请情况 -------------------------------------------------

APPLICANT_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_org",
    "legal_service",
    "other_org",
    "total",
)

APPLICANT_COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_org": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}


def _app(code: str, label: str, *keys: str, number: int | None = None) -> Row:
    return Row(code, label, keys or (label,), APPLICANT_COLUMNS, number)


_APPLICATION_HEAD = (
    _app("new_received", "本年新收政府信息公开申请数量", "本年新收政府信息公开申请", "本年新收"),
    _app("carried_over", "上年结转政府信息公开申请数量", "上年结转政府信息公开申请", "上年结转"),
    _app("granted", "予以公开"),
    _app("partially_granted", "部分公开"),
    _app("denied_state_secret", "属于国家秘密", number=1),
    _app("denied_law_prohibited", "其他法律行政法规禁止公开", number=2),
    _app("denied_three_safety", "危及“三安全一稳定”", "危及\"三安全一稳定\"", "三安全一稳定", number=3),
    _app("denied_third_party", "保护第三方合法权益", number=4),
    _app("denied_internal_affairs", "属于三类内部事务信息", "三类内部事务信息", number=5),
    _app("denied_process_info", "属于四类过程性信息", "四类过程性信息", number=6),
    _app("denied_enforcement_file", "属于行政执法案卷", "行政执法案卷", number=7),
    _app("denied_admin_query", "属于行政查询事项", "行政查询事项", number=8),
    _app("unable_not_held", "本机关不掌握相关政府信息", "不掌握相关政府信息", number=1),
    _app("unable_needs_creation", "没有现成信息需要另行制作", "需要另行制作", number=2),
    _app("unable_unclear", "补正后申请内容仍不明确", "补正后申请内容仍不明确", "申请内容仍不明确", number=3),
    _app("not_processed_petition", "信访举报投诉类申请", "信访举报投诉类", number=1),
    _app("not_processed_duplicate", "重复申请", number=2),
    _app("not_processed_publication", "要求提供公开出版物", "公开出版物", number=3),
    _app("not_processed_excessive", "无正当理由大量反复申请", "大量反复申请", number=4),
    _app(
        "not_processed_confirmation",
        "要求行政机关确认或重新出具已获取信息",
        "确认或重新出具已获取信息",
        "重新出具已获取信息",
        number=5,
    ),
)

_APPLICATION_TAIL = (
    _app("total_processed", "总计"),
    _app("carried_forward", "结转下年度继续办理", "结转下年度继续办理", "结转下年度"),
)

APPLICATION_ROWS_2021 = (
    *_APPLICATION_HEAD,
    _app(
        "other_no_correction",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "逾期不补正",
        number=1,
    ),
    _app(
        "other_no_fee",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "未按收费通知要求缴纳费用",
        "缴纳费用",
        number=2,
    ),
    _app("other_other", "其他", number=3),
    *_APPLICATION_TAIL,
)

APPLICATION_ROWS_2019 = (
    *_APPLICATION_HEAD,
    _app("other_handling", "其他处理"),
    *_APPLICATION_TAIL,
)

DENIED_ROWS = tuple(r.code for r in _APPLICATION_HEAD if r.code.startswith("denied_"))
UNABLE_ROWS = tuple(r.code for r in _APPLICATION_HEAD if r.code.startswith("unable_"))
NOT_PROCESSED_ROWS = tuple(r.code for r in _APPLICATION_HEAD if r.code.startswith("not_processed_"))
OTHER_ROWS_2021 = ("other_no_correction", "other_no_fee", "other_other")
OTHER_ROWS_2019 = ("other_handling",)

# Row groups of table 3, with the label that heads each group in the report.
APPLICATION_GROUPS = {
    "denied": ("不予公开", DENIED_ROWS),
    "unable": ("无法提供", UNABLE_ROWS),
    "not_processed": ("不予处理", NOT_PROCESSED_ROWS),
    "other": ("其他处理", OTHER_ROWS_2021),
}

# --- Table 2: 主动公开政府信息情况 ------------------------------------------------------------

ACTIVE_ROWS_2021 = (
    Row("regulations", "规章", ("规章",), ("issued", "repealed", "in_force")),
    Row(
        "normative_documents",
        "行政规范性文件",
        ("行政规范性文件", "规范性文件"),
        ("issued", "repealed", "in_force"),
    ),
    Row("licensing", "行政许可", ("行政许可",), ("decisions",)),
    Row("penalty", "行政处罚", ("行政处罚",), ("decisions",)),
    Row("coercion", "行政强制", ("行政强制",), ("decisions",)),
    Row("fees", "行政事业性收费", ("行政事业性收费",), ("amount_10k_yuan",)),
)

_ITEMS = ("prev_items", "change", "decisions")
ACTIVE_ROWS_2019 = (
    Row("regulations", "规章", ("规章",), ("produced", "published", "total_published")),
    Row(
        "normative_documents",
        "规范性文件",
        ("规范性文件",),
        ("produced", "published", "total_published"),
    ),
    Row("licensing", "行政许可", ("行政许可",), _ITEMS),
    Row("other_services", "其他对外管理服务事项", ("其他对外管理服务事项", "对外管理服务事项"), _ITEMS),
    Row("penalty", "行政处罚", ("行政处罚",), _ITEMS),
    Row("coercion", "行政强制", ("行政强制",), _ITEMS),
    Row("fees", "行政事业性收费", ("行政事业性收费",), ("prev_items", "change")),
    Row("procurement", "政府集中采购", ("政府集中采购",), ("projects", "amount")),
)

ACTIVE_COLUMN_LABELS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount_10k_yuan": "本年收费金额（万元）",
    "produced": "本年新制作数量",
    "published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "prev_items": "上一年项目数量",
    "change": "本年增/减",
    "projects": "采购项目数量",
    "amount": "采购总金额",
}

# --- Table 4: 政府信息公开行政复议、行政诉讼情况 ----------------------------------------------

REVIEW_BLOCKS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_BLOCK_LABELS = {
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
REVIEW_COLUMN_LABELS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


def application_rows(template: str) -> tuple[Row, ...]:
    return APPLICATION_ROWS_2019 if template == "2019" else APPLICATION_ROWS_2021


def active_rows(template: str) -> tuple[Row, ...]:
    return ACTIVE_ROWS_2019 if template == "2019" else ACTIVE_ROWS_2021


def expected_cells(template: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """Every cell a complete report of this template has: table → row → columns."""
    if template not in ("2019", "2021"):
        return {}
    return {
        "active_disclosure": {r.code: r.columns for r in active_rows(template)},
        "applications": {r.code: r.columns for r in application_rows(template)},
        "review_litigation": {b: REVIEW_COLUMNS for b in REVIEW_BLOCKS},
    }


def row_label(table: str, row: str, template: str = "2021") -> str:
    if table == "review_litigation":
        return REVIEW_BLOCK_LABELS.get(row, row)
    rows = active_rows(template) if table == "active_disclosure" else application_rows(template)
    for r in rows:
        if r.code == row:
            return r.label
    return row


def column_label(table: str, column: str) -> str:
    labels = {
        "active_disclosure": ACTIVE_COLUMN_LABELS,
        "applications": APPLICANT_COLUMN_LABELS,
        "review_litigation": REVIEW_COLUMN_LABELS,
        PRE2019_TABLE: PRE2019_COLUMN_LABELS,
    }[table]
    return labels.get(column, column)


SECTION_TITLES = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
)


# --- Pre-2019 reports: 政府信息公开情况统计表 ----------------------------------------------------
#
# Reports before 2019 end with a local statistics table: 指标名称 | 计量单位 | 本年度 | 历年累计
# (some have a single 统计数 column). Its indicators get stable codes here and are stored as cells of
# their own (table PRE2019_TABLE), never copied into the 2019/2021 tables: 受理依申请公开信息总数 is
# not 本年新收 (it may count what was carried over; 答复 is not 办理结果), so a metric shows the older
# figures as a series of their own beside the modern one, with the change of template marked.

PRE2019_TABLE = "pre2019_statistics"

PRE2019_COLUMNS = ("this_year", "cumulative")
PRE2019_COLUMN_LABELS = {"this_year": "本年度", "cumulative": "历年累计"}


def _ind(code: str, label: str, *keys: str) -> Row:
    return Row(code, label, keys or (label,), PRE2019_COLUMNS)


PRE2019_INDICATORS = (
    _ind("active_total", "主动公开信息数", "主动公开政府信息数", "主动公开文件数", "主动公开信息数", "主动公开信息总数"),
    _ind("active_website", "政府网站公开数", "政府网站公开数", "网站公开数", "网站公开"),
    _ind("active_gazette", "政府公报公开数", "政府公报公开数", "政府公报公开", "公报公开"),
    _ind("active_other", "其他方式公开数", "其他方式公开数", "其他方式公开"),
    _ind("requests_total", "受理依申请公开信息总数", "受理依申请公开信息总数", "受理依申请公开总数", "依申请公开信息总数", "收到申请数", "受理申请总数"),
    _ind("requests_in_person", "当面申请数", "当面申请数", "当面申请"),
    _ind("requests_fax", "传真申请数", "传真申请数"),
    _ind("requests_email", "电子邮件申请数", "电子邮件申请数"),
    _ind("requests_online", "网上申请数", "网上申请数", "网络申请数"),
    _ind("requests_letter", "信函申请数", "信函申请数"),
    _ind("requests_letter_fax", "信函、传真申请数", "信函,传真申请数", "信函、传真申请数"),
    _ind("replies_total", "对申请的答复总数", "对申请的答复总数", "对申请的答复数", "申请答复数", "答复总数"),
    _ind("replies_granted", "同意公开答复数", "同意公开答复数"),
    _ind("replies_partial", "同意部分公开答复数", "同意部分公开答复数", "部分公开答复数"),
    _ind("replies_denied", "不予公开答复数", "不予公开答复数", "否决公开答复数", "不同意公开答复数"),
    _ind("replies_other", "其他类型答复数", "其他类型答复数", "其他答复数"),
    _ind("fees_waived_yuan", "政府信息公开收费减免金额", "收费减免金额", "收费及减免金额"),
    _ind("fees_collected_yuan", "依申请公开信息收取的费用", "收取的费用", "收费金额"),
    _ind("complaints", "行政申诉、举报数", "接受行政诉讼,举报数", "行政申诉,举报数", "举报投诉数量", "举报数", "申诉数"),
    _ind("review", "行政复议数", "行政复议数", "行政复议数量", "行政复议案件数"),
    _ind("litigation", "行政诉讼数", "行政诉讼数", "行政诉讼数量", "行政诉讼案件数"),
)

# indicator → the indicator it is a part of ("其中：1.政府网站公开数"): a part is never larger
PRE2019_PARENT = {
    "active_website": "active_total",
    "active_gazette": "active_total",
    "active_other": "active_total",
    "requests_in_person": "requests_total",
    "requests_fax": "requests_total",
    "requests_email": "requests_total",
    "requests_online": "requests_total",
    "requests_letter": "requests_total",
    "requests_letter_fax": "requests_total",
    "replies_granted": "replies_total",
    "replies_partial": "replies_total",
    "replies_denied": "replies_total",
    "replies_other": "replies_total",
}



def stored_cells() -> list[tuple[str, str, str]]:
    """Every cell stored as a figure of its own, as (table, row, column): the cells of the 2021
    template, then those only the 2019 template has, then the pre-2019 statistics table.

    The order is fixed: the database's cell catalog numbers the cells in it, so new cells go last.
    """
    seen: dict[tuple[str, str, str], None] = {}
    for template in ("2021", "2019"):
        for table, rows in expected_cells(template).items():
            for row, columns in rows.items():
                seen.update(((table, row, column), None) for column in columns)
    seen.update(((PRE2019_TABLE, r.code, column), None) for r in PRE2019_INDICATORS for column in r.columns)
    return list(seen)
