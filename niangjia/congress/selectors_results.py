"""Published results: the resolution (决议) as a PDF and the tallies per group as Excel rows. Only closed motions
have results; a secret vote's group counters are shown only then too."""

from niangjia.congress import rules
from niangjia.congress.models import Motion
from niangjia.congress.selectors import access_motion
from niangjia.congress.selectors_board import board
from niangjia.core import pdf
from niangjia.core.errors import Conflict


def closed_motion(*, actor, motion_id: int) -> Motion:
    """Staff in scope only (the chair's workbench): a delegate reads the result on the phone and in the API."""
    from niangjia.core import scoping
    from niangjia.core.errors import NotFound

    motion = access_motion(actor=actor, motion_id=motion_id)
    if not scoping.covers(actor, motion.sitting.congress.org):
        raise NotFound("未找到这个议题。")
    if motion.status != Motion.Status.CLOSED:
        raise Conflict("表决结束后才能生成决议和计票表。", code="congress.not_closed")
    return motion


def _row_for(motion: Motion) -> dict:
    return next(r for r in board(motion.sitting)["motions"] if r["motion"].pk == motion.pk)


def tally_table(motion: Motion) -> tuple[list[str], list[list]]:
    """Header and rows of the per-group tally, with the merged total as the last row (it equals the stored count)."""
    row = _row_for(motion)
    cands = row["candidates"]
    if cands:
        header = ["代表团", "代表人数", *[f"{c.name}{rules.WRITE_IN_LABEL if c.write_in else ''}（票）" for c in cands]]
        rows = [[t["group"], t["size"], *t["marks"]] for t in row["tallies"]]
    else:
        header = ["代表团", "代表人数", "赞成", "反对", "弃权"]
        rows = [[t["group"], t["size"], t["yes"], t["no"], t["abstain"]] for t in row["tallies"]]
    total = ["合计", *[sum(r[i] for r in rows) for i in range(1, len(header))]]
    return header, [*rows, total]


def resolution_pdf(motion: Motion) -> bytes:
    s = pdf.styles()
    sitting, congress = motion.sitting, motion.sitting.congress
    verdict = "通过" if motion.passed else "未通过"
    if motion.kind == Motion.Kind.ELECTION:
        verdict = "选举结果" if motion.quorate else "选举无效"
    story = [pdf.para(f"{congress.title}{sitting.title}", s["h"]),
             pdf.para(f"关于“{motion.title}”的{'选举结果' if motion.kind == 'election' else '决议'}", s["title"]),
             pdf.para(f"表决方式：{'无记名投票' if motion.secret else '记名投票'}；类型：{rules.KIND_LABELS[motion.kind]}；"
                      f"结果：{verdict}", s["body"]), pdf.spacer()]
    story += [pdf.para(f"{i}. {line}", s["body"]) for i, line in enumerate(motion.explanation, 1)]
    cands = list(motion.candidates.all())
    if cands:
        story += [pdf.spacer(), pdf.table([["候选人", "得票", "结果"]] + [
            [c.name + (rules.WRITE_IN_LABEL if c.write_in else ""), c.votes, "当选" if c.elected else "得票相同，须另行确定" if c.elected is None else "未当选"]
            for c in cands], [70, 40, 64], header=True)]
    header, rows = tally_table(motion)
    width = 174 / len(header)
    story += [pdf.spacer(), pdf.para("各代表团计票", s["h"]),
              pdf.table([header, *rows], [width] * len(header), style=s["cell"], header=True), pdf.spacer(),
              pdf.para(f"计票规则：{motion.rule_version}（《企业民主管理规定》：全体代表三分之二以上出席；"
                       "须超过全体代表半数；民法典 第一千二百五十九条）", s["small"]),
              pdf.para(f"表决时间：{motion.opened_at:%Y-%m-%d %H:%M} 至 {motion.closed_at:%Y-%m-%d %H:%M}", s["small"]),
              pdf.spacer(6), pdf.keep_together([pdf.signature_blocks(["大会主持人", "计票人", "监票人"])])]
    return pdf.build(motion.title, story)
