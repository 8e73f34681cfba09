"""JX953 required-section-missing."""
from __future__ import annotations

import re

from rules.registry import rule


@rule("JX953", "required-section-missing", "missing-content", "warning",
      required={"存在问题": "问题|偏差原因|不足", "改进措施": "措施|建议|改进|下一步"})
def check(ctx):
    """自评报告缺少必备的部分（存在问题、改进措施）。

    检查什么：一份绩效自评/评价报告的标题或段首中，是否有讲"存在问题"和"改进措施
    （建议、下一步工作）"的部分。要求的部分可在配置中修改（required：名称 → 正则）。
    只检查看起来是报告的文件（有绩效自评/评价字样、至少三个标题）。

    为什么：自评报告应包括基本情况、绩效目标完成情况、偏差原因、存在问题、改进措施、结果应用
    （domain-rules a7）；没有"存在问题"的报告往往是把自评写成了工作总结。

    "存在问题：暂无。"这样只写占位词的部分同样报告（domain-rules e4：无/暂无 的套话）。

    错误示例：一、项目概况 二、资金使用 三、组织实施 四、绩效情况 五、评价结论 六、主要经验及做法。
    正确示例：……五、存在的问题及原因分析 六、下一步改进措施。

    选项：required（部分名称 → 匹配标题的正则）。
    """
    facts, doc = ctx.facts, ctx.doc
    # titles only: a paragraph that opens with "（五）提升服务水平。" contributes its first phrase
    if not facts.is_report or len(facts.sections) < 3:
        return
    titles = " ".join(s.title for s in facts.sections)
    required = ctx.opt("required")
    missing = [name for name, pat in required.items() if not re.search(pat, titles)]
    if missing:
        first = doc.blocks[0]
        yield ctx.finding(f"报告没有「{'」「'.join(missing)}」部分", [(first.start, first.end)],
                          data={"missing": missing})
    # present, but only a placeholder: "存在问题：暂无。" (domain-rules e4)
    for name, pat in required.items():
        for s in facts.sections:
            if s.body is None or s.level is None or not re.search(pat, s.title):
                continue
            body = doc.text[s.body[0]:s.body[1]]
            if BOILERPLATE.match(body):
                yield ctx.finding(f"「{name}」部分只写了「{body[:12]}」，没有实际内容", [s.body],
                                  data={"placeholder": name})


BOILERPLATE = re.compile(r"^[\s：:]*(?:无|暂无|没有|无明显问题|暂未发现|不存在)[。.；;]?(?:$|下一步)")
