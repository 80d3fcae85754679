"""What the test modules share besides fixtures: the app under test (`apps`), the recorded
platform payloads of tests/data (`payloads`), messages sent as a platform account
(`platform_chat`) and the Hypothesis profiles and strategies of the fuzz suites (`fuzz`).
Fixtures themselves live in tests/conftest.py."""
