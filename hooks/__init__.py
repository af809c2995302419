"""MkDocs hooks for the help center; each module is listed under ``hooks:`` in mkdocs.yml."""
