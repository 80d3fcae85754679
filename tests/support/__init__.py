"""What the test modules share besides fixtures: the app under test (`apps`) and the recorded
platform payloads of tests/data (`payloads`). Fixtures themselves live in tests/conftest.py."""
