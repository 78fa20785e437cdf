"""The exports (calendars, feeds, open data, robots.txt; see :mod:`portal.exports`) and the news feed
as files MkDocs puts into the site; used by the MkDocs glue (:mod:`portal.site.plugin`)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from portal.exports import feeds
from portal.exports.addresses import NEWS_FEED
from portal.site.build import Build, put_file


def add_exports(files: Files, config: MkDocsConfig, build: Build) -> None:
    """Calendars, the feed "Neu und geändert", open data and robots.txt, from the catalogue: files on
    disk that a background process is still writing (:class:`portal.site.build.Exports`); MkDocs
    puts them into the site after ``on_env``, which waits for them (:class:`ExportFile`). Under
    ``mkdocs serve`` MkDocs does not see them: they follow the served site
    (``Build.exports_after_publishing``)."""
    for path in build.exports.paths:
        if path in files.src_uris:
            raise PluginError(f"docs/{path} überschneidet sich mit einer erzeugten Datei; benennen Sie die Datei um")
        if not build.exports_after_publishing:
            files.append(ExportFile.generated(config, path, abs_src_path=str(build.exports.folder / path)))


class ExportFile(File):
    """An exported file, which joins the site as a second name of the file in the exports' work
    folder (a hard link) instead of a copy, where both lie on one file system.

    Why: a 1,000-record site has about 850 exported files (calendars most), and MkDocs copies its
    static files one by one on its own process, between rendering the pages and the theme; a link
    writes no data and allocates no file. The work folder is removed after the build; the site's
    name keeps the file."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        put_file(Path(self.abs_src_path), Path(self.abs_dest_path))


def add_news_feed(files: Files, config: MkDocsConfig, build: Build) -> None:
    """The feed "Aktuelles" from the blog's posts (read by now, with their dates and excerpts)."""
    blog = config.plugins.get("material/blog")
    posts_dir = blog.config.post_dir.format(blog=blog.config.blog_dir).strip("/") + "/" if blog else None
    posts = []
    for file in files.documentation_pages():
        page = file.page
        if posts_dir is None or page is None or not file.src_uri.startswith(posts_dir):
            continue
        dates = page.config.date  # type: ignore[attr-defined]  # Material's blog post (its Post class) has config
        updated = getattr(dates, "updated", None)
        posts.append(feeds.Post(page.title or "", dates.created.date(), page.url,
                                feeds.post_summary(page.content or ""), updated.date() if updated else None))
    files.append(File.generated(config, NEWS_FEED, content=feeds.news_feed(posts, build.address)))
