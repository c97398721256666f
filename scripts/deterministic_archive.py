#!/usr/bin/env python3
"""Packs a published folder into a byte-reproducible archive (used by scripts/publish.sh).

    deterministic_archive.py SOURCE_DIR OUTPUT_DIR NAME RID

linux-* runtimes get NAME.tar.gz, win-* runtimes NAME.zip. Entries are sorted by path, every time is
SOURCE_DATE_EPOCH, owner and group are 0 with no names, modes are 0755 (directories and files that were
executable) or 0644, the gzip header carries no file name and the epoch as its time. Symbolic links and
other special files are refused: a published folder has none, and packing one would hide what it points to.
"""

import gzip
import os
import stat
import sys
import tarfile
import time
import zipfile


def entries(source):
    """Every directory and file under source, as (relative posix path, absolute path, is_dir), sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(source):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            mode = os.lstat(full).st_mode
            if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                raise SystemExit(f"deterministic_archive: refusing special file {full}")
            rel = os.path.relpath(full, source).replace(os.sep, "/")
            found.append((rel, full, stat.S_ISDIR(mode)))
    found.sort(key=lambda e: e[0].encode("utf-8"))
    return found


def normal_mode(full, is_dir):
    if is_dir:
        return 0o755
    return 0o755 if os.stat(full).st_mode & 0o111 else 0o644


def write_tar_gz(source, target, top, epoch):
    with open(target, "wb") as out, \
            gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=epoch) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for rel, full, is_dir in [("", source, True)] + entries(source):
            info = tarfile.TarInfo(top if rel == "" else f"{top}/{rel}")
            info.mtime = epoch
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mode = normal_mode(full, is_dir)
            if is_dir:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = os.path.getsize(full)
                with open(full, "rb") as handle:
                    tar.addfile(info, handle)


def write_zip(source, target, top, epoch):
    # Zip times are local DOS times from 1980 on; use the UTC calendar time of the epoch, clamped to 1980.
    stamp = max(time.gmtime(epoch)[:6], (1980, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(target, "w") as archive:
        for rel, full, is_dir in entries(source):
            if is_dir:
                continue
            info = zipfile.ZipInfo(f"{top}/{rel}", date_time=stamp)
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | normal_mode(full, False)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(full, "rb") as handle:
                archive.writestr(info, handle.read(), compresslevel=9)


def main(argv):
    if len(argv) != 5:
        raise SystemExit(__doc__)
    source, output, name, rid = argv[1:]
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    if rid.startswith("win-"):
        target = os.path.join(output, f"{name}.zip")
        write_zip(source, target, name, epoch)
    else:
        target = os.path.join(output, f"{name}.tar.gz")
        write_tar_gz(source, target, name, epoch)
    print(f"deterministic_archive: {target}")


if __name__ == "__main__":
    main(sys.argv)
