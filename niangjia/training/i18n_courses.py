"""zh_Hans translations of the cloud-classroom msgids (云课堂); merged into the app catalog by i18n_zh.py."""

ZH: dict[str, str] = {}
