"""Property: a feasible plan, once applied to the inputs, makes the real engine say ``pass``."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaoqi.policy import evaluate_records, load_parameters, plan_for
from gaoqi.policy.plan import Action, apply_actions
from gaoqi.policy.tests.test_plan import AS_OF, enterprise, with_last_year

PARAMS = load_parameters(AS_OF)


@st.composite
def short_enterprises(draw):
    record = enterprise(
        rd=(draw(st.integers(20, 120)), 75, 80),
        domestic=(draw(st.integers(0, 20)), 75, 80),
        ip={"class1": draw(st.integers(0, 1)), "class2": draw(st.integers(0, 6)), "self_developed": True},
        achievements_3y=draw(st.integers(0, 15)),
        rd_management={
            "system": draw(st.integers(0, 6)),
            "institution": draw(st.integers(0, 6)),
            "incentives": draw(st.integers(0, 4)),
            "talent": draw(st.integers(0, 4)),
        },
    )
    staff = draw(st.integers(2, 30))
    hitech = draw(st.integers(600, 2000))
    return with_last_year(record, scitech_staff=staff, hitech_revenue=hitech)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(short_enterprises())
def test_a_feasible_plan_applied_passes(record):
    plan = plan_for(record, AS_OF, params=PARAMS)
    if not plan["needed"]:
        assert plan["verdict_before"] == "pass"
        return
    actions = [Action(row["kind"], Decimal(str(row["amount"])), row["target"]) for row in plan["actions"]]
    [result] = evaluate_records(
        [apply_actions(record, actions, as_of=AS_OF, params=PARAMS)], AS_OF, params=PARAMS
    )
    passed = result["hnte"]["verdict"] == "pass" and result["hnte"]["score"]["min"] > 70
    assert passed == plan["verification"]["passed"]
    assert plan["verification"]["passed"] is plan["feasible"]
