"""The ledger (台账): import from and export to .xlsx and .csv with Chinese column headers.

`importer` reads (`book` tells sheets apart and refuses files that are not a ledger, the 月报表
among them), checks every row (`crossrow`, `units`: no unit invented by a typo) and writes
(`load_people`, `load_projects`) in one transaction, or nothing; `result` says what changed.
"""

from storage.ledger.counts import Counts
from storage.ledger.export import export_ledger
from storage.ledger.importer import import_ledger
from storage.ledger.monthly import export_monthly_report
from storage.ledger.result import ImportResult, LedgerError, RowError

__all__ = [
    "Counts",
    "ImportResult",
    "LedgerError",
    "RowError",
    "export_ledger",
    "export_monthly_report",
    "import_ledger",
]
