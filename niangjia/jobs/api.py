"""Job fair API, mounted at /api/v1/jobs/. The phone client and the load tests use `GET /posts` exactly:
`{results: [{id, title, employer, location, salary_min, salary_max, score}]}` (amounts as decimal strings)."""

from ninja import Query, Router, Schema

from niangjia.jobs import selectors

router = Router(tags=["线上招聘"])


class JobsPostHit(Schema):
    id: int
    title: str
    employer: str
    location: str
    salary_min: str
    salary_max: str
    score: float


class JobsPostResults(Schema):
    results: list[JobsPostHit]


@router.get("/posts", response=JobsPostResults, summary="搜索正在招聘的岗位（结巴分词，与知识库同一搜索引擎）")
def posts(request, q: str = Query("", max_length=100), limit: int = Query(20, ge=1, le=50)):
    rows = selectors.search_posts(q=q, limit=limit)
    return {"results": [{"id": r["id"], "title": r["title"], "employer": r["employer"], "location": r["location"],
                         "salary_min": f"{r['salary_min']:.2f}", "salary_max": f"{r['salary_max']:.2f}",
                         "score": r["score"]} for r in rows]}
