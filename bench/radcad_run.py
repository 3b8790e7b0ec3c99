"""The benchmark model on radCAD 0.14 (single-process backend, default
settings: deepcopy of the state every substep).

Usage: python radcad_run.py a|b  -> prints seconds and a check line
"""

import sys
import time

from radcad import Engine, Experiment, Model, Simulation
from radcad.backends import Backend

import model


def main():
    variant = sys.argv[1]
    start = time.perf_counter()
    m = Model(
        initial_state=model.initial_state(),
        state_update_blocks=model.BLOCKS,
        params={"emission_per_week": model.RATES, "variant": [variant]},
    )
    sim = Simulation(model=m, timesteps=model.DAYS, runs=model.RUNS)
    exp = Experiment([sim])
    exp.engine = Engine(backend=Backend.SINGLE_PROCESS)
    raw = exp.run()
    rows = [r for r in raw if r["substep"] == 2 or r["timestep"] == 0]
    elapsed = time.perf_counter() - start
    ends = [r for r in rows if r["timestep"] == model.DAYS]
    retention = sum(r["retention"] for r in ends) / len(ends)
    print(f"radCAD single variant {variant}: {elapsed:.2f} s, {len(rows)} rows, mean final retention {retention:.3f}")


if __name__ == "__main__":
    main()
