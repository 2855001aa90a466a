"""Serving lesson files with HTTP Range (RFC 9110 §14): phones seek in a video and Safari refuses to play a
video whose server does not answer `Range: bytes=0-1` with 206. Django's FileResponse has no Range support,
so this streams the asked-for bytes from the storage (local disk or an object store) itself."""

from django.http import HttpResponse, StreamingHttpResponse

from niangjia.training import rules_courses as rules

BLOCK = 64 * 1024


def _stream(fieldfile, start: int, length: int):
    with fieldfile.storage.open(fieldfile.name, "rb") as f:
        f.seek(start)
        left = length
        while left > 0:
            data = f.read(min(BLOCK, left))
            if not data:
                return
            left -= len(data)
            yield data


def ranged_response(request, fieldfile, *, size: int, content_type: str, etag: str = "",
                    filename: str = "") -> HttpResponse:
    """200 with the whole file, 206 with one byte range, or 416 for a range past the end."""
    quoted_etag = f'"{etag}"' if etag else ""
    header = request.headers.get("Range")
    if header and request.headers.get("If-Range") and request.headers.get("If-Range") != quoted_etag:
        header = None  # the client's copy is stale: send the whole current file
    try:
        byte_range = rules.parse_range(header, size)
    except rules.RangeNotSatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    if byte_range is None:
        start, length, status = 0, size, 200
    else:
        start, length, status = byte_range.start, byte_range.length, 206
    if request.method == "HEAD":
        response = HttpResponse(status=status, content_type=content_type)
    else:
        response = StreamingHttpResponse(_stream(fieldfile, start, length), status=status,
                                         content_type=content_type)
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{start + length - 1}/{size}"
    if quoted_etag:
        response["ETag"] = quoted_etag
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
