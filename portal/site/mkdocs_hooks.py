"""Binds the portal's MkDocs glue to MkDocs: loaded through ``hooks:`` in mkdocs.yml.

MkDocs loads this file once per process and calls its ``on_*`` functions as a plugin's events;
each is the event of one :class:`~portal.site.plugin.PortalPlugin`, whose
:class:`~portal.site.session.BuildSession` therefore lives as long as the process (under
``mkdocs serve``, across rebuilds). The macros module finds the session as ``portal_session``
(:func:`portal.site.session.session_of`).

Why ``hooks:`` and not a plugin registered through an entry point: an entry point exists only once
the package's metadata is installed again (every virtual environment, after every change of
pyproject.toml), while ``hooks:`` names this file; the lifetime is the same (MkDocs keeps a
plugin with ``on_startup`` across rebuilds, and loads a hooks file once).
"""

from portal.site.plugin import PortalPlugin

_plugin = PortalPlugin()
portal_session = _plugin.session

on_startup = _plugin.on_startup
on_config = _plugin.on_config
on_files = _plugin.on_files
on_nav = _plugin.on_nav
on_page_content = _plugin.on_page_content
on_page_context = _plugin.on_page_context
on_post_page = _plugin.on_post_page
on_env = _plugin.on_env
on_template_context = _plugin.on_template_context
on_post_build = _plugin.on_post_build
on_build_error = _plugin.on_build_error
on_shutdown = _plugin.on_shutdown
on_serve = _plugin.on_serve
