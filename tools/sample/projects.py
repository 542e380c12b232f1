"""Which projects the county has: stage and domain mix, kind, size, name, place, owner,
department, level, code, leader and batch (三个一批).
"""

from __future__ import annotations

from typing import Any

from generator.model import vocab

from .basics import log_uniform, quota, round_total
from .county import County, Spec
from .funding import apply_special_funding, assign_disclosure, plan_funding
from .kinds import BY_DOMAIN, KM_COST, PRODUCTIVE_DOMAINS
from .names import (
    ANIMALS,
    AREAS,
    BRANDS,
    CITY_TOWNS,
    COUNTY_WIDE,
    CROPS,
    DEPARTMENTS,
    INDUSTRY_WORDS,
    IRRIGATION,
    LEADERS,
    LOGISTICS,
    ORDINALS,
    PARK,
    PRODUCTS,
    PRODUCTS2,
    RIVERS,
    ROADS,
    SCENIC,
    SOE,
    TASK_FORCES,
)
from .schedule import fill_schedule


def build_projects(county: County) -> None:
    """Draw every project into ``county.specs``, with its money, schedule and batch.

    The steps run in a fixed order because each draws from ``county.rng``.
    """
    rng = county.rng
    n = county.n
    stages = quota(
        n,
        [
            ("谋划", 6),
            ("储备", 8),
            ("前期", 13),
            ("新开工", 21),
            ("续建", 30),
            ("竣工", 9),
            ("投产", 7),
            ("达产达效", 6),
        ],
    )
    domains = quota(
        n,
        [
            ("工业", 14),
            ("交通", 10),
            ("能源", 8),
            ("水利", 10),
            ("新型基础设施", 7),
            ("新型城镇化", 12),
            ("农业农村", 11),
            ("现代服务业", 9),
            ("生态环保", 8),
            ("社会民生", 11),
        ],
    )
    rng.shuffle(stages)
    rng.shuffle(domains)
    # Producing stages (投产, 达产达效) take domains that produce something first; a school
    # is 竣工, never 达产达效. Every other slot takes the remaining domains in order.
    pool = list(domains)
    chosen: dict[int, str] = {}
    for i, stage in enumerate(stages):
        if stage in ("投产", "达产达效"):
            pick = next((d for d in pool if d in PRODUCTIVE_DOMAINS), pool[0])
            pool.remove(pick)
            chosen[i] = pick
    rest = iter(pool)
    pairs = [(stage, chosen[i] if i in chosen else next(rest)) for i, stage in enumerate(stages)]
    # A few projects of 10亿 and more (seed 004's bulletin tracks them separately).
    n_big = max(3, round(n * 0.05))
    big_slots: set[int] = set()
    for i, (stage, domain) in enumerate(pairs):
        if len(big_slots) >= n_big:
            break
        if stage not in vocab.PIPELINE_STAGES and any(t.hi >= 100000 for t in BY_DOMAIN[domain]):
            big_slots.add(i)
    for i, (stage, domain) in enumerate(pairs):
        county.specs.append(new_spec(county, stage, domain, big=i in big_slots))
    assign_levels(county)
    assign_codes(county)
    apply_special_funding(county)
    # Against 序时进度: a fixed mix of ongoing projects ahead, on pace and lagging.
    ongoing = [s for s in county.specs if s.stage in ("新开工", "续建")]
    paces = quota(len(ongoing), [("ahead", 3), ("normal", 4), ("lagging", 3)])
    rng.shuffle(paces)
    for spec, pace in zip(ongoing, paces, strict=True):
        spec.pace = pace
    for spec in county.specs:
        fill_schedule(county, spec)
    assign_batches(county)
    assign_disclosure(county)


