from ninja import Router

router = Router(tags=["活动报名"])
