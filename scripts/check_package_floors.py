#!/usr/bin/env python3
"""Fails when a resolved package is below its security floor (used by scripts/check-package-floors.sh).

    check_package_floors.py --floors FLOORS.tsv [--framework NAME=VERSION]...
                            [--bundled-versions SDK/Microsoft.NETCoreSdk.BundledVersions.props] LOCKFILE...

FLOORS.tsv rows: package, minimum version, why (tab-separated; '#' comments; a header row starting with
"package"). A package ending in '*' is a prefix row; an exact row wins over a prefix row and a longer prefix
over a shorter one. Rows named "framework:NAME" are checked against --framework NAME=VERSION.
Every resolved package of every target (direct and transitive, all runtimes) of every lock file is checked.
Exit 0: all at or above their floors. Exit 1: one line per package below its floor. Exit 2: bad input.
"""

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ElementTree

_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


def parse_version(text):
    """NuGet version -> sortable key: four numbers, then release (1) above any prerelease (0, labels)."""
    match = _VERSION.match(text.strip())
    if not match:
        raise ValueError(f"not a version: {text!r}")
    numbers = tuple(int(part or 0) for part in match.groups()[:4])
    label = match.group(5)
    if label is None:
        return numbers + ((1,),)
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in label.split("."))
    return numbers + ((0,) + parts,)


def read_floors(path):
    exact, prefixes = {}, []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) < 3 or not cells[0] or not cells[1]:
                raise ValueError(f"{path}:{number}: expected package<TAB>minimum<TAB>why")
            name, minimum, why = cells[0].strip(), cells[1].strip(), cells[2].strip()
            if name.lower() == "package":
                continue
            floor = (minimum, parse_version(minimum), why)
            if name.endswith("*"):
                prefixes.append((name[:-1].lower(), floor))
            else:
                exact[name.lower()] = floor
    prefixes.sort(key=lambda item: len(item[0]), reverse=True)
    return exact, prefixes


def floor_for(name, exact, prefixes):
    key = name.lower()
    if key in exact:
        return exact[key]
    for prefix, floor in prefixes:
        if key.startswith(prefix):
            return floor
    return None


def resolved_packages(path):
    """(name, resolved version) of every package entry of every target of a packages.lock.json."""
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    targets = document.get("dependencies")
    if not isinstance(targets, dict):
        raise ValueError(f"{path}: no 'dependencies' object (not a packages.lock.json)")
    for entries in targets.values():
        for name, entry in entries.items():
            if entry.get("type") == "Project":
                continue
            version = entry.get("resolved")
            if not version:
                raise ValueError(f"{path}: {name} has no resolved version")
            yield name, version


def bundled_frameworks(path, target_framework):
    """NAME=VERSION of the runtime packs the SDK picks for a self-contained publish: the
    LatestRuntimeFrameworkVersion of each KnownFrameworkReference for target_framework in the SDK's
    Microsoft.NETCoreSdk.BundledVersions.props."""
    found = []
    for element in ElementTree.parse(path).getroot().iter():
        if element.tag.rsplit("}", 1)[-1] != "KnownFrameworkReference":
            continue
        if element.get("TargetFramework") != target_framework or element.get("Include") != element.get("RuntimeFrameworkName"):
            continue
        version = element.get("LatestRuntimeFrameworkVersion")
        if version and not element.get("Profile"):
            found.append(f"{element.get('Include')}={version}")
    if not found:
        raise ValueError(f"{path}: no KnownFrameworkReference for {target_framework}")
    return found


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--floors", required=True)
    parser.add_argument("--framework", action="append", default=[], help="NAME=VERSION of a shipped framework")
    parser.add_argument("--bundled-versions", help="the SDK's Microsoft.NETCoreSdk.BundledVersions.props")
    parser.add_argument("--target-framework", default="net10.0")
    parser.add_argument("lockfiles", nargs="*")
    args = parser.parse_args(argv)

    try:
        if args.bundled_versions:
            args.framework += bundled_frameworks(args.bundled_versions, args.target_framework)
        exact, prefixes = read_floors(args.floors)
        if not args.lockfiles:
            raise ValueError("no packages.lock.json given: nothing would be checked")
        below, checked, seen = [], 0, set()
        for path in args.lockfiles:
            for name, version in resolved_packages(path):
                floor = floor_for(name, exact, prefixes)
                if floor is None:
                    continue
                checked += 1
                minimum, minimum_key, why = floor
                if parse_version(version) < minimum_key and (name, version, path) not in seen:
                    seen.add((name, version, path))
                    below.append(f"below floor: {name} {version} < {minimum} in {path} ({why})")
        for item in dict.fromkeys(args.framework):
            name, _, version = item.partition("=")
            if not version:
                raise ValueError(f"--framework expects NAME=VERSION, got {item!r}")
            floor = exact.get(f"framework:{name}".lower())
            if floor is None:
                continue
            checked += 1
            minimum, minimum_key, why = floor
            if parse_version(version) < minimum_key:
                below.append(f"below floor: framework {name} {version} < {minimum} ({why})")
    except (OSError, ValueError, json.JSONDecodeError) as error:
        print(f"check-package-floors: {error}", file=sys.stderr)
        return 2

    for line in below:
        print(line)
    if below:
        print(f"check-package-floors: FAILED, {len(below)} below floor ({checked} checks in {len(args.lockfiles)} lock files)")
        return 1
    print(f"check-package-floors: ok ({checked} checks in {len(args.lockfiles)} lock files, {len(exact) + len(prefixes)} floors)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
