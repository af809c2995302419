"""What readers tell the writers: the store (``store``), its two JSON endpoints (``routes``) and the
writers' report (``python -m feedback.report``)."""
