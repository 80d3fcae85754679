"""People of the demo ledger: the featured contacts, owners, 包联 leaders and admins."""

from __future__ import annotations

from collections import Counter
from random import Random
from typing import NamedTuple

from storage.demo.names import LEADERS_UNIT, OFFICE_UNIT, TOWNS
from storage.demo.rows import Person, Project

DEMO_ADMIN_MOBILE = "13803560101"
DEMO_LEADER_MOBILE = "13903560202"
DEMO_OWNER_MOBILE = "15803560303"
DEMO_OWNER2_MOBILE = "18603560404"


class DemoContact(NamedTuple):
    """A person the simulator offers to speak as (fixed whatever the seed)."""

    name: str
    mobile: str
    unit: str
    roles: str
    note: str


DEMO_ADMIN = DemoContact(
    "赵敏", DEMO_ADMIN_MOBILE, OFFICE_UNIT, "管理员", "专班办公室（区发改科技局）"
)
DEMO_LEADER = DemoContact("牛建国", DEMO_LEADER_MOBILE, LEADERS_UNIT, "包联领导", "包保北石店镇")
DEMO_OWNER = DemoContact(
    "张伟", DEMO_OWNER_MOBILE, "北石店镇", "责任人", "8个项目，含城区智慧物流园"
)
DEMO_OWNER2 = DemoContact(
    "李娜", DEMO_OWNER2_MOBILE, "西街街道", "责任人", "3个项目，含西街老旧小区"
)
DEMO_PEOPLE = (DEMO_ADMIN, DEMO_LEADER, DEMO_OWNER, DEMO_OWNER2)


# (企业微信, 钉钉, 飞书) accounts of the featured people; 李娜 has WeCom only.
FEATURED_ACCOUNTS = {
    DEMO_ADMIN: ("zhaomin", "zhaomin", "ou_zhaomin"),
    DEMO_LEADER: ("niujianguo", "niujianguo", ""),
    DEMO_OWNER: ("zhangwei", "zhangwei", "ou_zhangwei"),
    DEMO_OWNER2: ("lina", "", ""),
}
FEATURED_OWNERS = {"北石店镇": (DEMO_OWNER, 8), "西街街道": (DEMO_OWNER2, 3)}
HOUSING_UNIT = "区住建局"  # its projects are 包联 by one leader (包行业), not by 属地
KEY_PREPARATION = 6  # the plan's "6个重点前期项目", 包联 by leaders


# Surnames common in 晋城 first, each with the pinyin used for platform account ids.
SURNAMES_TEXT = (
    "王wang 李li 张zhang 郭guo 牛niu 赵zhao 靳jin 原yuan 焦jiao 常chang "
    "卫wei 陈chen 刘liu 杨yang 申shen 秦qin 崔cui 段duan 贾jia 董dong "
    "程cheng 田tian 马ma 宋song 韩han 冯feng 曹cao 周zhou 吴wu 徐xu 孙sun "
    "胡hu 高gao 梁liang 郑zheng 谢xie "
)
GIVEN_TEXT = (
    "伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong "
    "艳yan 杰jie 娟juan 涛tao 明ming 超chao 霞xia 平ping 刚gang 英ying "
    "华hua 建jian 国guo 文wen 斌bin 宇yu 浩hao 凯kai 鹏peng 晓xiao 红hong "
    "海hai 峰feng 晋jin 波bo 辉hui 亮liang 宁ning 琳lin 婷ting 雪xue 志zhi "
    "永yong 春chun 玉yu 云yun 庆qing 俊jun 慧hui 鑫xin "
)


def split_syllable(item: str) -> tuple[str, str]:
    """Split a table item like `王wang` into its character and pinyin."""
    return item[0], item[1:]


MOBILE_PREFIXES = tuple(f"{head}{digit}" for head in ("13", "15", "18") for digit in "0235689")


