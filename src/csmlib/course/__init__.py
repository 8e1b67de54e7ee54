"""Course mechanics: the criteria framework, the course map, self-check exercises (their
checking logic), the portfolio, its export and learner handouts. Nothing here builds a widget.

Example:
    >>> from csmlib.course import criteria
    >>> len(criteria.CRITERIA)
    27
"""
