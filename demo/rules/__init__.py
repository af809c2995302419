"""The demo's rules: what may happen to an account, its codes, sessions and support requests.
No web framework here; time is an argument."""
