#!/usr/bin/env python3
"""Audit the pinned dependencies (requirements.lock) for known vulnerabilities.

Run by `make audit` (and so by CI) with the tool venv's python. Two sources, in this order:

1. pip-audit against PyPI's vulnerability feed (`-s pypi`), which asks
   https://pypi.org/pypi/<name>/<version>/json for every pin.
2. For every pin pip-audit could not audit (it reports a skip_reason, e.g. when that
   per-version endpoint is refused), the project endpoint https://pypi.org/pypi/<name>/json.
   Its `vulnerabilities` list is the one of the latest release (`info.version`), so it
   audits our pin only when the pin IS the latest release. An older pin stays unaudited,
   and is listed as such.

Exit status: 0 no known vulnerability affects a pin (unaudited pins are listed, see --strict);
1 a known vulnerability affects a pin; 2 the audit itself failed, or audited no pin at all.
Only the standard library is used outside the pip-audit subprocess.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PYPI_PROJECT_URL = "https://pypi.org/pypi/{name}/json"
USER_AGENT = "helpdesk-metrics-audit (+.ci/audit.py; urllib)"


def canonical(name: str) -> str:
    """PEP 503 normalised name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def same_version(a: str, b: str) -> bool:
    """True when a and b are the same release. Without `packaging`, plain string equality,
    which can only err towards "not the same" (the pin then counts as unaudited)."""
    try:
        from packaging.version import InvalidVersion, Version
    except ImportError:
        return a.strip().lower() == b.strip().lower()
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a.strip().lower() == b.strip().lower()


@dataclass
class Vuln:
    id: str
    aliases: list[str]
    fixed_in: list[str]
    source: str  # "pip-audit" or "pypi project json"
    ignored_because: str | None = None


@dataclass
class Pin:
    name: str  # as written in the lock file
    version: str
    audited_by: str | None = None
    unaudited_reason: str | None = None
    vulns: list[Vuln] = field(default_factory=list)


def read_lock(path: Path) -> list[Pin]:
    pins = []
    for lineno, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;]+)(\s*;.*)?", line)
        if not m:
            sys.exit(f"audit: {path}:{lineno}: not a `name==version` pin: {raw!r}")
        pins.append(Pin(name=m.group(1), version=m.group(3)))
    return pins


