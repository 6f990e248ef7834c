"""The shipped rating scale in Arabic, Spanish and French, for installations that already
have it (a fresh one gets the same rows from ``fixtures/rating_scale.json``, which
``tests/test_rating_translations.py`` holds equal to ``SHIPPED``).

Only where the newsroom's scale still says what was shipped, and never over a
newsroom's own translation:

- a rating of the default scale is translated when its slug and English label are the
  shipped ones, into each language it has no translation in yet;
- its definition is translated too when its English definition is still the shipped
  one; an edited definition gets an empty translated one (the pages then show the
  newsroom's English definition) rather than a translation of words it no longer says.

Published revisions are not touched: what readers were shown stays as it was.
"""

from django.db import migrations

# French is written with its typographic apostrophe, as the catalogues write it.
# ruff: noqa: RUF001

# slug: (English label, English definition, {language: (label, definition)})
SHIPPED = {
    "true": (
        "True",
        "The statement is accurate and nothing significant is missing.",
        {
            "ar": ("صحيح", "الادعاء دقيق ولا ينقصه شيء ذو أهمية."),
            "es": ("Verdadero", "La afirmación es exacta y no le falta nada significativo."),
            "fr": ("Vrai", "L’affirmation est exacte et rien d’important n’y manque."),
        },
    ),
    "mostly-true": (
        "Mostly True",
        "The statement is accurate but needs clarification or additional information.",
        {
            "ar": ("صحيح في معظمه", "الادعاء دقيق لكنه يحتاج إلى توضيح أو معلومات إضافية."),
            "es": (
                "Mayormente verdadero",
                "La afirmación es exacta, pero necesita aclaraciones o información adicional.",
            ),
            "fr": (
                "Plutôt vrai",
                "L’affirmation est exacte mais demande des précisions ou des informations "
                "complémentaires.",
            ),
        },
    ),
    "half-true": (
        "Half True",
        "The statement is partly accurate but leaves out important details or takes things "
        "out of context.",
        {
            "ar": (
                "نصف صحيح",
                "الادعاء دقيق جزئيًا لكنه يُغفل تفاصيل مهمة أو يقتطع الأمور من سياقها.",
            ),
            "es": (
                "Verdad a medias",
                "La afirmación es exacta en parte, pero omite detalles importantes o saca las "
                "cosas de contexto.",
            ),
            "fr": (
                "À moitié vrai",
                "L’affirmation est en partie exacte mais omet des détails importants ou sort "
                "les faits de leur contexte.",
            ),
        },
    ),
    "mostly-false": (
        "Mostly False",
        "The statement contains an element of truth but ignores facts that would give a "
        "different impression.",
        {
            "ar": (
                "خطأ في معظمه",
                "في الادعاء عنصر من الحقيقة لكنه يتجاهل وقائع من شأنها أن تعطي انطباعًا مختلفًا.",
            ),
            "es": (
                "Mayormente falso",
                "La afirmación contiene un elemento de verdad, pero ignora hechos que darían "
                "una impresión distinta.",
            ),
            "fr": (
                "Plutôt faux",
                "L’affirmation contient une part de vérité mais ignore des faits qui "
                "donneraient une tout autre impression.",
            ),
        },
    ),
    "false": (
        "False",
        "The statement is not accurate.",
        {
            "ar": ("خطأ", "الادعاء غير دقيق."),
            "es": ("Falso", "La afirmación no es exacta."),
            "fr": ("Faux", "L’affirmation n’est pas exacte."),
        },
    ),
    "pants-on-fire": (
        "Pants on Fire",
        "The statement is not accurate and makes a ridiculous claim.",
        {
            "ar": ("خطأ ومنافٍ للعقل", "الادعاء غير دقيق ويطرح زعمًا منافيًا للعقل."),
            "es": (
                "Falso y absurdo",
                "La afirmación no es exacta y sostiene algo ridículo.",
            ),
            "fr": (
                "Faux et absurde",
                "L’affirmation n’est pas exacte et avance une idée ridicule.",
            ),
        },
    ),
    "unproven": (
        "Unproven",
        "The evidence available does not show whether the statement is accurate. The verdict "
        "says what is missing.",
        {
            "ar": (
                "غير مثبت",
                "الأدلة المتاحة لا تُظهر ما إذا كان الادعاء دقيقًا، ويبيّن الحكم ما الذي ينقص.",
            ),
            "es": (
                "No demostrado",
                "Las pruebas disponibles no muestran si la afirmación es exacta. El veredicto "
                "explica qué falta.",
            ),
            "fr": (
                "Non prouvé",
                "Les éléments disponibles ne permettent pas de dire si l’affirmation est "
                "exacte. Le verdict précise ce qui manque.",
            ),
        },
    ),
    "not-checkable": (
        "Not checkable",
        "An opinion, prediction or demand rather than a statement of fact, so it cannot be "
        "rated true or false.",
        {
            "ar": (
                "غير قابل للتحقق",
                "رأي أو توقّع أو مطلب وليس ادعاءً بواقعة، لذا لا يمكن الحكم عليه بالصحة أو الخطأ.",
            ),
            "es": (
                "No verificable",
                "Una opinión, una predicción o una exigencia, no una afirmación sobre hechos, "
                "por lo que no puede calificarse de verdadera o falsa.",
            ),
            "fr": (
                "Invérifiable",
                "Une opinion, une prévision ou une exigence plutôt qu’un énoncé factuel, qui "
                "ne peut donc pas être qualifié de vrai ou de faux.",
            ),
        },
    ),
}


def translate(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    RatingTranslation = apps.get_model("claims", "RatingTranslation")
    rows = Rating.objects.filter(scale__is_default=True, slug__in=list(SHIPPED)).order_by("pk")
    new = []
    for rating in rows:
        label, definition, translations = SHIPPED[rating.slug]
        if rating.label != label:
            continue  # the newsroom's own word: a translation of ours would say another thing
        have = set(
            RatingTranslation.objects.filter(rating=rating).values_list("language", flat=True)
        )
        for language, (their_label, their_definition) in sorted(translations.items()):
            if language in have:
                continue
            new.append(
                RatingTranslation(
                    rating=rating,
                    language=language,
                    label=their_label,
                    definition=their_definition if rating.definition == definition else "",
                )
            )
    RatingTranslation.objects.bulk_create(new)


class Migration(migrations.Migration):
    dependencies = [("claims", "0025_rating_translations")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
