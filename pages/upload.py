"""上传报告 — administrators add new reports; everyone else sees the page switched off.

The page is off unless an admin password is configured (XXGK_ADMIN_PASSWORD or Streamlit
secrets `admin_password`). Originals are stored content-addressed and loaded into a new snapshot.
A .zip of a folder (what `xxgk collect` writes) is loaded like `xxgk ingest DIR`; a table says per
file what was loaded, skipped or refused, names shown as plain text.
"""

import pandas as pd
import streamlit as st

from xxgk.db import Holder, default_db_path
from xxgk.safe_text import escape_markdown
from xxgk.ui import chinese_file_uploader, log, page_setup
from xxgk.uploads import (ALLOWED_SUFFIXES, MAX_UPLOAD_BYTES, OUTCOME_LOADED, OUTCOME_REFUSED, OUTCOME_SKIPPED, accept,
                          admin_password, login, outcomes, reasons)

QUERIES = ()

page_setup("上传报告")

if not admin_password():
    st.info("上传功能未启用。如需上传报告，请联系系统管理员开启（开启方法见说明文档）。")
    st.stop()

if not st.session_state.get("admin_ok"):
    with st.form("login", enter_to_submit=False):  # no English "Press Enter to submit form" hint
        given = st.text_input("管理员密码", type="password")
        if st.form_submit_button("登录"):
            refused = login(given, st.context.ip_address)
            if refused is None:
                st.session_state.admin_ok = True
                st.rerun()
            st.error(refused)
    st.stop()

st.caption(
    f"接受 {'、'.join(s.lstrip('.').upper() for s in ALLOWED_SUFFIXES)} 文件，每个不超过 {MAX_UPLOAD_BYTES // 1048576} MB。"
    "原件按内容哈希保存；同一文件重复上传不会重复入库。"
    "ZIP 压缩包（如采集工具保存的整个文件夹，含采集清单）按文件夹入库：各报告的来源网址和发布日期取自清单，"
    "同一报告的网页和附件只入库一次。"
)
chinese_file_uploader()
files = st.file_uploader("选择报告文件", accept_multiple_files=True, type=[s.lstrip(".") for s in ALLOWED_SUFFIXES])
if files and st.button("上传并入库", type="primary"):
    queue_note = st.empty()  # while another load writes the database, this upload waits: say so

    def _queued(holder: Holder) -> None:
        started = holder.started_at()
        since = f"（开始于 {started:%H:%M:%S}）" if started else ""
        queue_note.info(f"另一项入库正在进行{since}，本次上传已排队，将在其完成后自动入库。")

    with st.spinner("正在读取并入库……"):
        result = accept([(f.name, f.getvalue()) for f in files], default_db_path(), on_wait=_queued)
    queue_note.empty()
    rows = pd.DataFrame(outcomes(result), columns=["文件", "结果", "说明"])
    loaded = int((rows["结果"] == OUTCOME_LOADED).sum())
    a, b, c = st.columns(3)
    a.metric("已入库", loaded)
    b.metric("跳过", int((rows["结果"] == OUTCOME_SKIPPED).sum()))
    c.metric("拒绝", int((rows["结果"] == OUTCOME_REFUSED).sum()))
    st.dataframe(rows, hide_index=True, width="stretch")  # names as plain text, never Markdown
    for reason, detail in reasons(result):  # outside text: escaped; the library's English goes to the log
        st.error(escape_markdown(reason))
        if detail:
            log.info("upload refused: %s: %r", reason, detail)
    if loaded:
        st.success("新数据已发布，其他页面刷新后即可看到。")
