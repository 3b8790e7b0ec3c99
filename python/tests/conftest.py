"""Scenarios shared by the tests."""

import pytest

# Constant prices (no volatility): GOV 1, ALLY 1. The emission streams
# `per_week` ALLY a week: ⌊per_week·1e18 / 604800⌋ base units a second,
# about 52.14·per_week ALLY a year. Holders 10 × 1000 GOV; farmers A (floor
# 50 %), B (floor 10 %) and C (floor 20 %), 5 × 1000 GOV each: 25,000 staked.
# Subset 0 (70 a week, about 3650 a year): day-1 APR 14.6 %, so A and C
# leave, 15,000 stay (retention 0.6). Subset 1 (140 a week): APR 29.2 %, so
# only A leaves, 20,000 stay (retention 0.8). Nothing is random here, so
# both runs of a subset agree.
HAND = """
name = "hand"
horizon_days = 10
runs = 2

[[vaults]]
id = "gov-farm"
stake_token = "GOV"

[emission]
token = "ALLY"
per_week = 70

[market]
tokens = [{ token = "GOV", price = 1.0 }, { token = "ALLY", price = 1.0 }]

[[agents]]
kind = "holder"
count = 10
stake = 1000

[[agents]]
kind = "farmer"
count = 5
stake = 1000
apr_threshold = 0.5

[[agents]]
kind = "farmer"
count = 5
stake = 1000
apr_threshold = 0.1
sell_rewards = 0.0

[[agents]]
kind = "farmer"
count = 5
stake = 1000
apr_threshold = 0.2

[sweep]
"emission.per_week" = [70, 140]

[[assert]]
metric = "retention"
below = 0.7
at = "end"
max_share = 0.5
"""

# Random prices and stakes: two subsets of three runs, 21 days.
RANDOM = """
name = "random"
horizon_days = 21
runs = 3
seed = 11

[[vaults]]
id = "gov-farm"
stake_token = "GOV"
unbonding_days = 2

[emission]
token = "ALLY"
per_week = 50000

[market]
tokens = [
  { token = "GOV", price = 1.0, volatility = 0.8 },
  { token = "ALLY", price = 0.1, volatility = 1.0, depth = 200000 },
]

[[agents]]
kind = "holder"
count = 4
stake = { dist = "uniform", low = 1000, high = 5000 }

[[agents]]
kind = "farmer"
count = 30
stake = { dist = "lognormal", median = 2000, sigma = 1.0 }
apr_threshold = { dist = "uniform", low = 0.5, high = 6.0 }

[sweep]
"emission.per_week" = [20000, 80000]
"""


@pytest.fixture
def hand():
    return HAND


@pytest.fixture
def random_scenario():
    return RANDOM
