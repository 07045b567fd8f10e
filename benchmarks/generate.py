"""Generate a realistic, deterministic archive of news articles for benchmarks.

    python benchmarks/generate.py --count 10000 --out /tmp/archive [--seed 1] [--by-year]
                                  [--format yaml|toml] [--manifest FILE]

Same arguments give byte-identical files. Stdlib only. The optional manifest (JSON, written
outside the archive) records what a benchmark needs to pick its arguments: tag counts, the
articles holding the rare marker word, and the slugs in date order.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

RARE_WORD = "zeldzaamwoord"  # in about 1 in RARE_EVERY articles (at least one)
RARE_EVERY = 500
COMMON_WORD = "gemeente"  # in nearly every body
MAX_SLUG = 80
FIRST_DAY = date(2006, 1, 1)
LAST_DAY = date(2025, 12, 31)

# --- word lists --------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return text.split()


AUTHORS = [
    "Anne de Vries",
    "Pieter Jansen",
    "Sanne Bakker",
    "Mohamed el Amrani",
    "Lotte Visser",
    "Jeroen Smit",
    "Fatima Yilmaz",
    "Bram van Dijk",
    "Eva Mulder",
    "Thijs de Boer",
    "Noor Hendriks",
    "Kees van den Berg",
    "Ilse Dekker",
    "Daan Peters",
    "Yara Bos",
    "Ruud Vermeulen",
    "Sophie van Leeuwen",
    "Hatice Özdemir",
    "Joost Kramer",
    "Marieke Brouwer",
]

PLACES = [
    "Amsterdam",
    "Rotterdam",
    "Den Haag",
    "Utrecht",
    "Eindhoven",
    "Tilburg",
    "Groningen",
    "Almere",
    "Breda",
    "Nijmegen",
    "Arnhem",
    "Haarlem",
    "Enschede",
    "Zwolle",
    "Leeuwarden",
    "Maastricht",
    "Venlo",
    "Deventer",
    "Delft",
    "Zaandam",
    "Den Bosch",
    "Schiedam",
    "Oss",
    "Súdwest-Fryslân",
    "Bergen op Zoom",
    "Heerlen",
    "Zuidoost",
    "Emmen",
    "Lelystad",
    "Curaçao",
]

SUBJECTS = [
    "Burgemeesters",
    "Wijkagenten",
    "Raadsleden",
    "Jongerenwerkers",
    "Buurtbewoners",
    "Ondernemers",
    "Handhavers",
    "Officieren van justitie",
    "Wethouders",
    "Politiechefs",
    "Criminologen",
    "Scholen",
    "Woningcorporaties",
    "Café-eigenaren",
    "Gemeenten",
    "Vrijwilligers",
    "Buurtvaders",
    "Ouders",
    "Deskundigen",
    "Reclasseringswerkers",
]

TOPICS = [
    "veiligheid",
    "ondermijning",
    "jeugdcriminaliteit",
    "cybercrime",
    "buurtpreventie",
    "drugsoverlast",
    "woninginbraken",
    "straatintimidatie",
    "cameratoezicht",
    "de wijkagent",
    "buurtapps",
    "explosies",
    "witwassen",
    "ondermijnende criminaliteit",
    "jeugdoverlast",
    "radicalisering",
    "huiselijk geweld",
    "fietsendiefstal",
    "vuurwerkoverlast",
    "de coördinatie",
    "privacy",
    "hennepteelt",
    "sluitingen van drugspanden",
    "de Wet Bibob",
    "online oplichting",
    "mensenhandel",
    "zorg en veiligheid",
    "de ideeën van bewoners",
    "financiële druk",
    "geïnformeerde burgers",
    "naïeve aanpakken",
    "de reünie van wijkagenten",
]

VERBS = [
    "strijdt",
    "investeert",
    "kiest",
    "experimenteert",
    "werkt samen",
    "pakt door",
    "schiet tekort",
    "zet in",
    "twijfelt",
    "rekent af",
    "grijpt in",
    "leert",
]

ADJECTIVES = [
    "nieuwe",
    "harde",
    "zachte",
    "slimme",
    "lokale",
    "integrale",
    "preventieve",
    "financiële",
    "creatieve",
    "omstreden",
    "succesvolle",
    "mislukte",
    "gedeelde",
    "stille",
    "digitale",
]

APPROACHES = [
    "aanpak",
    "strategie",
    "samenwerking",
    "proef",
    "wijkaanpak",
    "handhaving",
    "campagne",
    "meldplicht",
    "cameraproef",
    "straatcoach",
    "buurtapp",
    "noodverordening",
    "gebiedsverbod",
]

QUOTES = [
    "Ik ken mijn buurt",
    "We moeten sneller zijn",
    "Dit is pas het begin",
    "Niemand voelt zich",
    "Geef ons één kans",
    "Het werkt écht",
    "Zonder bewoners lukt het niet",
    "Wij zijn er klaar mee",
    "Het is geen naïef idee",
    "Geen café zonder camera",
    "Kijk niet weg",
    "Houd het klein",
]

TITLE_TEMPLATES = [
    "{subject} over {topic}: wat werkt?",
    "Wijkagent in {place}: ’{quote}’",
    "{n} jaar {topic} in {place}: een tussenbalans",
    "Hoe {place} {verb} tegen {topic}",
    "{Adjective} {approach} tegen {topic} in {place} (update)",
    "{subject} en politie: samen tegen {topic}!",
    "Waarom {place} {verb} op {topic}",
    "{place} {verb}: {adjective} {approach} na {n} incidenten",
    "Onderzoek: {n}% van de bewoners vindt {topic} een probleem",
    "{subject} in {place} willen meer {approach}",
    "Buurtapps in {place}: zegen of vloek?",
    "Interview: ‘{quote}’ ({subject}, {place})",
    "{topic_cap} in {place}, {place2} en {place3}: wat {subject_lc} ervan leren",
    "Column: {topic} en de {adjective} {approach} van {place}",
    "‘{quote}!’ — {subject} over {topic}",
    "{n} vragen over {topic} en de {adjective} {approach} in {place} en omgeving",
    'Wijkagent {name}: "{quote}"',
]

TAGS_HEAD = [
    "veiligheid",
    "politie",
    "burgemeesters",
    "ondermijning",
    "jeugd",
    "cybercrime",
    "wijkagent",
    "buurtapps",
    "gemeente",
    "criminaliteit",
    "preventie",
    "handhaving",
    "drugs",
    "openbare-orde",
    "woninginbraak",
    "samenwerking",
    "onderzoek",
    "wetgeving",
    "zorg",
    "privacy",
]

TAGS_TAIL = words("""
aanpak aangifte aanhouding aanslag alcohol amsterdam antwerpen apeldoorn arbeidsuitbuiting
arnhem artikel-13b asielzoekers autodiefstal bankpassen bedreiging beleid bestuur bestuurlijke-boete
betogingen bewoners bibob big-data bodycams boetes breda brandstichting buitengebied burenruzie
buurtpreventie buurtvaders buurtwacht camera cameratoezicht carnaval coffeeshops cold-cases
coronamaatregelen criminologie crisisbeheersing daklozen datalekken deepfakes delft demonstraties
den-haag desinformatie detectives deurwaarders dienstverlening digitalisering discriminatie
doxing drugsafval drugshandel drugslabs e-bikes eindhoven emmen enschede evaluatie evenementen
explosies extremisme fatbikes fietsendiefstal financiering fraude gebiedsverbod geweld gezondheid
gokken graffiti groningen haarlem hackers handgranaten heling hennep hoger-beroep horeca
huiselijk-geweld huisjesmelkers identiteitsfraude informatiedeling inbraak innovatie integriteit
internationaal jongerenwerk justitie kamerverhuur kansspelen kinderen klachten
kunstmatige-intelligentie landelijk leefbaarheid leerplicht lelystad loverboys maastricht
mensenhandel messen messenbezit
middelengebruik milieucriminaliteit moord motie naheffing nachtleven nijmegen noodbevel
noodverordening ondernemers onderwijs oplichting opsporing ouderen overlast parkeren participatie
personeel phishing platteland podcast politiek polarisatie prostitutie radicalisering raadsleden
ransomware recidive reclassering rechtspraak rellen rotterdam scholen schuldhulp sekswerk
sluiting sociale-media sporthallen stadsmariniers stalking statushouders straatintimidatie
straatroof subsidie tbs terrorisme tilburg toezicht uitkeringsfraude utrecht vakantie vandalisme
verkeer verkiezingen verslaving vertrouwen vervoer vrijwilligers vuurwapens vuurwerk wapens
wethouders wietpas witwassen woningcorporaties woonoverlast zaandam zeehavens zorgfraude zwolle
aanrijdingen achterstandswijken afpersing afvaldumping agressie airbnb alcoholverbod ambulance
arrestatieteam asbest autoriteit avondklok babbeltrucs bankhelpdeskfraude bendes bestuursrecht
bezuinigingen boa burgerparticipatie bushaltes camerabeelden chantage cocaïne crowdfunding
dakloosheid dierenmishandeling dna dronken drones dumpingen energiefraude escalatie facebook
festivals filmpjes gedragscode geheimhouding gemeenteraad getuigen grensregio hackathon havens
hooligans huisbezoeken hulpverlening ict identiteit inburgering incassobureaus instagram
jeugdbescherming jeugdzorg kabinet kerst kermis klokkenluiders koopzondag krakers laadpalen
lachgas leerlingen lokaal-bestuur markten meldpunt meldingen mentale-gezondheid migratie
misdaadjournalistiek mobiliteit natuur nieuwjaar nood ombudsman openbaar-vervoer opvang
parkeerbeheer pesten pilots politieacademie pooierboys privé proefproject publieksonderzoek
rapport recherche regio reünie rijbewijs scooters sociale-wijkteams spoorwegen sport
stadsdelen stakingen studenten subsidiefraude tiktok tolken treinen tunnels uitgaan
veiligheidsregio vergunningen verwarde-personen videobellen vluchtelingen voetbal voorlichting
wachtlijsten waterschap webinar whatsapp wijkteams winkeldiefstal woningnood zedenzaken
zorgmijders zomer café coördinatie ideeën
""")

TAGS = TAGS_HEAD + TAGS_TAIL

# Body vocabulary, roughly most frequent first (weights fall off as 1/rank).
BODY_WORDS = words("""
de het een en van in is dat op te met voor niet zijn er die aan ook als bij maar om dan
nog wel naar uit over door worden kan meer wordt al hun zij we wij ze was of tot deze
gemeente veiligheid politie bewoners burgemeester wijk buurt jongeren aanpak volgens zegt
moet moeten kunnen gaan komt staat jaar jaren week maanden mensen samen goed nieuwe eerste
wijkagent overlast criminaliteit ondermijning handhaving preventie straat stad dorp raad
wethouder ondernemers scholen ouders kinderen informatie melding meldingen signalen onderzoek
cijfers resultaten toezicht camera's gebied centrum avond nacht weekend zomer winter
belangrijk duidelijk lastig moeilijk snel langzaam vaak soms altijd nooit steeds meestal
bijvoorbeeld daarom bovendien echter toch namelijk vooral zeker misschien eigenlijk inmiddels
samenwerking partners zorg hulp begeleiding verslaving drugs hennep cocaïne wapens messen
explosies inbraken diefstal fraude oplichting phishing hackers systemen data privacy apps
groepsapp buurtapp whatsapp berichten foto's beelden verdachte verdachten aanhouding arrestatie
rechter justitie officier straf boete taakstraf reclassering recidive kans risico's gevolgen
financiële middelen budget subsidie kosten investering plannen beleid regels wet wetgeving
coördinatie ideeën één privé café reünie geïnteresseerd naïef patiënten zeeën België
beëindigen geëvalueerd gecoördineerd ruïne crèche financiën
vertrouwen angst gevoel onveilig veilig rust leefbaarheid contact gesprek gesprekken vragen
antwoord antwoorden kritiek steun draagvlak ervaring ervaringen lessen voorbeeld voorbeelden
""")

HEADINGS = [
    "Wat er gebeurde",
    "De aanpak",
    "Reacties uit de buurt",
    "Wat zegt de burgemeester?",
    "Cijfers",
    "Hoe nu verder?",
    "Achtergrond",
    "De rol van de wijkagent",
    "Kritiek",
    "Lessen voor andere gemeenten",
    "Tot slot",
    "Wat kunt u doen?",
    "Financiën en coördinatie",
]

LINK_TARGETS = [
    "https://www.politie.nl/nieuws",
    "https://www.rijksoverheid.nl/onderwerpen/veiligheid",
    "https://www.hetccv.nl/",
    "https://www.vng.nl/",
    "https://www.nos.nl/",
    "https://www.wodc.nl/onderzoek",
    "https://www.burgemeesters.nl/",
]


# --- slugs -------------------------------------------------------------------------------------

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """Lower-case ASCII, accents transliterated, other runs one hyphen, <= 80 chars cut at '-'."""
    decomposed = unicodedata.normalize("NFKD", title)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[: MAX_SLUG + 1].rfind("-")
        slug = slug[:cut] if cut > 0 else slug[:MAX_SLUG]
    return slug.strip("-") or "artikel"


def unique_slug(slug: str, taken: set[str]) -> str:
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"


# --- articles ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Meta:
    slug: str
    title: str
    date: str  # as written: YYYY-MM-DD or an ISO date-time with offset
    author: str
    tags: tuple[str, ...]
    image: str | None
    draft: bool
    rare: bool


def cumulative_zipf(n: int, exponent: float = 1.0) -> list[float]:
    total = 0.0
    cumulative = []
    for rank in range(1, n + 1):
        total += 1.0 / rank**exponent
        cumulative.append(total)
    return cumulative


TAG_WEIGHTS = cumulative_zipf(len(TAGS), 1.0)


def make_title(rng: random.Random) -> str:
    place, place2, place3 = rng.sample(PLACES, 3)
    subject = rng.choice(SUBJECTS)
    topic = rng.choice(TOPICS)
    adjective = rng.choice(ADJECTIVES)
    title = rng.choice(TITLE_TEMPLATES).format(
        subject=subject,
        subject_lc=subject.lower(),
        topic=topic,
        topic_cap=topic[0].upper() + topic[1:],
        place=place,
        place2=place2,
        place3=place3,
        verb=rng.choice(VERBS),
        adjective=adjective,
        Adjective=adjective.capitalize(),
        approach=rng.choice(APPROACHES),
        quote=rng.choice(QUOTES),
        n=rng.choice((2, 3, 5, 7, 10, 12, 15, 20, 25, 40, 100)),
        name=rng.choice(AUTHORS).split()[0],
    )
    return title[0].upper() + title[1:]


def make_date(rng: random.Random, previous: list[date]) -> date:
    # About 15% reuse an earlier day, so that several articles share a date even in small sets.
    if previous and rng.random() < 0.15:
        return rng.choice(previous)
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def format_date(rng: random.Random, day: date) -> str:
    if rng.random() >= 0.10:
        return day.isoformat()
    offset = "+02:00" if 4 <= day.month <= 10 else "+01:00"  # CEST / CET, roughly
    hour, minute = rng.randrange(6, 23), rng.choice((0, 5, 15, 30, 45))
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00{offset}"


def make_tags(rng: random.Random) -> tuple[str, ...]:
    wanted = rng.randint(1, 5)
    tags: list[str] = []
    while len(tags) < wanted:
        tag = rng.choices(TAGS, cum_weights=TAG_WEIGHTS)[0]
        if tag not in tags:
            tags.append(tag)
    return tuple(tags)


def make_meta(rng: random.Random, taken: set[str], days: list[date], rare: bool) -> Meta:
    title = make_title(rng)
    slug = unique_slug(slugify(title), taken)
    taken.add(slug)
    day = make_date(rng, days)
    days.append(day)
    image = f"images/{day.year}/{slug[:40].rstrip('-')}.jpg" if rng.random() < 0.30 else None
    return Meta(
        slug=slug,
        title=title,
        date=format_date(rng, day),
        author=rng.choice(AUTHORS),
        tags=make_tags(rng),
        image=image,
        draft=rng.random() < 0.03,
        rare=rare,
    )


# --- bodies ------------------------------------------------------------------------------------


class BodyMaker:
    """Builds Markdown bodies from a pool of pre-made sentences (fast: no per-word sampling)."""

    def __init__(self, rng: random.Random, pool_size: int = 6000) -> None:
        weights = cumulative_zipf(len(BODY_WORDS), 0.9)
        self.sentences = [self._sentence(rng, weights) for _ in range(pool_size)]
        self.lengths = [s.count(" ") + 1 for s in self.sentences]

    @staticmethod
    def _sentence(rng: random.Random, weights: list[float]) -> str:
        words = rng.choices(BODY_WORDS, cum_weights=weights, k=rng.randint(6, 18))
        if rng.random() < 0.08:
            i = rng.randrange(1, len(words))
            words[i] = f"[{words[i]}]({rng.choice(LINK_TARGETS)})"
        text = " ".join(words)
        end = rng.choices((".", "?", "!", ":"), weights=(85, 7, 4, 4))[0]
        return text[0].upper() + text[1:] + end

    def body(self, rng: random.Random, rare: bool) -> str:
        target = int(rng.triangular(300, 1500, 600))
        blocks: list[str] = []
        paragraph: list[str] = []
        words = 0
        pool, lengths, size, rand = self.sentences, self.lengths, len(self.sentences), rng.random
        while words < target:
            i = int(rand() * size)
            paragraph.append(pool[i])
            words += lengths[i]
            if len(paragraph) >= 3 and rand() < 0.3:
                blocks.append(" ".join(paragraph))
                paragraph = []
                words += self._extra_block(rng, blocks)
        if paragraph:
            blocks.append(" ".join(paragraph))
        if rare:
            at = rng.randrange(len(blocks))
            blocks[at] = f"{blocks[at]} Een {RARE_WORD} voor de zoekfunctie."
        return "\n\n".join(blocks) + "\n"

    def _extra_block(self, rng: random.Random, blocks: list[str]) -> int:
        roll = rng.random()
        if roll < 0.15:
            blocks.append("## " + rng.choice(HEADINGS))
            return 3
        if roll < 0.22:
            items = [self.sentences[rng.randrange(len(self.sentences))] for _ in range(3)]
            blocks.append("\n".join("- " + item for item in items))
            return sum(item.count(" ") + 1 for item in items)
        return 0


# --- front matter ------------------------------------------------------------------------------


def quoted(text: str) -> str:
    """A double-quoted string, valid in both YAML and TOML."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_front_matter(meta: Meta) -> str:
    lines = ["---", f"title: {quoted(meta.title)}", f"date: {meta.date}", f"author: {meta.author}"]
    lines.append("tags:")
    lines.extend(f"  - {tag}" for tag in meta.tags)
    if meta.image:
        lines.append(f"image: {meta.image}")
    if meta.draft:
        lines.append("draft: true")
    lines.append("---")
    return "\n".join(lines) + "\n"


