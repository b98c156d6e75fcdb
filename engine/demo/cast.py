"""The people and institutions of the demo, created by the administrator.

The country is fictional (the Republic of Veloria); the core group follows
the real example of a national migration and citizenship policy: the Ministry
of Home Affairs and its departments, the Ministry of Foreign Affairs' diaspora
desk, the Ministry of Justice and Constitutional Affairs, the Law Commission,
the Ministry of Labour's vocational training division and the National
Statistical Office's demography division.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from engine.models import Institution, User
from engine.services.institutions import create_institution
from engine.services.profile import update_profile
from engine.services.users import create_user

DOMAIN = "demo.policycycle.org"
COUNTRY = "Republic of Veloria"
PARTNER_COUNTRY = "Kingdom of Estmark"

# key, name, kind, parent key, country (None: the parent's, or Veloria at the top)
INSTITUTIONS: list[tuple[str, str, str, str | None, str | None]] = [
    # The core group's institutions.
    ("home", "Ministry of Home Affairs", "ministry", None, None),
    ("home_central", "Central Administration", "department", "home", None),
    ("refugee", "Refugee Department", "department", "home", None),
    ("immigration", "Immigration Department", "department", "home", None),
    ("police", "Police Headquarters", "department", "home", None),
    ("bma", "Border Management Agency", "agency", "home", None),
    ("foreign", "Ministry of Foreign Affairs", "ministry", None, None),
    ("consular", "Consular Affairs Department", "department", "foreign", None),
    ("diaspora_desk", "Diaspora Desk", "division", "consular", None),
    ("justice", "Ministry of Justice and Constitutional Affairs", "ministry", None, None),
    ("law_commission", "Law Commission", "agency", None, None),
    ("cnlt", "Comité national de lutte contre la traite des personnes", "agency", None, None),
    ("labour", "Ministry of Labour", "ministry", None, None),
    ("skills", "Department of Skills and Employment", "department", "labour", None),
    ("tvet", "Technical and Vocational Training Division", "division", "skills", None),
    ("nso", "National Statistical Office", "statistics_office", None, None),
    ("social_stats", "Social Statistics Department", "department", "nso", None),
    ("demography", "Demography Division", "division", "social_stats", None),
    # Stakeholders consulted outside the core group.
    ("diaspora_council", "Velorian Diaspora Council", "diaspora_association", None, None),
    ("msn", "Migrant Support Network Veloria", "ngo", None, None),
    ("municipalities", "Association of Velorian Municipalities", "local_government", None, None),
    ("university", "University of Veloria", "academia", None, None),
    ("cmr", "Centre for Migration Research", "academia", "university", None),
    # International partners and experts' home institutions.
    ("gmp", "Global Migration Partnership", "international_organisation", None, "International"),
    ("gmp_office", "Veloria Country Office", "international_organisation", "gmp", COUNTRY),
    ("mef", "Migration Expertise Facility", "international_organisation", None, "International"),
    # The facility's donor: its representative sits on the steering group.
    ("partnership_fund", "Northern Partnership Fund for Migration", "donor", None,
     "International"),
    ("estmark_interior", "Ministry of the Interior of Estmark", "foreign_administration", None,
     PARTNER_COUNTRY),
    ("estmark_migration", "Migration Department", "department", "estmark_interior", None),
]

# key, email (local part), name, administrator?
PEOPLE: list[tuple[str, str, str, bool]] = [
    ("admin", "admin", "Tomas Reyes", True),
    ("lead", "lead", "Daria Kovan", False),
    ("core", "core", "Joel Marin", False),
    ("refugee", "samira.haddad", "Samira Haddad", False),
    ("police", "mateo.rusu", "Mateo Rusu", False),
    ("diaspora_desk", "ana.petrel", "Ana Petrel", False),
    ("justice", "victor.anand", "Victor Anand", False),
    ("law_commission", "ruth.okello", "Ruth Okello", False),
    ("former_law", "martin.kessel", "Martin Kessel", False),
    ("labour", "nadia.ferreira", "Nadia Ferreira", False),
    ("statistics", "paul.lindqvist", "Paul Lindqvist", False),
    ("former_lead", "stefan.horvat", "Stefan Horvat", False),
    ("bma", "tarik.bello", "Tarik Bello", False),
    ("facility", "sofia.brandt", "Sofia Brandt", False),
    ("donor", "ingrid.halvorsen", "Ingrid Halvorsen", False),
    ("expert", "expert", "Henrik Aalto", False),
    ("academic", "leila.mansour", "Leila Mansour", False),
    ("observer", "observer", "Grace Adeyemi", False),
    # The Diaspora Desk's officer at the embassy in Paris; she works in French.
    ("francophone", "aminata.sow", "Aminata Sow", False),
    # French-speaking core member of the francophone process.
    ("core_fr", "core.fr", "Amélie Dubois", False),
]

# Who may start processes (the site-level permission administrators grant).
STARTERS = {"lead", "bma", "former_lead", "justice"}
# Who set a language and a time zone on their profile: person key -> (language, zone).
# A francophone process is told with "francophone" among its core group.
PROFILES: dict[str, tuple[str, str]] = {
    "francophone": ("fr", "Europe/Paris"),
    "core_fr": ("fr", "Europe/Paris"),
}
#: The interface languages the demo's profiles may use (config.toml's LANGUAGES).
LANGUAGES = ("en", "fr", "es", "pt", "ru")

# What the CLI prints: role label, person key. Everyone shares DEMO_PASSWORD.
LOGINS: list[tuple[str, str]] = [
    ("Administrator", "admin"),
    ("Lead (Home Affairs)", "lead"),
    ("Core group member", "core"),
    ("Core (statistics)", "statistics"),
    ("Expert (ministry)", "expert"),
    ("Expert (academia)", "academic"),
    ("Observer", "observer"),
    ("Lead (TA request)", "bma"),
    ("Steering group (donor)", "donor"),
    ("Core, in French (Paris time)", "francophone"),
    ("Core group member (French)", "core_fr"),
]


def email_of(key: str) -> str:
    local = next(p[1] for p in PEOPLE if p[0] == key)
    return f"{local}@{DOMAIN}"


def logins() -> list[tuple[str, str, str]]:
    names = {key: name for key, _local, name, _admin in PEOPLE}
    return [(label, email_of(key), names[key]) for label, key in LOGINS]


@dataclass
class Cast:
    """Everyone and every institution of the demo, by short key."""

    people: dict[str, User] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)

    def __getitem__(self, key: str) -> User:
        return self.people[key]

    def inst(self, key: str) -> Institution:
        return self.institutions[key]


def create_cast(session: Session, password: str) -> Cast:
    """Create the accounts and the institution tree (the administrator does it all)."""
    cast = Cast()
    for key, local, name, is_admin in PEOPLE:
        actor = cast.people.get("admin")  # None for the first account: the command line
        cast.people[key] = create_user(session, actor, email=f"{local}@{DOMAIN}", name=name,
                                       password=password, is_admin=is_admin,
                                       may_start_processes=key in STARTERS)
    for key, (language, timezone) in PROFILES.items():
        update_profile(session, cast[key], language=language, timezone=timezone,
                       languages=LANGUAGES)
    admin = cast["admin"]
    for key, name, kind, parent, country in INSTITUTIONS:
        parent_id = cast.institutions[parent].id if parent else None
        cast.institutions[key] = create_institution(
            session, admin, name=name, kind=kind, parent_id=parent_id,
            country=country or (None if parent else COUNTRY),
        )
    return cast
