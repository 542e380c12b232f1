"""Seeded synthetic data: the sample county shipped in data/ and benchmark-sized ledgers.

``write_dataset`` builds a whole data/ directory for an invented county, 示例县, from one
``random.Random(seed)`` and nothing else (no clock, no ``hash()``, no set order), so the same
arguments give the same bytes on every machine. Everything is invented: names, companies,
leaders, document numbers. The shapes follow the seed texts in shared/seeds (seed 000's
攻坚目标 and 重点任务, seed 004's numbered plan with 牵头/配合 units on every task).

Usage::

    python -m tools.sample data --n 64 --sample
    python -m tools.sample /tmp/big --n 10000 --months 36
"""

from .write import write_dataset

__all__ = ["write_dataset"]
