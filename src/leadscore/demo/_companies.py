"""Company accounts: generated once per run, before the contact chunks that reference them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from leadscore.demo import _vocab as v
from leadscore.demo._arrow import format_ids, take, timestamps
from leadscore.demo._calendar import DAY, Calendar
from leadscore.schema import COMPANIES

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

# Industry part of the fit logit: the product sells best to digital, mid-market B2B.
INDUSTRY_FIT: tuple[float, ...] = (0.8, 0.6, 0.2, 0.0, 0.2, -0.5, -0.8, 0.4, 0.5, -0.7, 0.0, -0.1)
MAX_EMPLOYEES = 200_000


@dataclass(frozen=True)
class Companies:
    table: pa.Table
    company_id: pa.Array
    domain: pa.Array
    country: I64
    created_at: I64
    employees: I64
    fit_logit: F64
    """Industry + size contribution to a contact's fit logit."""
    pick_cdf: F64
    """Cumulative probability of a contact belonging to each company (bigger -> more contacts)."""


def size_fit(employees: I64) -> F64:
    """Mid-market sweet spot: peaks around 1,000 employees, penalises micro and mega firms."""
    distance = np.log10(employees.astype(np.float64)) - 3.0
    return np.asarray(0.9 - 0.35 * distance**2, dtype=np.float64)


def _slug(words: tuple[str, ...]) -> pa.Array:
    lowered = pc.utf8_lower(pa.array(list(words), type=pa.string()))
    return pc.replace_substring(lowered, " ", "-")


def _names_and_domains(rng: np.random.Generator, n: int, country: I64) -> tuple[pa.Array, pa.Array]:
    n_pre, n_noun = len(v.COMPANY_PREFIXES), len(v.COMPANY_NOUNS)
    n_combos = n_pre * n_noun
    # A shuffled walk over all prefix x noun pairs, with a numeric suffix once they run
    # out, keeps every domain unique without a lookup table.
    ordinal = np.arange(n, dtype=np.int64)
    combo = rng.permutation(n_combos)[ordinal % n_combos]
    generation = ordinal // n_combos
    pre, noun = combo // n_noun, combo % n_noun
    name = pc.binary_join_element_wise(
        take(v.COMPANY_PREFIXES, pre), take(v.COMPANY_NOUNS, noun), " "
    )
    suffix = pc.if_else(
        pa.array(generation > 0),
        pc.cast(pa.array(generation + 1), pa.string()),
        "",
    )
    use_country_tld = rng.random(n) < 0.5
    tld = pc.if_else(
        pa.array(use_country_tld),
        take(v.COUNTRY_TLDS, country),
        take(v.GENERIC_TLDS, rng.integers(0, len(v.GENERIC_TLDS), size=n)),
    )
    domain = pc.binary_join_element_wise(
        take(_slug(v.COMPANY_PREFIXES), pre),
        "-",
        take(_slug(v.COMPANY_NOUNS), noun),
        suffix,
        ".",
        tld,
        "",
    )
    return name, domain


def generate_companies(rng: np.random.Generator, n: int, cal: Calendar) -> Companies:
    industry = rng.choice(len(v.INDUSTRIES), size=n, p=_norm(v.INDUSTRY_WEIGHTS))
    country = rng.choice(len(v.COUNTRIES), size=n, p=_norm(v.COUNTRY_WEIGHTS))
    employees = np.clip(np.rint(np.exp(rng.normal(3.6, 1.9, n))), 1, MAX_EMPLOYEES).astype(np.int64)
    per_employee = np.asarray(v.INDUSTRY_REVENUE_PER_EMPLOYEE)[industry] * np.exp(
        rng.normal(0.0, 0.5, n)
    )
    revenue = np.round(employees * per_employee, -3).astype(np.float64)
    # Most accounts predate the history window; a quarter are created during it.
    before = rng.random(n) < 0.75
    created_at = np.where(
        before,
        cal.start - (rng.random(n) * 3 * 365 * DAY).astype(np.int64),
        cal.start + (rng.random(n) * (cal.end - cal.start)).astype(np.int64),
    )
    name, domain = _names_and_domains(rng, n, country)
    company_id = format_ids("co", np.arange(1, n + 1, dtype=np.int64), 7)
    table = pa.Table.from_arrays(
        [
            company_id,
            name,
            domain,
            take(v.INDUSTRIES, industry),
            pa.array(employees, type=pa.int64()),
            pa.array(revenue, type=pa.float64()),
            take(v.COUNTRIES, country),
            timestamps(created_at),
        ],
        schema=COMPANIES,
    )
    fit_logit = np.asarray(INDUSTRY_FIT)[industry] + size_fit(employees)
    weight = employees.astype(np.float64) ** 0.4
    pick_cdf = np.cumsum(weight / weight.sum())
    return Companies(
        table=table,
        company_id=company_id,
        domain=domain,
        country=country.astype(np.int64),
        created_at=created_at.astype(np.int64),
        employees=employees,
        fit_logit=fit_logit,
        pick_cdf=pick_cdf,
    )


def _norm(weights: tuple[float, ...]) -> F64:
    w = np.asarray(weights, dtype=np.float64)
    return np.asarray(w / w.sum(), dtype=np.float64)
