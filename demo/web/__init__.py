"""The demo's web layer: thin routes, the request's view (``context``), who may do what
(``guards``), request limits and error pages (``middleware``), Post/Redirect/Get (``flashes``)."""
