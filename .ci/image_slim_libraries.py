"""The shared libraries of the image's /venv, for .ci/image_slim.py: the wheels bundle their own
copies of libraries that Debian's packages of the image already have (OpenBLAS in OpenCV's, the
Fortran runtime, codecs, compression and Kerberos in others), and symbol tables only debuggers
read. Every change is checked the way Python will load the libraries (a new process, every
symbol bound at once) and undone where it would break one.
"""

import ctypes
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

SITE = Path(sysconfig.get_paths()["purelib"])
DEBIAN_LIBS = Path("/usr/lib/x86_64-linux-gnu")
# Libraries the wheels bundle that are interchangeable with Debian's copy of the same ABI name:
# image codecs, compression, TLS and Kerberos (psycopg's libpq), the GCC Fortran runtime. Not the
# geometry or numerical libraries (GEOS, OpenBLAS, libheif), whose versions change results.
DEBIAN_INSTEAD = {
    "libgfortran", "libquadmath", "libaom", "libdav1d", "libde265", "libpng16", "libjpeg", "libtiff",
    "libwebp", "libwebpdemux", "libwebpmux", "libsharpyuv", "liblcms2", "libfreetype", "libharfbuzz",
    "libopenjp2", "libzstd", "liblzma", "libbrotlicommon", "libbrotlidec", "libbz2", "liblz4", "libcrypto",
    "libssl", "libkrb5", "libkrb5support", "libk5crypto", "libgssapi_krb5", "libcom_err", "libkeyutils",
    "libldap", "liblber", "libsasl2", "libcrypt", "libxcb", "libXau",
}




def say(message: str) -> None:
    print(f"image_slim: {message}", flush=True)


def size(path: Path) -> int:
    return 0 if path.is_symlink() else path.stat().st_size


