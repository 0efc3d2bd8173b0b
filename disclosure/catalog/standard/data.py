"""A small standard list of 公开事项 for banner (旗县) sites (R34).

Drawn, in our own words, from two 领域 of the State Council office's guidance
on the 基层政务公开标准目录 (财政预决算, 社会救助) and one from the 义务教育
area. Plain data without model imports, so that a data migration can use it.
Each entry names the standard column (slug) that holds its content and the
window (days) within which that column must show an item: 0 means the entry
is 长期公开 and needs at least one item at all.
"""

ANNUAL = 365
QUARTERLY = 92

STANDARD_ENTRIES: tuple[dict, ...] = tuple(
    {
        "domain": domain,
        "name": name,
        "content": content,
        "basis": basis,
        "time_limit": time_limit,
        "window_days": window,
        "subject": subject,
        "channels": "政府网站；政务公开栏",
        "audience": "全社会",
        "manner": "主动公开",
        "level": "旗县级",
        "column_slug": column,
    }
    for domain, name, content, basis, time_limit, window, subject, column in (
        ("财政预决算", "政府预算",
         "经本级人大批准的政府预算报告及预算表",
         "《中华人民共和国预算法》第十四条", "批准后20日内", ANNUAL,
         "旗县财政部门", "czyjs"),
        ("财政预决算", "政府决算",
         "经本级人大常委会批准的政府决算报告及决算表",
         "《中华人民共和国预算法》第十四条", "批准后20日内", ANNUAL,
         "旗县财政部门", "czyjs"),
        ("财政预决算", "部门预算",
         "各部门收支总表、财政拨款收支表及“三公”经费预算说明",
         "《中华人民共和国预算法》第十四条", "批复后20日内", ANNUAL,
         "各预算部门", "czyjs"),
        ("财政预决算", "部门决算",
         "各部门决算报表及“三公”经费决算说明",
         "《中华人民共和国预算法》第十四条", "批复后20日内", ANNUAL,
         "各预算部门", "czyjs"),
        ("社会救助", "最低生活保障政策",
         "低保的对象范围、标准、申请条件和办理程序",
         "《社会救助暂行办法》", "信息形成或变更之日起20个工作日内", 0,
         "旗县民政部门", "shjz"),
        ("社会救助", "低保对象公示",
         "低保对象姓名（隐去身份信息）、保障人数和保障金额",
         "《社会救助暂行办法》", "每季度更新", QUARTERLY,
         "旗县民政部门、苏木乡镇", "shjz"),
        ("社会救助", "特困人员救助供养",
         "特困人员认定条件、供养内容、标准和办理程序",
         "《社会救助暂行办法》", "信息形成或变更之日起20个工作日内", 0,
         "旗县民政部门", "shjz"),
        ("社会救助", "临时救助",
         "临时救助的对象、标准、申请渠道和审批程序",
         "《社会救助暂行办法》", "信息形成或变更之日起20个工作日内", 0,
         "旗县民政部门", "shjz"),
        ("社会救助", "救助资金使用情况",
         "各项社会救助资金的安排和使用情况",
         "《社会救助暂行办法》", "每年第一季度公开上年情况", ANNUAL,
         "旗县民政部门、财政部门", "shjz"),
        ("义务教育", "招生入学政策",
         "义务教育招生范围、入学条件、报名方式和时间安排",
         "《中华人民共和国义务教育法》", "招生工作开始前", ANNUAL,
         "旗县教育部门", "msbz"),
        ("义务教育", "学校名录",
         "辖区义务教育学校的名称、地址和联系方式",
         "《中华人民共和国义务教育法》", "信息形成或变更之日起20个工作日内", 0,
         "旗县教育部门", "msbz"),
        ("义务教育", "学生资助政策",
         "家庭经济困难学生资助的对象、标准和申请程序",
         "国家学生资助有关规定", "信息形成或变更之日起20个工作日内", 0,
         "旗县教育部门", "msbz"),
    )
)  # fmt: skip
