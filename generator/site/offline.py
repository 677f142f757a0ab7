"""The handbook without a server or a network: file:// search and the shared-drive zip.

Material's `offline` plugin inlines the search index so search works from a shared drive, but
it points pages at the iframe-worker shim on a public CDN. A confidentiality handbook must talk
to no third party, so the shim is served from the site itself. It is vendored in this package
(site/theme/, with its licence), so installing the tool needs pip alone; the theme folder's
files are copied into every site. package.json pins the same npm package, and a test compares
the two, so updating the shim is a deliberate step: `npm install iframe-worker@NEW`, copy
shim/index.js over theme/assets/javascripts/iframe-worker/shim.js (and its LICENSE), and set
SHIM_VERSION.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

# Where the shim and its licence live inside the built site (and inside site/theme/).
SHIM_PATH = "assets/javascripts/iframe-worker/shim.js"
SHIM_LICENCE_PATH = "assets/javascripts/iframe-worker/LICENSE.txt"
SHIM_VERSION = "1.0.4"  # the npm package iframe-worker it was copied from (package.json pins it)

# The zip's entries sit under one folder, so unpacking it on a shared drive makes one folder.
ZIP_FOLDER = "handbook"
ZIP_NAME = "handbook-offline.zip"
# Fixed timestamp for every entry (the earliest a zip can hold), so the same site gives the
# same bytes whenever it is built.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


class OfflineError(FileNotFoundError):
    """A file the offline handbook needs is missing; the message says how to fix it.
    (A FileNotFoundError, so `handbook build` reports it as a stopped build, not a traceback.)"""


def use_local_shim(polyfills: list) -> list:
    """The page scripts with any remote iframe-worker replaced by the copy inside the site.

    Called from the MkDocs hook's on_config, before or after the offline plugin's: if before,
    the plugin sees an iframe-worker entry and adds no CDN one; if after, the CDN one goes here.
    """
    kept = [script for script in polyfills if "iframe-worker" not in str(script)]
    return [*kept, SHIM_PATH]


def write_offline_zip(site: Path, zip_path: Path) -> Path:
    """Pack the built site into one zip for copying to a shared drive or USB stick.

    Entries are sorted and carry fixed timestamps and permissions: the same site always gives
    the same zip, byte for byte.
    """
    if not (site / "index.html").is_file():
        raise OfflineError(f"{site}/index.html is missing: the site must be built before it is zipped")
    files = sorted(p for p in site.rglob("*") if p.is_file())
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w") as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{path.relative_to(site).as_posix()}", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a plain readable file, whatever the umask was
            info.create_system = 3  # Unix, so the permissions above are read as such
            # zlib's fastest level: for Homerton's site (3.5 MB) 1.0 MB against 0.8 MB at the
            # default level 6, in 0.026 s against 0.087 s of CPU, paid by every build whose site
            # changed; a fifth more of a shared drive's space is nothing, the time is a preview's.
            archive.writestr(info, path.read_bytes(), compresslevel=1)
    return zip_path
