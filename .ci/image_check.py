"""What the slimmed image must still do, run inside it by the compose test (`python - < this`, as
the user cameramap, photos of ../shared/fixtures/photos mounted at /photos): every native library
the site relies on, used the way the site uses it. .ci/image_slim.py removes from the image what
never runs and swaps some wheels' libraries for Debian's; this proves nothing it removed or
swapped was needed. Prints one line per check; exits non-zero at the first failure.
"""

import ctypes
import http.server
import io
import logging
import os
import re
import sys
import threading
import time
import zlib
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import django

PHOTOS = Path("/photos")


def check(name):
    def run(function):
        started = time.monotonic()
        detail = function()
        print(f"ok {name} ({time.monotonic() - started:.1f} s): {detail}", flush=True)
        return function
    return run


django.setup()
logging.getLogger("weasyprint").setLevel(logging.WARNING)


@check("photos")
def photos():
    """Decoding (simplejpeg, Pillow, pillow-heif), OpenCV's Haar cascades, the blur and the
    perceptual hash (SciPy's DCT), through the site's own photo pipeline."""
    from cameramap.photos.render import photo_render

    done = []
    for name in ("jpg_gps_DSCN0010.jpg", "heic_mobile_iphone_13_pro_max.HEIC"):
        rendered = photo_render((PHOTOS / name).read_bytes(), max_pixels=60_000_000)
        assert rendered.display[:2] == b"\xff\xd8" and len(rendered.phash) == 16, name
        done.append(f"{name} {rendered.width}x{rendered.height}, {len(rendered.blurred)} blurred")
    return "; ".join(done)


@check("opencv_lapack")
def opencv_lapack():
    """OpenCV's BLAS and LAPACK routines, served by Debian's libraries instead of its OpenBLAS."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(1)
    a, b = rng.random((6, 6)) + 6 * np.eye(6), rng.random((6, 1))
    assert np.allclose(cv2.gemm(a, b, 1, None, 0), a @ b)
    for method in (cv2.DECOMP_LU, cv2.DECOMP_SVD, cv2.DECOMP_QR, cv2.DECOMP_CHOLESKY):
        ok, x = cv2.solve(a @ a.T, b, flags=method)
        assert ok and np.allclose(a @ a.T @ x, b), method
    return "gemm and solve (LU, SVD, QR, Cholesky) agree with NumPy"


@check("scipy_numpy")
def scipy_numpy():
    """The official lists' exact assignment and NumPy's own linear algebra."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]]))
    assert cols.tolist() == [1, 0, 2], cols
    a = np.arange(1, 10.0).reshape(3, 3) + np.eye(3)
    assert np.allclose(a @ np.linalg.solve(a, np.ones(3)), np.ones(3))
    return f"linear_sum_assignment {cols.tolist()}, numpy.linalg.solve"


@check("dossier_pdf")
def dossier_pdf():
    """WeasyPrint with Pango, HarfBuzz's subsetting and the DejaVu font, in Cyrillic and Latin."""
    from cameramap.datasets.dossiers import dossier_pdf

    pdf = dossier_pdf('<html lang="sr"><body><h1>Надзорне камере</h1><p>Nadzorne kamere, 1757.</p></body></html>')
    streams = [zlib.decompress(data) for data in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
               if data[:1] == b"x"]
    fonts = sorted({name.decode() for data in [pdf, *streams] for name in re.findall(rb"/BaseFont\s*/(\w+\+[\w-]+)", data)})
    assert pdf.startswith(b"%PDF") and any("DejaVu" in font for font in fonts), (pdf[:40], fonts)
    return f"{len(pdf)} bytes, fonts subset and embedded: {', '.join(fonts)}"


@check("geo")
def geo():
    """GEOS, GDAL and PROJ through GeoDjango, datum shifts included (an official list may come
    in any coordinate system; one of them through proj-data's grids), Shapely, SpatiaLite's
    library (GDAL's)."""
    import shapely
    from django.contrib.gis.gdal import SpatialReference
    from django.contrib.gis.geos import Point

    mercator = Point(20.4612, 44.8125, srid=4326).transform(3857, clone=True)
    assert abs(mercator.x - 2277730) < 2, mercator.x
    swiss = Point(600000, 200000, srid=21781).transform(4326, clone=True)  # Bern, CH1903
    assert abs(swiss.x - 7.438632) < 1e-5 and abs(swiss.y - 46.951083) < 1e-5, swiss.coords  # within a metre
    # DHDN (Germany) to WGS 84 goes through proj-data's BETA2007 grid: 0.5 m off without it.
    german = Point(3500000, 5400000, srid=31467).transform(4326, clone=True)
    assert abs(german.x - 8.998975485) < 1e-7 and abs(german.y - 48.737534874) < 1e-7, german.coords
    assert Point(0, 0, srid=3857).buffer(10).area > 300
    assert SpatialReference(4326).geographic
    assert shapely.Point(0, 0).buffer(1).intersects(shapely.Point(0.5, 0.5))
    ctypes.CDLL("libspatialite.so.7")
    return (f"Belgrade in EPSG:3857 {mercator.x:.0f}, Bern from CH1903 {swiss.x:.6f} {swiss.y:.6f},"
            f" DHDN through BETA2007 {german.x:.7f} {german.y:.7f}")


