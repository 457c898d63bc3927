"""Listing the files kept in a Django storage (local disk or an S3 bucket), with their age.

Django's storage API lists one folder at a time (`listdir`) and asks each file's time separately,
which on a bucket is one request per file; a bucket is therefore listed by prefix, a thousand
objects and their times per request."""

import datetime as dt
import posixpath
from collections.abc import Iterator


def walk(storage, folder: str = "") -> Iterator[tuple[str, dt.datetime]]:
    """Every file under `folder` (the whole storage when it is empty): its storage name and its
    last modification (aware, as USE_TZ is on), in no order."""
    folder = folder.strip("/")
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:  # django-storages' S3Storage
        location = (getattr(storage, "location", "") or "").strip("/")
        skip = len(location) + 1 if location else 0
        prefix = "/".join(part for part in (location, folder) if part)
        for item in bucket.objects.filter(Prefix=f"{prefix}/" if prefix else ""):
            yield item.key[skip:], item.last_modified
        return
    yield from _walk_folders(storage, folder)


def _walk_folders(storage, folder: str) -> Iterator[tuple[str, dt.datetime]]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        path = posixpath.join(folder, name)
        yield path, storage.get_modified_time(path)
    for name in folders:
        yield from _walk_folders(storage, posixpath.join(folder, name))
