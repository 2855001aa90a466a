"""Builds the zh_Hans catalog of the congress app (msgid → Chinese) and compiles it with polib.

Run: .venv/bin/python niangjia/congress/locale/build_catalog.py
"""

from pathlib import Path

import polib

ZH = {
    "Workers' congress": "职代会", "Planned": "未开始", "In progress": "进行中", "Closed": "已结束",
    "Checked in on the phone": "手机签到", "Paper roll call by staff": "工作人员纸质点名",
    "Resolution": "决议", "Election": "选举", "Draft collective contract": "集体合同草案",
    "Not open yet": "未开始表决", "Voting": "表决中",
    "There is no sitting in progress for you. When your congress meets, check in and vote here.":
        "您当前没有正在进行的职代会会议。开会时可以在这里签到和表决。",
    "Expected %(t)s, present %(p)s, quorum %(q)s": "应到 %(t)s 人，实到 %(p)s 人，法定 %(q)s 人",
    "Checked in": "已签到", "Check in": "签到", "Delegation": "代表团", "secret ballot": "无记名投票",
    "You have voted": "您已投票", "Passed": "通过", "Not passed": "未通过",
    "You are checked in.": "签到成功。", "Your vote is counted.": "投票成功，已计入。",
    "The sitting has started.": "会议已开始。", "The motion is added.": "议题已添加。",
    "Recorded as present.": "已登记到会。", "Voting is open.": "表决已开始。",
    "Voting is closed and counted.": "表决已结束并完成计票。",
    "%(n)s delegates": "代表 %(n)s 人", "No congress in your unions yet.": "您所辖工会还没有职代会。",
    "Quorate": "达到法定人数", "Below quorum": "不足法定人数",
    "Delegates: %(t)s; middle managers %(m)s, front-line %(f)s, women %(w)s, young %(y)s":
        "代表 %(t)s 人：中层以上管理人员 %(m)s 人，一线职工 %(f)s 人，女职工 %(w)s 人，青年职工 %(y)s 人",
    "Start the sitting": "开始会议", "Delegate number (paper roll call)": "代表编号（纸质点名）",
    "Record as present": "登记到会", "Open voting": "开始表决", "Close voting and count now?": "现在结束表决并计票吗？",
    "Close and count": "结束表决并计票", "Size": "人数", "New motion": "新建议题", "Title": "名称", "Kind": "类型",
    "Secret ballot": "无记名投票", "Add the motion": "添加议题",
    "Voting can open once the quorum is present": "到会人数达到法定人数后才能开始表决",
}


def build() -> None:
    here = Path(__file__).parent / "zh_Hans" / "LC_MESSAGES"
    here.mkdir(parents=True, exist_ok=True)
    po = polib.POFile()
    po.metadata = {"Project-Id-Version": "niangjia-congress", "Language": "zh_Hans", "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    for msgid, msgstr in sorted(ZH.items()):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(str(here / "django.po"))
    po.save_as_mofile(str(here / "django.mo"))


if __name__ == "__main__":
    build()
