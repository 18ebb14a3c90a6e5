"""The named vocabulary of actions a role can hold. One place; everything else refers to these."""

from django.utils.translation import gettext_lazy as _

CASE_VIEW = "case.view"
CASE_VIEW_CONTACT = "case.view_contact"
CASE_REPORT = "case.report"
CASE_ACCEPT = "case.accept"
CASE_DISPATCH = "case.dispatch"
CASE_HANDLE = "case.handle"
CASE_SELF_HANDLE = "case.self_handle"
CASE_VERIFY = "case.verify"
CASE_CLOSE = "case.close"
CASE_RATE = "case.rate"
CASE_REOPEN = "case.reopen"
CASE_ESCALATE = "case.escalate"
CASE_WHISTLE = "case.whistle"
CASE_URGE = "case.urge"
CASE_EXTENSION = "case.extension"
CASE_RECATEGORIZE = "case.recategorize"
CASE_MERGE = "case.merge"
COMMUNITY_POSTER = "community.poster"
HOTLINE_IMPORT = "hotline.import"
CONSULT_MANAGE = "consult.manage"
CONSULT_VIEW = "consult.view"
TASK_ASSIGN = "task.assign"
CAMPAIGN_MANAGE = "campaign.manage"
FIELD_PATROL = "field.patrol"
FIELD_ROSTER = "field.roster"
FIELD_COMPLIANCE = "field.compliance"
CASE_ENFORCE = "case.enforce"
CASE_VIEW_PARTY = "case.view_party"
SHOP_INSPECT = "shop.inspect"
SHOP_MANAGE = "shop.manage"
DUTY_MANAGE = "duty.manage"
DUTY_REPORT = "duty.report"
AMENITY_MANAGE = "amenity.manage"
STATION_EVALUATE = "station.evaluate"
SHOWCASE_MANAGE = "showcase.manage"
COMMUNITY_PUBLISH = "community.publish"
COUNCIL_MANAGE = "council.manage"
NEED_MANAGE = "need.manage"
VOLUNTEER_MANAGE = "volunteer.manage"
SURVEY_MANAGE = "survey.manage"
LIAISON_MANAGE = "liaison.manage"
TRAINING_MANAGE = "training.manage"

ACTIONS = {
    CASE_VIEW: _("查看案件"),
    CASE_VIEW_CONTACT: _("查看市民完整联系方式"),
    CASE_REPORT: _("上报案件"),
    CASE_ACCEPT: _("受理 / 不予立案"),
    CASE_DISPATCH: _("派遣"),
    CASE_HANDLE: _("处置（开始、退单、反馈、申请延期、吹哨报到）"),
    CASE_SELF_HANDLE: _("随手办"),
    CASE_VERIFY: _("核查"),
    CASE_CLOSE: _("结案"),
    CASE_RATE: _("登记回访评价"),
    CASE_REOPEN: _("重新办理"),
    CASE_ESCALATE: _("上报上级"),
    CASE_WHISTLE: _("吹哨"),
    CASE_URGE: _("督办"),
    CASE_EXTENSION: _("审批延期"),
    CASE_RECATEGORIZE: _("改类"),
    CASE_MERGE: _("合并重复案件"),
    COMMUNITY_POSTER: _("打印社区二维码海报"),
    HOTLINE_IMPORT: _("导入 12345 工单、导出办理反馈、热线工单定位"),
    CONSULT_MANAGE: _("发布意见征集"),
    CONSULT_VIEW: _("查看意见征集结果"),
    TASK_ASSIGN: _("下派任务、验收任务反馈"),
    CAMPAIGN_MANAGE: _("策划和管理专项执法行动"),
    FIELD_PATROL: _("巡查、签到"),
    FIELD_ROSTER: _("编排工作站坐班表"),
    FIELD_COMPLIANCE: _("查看巡查地图与履职统计"),
    CASE_ENFORCE: _("执法处置（转入执法、记录处置措施、复查）"),
    CASE_VIEW_PARTY: _("查看执法当事人完整信息"),
    SHOP_INSPECT: _("门前三包检查、记分"),
    SHOP_MANAGE: _("管理门前三包商户、责任书和街长"),
    DUTY_MANAGE: _("编制职责清单、三张清单和任务分解"),
    DUTY_REPORT: _("填报分解任务进展"),
    AMENITY_MANAGE: _("维护便民地图"),
    STATION_EVALUATE: _("查看工作站覆盖情况与考评"),
    SHOWCASE_MANAGE: _("发布典型案例"),
    COMMUNITY_PUBLISH: _("发布社区公告、活动和以案普法"),
    COUNCIL_MANAGE: _("组织议事会、恳谈会"),
    NEED_MANAGE: _("受理居民需求并派单"),
    VOLUNTEER_MANAGE: _("管理志愿者和社会监督员"),
    SURVEY_MANAGE: _("发布调查问卷、查看结果"),
    LIAISON_MANAGE: _("记录与居委会、物业、业委会的联络"),
    TRAINING_MANAGE: _("登记培训和党建双报到"),
}
