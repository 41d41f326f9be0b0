"""One-line error messages in the page's language.

Errors are made in English, in the same words as the command line (``experiments.scenarios.describe``:
``field: what is wrong, got value``); the page shows them in Dutch by translating those few
phrasings. The field names stay as they are: they are what a scenario file says."""

from __future__ import annotations

import re

DUTCH: tuple[tuple[str, str], ...] = (
    (r"must be ([≥≤<>]) (\S+), got ([^;]+)", r"moet \1 \2 zijn, ingevuld: \3"),
    (r"must be one of (.+), got ([^;]+)", r"moet een van deze zijn: \1; ingevuld: \2"),
    (r"must be a whole number ≥ (\S+), got ([^;]+)", r"moet een geheel getal ≥ \1 zijn, ingevuld: \2"),
    (r"must be a month from (\S+) to (\S+), got ([^;]+)", r"moet een maand van \1 tot en met \2 zijn, ingevuld: \3"),
    (r"must be in (\d+) or earlier \(the view runs to December \d+\), got ([^;]+)",
     r"moet in \1 of eerder liggen (de studio rekent tot en met december \1), ingevuld: \2"),
    (r"not a scenario link \(damaged or cut off\)", "geen scenariolink (beschadigd of afgekapt)"),
    (r"too long \((\d+) characters, at most (\d+)\)", r"te lang (\1 tekens, hoogstens \2)"),
    (r"file too large \((\d+) bytes, at most (\d+)\)", r"bestand te groot (\1 bytes, hoogstens \2)"),
    (r"not a text file \(expected TOML in UTF-8 or Latin-1\)", "geen tekstbestand (verwacht: TOML in UTF-8 of Latin-1)"),
    (r"the file is empty \(expected a TOML scenario\)", "het bestand is leeg (verwacht: een TOML-scenario)"),
    (r"not valid TOML", "geen geldige TOML"),
    (r"unknown key", "onbekende sleutel"),
    (r"unknown intervention (\S+) \(allowed: (.+)\)", r"onbekende maatregel \1 (mogelijk: \2)"),
    (r"input should be a valid number[^,]*, got ([^;]+)", r"moet een getal zijn, ingevuld: \1"),
    (r"not a preset, got ([^;]+)", r"geen voorbeeldscenario, ingevuld: \1"),
    (r"^run failed:", "berekening mislukt:"),
)


def in_language(message: str, lang: str) -> str:
    """``message`` (one or more ``;``-separated errors) in ``lang``; English as it is."""
    if lang != "nl":
        return message
    for pattern, replacement in DUTCH:
        message = re.sub(pattern, replacement, message)
    return message
