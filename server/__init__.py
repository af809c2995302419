"""The one process: the help center's files, the demo at ``/demo/`` and the feedback at
``/feedback/`` (``app``), its settings from the environment (``settings``), and every response
header policy (``headers``). ``python -m server`` starts it."""
