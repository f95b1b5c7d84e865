"""Groups for a demo station: a mutual-aid group of elders who lost their only child (sensitive,
social support before and after), a social group for elders who followed their children here
(social network before and after), a home-safety education group (no outcome measure) and a
reminiscence-and-handicraft group still running (loneliness before only).

Everything goes through the group-work and assessment services, dated in the past; attendance
is mostly good with a few drop-outs; most members improve, not all. Deterministic: one
`random.Random(f"linli-demo-groups:{seed}:{station.code}")` per station.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.db import transaction

from linli.assessments.services import assessment_save
from linli.elders.models import Elder
from linli.groupwork import services
from linli.groupwork.models import Group, Member
from linli.stations.models import Membership

SSRS_SOURCES = (
    "spouse",
    "family",
    "relatives",
    "friends",
    "colleagues",
    "work_unit",
    "official_org",
    "unofficial_org",
    "other",
)
DROPOUT_REASONS = (
    "住院治疗，暂停参加",
    "回老家过年，之后未再参加",
    "身体不适，家属希望先在家休养",
    "要帮子女带孙辈，时间冲突",
)


@dataclass(frozen=True)
class GroupPlan:
    name: str
    type: str
    instrument: str
    restricted: bool
    size: int
    planned: int
    held: int  # sessions held so far (fewer than planned: still running)
    began: int  # days before today that the group started
    pick: str  # which elders: lost_only_child, migratory, alone, any
    purpose: str
    goals: str
    sessions: tuple[tuple[str, str, str, str], ...]  # theme, plan, record, reflection


LOST = GroupPlan(
    name="“暖心同行”失独老人互助小组",
    type="mutual_aid",
    instrument="ssrs",
    restricted=True,
    size=8,
    planned=8,
    held=8,
    began=170,
    pick="lost_only_child",
    purpose="为失独老人提供安全、被理解的互助空间，缓解哀伤与孤立，重建社会支持网络。",
    goals="1. 组员能在小组中表达失去子女后的感受；\n2. 组员之间建立互相关心、日常联系的伙伴关系；"
    "\n3. 组员了解并愿意使用社区和政府的支持资源；"
    "\n4. 小组结束时社会支持评定量表（SSRS）得分有所提高。",
    sessions=(
        (
            "相识与约定",
            "破冰游戏、介绍小组目的、共同制定保密和尊重的小组规范。",
            "组员陆续到场，起初较拘谨。通过“名字接龙”相互认识，大家一起讨论并签署了小组约定，"
            "重点强调“在这里说的话不带出去”。",
            "组员对保密非常在意，约定环节很有必要；下次要给不善言辞的组员更多时间。",
        ),
        (
            "说说我的孩子",
            "以老照片或旧物为引，邀请组员自愿分享关于孩子的记忆。",
            "三位组员带来了孩子的照片，讲述时多次落泪，其他组员主动递纸巾、拍肩安慰。"
            "一位组员表示“这是这么多年第一次和人说这些”。",
            "哀伤表达强烈，需要在结束时留出平复时间，会后对情绪波动大的组员电话回访。",
        ),
        (
            "情绪的出口",
            "学习简单的放松呼吸法，讨论难过时可以做什么。",
            "带领大家练习腹式呼吸和肌肉放松。组员分享了各自的应对办法：养花、散步、听戏。",
            "组员之间开始互相给建议，互助氛围初步形成。",
        ),
        (
            "我们的互助约定",
            "结成两两互助伙伴，约定每周至少通一次电话。",
            "组员自由结对，交换了电话号码，约定节假日互相问候。",
            "结对时有一位组员犹豫，社工单独沟通后加入了三人小组。",
        ),
        (
            "政策与资源",
            "邀请街道工作人员讲解计划生育特殊家庭扶助政策和就医绿色通道。",
            "组员提问踊跃，集中在扶助金发放、住院陪护和养老机构优先入住。",
            "资源信息对组员很实用，会后整理成一页纸发给大家。",
        ),
        (
            "走出家门",
            "结伴去社区公园散步、拍照。",
            "天气晴好，组员结伴散步并互相拍照，有组员说“好久没有这样出门了”。",
            "户外活动让气氛明显轻松，可作为后续自组织活动的形式。",
        ),
        (
            "写给自己的信",
            "给一年后的自己写一封信，讲述希望的生活。",
            "多数组员由社工或伙伴协助完成了信件，分享时谈到想学手机、想参加合唱团。",
            "组员对未来开始有期待，这是积极的变化。",
        ),
        (
            "告别与延续",
            "回顾小组历程，颁发纪念卡，商定结束后的联络方式。",
            "组员回顾了八次小组的收获，决定每月自行相聚一次，由两位组员负责召集。",
            "小组自然过渡到自助组织，后续由社工每季度跟进一次。",
        ),
    ),
)

MIGRANT = GroupPlan(
    name="“他乡不孤单”随迁老人社交小组",
    type="recreational",
    instrument="lsns6",
    restricted=False,
    size=10,
    planned=6,
    held=6,
    began=120,
    pick="migratory",
    purpose="帮助随子女迁来的老人认识社区、结交朋友，扩大在本地的社会网络。",
    goals="1. 组员认识至少三位本社区的新朋友；\n2. 组员熟悉社区的服务和活动场所；\n"
    "3. 组员的 Lubben 社会网络量表（LSNS-6）得分提高。",
    sessions=(
        (
            "你从哪里来",
            "用地图标出各自的家乡，用家乡话打招呼。",
            "组员来自东北、河南、四川等地，用家乡话问好引来阵阵笑声。",
            "地图环节很好地打开了话匣子。",
        ),
        (
            "认识我们的社区",
            "实地走访社区卫生服务站、菜市场、老年活动室。",
            "组员记下了卫生站的服务时间，活动室管理员介绍了棋牌和合唱活动。",
            "有组员当场报名合唱队，达到了链接资源的目的。",
        ),
        (
            "家乡菜分享会",
            "每人介绍一道家乡菜，交流做法。",
            "大家交流了饺子、热干面、椰子鸡的做法，约好下次一起包饺子。",
            "饮食话题最能拉近距离。",
        ),
        (
            "学用智能手机",
            "志愿者一对一教视频通话和扫码乘车。",
            "大部分组员学会了视频通话，有两位组员还学会了手机挂号。",
            "需要反复练习，建议课后组建互助群。",
        ),
        (
            "一起去赶海",
            "结伴到附近海边散步，体验本地生活。",
            "组员兴致很高，相约以后常来。",
            "出行安全提前做了准备，未发生意外。",
        ),
        (
            "我的新朋友",
            "回顾收获，交换联系方式，成立“老乡互助群”。",
            "组员互相写下祝福，建立了微信群，推选一位组员当群主。",
            "组员之间已形成稳定的联系。",
        ),
    ),
)

SAFETY = GroupPlan(
    name="居家安全教育小组",
    type="education",
    instrument="",
    restricted=False,
    size=9,
    planned=6,
    held=6,
    began=75,
    pick="alone",
    purpose="提高高龄、独居老人的居家安全意识和应急能力，预防跌倒、燃气和用电事故。",
    goals="1. 组员能说出家中三处以上的安全隐患；\n2. 组员会使用紧急呼叫设备；\n"
    "3. 组员知道防诈骗的基本方法。",
    sessions=(
        (
            "家里哪里最危险",
            "看图找隐患，讨论自家情况。",
            "组员指出浴室地滑、过道堆物、夜间照明不足等问题。",
            "组员对跌倒风险认识不足，需要在后续入户中跟进。",
        ),
        (
            "防跌倒小妙招",
            "康复师示范起身、如厕、洗澡的安全动作。",
            "组员练习了从椅子上起身和借助扶手站立，康复师逐个纠正动作。",
            "示范加练习的效果好于讲座。",
        ),
        (
            "用电用气安全",
            "讲解燃气报警器和漏电保护，现场演示关闭燃气阀门。",
            "多数组员家中未装燃气报警器，社工记录后对接社区免费安装。",
            "及时把需求转为服务。",
        ),
        (
            "紧急呼叫怎么用",
            "演示一键呼叫器和 120 报警要点。",
            "组员两两模拟拨打 120，练习说清地址和病情。",
            "地址说不清的组员较多，制作了地址卡贴在电话旁。",
        ),
        (
            "识破电信诈骗",
            "派出所民警讲解常见骗局。",
            "民警结合真实案例讲解“保健品”“冒充子女”骗局，组员听得很认真。",
            "建议与社区反诈活动联动。",
        ),
        (
            "安全知识大闯关",
            "知识竞答，颁发安全包。",
            "组员分组竞答，气氛热烈，每人领到一个安全包。",
            "小组结束后两周内入户检查安全改造落实情况。",
        ),
    ),
)

CRAFT = GroupPlan(
    name="“时光手作”怀旧手工小组",
    type="therapeutic",
    instrument="ucla3",
    restricted=False,
    size=8,
    planned=8,
    held=4,
    began=30,
    pick="any",
    purpose="以怀旧和手工为媒介，让独居、空巢老人回忆生命中的美好时光，增进交流，减轻孤独感。",
    goals="1. 组员每次活动都有机会分享自己的故事；\n2. 组员完成一件手工作品并在社区展出；\n"
    "3. 组员的孤独感（UCLA-3）得分下降。",
    sessions=(
        (
            "老物件里的故事",
            "每人带一件老物件，讲述它的来历。",
            "组员带来了粮票、搪瓷缸、老式收音机，讲起了年轻时的工作和生活。",
            "怀旧话题让平时少言的组员也开口了。",
        ),
        (
            "剪纸迎新春",
            "学习简单的窗花剪纸。",
            "组员剪出了“福”字和窗花，互相欣赏作品。",
            "手部不灵活的组员由志愿者协助，下次准备更简单的图样。",
        ),
        (
            "编织中国结",
            "学习编织平安结。",
            "大部分组员完成了一个平安结，准备送给家人。",
            "组员主动教旁边的人，互助氛围良好。",
        ),
        (
            "我的青春年代",
            "听老歌、看老照片，分享青春记忆。",
            "一首《红梅赞》让大家一起合唱起来。",
            "音乐是很好的媒介，后续可以加入。",
        ),
    ),
)

PLANS = (LOST, MIGRANT, SAFETY, CRAFT)


@dataclass
class GroupCounts:
    groups: int = 0
    members: int = 0
    dropouts: int = 0
    sessions: int = 0
    present: int = 0  # person-times
    measures: int = 0
    by_name: dict[str, int] = field(default_factory=dict)  # members per group
    seconds: float = 0.0


def station_groups_create(*, station, seed: int, today: dt.date) -> GroupCounts:
    """Four groups for a demo station, through the services, dated before today."""
    started = time.perf_counter()
    rng = random.Random(f"linli-demo-groups:{seed}:{station.code}")
    staff = list(
        Membership.objects.filter(station=station, role__in=("head", "worker"))
        .select_related("user")
        .order_by("role", "user__username")
    )
    head = next((m.user for m in staff if m.role == Membership.Role.HEAD), None)
    workers = [m.user for m in staff if m.role == Membership.Role.WORKER] or [head]
    counts = GroupCounts()
    if head is None:
        return counts
    used: set[int] = set()
    for i, plan in enumerate(PLANS):
        leaders = [workers[i % len(workers)]]
        elders = _pick(station, plan, used, rng)
        if len(elders) < 3:
            continue
        with transaction.atomic():
            _group_play(plan, station, head, leaders, elders, rng, today, counts)
    counts.seconds = time.perf_counter() - started
    return counts


def _pick(station, plan: GroupPlan, used: set[int], rng: random.Random) -> list[Elder]:
    """Elders who fit the group, not already in another demo group; the rest filled from any."""
    rows = Elder.objects.filter(station=station, status=Elder.Status.ACTIVE).exclude(pk__in=used)
    fits = {
        "lost_only_child": rows.filter(categories__code="lost_only_child"),
        "migratory": rows.filter(migratory=True),
        "alone": rows.filter(living_arrangement="alone"),
        "any": rows.filter(living_arrangement__in=("alone", "spouse")),
    }[plan.pick]
    chosen = list(fits.order_by("pk").distinct()[: plan.size * 3])
    rng.shuffle(chosen)
    chosen = chosen[: plan.size]
    if plan.pick != "lost_only_child" and len(chosen) < plan.size:  # never pad a sensitive group
        extra = list(rows.exclude(pk__in=[e.pk for e in chosen]).order_by("pk")[: plan.size])
        chosen += extra[: plan.size - len(chosen)]
    used.update(e.pk for e in chosen)
    return chosen


def _group_play(plan, station, head, leaders, elders, rng, today, counts) -> None:
    starts_on = today - dt.timedelta(days=plan.began)
    group = services.group_create(
        actor=head,
        station=station,
        leaders=leaders,
        name=plan.name,
        type=plan.type,
        purpose=plan.purpose,
        goals=plan.goals,
        planned_sessions=plan.planned,
        outcome_instrument=plan.instrument,
        restricted=plan.restricted,
        starts_on=starts_on,
    )
    leader = leaders[0]
    members = [
        services.member_add(actor=leader, group=group, elder=e, joined_on=starts_on) for e in elders
    ]
    days = [starts_on + dt.timedelta(days=7 * n + 2) for n in range(plan.held)]
    baselines = {}
    if plan.instrument:
        for member in members:
            baselines[member.pk] = _level(rng)
            on = starts_on - dt.timedelta(days=rng.randint(1, 4))
            counts.measures += _measure(
                leader, member, "pre", plan.instrument, baselines[member.pk], on, rng
            )
    leaving = _dropouts(members, plan, rng)
    for number, (day, texts) in enumerate(zip(days, plan.sessions, strict=False), start=1):
        present = _attend(members, leaving, number, rng)
        services.session_record(
            actor=leader,
            group=group,
            number=number,
            held_on=day,
            theme=texts[0],
            plan=texts[1],
            record=texts[2],
            reflection=texts[3],
            present=[m.pk for m in present],
        )
        counts.sessions += 1
        counts.present += len(present)
        for member, after in leaving.items():
            if after == number:
                reason = DROPOUT_REASONS[member.pk % len(DROPOUT_REASONS)]
                services.member_leave(
                    actor=leader, member=member, left_on=day + dt.timedelta(3), reason=reason
                )
                counts.dropouts += 1
    if plan.held == plan.planned:
        last = days[-1]
        if plan.instrument:
            for member in members:
                if member in leaving:
                    continue
                level = baselines[member.pk] + _gain(rng)
                on = min(today - dt.timedelta(days=1), last + dt.timedelta(days=rng.randint(1, 5)))
                counts.measures += _measure(leader, member, "post", plan.instrument, level, on, rng)
        services.group_end(actor=leader, group=group, ends_on=min(today, last + dt.timedelta(7)))
    counts.groups += 1
    counts.members += len(members)
    counts.by_name[plan.name] = len(members)


def _dropouts(members: list[Member], plan: GroupPlan, rng) -> dict[Member, int]:
    """One or two members leave after a session in the middle of the group."""
    if plan.held < 4:
        return {}
    how_many = 1 if len(members) < 9 else 2
    leaving = rng.sample(members, how_many)
    return {m: rng.randint(2, plan.held - 2) for m in leaving}


def _attend(members, leaving, number: int, rng) -> list[Member]:
    present = []
    for member in members:
        if member in leaving and number > leaving[member]:
            continue
        if rng.random() < (0.6 if member in leaving else 0.88):
            present.append(member)
    return present


def _level(rng) -> float:
    """A member's standing before the group, 0 (poor) to 1 (good), on the instrument's terms."""
    return rng.uniform(0.15, 0.45)


def _gain(rng) -> float:
    """Most members improve; about one in five stays the same or slips back."""
    return rng.uniform(-0.08, 0.02) if rng.random() < 0.2 else rng.uniform(0.06, 0.22)


def _measure(actor, member, phase, instrument, level, on, rng) -> int:
    answers = ANSWERS[instrument](max(0.0, min(1.0, level)), rng)
    assessment = assessment_save(
        actor=actor,
        elder=member.elder,
        instrument=instrument,
        answers=answers,
        complete=True,
        assessed_on=on,
    )
    services.measure_attach(actor=actor, member=member, phase=phase, assessment=assessment)
    return 1


def _scaled(level: float, low: int, high: int, rng) -> int:
    return max(low, min(high, round(low + level * (high - low) + rng.uniform(-0.6, 0.6))))


def _ssrs(level: float, rng) -> dict:
    answers = {k: _scaled(level, 1, 4, rng) for k in ("q1", "q2", "q3", "q4", "q8", "q9", "q10")}
    answers.update({k: _scaled(level * 0.8, 1, 4, rng) for k in ("q5a", "q5c", "q5d", "q5e")})
    answers["q5b"] = 1  # parents: mostly no longer living
    answers["q6"] = list(SSRS_SOURCES[: _scaled(level, 0, 5, rng)])
    answers["q7"] = list(SSRS_SOURCES[: _scaled(level, 0, 6, rng)])
    return answers


def _lsns6(level: float, rng) -> dict:
    return {f"q{i}": _scaled(level, 0, 5, rng) for i in range(1, 7)}


def _ucla3(level: float, rng) -> dict:
    # Loneliness: a good standing is a low score.
    return {f"q{i}": _scaled(1 - level, 1, 3, rng) for i in range(1, 4)}


ANSWERS = {"ssrs": _ssrs, "lsns6": _lsns6, "ucla3": _ucla3}


def group_names(station) -> list[str]:
    return list(Group.objects.filter(station=station).values_list("name", flat=True))
