"""Our date formats per interface language (``FORMAT_MODULE_PATH``), over Django's own:
the newsroom's "9 October 2025" in English rather than Django's "Oct. 9, 2025", and each
other language's usual long form. Month names come from Django's catalogues; digits stay
ASCII in every language (Django never writes Arabic-Indic digits)."""