def read_ignores(path: Path) -> dict[str, str]:
    """`ID  # reason` per line; the reason is required, so every exception says why."""
    ignores: dict[str, str] = {}
    if not path.exists():
        return ignores
    for lineno, raw in enumerate(path.read_text().splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        vid, _, reason = raw.partition("#")
        if not vid.strip() or not reason.strip():
            sys.exit(f"audit: {path}:{lineno}: expected `VULN-ID  # reason`, got {raw!r}")
        ignores[vid.strip().upper()] = reason.strip()
    return ignores


def run_pip_audit(lock: Path, timeout: int) -> tuple[dict, str]:
    """pip-audit's JSON report and its version. Exits 2 when pip-audit cannot run."""
    exe = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if exe is None:
        sys.exit("audit: pip-audit is not installed (make audit installs it into .venv-audit/)")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pip-audit.json"
        cmd = [
            exe, "-s", "pypi", "-r", str(lock), "--no-deps", "--disable-pip",
            "-f", "json", "-o", str(out), "--desc", "off", "--aliases", "on",
            "--progress-spinner", "off", "--timeout", str(timeout),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        # exit 1 with a report = vulnerabilities found; anything else without a report = failure
        if not out.exists() or proc.returncode not in (0, 1):
            sys.stderr.write(proc.stderr)
            sys.exit(f"audit: pip-audit failed (exit {proc.returncode}): {' '.join(cmd)}")
        return json.loads(out.read_text()), version


def fetch_project(name: str, timeout: float) -> dict:
    req = urllib.request.Request(
        PYPI_PROJECT_URL.format(name=canonical(name)),
        headers={"Accept": "application/json", "User-Agent": USER_AGENT},
    )
    last: Exception | None = None
    for attempt in range(3):
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.load(resp)
        except urllib.error.HTTPError as e:
            if e.code < 500 and e.code != 429:
                raise
            last = e
        except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
            last = e
        time.sleep(0.5 * (attempt + 1))
    assert last is not None
    raise last


def fallback(pin: Pin, project: concurrent.futures.Future) -> None:
    """Audit `pin` from its project JSON (a future of fetch_project) when the pin is the latest release."""
    try:
        data = project.result()
    except Exception as e:  # noqa: BLE001 - any failure means "not audited", reported below
        pin.unaudited_reason = f"project JSON unavailable: {e}"
        return
    latest = str(data.get("info", {}).get("version", ""))
    if not same_version(pin.version, latest):
        pin.unaudited_reason = f"not the latest release ({latest}), the only one the project JSON covers"
        return
    pin.audited_by = "pypi project json"
    for v in data.get("vulnerabilities") or []:  # no key: no known vulnerability (as pip-audit reads it)
        if v.get("withdrawn"):
            continue
        fixed = [str(f) for f in v.get("fixed_in") or []]
        if any(same_version(pin.version, f) for f in fixed):
            continue  # defensive: the pin is itself a fixed release
        pin.vulns.append(Vuln(id=v["id"], aliases=list(v.get("aliases") or []), fixed_in=fixed,
                              source="pypi project json"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("lock", nargs="?", default="requirements.lock", type=Path)
    ap.add_argument("--ignore-file", default=Path(__file__).with_name("audit-ignore.txt"), type=Path)
    ap.add_argument("--strict", action="store_true", default=os.environ.get("AUDIT_STRICT") == "1",
                    help="also fail (exit 2) when any pin could not be audited")
    ap.add_argument("--timeout", type=int, default=15, help="per-request timeout, seconds")
    ap.add_argument("--workers", type=int, default=16)
    args = ap.parse_args()

    t0 = time.monotonic()
    pins = read_lock(args.lock)
    ignores = read_ignores(args.ignore_file)
    by_name = {canonical(p.name): p for p in pins}

    # The fallback's project JSONs are fetched while pip-audit runs (it queries one pin at a time), and used
    # only for the pins pip-audit reports as skipped: the audit takes as long as the slower of the two.
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.workers)
    projects = {canonical(p.name): pool.submit(fetch_project, p.name, args.timeout) for p in pins}
    report, pa_version = run_pip_audit(args.lock, args.timeout)
    t_pa = time.monotonic() - t0
    skipped: list[Pin] = []
    skip_reasons: dict[str, int] = {}
    for dep in report.get("dependencies", []):
        pin = by_name.get(canonical(dep["name"]))
        if pin is None:
            continue
        if "skip_reason" in dep:
            skipped.append(pin)
            reason = re.sub(r":.*", "", dep["skip_reason"])
            skip_reasons[reason] = skip_reasons.get(reason, 0) + 1
            continue
        pin.audited_by = "pip-audit"
        for v in dep.get("vulns", []):
            pin.vulns.append(Vuln(id=v["id"], aliases=list(v.get("aliases") or []),
                                  fixed_in=list(v.get("fix_versions") or []), source="pip-audit"))
    for pin in pins:  # a pin missing from pip-audit's report was not audited by it either
        if pin.audited_by is None and all(pin is not s for s in skipped):
            skipped.append(pin)

    print(f"{pa_version} (-s pypi): audited {len(pins) - len(skipped)} of {len(pins)} pins"
          f" in {t_pa:.1f}s" + "".join(f"; {n} skipped: {r}" for r, n in skip_reasons.items()))
    if not skipped:
        for f in projects.values():
            f.cancel()
    pool.shutdown(wait=True)
    if skipped:
        for pin in skipped:
            fallback(pin, projects[canonical(pin.name)])
        n_fb = sum(p.audited_by == "pypi project json" for p in skipped)
        print(f"fallback (https://pypi.org/pypi/<name>/json, vulnerabilities of the latest release):"
              f" audited {n_fb} of those {len(skipped)} (pinned = latest)")

    for pin in pins:
        for v in pin.vulns:
            hit = next((i for i in [v.id, *v.aliases] if i.upper() in ignores), None)
            if hit:
                v.ignored_because = f"{hit}: {ignores[hit.upper()]}"

    audited = [p for p in pins if p.audited_by]
    unaudited = [p for p in pins if not p.audited_by]
    found = [(p, v) for p in pins for v in p.vulns if not v.ignored_because]
    ignored = [(p, v) for p in pins for v in p.vulns if v.ignored_because]

    print()
    if found:
        print(f"KNOWN VULNERABILITIES in pinned versions: {len(found)}")
        for p, v in found:
            also = f" ({', '.join(v.aliases)})" if v.aliases else ""
            fix = ", ".join(v.fixed_in) or "no fixed release"
            print(f"  {p.name}=={p.version}  {v.id}{also}  fixed in: {fix}  [{v.source}]")
    if ignored:
        print(f"known vulnerabilities ignored via {args.ignore_file}: {len(ignored)}")
    for p, v in ignored:
        print(f"  ignored: {p.name}=={p.version}  {v.id}  ({v.ignored_because})")
    print(f"audited {len(audited)} of {len(pins)} pinned packages; "
          f"{len(unaudited)} could not be audited" + (":" if unaudited else ""))
    for p in unaudited:
        print(f"  not audited: {p.name}=={p.version}  ({p.unaudited_reason or 'skipped by pip-audit'})")
    print(f"known vulnerabilities affecting pinned versions: {len(found)}"
          + (f" (+{len(ignored)} ignored via {args.ignore_file.name})" if ignored else "")
          + f"  [{time.monotonic() - t0:.1f}s]")

    if found:
        print(f"audit: FAILED - {len(found)} known vulnerabilities affect pinned versions:"
              " upgrade the pin (requirements.lock) or, if it does not apply, add the id with the reason"
              f" to {args.ignore_file}")
        return 1
    if not audited:
        print("audit: FAILED - no pinned package could be audited")
        return 2
    if unaudited and args.strict:
        print(f"audit: FAILED (strict) - {len(unaudited)} pinned packages not audited")
        return 2
    if unaudited:
        print(f"audit: passed with {len(unaudited)} unaudited pins (make audit STRICT=1 fails on them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
