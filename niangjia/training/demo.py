"""Demo data of the training app: each half seeds its own (courses and contests are built separately)."""


def seed(stdout) -> None:
    from niangjia.training import demo_contests, demo_courses

    demo_contests.seed(stdout)
    demo_courses.seed(stdout)
