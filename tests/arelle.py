"""Run Arelle, the reference XBRL processor, offline on real outputs and read its JSON log.

Arelle is a test dependency only. It runs in a subprocess exactly as DESIGN §7 says:
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


def run_arelle(target: Path, *, packages: list[Path] = (), calc: bool = True, extra: list[str] = ()) -> ArelleRun:
    """Validate ``target`` (instance, inline document, package, …) with ``packages`` loaded."""
    with tempfile.TemporaryDirectory(prefix="arelle-") as scratch:
        log = Path(scratch) / "log.json"
        args = ["--workOffline", "-f", str(target), "-v", "--validationExitCode",
                "--logFile", str(log), "--logFileMode", "w", *extra]
        if calc:
            args += ["--calc", "c11r"]
        if packages:
            args += ["--packages", "|".join(str(p) for p in packages)]
        env = {**os.environ, "XDG_CONFIG_HOME": scratch, "HOME": scratch}
        done = subprocess.run([sys.executable, "-c", RUN_ARELLE, *args], capture_output=True, text=True,
                              env=env, timeout=600, check=False)
        if not log.exists():
            raise RuntimeError(f"Arelle wrote no log (exit {done.returncode}): {done.stderr[-2000:]}")
        entries = json.loads(log.read_text(encoding="utf-8"))["log"]
    messages = [Message(e.get("code", ""), e.get("level", ""), e.get("message", {}).get("text", "")) for e in entries]
    return ArelleRun(done.returncode, messages)

