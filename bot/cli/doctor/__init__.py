"""`diaodu doctor`: the configuration checked against the database, the calendar and each
platform, without sending a message people would see (unless asked to with --send-test)."""
