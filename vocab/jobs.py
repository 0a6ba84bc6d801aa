"""The job codes: the `job` entity's values, the fiches' `jobs:`, the profile's
`jobs` slot and the platform's job filters all use these names."""

from __future__ import annotations

__all__ = ["JOBS"]

JOBS: tuple[str, ...] = (
    "aide_soignant",
    "aes",
    "advf",
    "aide_domicile",
    "ash",
    "infirmier",
    "tisf",
    "moniteur_educateur",
    "educateur_specialise",
)
