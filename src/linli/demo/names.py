"""Synthetic but plausible names for elders born 1925–1966 and for their children.

Surname weights follow the rough shares of the common surnames in China (per mille); each
home region adds weight to the surnames that are over-represented there (符 and 邢 in Hainan,
于 and 曲 in the north-east, 龙 and 潘 in Guizhou). Given names follow the fashions of the
elders' generation: 福, 贵, 秀英 and 桂兰 before 1949, 建国, 援朝, 卫红 and 红梅 after.
"""

from __future__ import annotations

import itertools
import random
from functools import cache

# fmt: off
# (surname, weight per mille); ordered by frequency.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71), ("李", 70), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 31), ("黄", 23),
    ("赵", 23), ("吴", 20), ("周", 19), ("徐", 15), ("孙", 15), ("马", 13), ("朱", 13),
    ("胡", 12), ("郭", 12), ("何", 11), ("高", 11), ("林", 11), ("罗", 10), ("郑", 9),
    ("梁", 9), ("谢", 8), ("宋", 7), ("唐", 7), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7),
    ("曹", 6), ("彭", 6), ("曾", 6), ("肖", 6), ("田", 6), ("董", 5), ("袁", 5), ("潘", 5),
    ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 5), ("叶", 4), ("程", 4), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 3),
    ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3),
    ("孟", 3), ("熊", 3), ("秦", 3), ("邱", 3), ("江", 3), ("尹", 3), ("薛", 2), ("闫", 2),
    ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2),
    ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2),
    ("覃", 2), ("武", 2), ("戴", 2), ("莫", 2), ("孔", 2), ("向", 2), ("汤", 2), ("常", 2),
    ("温", 1), ("康", 1), ("施", 1), ("文", 1), ("牛", 1), ("樊", 1), ("葛", 1), ("邢", 1),
    ("安", 1), ("齐", 1), ("易", 1), ("乔", 1), ("伍", 1), ("庞", 1), ("颜", 1), ("倪", 1),
    ("庄", 1), ("聂", 1), ("章", 1), ("鲁", 1), ("岳", 1), ("翟", 1), ("殷", 1), ("申", 1),
    ("耿", 1), ("关", 1), ("兰", 1), ("焦", 1), ("俞", 1), ("左", 1), ("柳", 1), ("甘", 1),
    ("祝", 1), ("包", 1), ("宁", 1), ("尚", 1), ("符", 1), ("舒", 1), ("柯", 1), ("纪", 1),
    ("梅", 1), ("童", 1), ("毕", 1), ("单", 1), ("季", 1), ("霍", 1), ("苗", 1), ("曲", 1),
    ("欧阳", 0.4), ("司马", 0.05), ("诸葛", 0.03),
)

# Extra weight per home region (added to the national weight).
REGIONAL_SURNAMES: dict[str, tuple[tuple[str, float], ...]] = {
    "northeast": (
        ("于", 12), ("孙", 10), ("刘", 10), ("赵", 8), ("高", 6), ("姜", 6), ("曲", 5),
        ("崔", 4), ("关", 4), ("佟", 3), ("隋", 3), ("鞠", 3), ("宫", 3), ("丛", 2), ("初", 2),
        ("战", 2), ("富", 1), ("那", 1),
    ),
    "north": (("刘", 6), ("赵", 6), ("郭", 5), ("贾", 4), ("郝", 4), ("闫", 4), ("武", 3)),
    "hainan": (
        ("符", 40), ("王", 30), ("陈", 25), ("吴", 20), ("林", 20), ("黄", 15), ("邢", 12),
        ("羊", 8), ("蒲", 6), ("麦", 6), ("云", 5), ("郑", 8), ("文", 5), ("冯", 6), ("卓", 4),
        ("梁", 5), ("蔡", 5), ("黎", 6), ("周", 5), ("董", 4),
    ),
    "guizhou": (
        ("杨", 20), ("罗", 15), ("吴", 12), ("龙", 15), ("潘", 12), ("石", 10), ("韦", 8),
        ("蒙", 6), ("田", 8), ("安", 5), ("邓", 5), ("陆", 5), ("王", 10), ("李", 8),
        ("张", 6), ("胡", 5), ("赵", 4), ("熊", 5), ("岑", 3), ("欧", 3), ("粟", 2),
    ),
}