@check("formats")
def formats():
    """What the imports and exports read and write: OSM XML and PBF (osmium, lxml), XLSX
    (openpyxl), vector tiles, PostgreSQL's client library."""
    import mapbox_vector_tile
    import openpyxl
    import osmium
    import psycopg
    from lxml import etree

    osm = b'<osm version="0.6"><node id="1" lat="44.8" lon="20.4" version="1"><tag k="man_made" v="surveillance"/></node></osm>'
    path = Path("/tmp/check.osm")
    path.write_bytes(osm)
    nodes = [node.id for node in osmium.FileProcessor(str(path), osmium.osm.NODE)]
    assert nodes == [1] and etree.fromstring(osm).find("node").get("id") == "1"
    book = openpyxl.Workbook()
    book.active.append(["lat", "lon"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).active["A1"].value == "lat"
    tile = mapbox_vector_tile.encode([{"name": "cameras", "features": [{"geometry": "POINT(1 1)", "properties": {}}]}])
    return f"osmium node {nodes}, XLSX, tile {len(tile)} bytes, libpq {psycopg.pq.version()} ({psycopg.pq.__impl__})"


@check("languages")
def languages():
    """The site's three languages, its own catalogue and Django's (the others' are removed)."""
    from django.utils import translation

    said = {}
    for code in ("en", "sr", "sr-latn"):
        with translation.override(code):
            said[code] = str(translation.gettext("Yes"))
    assert said == {"en": "Yes", "sr": "Да", "sr-latn": "Da"}, said
    return ", ".join(f"{code}: {word}" for code, word in said.items())


class BucketHandler(http.server.BaseHTTPRequestHandler):
    """A bucket in memory, answering what django-storages sends an S3-compatible server for one
    object: PUT, HEAD, GET, DELETE (bodies in aws-chunked encoding decoded). It checks no
    signature; the check below looks at them."""

    objects: dict = {}
    seen: list = []

    def log_message(self, *args):
        pass

    def key(self) -> str:
        self.seen.append((self.command, self.headers.get("Authorization", "")))
        return self.path.split("?")[0]

    def body(self) -> bytes:
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if "aws-chunked" not in self.headers.get("Content-Encoding", ""):
            return raw
        data = b""
        while True:
            head, raw = raw.split(b"\r\n", 1)
            size = int(head.split(b";")[0], 16)
            if size == 0:
                return data
            data, raw = data + raw[:size], raw[size + 2:]

    def answer(self, status: int, body: bytes = b"") -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", '"check"')
        self.send_header("Content-Type", "application/xml" if status == 404 else "application/octet-stream")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_PUT(self):
        self.objects[self.key()] = self.body()
        self.answer(200)

    def do_GET(self):
        key = self.key()
        if key in self.objects:
            self.answer(200, self.objects[key])
        else:
            self.answer(404, b"<Error><Code>NoSuchKey</Code><Message>no such key</Message></Error>")

    do_HEAD = do_GET

    def do_DELETE(self):
        self.objects.pop(self.key(), None)
        self.answer(204)


@contextmanager
def bucket_server():
    """The bucket on the container's loopback (the check runs without network)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), BucketHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@check("object_storage")
def object_storage():
    """MEDIA_STORAGE=s3 with what .ci/image_slim.py left of botocore's models (S3 and STS): the
    site's storages as settings/storage.py builds them, a photo saved, read back, found, signed
    and deleted through a bucket on loopback; a signed URL for AWS's own S3 (its endpoint rules)."""
    import boto3
    import botocore.session
    import environ
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from cameramap.settings.storage import storages_from_env

    session = botocore.session.get_session()
    operations = {name: len(session.get_service_model(name).operation_names) for name in ("s3", "sts")}
    with bucket_server() as endpoint:
        variables = {"MEDIA_STORAGE": "s3", "S3_BUCKET": "check", "S3_ENDPOINT_URL": endpoint,
                     "S3_ACCESS_KEY_ID": "check", "S3_SECRET_ACCESS_KEY": "check-check"}
        with mock.patch.dict(os.environ, variables):
            config = storages_from_env(environ.Env())
        private, public = storages.create_storage(config["private"]), storages.create_storage(config["default"])
        photo = b"\xff\xd8 a photo"
        name = private.save("photos/check.jpg", ContentFile(photo, name="check.jpg"))
        with private.open(name) as stored:
            assert stored.read() == photo
        assert private.exists(name) and not private.exists("photos/none.jpg")
        signed = private.url(name)
        assert re.search(r"X-Amz-Algorithm=AWS4-HMAC-SHA256&.*X-Amz-Signature=[0-9a-f]{64}", signed), signed
        assert public.url("photos/a.jpg") == f"{endpoint}/check/public/photos/a.jpg", public.url("photos/a.jpg")
        private.delete(name)
        assert not private.exists(name) and not BucketHandler.objects
    assert all(auth.startswith("AWS4-HMAC-SHA256 Credential=check/") for _method, auth in BucketHandler.seen)
    aws = boto3.client("s3", region_name="eu-central-1", aws_access_key_id="check", aws_secret_access_key="check-check")
    url = aws.generate_presigned_url("get_object", Params={"Bucket": "check", "Key": "a.jpg"})
    aws_url = r"https://check\.s3\.(eu-central-1\.)?amazonaws\.com/a\.jpg\?.*%2Feu-central-1%2Fs3%2Faws4_request"
    assert re.match(aws_url, url), url
    services = session.get_available_services()
    return (f"{len(BucketHandler.seen)} signed requests ({', '.join(sorted({m for m, _a in BucketHandler.seen}))}),"
            f" models {operations} operations, services left {services}")


sys.exit(0)
