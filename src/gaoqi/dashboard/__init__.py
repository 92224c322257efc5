"""The leader's dashboard (驾驶舱), its Excel and PDF reports, and the district policy impact.

Design and figures: docs/dashboard.md.
"""
