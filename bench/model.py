"""The benchmark model, written once for cadCAD and radCAD (both take the
same policy and state-update functions).

1,000 stakers in one vault (250 holders, 750 farmers), 365 daily steps, an
emission of `emission_per_week` reward tokens streamed evenly over each
week (swept: 25k, 50k, 100k, 200k), two prices on geometric random walks
(stake token sigma 0.5, reward token sigma 0.8, no drift), and the Synthetix
reward accumulator: reward_per_token += rate * dt / total_staked, a staker's
earned = stake * (reward_per_token - paid).

Each day: prices move; the stream accrues; the APR is read
(rate * 365 * reward price / (staked * stake price)); then the agents:
- variant "a": every staked agent claims every day (farmers whose APR
  floor is above the APR leave instead, claiming as they go);
- variant "b": holders hold; farmers leave once the APR falls below their
  own floor (claiming as they go).

Agents are stored column-wise (one list per field), the cheapest layout
for cadCAD's per-substep deepcopy of the state; each agent is visited by a
Python loop, as an agent-based cadCAD model does.
"""

import math
import os
import random

N_HOLDERS = 250
N_FARMERS = 750
DAYS = int(os.environ.get("BENCH_DAYS", "365"))
RUNS = int(os.environ.get("BENCH_RUNS", "10"))
RATES = [25_000, 50_000, 100_000, 200_000]
DT = 1.0 / 365.0
SIGMA_STAKE = 0.5
SIGMA_REWARD = 0.8


def initial_state(seed=1):
    """Day 0: every agent staked. Stakes lognormal (median 1,000, sigma 1);
    farmers' APR floors uniform on [0.05, 0.5]; holders have none."""
    rng = random.Random(seed)
    n = N_HOLDERS + N_FARMERS
    stake = [math.exp(math.log(1000.0) + rng.gauss(0.0, 1.0)) for _ in range(n)]
    floor = [None] * N_HOLDERS + [rng.uniform(0.05, 0.5) for _ in range(N_FARMERS)]
    return {
        "price_stake": 1.0,
        "price_reward": 0.1,
        "reward_per_token": 0.0,
        "total_staked": sum(stake),
        "apr": 0.0,
        "stakers": n,
        "retention": 1.0,
        "claimed_total": 0.0,
        "agents": {
            "stake": stake,
            "floor": floor,
            "active": [True] * n,
            "paid": [0.0] * n,
            "claimed": [0.0] * n,
        },
    }


def p_market(params, substep, history, s, **kw):
    z1, z2 = random.gauss(0.0, 1.0), random.gauss(0.0, 1.0)
    root = math.sqrt(DT)
    return {
        "price_stake": s["price_stake"] * math.exp(-0.5 * SIGMA_STAKE**2 * DT + SIGMA_STAKE * root * z1),
        "price_reward": s["price_reward"] * math.exp(-0.5 * SIGMA_REWARD**2 * DT + SIGMA_REWARD * root * z2),
    }


def s_price_stake(params, substep, history, s, inp, **kw):
    return "price_stake", inp["price_stake"]


def s_price_reward(params, substep, history, s, inp, **kw):
    return "price_reward", inp["price_reward"]


def p_agents(params, substep, history, s, **kw):
    """Accrue one day of the stream, read the APR, then let agents act."""
    rate_per_day = params["emission_per_week"] / 7.0
    staked = s["total_staked"]
    rpt = s["reward_per_token"] + (rate_per_day / staked if staked > 0 else 0.0)
    tvl = staked * s["price_stake"]
    apr = rate_per_day * 365.0 * s["price_reward"] / tvl if tvl > 0 else float("nan")
    a = s["agents"]
    stake, floor, active, paid, claimed = a["stake"], a["floor"], a["active"], a["paid"], a["claimed"]
    every_day = params["variant"] == "a"
    left = 0.0
    paid_out = 0.0
    for i in range(len(stake)):
        if not active[i]:
            continue
        f = floor[i]
        if f is not None and f > apr:
            # Leave: claim what was earned, unstake.
            earned = stake[i] * (rpt - paid[i])
            claimed[i] += earned
            paid_out += earned
            paid[i] = rpt
            active[i] = False
            left += stake[i]
        elif every_day:
            earned = stake[i] * (rpt - paid[i])
            claimed[i] += earned
            paid_out += earned
            paid[i] = rpt
    n_active = sum(active)
    return {
        "reward_per_token": rpt,
        "total_staked": staked - left,
        "apr": apr,
        "stakers": n_active,
        "retention": n_active / len(stake),
        "paid_out": paid_out,
        "agents": a,
    }


def s_reward_per_token(params, substep, history, s, inp, **kw):
    return "reward_per_token", inp["reward_per_token"]


def s_total_staked(params, substep, history, s, inp, **kw):
    return "total_staked", inp["total_staked"]


def s_apr(params, substep, history, s, inp, **kw):
    return "apr", inp["apr"]


def s_stakers(params, substep, history, s, inp, **kw):
    return "stakers", inp["stakers"]


def s_retention(params, substep, history, s, inp, **kw):
    return "retention", inp["retention"]


def s_claimed_total(params, substep, history, s, inp, **kw):
    return "claimed_total", s["claimed_total"] + inp["paid_out"]


def s_agents(params, substep, history, s, inp, **kw):
    return "agents", inp["agents"]


BLOCKS = [
    {
        "policies": {"market": p_market},
        "variables": {"price_stake": s_price_stake, "price_reward": s_price_reward},
    },
    {
        "policies": {"agents": p_agents},
        "variables": {
            "reward_per_token": s_reward_per_token,
            "total_staked": s_total_staked,
            "apr": s_apr,
            "stakers": s_stakers,
            "retention": s_retention,
            "claimed_total": s_claimed_total,
            "agents": s_agents,
        },
    },
]
