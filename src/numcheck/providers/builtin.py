"""The online checkers numcheck ships besides its manifests (data/manifests): coded ones."""

from __future__ import annotations

from numcheck.config import Settings
from numcheck.providers.aliyun import AliyunNumberStatus, AliyunTenure, AliyunTwiceTelVerify
from numcheck.providers.local_list import LocalList


def builtin_online_checkers(settings: Settings) -> list[object]:
    """Coded built-in online checkers (the shipped manifests are loaded by the registry like any other)."""
    return [LocalList(), AliyunTwiceTelVerify(), AliyunTenure(), AliyunNumberStatus()]
