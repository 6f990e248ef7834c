"""The interface's languages (docs/languages.md): English at the site's root, Arabic,
Spanish and French under their prefix (/ar/…), taken from the address alone; a staff
member's own language in the admin; the catalogues in ``factcheck/locale/`` and the tools that keep
them complete (``manage.py translations``).

Imports nothing of ours but the ground floor: the pages, the alerts' mail and the admin
all use it."""
