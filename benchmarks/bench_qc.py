"""Side by side with a peer: qc (`qualitative-coding` on PyPI) importing the same files.

    python benchmarks/bench_qc.py --scale 1000

qc is never a dependency of vos-coder: it lives in a throwaway virtual
environment (default /tmp/qc-bench-venv, created on first use with pip; give
--qc to point at an existing ``qc`` executable). Both tools run as the user
would run them, one command-line process each, on the same generated
transcripts (benchmarks/generate.py):

- qc:        ``qc init`` then ``qc corpus import -r -i verbatim <folder>``,
             then ``qc codes stats``;
- vos-coder: ``vos-coder init`` then ``vos-coder import <files>``,
             then ``vos-coder stats themes``.

Printed: each tool's import time and statistics time, and vos-coder's time
over qc's. If qc cannot be installed or run, the reason is printed and the
row skipped. Never run as a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_VENV = Path("/tmp/qc-bench-venv")


def find_qc(venv: Path = DEFAULT_VENV, install: bool = True) -> tuple[Path | None, str]:
    """The qc executable (installing it into ``venv`` if asked), or None and why not."""
    for candidate in (venv / "bin" / "qc", Path("/tmp/qcvenv/bin/qc")):
        if candidate.exists():
            return candidate, ""
    if not install:
        return None, f"qc is not installed in {venv}"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "qualitative-coding"],
                       check=True, capture_output=True, text=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        return None, "qc could not be installed: " + (str(detail).strip().splitlines() or ["?"])[-1]
    qc = venv / "bin" / "qc"
    return (qc, "") if qc.exists() else (None, f"pip installed no qc executable in {venv}")


def run_cmd(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Seconds a command takes; raises CalledProcessError with its stderr on failure."""
    t0 = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True, env=env)
    return time.perf_counter() - t0


def vos_executable() -> str:
    """The vos-coder command of the running Python environment."""
    beside = Path(sys.executable).parent / "vos-coder"
    return str(beside) if beside.exists() else shutil.which("vos-coder") or "vos-coder"


def run(folder: Path, work: Path, qc: Path | None = None, reason: str = "") -> dict[str, Any]:
    """Import the ``*.txt`` files of ``folder`` with qc and with vos-coder."""
    paths = sorted(folder.glob("*.txt"))
    out: dict[str, Any] = {"files": len(paths), "qc": None, "reason": reason}
    env = dict(os.environ, VOS_CODER_USER="bench")
    vos_dir = work / "vos-cli"
    shutil.rmtree(vos_dir, ignore_errors=True)
    vos_dir.mkdir(parents=True)
    db = vos_dir / "bench.db"
    vos = vos_executable()
    countries = [arg for c in ("AL", "BA", "CO", "MX", "MD", "PE") for arg in ("--country", c)]
    run_cmd([vos, "init", "--db", str(db), *countries], vos_dir, env)
    out["vos_import"] = run_cmd([vos, "import", "--db", str(db), *map(str, paths)], vos_dir, env)
    out["vos_stats"] = run_cmd([vos, "stats", "themes", "--db", str(db)], vos_dir, env)
    if qc is None:
        return out
    qc_dir = work / "qc"
    shutil.rmtree(qc_dir, ignore_errors=True)
    qc_dir.mkdir(parents=True)
    try:
        run_cmd([str(qc), "init"], qc_dir)
        out["qc_import"] = run_cmd([str(qc), "corpus", "import", "-r", "-i", "verbatim", str(folder)],
                                   qc_dir)
        out["qc_stats"] = run_cmd([str(qc), "codes", "stats"], qc_dir)
        listed = subprocess.run([str(qc), "corpus", "ls"], cwd=qc_dir, capture_output=True,
                                text=True, check=True).stdout.split()
        out["qc_files"] = len([x for x in listed if x.endswith(".txt")])
        out["qc"] = qc_version(qc)
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        out["reason"] = "qc failed: " + (str(detail).strip().splitlines() or ["?"])[-1]
    return out


def qc_version(qc: Path) -> str:
    """``qualitative-coding 1.7.8``, as qc prints it."""
    return subprocess.run([str(qc), "version"], capture_output=True, text=True,
                          check=False).stdout.strip()


def describe(r: dict[str, Any]) -> list[str]:
    """Printed lines for one result."""
    lines = [(f"  vos-coder import of {r['files']} files: {r['vos_import']:.2f} s; "
              f"stats themes {r['vos_stats']:.2f} s (whole processes)")]
    if r.get("qc_import") is None:
        lines.append(f"  qc row skipped: {r['reason'] or 'qc was not run'}")
        return lines
    lines.append(f"  {r['qc']} import: {r['qc_import']:.2f} s ({r['qc_files']} files listed); "
                 f"codes stats {r['qc_stats']:.2f} s")
    lines.append(f"  vos-coder / qc: import {r['vos_import'] / r['qc_import']:.2f}x, "
                 f"stats {r['vos_stats'] / r['qc_stats']:.2f}x")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=1000, help="number of transcripts")
    ap.add_argument("--qc", type=Path, help="an existing qc executable (default: install into a venv)")
    ap.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="where to install qc")
    args = ap.parse_args()
    from generate import write_transcripts

    qc, reason = (args.qc, "") if args.qc else find_qc(args.venv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "transcripts"
        write_transcripts(folder, args.scale)
        print(f"scale {args.scale}:")
        for line in describe(run(folder, Path(tmp), qc, reason)):
            print(line)


if __name__ == "__main__":
    main()
