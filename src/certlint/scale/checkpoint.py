"""Checkpoints for long corpus scans written as JSON Lines (``--output F --resume``).

After every batch the output file is flushed and ``F.checkpoint`` records how many
records of each corpus are done and how long the output was at that moment. A resumed
run cuts the output back to that length (a half-written line from the interrupted run
disappears), skips the records already done and appends.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Checkpoint", "CheckpointError"]


class CheckpointError(Exception):
    pass


@dataclass
class Checkpoint:
    output: Path
    corpora: list[str]
    done: dict[str, int] = field(default_factory=dict)
    size: int = 0

    @property
    def file(self) -> Path:
        return self.output.with_name(self.output.name + ".checkpoint")

    @classmethod
    def resume(cls, output: Path, corpora: list[str]) -> Checkpoint | None:
        """The saved checkpoint for ``output``, or None when there is none to resume."""
        file = output.with_name(output.name + ".checkpoint")
        if not file.exists():
            return None
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            checkpoint = cls(output, list(data["corpora"]), dict(data["done"]), int(data["size"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CheckpointError(f"{file}: not a certlint checkpoint ({exc})") from None
        if checkpoint.corpora != corpora:
            raise CheckpointError(f"{file}: was written for other corpora ({', '.join(checkpoint.corpora)})")
        if not output.exists() or output.stat().st_size < checkpoint.size:
            raise CheckpointError(f"{output}: shorter than its checkpoint says; start again without --resume")
        with output.open("r+b") as stream:
            stream.truncate(checkpoint.size)
        return checkpoint

    def save(self, size: int) -> None:
        self.size = size
        temporary = self.file.with_name(self.file.name + ".tmp")
        temporary.write_text(
            json.dumps({"corpora": self.corpora, "done": self.done, "size": size}, ensure_ascii=False),
            encoding="utf-8",
        )
        os.replace(temporary, self.file)

    def remove(self) -> None:
        self.file.unlink(missing_ok=True)
