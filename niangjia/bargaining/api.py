from ninja import Router

router = Router(tags=["工资集体协商"])
