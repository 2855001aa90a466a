"""The matching evaluation: precision@3 on the hand-labelled intents (eval_data.py) at or above the issue's 0.7,
on the set the matcher was tuned on and on the held-out set written after tuning."""

import pytest

from niangjia.jobs import eval_data
from niangjia.jobs.matching_eval import evaluate


def test_the_labelled_set_has_at_least_50_intents_and_every_label_is_a_post_of_the_pool():
    assert len(eval_data.INTENTS) >= 50
    for *_i, right in eval_data.INTENTS + eval_data.HELDOUT:
        assert right and all(slug in eval_data.POOL for slug in right)


@pytest.mark.django_db
@pytest.mark.parametrize("heldout", [False, True])
def test_precision_at_3_meets_the_target(heldout):
    result = evaluate(heldout=heldout)
    assert result["precision"] >= 0.7, [r for r in result["per_intent"] if r[3] < 1]
