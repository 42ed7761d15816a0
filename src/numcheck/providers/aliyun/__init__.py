"""The carrier's own answer to the second-hand question: Alibaba Cloud 号码百科 (Dytnsapi) 二次号 verification.

Built on Alibaba Cloud's official SDK (``pip install numcheck[aliyun]``, package
``alibabacloud-dytnsapi20200217``). Every field name and code below is the SDK's own (3.4.0,
``models/_describe_phone_twice_tel_verify_request.py`` and ``..._response_body.py``):

* request: ``AuthCode``, ``InputNumber`` (11 digits with ``Mask`` ``NORMAL``), ``StartTime``
  (``yyyy-MM-dd HH:mm:ss``: "the registration time ... if later than the time the carrier assigned
  the number, the number is not a recycled number");
* response: ``Code`` (``OK``; ``PortabilityNumberNotSupported``; ``RequestNumberNotSupported`` for
  China Broadnet 192 and virtual-operator numbers; ``RequestFrequencyLimit``) and ``Data``
  (``Carrier`` CMCC/CUCC/CTCC after porting; ``VerifyResult`` 0 cannot be determined, 1 recycled,
  2 not recycled, 3 deactivated, 4 unknown).

The SDK sends its own HTTP, so the checker takes its address from its scoped handle (declared
reach) and a turn from the process's pacing before each call; the SDK's sessions are kept from
following redirects, and an SDK error's text is shown without the query it quotes or any key.

Every 二次号 and tenure answer also carries its `numcheck.Reassignment` fact. A ported number
(``PortabilityNumberNotSupported``) is reported as such, with its caveat, and not asked again;
ranges numcheck's segment table places outside the three carriers (China Broadnet, virtual
operators, IoT ...) are not asked at all (`numcheck.offline.carrier_scope`), nor is a number outside
the mobile numbering (a landline, a 400 or service number: `numcheck.numbers.cn_mobile_numbering`). With
``max_billed`` set, the 二次号 checker searches for the date the current holder got the number
(`numcheck.providers.age_search`).

The SDK plumbing every action shares is `numcheck.providers.aliyun.sdk`; the checkers are in
`numcheck.providers.aliyun.checkers`.
"""

from numcheck.providers.aliyun.checkers import AliyunNumberStatus, AliyunTenure, AliyunTwiceTelVerify
from numcheck.providers.aliyun.sdk import ENDPOINT, KEYS

__all__ = ["ENDPOINT", "KEYS", "AliyunNumberStatus", "AliyunTenure", "AliyunTwiceTelVerify"]
