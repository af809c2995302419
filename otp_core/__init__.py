"""The one-time-password core the help center's build hooks and the demo share.

One implementation of the code rules, the key and recovery-code policy, the Key URI
and the QR code, so the articles show exactly what the demo issues and accepts. Pure
and framework-free: time is an argument, randomness comes from ``secrets``.

- ``totp``: RFC 6238 codes, the time step, digits, algorithm and window
- ``keys``: the keys the service issues and the shortest it accepts, and how a person sees one
- ``recovery_codes``: how many, how long, from which symbols
- ``key_uri``: the otpauth:// URI an authenticator app reads from the QR code
- ``qr``: the QR code of a URI as SVG

Like ``demo`` and ``hooks`` it runs from the checkout and is never installed.
"""