class PersonFactory:
    """Makes people with unique names, mobiles and platform account ids from one random stream."""

    def __init__(self, rng: Random, reserved_names: set[str], reserved_mobiles: set[str]) -> None:
        self.rng = rng
        self.names = set(reserved_names)
        self.mobiles = set(reserved_mobiles)
        self.accounts: set[str] = set()

    def name(self) -> tuple[str, str]:
        """A new unique Chinese name and its pinyin."""
        while True:
            surname, pinyin = split_syllable(self.rng.choice(SURNAMES_TEXT.split()))
            for _ in range(self.rng.choice((1, 2, 2))):
                char, sound = split_syllable(self.rng.choice(GIVEN_TEXT.split()))
                surname, pinyin = surname + char, pinyin + sound
            if surname not in self.names:
                self.names.add(surname)
                return surname, pinyin

    def mobile(self) -> str:
        """A new unique 11-digit mobile starting 13/15/18."""
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.mobiles:
                self.mobiles.add(number)
                return number

    def reserve_accounts(self, accounts: tuple[str, str, str]) -> None:
        """Keep (企业微信, 钉钉, 飞书) ids of fixed people from being handed out again."""
        for platform, account in zip(("wecom", "dingtalk", "feishu"), accounts, strict=True):
            if account:
                self.accounts.add(f"{platform}:{account}")

    def account(self, platform: str, pinyin: str) -> str:
        """A platform account id like `zhangwei` (`zhangwei2` when taken on that platform)."""
        base = f"ou_{pinyin}" if platform == "feishu" else pinyin
        candidate, suffix = base, 1
        while f"{platform}:{candidate}" in self.accounts:
            suffix += 1
            candidate = f"{base}{suffix}"
        self.accounts.add(f"{platform}:{candidate}")
        return candidate


def assign_people(rng: Random, projects: list[Project]) -> list[Person]:
    """Owners per unit, ten 包联 leaders and two admins; returns the 人员 sheet."""
    factory = PersonFactory(rng, {c.name for c in DEMO_PEOPLE}, {c.mobile for c in DEMO_PEOPLE})
    for accounts in FEATURED_ACCOUNTS.values():
        factory.reserve_accounts(accounts)
    people: list[Person] = []
    for unit in dict.fromkeys(p.entry.unit for p in projects):
        mine = [p for p in projects if p.entry.unit == unit]
        if unit in FEATURED_OWNERS:
            contact, count = FEATURED_OWNERS[unit]
            _own(_featured(contact), mine[:count], people)
            mine = mine[count:]
        rng.shuffle(mine)
        first = rng.randint(6, 8) if len(mine) >= 10 else 0
        while mine:
            size = first or rng.choice((1, 2, 2, 3, 3))
            first = 0
            _own(_new(rng, factory, unit, "责任人"), mine[:size], people)
            mine = mine[size:]
    office_owners = [p for p in people if p.unit == DEMO_ADMIN.unit]
    office_owners[-1].roles.append("管理员")
    leaders = [_new(rng, factory, LEADERS_UNIT, "包联领导") for _ in range(9)]
    leaders.insert(1, _featured(DEMO_LEADER))
    _assign_leaders(rng, projects, leaders)
    return [_featured(DEMO_ADMIN), *leaders, *people]


def _featured(contact: DemoContact) -> Person:
    accounts = FEATURED_ACCOUNTS[contact]
    return Person(contact.name, contact.mobile, contact.unit, [contact.roles], accounts)


def _new(rng: Random, factory: PersonFactory, unit: str, role: str) -> Person:
    name, pinyin = factory.name()
    accounts = tuple(
        factory.account(platform, pinyin) if rng.random() < chance else ""
        for platform, chance in (("wecom", 0.7), ("dingtalk", 0.35), ("feishu", 0.2))
    )
    return Person(name, factory.mobile(), unit, [role], accounts)


def _own(owner: Person, projects: list[Project], people: list[Person]) -> None:
    for project in projects:
        project.owner = owner
    people.append(owner)


def _assign_leaders(rng: Random, projects: list[Project], leaders: list[Person]) -> None:
    """One leader per 镇/街道, one for 区住建局 (包行业), one for five of the largest."""
    preparation = [p for p in projects if p.category == "前期" and not p.is_key]
    chosen = rng.sample(preparation, min(KEY_PREPARATION, len(preparation)))
    for project in chosen:
        project.level = "区重点"
    by_town = dict(zip(TOWNS, leaders[1:9], strict=True))
    led = [p for p in projects if p.is_key or p in chosen]
    for project in led:
        housing = project.entry.unit == HOUSING_UNIT
        project.leader = leaders[9] if housing else by_town[project.entry.locality]
    load = Counter(p.leader.mobile for p in led if p.leader)
    featured = {id(p) for p in projects if p.owner and p.owner.mobile == DEMO_OWNER.mobile}
    for project in sorted(led, key=lambda p: -p.annual):
        # the featured owner's projects stay with the featured leader; nobody drops below five
        if load[leaders[0].mobile] == 5:
            break
        town = project.leader
        if town and load[town.mobile] > 5 and id(project) not in featured:
            load[town.mobile] -= 1
            load[leaders[0].mobile] += 1
            project.leader = leaders[0]
