"""DingTalk (钉钉): app-robot callback checks and custom-robot webhook signing."""
