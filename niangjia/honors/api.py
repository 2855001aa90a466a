from ninja import Router

router = Router(tags=["评优评先"])
