# Cross-module tests reuse relief's fixtures (households, reference data, a grassroots staff member).
from niangjia.relief.tests.conftest import make_household, ref, staff_a  # noqa: F401
