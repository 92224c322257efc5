"""The district's industry mix: one profile per line of business, with its share and typical figures.

The profiles' order and weights are the draw's cumulative bands: splitting one profile in place (as
optoelectronics and integrated circuits, each with tuples of the same lengths) leaves every other
firm of a seeded district as it was.

Weights follow the shape of a textile district (textiles, dyeing, apparel and chemical fibre dominant;
dyes and textile machinery around them; then new materials, bio-medicine, optoelectronics and IC,
software and modern construction). Each profile names GB/T 4754-2017 classes, plausible high-tech
fields (``"4.3"``), words that find a local segment by name, and words for product and IP titles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryProfile:
    key: str
    weight: int
    classes: tuple[str, ...]
    business: tuple[str, ...]
    tech_fields: tuple[str, ...]
    segment_words: tuple[str, ...]
    products: tuple[str, ...]
    processes: tuple[str, ...]
    revenue_per_employee: float
    """Typical sales revenue per employee in 万元."""
    manufacturing: bool = True


PROFILES: tuple[IndustryProfile, ...] = (
    IndustryProfile(
        "weaving",
        22,
        ("C1712", "C1751", "C1761", "C1722"),
        ("纺织", "织造", "针纺织", "纺织品"),
        ("4.3", "8.4"),
        ("纺织", "织造", "化纤织造"),
        ("涤纶仿真丝面料", "高密防绒织物", "弹力针织面料", "功能性窗帘布", "再生纤维面料"),
        ("织造", "喷水织造", "经编", "整经"),
        75.0,
    ),
    IndustryProfile(
        "dyeing",
        14,
        ("C1713", "C1752", "C1762", "C1723"),
        ("印染", "染整", "印花"),
        ("7.7", "2.6", "4.5"),
        ("印染", "染整", "纺织"),
        ("数码印花面料", "低温染色织物", "免烫整理面料", "阻燃涂层布", "抗菌面料"),
        ("少水染色", "冷轧堆前处理", "数码喷墨印花", "中水回用"),
        90.0,
    ),
    IndustryProfile(
        "home_textile",
        6,
        ("C1771", "C1773", "C1779", "C1781"),
        ("家纺", "布艺", "非织造布"),
        ("4.3",),
        ("家纺", "产业用纺织", "纺织"),
        ("功能性床品", "遮光窗帘", "医用非织造布", "过滤材料"),
        ("复合", "缝制", "水刺"),
        60.0,
    ),
    IndustryProfile(
        "apparel",
        8,
        ("C1811", "C1819", "C1830"),
        ("服饰", "服装", "制衣"),
        ("5.1", "4.3"),
        ("服装", "服饰", "纺织"),
        ("智能温控服装", "功能性运动服", "防护服", "定制西服"),
        ("立体裁剪", "无缝编织", "智能排版"),
        45.0,
    ),
    IndustryProfile(
        "chemical_fibre",
        7,
        ("C2822", "C2821", "C2826", "C2831"),
        ("化纤", "化学纤维", "新纤维"),
        ("4.3",),
        ("化纤", "化学纤维", "新材料"),
        ("差别化涤纶长丝", "再生聚酯纤维", "高强低伸锦纶丝", "生物基纤维"),
        ("熔体直纺", "纺丝", "加弹"),
        160.0,
    ),
    IndustryProfile(
        "dyes_chemicals",
        5,
        ("C2645", "C2661", "C2662"),
        ("化工", "染料", "助剂"),
        ("4.5", "7.7"),
        ("化工", "染料", "新材料"),
        ("活性染料", "纺织印染助剂", "环保型分散染料", "功能整理剂"),
        ("合成", "提纯", "复配"),
        180.0,
    ),
    IndustryProfile(
        "textile_machinery",
        4,
        ("C3551", "C3553", "C3484"),
        ("纺织机械", "机械", "智能装备"),
        ("8.5", "8.4", "8.1"),
        ("纺织装备", "装备", "机械"),
        ("喷气织机", "智能验布机", "数码印花机", "定型机"),
        ("数控", "自动控制", "精密加工"),
        70.0,
    ),
    IndustryProfile(
        "new_materials",
        6,
        ("C2651", "C3091", "C3062", "C2929"),
        ("新材料", "材料科技", "复合材料"),
        ("4.3", "4.2", "4.1"),
        ("新材料", "材料"),
        ("碳纤维复合材料", "高性能工程塑料", "石墨烯导热膜", "玻纤增强板材"),
        ("复合成型", "改性", "热压"),
        120.0,
    ),
    IndustryProfile(
        "biomedicine",
        3,
        ("C2710", "C2720", "C2761", "C2770", "C3581"),
        ("生物医药", "医药", "生物科技"),
        ("2.1", "2.3", "2.4", "2.5"),
        ("生物医药", "医药", "生命健康"),
        ("缓释制剂", "医用敷料", "体外诊断试剂", "原料药中间体"),
        ("发酵", "纯化", "冻干"),
        95.0,
    ),
    IndustryProfile(
        "optoelectronics",
        2,
        ("C3976", "C3974", "C3975", "C3985", "C3982"),
        ("光电", "光电子", "显示"),
        ("1.6", "1.2"),
        ("光电", "电子信息"),
        ("LED芯片", "光电传感器", "显示模组", "激光器件"),
        ("封装", "外延生长", "光学镀膜"),
        110.0,
    ),
    IndustryProfile(
        "integrated_circuits",
        1,
        ("C3973", "C3972", "C3979", "C3985", "C3562"),
        ("微电子", "半导体", "芯片"),
        ("1.2", "1.6"),
        ("集成电路", "半导体", "电子信息"),
        ("功率半导体器件", "模拟集成电路", "MEMS传感器芯片", "半导体封装基板"),
        ("晶圆测试", "刻蚀", "封装"),
        110.0,
    ),
    IndustryProfile(
        "machinery_electrical",
        4,
        ("C3824", "C3811", "C3444", "C3489"),
        ("电器", "机电", "动力"),
        ("8.6", "6.4", "8.4"),
        ("装备", "机械", "电气"),
        ("高效电机", "变频控制器", "电力电子模块"),
        ("绕线", "装配", "检测"),
        85.0,
    ),
    IndustryProfile(
        "software",
        4,
        ("I6513", "I6511", "I6520", "I6531", "I6550"),
        ("信息技术", "软件", "数字科技"),
        ("1.1", "1.3", "5.3"),
        ("软件", "数字经济", "信息"),
        ("纺织云平台", "印染MES系统", "智慧仓储系统", "数据中台"),
        ("数据采集", "智能调度", "可视化"),
        40.0,
        manufacturing=False,
    ),
    IndustryProfile(
        "construction",
        5,
        ("E4710", "E4790", "E4910", "E5011", "E5012"),
        ("建设", "建筑", "建工"),
        ("8.4", "6.4", "5.1"),
        ("建筑", "现代建筑"),
        ("装配式建筑构件", "绿色幕墙", "BIM协同平台"),
        ("装配", "预制", "智能建造"),
        90.0,
        manufacturing=False,
    ),
    IndustryProfile(
        "textile_trade",
        7,
        ("F5132", "F5137"),
        ("纺织品", "轻纺", "面料"),
        (),
        ("纺织", "商贸"),
        ("面料", "辅料"),
        ("供应链",),
        300.0,
        manufacturing=False,
    ),
    IndustryProfile(
        "tech_services",
        2,
        ("M7320", "M7519", "M7452"),
        ("科技", "检测技术", "技术服务"),
        ("5.1", "5.2"),
        ("科技服务", "检验检测"),
        ("纺织品检测", "工业设计"),
        ("检测", "设计"),
        35.0,
        manufacturing=False,
    ),
)


def pick_profile(rng: random.Random, manufacturing_only: bool = False) -> IndustryProfile:
    """A profile drawn by weight, optionally among manufacturers (GB/T 4754 section C)."""
    pool = [p for p in PROFILES if p.manufacturing or not manufacturing_only]
    return rng.choices(pool, weights=[p.weight for p in pool])[0]


def is_textile(industry_code: str) -> bool:
    """True for divisions 17 (textiles), 18 (apparel) and 28 (chemical fibre)."""
    return industry_code[1:3] in {"17", "18", "28"}
