"""Division codes that the demo's ID numbers are issued from, and the homes in each area.

The codes are real GB/T 2260 county-level codes. Some no longer exist (崇文区 110103, 宣武区
110104, 盘县 520222, the 5224xx codes of the old 毕节地区): elders keep the number they were
issued, which is exactly the case the ID rules must accept.
"""

from __future__ import annotations

import random

# fmt: off
# Where Sanya's migratory retirees come from: province weight, its home region (for surnames),
# and county-level codes with their place names.
MIGRANT_ORIGINS: tuple[tuple[float, str, tuple[tuple[str, str], ...]], ...] = (
    (32, "northeast", (
        ("230102", "黑龙江省哈尔滨市道里区"), ("230103", "黑龙江省哈尔滨市南岗区"),
        ("230104", "黑龙江省哈尔滨市道外区"), ("230110", "黑龙江省哈尔滨市香坊区"),
        ("230202", "黑龙江省齐齐哈尔市龙沙区"), ("230203", "黑龙江省齐齐哈尔市建华区"),
        ("230302", "黑龙江省鸡西市鸡冠区"), ("230402", "黑龙江省鹤岗市向阳区"),
        ("230502", "黑龙江省双鸭山市尖山区"), ("230602", "黑龙江省大庆市萨尔图区"),
        ("230603", "黑龙江省大庆市龙凤区"), ("230604", "黑龙江省大庆市让胡路区"),
        ("230804", "黑龙江省佳木斯市前进区"), ("230902", "黑龙江省七台河市新兴区"),
        ("231002", "黑龙江省牡丹江市东安区"), ("231003", "黑龙江省牡丹江市阳明区"),
        ("231102", "黑龙江省黑河市爱辉区"), ("231202", "黑龙江省绥化市北林区"),
    )),
    (14, "northeast", (
        ("220102", "吉林省长春市南关区"), ("220103", "吉林省长春市宽城区"),
        ("220104", "吉林省长春市朝阳区"), ("220105", "吉林省长春市二道区"),
        ("220106", "吉林省长春市绿园区"), ("220202", "吉林省吉林市昌邑区"),
        ("220204", "吉林省吉林市船营区"), ("220302", "吉林省四平市铁西区"),
        ("220502", "吉林省通化市东昌区"), ("220702", "吉林省松原市宁江区"),
        ("222401", "吉林省延吉市"),
    )),
    (16, "northeast", (
        ("210102", "辽宁省沈阳市和平区"), ("210103", "辽宁省沈阳市沈河区"),
        ("210104", "辽宁省沈阳市大东区"), ("210105", "辽宁省沈阳市皇姑区"),
        ("210106", "辽宁省沈阳市铁西区"), ("210202", "辽宁省大连市中山区"),
        ("210203", "辽宁省大连市西岗区"), ("210204", "辽宁省大连市沙河口区"),
        ("210302", "辽宁省鞍山市铁东区"), ("210402", "辽宁省抚顺市新抚区"),
        ("210502", "辽宁省本溪市平山区"), ("210602", "辽宁省丹东市元宝区"),
        ("210702", "辽宁省锦州市古塔区"), ("210802", "辽宁省营口市站前区"),
        ("210902", "辽宁省阜新市海州区"), ("211002", "辽宁省辽阳市白塔区"),
        ("211202", "辽宁省铁岭市银州区"),
    )),
    (6, "north", (
        ("110101", "北京市东城区"), ("110102", "北京市西城区"), ("110103", "北京市崇文区"),
        ("110104", "北京市宣武区"), ("110105", "北京市朝阳区"), ("110106", "北京市丰台区"),
        ("110108", "北京市海淀区"),
    )),
    (6, "northeast", (
        ("150102", "内蒙古呼和浩特市新城区"), ("150103", "内蒙古呼和浩特市回民区"),
        ("150105", "内蒙古呼和浩特市赛罕区"), ("150203", "内蒙古包头市昆都仑区"),
        ("150204", "内蒙古包头市青山区"), ("150402", "内蒙古赤峰市红山区"),
        ("150502", "内蒙古通辽市科尔沁区"), ("150702", "内蒙古呼伦贝尔市海拉尔区"),
    )),
    (5, "north", (
        ("130102", "河北省石家庄市长安区"), ("130104", "河北省石家庄市桥西区"),
        ("130202", "河北省唐山市路南区"), ("130203", "河北省唐山市路北区"),
        ("130302", "河北省秦皇岛市海港区"),
    )),
    (5, "north", (
        ("370102", "山东省济南市历下区"), ("370103", "山东省济南市市中区"),
        ("370202", "山东省青岛市市南区"), ("370203", "山东省青岛市市北区"),
        ("370602", "山东省烟台市芝罘区"), ("370702", "山东省潍坊市潍城区"),
    )),
    (3, "north", (
        ("120101", "天津市和平区"), ("120102", "天津市河东区"), ("120103", "天津市河西区"),
        ("120104", "天津市南开区"), ("120105", "天津市河北区"),
    )),
    (3, "north", (
        ("140105", "山西省太原市小店区"), ("140106", "山西省太原市迎泽区"),
        ("140107", "山西省太原市杏花岭区"),
    )),
    (3, "north", (
        ("410102", "河南省郑州市中原区"), ("410103", "河南省郑州市二七区"),
        ("410105", "河南省郑州市金水区"),
    )),
    (2, "north", (("650102", "新疆乌鲁木齐市天山区"), ("650103", "新疆乌鲁木齐市沙依巴克区"))),
    (2, "other", (
        ("510104", "四川省成都市锦江区"), ("510105", "四川省成都市青羊区"),
        ("510107", "四川省成都市武侯区"),
    )),
    (1, "north", (("610102", "陕西省西安市新城区"), ("610103", "陕西省西安市碑林区"))),
    (1, "north", (("620102", "甘肃省兰州市城关区"),)),
    (1, "other", (("500103", "重庆市渝中区"), ("500105", "重庆市江北区"))),
)

