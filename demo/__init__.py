"""The demo backend and the OTP logic shared with the help center's build hooks."""
