"""Exports of the catalogue for other programs: calendars (ICS), news feeds (Atom), open data
(JSON, CSV, JSON Schemas) and Schema.org structured data (JSON-LD).

Pure functions from the catalogue to text or bytes, without MkDocs: :func:`portal.exports.bundle.site_files`
collects every file of a build, and the MkDocs glue (:mod:`portal.site.mkdocs_hooks`) puts them into the site.
Templates ask :mod:`portal.exports.addresses` where a file lies, so links and files never disagree.
"""
