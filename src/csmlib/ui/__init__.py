"""What learners see and touch: the course-widget base, forms (reflections, artefacts,
exercises), the chart style and the dataset explorer.

Example:
    >>> from csmlib.ui.charts import PALETTE
    >>> PALETTE["blue"]
    '#0072B2'
"""
