"""The demo ledger of `diaodu demo`: a generated 城区-like workbook and its report history.

`names` holds the name tables, `schedule` the dates, `people` and `plan` generate the rows of
`rows`, `ledger` writes them as an office-style .xlsx (imported like any ledger), and `reports`
seeds weeks of progress reports into the database so lights and rankings have a story.
"""
