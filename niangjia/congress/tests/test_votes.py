"""Secret ballots cannot be tied to delegates; racing ballots and check-ins hold one per delegate (PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from niangjia.conftest import requires_postgres
from niangjia.congress import services
from niangjia.congress.models import Ballot, BallotReceipt, CheckIn, Motion, SecretTally

pytestmark = pytest.mark.django_db


def _open(c, *, secret, present=7):
    for d in c.delegates[:present]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    motion = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="议题", kind="resolution",
                                    secret=secret)
    return services.open_motion(actor=c.chair, motion_id=motion.pk)


def test_a_secret_ballot_leaves_no_row_that_ties_a_choice_to_a_delegate(small_congress):
    c = small_congress
    motion = _open(c, secret=True)
    choices = ["yes", "no", "yes", "abstain", "yes", "no", "yes"]
    for d, choice in zip(c.delegates, choices, strict=True):
        services.cast_ballot(actor=d.user, motion_id=motion.pk, choice=choice)
    services.close_motion(actor=c.chair, motion_id=motion.pk)
    with connection.cursor() as cur:
        tables = [t for t in connection.introspection.table_names(cur) if t.startswith("congress_")]
        for table in tables:
            columns = [col.name for col in connection.introspection.get_table_description(cur, table)]
            cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cur.fetchall():
                record = dict(zip(columns, row, strict=True))
                if "choice" in record:
                    # The only rows holding a choice are the per-group counters: no delegate, no voter, no time.
                    assert table == SecretTally._meta.db_table or record.get("motion_id") != motion.pk
                    assert not {"delegate_id", "user_id", "at", "created_at"} & set(record)
    assert not Ballot.objects.filter(motion=motion).exists()
    assert BallotReceipt.objects.filter(motion=motion).count() == 7
    motion.refresh_from_db()
    assert (motion.yes, motion.no, motion.abstain) == (4, 2, 1) and motion.passed is True


def test_group_tallies_add_up_to_the_total(small_congress):
    from niangjia.congress.selectors import group_tallies

    c = small_congress
    motion = _open(c, secret=False)
    for d, choice in zip(c.delegates, ["yes", "no", "yes", "yes", "abstain", "yes", "no"], strict=True):
        services.cast_ballot(actor=d.user, motion_id=motion.pk, choice=choice)
    services.close_motion(actor=c.chair, motion_id=motion.pk)
    rows = group_tallies(Motion.objects.get(pk=motion.pk))
    assert [r["size"] for r in rows] == [4, 3]
    assert sum(r["yes"] for r in rows) == 4 and sum(r["no"] for r in rows) == 2 and sum(r["abstain"] for r in rows) == 1


def test_delegate_page_checks_in_and_votes_and_staff_page_opens_and_closes(client, small_congress):
    c = small_congress
    motion = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="食堂改善方案", kind="resolution",
                                    secret=False)
    for d in c.delegates[1:5]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    client.force_login(c.chair)
    page = client.get(reverse("congress:sitting", args=[c.sitting.pk])).content.decode()
    assert f'data-testid="open-{motion.pk}"' not in page and "达到法定人数后才能开始表决" in page  # 4 of 7
    client.force_login(c.delegates[0].user)
    page = client.get(reverse("congress:home")).content.decode()
    assert "应到 7 人，实到 4 人，法定 5 人" in page
    client.post(reverse("congress:check_in", args=[c.sitting.pk]))
    client.force_login(c.chair)
    page = client.get(reverse("congress:sitting", args=[c.sitting.pk])).content.decode()
    assert f'data-testid="open-{motion.pk}"' in page
    client.post(reverse("congress:motion_action", args=[motion.pk, "open"]))
    client.force_login(c.delegates[0].user)
    client.post(reverse("congress:vote", args=[motion.pk]), {"choice": "yes"})
    assert "您已投票" in client.get(reverse("congress:home")).content.decode()
    client.force_login(c.chair)
    client.post(reverse("congress:motion_action", args=[motion.pk, "close"]))
    client.force_login(c.delegates[0].user)
    page = client.get(reverse("congress:home")).content.decode()
    assert "未通过" in page and "未达到全体代表过半数 4 票" in page


def test_out_of_scope_staff_get_404_on_the_sitting_page(client, small_congress):
    client.force_login(small_congress.outsider_staff)
    assert client.get(reverse("congress:sitting", args=[small_congress.sitting.pk])).status_code == 404


def _race(fn, n):
    barrier = threading.Barrier(n)
    results = []

    def run(i):
        barrier.wait()
        try:
            results.append(fn(i))
        except Exception as exc:  # noqa: BLE001 - the test counts refusals
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("secret", [False, True])
def test_racing_ballots_with_duplicates_count_one_per_delegate(small_congress, secret):
    c = small_congress
    motion = _open(c, secret=secret)
    # 7 delegates, each sending their ballot several times at once: 28 requests racing.
    senders = [d for d in c.delegates for _ in range(4)]
    results = _race(lambda i: services.cast_ballot(actor=senders[i].user, motion_id=motion.pk,
                                                   choice=("yes", "no")[i % 2]), len(senders))
    accepted = [r for r in results if not isinstance(r, Exception)]
    assert len(accepted) == 7
    services.close_motion(actor=c.chair, motion_id=motion.pk)
    motion.refresh_from_db()
    assert motion.yes + motion.no + motion.abstain == 7
    if secret:
        assert BallotReceipt.objects.filter(motion=motion).count() == 7
    else:
        assert Ballot.objects.filter(motion=motion).count() == 7


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_racing_check_ins_record_each_delegate_once(small_congress):
    c = small_congress
    senders = [d for d in c.delegates for _ in range(3)]
    results = _race(lambda i: services.check_in(actor=senders[i].user, sitting_id=c.sitting.pk), len(senders))
    assert all(isinstance(r, int) for r in results)
    assert CheckIn.objects.filter(sitting=c.sitting).count() == 7


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_a_ballot_racing_the_close_is_either_counted_or_refused(small_congress):
    c = small_congress
    motion = _open(c, secret=False)

    def act(i):
        if i == 0:
            return services.close_motion(actor=c.chair, motion_id=motion.pk)
        return services.cast_ballot(actor=c.delegates[i].user, motion_id=motion.pk, choice="yes")

    _race(act, 7)
    motion.refresh_from_db()
    assert motion.status == "closed"
    assert motion.yes == Ballot.objects.filter(motion=motion).count()
