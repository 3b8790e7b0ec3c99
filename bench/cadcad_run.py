"""The benchmark model on cadCAD 0.5 (single process, default settings:
the state is deep-copied every substep, as cadCAD does).

Usage: python cadcad_run.py a|b [single|local]  -> prints seconds and a check line
"""

import sys
import time

from cadCAD.configuration import Experiment
from cadCAD.configuration.utils import config_sim
from cadCAD.engine import ExecutionContext, ExecutionMode, Executor

import model


def main():
    variant = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else "single"
    start = time.perf_counter()
    exp = Experiment()
    sim = config_sim(
        {"N": model.RUNS, "T": range(model.DAYS), "M": {"emission_per_week": model.RATES, "variant": [variant]}}
    )
    exp.append_model(
        initial_state=model.initial_state(),
        partial_state_update_blocks=model.BLOCKS,
        sim_configs=sim,
    )
    ctx = ExecutionContext(ExecutionMode.single_mode if mode == "single" else ExecutionMode.local_mode)
    raw, _tensor, _sessions = Executor(exec_context=ctx, configs=exp.configs, supress_print=True).execute()
    # cadCAD's long format, final substep of each timestep, as users read it.
    rows = [r for r in raw if r["substep"] == 2 or r["timestep"] == 0]
    elapsed = time.perf_counter() - start
    ends = [r for r in rows if r["timestep"] == model.DAYS]
    retention = sum(r["retention"] for r in ends) / len(ends)
    print(f"cadCAD {mode} variant {variant}: {elapsed:.2f} s, {len(rows)} rows, mean final retention {retention:.3f}")


if __name__ == "__main__":
    main()
