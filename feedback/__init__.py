"""What readers tell the writers: the store (``store``), its two JSON endpoints (``routes``), the
writers' report (``python -m feedback.report``) and the same report as a page for staff
(``report_page``, with its figures in ``dashboard``)."""
