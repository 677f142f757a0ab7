"""`handbook desk`: a local web application over the project's own data files.

Forms over the same files the commands edit, on the setting's own computer: no account, and
nothing leaves it.  The files stay the single source of truth; every save goes through the one
line editor (core/yaml_lines.py), is validated like `handbook check` reads the file
(core/edits.py) and replaces the file atomically.

The HTTP part (app.py, guard.py, server.py) is kept thin: what the pages mean, grouping the
findings into tasks (tasks.py), reading a form into an edit of a file (setting_form.py,
people.py, saving.py), an uploaded document into a draft or a plan (importing.py), is plain
functions tested without a server.
"""
