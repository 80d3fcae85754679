"""The `diaodu` command line: one module per verb group.

`main.py` parses the arguments, loads the settings and hands over to one verb; every verb
takes (args, settings) and returns an exit status, printing Chinese messages for office staff.
Verbs reach storage and the jobs directly; what they share (their error type, opening the
database) is in `common.py`.
"""
