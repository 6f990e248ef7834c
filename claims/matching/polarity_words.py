"""Word lists for `polarity`: negations and the pairs of opposite directions fact-checks
meet, in English, Spanish, French, German and Arabic. Words are written naturally and
brought to `text.normalise` form on import; a trailing "*" matches any ending ("increas*"
for increase, increased, increases), which stands in for a stemmer on inflected forms.

Words with a second, common meaning are left out on purpose ("end" the noun, "bajo" =
"under", "économie", "savings", "plus", "غير" as in "illegal"): a missing word can only
hide a difference, a wrong one flags faithful translations.
"""

from __future__ import annotations

from claims.matching.text import normalise

_NEGATIONS = """
not no never nor neither none nobody nothing nowhere without cannot
dont doesnt didnt isnt arent wasnt werent hasnt havent hadnt wont wouldnt cant couldnt
shouldnt aint mustnt
nunca jamás ni ningún ninguno ninguna nada nadie sin tampoco
ne pas jamais aucun aucune rien sans nullement
nicht nie niemals kein keine keinen keinem keiner keines nichts ohne weder
لا لم لن ليس ليست ليسوا لست ليسا دون بدون أبدا إطلاقا
"""
NEGATIONS = frozenset(normalise(w) for w in _NEGATIONS.split())
# French elides "ne" before a vowel: "n'a", "n'est", "n'ont".
NEGATION_PREFIXES = ("n'",)

# concept: (words going one way, words going the other way)
_CONCEPTS: dict[str, tuple[str, str]] = {
    "change": (
        """raise raises raised raising increas* rise rises rose risen rising grew grow grows
        grown growing boost* hike hikes hiked doubl* tripl* soar* surge surged surges surging climb* jump* expand*
        aument* subió subir subieron increment* elevó elevaron elevar crec* duplic* alza
        augment* hausse* haussé* relevé relever relève accru* accroî* doublé* croissance
        erhöh* gestiegen stieg* steig* anstieg* zugenommen wuchs gewachsen verdoppel*
        angehoben anheb*
        ارتفع* ارتفاع زاد زادت زيادة يزيد رفع رفعت ضاعف تضاعف نما نمو""",
        """cut cuts cutting decreas* reduc* lowered lowering fell fall falls fallen falling
        drop* declin* shrank shrunk shrink* slash* halv* plummet* plung* sank
        recort* reduj* disminu* cayó cayeron caída caído descend* descens* rebaj*
        réduit* rédui* réduct* baiss* diminu* chut* recul* coupé* coupe coupes
        senk* gesenkt gesunken sank kürzung* gekürzt kürzte* kürzen reduz* verringer*
        zurückgegangen fiel halbiert
        انخفض* انخفاض خفض خفضت يخفض تخفض تخفيض قلص قلصت تقليص تراجع تراجعت هبط هبوط""",
    ),
    "comparison": (
        """more higher highest greater greatest above larger largest bigger biggest exceed* extra additional
        más mayores superior* adicional*
        davantage supérieur* supplémentaire*
        mehr höher* größer* zusätzlich*
        أكثر أعلى أكبر إضافي إضافيا إضافية""",
        """fewer less lower lowest below smaller smallest fewest
        menos menor menores inferior*
        moins inférieur*
        weniger niedriger* geringer*
        أقل أدنى أصغر""",
    ),
    "keep": (
        """keep keeps kept keeping maintain* preserv* retain* continu*
        mantuv* mantien* manten* conservó conservar conservado
        maintenu* maintien* conservé*
        behalt* beibehalten bewahr*
        أبقى أبقت حافظ حافظت احتفظ""",
        """ended ends abolish* repeal* scrap scraps scrapped eliminat* terminat* stopped halt*
        cancel*
        termin* elimin* derog* aboli* suprim* acabó
        supprim* abrog* aboli* élimin*
        abgeschafft abschaff* beend* aufgehoben gestrichen streich*
        ألغى ألغت إلغاء أنهى أنهت أوقف""",
    ),
    "gain": (
        """gain gains gained gaining created create creates creating added add adds win wins
        won winning
        crear creado* creada* creará creamos creando gan* añadi*
        créé créés créée créer créera création* ajout* gagn*
        geschaffen schuf schaff* gewonnen gewann gewinn*
        خلق خلقت أوجد أضاف أضافت فاز فازت كسب""",
        """lost lose loses losing loss losses shed destroy* wiped
        perdi* perd* pérdida*
        perd* perte* détrui*
        verlor* verloren verlier* vernichtet
        خسر خسرت خسارة فقد فقدت""",
    ),
    "support": (
        """support supports supported supporting supporter* favor* favour* backed backing
        endorse* approv*
        apoy* respald* favor* aprob*
        soutien* soutenu* souten* appui* favorable* approuv*
        unterstütz* befürwort* zugestimmt
        أيد أيدت يؤيد تؤيد دعم دعمت يدعم تدعم وافق وافقت""",
        """oppos* against reject* veto* denounc*
        opus* opon* rechaz* contra
        contre rejet*
        abgelehnt lehnt* gegen widersetz*
        عارض عارضت يعارض رفض رفضت يرفض ضد""",
    ),
    "allow": (
        """allow* permit* legaliz* legalis* authoriz* authoris*
        permit* legaliz* autoriz*
        autoris* permis permet* légalis*
        erlaub* zugelassen genehmig* legalisier*
        سمح سمحت يسمح أجاز""",
        """ban bans banned banning prohibit* forbid* outlaw* block*
        prohib* bloque*
        interdi* bloqu*
        verbot* verbiet* blockier*
        حظر حظرت منع منعت يمنع""",
    ),
    "hire": (
        """hire hires hired hiring recruit*
        contrat*
        embauch* recrut*
        angeheuert
        وظف توظيف""",
        """fire fires fired firing layoff* laid lay
        despid* desped*
        licenci*
        entlass* entlies*
        سرح تسريح""",
    ),
    "cost": (
        """cost costs costing
        cost*
        coût*
        kost*
        كلف كلفت تكلف تكلفة يكلف""",
        """save saves saved
        ahorr*
        économis*
        gespart sparen spart sparte einsparen einsparung*
        وفر وفرت يوفر توفير""",
    ),
    "balance": (
        "surplus superávit excédent* überschuss* فائض",
        "deficit* déficit* defizit* عجز",
    ),
    "quality": (
        "better best mejor* meilleur* besser* beste* أفضل",
        "worse worst peor* pire* schlechter* schlimmer* أسوأ",
    ),
    "rank": ("top cima", "bottom"),
}


def _entries() -> list[tuple[str, int, str, bool]]:
    entries = []
    for concept, (up, down) in _CONCEPTS.items():
        for sign, listed in ((1, up), (-1, down)):
            for word in listed.split():
                whole = not word.endswith("*")
                entries.append((concept, sign, normalise(word.rstrip("*")), whole))
    return entries


# (concept, +1 or -1, normalised word or stem, whether the word must match whole)
CONCEPTS: tuple[tuple[str, int, str, bool], ...] = tuple(_entries())