def new_spec(county: County, stage: str, domain: str, big: bool) -> Spec:
    """One project of the given stage and domain: its kind, size, name, place and money."""
    rng = county.rng
    r = rng.random()
    if big:
        band = (100000.0, 300000.0)
    elif r < 0.04:
        band = (100000.0, 250000.0)
    elif r < 0.22:
        band = (20000.0, 100000.0)
    elif r < 0.66:
        band = (3000.0, 20000.0)
    else:
        band = (500.0, 3000.0)
    fits = [t for t in BY_DOMAIN[domain] if t.lo < band[1] and t.hi > band[0]] or BY_DOMAIN[domain]
    # The least-used kinds first, so a county's list is varied before anything repeats;
    # the sample would rather bend the size band than list 管网扩建工程（三期）.
    fewest = min(county.tpl_use.get(t.name, 0) for t in fits)
    if county.sample and not big and fewest > 0:
        fits = BY_DOMAIN[domain]
        fewest = min(county.tpl_use.get(t.name, 0) for t in fits)
    tpl = rng.choice([t for t in fits if county.tpl_use.get(t.name, 0) == fewest])
    county.tpl_use[tpl.name] = county.tpl_use.get(tpl.name, 0) + 1
    lo, hi = max(tpl.lo, band[0]), min(tpl.hi, band[1])
    if lo >= hi:
        lo, hi = tpl.lo, tpl.hi
    total = round_total(rng, log_uniform(rng, lo, hi))
    spec = Spec(tpl=tpl, domain=domain, stage=stage, total=total)
    spec.township = pick_town(county, tpl.loc)
    spec.ctx = context(county, spec)
    spec.name = unique_name(county, tpl.name.format(**spec.ctx))
    spec.owner = owner_of(county, spec)
    spec.department = department_of(county, spec)
    spec.gov = tpl.fund == "gov"
    spec.funding = plan_funding(county, spec)
    return spec


def pick_town(county: County, loc: str) -> str:
    rng = county.rng
    if loc == "park":
        return PARK[1]
    if loc == "county":
        return rng.choice([COUNTY_WIDE[1], COUNTY_WIDE[1], "城关镇"])
    if loc == "city":
        return rng.choice(CITY_TOWNS)
    return rng.choice(county.towns[3:] or county.towns)


