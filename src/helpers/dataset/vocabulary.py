"""The words of the data, each defined once: the allowed values that data/datapackage.json lists.

Every other module imports these names instead of writing the words out, so that the schema
and the code cannot drift apart: a value renamed in the schema fails here, at import, by name.
"""

from __future__ import annotations

import json

from .paths import repository_root

_PACKAGE = json.loads((repository_root() / "data" / "datapackage.json").read_text(encoding="utf-8"))


def _enum(resource: str, field: str) -> tuple:
    [spec] = [
        f for r in _PACKAGE["resources"] if r["name"] == resource for f in r["schema"]["fields"] if f["name"] == field
    ]
    return tuple(spec["constraints"]["enum"])


#: Study designs, in the tables' order (studies.design).
DESIGNS: tuple[str, ...] = _enum("studies", "design")
PROSPECTIVE, RETROSPECTIVE, META_ANALYSIS = DESIGNS
#: A row of Table 1 names a better group or level, or records none (factors.direction) ...
DIFFERENCE, NO_DIFFERENCE = _enum("factors", "direction")
#: ... and a row of Table 2 names the test group better, or records no difference (strategies.direction).
FAVOURS_TEST, _NO_DIFFERENCE_IN_TABLE2 = _enum("strategies", "direction")
assert _NO_DIFFERENCE_IN_TABLE2 == NO_DIFFERENCE, "both tables must spell 'no difference' alike"
#: The directions in which a row names a group as better.
POSITIVE = (DIFFERENCE, FAVOURS_TEST)
#: The paper's two evidence tables, by the number their legends carry (abbreviations.table).
TABLE1, TABLE2 = (f"Table {n}" for n in _enum("abbreviations", "table"))
#: Where in the paper a claim stands (claims.section), in the paper's order.
SECTIONS: tuple[str, ...] = _enum("claims", "section")
#: How much a problem changes what a reader concludes (problems.severity), gravest first.
SEVERITIES: tuple[str, ...] = _enum("problems", "severity")
CHANGES_A_CONCLUSION, MISLEADS_ABOUT_THE_EVIDENCE, MINOR = SEVERITIES
#: The BibTeX field of references.bib that holds a reference's number in the paper (not a BibTeX standard).
NUMBER_FIELD = "refnumber"
#: What a question of the summary of findings asks about (questions.type): GRADE rates the two differently.
QUESTION_TYPES: tuple[str, ...] = _enum("questions", "type")
INTERVENTION, PROGNOSTIC_FACTOR = QUESTION_TYPES
#: The direction a question's plain-language statement reads in the evidence (questions.effect).
EFFECTS: tuple[str, ...] = _enum("questions", "effect")
REDUCES, LITTLE_OR_NO_DIFFERENCE, RELATED, NOT_RELATED, AT_LEAST_AS_WELL = EFFECTS
#: What the paper says of a study's randomisation (studies.randomised); empty where it says nothing.
RANDOMISED: tuple[str, ...] = _enum("studies", "randomised")
RANDOMISED_TRIAL, POOLS_RANDOMISED = RANDOMISED
#: How long a study's reported result held (follow_up.term).
TERMS: tuple[str, ...] = _enum("follow_up", "term")
LASTING, EARLY_ONLY, SHORT_FOLLOW_UP, TIMES_UNSTATED = TERMS
#: The GRADE domains of the evidence profile (certainty.domain): five for rating down, then rating up.
GRADE_DOMAINS: tuple[str, ...] = _enum("certainty", "domain")
RATING_DOWN_DOMAINS, RATING_UP = GRADE_DOMAINS[:-1], GRADE_DOMAINS[-1]
#: The judgements (certainty.judgement): three for a domain of rating down, then three for rating up.
JUDGEMENTS: tuple[str, ...] = _enum("certainty", "judgement")
DOWN_JUDGEMENTS, UP_JUDGEMENTS = JUDGEMENTS[:3], JUDGEMENTS[3:]
#: The answers to an item of AMSTAR 2 (amstar2.answer), in AMSTAR 2's words.
AMSTAR2_ANSWERS: tuple[str, ...] = _enum("amstar2", "answer")
YES, PARTIAL_YES, NO, NO_META_ANALYSIS = AMSTAR2_ANSWERS
#: Whether an item of AMSTAR 2 is one of its critical domains (amstar2.critical).
CRITICAL, NOT_CRITICAL = _enum("amstar2", "critical")
#: The sections of the PRISMA 2020 checklist, in its order (prisma2020.section).
CHECKLIST_SECTIONS: tuple[str, ...] = _enum("prisma2020", "section")
#: Whether the paper reports what an item of PRISMA 2020 asks for (prisma2020.reported), most first.
REPORTING: tuple[str, ...] = _enum("prisma2020", "reported")
REPORTED, PARTLY_REPORTED, NOT_REPORTED = REPORTING
