"""The two seeded policies as data (policies.md §2 and §3). Amounts marked example in the docs."""

CHONGQING_2020 = {
    "code": "CQ-LSJZ",
    "name": "重庆市总工会临时救助（2020，示例档位）",
    "kind": "temporary",
    "region_code": "500000",
    "effective_from": "2020-01-01",
    "params": {
        "kinds": {
            "hospitalization": {
                "label": "住院、突发事件或意外伤害",
                "basis": "ratio",
                "cap": {"fixed": "50000"},
                "tiers": [
                    {"min_ratio": "0.30", "amount": {"fixed": "2000"}},
                    {"min_ratio": "0.50", "amount": {"fixed": "5000"}},
                    {"min_ratio": "0.80", "amount": {"fixed": "10000"}},
                    {"min_ratio": "1.00", "amount": {"fixed": "20000"}},
                    {"min_ratio": "1.50", "amount": {"fixed": "30000"}},
                    {"min_ratio": "2.00", "amount": {"fixed": "50000"}},
                ],
            },
            "chronic": {
                "label": "重大疾病或慢性病长期门诊",
                "basis": "ratio",
                "cap": {"dibao_months": 18},
                "tiers": [
                    {"min_ratio": "0.20", "amount": {"dibao_months": 6}},
                    {"min_ratio": "0.50", "amount": {"dibao_months": 12}},
                    {"min_ratio": "1.00", "amount": {"dibao_months": 18}},
                ],
            },
            "special": {
                "label": "其他特殊困难（一次性）",
                "basis": "one_off",
                "cap": {"fixed": "2000"},
                "max": {"fixed": "2000"},
            },
        },
        "limit_to_self_paid": False,
        "city_approval_above": "10000",
    },
}

def demo_city_policy(year: int) -> dict:
    """The demo city's (示范市, regions 3301xx) own temporary-relief policy for `year`: its tiers are a copy
    of the Chongqing example table, labelled as the demo city's policy (example values, configurable)."""
    import copy

    return {
        "code": "SFS-LSJZ",
        "name": f"示范市总工会临时救助（{year}，示例档位，参照重庆市表格）",
        "kind": "temporary",
        "region_code": "330100",
        "effective_from": f"{year}-01-01",
        "params": copy.deepcopy(CHONGQING_2020["params"]),
    }


CATEGORY_STANDARDS = {
    "code": "KNZG-BZ",
    "name": "困难职工家庭认定与救助标准（省级示例）",
    "kind": "category",
    "region_code": "000000",
    "effective_from": "2020-01-01",
    "params": {
        "classification": {"deep_multiple": "1", "relative_multiple": "2", "sudden_loss_ratio": "0.8"},
        "standards": {
            "deep": {
                "living": {"dibao_months": 10},
                "education": {"dibao_months": 10},
                "medical": {"share": "1", "approval_levels": [["20000", "省级"], ["50000", "全国"]]},
                "multiple_kinds": True,
            },
            "relative": {
                "living": {"dibao_months": 8},
                "education": {"dibao_months": 8},
                "medical": {"share": "0.8", "max": "16000"},
                "multiple_kinds": False,
            },
            "sudden": {"medical": {"share_of_total": "0.15", "max": "10000"}, "multiple_kinds": False},
        },
        "exclusions": {
            "private_school": "子女就读高收费私立学校（学费超过公办 2 倍）或自费出国留学",
            "bought_home": "期间购买商品房",
            "bought_vehicle": "期间购买非生活必需机动车",
            "refused_work": "拒绝接受推荐的适当工作",
            "migrant_short": "农民工在城镇居住且实际就业不满 1 年",
        },
        "monitoring": {"borderline_multiple": "2.5", "unstable_exit_days": 365, "unstable_multiple": "2.5",
                       "medical_cost_ratio": "0.5", "medical_cost_min": "10000"},
        "city_approval_above": "10000",
    },
}

# 城市低保 (yuan / person / month). Demo values: check against the civil-affairs office before use.
DIBAO = [
    ("500000", 2020, "620.00", True, "重庆市城市低保（示例值，请按民政部门公布标准维护）"),
    ("500000", 2021, "660.00", True, "示例值"),
    ("330100", 2020, "1010.00", True, "演示城市低保（示例值）"),
    ("330100", 2021, "1060.00", True, "示例值"),
    ("330100", 2026, "1200.00", True, "示例值"),
]

# Names of seeded regions that have no union in the tree (shown instead of a bare code).
REGION_LABELS = {"500000": "重庆市（示例政策）", "330100": "示范市"}
