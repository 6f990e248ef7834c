"""Outlets, articles and sources are edited in the admin with the claims app's rules
(``claims/admin/``), so that this app stays a leaf that imports no other."""
