"""The ledger (台账): import from and export to .xlsx and .csv with Chinese column headers."""

from storage.ledger.export import export_ledger
from storage.ledger.importer import import_ledger
from storage.ledger.monthly import export_monthly_report
from storage.ledger.result import Counts, ImportResult, LedgerError, RowError

__all__ = [
    "Counts",
    "ImportResult",
    "LedgerError",
    "RowError",
    "export_ledger",
    "export_monthly_report",
    "import_ledger",
]
