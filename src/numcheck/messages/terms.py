"""The English labels of vocabulary words (the words messages and renderers show for codes), where a label is not
the word itself; every other word is its own label. Other languages translate the label (the catalog's msgid).
"""

from __future__ import annotations

TERMS: dict[str, dict[str, str]] = {
    "dimension": {"debt_collection": "debt collection"},
    "verdict": {"do_not_buy": "do not buy", "high_risk": "high risk", "not_enough_data": "not enough data", "low_risk": "low risk"},
    "status": {"not_registered": "not registered"},
    # phonenumbers' line types (numcheck.numbers.LineType) and the segment table's operators and kinds, as a reader
    # writes them; JSON and CSV keep the codes.
    "line_type": {
        "fixed_line": "fixed line",
        "fixed_line_or_mobile": "fixed line or mobile",
        "toll_free": "toll-free",
        "premium_rate": "premium rate",
        "shared_cost": "shared cost",
        "voip": "VoIP",
        "personal_number": "personal number",
        "uan": "UAN",
        "iot": "IoT",
    },
    "operator": {
        "beijing_marine_comms": "Beijing Marine Communication",
        "china_broadnet": "China Broadnet",
        "china_mobile": "China Mobile",
        "china_satnet": "China Satellite Network",
        "china_telecom": "China Telecom",
        "china_unicom": "China Unicom",
        "miit_emergency_comms": "MIIT emergency communications",
    },
    "segment_kind": {"mvno": "MVNO", "iot": "IoT", "special": "special", "data": "data", "satellite": "satellite"},
    # The coverage map's binding categories (docs/coverage.md), by their anchors.
    "app_category": {
        "messaging": "Messaging and social",
        "payment": "Payment",
        "shopping": "Shopping and delivery",
        "lending": "Lending",
        "ride-hailing": "Ride-hailing and travel",
        "government": "Government services",
    },
}
