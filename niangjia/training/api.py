from ninja import Router

router = Router(tags=["云课堂与网上练兵"])
