"""The fictional city of 云溪市 (Yunxi): districts, streets, buildings, people and businesses.

Everything here is made up but shaped like the real thing, because search and the counter are
only tested honestly on data that behaves like a hall's: surnames follow their real frequencies
(王, 李 and 张 are a fifth of all people, so a search for 张伟 finds hundreds), about one given name
in six is a single character (two-character full names such as 张伟 are common), phone numbers use
real mobile prefixes, and addresses repeat districts and streets the way a city's do.

All randomness comes from the :class:`random.Random` passed in, so a seed gives the same city.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final

CITY: Final = "云溪市"

DISTRICTS: Final = (
    ("01", "东湖区"),
    ("02", "西城区"),
    ("03", "南山区"),
    ("04", "北岸区"),
    ("05", "滨江区"),
    ("06", "高新区"),
    ("07", "云台区"),
    ("08", "梅林区"),
)

# Surnames with their approximate share of China's population in per mille (2020 census order).
SURNAMES: Final = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 21),
    ("赵", 20), ("吴", 19), ("周", 19), ("徐", 15), ("孙", 15), ("马", 14), ("朱", 13),
    ("胡", 13), ("郭", 12), ("何", 12), ("高", 11), ("林", 11), ("罗", 11), ("郑", 10),
    ("梁", 10), ("谢", 8), ("宋", 8), ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7),
    ("曹", 7), ("彭", 6), ("曾", 6), ("肖", 6), ("田", 6), ("董", 5), ("袁", 5), ("潘", 5),
    ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 5), ("叶", 5), ("程", 5), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 3),
    ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3),
    ("孟", 3), ("熊", 3), ("秦", 3), ("邱", 3), ("江", 3), ("尹", 3), ("薛", 2), ("闫", 2),
    ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2),
    ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2),
    ("欧阳", 1), ("司马", 1), ("诸葛", 1), ("上官", 1),
)  # fmt: skip

# Characters common in given names; the first ones are the most frequent (伟, 芳, 娜, 敏…).
GIVEN_COMMON: Final = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
GIVEN_OTHER: Final = (
    "建国志文德海波辉玉兰斌宇浩凯晨子轩梓涵欣怡雨萱思琪佳一诺宏红梅琳晶燕丹玲萍雪"
    "俊鹏飞龙云峰鑫淑珍春秋冬晓亮永福荣东新利家瑞博翔嘉昊然天佑睿泽铭宁安婷颖慧"
    "建林立成金凤兵彬亚楠倩莉岩松琴玲志强国庆卫民小红建华长江振清宝贵兴旺光辉"
)

STREET_ROOTS: Final = (
    "幸福人民解放建设和平中山文化新华友谊光明胜利东风青年朝阳学府长江黄河松涛梧桐银杏"
    "桂花紫荆丁香海棠玉兰枫林翠竹柳岸荷塘望江临湖观澜听涛明珠锦绣繁华盛世兴业富民"
    "安居乐业育才启明求是致远振兴创新科技金融商贸工业农林渔港滨海江南江北湖东湖西"
)
STREET_SUFFIXES: Final = ("路", "街", "大道", "东路", "西路", "南路", "北路", "巷")
ESTATE_SUFFIXES: Final = ("家园", "小区", "花园", "苑", "公寓", "新村", "雅居", "华庭")

BUSINESS_WORDS: Final = (
    "恒达", "鑫源", "宏图", "瑞丰", "东方", "华联", "永盛", "金鼎", "佳禾", "同心", "百合", "红星",
    "云帆", "晨光", "宝丰", "嘉禾", "聚德", "和顺", "新天", "万家",
)  # fmt: skip
BUSINESS_KINDS: Final = (
    "商贸有限公司", "餐饮店", "超市", "理发店", "五金店", "药房", "酒店", "建材有限公司", "食品厂",
    "物业管理有限公司", "汽车维修中心", "面馆", "服装店", "便利店", "印刷厂",
)  # fmt: skip
KEY_INSTITUTIONS: Final = (
    "第一人民医院", "中心医院", "妇幼保健院", "第一中学", "实验小学", "自来水厂", "供热公司",
    "地铁运营公司", "数据中心", "污水处理厂", "消防救援支队", "广播电视台",
)  # fmt: skip

MOBILE_PREFIXES: Final = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "176", "177", "178", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "191", "198", "199",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Street:
    district_code: str
    district: str
    name: str
    estate: str


class City:
    """The city's fixed geography, built once per seed, and generators of people and places."""

    def __init__(self, rng: random.Random, streets_per_district: int = 40) -> None:
        roots = [STREET_ROOTS[i : i + 2] for i in range(0, len(STREET_ROOTS) - 1, 2)]
        names = [root + suffix for suffix in STREET_SUFFIXES for root in roots]
        rng.shuffle(names)
        estates = [root + suffix for root in roots for suffix in ESTATE_SUFFIXES]
        self.streets: list[Street] = []
        for index, (code, district) in enumerate(DISTRICTS):
            chunk = names[index * streets_per_district : (index + 1) * streets_per_district]
            for name in chunk:
                self.streets.append(Street(code, district, name, rng.choice(estates)))
        self._surnames = [name for name, _ in SURNAMES]
        self._surname_weights = [weight for _, weight in SURNAMES]
        self._surname_cum = list(_accumulate(self._surname_weights))

    def person_name(self, rng: random.Random) -> str:
        surname = rng.choices(self._surnames, cum_weights=self._surname_cum)[0]
        first = _given_char(rng)
        if rng.random() < 0.16:
            return surname + first
        return surname + first + _given_char(rng)

    def business_name(self, rng: random.Random) -> str:
        if rng.random() < 0.3:
            return rng.choice(self._surnames) + "记" + rng.choice(BUSINESS_KINDS[1:7])
        return CITY + rng.choice(BUSINESS_WORDS) + rng.choice(BUSINESS_KINDS)

    def institution_name(self, rng: random.Random, street: Street) -> str:
        return CITY + street.district.removesuffix("区") + rng.choice(KEY_INSTITUTIONS)

    @staticmethod
    def phone(rng: random.Random) -> str:
        return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"

    @staticmethod
    def home_address(rng: random.Random, street: Street, number: int) -> str:
        building = rng.randint(1, 24)
        unit = rng.randint(1, 4)
        room = rng.randint(1, 33) * 100 + rng.randint(1, 4)
        return (
            f"{CITY}{street.district}{street.name}{number}号{street.estate}"
            f"{building}栋{unit}单元{room}室"
        )

    @staticmethod
    def shop_address(rng: random.Random, street: Street, number: int) -> str:
        return f"{CITY}{street.district}{street.name}{number}号{rng.randint(1, 3)}层商铺"


def _given_char(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return rng.choice(GIVEN_COMMON)
    return rng.choice(GIVEN_OTHER)


def _accumulate(weights: list[int]) -> list[int]:
    total = 0
    result = []
    for weight in weights:
        total += weight
        result.append(total)
    return result
