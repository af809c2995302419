"""What the help center's build and the demo both quote: the words of both languages (``catalog``),
the one table of figures (``figures``), the limits the pages state (``limits``), the guided
scenarios (``scenarios``) and what the feedback widget asks (``feedback``).

Imports nothing of ours but ``otp_core``, so the site builds with the writers' light install."""
