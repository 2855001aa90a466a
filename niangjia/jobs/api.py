from ninja import Router

router = Router(tags=["线上招聘"])
