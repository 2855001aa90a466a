"""Static files for production: content-hashed names (cached for a year by browsers and proxies) plus gzip.

Whitenoise's CompressedManifestStaticFilesStorage rewrites every reference it finds, including the
`sourceMappingURL` comments of the vendored minified files; their `.map` files are not shipped (they are
development aids), so collectstatic stopped with "file not found". Source-map comments are therefore left as
they are (a browser only fetches them with developer tools open and gets a 404), every other reference
(`url(...)`, `@import`) is still rewritten to the hashed name."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for extension, entries in patterns:
        entries = tuple(e for e in entries if "sourceMappingURL" not in (e if isinstance(e, str) else e[0]))
        if entries:
            kept.append((extension, entries))
    return tuple(kept)


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
