"""What the test modules share besides fixtures (those live in tests/conftest.py):

- `apps`: the app under test (settings, a seeded client, row counts); `seed`: the small
  hand-made ledger most chat tests run on; `chat`: driving the app through the local adapter;
- `jobs`: a job context over a seeded database, as `diaodu jobs run` builds it;
  `digest_ledger`, `targets_ledger`: ledgers whose digest, ranking and target figures are
  worked out by hand; `plans`: a project's plan for one year in such ledgers; `reports`: a
  progress report put straight into a ledger (`add_report`); `demo`: the demo ledger;
- `dashboard`: a person's /看板 link and pages read through it; `browser`: a headless
  Chromium driven by Playwright;
- `ledger_files`: ledger workbooks and CSVs as offices keep them, for the import tests;
- `payloads`: the recorded platform payloads of tests/data; `platform_chat`: talking to the
  app as a platform does; `commands`: commands that exist only in tests (slow, failing, long);
  `config_file`: config files as an office writes them; `processes`: `diaodu serve` as
  separate processes for the fail-over and kill tests; `fuzz`: the Hypothesis profiles and
  strategies of the fuzz suites.
"""