def needed_names(library: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def shared_objects() -> list[Path]:
    return [path for path in SITE.rglob("*.so*") if path.is_file() and not path.is_symlink()
            and path.read_bytes()[:4] == b"\x7fELF"]


def opencv_blas_from_debian() -> None:
    """OpenCV's wheel brings a whole OpenBLAS (39 MB) for 19 BLAS and LAPACK routines (gemm,
    gesv, gesdd, potrf…; `nm -D --undefined-only cv2.abi3.so`), none of them on the blur's path:
    the file cv2 asks for becomes Debian's reference LAPACK, which pulls Debian's BLAS with CBLAS."""
    for blas in (SITE / "opencv_python_headless.libs").glob("libopenblas*.so*"):
        freed = size(blas)
        blas.unlink()
        blas.symlink_to(DEBIAN_LIBS / "liblapack.so.3")
        say(f"{freed / 1e6:6.1f} MB  OpenCV's OpenBLAS, now Debian's LAPACK and BLAS")


def debian_name(library: Path) -> str | None:
    """The name Debian's package gives a library a wheel bundles under a hashed name
    (libpng16-529cb57a.so.16.58.0: libpng16.so.16), if it is one of those that can be swapped."""
    found = re.fullmatch(r"(lib[\w+]+?)(?:-[0-9a-f]{8})+\.so\.(\d+).*", library.name)
    if not found or found.group(1) not in DEBIAN_INSTEAD:
        return None
    return f"{found.group(1)}.so.{found.group(2)}"


def dependents(library: Path, objects: list[Path], needs: dict[Path, list[str]]) -> list[Path]:
    """The objects that load library, directly or through others."""
    found, names = [], {library.name}
    while True:
        more = [path for path in objects if path not in found and names & set(needs[path])]
        if not more:
            return found
        found += more
        names |= {path.name for path in more}


def debian_copies() -> None:
    """Libraries the wheels bundle that Debian's packages of the image also provide under the
    same ABI name (the codecs, compression, TLS, Kerberos and Fortran runtime of DEBIAN_INSTEAD,
    there for GDAL and Pango anyway): each wheel's copy becomes a link to Debian's, kept only if
    everything that loads it still loads with all symbols bound (a wheel built against a newer
    version that uses newer functions keeps its own). Debian's copies also get its security
    updates."""
    objects = shared_objects()
    needs = {path: needed_names(path) for path in objects}
    swapped, kept = {}, []
    for library in sorted(path for path in objects if path.parent.name.endswith(".libs")):
        name = debian_name(library)
        if name is None or not (DEBIAN_LIBS / name).exists():
            continue
        users = dependents(library, objects, needs)
        before = refused(users)
        swapped[library] = library.with_name(library.name + ".wheel")
        library.rename(swapped[library])
        library.symlink_to(DEBIAN_LIBS / name)
        if set(refused(users)) - set(before):
            kept.append(library)
            swapped.pop(library).replace(library)
    # Debian's copy must not run beside the wheel's own copy of one of its dependencies (Debian's
    # libssl with the wheel's libcrypto, its libtiff with the wheel's libjpeg): it stays whole.
    while mixed := [library for library in swapped if any(
            other.parent == library.parent and debian_name(other) in needed_names(DEBIAN_LIBS / debian_name(library))
            for other in kept)]:
        for library in mixed:
            kept.append(library)
            swapped.pop(library).replace(library)
    freed = sum(size(backup) for backup in swapped.values())
    for backup in swapped.values():
        backup.unlink()
    say(f"{freed / 1e6:6.1f} MB  the wheels' copies of {', '.join(sorted({debian_name(lib) for lib in swapped}))}: Debian's serve")
    say(f"kept their own (newer than Debian's, or with a dependency that is): {', '.join(lib.name for lib in kept) or 'none'}")


def orphaned_libraries() -> list[Path]:
    """Libraries of the wheels' `.libs` folders that nothing loads any more (OpenCV's Fortran
    runtime, once its OpenBLAS is gone)."""
    orphans = []
    while True:
        objects = [path for path in shared_objects() if path not in orphans]
        wanted = {name for path in objects for name in needed_names(path)}
        found = [path for path in objects if path.parent.name.endswith(".libs") and path.name not in wanted]
        if not found:
            return orphans
        orphans += found


def refused(objects: list[Path]) -> dict[Path, str]:
    """The shared objects the dynamic linker refuses, all symbols bound now (RTLD_NOW), with its
    message; asked of a new process, so that no copy loaded before a change answers for it."""
    if not objects:
        return {}
    out = subprocess.run([sys.executable, __file__, "--refused"], input="\n".join(map(str, objects)),
                         capture_output=True, text=True, check=True).stdout
    return {Path(line.split("\t")[0]): line.split("\t", 1)[1] for line in out.splitlines() if "\t" in line}


def print_refused() -> None:
    for line in sys.stdin.read().splitlines():
        try:
            ctypes.CDLL(line, mode=os.RTLD_NOW | os.RTLD_LOCAL)
        except OSError as error:
            print(f"{line}\t{error}")


def strip_symbols(objects: list[Path], refused_before: dict[Path, str]) -> None:
    """The symbol tables of the wheels' shared objects: only debuggers read them; the dynamic
    symbols the loader and Python use stay (`--strip-unneeded`). Some libraries that auditwheel
    patched no longer load once stripped ("ELF load command address/offset not page-aligned",
    NumPy's and SciPy's OpenBLAS): those keep their symbols."""
    before = sum(path.stat().st_size for path in objects)
    for path in objects:
        shutil.copy2(path, path.with_name(path.name + ".unstripped"))
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
    kept = []
    for _attempt in range(5):
        broken = {path: error for path, error in refused(objects).items() if path not in refused_before}
        culprits = {error.split(":")[0].rsplit("/", 1)[-1] for error in broken.values() if "page-aligned" in error}
        restore = [path for path in objects if path.name in culprits]
        if not broken:
            break
        if not restore:
            sys.exit("image_slim: the dynamic linker refuses, after stripping: " + "; ".join(broken.values()))
        for path in restore:
            path.with_name(path.name + ".unstripped").replace(path)
            kept.append(path.name)
    for path in objects:
        path.with_name(path.name + ".unstripped").unlink(missing_ok=True)
    say(f"{(before - sum(path.stat().st_size for path in objects)) / 1e6:6.1f} MB  symbol tables of the wheels' shared objects"
        f" (kept, as they break stripped: {', '.join(kept) or 'none'})")


if __name__ == "__main__":
    print_refused() if sys.argv[1:] == ["--refused"] else sys.exit("usage: image_slim_libraries.py --refused < paths")
