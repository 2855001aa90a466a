"""courses_for_keywords: what the jobs app offers as the "1 course" of a 1-3-1 packet."""

from niangjia.training.selectors import courses_for_keywords
from niangjia.training.tests.courses_fixtures import make_course


def test_ranks_visible_courses_by_keyword_match(tree, make_member):
    worker = make_member(tree.union_a).user
    title = make_course(tree.district_a, title="电工上岗培训", keywords="电工", category="skills", video=False)
    summary_only = make_course(tree.city, title="安全常识", keywords="", category="safety", video=False)
    summary_only.summary = "电工也要懂的安全常识"
    summary_only.save()
    make_course(tree.district_a, title="茶艺", keywords="茶", category="skills", video=False)  # no match
    got = courses_for_keywords(worker, ["电工"])
    assert [c.id for c in got] == [title.pk, summary_only.pk]
    assert got[0].score > got[1].score
    assert got[0].url == f"/training/courses/{title.pk}/"
    assert got[0].category == "职业技能"


def test_leaves_out_courses_the_worker_cannot_see(tree, make_member):
    worker = make_member(tree.union_a).user
    make_course(tree.district_b, title="电工 西湖区", video=False)                      # other district
    make_course(tree.district_a, title="电工 草稿", status="draft", video=False)        # not published
    make_course(tree.district_a, title="电工 仅二号单位", audience=tree.union_a2, video=False)  # other subtree
    visible = make_course(tree.district_a, title="电工 本单位", audience=tree.union_a, video=False)
    assert [c.id for c in courses_for_keywords(worker, ["电工"])] == [visible.pk]


def test_limit_and_empty_keywords(tree, make_member):
    worker = make_member(tree.union_a).user
    for i in range(5):
        make_course(tree.district_a, title=f"电工 {i}", video=False)
    assert len(courses_for_keywords(worker, ["电工"])) == 3
    assert len(courses_for_keywords(worker, ["电工"], limit=5)) == 5
    assert courses_for_keywords(worker, []) == []
    assert courses_for_keywords(worker, ["   "]) == []


def test_query_count_does_not_grow_with_courses(tree, make_member, django_assert_max_num_queries):
    worker = make_member(tree.union_a).user
    for i in range(8):
        make_course(tree.district_a, title=f"电工 {i}", video=False)
    with django_assert_max_num_queries(3):
        assert len(courses_for_keywords(worker, ["电工", "安全"], limit=3)) == 3


def test_demo_seeds_a_course_with_a_short_mp4_once(tree, make_member):
    import io

    from niangjia.training import demo_courses
    from niangjia.training.models import Course, Lesson

    demo_courses.seed(io.StringIO())
    demo_courses.seed(io.StringIO())  # idempotent
    assert Course.objects.filter(status="published").count() == 3
    lesson = Lesson.objects.get(kind="video")
    assert 0 < lesson.video_size < 1024 * 1024 and lesson.duration_seconds == 12 and lesson.poster
    worker = make_member(tree.union_a).user
    assert [c.title for c in courses_for_keywords(worker, ["家政"])] == ["家政服务员入门"]
