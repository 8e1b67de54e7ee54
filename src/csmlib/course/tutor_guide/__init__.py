"""The tutor guide: timings, session plans, discussion prompts, misconceptions, and model
answers with marking guidance, generated from the default data so its numbers stay true.

``csm tutor-guide`` writes it to ``tutors/guide/``: an index, the session plans and one page
per notebook. Each notebook's content is in ``notebook_NN.py`` (a ``guide(facts)``
function); the shapes are in :mod:`.model`, the data in :mod:`.facts`, the plans in
:mod:`.plans`, the pages in :mod:`.render`, and :mod:`.writer` puts them together.
"""
