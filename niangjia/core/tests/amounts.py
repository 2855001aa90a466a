"""Amount texts that must never reach the database nor produce a 500 (issue 9, "Amounts everywhere").

Imported by each app's entry-point tests (forms and API), so every entry point is tried with the same table.
Each pair is (text as a person or client sends it, part of the Chinese reason expected back).
"""

BAD_AMOUNTS = [
    ("1e309", "必须是数字"),
    ("1E+30", "必须是数字"),
    ("1" * 29, "金额过大"),
    ("1,000", "千位分隔符"),
    ("１２３", "半角数字"),
    ("NaN", "必须是数字"),
    ("Infinity", "必须是数字"),
    ("-1", "不能是负数"),
    ("1.005", "两位小数"),
]

# Raw JSON numbers a client may send instead of strings: json.loads turns 1e309 into inf.
BAD_JSON_NUMBERS = [
    (1e309, "必须是数字"),
    (10 ** 29, "金额过大"),
    (-5, "不能是负数"),
    (1.005, "两位小数"),
]
