"""Purpose and legal basis of each kind of personal record (个人信息保护法 第七条、第十三条、第十七条).

Each record type says which personal data it holds, what it is used for, on which basis (the worker's consent
given by submitting the form, or what a contract or law makes necessary), who else receives it, and how long it
is kept. The notice is shown where the data is collected (the form includes `{% purpose_notice "<code>" %}`) and,
per record, on 我的个人信息. Core registers its own types; each app registers its types from its
AppConfig.ready() (core imports no app). Codes match the 我的办事 item codes (BusinessItem.code), so every item
in a worker's list finds its purpose.

The texts are Chinese data, like the retention periods they quote: a federation words them for its own notice.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Purpose:
    code: str
    record: str                # the record type, as the worker knows it
    data: str                  # which personal data it holds
    purpose: str               # what it is used for, and nothing else
    basis: str                 # 个人信息保护法 第十三条: consent, or what a contract or law makes necessary
    retention: str | Callable[[], str]  # how long it is kept (a callable reads the configured periods)
    shared_with: str = ""      # who else receives it, if anyone
    sensitive: bool = False    # 敏感个人信息 (第二十八条: health, financial accounts, ID numbers …)

    @property
    def retention_text(self) -> str:
        return self.retention() if callable(self.retention) else self.retention


_PURPOSES: dict[str, Purpose] = {}


def register(purpose: Purpose) -> None:
    _PURPOSES[purpose.code] = purpose


def get(code: str) -> Purpose | None:
    return _PURPOSES.get(code)


def all_purposes() -> list[Purpose]:
    return list(_PURPOSES.values())


CONSENT = "您的同意（提交本表即表示同意按上述用途处理）"


def _years(code: str, default_days: int) -> str:
    from niangjia.core.services import retention

    days = retention.periods().get(code, default_days)
    return f"{days // 365} 年" if days >= 365 and days % 365 == 0 else f"{days} 天"


def register_core() -> None:
    register(Purpose(
        code="profile", record="账号与实名信息", data="手机号、姓名、身份证号（加密保存，只显示部分号码）",
        purpose="登录、找回密码、核实会员身份（一人一个账号）、向您发送办事进度通知",
        basis=CONSENT + "；实名核验是办理会员业务所必需", retention="账号存续期间；注销账号后删除", sensitive=True))
    register(Purpose(
        code="membership", record="会籍", data="所在工会、会员编号、入会日期、部门岗位",
        purpose="工会会员管理、会员证、按会籍办理帮扶互助等业务",
        basis="履行工会法定职责所必需（《中华人民共和国工会法》《中国工会章程》）",
        retention="长期（工会会员档案，示例，可配置）"))
    register(Purpose(
        code="join", record="入会申请", data="姓名、所在单位、部门岗位、备注",
        purpose="工会审核您的入会申请", basis=CONSENT,
        retention=lambda: f"通过后转为会籍；未通过的自决定之日起 {_years('join_request_rejected', 365 * 3)} 后删除"))
    register(Purpose(
        code="transfer", record="转会申请", data="转出、转入工会及原因", purpose="办理会籍转移",
        basis=CONSENT + "；会籍管理所必需", retention="随会籍档案保存"))
    register(Purpose(
        code="payee", record="收款账户", data="户名、银行卡号（加密保存，只显示后四位）、开户银行及支行",
        purpose="把批准的帮扶金、互助金、慰问金发放到您的账户，不作他用",
        basis=CONSENT + "；发放款项所必需", shared_with="代发银行（仅批量代发文件中的户名、账号、开户行、金额）",
        retention="账号存续期间；注销账号后删除（已发放记录中的账号随财务凭证保存 30 年）", sensitive=True))
    register(Purpose(
        code="messages", record="站内消息", data="发给您的办事通知", purpose="告知办事进度和需要您处理的事项",
        basis="为办理您申请的业务所必需", retention=lambda: f"已读消息 {_years('message_read', 730)} 后删除"))
