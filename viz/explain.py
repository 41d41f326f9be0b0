"""Plain-language texts for the room, in Dutch and English: what each measure does in the model,
what each chart shows, and the Dutch words for the model's sources and the presets' descriptions
(the model writes those in English). A kind, chart or preset not listed here shows the model's
own text, so a new one never breaks the page."""

from __future__ import annotations

from abm.interventions import INTERVENTIONS

MEASURES: dict[str, dict[str, str]] = {
    "hybrid_teachers": {
        "nl": "Bedrijven lenen vakmensen een dag per week uit aan het technisch onderwijs: minder docententekort, "
              "beter les en meer leerlingen die techniek kiezen. De bedrijven missen die uren zelf.",
        "en": "Firms lend skilled staff to technical schools one day a week: a smaller teacher shortage, better "
              "teaching and more pupils choosing technology. The firms lose those hours themselves."},
    "work_guarantee": {
        "nl": "Technici krijgen een werk- en ontwikkelgarantie: techniek kiezen wordt aantrekkelijker en wie werkloos "
              "wordt, vindt sneller weer technisch werk.",
        "en": "Technicians get a work and development guarantee: choosing technology is more attractive and those "
              "who lose their job find technical work again sooner."},
    "programmatic_procurement": {
        "nl": "Overheden besteden bouw- en energiewerk aan als langlopende programma's: een gelijkmatiger vraag, meer "
              "leerwerkplekken en snellere productiviteitsgroei.",
        "en": "Public clients tender construction and energy work as long programmes: steadier demand, more "
              "training places and faster productivity growth."},
    "technology_centres": {
        "nl": "Een techniekcentrum per landsdeel biedt leerwerkplekken en scholing voor zij-instromers.",
        "en": "A technology centre in each landsdeel offers training places and retrains side-entrants."},
    "productivity_offensive": {
        "nl": "Bedrijven werken productiever (prefab, automatisering): voor hetzelfde werk zijn minder mensen nodig.",
        "en": "Firms work more productively (prefab, automation): the same work needs fewer people."},
    "modern_employership": {
        "nl": "Bedrijven werven breder (vrouwen, migranten, mensen met een beperking) en houden mensen langer vast.",
        "en": "Firms recruit more widely (women, migrants, disabled people) and keep their staff longer."},
    "technology_promotion": {
        "nl": "Techniek op elke basisschool en in het voortgezet onderwijs: meer leerlingen kiezen een technische opleiding.",
        "en": "Technology in every primary and secondary school: more pupils choose a technical programme."},
    "lifelong_learning": {
        "nl": "Werkzoekenden en zij-instromers worden omgeschoold tot technicus, met behoud van uitkering.",
        "en": "Job seekers and side-entrants are retrained as technicians while keeping their benefits."},
    "refugees": {
        "nl": "Statushouders volgen taal- en vakopleiding en gaan daarna als technicus aan het werk.",
        "en": "Refugees with a residence permit learn the language and a trade, then work as technicians."},
    "non_eu_workers": {
        "nl": "Tijdelijke vakkrachten van buiten de EU vullen moeilijk vervulbare technische vacatures.",
        "en": "Temporary skilled workers from outside the EU fill hard-to-fill technical vacancies."},
    "international_talent": {
        "nl": "Meer internationale technische afgestudeerden blijven na hun studie in Nederland werken.",
        "en": "More international technical graduates stay to work in the Netherlands after their studies."},
}

CHARTS: dict[str, dict[str, str]] = {
    "vacancies": {"nl": "Alle openstaande vacatures op een moment, zoals het CBS ze telt.",
                  "en": "All vacancies open at a moment, as Statistics Netherlands counts them."},
    "hard_to_fill_vacancies": {"nl": "Vacatures die al drie maanden of langer openstaan: de hardnekkige krapte.",
                               "en": "Vacancies open for three months or more: the stubborn shortage."},
    "employed": {"nl": "Mensen met een baan in de gekozen sectoren.",
                 "en": "People with a job in the chosen sectors."},
    "intake": {"nl": "Welk deel van de nieuwe studenten in september een technische opleiding kiest, per niveau "
                     "en geslacht.",
               "en": "The share of new students each September who choose a technical programme, by level and sex."},
    "outflow": {"nl": "Technici die in de afgelopen twaalf maanden naar werk buiten de techniek vertrokken.",
                "en": "Technicians who moved to non-technical work over the last twelve months."},
    "teacher_shortage": {"nl": "Hoeveel techniekdocenten (in fte) de scholen tekortkomen.",
                         "en": "How many technical teachers (in fte) the schools are short of."},
    "training_places": {"nl": "Leerwerkplekken (bbl) die technische bedrijven aanbieden.",
                        "en": "Work-based training places (BBL) offered by technical firms."},
    "cost": {"nl": "Wat de gekozen maatregelen samen per jaar kosten.",
             "en": "What the chosen measures cost together each year."},
}

