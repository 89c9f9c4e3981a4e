"""``baocao-check serve``: a small web application for the people who never open a terminal.

Authors upload a draft and read its findings, then take the annotated Word copy back; reviewers
upload several drafts or a ZIP and get the summary table; with ``--folder`` the page lists a
shared folder's drafts with their latest findings. Flask renders the pages (with the HTML
reporter's own templates), waitress serves them, and the checks run in a bounded pool of worker
processes (``pool.py``) so that one slow or hostile draft never blocks another user.
"""
