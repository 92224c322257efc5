"""Cultivation (高企培育): district screening runs, the cultivation pool with plans and visits, and tiers.

Services: ``screening.run_screening`` (vectorised district screening, stored per enterprise and compared
with the previous run), ``pool`` (entry, exit, plans seeded from the engine's cheapest plan), ``tiers``
(tier records per year, transitions, 双倍增 progress). Design: docs/cultivation.md.
"""
