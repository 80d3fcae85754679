"""The `diaodu` command line: one module per verb group.

`main.py` parses the arguments (`arguments.py`), loads the settings and hands over to one
verb, importing that verb's module alone; every verb takes (args, settings) and returns an
exit status, printing Chinese messages for office staff. Verbs reach storage and the jobs
directly; their error type is in `errors.py`, what else they share (opening the database,
the calendar check) in `common.py`.
"""