def toml_front_matter(meta: Meta) -> str:
    tags = ", ".join(quoted(tag) for tag in meta.tags)
    lines = [
        "+++",
        f"title = {quoted(meta.title)}",
        f"date = {meta.date}",
        f"author = {quoted(meta.author)}",
        f"tags = [{tags}]",
    ]
    if meta.image:
        lines.append(f"image = {quoted(meta.image)}")
    if meta.draft:
        lines.append("draft = true")
    lines.append("+++")
    return "\n".join(lines) + "\n"


# --- main --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    count: int
    out: Path
    seed: int = 1
    by_year: bool = False
    format: str = "yaml"


def generate(options: Options) -> list[Meta]:
    """Write the archive; returns the articles' front matter in generation order."""
    rng = random.Random(options.seed)
    bodies = BodyMaker(random.Random(options.seed * 7919 + 17))
    rare_count = max(1, options.count // RARE_EVERY) if options.count else 0
    rare = set(rng.sample(range(options.count), rare_count))
    front_matter = toml_front_matter if options.format == "toml" else yaml_front_matter
    taken: set[str] = set()
    days: list[date] = []
    metas: list[Meta] = []
    made_dirs: set[Path] = set()
    for i in range(options.count):
        meta = make_meta(rng, taken, days, i in rare)
        folder = options.out / meta.date[:4] if options.by_year else options.out
        if folder not in made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        text = front_matter(meta) + "\n" + bodies.body(rng, meta.rare)
        (folder / f"{meta.slug}.md").write_bytes(text.encode("utf-8"))
        metas.append(meta)
    return metas


def manifest(options: Options, metas: list[Meta]) -> dict[str, object]:
    tag_counts = Counter(tag for meta in metas for tag in meta.tags)
    in_order = sorted(metas, key=lambda m: (m.date[:10], m.slug))
    return {
        "count": options.count,
        "seed": options.seed,
        "format": options.format,
        "by_year": options.by_year,
        "rare_word": RARE_WORD,
        "rare_articles": sorted(m.slug for m in metas if m.rare),
        "common_word": COMMON_WORD,
        "drafts": sum(m.draft for m in metas),
        "tag_counts": dict(tag_counts.most_common()),
        "slugs_by_date": [m.slug for m in in_order],
        "draft_slugs": sorted(m.slug for m in metas if m.draft),
    }


def parse_args(argv: list[str] | None = None) -> tuple[Options, Path | None]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="archive folder (new or empty)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--by-year", action="store_true", help="put files in OUT/YYYY/")
    parser.add_argument("--format", choices=("yaml", "toml"), default="yaml")
    parser.add_argument("--manifest", type=Path, help="also write a JSON manifest here")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be 0 or more")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty; give a new or empty folder")
    options = Options(args.count, args.out, args.seed, args.by_year, args.format)
    return options, args.manifest


def main(argv: list[str] | None = None) -> int:
    options, manifest_path = parse_args(argv)
    started = time.perf_counter()
    options.out.mkdir(parents=True, exist_ok=True)
    metas = generate(options)
    if manifest_path is not None:
        data = manifest(options, metas)
        manifest_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    elapsed = time.perf_counter() - started
    tags = Counter(tag for meta in metas for tag in meta.tags)
    top = ", ".join(f"{tag} {n}" for tag, n in tags.most_common(3))
    print(
        f"generated {options.count} {options.format} articles in {options.out}"
        f"{' (by year)' if options.by_year else ''} in {elapsed:.1f}s: "
        f"{sum(m.draft for m in metas)} drafts, {sum(m.rare for m in metas)} with {RARE_WORD!r}, "
        f"{len(tags)} tags (top: {top})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
