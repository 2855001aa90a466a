"""Knowledge-base search benchmark: jieba + FTS5 / tsvector with synonym expansion vs. a naive LIKE scan.

Loads the real seed articles plus --articles generated distractor articles (bags of words drawn from
the real articles' vocabulary, so they compete on the same terms) into a *separate* database, then
runs 50 labelled worker questions (paraphrases, synonyms, typos) and reports per-query p50/p95 and
recall@3 for both the production search and a naive LIKE scan measured in the same run.

    .venv/bin/python bench/rights.py --articles 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_rights .venv/bin/python bench/rights.py --articles 10000

Without DATABASE_URL it uses var/bench_rights.sqlite3 (migrated on the fly). It refuses to run unless
the database name contains "bench": it empties the knowledge-base tables.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niangjia.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_rights.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from niangjia.rights import search  # noqa: E402
from niangjia.rights.models import KnowledgeArticle  # noqa: E402
from niangjia.rights.services.kb import load_seed_articles  # noqa: E402

# 50 questions the way workers type them, each labelled with the article that answers it.
LABELLED = [
    ("厂里三个月没发工资了怎么办", "wage-arrears"),
    ("老板欠薪跑路了我去哪里讨薪", "wage-arrears"),
    ("工资一直拖着不给钱", "wage-arrears"),
    ("公司拖工资能不能申请支付令", "wage-arrears"),
    ("单位给我减薪了没商量", "wage-cut"),
    ("公司把我工资降低了两千", "wage-cut"),
    ("调岗以后降工资合法吗", "wage-cut"),
    ("国庆节加班工资怎么算", "overtime-pay"),
    ("周末加般费有多少", "overtime-pay"),
    ("入职八个月没签合同能要双倍工资吗", "no-written-contract"),
    ("公司一直不跟我签劳动和同", "no-written-contract"),
    ("一年的合同试用期能约定三个月吗", "probation"),
    ("试用期工资打七折合法吗", "probation"),
    ("被裁员补偿金怎么算", "severance-calc"),
    ("工作五年半被辞退能拿几个月n+1", "severance-calc"),
    ("公司无故开除我能赔多少钱", "unlawful-dismissal"),
    ("违法解雇2n赔偿", "unlawful-dismissal"),
    ("说我不胜任工作要炒鱿鱼要提前通知吗", "dismissal-grounds"),
    ("我想辞职要提前几天说", "resign-notice"),
    ("离职公司不批怎么办", "resign-notice"),
    ("公司不交五险我辞职能要补偿吗", "forced-resign"),
    ("怀孕了被公司辞退", "pregnancy-dismissal"),
    ("哺乳期公司要解除合同", "pregnancy-dismissal"),
    ("生孩子产假几天", "maternity-leave"),
    ("难产能多休几天生育假", "maternity-leave"),
    ("单位没给我交社会保险", "no-social-insurance"),
    ("公司让签自愿放弃社保承诺书", "waive-social-insurance"),
    ("被裁后失业金能领多久", "unemployment-benefit"),
    ("生病住院很久公司能开除我吗医疗期多长", "medical-period"),
    ("公司不给报公伤我自己能申请吗", "injury-application-deadline"),
    ("工伤认定多久内要申请", "injury-application-deadline"),
    ("出差路上受伤算工伤吗", "injury-scope"),
    ("上班时突发疾病死亡算不算工伤", "injury-scope"),
    ("下班骑电动车被撞了", "commute-accident"),
    ("工伤休养期间公司只发最低工资", "injury-wage"),
    ("停工留薪期最长多久", "injury-wage"),
    ("没买工伤保险受伤了医药费谁出", "injury-no-insurance"),
    ("九级伤残一次性补助金多少", "disability-lump-sum"),
    ("年假没休公司要补钱吗", "annual-leave"),
    ("工作十年年休假几天", "annual-leave"),
    ("到手工资比最低工资还低", "minimum-wage"),
    ("弄坏设备公司从工资里扣钱", "wage-deduction"),
    ("劳动仲裁要多久内提出", "arbitration-how"),
    ("调解协议单位到期不付钱", "mediation-agreement"),
    ("派遣工和正式工同工不同酬", "dispatch-equal-pay"),
    ("离职后竞业协议没给补偿", "non-compete"),
    ("培训后服务期没满离职赔多少", "training-service-period"),
    ("入职要交押金还扣身份证", "deposit-id-card"),
    ("干了十多年能要求签无固定期限合同吗", "open-ended-contract"),
    ("工作压力大天天失眠焦虑", "psych-stress"),
]


def reset(n_generated: int, seed: int) -> tuple[int, int]:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DELETE FROM rights_kb_fts")
    KnowledgeArticle.objects.all().delete()
    real = load_seed_articles()
    vocab = sorted({t for a in KnowledgeArticle.objects.all() for t in (a.title_tokens + " " + a.tokens).split()})
    rng = random.Random(seed)
    rows = []
    for i in range(n_generated):
        title = [rng.choice(vocab) for _ in range(rng.randint(3, 7))]
        body = [rng.choice(vocab) for _ in range(rng.randint(60, 140))]
        rows.append(KnowledgeArticle(slug=f"gen-{i}", category="other", title="".join(title)[:120],
                                     question="", answer="".join(body), references="生成的干扰文章",
                                     title_tokens=" ".join(title), tokens=" ".join(body)))
    with transaction.atomic():
        KnowledgeArticle.objects.bulk_create(rows, batch_size=2000)
        with connection.cursor() as cur:
            if connection.vendor == "sqlite":
                cur.execute("INSERT INTO rights_kb_fts(rowid, title_tokens, tokens) SELECT id, title_tokens, tokens "
                            "FROM rights_knowledgearticle WHERE slug LIKE 'gen-%%'")
            else:
                cur.execute("UPDATE rights_knowledgearticle SET search_vec = setweight(to_tsvector('simple', "
                            "title_tokens), 'A') || setweight(to_tsvector('simple', tokens), 'B'), "
                            "title_vec = to_tsvector('simple', title_tokens) WHERE slug LIKE 'gen-%%'")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE rights_knowledgearticle")  # also flushes the GIN pending lists
    return real, n_generated


def measure(fn, repeats: int):
    slugs = dict(KnowledgeArticle.objects.filter(slug__in=[s for _q, s in LABELLED]).values_list("slug", "id"))
    times, hits = [], 0
    for q, slug in LABELLED:
        got = fn(q)
        hits += slugs[slug] in got[:3]
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
            "max_ms": round(times[-1], 2), "recall_at_3": round(hits / len(LABELLED), 3), "queries": len(times)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(f"refusing to run on {name!r}: the database name must contain 'bench'")
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    real, gen = reset(args.articles, args.seed)
    load_s = time.perf_counter() - t0
    search.search("预热", 3)  # jieba dictionary load, once per process (not part of the per-query figure)
    fts = measure(lambda q: [r["id"] for r in search.search(q, limit=3)], args.repeats)
    like = measure(lambda q: search.naive_like(q, limit=3), args.repeats)
    out = {"vendor": connection.vendor, "articles": real + gen, "real_articles": real, "generated": gen,
           "load_s": round(load_s, 1), "fts": fts, "like": like, "python": platform.python_version(),
           "cpus": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
