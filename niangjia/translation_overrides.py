"""Words whose project wording must win over django.contrib.admin's catalog.

Catalogs in LOCALE_PATHS take precedence over every app's, and the admin (first in INSTALLED_APPS)
would otherwise translate "Filter" as 过滤器 on every page. Listing them here keeps `makemessages` from
dropping them from niangjia/locale.
"""

from django.utils.translation import gettext_noop

OVERRIDES = [gettext_noop("Filter"), gettext_noop("Search"), gettext_noop("Save")]
