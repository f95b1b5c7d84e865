from django.db import migrations

VOCABULARY = [
    ("aged80", "高龄", "aged 80+", "age80", False),
    ("dibao", "低保", "minimum living allowance", "typed", False),
    ("tekun", "特困", "extreme hardship support", "typed", False),
    ("empty_nest", "空巢", "empty nest", "empty_nest", False),
    ("alone", "独居", "lives alone", "alone", False),
    ("lost_only_child", "失独", "lost only child", "typed", True),
    ("disabled", "失能", "needs help with daily living", "typed", True),
    ("dementia", "失智", "dementia", "typed", True),
    ("disability", "残疾", "registered disability", "typed", True),
    ("military", "军属/优抚", "military family / entitled", "typed", False),
    ("migratory", "候鸟", "migratory retiree", "migratory", False),
    ("relocated", "易地搬迁", "relocated from a poverty area", "typed", False),
    ("left_behind", "留守", "left behind", "typed", False),
]


def load(apps, schema_editor):
    Category = apps.get_model("elders", "Category")
    for sort, (code, zh, en, rule, sensitive) in enumerate(VOCABULARY):
        Category.objects.update_or_create(
            code=code,
            defaults={"name_zh": zh, "name_en": en, "rule": rule, "sensitive": sensitive,
                      "sort": sort},
        )


class Migration(migrations.Migration):
    dependencies = [("elders", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