SOURCES_NL: dict[str, str] = {
    "hybrid_teachers": "Aanvalsplan 2022: 1.000 extra hybride docenten vanaf 2023",
    "work_guarantee": "Aanvalsplan 2022: werk- en ontwikkelgarantie van 10 jaar",
    "programmatic_procurement": "Aanvalsplan 2022: programma's in plaats van projecten voor publieke opdrachten",
    "technology_centres": "Aanvalsplan 2022: een hybride leeromgeving in elke regio binnen 5 jaar",
    "productivity_offensive": "Aanvalsplan 2022 pijler II: +1 procentpunt productiviteitsgroei per jaar",
    "modern_employership": "Aanvalsplan 2022: vrouwen, migranten, mensen met een beperking; behoud",
    "technology_promotion": "Techniekpact 2013: techniek op alle 7.000 basisscholen",
    "lifelong_learning": "Akkoord 2017, Aanvalsplan 2022: omscholing met behoud van WW",
    "refugees": "Aanvalsplan 2022 pijler III: statushouders opgeleid tot technicus",
    "non_eu_workers": "Aanvalsplan 2022 pijler III: tijdelijke pool van vakkrachten",
    "international_talent": "Techniekpact 2013: 27 % van de internationale studenten blijft",
}

PRESETS_NL: dict[str, str] = {
    "baseline": "Geen nieuw beleid: de gekalibreerde startsituatie van 2023 doorgerekend met de trendvraag uit het "
                "Aanvalsplan (2022).",
    "aanvalsplan-2022": "Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022): alle zeven actielijnen in "
                        "de drie pijlers.",
    "aanvalsplan-2022-pillar-1": "Aanvalsplan 2022 pijler I, instroom en behoud: hybride docenten, werkgarantie, "
                                 "techniekcentra, modern werkgeverschap, omscholing.",
    "aanvalsplan-2022-pillar-2": "Aanvalsplan 2022 pijler II, productiviteit: productiviteitsoffensief en "
                                 "programmatisch aanbesteden.",
    "aanvalsplan-2022-pillar-3": "Aanvalsplan 2022 pijler III, talent van buiten: statushouders, vakkrachten van "
                                 "buiten de EU, internationaal talent.",
    "techniekpact-2013": "Nationaal Techniekpact 2020 (2013), de drie actielijnen vanaf 2023: kiezen "
                         "(techniekpromotie), leren (techniekcentra, hybride docenten), werken (omscholing, "
                         "internationaal talent).",
    "hybrid-teachers": "Aanvalsplan 2022: bedrijven lenen vanaf 2023 1.000 extra hybride docenten (een dag per week) "
                       "uit aan het technisch onderwijs.",
    "international-talent": "Techniekpact 2013: het aandeel internationale technische afgestudeerden dat blijft gaat "
                            "van 27 % naar 40 %.",
    "lifelong-learning": "Akkoord 2017 / Aanvalsplan 2022: 5.000 omscholingen per jaar van werkzoekenden en "
                         "zij-instromers, vanaf 2023.",
    "modern-employership": "Aanvalsplan 2022: modern werkgeverschap en nieuwe groepen (vrouwen, migranten, mensen met "
                           "een beperking), beter behoud, vanaf 2023.",
    "non-eu-workers": "Aanvalsplan 2022 pijler III: een tijdelijke pool van 2.000 vakkrachten per jaar van buiten de "
                      "EU, vanaf 2024.",
    "productivity-offensive": "Aanvalsplan 2022 pijler II: +1 procentpunt groei van de arbeidsproductiviteit per jaar "
                              "in de sectoren van het plan, vanaf 2023.",
    "programmatic-procurement": "Aanvalsplan 2022: publieke opdrachtgevers besteden bouw- en energiewerk vanaf 2024 "
                                "aan als gelijkmatige programma's.",
    "refugees": "Aanvalsplan 2022 pijler III: 1.000 statushouders per jaar opgeleid tot technicus, vanaf 2023.",
    "technology-centres": "Aanvalsplan 2022: een hybride leeromgeving (techniekcentrum) in elk landsdeel vanaf 2024.",
    "technology-promotion": "Techniekpact 2013: techniek op elke basisschool en nieuwe vo-programma's, vanaf 2023.",
    "work-guarantee": "Aanvalsplan 2022: Gouden Poort, een werk- en ontwikkelgarantie van 10 jaar voor technici, "
                      "vanaf 2024.",
}


def measure_text(kind: str, lang: str) -> str:
    """What a measure does, in plain words (empty for a kind not described yet)."""
    return MEASURES.get(kind, {}).get(lang, "")


def chart_text(chart: str, lang: str) -> str:
    return CHARTS.get(chart, {}).get(lang, "")


def source_text(kind: str, lang: str) -> str:
    """A measure's source line: the model's own (English) unless Dutch is asked and known."""
    own = INTERVENTIONS[kind].source
    return SOURCES_NL.get(kind, own) if lang == "nl" else own


def preset_text(name: str, description: str, lang: str) -> str:
    return PRESETS_NL.get(name, description) if lang == "nl" else description
