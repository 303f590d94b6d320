"""The search text a projector stores is the same in every process (hash seeds differ), so
that a rebuild gives the very read model the live projector wrote (the rush checks that)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = (
    "from assembly.thaitext import search_document;"
    "print(search_document('ขอโฉนดชุมชนให้ชาวบ้านในเขตป่าสงวน',"
    " 'ชาวบ้านทำกินในเขตป่าสงวนแห่งชาติมากว่า 40 ปี ถูกดำเนินคดีบุกรุกป่าไม้',"
    " 'ให้รัฐรังวัดแนวเขตร่วมกับชุมชนและออกโฉนดชุมชน ผ่านคณะกรรมการนโยบายที่ดินแห่งชาติ'))"
)


def _in_process(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_the_same_text_in_processes_with_other_hash_seeds() -> None:
    texts = {_in_process(seed) for seed in ("1", "2")}
    assert len(texts) == 1
    assert "โฉนด" in texts.pop()
