"""Synthetic annual reports, consistent or deliberately broken, rendered into every layout.

    from gongkai.synth import generate, render, LAYOUTS
    report = generate(42, fmt="2021", defects=["requests.balance"])
    data, name = render(report, "html", random.Random(1))
"""
from .model import DEFECTS, SyntheticReport, compatible, generate  # noqa: F401
from .layouts import LAYOUTS, Layout, register, render  # noqa: F401
