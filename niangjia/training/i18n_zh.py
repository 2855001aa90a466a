"""zh_Hans catalog of the training app: the courses and the contests halves keep their msgids in their own
modules; `python -m niangjia.training.i18n_zh` merges them and writes locale/zh_Hans/LC_MESSAGES/django.po/.mo."""

from niangjia.training.i18n_contests import ZH as CONTESTS
from niangjia.training.i18n_courses import ZH as COURSES

ZH = {**COURSES, **CONTESTS}


def build(path_base: str, table: dict) -> None:
    import polib

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    for msgid, msgstr in sorted(table.items()):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(path_base + ".po")
    po.save_as_mofile(path_base + ".mo")


if __name__ == "__main__":
    import os

    base = os.path.join(os.path.dirname(__file__), "locale/zh_Hans/LC_MESSAGES")
    os.makedirs(base, exist_ok=True)
    build(os.path.join(base, "django"), ZH)
