"""What tests and benchmarks both need to run the project: a built copy of the help center,
the real server in its own process, and Chromium as this machine launches it. Not a test helper
and not installed: it runs from the checkout, like demo/ and hooks/."""
