"""An image test set made on the fly with Pillow (no binary fixtures in the repository)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg(size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (30, 90, 200), quality: int = 90,
         exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    im = Image.new("RGB", size, color)
    im.save(out, "JPEG", quality=quality, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def gps_exif() -> Image.Exif:
    """EXIF as a phone writes it: maker, model and a GPS position (León, Gto.)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "PhoneModel X"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (21.0, 7.0, 19.08)
    gps[3] = "W"
    gps[4] = (101.0, 41.0, 10.2)
    return exif


def gps_jpeg() -> bytes:
    return jpeg((320, 240), exif=gps_exif())


def rotated_phone_photo() -> bytes:
    """Stored 400x300 (landscape), top half red and bottom half blue, with orientation 6:
    a viewer shows it rotated 90° clockwise, 300x400 (portrait), red on the right."""
    im = Image.new("RGB", (400, 300), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 400, 150))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    out = io.BytesIO()
    im.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def phone_photo(size: tuple[int, int] = (4032, 3024), quality: int = 92, sigma: float = 18.0) -> bytes:
    """A typical phone photo stand-in: colour gradients plus sensor-like noise, JPEG q92."""
    w, h = size
    gradient = Image.linear_gradient("L").resize((w, h))
    noise = Image.effect_noise((w, h), sigma)
    radial = Image.radial_gradient("L").resize((w, h))
    im = Image.merge("RGB", (gradient, Image.blend(noise, radial, 0.5), Image.blend(radial, noise, 0.3)))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 30000) -> bytes:
    """A real PNG of side x side 1-bit pixels, all zero: ~100 KiB that decodes to side² pixels."""
    row = b"\x00" * (1 + (side + 7) // 8)
    comp = zlib.compressobj(9)
    parts = [comp.compress(row * 1000) for _ in range(side // 1000)]
    parts.append(comp.compress(row * (side % 1000)))
    parts.append(comp.flush())
    body = _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
    body += _chunk(b"IDAT", b"".join(parts))
    return b"\x89PNG\r\n\x1a\n" + body + _chunk(b"IEND", b"")


def truncated_jpeg() -> bytes:
    data = phone_photo((640, 480))
    return data[: len(data) // 2]


def zip_named_png() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("leeme.txt", "no soy una imagen")
    return out.getvalue()


def png_header_then_zip() -> bytes:
    """PNG magic bytes followed by a ZIP archive (passes a magic-bytes check, is no image)."""
    return b"\x89PNG\r\n\x1a\n" + zip_named_png()


def webp_rgba() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (50, 40), (10, 200, 10, 128)).save(out, "WEBP")
    return out.getvalue()
