"""Choices the pages need, without importing models into views."""

RELATION_KINDS = [("employed", "曾在该单位工作（近 3 年）"), ("director", "担任该单位董事、监事"),
                  ("controller", "该单位控股股东或实际控制人"), ("family", "该单位法定代表人的亲属"),
                  ("other", "其他可能影响公正的关系")]
