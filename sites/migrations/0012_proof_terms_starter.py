"""A starter 错敏字 list (issue 13 item 4, R78); the cluster admin edits it in the
admin (设置 → 错敏字词表). Leaders' names are the demo's fictional 北疆市 only:
replace them with the region's own list."""

from django.db import migrations

TYPO, INSTITUTION, BANNED, LEADER = "typo", "institution", "banned", "leader"

STARTER = [
    # 常见错别字 (《第一批异形词整理表》与常见误用)
    ("既使", "即使", TYPO, ""),
    ("必竟", "毕竟", TYPO, ""),
    ("按装", "安装", TYPO, ""),
    ("度过难关", "渡过难关", TYPO, "“渡”用于越过困难、江河"),
    ("再接再励", "再接再厉", TYPO, ""),
    ("迫不急待", "迫不及待", TYPO, ""),
    ("一愁莫展", "一筹莫展", TYPO, ""),
    ("默守成规", "墨守成规", TYPO, ""),
    ("走头无路", "走投无路", TYPO, ""),
    ("按步就班", "按部就班", TYPO, ""),
    ("食不裹腹", "食不果腹", TYPO, ""),
    ("美仑美奂", "美轮美奂", TYPO, ""),
    ("不径而走", "不胫而走", TYPO, ""),
    ("出奇不意", "出其不意", TYPO, ""),
    ("穿流不息", "川流不息", TYPO, ""),
    ("一股作气", "一鼓作气", TYPO, ""),
    ("布署", "部署", TYPO, ""),
    ("暴光", "曝光", TYPO, ""),
    ("松驰", "松弛", TYPO, ""),
    ("幅射", "辐射", TYPO, ""),
    ("国藉", "国籍", TYPO, ""),
    ("做为", "作为", TYPO, ""),
    ("截止到", "截至", TYPO, "“截止”后不带宾语，表示“到某时为止”用“截至”"),
    ("权力和义务", "权利和义务", TYPO, ""),
    ("法制政府", "法治政府", TYPO, "党的十八届四中全会以来的规范表述"),
    ("依法制国", "依法治国", TYPO, ""),
    # 机构名称 (2018年国务院机构改革后不再使用的名称)
    ("国家工商行政管理总局", "国家市场监督管理总局", INSTITUTION, "2018年机构改革"),
    ("国家质量监督检验检疫总局", "国家市场监督管理总局", INSTITUTION, "2018年机构改革"),
    ("国家食品药品监督管理总局", "国家市场监督管理总局", INSTITUTION,
     "2018年机构改革；药品监管为国家药品监督管理局"),
    ("国家卫生和计划生育委员会", "国家卫生健康委员会", INSTITUTION, "2018年机构改革"),
    ("国家卫生计生委", "国家卫生健康委", INSTITUTION, "2018年机构改革"),
    ("中华人民共和国国土资源部", "中华人民共和国自然资源部", INSTITUTION, "2018年机构改革"),
    ("中华人民共和国环境保护部", "中华人民共和国生态环境部", INSTITUTION, "2018年机构改革"),
    ("国家安全生产监督管理总局", "应急管理部", INSTITUTION, "2018年机构改革"),
    ("国家旅游局", "文化和旅游部", INSTITUTION, "2018年机构改革"),
    ("北疆市卫生和计划生育委员会", "北疆市卫生健康委员会", INSTITUTION, "演示：本地机构更名"),
    ("北疆市环境保护局", "北疆市生态环境局", INSTITUTION, "演示：本地机构更名"),
    ("北疆市国土资源局", "北疆市自然资源局", INSTITUTION, "演示：本地机构更名"),
    # 禁用表述 (新华社《新闻报道中禁用的词语》等)
    ("台湾政府", "台湾当局", BANNED, "涉台表述"),
    ("台湾总统", "台湾地区领导人", BANNED, "涉台表述"),
    ("中国大陆和台湾", "祖国大陆和台湾", BANNED, "涉台表述"),
    ("两岸三地", "海峡两岸及香港、澳门", BANNED, "涉港澳台表述"),
    ("香港政府", "香港特别行政区政府", BANNED, "涉港表述"),
    ("澳门政府", "澳门特别行政区政府", BANNED, "涉澳表述"),
    ("北朝鲜", "朝鲜", BANNED, ""),
    ("南朝鲜", "韩国", BANNED, ""),
    ("残废人", "残疾人", BANNED, "不使用蔑称"),
    ("瞎子", "盲人", BANNED, "不使用蔑称"),
    ("聋子", "聋人", BANNED, "不使用蔑称"),
    # 领导姓名 (演示：北疆市为虚构城市，请替换为本地区的名单)
    ("王震华市长", "王振华市长", LEADER, "演示（虚构人物），请按本地区实际维护"),
    ("李明源副市长", "李明远副市长", LEADER, "演示（虚构人物），请按本地区实际维护"),
]


def forwards(apps, schema_editor):
    ProofTerm = apps.get_model("sites", "ProofTerm")
    for wrong, correct, kind, note in STARTER:
        ProofTerm.objects.get_or_create(
            wrong=wrong, defaults={"correct": correct, "kind": kind, "note": note}
        )


def backwards(apps, schema_editor):
    ProofTerm = apps.get_model("sites", "ProofTerm")
    ProofTerm.objects.filter(wrong__in=[row[0] for row in STARTER]).delete()


class Migration(migrations.Migration):
    dependencies = [("sites", "0011_only_workflow_publishes")]

    operations = [migrations.RunPython(forwards, backwards)]