MALE_COMMON = (
    "德明", "振华", "文华", "玉林", "国华", "春生", "长生", "永生", "金山", "宝山",
    "树林", "福林", "庆祥", "明德", "学文", "有才", "广才", "文明", "志强", "国强",
    "永福", "万福", "德才", "连生", "占山", "殿臣", "洪涛", "海涛", "秋生", "凤山",
    "桂林", "玉成", "德胜", "保国", "志刚", "正华", "光明", "家林", "世荣", "德发",
)
FEMALE_COMMON = (
    "秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "淑兰", "淑芬", "玉珍", "凤英",
    "桂芳", "秀珍", "素珍", "玉梅", "秀梅", "丽华", "桂珍", "兰英", "凤兰", "玉芝",
    "秀云", "翠兰", "金凤", "美兰", "玉凤", "淑华", "秀芳", "桂香", "凤琴", "玉琴",
    "淑琴", "淑英", "秀华", "玉霞", "文英", "桂花", "春兰", "冬梅", "月英", "玉香",
)
# Names typical of those born before 1949 and of those born after.
MALE_BY_COHORT = {
    "old": (
        "福贵", "长贵", "德福", "玉山", "宝田", "金贵", "有财", "殿元", "振山", "庆余",
        "树森", "广田", "长林", "德山", "凤岐", "玉堂", "文斌", "恩荣", "锡珍", "兆祥",
    ),
    "new": (
        "建国", "国庆", "建华", "卫国", "卫东", "援朝", "抗美", "跃进", "建军", "红军",
        "建平", "建新", "向东", "胜利", "和平", "爱国", "新民", "立新", "铁军", "红兵",
        "建设", "国平", "建民", "长江", "东升", "学军", "振国", "志明", "解放", "建业",
    ),
}
FEMALE_BY_COHORT = {
    "old": (
        "桂芝", "秀芝", "翠花", "金花", "春花", "桂荣", "淑贤", "玉莲", "凤芝", "素兰",
        "玉清", "宝珍", "淑媛", "月娥", "秀娥", "巧云", "银花", "彩云", "金莲", "玉环",
    ),
    "new": (
        "红梅", "卫红", "爱华", "建华", "凤霞", "亚芬", "美华", "红霞", "春梅", "丽娟",
        "爱兰", "秀琴", "玉华", "建英", "素梅", "向红", "彩霞", "小红", "亚萍", "丽萍",
        "红英", "新华", "援朝", "秀娟", "玉红", "海燕", "丽君", "淑敏", "桂玲", "晓红",
    ),
}
MALE_REGIONAL = {
    "hainan": ("亚福", "亚德", "文光", "天才", "德仁", "开明", "家雄", "亚保", "世光", "运昌"),
    "guizhou": ("光荣", "应才", "德富", "明贵", "廷贵", "正兴", "应祥", "光富", "昌明", "开文"),
}
FEMALE_REGIONAL = {
    "hainan": ("亚妹", "亚花", "亚英", "亚兰", "玉花", "秋菊", "亚娇", "春娇", "亚梅", "月娇"),
    "guizhou": ("春芬", "金秀", "银花", "老妹", "会芬", "明芬", "应芬", "秀芬", "世芬", "光英"),
}
MALE_SINGLE = ("军", "强", "伟", "明", "刚", "勇", "斌", "平", "华", "林", "杰", "民", "忠", "俊")
FEMALE_SINGLE = ("英", "兰", "芳", "华", "琴", "霞", "梅", "珍", "萍", "红", "娟", "莲", "云")

# Children of the elders (born 1955–1995), for emergency contacts and consent.
CHILD_MALE = (
    "伟", "磊", "强", "军", "勇", "杰", "涛", "明", "超", "刚", "鹏", "波", "晓东", "晓明",
    "志伟", "建军", "海波", "立新", "俊杰", "海涛", "小龙", "晓峰", "建平", "志强", "宏伟",
    "立军", "春雷", "国栋", "振宇", "文斌",
)
CHILD_FEMALE = (
    "静", "丽", "敏", "燕", "艳", "娟", "霞", "平", "海燕", "晓燕", "红霞", "丽娟", "春燕",
    "文静", "雪梅", "秀娟", "亚楠", "慧敏", "丽萍", "桂芳", "玉洁", "晓丽", "红梅", "淑芳",
    "晓红", "丽华", "美玲", "小芳", "秀梅", "艳红",
)
# fmt: on


@cache
def _surname_table(region: str) -> tuple[list[str], list[float]]:
    """Surnames and cumulative weights for a home region."""
    weights = dict(SURNAMES)
    for surname, extra in REGIONAL_SURNAMES.get(region, ()):
        weights[surname] = weights.get(surname, 0) + extra
    names = list(weights)
    return names, list(itertools.accumulate(weights[n] for n in names))


def surname(rng: random.Random, region: str) -> str:
    names, cumulative = _surname_table(region)
    return rng.choices(names, cum_weights=cumulative)[0]


def given_name(rng: random.Random, *, sex: str, birth_year: int, region: str) -> str:
    """A given name typical of the sex, the generation and (sometimes) the home region."""
    male = sex == "M"
    roll = rng.random()
    if roll < 0.12:
        return rng.choice(MALE_SINGLE if male else FEMALE_SINGLE)
    regional = (MALE_REGIONAL if male else FEMALE_REGIONAL).get(region)
    if regional and roll < 0.30:
        return rng.choice(regional)
    if roll < 0.62:
        cohort = "old" if birth_year < 1949 else "new"
        return rng.choice((MALE_BY_COHORT if male else FEMALE_BY_COHORT)[cohort])
    return rng.choice(MALE_COMMON if male else FEMALE_COMMON)


def person_name(rng: random.Random, *, sex: str, birth_year: int, region: str) -> str:
    return surname(rng, region) + given_name(rng, sex=sex, birth_year=birth_year, region=region)


def child_name(rng: random.Random, *, family_surname: str, sex: str) -> str:
    return family_surname + rng.choice(CHILD_MALE if sex == "M" else CHILD_FEMALE)
