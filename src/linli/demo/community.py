"""The two demo stations as data: where they are, who lives there, and at what rates.

Zhuoda's age bands are those of the station's own survey (issue 2); the rates of categories
and living arrangements are plausible for the places, not measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Weights = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class ResidentKind:
    """A group of residents that share origins, homes and rates (migrants, locals, …)."""

    name: str  # "migrant", "local" or "relocated"
    origin: str  # where their ID numbers come from: "migrant", "sanya", "guiyang", "relocation"
    share: float
    areas: Weights
    living: Weights
    rates: dict[str, float]  # typed category code → probability
    # phone patterns: none, mobile, two mobiles, mobile and landline, landline only
    phones: Weights = (
        ("none", 4),
        ("mobile", 66),
        ("mobile2", 14),
        ("mobile_landline", 9),
        ("landline", 7),
    )


@dataclass(frozen=True)
class StationSpec:
    code: str
    name: str
    regions: tuple[tuple[str, str, str], ...]  # (division code, name, level), top down
    areas: tuple[tuple[str, str], ...]  # (name, kind)
    bands: tuple[tuple[int, int, int], ...]  # (lowest age, highest age, active elders)
    kinds: tuple[ResidentKind, ...]
    moved: int
    deceased: int
    landline: tuple[str, tuple[str, ...]]  # area code, first digits of local numbers
    volunteer_area: str
    users: dict[str, str] = field(default_factory=dict)  # suffix → display name

    @property
    def size(self) -> int:
        return sum(count for _lo, _hi, count in self.bands)


# fmt: off
ZHUODA = StationSpec(
    code="zhuoda",
    name="卓达大社区社会工作服务站",
    regions=(("460000", "海南省", "province"), ("460200", "三亚市", "city"),
             ("460203", "吉阳区", "district")),
    areas=(("丹州社区", "community"), ("海澜社区", "community"), ("卓达社区", "community"),
           ("海罗村", "village")),
    bands=((60, 69, 3567), (70, 79, 2425), (80, 89, 1004), (90, 100, 24)),
    kinds=(
        ResidentKind(
            name="migrant", origin="migrant", share=0.80,
            areas=(("卓达社区", 45), ("海澜社区", 30), ("丹州社区", 23), ("海罗村", 2)),
            living=(("alone", 8), ("spouse", 52), ("children", 32), ("relatives", 2),
                    ("carer", 5), ("institution", 1)),
            rates={"dibao": 0.02, "tekun": 0.002, "disability": 0.025, "military": 0.035,
                   "lost_only_child": 0.006},
            phones=(("none", 2), ("mobile", 68), ("mobile2", 17), ("mobile_landline", 8),
                    ("landline", 5)),
        ),
        ResidentKind(
            name="local", origin="sanya", share=0.20,
            areas=(("海罗村", 50), ("丹州社区", 25), ("海澜社区", 15), ("卓达社区", 10)),
            living=(("alone", 28), ("spouse", 20), ("children", 44), ("relatives", 5),
                    ("carer", 1), ("institution", 2)),
            rates={"dibao": 0.17, "tekun": 0.04, "disability": 0.05, "military": 0.02,
                   "lost_only_child": 0.003},
            phones=(("none", 8), ("mobile", 58), ("mobile2", 8), ("mobile_landline", 12),
                    ("landline", 14)),
        ),
    ),
    moved=18,
    deceased=30,
    landline=("0898", ("88", "38")),
    volunteer_area="卓达社区",
    users={"head": "符海燕", "sw1": "王丽娟", "sw2": "陈志明", "vol1": "李建军"},
)

WANGCHENG = StationSpec(
    code="wangcheng",
    name="望城社区社会工作服务站",
    regions=(("520000", "贵州省", "province"), ("520100", "贵阳市", "city"),
             ("520112", "乌当区", "district")),
    areas=(("望城社区", "community"), ("新添寨社区", "community"), ("高新社区", "community")),
    bands=((60, 69, 1012), (70, 79, 656), (80, 89, 296), (90, 100, 36)),
    kinds=(
        ResidentKind(
            name="relocated", origin="relocation", share=0.60,
            areas=(("望城社区", 55), ("高新社区", 40), ("新添寨社区", 5)),
            living=(("alone", 14), ("spouse", 36), ("children", 44), ("relatives", 4),
                    ("carer", 0.5), ("institution", 1.5)),
            rates={"relocated": 1.0, "left_behind": 0.35, "dibao": 0.10, "tekun": 0.02,
                   "disability": 0.04, "military": 0.01, "lost_only_child": 0.004},
            phones=(("none", 15), ("mobile", 62), ("mobile2", 10), ("mobile_landline", 3),
                    ("landline", 10)),
        ),
        ResidentKind(
            name="local", origin="guiyang", share=0.40,
            areas=(("新添寨社区", 60), ("望城社区", 25), ("高新社区", 15)),
            living=(("alone", 12), ("spouse", 40), ("children", 42), ("relatives", 3),
                    ("carer", 1), ("institution", 2)),
            rates={"left_behind": 0.15, "dibao": 0.04, "tekun": 0.01, "disability": 0.03,
                   "military": 0.03, "lost_only_child": 0.005},
        ),
    ),
    moved=5,
    deceased=8,
    landline=("0851", ("84", "85", "86")),
    volunteer_area="望城社区",
    users={"head": "杨晓红", "sw1": "龙海英", "sw2": "吴俊", "vol1": "潘明"},
)
# fmt: on

STATIONS: tuple[StationSpec, ...] = (ZHUODA, WANGCHENG)

# The region viewer: civil-affairs staff of 吉阳区 who see aggregates only.
VIEWER = ("jiyang-viewer", "460203", "黄文静")

# Rates that rise with age (lowest age of the band → probability).
DISABLED_BY_BAND = {60: 0.015, 70: 0.04, 80: 0.12, 90: 0.35}
DEMENTIA_BY_BAND = {60: 0.005, 70: 0.02, 80: 0.06, 90: 0.20}
FEMALE_BY_BAND = {60: 0.51, 70: 0.53, 80: 0.58, 90: 0.66}
