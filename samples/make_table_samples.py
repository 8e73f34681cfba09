"""Build the 自评表 samples t01…t08 (DOCX, XLSX; PDFs via LibreOffice).

Each table is written as rows of cells split by " | ", with "^" merging into the
cell above and "<" into the cell on the left (the notation of the rule fixtures).
The figures reproduce the published tables of domain-rules.md section (d), or
plant one error each in the national template.

Usage: python samples/make_table_samples.py
       soffice --headless --convert-to pdf --outdir samples samples/t04-*.docx samples/t07-*.docx
"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def grid(rows):
    """rows -> (n_cols, [(r, c, text, rowspan, colspan)])."""
    rows = [[x.strip() for x in r.split("|")] if isinstance(r, str) else r for r in rows]
    owner, cells = {}, []
    for r, row in enumerate(rows):
        for c, t in enumerate(row):
            if t == "^" and (r - 1, c) in owner:
                cell = owner[(r - 1, c)]
                if c == cell[1]:
                    cell[3] = r - cell[0] + 1
                owner[(r, c)] = cell
            elif t == "<" and (r, c - 1) in owner:
                cell = owner[(r, c - 1)]
                if r == cell[0]:
                    cell[4] = c - cell[1] + 1
                owner[(r, c)] = cell
            else:
                cell = [r, c, t, 1, 1]
                cells.append(cell)
                owner[(r, c)] = cell
    return max(len(r) for r in rows), len(rows), cells


def docx(path, title, paras, rows, unit_note=None):
    from docx import Document
    from docx.shared import Pt

    d = Document()
    d.styles["Normal"].font.size = Pt(10)
    d.add_heading(title, level=0)
    for p in paras:
        if p.startswith("#"):
            d.add_heading(p.lstrip("# "), level=1)
        else:
            d.add_paragraph(p)
    if rows:
        d.add_heading("项目支出绩效自评表", level=1)
        if unit_note:
            d.add_paragraph(unit_note)
        ncol, nrow, cells = grid(rows)
        t = d.add_table(rows=nrow, cols=ncol)
        t.style = "Table Grid"
        for r, c, text, rs, cs in cells:
            cell = t.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
            cell.text = text
    d.save(path)


def xlsx(path, rows, title, unit_note=None):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws.cell(1, 1, title)
    off = 1
    if unit_note:
        off += 1
        ws.cell(off, 1, unit_note)
    ncol, nrow, cells = grid(rows)
    for r, c, text, rs, cs in cells:
        ws.cell(off + 1 + r, 1 + c, text)  # numbers stored as text, as many submitted sheets do
        if rs > 1 or cs > 1:
            ws.merge_cells(start_row=off + 1 + r, start_column=1 + c, end_row=off + r + rs, end_column=c + cs)
    wb.save(path)


NATIONAL_HEAD = ["项目名称 | < | {proj} | < | < | < | < | <",
                 "主管部门 | < | {dept} | < | 实施单位 | < | {dept} | <",
                 "项目资金（万元） | < | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分"]
IHEAD = "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施"


def national(proj, dept, funds, indicators, total):
    rows = [r.format(proj=proj, dept=dept) for r in NATIONAL_HEAD] + funds
    rows += ["年度总体目标 | < | 预期目标 | < | < | 实际完成情况 | < | <",
             " | ^ | 按计划完成年度任务 | < | < | 已按计划完成年度任务 | < | <", IHEAD] + indicators + [total]
    return rows


REPORT = ["# 一、基本情况", "{intro}", "# 二、绩效目标完成情况", "{done}", "# 三、存在问题", "{problem}",
          "# 四、改进措施", "{fix}"]


def report(intro, done, problem="个别指标推进偏慢。", fix="加强过程管理，按季度跟踪指标完成情况。"):
    return [p.format(intro=intro, done=done, problem=problem, fix=fix) for p in REPORT]


SAMPLES = {}

# d1 Chizhou 委托业务: the total row is 0/0/0 while 当年财政拨款 is 90/89.974/89.974
SAMPLES["t01-chizhou-entrusted"] = dict(
    fmt="docx", title="贵池区棠溪镇委托业务项目2022年度绩效自评报告",
    paras=report("委托业务项目年初预算90万元，用于辖区委托业务。", "项目年初预算90万元，全年实际支出89.974万元，各项指标均按计划完成。"),
    rows=national("委托业务项目", "贵池区棠溪镇人民政府", [
        "年度资金总额 | < | 0 | 0 | 0 | 10 | 0 | 0",
        "其中：当年财政拨款 | < | 90 | 89.974 | 89.974 | — | — | —",
        "上年结转资金 | < | — | — | — | — | — | —",
        "其他资金 | < | — | — | — | — | — | —"], [
        "产出指标 | 数量指标 | 委托业务事项 | ≥50个 | 50个 | 8 | 8 | ",
        "^ | ^ | 覆盖村（社区） | ≥8个 | 8个 | 8 | 8 | ",
        "^ | 质量指标 | 业务验收合格率 | 100% | 100% | 8 | 8 | ",
        "^ | ^ | 资料归档率 | 100% | 100% | 8 | 8 | ",
        "^ | 时效指标 | 按期完成率 | 100% | 100% | 8 | 8 | ",
        "^ | 成本指标 | 项目成本 | ≤90万元 | 89.974万元 | 10 | 10 | ",
        "效益指标 | 社会效益指标 | 基层治理水平 | 有效提升 | 达成预期指标 | 10 | 10 | ",
        "^ | ^ | 群众办事便利度 | 有效提升 | 达成预期指标 | 10 | 10 | ",
        "^ | 可持续影响指标 | 长效机制 | 逐步建立 | 达成预期指标 | 10 | 10 | ",
        "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 10 | "],
        "总分 | < | < | < | < | 100 | 90 | "))

# d3 Beijing 2016: only 年初预算数(A) and 全年执行数(B); 154.74/310.2 = 49.88% → 50%, 5 points
SAMPLES["t02-beijing-road-cleaning"] = dict(
    fmt="docx", title="学院路自管道路清扫保洁项目绩效自评报告",
    paras=report("项目年初预算310.2万元。", "全年执行154.74万元，执行率50%。"),
    rows=["项目名称 | < | 学院路自管道路清扫保洁 | < | < | <",
          "项目资金（万元） | < | 年初预算数(A) | 全年执行数(B) | 执行率(B/A) | 分值 | 得分",
          "年度资金总额 | < | 310.2 | 154.74 | 50% | 10 | 5",
          "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分",
          "产出指标 | 数量指标 | 清扫保洁面积 | ≥12万平方米 | 12万平方米 | 12.5 | 12.5",
          "^ | 质量指标 | 道路保洁达标率 | ≥95% | 96% | 12.5 | 12.5",
          "^ | 时效指标 | 作业及时率 | 100% | 100% | 12.5 | 12.5",
          "^ | 成本指标 | 单位面积保洁成本 | ≤13元 | 12.9元 | 12.5 | 12.5",
          "效益指标 | 社会效益指标 | 道路环境 | 明显改善 | 达成预期指标 | 30 | 28",
          "满意度指标 | 服务对象满意度指标 | 居民满意度 | ≥85% | 90% | 10 | 10",
          "总分 | < | < | < | < | 100 | 93"])

# d4 Putuo (amounts in 元): 215,457.6/250,000 = 86.183%, printed 86.19% (one unit out); 8.62; 98.62
SAMPLES["t03-putuo-sports-yuan"] = dict(
    fmt="xlsx", title="普陀区体育事业管理中心 项目支出绩效自评表", unit_note="单位：元",
    rows=[r.replace("项目资金（万元）", "项目资金（元）") for r in national("体育场馆结算项目", "普陀区体育局", [
        "年度资金总额 | < | 250,000.00 | 250,000.00 | 215,457.60 | 10 | 86.19% | 8.62",
        "其中：当年财政拨款 | < | 250,000.00 | 250,000.00 | 215,457.60 | — | — | —"], [
        "产出指标 | 数量指标 | 结算场馆数 | 3个 | 3个 | 20 | 20 | ",
        "^ | 质量指标 | 结算准确率 | 100% | 100% | 20 | 20 | ",
        "^ | 时效指标 | 结算及时率 | 100% | 100% | 10 | 10 | ",
        "效益指标 | 社会效益指标 | 场馆开放时长 | ≥2000小时 | 2150小时 | 30 | 30 | ",
        "满意度指标 | 服务对象满意度指标 | 市民满意度 | ≥90% | 93% | 10 | 10 | "],
        "总分 | < | < | < | < | 100 | 98.62 | ")])

# d5 Yinchuan: 调整预算数(A)/全年执行数(B)/执行率(B/A); 100% scored 9; printed total 98 > the items' 84;
# cost rows 15 + 35 + 14.8 = 64.8 = the budget. Long enough to run over two PDF pages.
_yc_rows = ["项目名称 | < | 初中公用经费 | < | < | < | <",
            "项目资金（万元） | < | 年初预算数 | 调整预算数(A) | 全年执行数(B) | 执行率(B/A) | 分值 | 得分",
            "年度资金总额 | < | 64.8 | 64.8 | 64.8 | 100% | 10 | 9",
            "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施"]
_yc_rows[0] = "项目名称 | < | 初中公用经费 | < | < | < | < | <"
_yc_ind = [("产出指标", "数量指标", f"保障学生人数（{k}年级）", "≥400人", "410人", "3", "3") for k in ("七", "八", "九")]
_yc_ind += [("^", "^", f"保障班级数（{k}年级）", "10个", "10个", "2", "2") for k in ("七", "八", "九")]
_yc_ind += [("^", "成本指标", "办公费", "15万元", "15万元", "2", "2"), ("^", "^", "水电费", "35万元", "35万元", "2", "2"),
            ("^", "^", "维修费", "14.8万元", "14.8万元", "2", "2"),
            ("^", "时效指标", "资金支付及时率", "100%", "100%", "9", "8")]
_yc_ind += [("效益指标", "社会效益指标", f"教学秩序保障（{k}）", "有效保障", "部分达成", "5", "3") for k in ("一", "二", "三", "四", "五", "六")]
_yc_ind += [("^", "可持续影响指标", "校园设施运行", "持续稳定", "达成预期指标", "10", "8"),
            ("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%", "92%", "20", "20")]
_yc_rows += [" | ".join([*r, "—" if r[5] == r[6] else "个别设备维修延迟"]) for r in _yc_ind]
_yc_rows += ["总分 | < | < | < | < | 100 | 98 | "]
SAMPLES["t04-yinchuan-school-funds"] = dict(
    fmt="docx", pdf=True, title="银川市第六中学初中公用经费2021年度绩效自评报告",
    paras=report("初中公用经费预算64.8万元，用于学校日常运转。", "全年执行64.8万元，执行率100%。", "部分设备维修不够及时。") + [
        "学校各项工作有序开展。" * 3] * 25,
    rows=_yc_rows)

# d6 Qingshen (Sichuan form): 238.93 → 251.89 with no reason; every 完成值 and 得分 blank; prompts left in
SAMPLES["t05-qingshen-sichuan-blank"] = dict(
    fmt="docx", title="青神县发展和改革局工资性支出2023年度绩效自评表",
    paras=[],
    rows=["项目名称 | < | 工资性支出 | < | < | < | < | < | <",
          "项目资金（万元） | < | 年初预算数 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 偏差原因",
          "年度资金总额 | < | 238.93 | 251.89 | 251.89 | 100.00% | 10 |  | ",
          "一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分",
          "产出指标 | 数量指标 | 工资发放人数 | ≥ | 45 | 人 |  | 60 | ",
          "效益指标 | 社会效益指标 | 保障机关正常运转 | 定性 | 有效保障 |  |  | 30 | ",
          "总分 | < | < | < | < | < | < | 100 | ",
          "评价结论 | < | 请填写评价结论 | < | < | < | < | < | <",
          "存在问题 | < | 请简要说明存在的问题 | < | < | < | < | < | <"])

# d7 Daying 司法局 (Sichuan form, XLSX): one cost indicator ≤30万元 → 完成, weight 90; reason 无
SAMPLES["t06-daying-justice-sichuan"] = dict(
    fmt="xlsx", title="大英县司法局2023年度项目支出绩效自评表",
    rows=["项目名称 | < | 法律援助及人民调解经费 | < | < | < | < | < | <",
          "项目资金（万元） | < | 年初预算数 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因",
          "年度资金总额 | < | 30.00 | 30.00 | 30.00 | 100% | 10 | 10 | —",
          "一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分",
          "产出指标 | 成本指标 | 成本控制数 | ≤ | 30 | 万元 | 完成 | 90 | 90",
          "总分 | < | < | < | < | < | < | 100 | 100"])

# the national template, every figure consistent (PDF from the DOCX)
SAMPLES["t07-national-clean"] = dict(
    fmt="docx", pdf=True, title="2023年度农村公路养护项目绩效自评报告",
    paras=report("项目全年预算200万元，实际支出190万元，预算执行率95%。", "完成公路养护120公里，自评得分98.5分，评价等次为优。"),
    rows=national("农村公路养护项目", "某县交通运输局", [
        "年度资金总额 | < | 200.00 | 200.00 | 190.00 | 10 | 95.00% | 9.5",
        "其中：当年财政拨款 | < | 150.00 | 150.00 | 145.00 | — | — | —",
        "上年结转资金 | < | 50.00 | 50.00 | 45.00 | — | — | —",
        "其他资金 | < | 0.00 | 0.00 | 0.00 | — | — | —"], [
        "产出指标（50分） | 数量指标 | 养护公路里程 | ≥120公里 | 120公里 | 20 | 20 | ",
        "^ | 质量指标 | 路况优良率 | ≥85% | 88% | 20 | 20 | ",
        "^ | 成本指标 | 每公里养护成本 | ≤1.6万元 | 1.58万元 | 10 | 10 | ",
        "效益指标（30分） | 社会效益指标 | 群众出行条件 | 有效改善 | 达成预期指标 | 15 | 15 | ",
        "^ | 可持续影响指标 | 养护长效机制 | 建立健全 | 部分达成 | 15 | 10 | 机制文件尚在审议，明年上半年出台",
        "满意度指标（10分） | 服务对象满意度指标 | 沿线群众满意度 | ≥90% | 94% | 10 | 10 | "],
        "总分 | < | < | < | < | 100 | 94.5 | "))
SAMPLES["t07-national-clean"]["paras"] = report(
    "项目全年预算200万元，实际支出190万元，预算执行率95%。", "完成公路养护120公里，自评得分94.5分，评价等次为优。")

# the national template with planted errors
SAMPLES["t08-national-planted"] = dict(
    fmt="docx", title="2023年度社区养老服务补助项目绩效自评报告",
    paras=report("项目全年预算80万元，实际支出60万元，预算执行率75%。", "服务老人1200人次，自评得分100分，评价等次为优。"),
    rows=national("社区养老服务补助项目", "某区民政局", [
        "年度资金总额 | < | 80.00 | 80.00 | 60.00 | 10 | 75.00% | 10",
        "其中：当年财政拨款 | < | 80.00 | 80.00 | 60.00 | — | — | —"], [
        "产出指标 | 数量指标 | 服务老人人次 | ≥1500人次 | 1200人次 | 30 | 30 | ",
        "^ | 质量指标 | 服务合格率 | ≥95% | 96% | 20 | 20 | ",
        "效益指标 | 社会效益指标 | 老人生活质量 | 有效提升 | 部分达成 | 30 | 30 | 无",
        "满意度指标 | 服务对象满意度指标 | 老人满意度 | ≥90% | 已完成100% | 10 | 10 | "],
        "总分 | < | < | < | < | 100 | 100 | "))


def main() -> None:
    for base, s in SAMPLES.items():
        path = os.path.join(HERE, f"{base}.{s['fmt']}")
        if s["fmt"] == "docx":
            docx(path, s["title"], s.get("paras", []), s["rows"], s.get("unit_note"))
        else:
            xlsx(path, s["rows"], s["title"], s.get("unit_note"))
        print(path)


if __name__ == "__main__":
    sys.exit(main())
