"""Every word the browser view shows, in Dutch (the default) and English, in one place.

``tr(lang, key, **values)`` looks a text up and fills ``{placeholders}``; a missing key falls
back to English and then to the key itself, so a new intervention or unit never breaks the page.
Intervention titles come from the model (``title_nl`` / ``title``); the interventions' field
names and the units are translated here (the model's parameter descriptions, shown as tooltips,
stay in English).
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "app.title": "Techniekpact scenariostudio",
        "app.subtitle": "Arbeidsmarkt techniek per landsdeel, 2023-2035",
        "presenter": "Presentatiemodus",
        "scenario": "Scenario",
        "scenario.name": "Naam van het scenario",
        "preset": "Voorbeeldscenario",
        "interventions": "Maatregelen",
        "intervention.start": "Vanaf",
        "intervention.landsdelen": "Landsdelen",
        "intervention.source": "Bron",
        "parameters": "Modelparameters (gevorderd)",
        "advanced": "Rekeninstellingen (gevorderd)",
        "scale": "Personen per agent",
        "seed": "Toevalsgetal (seed)",
        "reset.parameters": "Standaardwaarden",
        "focus": "Landsdeel",
        "NL": "Nederland",
        "sector_group": "Sectoren",
        "group.technical": "Techniek",
        "group.plan_2022": "Techniek, bouw en energie",
        "date": "Maand",
        "map": "Kaart",
        "map.measure": "Kaart kleurt naar",
        "map.difference": "Verschil met basispad",
        "map.hint": "Klik op een landsdeel om alle grafieken daarop te richten.",
        "map.attribution.accord": "Landsdelen uit COROP-gebieden zoals het akkoord van 2017 ze tekent (West-Brabant bij Zuidwest). Grenzen: CBS/PDOK gebiedsindelingen, vereenvoudigd door cartomap/nl.",
        "map.attribution.provinces": "Landsdelen als hele provincies (Noord-Brabant geheel bij Zuidoost). Grenzen: CBS/PDOK gebiedsindelingen, vereenvoudigd door cartomap/nl.",
        "compare.pin": "Vastzetten om te vergelijken",
        "compare.unpin": "Vergelijking sluiten",
        "compare.pinned": "Vastgezet",
        "compare.current": "Huidig",
        "compare.hint": "Vastgezet: {name}. Pas het scenario aan of kies een ander voorbeeld om te vergelijken.",
        "table.title": "Kerncijfers {year}, {focus}",
        "table.measure": "Indicator",
        "table.baseline": "Basispad",
        "table.scenario": "Scenario",
        "table.difference": "Verschil",
        "baseline": "Basispad",
        "band": "Basispad, spreiding over {n} runs",
        "play": "Afspelen",
        "play.mode": "Afspeelmodus",
        "play.pause": "Pauze",
        "play.step": "Stap",
        "play.reset": "Opnieuw",
        "play.speed": "Maanden per seconde",
        "share.hint": "De link in de adresbalk bevat dit scenario.",
        "download.toml": "Scenario (TOML)",
        "download.csv": "Getoonde cijfers (CSV)",
        "upload.toml": "Scenario laden (TOML)",
        "upload.loaded": "Scenario '{name}' geladen uit {file}.",
        "export.png": "Grafieken als PNG: camera-icoon rechtsboven in elke grafiek.",
        "error": "Fout",
        "error.close": "Sluiten",
        "women": "vrouwen",
        "men": "mannen",
        "measure.vacancies": "Openstaande vacatures",
        "measure.hard_to_fill_vacancies": "Moeilijk vervulbare vacatures (3 maanden of langer open)",
        "measure.employed": "Werkzame technici",
        "measure.intake": "Instroom in technische opleidingen",
        "measure.intake_level_sex": "Instroom techniek {level}, {sex}",
        "measure.outflow": "Uitstroom naar niet-technisch werk",
        "measure.teacher_shortage": "Tekort aan techniekdocenten",
        "measure.training_places": "Leerwerkplekken (bbl)",
        "measure.cost": "Kosten van de maatregelen",
        "unit.persons": "personen",
        "unit.vacancies": "vacatures",
        "unit.persons_per_year": "personen per jaar",
        "unit.percent": "%",
        "unit.fte": "fte",
        "unit.places": "plaatsen",
        "unit.eur_mln_per_year": "mln euro per jaar",
    },
    "en": {
        "app.title": "Techniekpact scenario studio",
        "app.subtitle": "Technical labour market by landsdeel, 2023-2035",
        "presenter": "Presenter mode",
        "scenario": "Scenario",
        "scenario.name": "Scenario name",
        "preset": "Preset",
        "interventions": "Interventions",
        "intervention.start": "From",
        "intervention.landsdelen": "Landsdelen",
        "intervention.source": "Source",
        "parameters": "Model parameters (advanced)",
        "advanced": "Run settings (advanced)",
        "scale": "Persons per agent",
        "seed": "Random seed",
        "reset.parameters": "Defaults",
        "focus": "Landsdeel",
        "NL": "Netherlands",
        "sector_group": "Sectors",
        "group.technical": "Technical",
        "group.plan_2022": "Technology, construction and energy",
        "date": "Month",
        "map": "Map",
        "map.measure": "Map colour",
        "map.difference": "Difference from baseline",
        "map.hint": "Click a landsdeel to focus every chart on it.",
        "map.attribution.accord": "Landsdelen built from COROP regions as the 2017 accord draws them (West-Brabant in Zuidwest). Boundaries: CBS/PDOK gebiedsindelingen, simplified by cartomap/nl.",
        "map.attribution.provinces": "Landsdelen as whole provinces (Noord-Brabant wholly in Zuidoost). Boundaries: CBS/PDOK gebiedsindelingen, simplified by cartomap/nl.",
        "compare.pin": "Pin to compare",
        "compare.unpin": "Close comparison",
        "compare.pinned": "Pinned",
        "compare.current": "Current",
        "compare.hint": "Pinned: {name}. Change the scenario or pick another preset to compare.",
        "table.title": "Key figures {year}, {focus}",
        "table.measure": "Indicator",
        "table.baseline": "Baseline",
        "table.scenario": "Scenario",
        "table.difference": "Difference",
        "baseline": "Baseline",
        "band": "Baseline, range over {n} runs",
        "play": "Play",
        "play.mode": "Play mode",
        "play.pause": "Pause",
        "play.step": "Step",
        "play.reset": "Reset",
        "play.speed": "Months per second",
        "share.hint": "The link in the address bar holds this scenario.",
        "download.toml": "Scenario (TOML)",
        "download.csv": "Shown numbers (CSV)",
        "upload.toml": "Load scenario (TOML)",
        "upload.loaded": "Loaded scenario '{name}' from {file}.",
        "export.png": "Charts as PNG: camera icon at the top right of each chart.",
        "error": "Error",
        "error.close": "Close",
        "women": "women",
        "men": "men",
        "measure.vacancies": "Open vacancies",
        "measure.hard_to_fill_vacancies": "Hard-to-fill vacancies (open 3 months or more)",
        "measure.employed": "Employed technicians",
        "measure.intake": "Intake into technical programmes",
        "measure.intake_level_sex": "Technical intake {level}, {sex}",
        "measure.outflow": "Outflow to non-technical work",
        "measure.teacher_shortage": "Technical teacher shortage",
        "measure.training_places": "Work-based training places (BBL)",
        "measure.cost": "Cost of the interventions",
        "unit.persons": "persons",
        "unit.vacancies": "vacancies",
        "unit.persons_per_year": "persons per year",
        "unit.percent": "%",
        "unit.fte": "fte",
        "unit.places": "places",
        "unit.eur_mln_per_year": "EUR million per year",
    },
}

# Units of the model's parameters (abm.parameters.unit) in Dutch; English is the model's own text.
UNITS_NL: dict[str, str] = {
    "persons": "personen",
    "persons per year": "personen per jaar",
    "per year": "per jaar",
    "per month": "per maand",
    "per employee": "per werknemer",
    "share": "aandeel",
    "probability": "kans",
    "relative chance": "relatieve kans",
    "elasticity": "elasticiteit",
    "factor": "factor",
    "euro": "euro",
    "euro per year": "euro per jaar",
    "euro per fte-year": "euro per fte-jaar",
    "fte": "fte",
    "hubs": "hubs",
    "places": "plaatsen",
    "schools": "scholen",
    "months": "maanden",
    "years": "jaar",
}


# Names of the interventions' fields in Dutch; in English (and for a field not listed here, such
# as a new one) the field's own name is shown, with spaces for underscores.
FIELDS_NL: dict[str, str] = {
    "count": "aantal",
    "fte_each": "fte per persoon",
    "cost_per_fte": "kosten per fte",
    "coverage": "dekking",
    "choice_boost": "extra kans op techniekkeuze",
    "cost_per_covered_month": "kosten per gedekte maand",
    "administration": "uitvoeringskosten",
    "volatility_reduction": "minder schommeling publieke vraag",
    "training_boost": "extra opleidingsplaatsen",
    "productivity_boost": "extra productiviteitsgroei",
    "hubs_per_landsdeel": "hubs per landsdeel",
    "places_per_hub": "plaatsen per hub",
    "retrainees_per_hub": "omscholers per hub",
    "cost_per_hub": "kosten per hub",
    "extra_growth": "extra productiviteitsgroei",
    "yearly_budget": "jaarbudget",
    "women_choice_increase": "meer vrouwen kiezen techniek",
    "side_entry_increase": "meer zij-instromers aangenomen",
    "retention_gain": "minder vertrek uit technische bedrijven",
    "yearly_cost": "kosten per jaar",
    "exposure_gain": "meer techniekkeuze",
    "schools": "scholen",
    "cost_per_school": "kosten per school",
    "retrainees_per_year": "omscholers per jaar",
    "training_months": "opleidingsduur",
    "cost_per_retrainee": "kosten per omscholer",
    "per_year": "aantal per jaar",
    "cost_per_person": "kosten per persoon",
    "stay_years": "verblijfsduur",
    "cost_per_worker_year": "kosten per werknemer per jaar",
    "stay_rate": "aandeel dat blijft",
    "graduates_per_year": "afgestudeerden per jaar",
    "cost_per_stayer": "kosten per blijver",
}


def tr(lang: str, key: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` with ``values`` filled in."""
    text = TEXT.get(lang, {}).get(key) or TEXT["en"].get(key) or key
    return text.format(**values) if values else text


def field_label(lang: str, name: str) -> str:
    """A scenario field's name for people: Dutch where known, else the name itself."""
    return (FIELDS_NL.get(name) if lang == "nl" else None) or name.replace("_", " ")


def unit_text(lang: str, unit: str) -> str:
    """A model unit in the page's language (unknown units as given)."""
    return UNITS_NL.get(unit, unit) if lang == "nl" else unit


def number(value: float, lang: str, digits: int = 0) -> str:
    """``value`` with thousands separators in the language's style (nl: 1.234,5; en: 1,234.5)."""
    text = f"{value:,.{digits}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text
