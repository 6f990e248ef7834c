# "9 أكتوبر 2025", as Arabic news sites write a date (Django's own puts an Arabic comma
# after the month).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
