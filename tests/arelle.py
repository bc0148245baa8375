"""Run Arelle, the reference XBRL processor, offline on real outputs and read its JSON log.

Arelle is a test dependency only. It runs in a subprocess exactly as docs/conventions.md §7 says:
``--workOffline`` (otherwise it tries the network and still exits 0) and
``--validationExitCode`` (otherwise it exits 0 on errors).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

RUN_ARELLE = "import sys; from arelle.CntlrCmdLine import main; sys.argv[0] = 'arelleCmdLine'; main()"


@dataclass(frozen=True)
class Message:
    code: str
    level: str
    text: str

    def __str__(self) -> str:
        return f"{self.level} {self.code}: {self.text[:400]}"


@dataclass(frozen=True)
class ArelleRun:
    returncode: int
    messages: list[Message]

    def at(self, *levels: str) -> list[Message]:
        return [m for m in self.messages if m.level in levels]

    @property
    def errors(self) -> list[Message]:
        return self.at("error", "fatal", "critical")

    @property
    def warnings(self) -> list[Message]:
        return self.at("warning")

    @property
    def inconsistencies(self) -> list[Message]:
        return self.at("inconsistency")

    def codes(self, *levels: str) -> list[str]:
        return [m.code for m in (self.at(*levels) if levels else self.messages)]

    def problems(self) -> str:
        return "\n".join(str(m) for m in self.errors + self.warnings + self.inconsistencies)


def invoke(args: list[str], scratch: Path, timeout: int = 900) -> tuple[int, list[dict]]:
    """Run Arelle's command line with ``args`` (its log file inside ``scratch``): exit code and log entries.

    Arelle's settings go to ``scratch`` too, so runs never share a cache or configuration."""
    log = scratch / "log.json"
    env = {**os.environ, "XDG_CONFIG_HOME": str(scratch), "HOME": str(scratch)}
    done = subprocess.run([sys.executable, "-c", RUN_ARELLE, *args, "--logFile", str(log), "--logFileMode", "w"],
                          capture_output=True, text=True, env=env, timeout=timeout, check=False)
    if not log.exists():
        raise RuntimeError(f"Arelle wrote no log (exit {done.returncode}): {done.stderr[-2000:]}")
    return done.returncode, json.loads(log.read_text(encoding="utf-8"))["log"]


def messages_of(entries: list[dict]) -> list[Message]:
    return [Message(e.get("code", ""), e.get("level", ""), e.get("message", {}).get("text", "")) for e in entries]


def run_arelle(target: Path, *, packages: list[Path] = (), calc: bool = True, extra: list[str] = ()) -> ArelleRun:
    """Validate ``target`` (instance, inline document, package, …) with ``packages`` loaded."""
    args = ["--workOffline", "-f", str(target), "-v", "--validationExitCode", *extra]
    if calc:
        args += ["--calc", "c11r"]
    if packages:
        args += ["--packages", "|".join(str(p) for p in packages)]
    with tempfile.TemporaryDirectory(prefix="arelle-") as scratch:
        returncode, entries = invoke(args, Path(scratch))
    return ArelleRun(returncode, messages_of(entries))
