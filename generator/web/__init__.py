"""The web page of vanban (``vanban serve``): the same provinces, builds and checker as the
command line, for an office that works in a browser rather than a terminal.

The province YAML files stay the single source of truth and the output folders keep their
manifests and history, so the command line and the page share everything. Pages are
rendered on the server (Jinja) and made live with htmx, shipped in ``static/``.
"""
