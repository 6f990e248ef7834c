"""The demo archive's words in each language of the interface (``generate_demo_data
--languages``): the same sentences, each language's claims written in it, so that search
can be tried and measured in every language (docs/performance.md).

Every list has the English list's length and the words are drawn in the same order for
every language, so an archive's random draws (and so the English archive of a seed) do
not change with the languages asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random


@dataclass(frozen=True)
class Vocabulary:
    subjects: list[str]
    verbs: list[str]
    places: list[str]
    when: list[str]
    sentence: str  # with {subject} {verb} {place} {when} {share} {number}
    headline: str  # with {pk}
    summary: str
    context: str

    def claim(self, draw: Random) -> str:
        # Drawn in this order whatever the language (see the module's docstring).
        subject, verb = draw.choice(self.subjects), draw.choice(self.verbs)
        place, when = draw.choice(self.places), draw.choice(self.when)
        share, number = draw.randint(2, 95), draw.randint(100, 99999)
        text = self.sentence.format(
            subject=subject, verb=verb, place=place, when=when, share=share, number=number
        )
        return text[0].upper() + text[1:]


ENGLISH = Vocabulary(
    subjects=[
        "unemployment",
        "the state budget",
        "crime",
        "gas prices",
        "school funding",
        "the minimum wage",
        "health insurance premiums",
        "immigration",
        "property taxes",
        "the national debt",
        "rents",
        "hospital waiting lists",
        "bus fares",
        "carbon emissions",
        "teacher salaries",
        "military spending",
        "drug overdoses",
        "college tuition",
        "wildfires",
        "the trade deficit",
    ],
    verbs=[
        "doubled",
        "fell by half",
        "rose",
        "dropped",
        "tripled",
        "hit a record high",
        "reached its lowest level",
        "grew faster than anywhere else",
        "was cut",
        "went up",
    ],
    places=[
        "in Ohio",
        "in Texas",
        "nationwide",
        "in the capital",
        "in rural counties",
        "in our city",
        "across the region",
        "in Florida",
        "in the state",
        "since the last election",
    ],
    when=[
        "last year",
        "since 2019",
        "in the past decade",
        "under the previous government",
        "this spring",
        "since the pandemic",
        "in five years",
        "over the last term",
    ],
    sentence="{subject} {verb} {place} {when}, by {share} percent to {number}.",
    headline="Demo verdict {pk}",
    summary="Demo content: a synthetic verdict for trying the archive at scale.",
    context="a campaign speech",
)

# Headline style (a verbal noun, then what changed): grammatical whatever the subject's
# gender and number.
ARABIC = Vocabulary(
    subjects=[
        "البطالة",
        "ميزانية الدولة",
        "الجريمة",
        "أسعار الوقود",
        "تمويل المدارس",
        "الحد الأدنى للأجور",
        "أقساط التأمين الصحي",
        "الهجرة",
        "ضرائب العقارات",
        "الدين العام",
        "الإيجارات",
        "قوائم انتظار المستشفيات",
        "أجور الحافلات",
        "انبعاثات الكربون",
        "رواتب المعلمين",
        "الإنفاق العسكري",
        "الجرعات الزائدة من المخدرات",
        "الرسوم الجامعية",
        "حرائق الغابات",
        "العجز التجاري",
    ],
    verbs=[
        "تضاعف",
        "انخفاض",
        "ارتفاع",
        "تراجع",
        "زيادة",
        "هبوط",
        "نمو",
        "تقلص",
        "قفزة في",
        "صعود",
    ],
    places=[
        "في أوهايو",
        "في تكساس",
        "على المستوى الوطني",
        "في العاصمة",
        "في المناطق الريفية",
        "في مدينتنا",
        "في أنحاء المنطقة",
        "في فلوريدا",
        "في الولاية",
        "منذ الانتخابات الأخيرة",
    ],
    when=[
        "العام الماضي",
        "منذ 2019",
        "خلال العقد الماضي",
        "في عهد الحكومة السابقة",
        "هذا الربيع",
        "منذ الجائحة",
        "خلال خمس سنوات",
        "خلال الولاية الأخيرة",
    ],
    sentence="{verb} {subject} {place} {when}، بنسبة {share} في المئة لتصل إلى {number}.",
    headline="حكم تجريبي {pk}",
    summary="محتوى تجريبي: حكم اصطناعي لتجربة الأرشيف على نطاق واسع.",
    context="خطاب انتخابي",
)

SPANISH = Vocabulary(
    subjects=[
        "del desempleo",
        "del presupuesto estatal",
        "de la delincuencia",
        "de los precios de la gasolina",
        "de la financiación escolar",
        "del salario mínimo",
        "de las primas de los seguros médicos",
        "de la inmigración",
        "de los impuestos sobre la propiedad",
        "de la deuda nacional",
        "de los alquileres",
        "de las listas de espera de los hospitales",
        "de las tarifas de autobús",
        "de las emisiones de carbono",
        "de los salarios de los docentes",
        "del gasto militar",
        "de las sobredosis de drogas",
        "de las matrículas universitarias",
        "de los incendios forestales",
        "del déficit comercial",
    ],
    verbs=[
        "duplicación",
        "caída a la mitad",
        "subida",
        "descenso",
        "triplicación",
        "máximo histórico",
        "mínimo histórico",
        "crecimiento récord",
        "recorte",
        "alza",
    ],
    places=[
        "en Ohio",
        "en Texas",
        "en todo el país",
        "en la capital",
        "en los condados rurales",
        "en nuestra ciudad",
        "en toda la región",
        "en Florida",
        "en el estado",
        "desde las últimas elecciones",
    ],
    when=[
        "el año pasado",
        "desde 2019",
        "en la última década",
        "con el gobierno anterior",
        "esta primavera",
        "desde la pandemia",
        "en cinco años",
        "en la última legislatura",
    ],
    sentence="{verb} {subject} {place} {when}: un {share} por ciento, hasta {number}.",
    headline="Veredicto de demostración {pk}",
    summary="Contenido de demostración: un veredicto sintético para probar el archivo a "
    "gran escala.",
    context="un discurso de campaña",
)

FRENCH = Vocabulary(
    subjects=[
        "du chômage",
        "du budget de l'État",
        "de la criminalité",
        "des prix de l'essence",
        "du financement des écoles",
        "du salaire minimum",
        "des primes d'assurance maladie",
        "de l'immigration",
        "des impôts fonciers",
        "de la dette publique",
        "des loyers",
        "des listes d'attente des hôpitaux",
        "des tarifs des bus",
        "des émissions de carbone",
        "des salaires des enseignants",
        "des dépenses militaires",
        "des overdoses",
        "des frais de scolarité universitaires",
        "des incendies de forêt",
        "du déficit commercial",
    ],
    verbs=[
        "doublement",
        "baisse de moitié",
        "hausse",
        "recul",
        "triplement",
        "record historique",
        "plus bas historique",
        "croissance record",
        "réduction",
        "progression",
    ],
    places=[
        "dans l'Ohio",
        "au Texas",
        "dans tout le pays",
        "dans la capitale",
        "dans les comtés ruraux",
        "dans notre ville",
        "dans toute la région",
        "en Floride",
        "dans l'État",
        "depuis les dernières élections",
    ],
    when=[
        "l'an dernier",
        "depuis 2019",
        "au cours de la dernière décennie",
        "sous le gouvernement précédent",
        "ce printemps",
        "depuis la pandémie",
        "en cinq ans",
        "pendant le dernier mandat",
    ],
    sentence="{verb} {subject} {place} {when} : {share} pour cent, jusqu'à {number}.",
    headline="Verdict de démonstration {pk}",
    summary="Contenu de démonstration : un verdict synthétique pour essayer l'archive à "
    "grande échelle.",
    context="un discours de campagne",
)

VOCABULARIES = {"en": ENGLISH, "ar": ARABIC, "es": SPANISH, "fr": FRENCH}
# The benchmark's common word in each language: its first subject, in about one claim
# in twenty of that language (benchmarks/workloads.py), as its search parses it.
COMMON_WORDS = {"en": "unemployment", "ar": "البطالة", "es": "desempleo", "fr": "chômage"}


def languages(raw: str) -> list[str]:
    """``--languages``: tags of the interface's languages, comma-separated, each once."""
    asked = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [tag for tag in asked if tag not in VOCABULARIES]
    if not asked or unknown or len(set(asked)) != len(asked):
        raise ValueError(
            f"give some of {', '.join(VOCABULARIES)}, comma-separated, each once"
            + (f" (not {', '.join(unknown)})" if unknown else "")
        )
    return asked
