"""`actueel build`: the news section as a static site.

plan (pure: which pages, their addresses, pagination, tag pages), pages (Markdown to HTML and
the Jinja2 templates: bytes out), build (the use case: read through the store, write through
store.Output). The default templates and stylesheet are in templates/.
"""