def context(county: County, spec: Spec) -> dict[str, Any]:
    """The values the texts of ``kinds`` are formatted with, sized to the project's money."""
    rng = county.rng
    total = spec.total
    town = spec.township if spec.township in county.towns else rng.choice(county.towns[3:])
    others = [t for t in county.towns[3:] if t != town] or county.towns
    lo, hi = KM_COST.get(spec.tpl.scale, (300.0, 900.0))
    km = max(0.5, round(total / rng.uniform(lo, hi), 1))
    mw = max(5, int(total / rng.uniform(550, 800)) // 5 * 5)
    unit_mw = rng.choice([4.5, 5.0, 6.25])
    brand = rng.choice(BRANDS)
    word = rng.choice(INDUSTRY_WORDS.get(spec.domain, ["实业"]))
    return {
        "t": town,
        "t2": rng.choice(others),
        "y": county.Y,
        "co": f"{brand}{word}",
        "company": f"示例县{brand}{word}有限公司",
        "product": rng.choice(PRODUCTS),
        "product2": rng.choice(PRODUCTS2),
        "river": rng.choice(RIVERS),
        "irr": rng.choice(IRRIGATION),
        "scenic": rng.choice(SCENIC),
        "area_name": rng.choice(AREAS),
        "road": rng.choice(ROADS),
        "crop": rng.choice(CROPS),
        "animal": rng.choice(ANIMALS),
        "logi": rng.choice(LOGISTICS),
        "phase": ORDINALS[rng.randint(0, 2)],
        "gnum": rng.choice([207, 230, 311, 343, 345]),
        "school_no": ORDINALS[rng.randint(2, 7)],
        "km": km,
        "km2": round(km * rng.uniform(0.2, 0.5), 1),
        "area": max(800, int(total / rng.uniform(0.35, 0.6)) // 100 * 100),
        "mu": max(200, int(total / rng.uniform(0.15, 0.3)) // 100 * 100),
        "beds": max(30, int(total / rng.uniform(60, 120)) // 10 * 10),
        "classes": min(120, max(6, int(total / rng.uniform(300, 600)))),
        "sites": max(20, int(total / rng.uniform(15, 30))),
        "sites2": max(10, int(total / rng.uniform(40, 80))),
        "mw": mw,
        "mwh": mw * 2,
        "unit_mw": unit_mw,
        "turbines": max(2, int(mw / unit_mw)),
        "households": max(50, int(total / rng.uniform(2, 6))),
        "comm": max(3, int(total / rng.uniform(300, 800))),
        "cap": max(1, int(total / rng.uniform(800, 3000))),
        "lines": rng.randint(2, 8),
        "equip": max(10, int(total / rng.uniform(30, 120))),
        "output": max(1, round(total / rng.uniform(3000, 8000), 1)),
        "pct": rng.randint(15, 40),
        "bldg": rng.randint(2, 12),
        "bridges": rng.randint(2, 9),
        "bridge_m": rng.randint(180, 900),
        "width": rng.choice([8.5, 10, 12, 24, 30, 40]),
        "plants": rng.randint(1, 4),
        "m3": max(2000, int(total * rng.uniform(1.5, 3.0)) // 500 * 500),
        "racks": max(50, int(total / rng.uniform(15, 30))),
        "tpd": rng.choice([400, 600, 800]),
        "jobs": max(30, int(total / rng.uniform(30, 90))),
        "tax": max(50, int(total / rng.uniform(15, 40))),
        "coal": round(max(0.5, total / rng.uniform(8000, 20000)), 1),
        "floor": rng.randint(3, 15),
    }


def unique_name(county: County, name: str) -> str:
    # Two ledgers rows with one name confuse everyone; later phases get 二期, 三期 ...
    count = county.used_names.get(name, 0)
    county.used_names[name] = count + 1
    if count == 0:
        return name
    suffix = ORDINALS[count] if count < len(ORDINALS) else str(count + 1)
    return f"{name}（{suffix}期）"


def owner_of(county: County, spec: Spec) -> str:
    key = spec.tpl.owner
    if key == "co":
        return spec.ctx["company"]
    if key == "town":
        return county.town_unit(spec.township)
    return SOE.get(key, key)


def department_of(county: County, spec: Spec) -> str:
    rng = county.rng
    if spec.tpl.owner == "town" or (spec.tpl.loc == "town" and rng.random() < 0.15):
        return county.town_unit(spec.township)
    return rng.choice(spec.tpl.dept or DEPARTMENTS[spec.domain])


def assign_levels(county: County) -> None:
    n = len(county.specs)
    order = sorted(range(n), key=lambda i: -county.specs[i].total)
    n_prov = max(2, round(n * 0.05))
    n_city = max(3, round(n * 0.22))
    for rank, i in enumerate(order):
        county.specs[i].level = (
            "省重点" if rank < n_prov else "市重点" if rank < n_prov + n_city else "县重点"
        )


def assign_codes(county: County) -> None:
    rng = county.rng
    counters: dict[int, int] = {}
    width = max(3, len(str(county.n)))
    for spec in county.specs:
        # The code keeps the year the project entered the ledger (stable codes).
        if spec.stage in ("续建", "竣工", "投产", "达产达效"):
            year = county.Y - rng.randint(1, 3)
        else:
            year = county.Y
        counters[year] = counters.get(year, 0) + 1
        spec.code = f"SL-{year}-{counters[year]:0{width}d}"
        spec.leader = None if spec.stage == "谋划" else leader_of(spec)
        big = spec.level == "省重点"
        spec.task_force = "省重点项目服务专班" if big else TASK_FORCES[spec.domain]
        if spec.stage in vocab.PIPELINE_STAGES and rng.random() < 0.6:
            spec.task_force = None


def leader_of(spec: Spec) -> str:
    if spec.level == "省重点":
        return LEADERS[0]  # the county head takes the provincial projects
    return LEADERS[1 + list(vocab.DOMAINS).index(spec.domain) % (len(LEADERS) - 1)]


def assign_batches(county: County) -> None:
    """三个一批 on a subset, in fixed proportions so every batch has projects."""
    rng = county.rng
    rules = [
        ("投产一批", lambda s: s.stage in ("投产", "达产达效"), 0.7),
        # Signed investment deals: some landed (started), some not yet.
        (
            "签约一批",
            lambda s: (
                s.tpl.fund in ("ent", "ppp") and s.stage in ("储备", "前期", "新开工", "续建")
            ),
            0.6,
        ),
        ("开工一批", lambda s: s.stage in ("新开工", "续建", "竣工", "投产"), 0.25),
    ]
    for batch, fits, share in rules:
        pool = [s for s in county.specs if s.batch is None and fits(s)]
        for spec in rng.sample(pool, min(len(pool), max(1, round(len(pool) * share)))):
            spec.batch = batch
