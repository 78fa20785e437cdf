"""Exports of the catalogue for other programs: calendars (ICS), news feeds (Atom), open data
(JSON, CSV, JSON Schemas) and Schema.org structured data (JSON-LD).

Pure functions from the catalogue to text or bytes, without MkDocs: :func:`portal.exports.bundle.planned_files`
lists every file of a build with the function that makes it, and the site build
(:class:`portal.site.build.Exports`) writes them in a background process for MkDocs to copy.
Templates ask :mod:`portal.exports.addresses` where a file lies, so links and files never disagree.
"""
