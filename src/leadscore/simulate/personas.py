"""Personas: who fills in the form, with a title, a job function, a name and an email.

The title mix follows company size (founders and CEOs sign up at small firms, analysts and
managers at large ones); free-mail addresses are more common for students and tiny firms,
and a few addresses are simply wrong, which is what later makes emails bounce.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from leadscore.domain.lead import seniority_of


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: (title, job function, weight at a small company, weight at a large company)
TITLES: tuple[tuple[str, str, float, float], ...] = (
    ("CEO", "executive", 6, 0.3),
    ("Founder", "executive", 5, 0.1),
    ("Chief Revenue Officer", "sales", 1, 0.6),
    ("Chief Marketing Officer", "marketing", 1, 0.6),
    ("CTO", "engineering", 2, 0.3),
    ("CFO", "finance", 0.5, 0.3),
    ("VP Marketing", "marketing", 1.5, 2),
    ("VP Sales", "sales", 1.5, 2),
    ("VP of Revenue Operations", "revenue operations", 0.5, 1.5),
    ("SVP Growth", "marketing", 0.3, 0.8),
    ("Head of Growth", "marketing", 3, 2),
    ("Head of Marketing", "marketing", 3, 2),
    ("Director of Sales Ops", "revenue operations", 1, 3),
    ("Director of Demand Generation", "marketing", 1, 3),
    ("Head of Data", "engineering", 0.5, 1.5),
    ("Marketing Manager", "marketing", 4, 7),
    ("Sales Operations Lead", "revenue operations", 2, 4),
    ("Demand Generation Manager", "marketing", 2, 4),
    ("Marketing Operations Manager", "marketing", 1.5, 4),
    ("Sales Manager", "sales", 2, 4),
    ("Product Marketing Manager", "marketing", 1, 3),
    ("RevOps Lead", "revenue operations", 1, 2.5),
    ("Software Engineer", "engineering", 4, 6),
    ("Analyst", "operations", 3, 6),
    ("Data Analyst", "operations", 2, 4),
    ("Marketing Coordinator", "marketing", 3, 5),
    ("Marketing Specialist", "marketing", 3, 5),
    ("Sales Development Representative", "sales", 3, 5),
    ("Account Executive", "sales", 2, 4),
    ("Consultant", "operations", 3, 2),
    ("Student", "education", 3, 2),
    ("Intern", "education", 1.5, 2),
    ("Marketing Intern", "marketing", 1, 1.5),
    ("MBA Student", "education", 1, 1),
)
_SMALL_WEIGHTS = [row[2] for row in TITLES]
_LARGE_WEIGHTS = [row[3] for row in TITLES]

FREE_MAIL = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com")

FIRST_NAMES = _words(
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Daniel Karen Matthew Lisa Anthony Nancy Mark "
    "Sandra Paul Ashley Steven Emily Andrew Kimberly Joshua Michelle Kevin Amanda Brian Laura "
    "Oliver Amelia Harry Isla Jack Ava Noah Mia Leo Emma Lukas Hannah Felix Lea Jonas Anna "
    "Louis Chloe Hugo Manon Lucas Sofia Mateo Lucia Pablo Giulia Marco Priya Arjun Ananya "
    "Rahul Aditi Wei Mei Hiroshi Yuki Kenji Aiko Gabriel Julia Rafael Beatriz Daan Sanne "
    "Liam Olivia Ethan Zoe Aarav Diya Carlos Maria Ines Tomas Nina Erik Freya Omar Layla"
)
LAST_NAMES = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
    "Lopez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris "
    "Clark Lewis Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell "
    "Mueller Schmidt Schneider Fischer Weber Meyer Wagner Becker Dubois Lefebvre Moreau "
    "Laurent Bernard Rossi Russo Ferrari Bianchi Romano Silva Santos Oliveira Costa Pereira "
    "Sharma Patel Singh Kumar Gupta Iyer Tanaka Suzuki Sato Takahashi Watanabe Tan Lim Ng "
    "DeVries Jansen Bakker Visser Smit Murphy Kelly OBrien Walsh Byrne Evans Roberts Hughes "
    "Edwards Turner Morgan Cooper Ward Brooks Wood Bell Fernandez Gonzalez Ruiz Navarro"
)


@dataclass(frozen=True, slots=True)
class Persona:
    title: str
    job_function: str
    seniority: str


@dataclass(frozen=True, slots=True)
class Contact:
    first_name: str
    last_name: str
    email: str
    free_mail: bool
    bad_email: bool


_PERSONAS = tuple(Persona(t, f, seniority_of(t) or "individual") for t, f, _, _ in TITLES)


def pick_persona(rng: random.Random, employees: int) -> Persona:
    """Title mix by company size: below ~50 people the founder often fills the form."""
    weights = _SMALL_WEIGHTS if employees < 50 else _LARGE_WEIGHTS
    return rng.choices(_PERSONAS, weights=weights)[0]


def make_contact(rng: random.Random, domain: str, persona: Persona, employees: int) -> Contact:
    """Name and email; free mail for students and tiny firms, a few typo'd addresses."""
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    free_chance = 0.05 + (0.55 if persona.seniority == "student" else 0.0)
    free_chance += 0.2 if employees <= 10 else 0.0
    free_mail = rng.random() < free_chance
    host = rng.choice(FREE_MAIL) if free_mail else domain
    local = _local_part(rng, first.lower(), last.lower(), free_mail)
    bad_email = rng.random() < (0.06 if free_mail else 0.025)
    if bad_email:  # a typo that no mail server will accept
        local = local[:-1] if len(local) > 3 and rng.random() < 0.5 else local + local[-1]
        host = _swap_letters(rng, host) if rng.random() < 0.5 else host
    return Contact(first, last, f"{local}@{host}", free_mail, bad_email)


def _local_part(rng: random.Random, first: str, last: str, free_mail: bool) -> str:
    if free_mail:
        return f"{first}.{last}{rng.randrange(1, 99)}" if rng.random() < 0.6 else first + last
    roll = rng.random()
    if roll < 0.55:
        return f"{first}.{last}"
    if roll < 0.8:
        return first[0] + last
    return first


def _swap_letters(rng: random.Random, host: str) -> str:
    """`gmial.com`, `bluepaek.io`: still a valid address, just not a deliverable one."""
    name, dot, rest = host.partition(".")
    if len(name) < 3:
        return host
    i = rng.randrange(len(name) - 1)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :] + dot + rest