# Sanya's own elders: numbers from before Sanya had districts (460200), from its districts
# since 2014, from Hainan's county-level cities and counties (469xxx), and from Haikou.
LOCAL_SANYA: tuple[tuple[str, float], ...] = (
    ("460200", 34), ("460203", 14), ("460204", 5), ("460205", 5), ("460202", 3),
    ("469002", 4), ("469005", 4), ("469006", 5), ("469007", 3), ("469021", 2),
    ("469023", 2), ("469024", 2), ("469027", 5), ("469028", 5), ("469029", 3),
    ("469030", 2), ("460106", 1), ("460107", 1),
)

# Guiyang's own elders, and the rural counties relocated families came from.
LOCAL_GUIYANG: tuple[tuple[str, float], ...] = (
    ("520112", 50), ("520102", 12), ("520103", 12), ("520113", 8), ("520111", 6),
    ("520121", 4), ("520122", 4), ("520123", 4),
)
RELOCATION_ORIGINS: tuple[tuple[str, float], ...] = (
    ("520121", 10), ("520122", 8), ("520123", 6), ("522422", 6), ("522423", 5),
    ("522425", 6), ("522426", 5), ("522427", 4), ("522428", 4), ("520222", 5),
    ("520221", 5), ("520422", 3), ("520424", 3), ("520425", 4), ("522323", 2),
    ("522324", 3), ("522326", 3), ("522327", 2), ("522622", 3), ("522627", 2),
    ("522629", 2), ("522631", 2), ("522632", 3), ("522633", 3), ("522722", 2),
    ("522726", 2), ("522727", 3), ("522728", 3), ("522731", 2), ("522732", 3),
)

# Homes in each service area: (estate or lane, kind) where kind "flat" has buildings,
# units and rooms, "village" has villagers' groups and house numbers.
HOMES: dict[str, tuple[tuple[str, str], ...]] = {
    "丹州社区": (("丹州小区", "flat"), ("丹州花园", "flat"), ("丹州新村", "flat"),
                 ("荔枝沟路", "lane")),
    "海澜社区": (("海澜花园", "flat"), ("海澜湾小区", "flat"), ("海澜新城", "flat")),
    "卓达社区": (("卓达东方巴哈马一期", "flat"), ("卓达东方巴哈马二期", "flat"),
                 ("卓达东方巴哈马三期", "flat"), ("卓达东方巴哈马四期", "flat")),
    "海罗村": (("海罗村", "village"),),
    "望城社区": (("望城安置小区", "flat"), ("望城坡", "lane")),
    "新添寨社区": (("新添寨大街", "lane"), ("新添寨小区", "flat")),
    "高新社区": (("高新安置区", "flat"), ("高新花园", "flat")),
}
# fmt: on


def weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    values = [value for value, _weight in table]
    return rng.choices(values, weights=[weight for _value, weight in table])[0]


def migrant_origin(rng: random.Random) -> tuple[str, str, str]:
    """(area code, place name, home region) of a migratory retiree's ID number."""
    weight, region, counties = rng.choices(
        MIGRANT_ORIGINS, weights=[w for w, _r, _c in MIGRANT_ORIGINS]
    )[0]
    code, place = rng.choice(counties)
    return code, place, region


def home_address(rng: random.Random, area: str) -> str:
    """An address in a service area: a flat, a house on a lane, or a village house."""
    estate, kind = rng.choice(HOMES.get(area, ((area, "lane"),)))
    if kind == "flat":
        floor = rng.randint(1, 18)
        room = f"{floor}{rng.randint(1, 4):02d}"
        return f"{estate}{rng.randint(1, 24)}栋{rng.randint(1, 3)}单元{room}"
    if kind == "village":
        return f"{estate}第{rng.randint(1, 8)}村民小组{rng.randint(1, 120)}号"
    return f"{estate}{rng.randint(1, 260)}号"
