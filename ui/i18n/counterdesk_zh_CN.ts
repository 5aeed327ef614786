<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AcceptedView</name>
    <message>
        <source>✓ Application accepted</source>
        <translation>✓ 申请已受理</translation>
    </message>
    <message>
        <source>The acceptance slip is printing: hand it to the customer.</source>
        <translation>受理回执正在打印，请交给客户。</translation>
    </message>
    <message>
        <source>Print A4 acceptance notice</source>
        <translation>打印A4受理通知</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Paused until the customer brings: %1. The deadlines wait too, and move later by the days it waits.</source>
        <translation>已暂停，待客户补交：%1。暂停期间时限停止计算，各环节日期相应顺延。</translation>
    </message>
    <message>
        <source>Due dates promised</source>
        <translation>承诺办结日期</translation>
    </message>
    <message>
        <source>Expected dates (area on hold)</source>
        <translation>预计日期（区域暂缓接入）</translation>
    </message>
    <message>
        <source>No dates yet: the hold has no end date. The receipt says 日期待定.</source>
        <translation>暂缓接入尚无结束日期，暂无法给出日期，回执注明“日期待定”。</translation>
    </message>
    <message>
        <source>Preparing the notice…</source>
        <translation>正在生成通知…</translation>
    </message>
</context>
<context>
    <name>ApplicationForm</name>
    <message>
        <source>Connection application</source>
        <translation>业扩/变更用电受理</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Accept application</source>
        <translation>受理申请</translation>
    </message>
    <message>
        <source>Documents received (* required)</source>
        <translation>已收资料（* 为必备）</translation>
    </message>
    <message>
        <source>Low voltage</source>
        <translation>低压</translation>
    </message>
    <message>
        <source>HV, single source</source>
        <translation>高压单电源</translation>
    </message>
    <message>
        <source>HV, dual source</source>
        <translation>高压双电源</translation>
    </message>
    <message>
        <source>e.g. QS-01</source>
        <translation>如 QS-01</translation>
    </message>
    <message>
        <source>Voltage</source>
        <translation>电压等级</translation>
    </message>
    <message>
        <source>kVA</source>
        <translation>容量kVA</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <source>Dept.</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Supply area</source>
        <translation>供电区域</translation>
    </message>
    <message>
        <source>Person Alt+P</source>
        <translation>个人 Alt+P</translation>
    </message>
    <message>
        <source>Organisation Alt+O</source>
        <translation>单位 Alt+O</translation>
    </message>
    <message>
        <source>Read ID card Alt+R</source>
        <translation>读取身份证 Alt+R</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>信用代码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>用电地址</translation>
    </message>
    <message>
        <source>No account open: a new customer.</source>
        <translation>未打开户号：新客户。</translation>
    </message>
    <message>
        <source>No ID card read yet: put the card on the reader, then press Alt+R.</source>
        <translation>尚未读取身份证：请将身份证放在阅读器上，再按 Alt+R。</translation>
    </message>
    <message>
        <source>From the ID card: %1 %2</source>
        <translation>已读身份证：%1 %2</translation>
    </message>
    <message>
        <source>The address kept is the premises&apos; address.</source>
        <translation>地址保留为用电地址。</translation>
    </message>
    <message>
        <source>Org. name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>%1 of 18 characters</source>
        <translation>已输入 %1/18 位</translation>
    </message>
    <message>
        <source>✓ The credit code checks out</source>
        <translation>✓ 信用代码校验通过</translation>
    </message>
    <message>
        <source>✓ The ID number checks out</source>
        <translation>✓ 身份证号校验通过</translation>
    </message>
    <message>
        <source>Supply now</source>
        <translation>现有电压</translation>
    </message>
    <message>
        <source>kVA after</source>
        <translation>变更后kVA</translation>
    </message>
    <message>
        <source>An area code is letters, digits, - or _.</source>
        <translation>区域代码只能由字母、数字、- 或 _ 组成。</translation>
    </message>
    <message>
        <source>No clerk is signed in: sign in, then accept.</source>
        <translation>未登录柜员：请先登录再受理。</translation>
    </message>
    <message>
        <source>New connections in this area are on hold: tell the customer the expected date, then tick that they still apply.</source>
        <translation>该区域暂缓新装接入：请告知客户预计日期，客户仍要申请的，勾选确认后再受理。</translation>
    </message>
    <message>
        <source>Accepting…</source>
        <translation>正在受理…</translation>
    </message>
    <message>
        <source>Acceptance notice %1</source>
        <translation>受理通知 %1</translation>
    </message>
    <message>
        <source>Application %1 accepted, paused for missing documents</source>
        <translation>申请 %1 已受理，暂停待补件</translation>
    </message>
    <message>
        <source>Application %1 accepted</source>
        <translation>申请 %1 已受理</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Manager approval</source>
        <translation>主管授权</translation>
    </message>
    <message>
        <source>To approve</source>
        <translation>授权事项</translation>
    </message>
    <message>
        <source>Asked by clerk %1 %2</source>
        <translation>申请人：收费员 %1 %2</translation>
    </message>
    <message>
        <source>Manager&apos;s number</source>
        <translation>主管工号</translation>
    </message>
    <message>
        <source>Manager number</source>
        <translation>主管工号</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>授权</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The manager types their own number and password; the clerk stays signed in.</source>
        <translation>请主管输入本人工号和密码；收费员无需退出登录。</translation>
    </message>
    <message>
        <source>Type the manager&apos;s number.</source>
        <translation>请输入主管工号。</translation>
    </message>
    <message>
        <source>The manager types their password.</source>
        <translation>请主管输入密码。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
</context>
<context>
    <name>BackBillingDialog</name>
    <message>
        <source>Test finding and back-billing</source>
        <translation>检定结论与电量退补</translation>
    </message>
    <message>
        <source>Nothing wrong</source>
        <translation>未见异常</translation>
    </message>
    <message>
        <source>Meter error</source>
        <translation>误差超差</translation>
    </message>
    <message>
        <source>Wrong wiring</source>
        <translation>接线错误</translation>
    </message>
    <message>
        <source>Wrong multiplier</source>
        <translation>倍率不符</translation>
    </message>
    <message>
        <source>The old meter measured within tolerance: the order closes with nothing to correct, and the finding is kept with it.</source>
        <translation>旧表计量准确：本工单无需退补，检定结论随工单存档后办结。</translation>
    </message>
    <message>
        <source>Submit for approval</source>
        <translation>提交审批</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>What the test of the old meter found</source>
        <translation>旧表检定（检查）结论</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>billed at</source>
        <translation>计费按</translation>
    </message>
    <message>
        <source>Measured error</source>
        <translation>实测误差</translation>
    </message>
    <message>
        <source>Power correct ÷ wrong</source>
        <translation>功率 正确 ÷ 错误</translation>
    </message>
    <message>
        <source>Correct multiplier</source>
        <translation>正确倍率</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>退补期间</translation>
    </message>
    <message>
        <source>Recorded energy (kWh)</source>
        <translation>抄见电量（kWh）</translation>
    </message>
    <message>
        <source>Price (yuan per kWh)</source>
        <translation>电价（元/kWh）</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>退补结果</translation>
    </message>
    <message>
        <source>%1 · %2 %3 · changed on %4 · old meter %5 ×%6 · %7</source>
        <translation>%1 · %2 %3 · %4 换表 · 旧表 %5 ×%6 · %7</translation>
    </message>
    <message>
        <source>recorded by the old meter</source>
        <translation>旧表记录</translation>
    </message>
    <message>
        <source>the tariff&apos;s price</source>
        <translation>本户电价</translation>
    </message>
    <message>
        <source>as the utility set it</source>
        <translation>按公司核定电价填写</translation>
    </message>
    <message>
        <source>Order %1 is %2: there is no test finding to record now.</source>
        <translation>工单 %1 当前为“%2”：暂无检定结论可录入。</translation>
    </message>
    <message>
        <source>Ask a manager to approve</source>
        <translation>请值班长审批</translation>
    </message>
    <message>
        <source>Close the order</source>
        <translation>办结工单</translation>
    </message>
    <message>
        <source>Close the order: nothing to correct</source>
        <translation>办结工单：无需退补</translation>
    </message>
    <message>
        <source>Type the recorded energy in whole kWh.</source>
        <translation>请填写抄见电量（整数 kWh）。</translation>
    </message>
    <message>
        <source>Type the measured error in percent, such as +4.00 (+ ran fast).</source>
        <translation>请填写实测误差百分数，如 +4.00（正数表示表计走快）。</translation>
    </message>
    <message>
        <source>Type both powers of the wiring analysis, such as 1.732 and 1.</source>
        <translation>请填写接线分析的正确与错误功率，如 1.732 和 1。</translation>
    </message>
    <message>
        <source>Type the price per kWh, such as 0.4883.</source>
        <translation>请填写每千瓦时电价，如 0.4883。</translation>
    </message>
    <message>
        <source>To collect %1</source>
        <translation>补收 %1</translation>
    </message>
    <message>
        <source>To refund %1</source>
        <translation>退还 %1</translation>
    </message>
    <message>
        <source>Nothing to correct</source>
        <translation>无需退补</translation>
    </message>
    <message>
        <source>%1 kWh</source>
        <translation>%1 kWh</translation>
    </message>
    <message>
        <source>Nobody is signed in at this counter: sign in, then try again.</source>
        <translation>本窗口无人登录：请先登录，再重试。</translation>
    </message>
    <message>
        <source>Back-billing of meter change %1</source>
        <translation>换表工单 %1 的电量退补</translation>
    </message>
    <message>
        <source>Not approved yet: the computation is saved with the order and waits for a manager.</source>
        <translation>尚未审批：计算结果已随工单保存，等待值班长审批。</translation>
    </message>
    <message>
        <source>Back-billing notice %1</source>
        <translation>退补电量通知单 %1</translation>
    </message>
</context>
<context>
    <name>BillsModel</name>
    <message>
        <source>Period</source>
        <translation>账期</translation>
    </message>
    <message>
        <source>Usage (%1)</source>
        <translation>用量（%1）</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已缴</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>未缴</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>违约金</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>缴费期限</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>逾期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Not yet due</source>
        <translation>未到期</translation>
    </message>
    <message>
        <source>Paid in full</source>
        <translation>已缴清</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <source>Order no.</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Overdue / held</source>
        <translation>超时 / 压单</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Last supervision note</source>
        <translation>最近督办意见</translation>
    </message>
    <message>
        <source>Not assigned</source>
        <translation>未指派</translation>
    </message>
    <message>
        <source>Overdue today</source>
        <translation>今日超时</translation>
    </message>
    <message numerus="yes">
        <source>Overdue %n working day(s)</source>
        <translation>
            <numerusform>超时 %n 个工作日</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Held %n day(s)</source>
        <translation>
            <numerusform>压单 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>No department</source>
        <translation>未定部门</translation>
    </message>
    <message>
        <source>Overdue %1 · Held %2 · %3 open</source>
        <translation>超时 %1 · 压单 %2 · 共 %3 件</translation>
    </message>
    <message>
        <source>provisional</source>
        <translation>暂定</translation>
    </message>
</context>
<context>
    <name>CaseForm</name>
    <message>
        <source>Cancel</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Complaint, report or inquiry</source>
        <translation>投诉、举报、咨询登记</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>匿名</translation>
    </message>
    <message>
        <source>Mobile or landline with area code</source>
        <translation>手机号，或带区号的固定电话</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>诉求类别</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>What the customer says</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <source>Customer declines a call-back</source>
        <translation>客户不需要回访</translation>
    </message>
    <message>
        <source>A complaint is always called back.</source>
        <translation>投诉必须回访。</translation>
    </message>
    <message>
        <source>The answer given to the customer</source>
        <translation>当场答复客户的内容</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>转办部门</translation>
    </message>
    <message>
        <source>It will be due</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>* Provisional: next year&apos;s public holidays are not published yet.</source>
        <translation>* 暂定：明年的法定节假日尚未公布。</translation>
    </message>
    <message>
        <source>✓ Case registered</source>
        <translation>✓ 工单已登记</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>投诉咨询</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>First owner</source>
        <translation>首问负责人</translation>
    </message>
    <message>
        <source>Transferred to</source>
        <translation>承办部门</translation>
    </message>
    <message>
        <source>You are the first owner (首问负责): the case stays yours through every transfer until the customer is called back.</source>
        <translation>您是本工单的首问负责人：转办不转责，由您跟踪到回访结束。</translation>
    </message>
    <message>
        <source>Print A4 case form</source>
        <translation>打印A4工单</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Service attitude</source>
        <translation>服务态度</translation>
    </message>
    <message>
        <source>Supply quality</source>
        <translation>供电质量</translation>
    </message>
    <message>
        <source>Outage</source>
        <translation>停电</translation>
    </message>
    <message>
        <source>Electrical safety</source>
        <translation>用电安全</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>业扩报装</translation>
    </message>
    <message>
        <source>Metering</source>
        <translation>计量</translation>
    </message>
    <message>
        <source>Bills and fees</source>
        <translation>电费</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>柜台</translation>
    </message>
    <message>
        <source>95598 hotline transfer</source>
        <translation>95598转办</translation>
    </message>
    <message>
        <source>No account open: a prospective customer.</source>
        <translation>未打开户号：尚未立户的客户。</translation>
    </message>
    <message>
        <source>Not wanted</source>
        <translation>客户不需要</translation>
    </message>
    <message>
        <source>After the reply</source>
        <translation>答复后</translation>
    </message>
    <message numerus="yes">
        <source>within %n working day(s)</source>
        <translation>
            <numerusform>%n个工作日内</numerusform>
        </translation>
    </message>
    <message>
        <source>Now, on the spot</source>
        <translation>当场答复</translation>
    </message>
    <message>
        <source>by %1</source>
        <translation>%1前</translation>
    </message>
    <message>
        <source>Choose what the case is about (its category).</source>
        <translation>请选择诉求类别。</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>正在登记…</translation>
    </message>
    <message>
        <source>No. %1</source>
        <translation>工号 %1</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Done %1</source>
        <translation>已完成 %1</translation>
    </message>
    <message>
        <source>Preparing the case form…</source>
        <translation>正在生成工单…</translation>
    </message>
    <message>
        <source>Case form %1</source>
        <translation>投诉举报处理工单 %1</translation>
    </message>
    <message>
        <source>Case %1 registered.</source>
        <translation>工单 %1 已登记。</translation>
    </message>
</context>
<context>
    <name>ClerksPage</name>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>营业员</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>出勤天数</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Standard min</source>
        <translation>标准工时(分)</translation>
    </message>
    <message>
        <source>Avg service</source>
        <translation>平均办理</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>评价数</translation>
    </message>
    <message>
        <source>Avg rating</source>
        <translation>平均评分</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意率</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>综合得分</translation>
    </message>
    <message>
        <source>Stars</source>
        <translation>星级</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>The day</source>
        <translation>当日</translation>
    </message>
    <message>
        <source>Not rated this month</source>
        <translation>本月未评定</translation>
    </message>
    <message>
        <source>Score = %1 points for the workload (against the month&apos;s best) + %2 points for the ratings; fewer than %3 ratings: not rated. Stars at %4.</source>
        <translation>综合得分 = 业务量 %1 分（与本月最高者相比）+ 满意度 %2 分；评价少于 %3 条不评星。2～5 星分数线：%4。</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>Close shift</source>
        <translation>轧账</translation>
    </message>
    <message>
        <source>Reading the shift…</source>
        <translation>正在读取班次…</translation>
    </message>
    <message>
        <source>Count the drawer, float included, and copy the totals from the card terminal&apos;s and the QR platform&apos;s settlement. The expected amounts are shown only after you confirm.</source>
        <translation>请清点钱箱（含备用金），并照刷卡终端和扫码平台的结算单填写各项合计。确认之后才会显示系统应收金额。</translation>
    </message>
    <message>
        <source>e.g. change given wrongly to a customer</source>
        <translation>例如：给客户找零找错</translation>
    </message>
    <message>
        <source>Reason for the difference</source>
        <translation>差异原因</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Z 报表</translation>
    </message>
    <message>
        <source>Closing…</source>
        <translation>正在轧账…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Ask a manager to approve</source>
        <translation>请主管授权</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>No shift of yours is open on this terminal.</source>
        <translation>本机没有您开着的班次。</translation>
    </message>
    <message>
        <source>There is nothing to close. Press Esc to go back.</source>
        <translation>无需轧账。按 Esc 返回。</translation>
    </message>
    <message>
        <source>Shift %1 · clerk %2 · opened %3</source>
        <translation>班次 %1 · 收费员 %2 · 开班 %3</translation>
    </message>
    <message>
        <source>the whole drawer, float included</source>
        <translation>钱箱全部现金，含备用金</translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s)</source>
        <translation>
            <numerusform>%n 笔</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the counted amount for %1 (0 if there is none).</source>
        <translation>请输入%1的清点金额（没有请填 0）。</translation>
    </message>
    <message>
        <source>Your count against the shift</source>
        <translation>清点结果与系统应收对比</translation>
    </message>
    <message>
        <source>Give the reason for the difference; it is printed on the Z report.</source>
        <translation>请填写差异原因；原因会打印在 Z 报表上。</translation>
    </message>
    <message>
        <source>Close shift %1 of clerk %2 with a difference:</source>
        <translation>收费员 %2 的班次 %1 轧账有差异：</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Not closed: this difference needs a manager&apos;s approval.</source>
        <translation>未轧账：此差异需要主管授权。</translation>
    </message>
    <message>
        <source>Shift %1 is closed. The Z report is printing on the receipt printer.</source>
        <translation>班次 %1 已轧账，Z 报表正在收据打印机上打印。</translation>
    </message>
</context>
<context>
    <name>ConfigProblems</name>
    <message>
        <source>CounterDesk did not start</source>
        <translation>CounterDesk 未能启动</translation>
    </message>
    <message numerus="yes">
        <source>The configuration file of this terminal has %n problem(s), so CounterDesk did not start. No payment or record was changed. Please call IT support.</source>
        <translation>
            <numerusform>本终端的配置文件有 %n 处问题，CounterDesk 未能启动。未更改任何缴费或记录。请联系 IT 支持人员。</numerusform>
        </translation>
    </message>
    <message>
        <source>For IT: fix the file, then check it with `counterdesk config check`.</source>
        <translation>IT 人员：请修改配置文件，然后用 `counterdesk config check` 检查。</translation>
    </message>
</context>
<context>
    <name>ConflictInbox</name>
    <message>
        <source>Conflict inbox</source>
        <translation>冲突处理</translation>
    </message>
    <message>
        <source>Operations HQ could not book as this hall saw them. Retry books one again once HQ&apos;s records are right; dismiss drops it. Both need a manager here.</source>
        <translation>总部无法按本厅所见入账的业务。总部档案改正后可“重试”重新入账；“驳回”则不再入账。两者都需值班长现场授权。</translation>
    </message>
    <message>
        <source>Reading the inbox from HQ…</source>
        <translation>正在从总部读取冲突…</translation>
    </message>
    <message>
        <source>Note for the decision (optional)</source>
        <translation>处理说明（可不填）</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>驳回</translation>
    </message>
    <message numerus="yes">
        <source>Conflict inbox (%n open)</source>
        <translation>
            <numerusform>冲突处理（%n 条待处理）</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing waits for a decision.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <source>The inbox cannot be read while HQ is out of reach; it is read again when the link is back. (%1)</source>
        <translation>总部无法连接，暂时读不到冲突；联网后自动重读。（%1）</translation>
    </message>
    <message>
        <source>Terminal %1, operation no. %2, received by HQ at %3: %4</source>
        <translation>终端 %1 第 %2 笔业务，总部于 %3 收到：%4</translation>
    </message>
    <message>
        <source>Choose a conflict first.</source>
        <translation>请先选择一条冲突。</translation>
    </message>
    <message>
        <source>Sign in first (Ctrl+L): a manager approves for the clerk here.</source>
        <translation>请先登录（Ctrl+L）：值班长为在岗收费员现场授权。</translation>
    </message>
    <message>
        <source>Retry at HQ: %1</source>
        <translation>在总部重试：%1</translation>
    </message>
    <message>
        <source>Dismiss: %1</source>
        <translation>驳回：%1</translation>
    </message>
    <message>
        <source>HQ tried it again and refused it again: %1</source>
        <translation>总部重试后仍拒收：%1</translation>
    </message>
    <message>
        <source>HQ booked the operation again.</source>
        <translation>总部已重新入账。</translation>
    </message>
    <message>
        <source>Dismissed: HQ will not book this operation.</source>
        <translation>已驳回：总部不再为此笔业务入账。</translation>
    </message>
    <message>
        <source>HQ did not take the decision: %1</source>
        <translation>总部未接受此处理：%1</translation>
    </message>
    <message>
        <source>The decision did not reach HQ; nothing changed there. Ask the manager again when the link is back. (%1)</source>
        <translation>处理决定未送达总部，总部未作任何更改。联网后请值班长重新授权。（%1）</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在提交…</translation>
    </message>
</context>
<context>
    <name>ConflictModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Receipt / order</source>
        <translation>票据 / 工单号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>HQ&apos;s message</source>
        <translation>总部说明</translation>
    </message>
    <message>
        <source>Received by HQ at %1</source>
        <translation>总部于 %1 收到</translation>
    </message>
</context>
<context>
    <name>CounterDevices</name>
    <message>
        <source>Devices: starting…</source>
        <translation>设备：正在启动…</translation>
    </message>
    <message>
        <source>Card %1: account opened.</source>
        <translation>卡号 %1：已打开户号。</translation>
    </message>
    <message>
        <source>Card %1 names no account here. Search by name or address instead.</source>
        <translation>卡号 %1 在本地找不到户号，请改用户名或地址查询。</translation>
    </message>
    <message>
        <source>Card %1 fits several accounts; choose one.</source>
        <translation>卡号 %1 对应多个户号，请选择一个。</translation>
    </message>
    <message>
        <source>ID card %1: account opened.</source>
        <translation>身份证 %1：已打开户号。</translation>
    </message>
    <message>
        <source>ID card %1 holds %2 accounts; choose one.</source>
        <translation>身份证 %1 名下有 %2 个户号，请选择一个。</translation>
    </message>
    <message>
        <source>ID card %1 holds no account here. Their details are kept for a new application.</source>
        <translation>身份证 %1 名下在本地没有户号。证件信息已保留，可用于新装申请。</translation>
    </message>
    <message>
        <source>The card could not be looked up. Search by hand, or call IT.</source>
        <translation>无法查询此卡，请手工查询或联系IT。</translation>
    </message>
</context>
<context>
    <name>CounterDialog</name>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>支票</translation>
    </message>
    <message>
        <source>Prepaid credit</source>
        <translation>预收款</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>相符</translation>
    </message>
    <message>
        <source>Over %1</source>
        <translation>长款 %1</translation>
    </message>
    <message>
        <source>Short %1</source>
        <translation>短款 %1</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>“%1” is not an amount: use digits and one decimal point.</source>
        <translation>“%1”不是金额：请用数字和一个小数点。</translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <source>“%1” has more than two decimals: amounts go to the fen.</source>
        <translation>“%1”超过两位小数：金额只精确到分。</translation>
    </message>
    <message>
        <source>“%1” has misplaced thousands separators (write 1,234.50).</source>
        <translation>“%1”的千位分隔符位置不对（应写作 1,234.50）。</translation>
    </message>
    <message>
        <source>The amount is over the maximum of %2.</source>
        <translation>金额超过上限 %2。</translation>
    </message>
</context>
<context>
    <name>CounterError</name>
    <message>
        <source>A CT or PT ratio is a whole number from 1 to 100000, not {ratio}.</source>
        <translation>互感器变比为 1 至 100000 的整数，不能是 {ratio}。</translation>
    </message>
    <message>
        <source>A bill changed while the payment was being taken; try again.</source>
        <translation>收费过程中账单发生了变化，请重试。</translation>
    </message>
    <message>
        <source>A bill of this payment no longer matches; ask the back office.</source>
        <translation>这笔缴费对应的账单已对不上，请联系后台处理。</translation>
    </message>
    <message>
        <source>A card or QR payment needs its reference number (4 to 64 letters or digits) from the card slip or the customer&apos;s phone.</source>
        <translation>刷卡或扫码支付需要填写交易参考号（4 到 64 位字母或数字），见签购单或客户手机上的支付记录。</translation>
    </message>
    <message>
        <source>A clerk needs a name of at most 40 characters.</source>
        <translation>收费员须填写姓名，且不超过 40 个字。</translation>
    </message>
    <message>
        <source>A clerk number is 2 to 8 digits (printed on receipts), not “{number}”.</source>
        <translation>工号应为 2 到 8 位数字（会打印在收据上），“{number}”不符合。</translation>
    </message>
    <message>
        <source>A closed account cannot order a paid service.</source>
        <translation>已销户的账户不能办理有偿服务。</translation>
    </message>
    <message>
        <source>A closed account has no meter to change.</source>
        <translation>已销户的户没有可更换的表计。</translation>
    </message>
    <message>
        <source>A complaint is always called back (回访); it cannot be registered without one.</source>
        <translation>投诉工单必须回访，不能登记为无需回访。</translation>
    </message>
    <message>
        <source>A float of {amount} is more than a drawer holds.</source>
        <translation>备用金 {amount} 超出了钱箱应有的金额，请核对。</translation>
    </message>
    <message>
        <source>A meter number is 4 to 32 letters, digits or dashes, as on the nameplate.</source>
        <translation>表号为 4 至 32 位字母、数字或短横线，请按铭牌填写。</translation>
    </message>
    <message>
        <source>A multiplier is at least 1 (correct {correct}, wrong {wrong}).</source>
        <translation>倍率至少为 1（正确倍率 {correct}，错误倍率 {wrong}）。</translation>
    </message>
    <message>
        <source>A password needs at least {n} characters.</source>
        <translation>密码至少需要 {n} 位。</translation>
    </message>
    <message>
        <source>A phone number is a mobile (11 digits starting 13 to 19) or a landline with its area code (010-62345678).</source>
        <translation>联系电话须为手机号（11位，以13至19开头）或带区号的固定电话（如010-62345678）。</translation>
    </message>
    <message>
        <source>A rating is 2 to 5 stars, not {score}.</source>
        <translation>评价为 2 到 5 分，不能是 {score}。</translation>
    </message>
    <message>
        <source>A register has 4 to 10 whole digits, not {digits}.</source>
        <translation>计度器整数位为 4 至 10 位，不能是 {digits}。</translation>
    </message>
    <message>
        <source>A residential connection is applied for by a person with an ID number; an organisation applies for a non-residential one.</source>
        <translation>居民新装须由个人凭身份证号码申请；单位请申请非居民用电。</translation>
    </message>
    <message>
        <source>A taxpayer id (纳税人识别号) is 15 to 20 capital letters or digits.</source>
        <translation>纳税人识别号应为 15 到 20 位大写字母或数字。</translation>
    </message>
    <message>
        <source>A unified social credit code is 18 digits and capitals without I, O, S, V or Z ({count} characters typed).</source>
        <translation>统一社会信用代码由18位数字和大写字母组成，不含I、O、S、V、Z（已输入{count}位）。</translation>
    </message>
    <message>
        <source>Account {account} has no meter installed, so there is none to change.</source>
        <translation>户号 {account} 没有在装表计，无表可换。</translation>
    </message>
    <message>
        <source>Account {account} was closed on {day}; it takes no payments.</source>
        <translation>户号 {account} 已于 {day} 销户，不能再缴费。</translation>
    </message>
    <message>
        <source>An ID number is 17 digits and a last digit or X ({count} characters typed).</source>
        <translation>身份证号码由17位数字加最后一位数字或X组成（已输入{count}位）。</translation>
    </message>
    <message>
        <source>An approval must come from someone else, not yourself.</source>
        <translation>授权必须由另一个人进行，不能给自己授权。</translation>
    </message>
    <message>
        <source>An invoice needs a title (the person&apos;s or company&apos;s name).</source>
        <translation>开票需要填写发票抬头（个人姓名或单位名称）。</translation>
    </message>
    <message>
        <source>Both powers of a wiring factor must be more than zero (correct {correct}, wrong {wrong}).</source>
        <translation>更正系数的正确功率与错误功率都必须大于零（正确 {correct}，错误 {wrong}）。</translation>
    </message>
    <message>
        <source>Category {category} is not issuing tickets now; please ask at the desk.</source>
        <translation>{category} 类业务暂停取号，请到咨询台询问。</translation>
    </message>
    <message>
        <source>Choose how the customer pays: cash, bank card or QR.</source>
        <translation>请选择支付方式：现金、银行卡或扫码。</translation>
    </message>
    <message>
        <source>Choose the supply area of the premises.</source>
        <translation>请选择用电地址所在的供电区域。</translation>
    </message>
    <message>
        <source>Clerk number {number} is taken; choose another.</source>
        <translation>工号 {number} 已被占用，请换一个。</translation>
    </message>
    <message>
        <source>Counted amounts must be ¥0.00 or more.</source>
        <translation>清点金额不能小于 ¥0.00。</translation>
    </message>
    <message>
        <source>Each tender can appear once; add the amounts together.</source>
        <translation>每种支付方式只能出现一次，请把金额合并。</translation>
    </message>
    <message>
        <source>Enter the counted cash, even when it is ¥0.00.</source>
        <translation>请输入清点的现金金额，即使是 ¥0.00 也要填写。</translation>
    </message>
    <message>
        <source>Every amount must be more than ¥0.00.</source>
        <translation>每项金额都必须大于 ¥0.00。</translation>
    </message>
    <message>
        <source>Finish ticket {ticket} first (F5), then call the next.</source>
        <translation>请先完成 {ticket} 号（F5），再叫下一位。</translation>
    </message>
    <message>
        <source>Give an ID number for a person or a credit code for an organisation, not both.</source>
        <translation>个人填写身份证号码，单位填写统一社会信用代码，二者只填其一。</translation>
    </message>
    <message>
        <source>Give the address of the premises (at most {limit} characters).</source>
        <translation>请填写用电地址（不超过{limit}个字）。</translation>
    </message>
    <message>
        <source>Give the applicant&apos;s ID number, or for an organisation its credit code.</source>
        <translation>请填写申请人的身份证号码；单位请填写统一社会信用代码。</translation>
    </message>
    <message>
        <source>Give the applicant&apos;s name (at most {limit} characters).</source>
        <translation>请填写申请人名称（不超过{limit}个字）。</translation>
    </message>
    <message>
        <source>Give the capacity applied for, in whole kVA.</source>
        <translation>请填写申请容量（千伏安，整数）。</translation>
    </message>
    <message>
        <source>Give the reason for the reversal; it is printed and audited.</source>
        <translation>请填写冲正原因；原因会打印在凭证上并记入审计日志。</translation>
    </message>
    <message>
        <source>Invoice periods are months such as 202611.</source>
        <translation>开票期间应为月份，例如 202611。</translation>
    </message>
    <message>
        <source>Keep the content to {maximum} characters; it has {length}.</source>
        <translation>内容请控制在 {maximum} 个字以内，当前为 {length} 个字。</translation>
    </message>
    <message>
        <source>Keep the reason under 200 characters.</source>
        <translation>原因请控制在 200 字以内。</translation>
    </message>
    <message>
        <source>Meter change {order} of this account is not done yet; continue that order.</source>
        <translation>本户的换表工单 {order} 尚未完成，请继续办理该工单。</translation>
    </message>
    <message>
        <source>Meter {meter} has no register {register}; check the register names.</source>
        <translation>表 {meter} 没有计度器 {register}，请核对计度器名称。</translation>
    </message>
    <message>
        <source>Meter {meter} is installed on account {account}; it cannot be installed here too.</source>
        <translation>表计 {meter} 已装在户号 {account}，不能再装到本户。</translation>
    </message>
    <message>
        <source>Meter {meter} is on record with CT {ct} × PT {pt}; check the ratios on its nameplate.</source>
        <translation>表计 {meter} 档案中的变比为 CT {ct} × PT {pt}，请核对铭牌上的变比。</translation>
    </message>
    <message>
        <source>Meter {meter} measures another utility than this account&apos;s.</source>
        <translation>表计 {meter} 与本户的用能类别不同。</translation>
    </message>
    <message>
        <source>Meter {meter} was removed by another change already.</source>
        <translation>表计 {meter} 已被另一次换表拆除。</translation>
    </message>
    <message>
        <source>More than {amount} cannot be handed over.</source>
        <translation>收取的现金不能超过 {amount}。</translation>
    </message>
    <message>
        <source>New connections in area {area} are on hold ({reason}). Tell the customer: the expected completion is {expected}. Accept only if the customer still wants to apply.</source>
        <translation>供电区域 {area} 暂停受理新装（{reason}）。请告知客户：预计完成时间为 {expected}。客户仍坚持申请时方可受理。</translation>
    </message>
    <message>
        <source>No shift is open: open your shift (F12) with the float first.</source>
        <translation>尚未开班：请先按 F12 登记备用金开班。</translation>
    </message>
    <message>
        <source>No shift of yours is open on this terminal.</source>
        <translation>本机没有您开着的班次。</translation>
    </message>
    <message>
        <source>No shift of yours is open, so there is nothing to read.</source>
        <translation>您没有开着的班次，无法打印 X 报表。</translation>
    </message>
    <message>
        <source>Nobody is waiting for window {window}.</source>
        <translation>{window} 号窗口暂无客户等候。</translation>
    </message>
    <message>
        <source>Order {order} changed a meter for a fault or a test: record what the test of the old meter found before closing it.</source>
        <translation>工单 {order} 因故障或检定换表：请先录入旧表的检定结论，再办结工单。</translation>
    </message>
    <message>
        <source>Order {order} found a metering error on the old installation: compute the back-billing (电量退补) and have it approved before closing.</source>
        <translation>工单 {order} 查明原计量装置存在差错：请先计算退补电量并经审批，再办结工单。</translation>
    </message>
    <message>
        <source>Order {order} has no approved back-billing to print.</source>
        <translation>工单 {order} 没有已审批的电量退补可打印。</translation>
    </message>
    <message>
        <source>Order {order} has no back-billing computed to approve.</source>
        <translation>工单 {order} 没有待审批的退补计算。</translation>
    </message>
    <message>
        <source>Order {order} has no meter changed yet, so there is no notice to print.</source>
        <translation>工单 {order} 尚未换表，没有可打印的通知单。</translation>
    </message>
    <message>
        <source>Order {order} has no meter changed yet, so there is nothing to back-bill.</source>
        <translation>工单 {order} 尚未换表，无可退补。</translation>
    </message>
    <message>
        <source>Order {order} has no metering error on record, so there is nothing to back-bill.</source>
        <translation>工单 {order} 没有记录计量差错，无需退补。</translation>
    </message>
    <message>
        <source>Order {order} is at “{state}”; “{action}” is not possible there.</source>
        <translation>工单 {order} 当前为“{state}”，不能执行“{action}”。</translation>
    </message>
    <message>
        <source>Order {order} is executed in the meter change form, with the readings typed twice.</source>
        <translation>工单 {order} 须在换表界面办理，示数录入两遍。</translation>
    </message>
    <message>
        <source>Order {order} is not a meter change.</source>
        <translation>工单 {order} 不是换表工单。</translation>
    </message>
    <message>
        <source>Order {order} was changed by someone else since it was opened; it has been read again. Check it and try once more.</source>
        <translation>工单 {order} 在您打开后已被他人修改，现已重新读取。请核对后再操作一次。</translation>
    </message>
    <message>
        <source>Paid service {order} is already under way ({state}); finish or close it before its fee payment can be reversed.</source>
        <translation>有偿服务 {order} 已在办理中（{state}），须先办结该工单，才能冲正其费用。</translation>
    </message>
    <message>
        <source>Recall {ticket} {needed} times before marking a no-show (recalled {done} so far).</source>
        <translation>过号前请先重呼 {ticket} 号 {needed} 次（已重呼 {done} 次）。</translation>
    </message>
    <message>
        <source>Receipt {receipt} has been reversed already.</source>
        <translation>收据 {receipt} 已经冲正过了。</translation>
    </message>
    <message>
        <source>Receipt {receipt} is from another shift: only a payment of your open shift can be reversed at the counter. Later corrections go through the back office.</source>
        <translation>收据 {receipt} 属于其他班次：柜台只能冲正您当前班次的缴费，之后的更正请交后台处理。</translation>
    </message>
    <message>
        <source>Register {register} advanced {units} units since {last_day} ({last} → {final}), more than the plausible {limit}; confirm the reading.</source>
        <translation>计度器 {register} 自 {last_day} 起走了 {units} 个单位（{last} → {final}），超过合理上限 {limit}，请确认示数。</translation>
    </message>
    <message>
        <source>Register {register} of the new meter {meter} has no initial reading.</source>
        <translation>新表 {meter} 的计度器 {register} 没有起码。</translation>
    </message>
    <message>
        <source>Register {register} of the old meter {meter} has no final reading.</source>
        <translation>旧表 {meter} 的计度器 {register} 没有止码。</translation>
    </message>
    <message>
        <source>Register {register} was entered only once; enter every reading twice.</source>
        <translation>计度器 {register} 只录入了一次，每个示数都须录入两次。</translation>
    </message>
    <message>
        <source>Register {register} went past its end ({last} on {last_day}, now {final}: {units} units); confirm that it rolled over.</source>
        <translation>计度器 {register} 已走满翻转（{last_day} 为 {last}，现为 {final}，计 {units} 个单位），请确认。</translation>
    </message>
    <message>
        <source>Required documents are missing: {documents}. Accept the application when they are brought, or pause it waiting on the customer.</source>
        <translation>缺少必备资料：{documents}。请待客户补齐后受理，或暂停申请等待客户补件。</translation>
    </message>
    <message>
        <source>Shift {shift} ({day}, clerk {clerk}) is still open on this terminal: close it first (日清日结).</source>
        <translation>本机上的班次 {shift}（{day}，收费员 {clerk}）还没有轧账：请先轧账（日清日结）。</translation>
    </message>
    <message>
        <source>Shift {shift} of clerk {clerk} is open on this terminal; it must be closed before you open yours.</source>
        <translation>本机上收费员 {clerk} 的班次 {shift} 还没有轧账；须先轧账，您才能开班。</translation>
    </message>
    <message>
        <source>Sign-in {number} is disabled; ask the hall&apos;s IT admin.</source>
        <translation>工号 {number} 已停用，请联系营业厅的系统管理员。</translation>
    </message>
    <message>
        <source>Sign-in {number} is locked after {failures} wrong passwords until {until}; IT can reset the password.</source>
        <translation>工号 {number} 因密码连续输错 {failures} 次已锁定，{until} 后解锁；也可请系统管理员重置密码。</translation>
    </message>
    <message>
        <source>Take the customer&apos;s phone number: the case will be called back (回访).</source>
        <translation>请登记客户联系电话：本工单需要回访。</translation>
    </message>
    <message>
        <source>The ID number&apos;s last character does not match: a digit is mistyped.</source>
        <translation>身份证号码校验位不符，有数字输错。</translation>
    </message>
    <message>
        <source>The account changed at HQ (version {expected} → {current}) after this meter change was made.</source>
        <translation>本次换表之后，该户档案已在总部变更（版本 {expected} → {current}）。</translation>
    </message>
    <message>
        <source>The account&apos;s meter changed since order {order} was requested ({meter} is installed now); cancel it and request a new change.</source>
        <translation>工单 {order} 受理后该户表计已变更（现装 {meter}），请撤销该工单并重新受理换表。</translation>
    </message>
    <message>
        <source>The account&apos;s meter is no longer the one this change removes; another change was applied first.</source>
        <translation>该户当前的电能表已不是本次换表拆除的表，另一换表记录已先生效。</translation>
    </message>
    <message>
        <source>The amount due changed from {before} to {now} since the account was opened. Check it with the customer and confirm again.</source>
        <translation>打开该户后，应缴金额已从 {before} 变为 {now}。请与客户核对后再确认。</translation>
    </message>
    <message>
        <source>The approval is more than 5 minutes old; ask again.</source>
        <translation>授权已超过 5 分钟，请重新授权。</translation>
    </message>
    <message>
        <source>The back-billing of order {order} was computed by {clerk}; another manager must approve it.</source>
        <translation>工单 {order} 的电量退补由 {clerk} 计算，须由另一位值班长审批。</translation>
    </message>
    <message>
        <source>The back-billing period from {since} to {until} is empty or runs backwards.</source>
        <translation>退补期间 {since} 至 {until} 为空或起止颠倒。</translation>
    </message>
    <message>
        <source>The back-billing period must end by the change on {day}.</source>
        <translation>退补期间须截至换表日 {day}。</translation>
    </message>
    <message>
        <source>The birth date inside the ID number ({birth}) is not a real date.</source>
        <translation>身份证号码中的出生日期（{birth}）不是有效日期。</translation>
    </message>
    <message>
        <source>The cash handed over ({handed}) is less than the cash to pay ({amount}).</source>
        <translation>实收现金（{handed}）少于应付现金（{amount}）。</translation>
    </message>
    <message>
        <source>The change date {day} is in the future.</source>
        <translation>换表日期 {day} 晚于今天。</translation>
    </message>
    <message>
        <source>The change on {day} is before the last reading of register {register} on {last_day}.</source>
        <translation>换表日期 {day} 早于计度器 {register} 的上次抄表日期 {last_day}。</translation>
    </message>
    <message>
        <source>The clerk number or the password is wrong.</source>
        <translation>工号或密码不正确。</translation>
    </message>
    <message>
        <source>The count differs from the expected amount by more than {limit}: give a reason and ask a manager to approve.</source>
        <translation>清点金额与应收金额相差超过 {limit}：请填写原因，并请主管授权。</translation>
    </message>
    <message>
        <source>The counter does not take {tender} as a tender.</source>
        <translation>柜台不受理“{tender}”这种支付方式。</translation>
    </message>
    <message>
        <source>The credit code&apos;s last character does not match: a character is mistyped.</source>
        <translation>统一社会信用代码校验位不符，有字符输错。</translation>
    </message>
    <message>
        <source>The e-mail for the invoice does not look like an address.</source>
        <translation>接收发票的电子邮箱地址格式不对。</translation>
    </message>
    <message>
        <source>The final reading {final} of register {register} is below the last known reading {last}.</source>
        <translation>计度器 {register} 的止码 {final} 低于最近已知示数 {last}。</translation>
    </message>
    <message>
        <source>The float must be an amount of ¥0.00 or more.</source>
        <translation>备用金不能小于 ¥0.00。</translation>
    </message>
    <message>
        <source>The hall server answered {status}.</source>
        <translation>排队服务器返回 {status}。</translation>
    </message>
    <message>
        <source>The hall server at {url} cannot be reached; the queue will be back when it is.</source>
        <translation>无法连接排队服务器 {url}，连接恢复后叫号功能即恢复。</translation>
    </message>
    <message>
        <source>The hall server refused the request as malformed: {detail}</source>
        <translation>排队服务器认为请求格式有误：{detail}</translation>
    </message>
    <message>
        <source>The invoice period starts after it ends.</source>
        <translation>开票起始期间晚于结束期间。</translation>
    </message>
    <message>
        <source>The measured error {error} is outside the plausible range of ±{limit}; check the test report.</source>
        <translation>实测误差 {error} 超出合理范围 ±{limit}，请核对检定报告。</translation>
    </message>
    <message>
        <source>The meter change has no final reading for register {register}, whose last known reading is {last}.</source>
        <translation>换表记录缺少计度器 {register} 的止码，其最近已知示数为 {last}。</translation>
    </message>
    <message>
        <source>The multiplier {order} on the order differs from meter {meter}&apos;s CT × PT on record ({ct} × {pt} = {recorded}).</source>
        <translation>工单上的倍率 {order} 与档案中表 {meter} 的电流互感器变比 × 电压互感器变比（{ct} × {pt} = {recorded}）不符。</translation>
    </message>
    <message>
        <source>The new meter must count the same registers as the old one ({registers}); a change of metering scheme is a tariff change application.</source>
        <translation>新表的计度器须与旧表相同（{registers}）；变更计量方式请办理电价变更申请。</translation>
    </message>
    <message>
        <source>The new meter {meter} is the meter being removed.</source>
        <translation>新表 {meter} 就是要拆除的旧表。</translation>
    </message>
    <message>
        <source>The new meter {new} measures another utility than the old meter {old}.</source>
        <translation>新表 {new} 与旧表 {old} 计量的品种不同。</translation>
    </message>
    <message>
        <source>The new meter&apos;s initial reading {reading} of register {register} is above {limit}; a new meter starts near zero. Confirm the reading.</source>
        <translation>计度器 {register} 的新表起码 {reading} 高于 {limit}，新表应从零附近起计，请确认示数。</translation>
    </message>
    <message>
        <source>The old meter&apos;s final reading {final} of register {register} is below its last reading {last} of {last_day}; read the meter again.</source>
        <translation>计度器 {register} 的旧表止码 {final} 低于 {last_day} 的上次示数 {last}，请重新抄读。</translation>
    </message>
    <message>
        <source>The prepaid balance changed while the payment was taken; try again.</source>
        <translation>收费过程中预收余额发生了变化，请重试。</translation>
    </message>
    <message>
        <source>The prepaid credit from this payment has been used by a later payment: reverse that one first.</source>
        <translation>这笔缴费存入的预收款已被之后的缴费用掉：请先冲正那一笔。</translation>
    </message>
    <message>
        <source>The price for back-billing must be more than zero, not {price}.</source>
        <translation>退补电价必须大于零，不能为 {price}。</translation>
    </message>
    <message>
        <source>The quantity must be a whole number from {minimum} to {maximum}, not {quantity}.</source>
        <translation>数量须为 {minimum} 至 {maximum} 的整数，不能是 {quantity}。</translation>
    </message>
    <message>
        <source>The queue setup is refused: {reason}</source>
        <translation>排队设置未保存：{reason}</translation>
    </message>
    <message>
        <source>The reading {reading} of register {register} cannot be shown by a dial of {digits} digits.</source>
        <translation>计度器 {register} 的示数 {reading} 超出 {digits} 位表盘的显示范围。</translation>
    </message>
    <message>
        <source>The recorded energy cannot be negative ({units} kWh).</source>
        <translation>抄见电量不能为负数（{units} kWh）。</translation>
    </message>
    <message>
        <source>The two entries of the new meter&apos;s initial reading of register {register} differ ({first} and {second}); read the register again.</source>
        <translation>计度器 {register} 的新表起码两次录入不一致（{first} 与 {second}），请重新抄读。</translation>
    </message>
    <message>
        <source>The two entries of the old meter&apos;s final reading of register {register} differ ({first} and {second}); read the register again.</source>
        <translation>计度器 {register} 的旧表止码两次录入不一致（{first} 与 {second}），请重新抄读。</translation>
    </message>
    <message>
        <source>The voltage class does not match the type of application.</source>
        <translation>电压等级与业务类型不符。</translation>
    </message>
    <message>
        <source>The wiring factor K = {factor} is outside the plausible range 1/{limit} to {limit}; check the wiring analysis.</source>
        <translation>更正系数 K = {factor} 超出合理范围 1/{limit} 至 {limit}，请核对接线分析。</translation>
    </message>
    <message>
        <source>There is no clerk {number}.</source>
        <translation>没有工号为 {number} 的人员。</translation>
    </message>
    <message>
        <source>There is no paid service “{code}” in the fee schedule.</source>
        <translation>收费标准中没有有偿服务“{code}”。</translation>
    </message>
    <message>
        <source>There is no queue category {category}.</source>
        <translation>没有 {category} 类业务队列。</translation>
    </message>
    <message>
        <source>There is no such payment on this terminal.</source>
        <translation>本机没有这笔缴费记录。</translation>
    </message>
    <message>
        <source>There is no ticket {ticket} today.</source>
        <translation>今天没有 {ticket} 号票。</translation>
    </message>
    <message>
        <source>There is no work order {order} on this terminal.</source>
        <translation>本终端没有工单 {order}。</translation>
    </message>
    <message>
        <source>This account is not in this terminal&apos;s records; search again.</source>
        <translation>本终端没有该户档案，请重新查找。</translation>
    </message>
    <message>
        <source>This account is not in this terminal&apos;s records; search for it again.</source>
        <translation>本机记录中没有这个户号，请重新查找。</translation>
    </message>
    <message>
        <source>This approval has been used already; ask the manager again.</source>
        <translation>这次授权已经用过，请主管重新授权。</translation>
    </message>
    <message>
        <source>This approval was given for something else.</source>
        <translation>这次授权不是针对本项业务的，请主管重新授权。</translation>
    </message>
    <message>
        <source>This approval was given to another clerk; ask again.</source>
        <translation>此授权是给另一位收费员的，请重新请主管授权。</translation>
    </message>
    <message>
        <source>This approval was not granted here; ask the manager again.</source>
        <translation>这次授权不是在本机做的，请主管重新授权。</translation>
    </message>
    <message>
        <source>This order was already saved as {order}.</source>
        <translation>该工单已保存，单号 {order}。</translation>
    </message>
    <message>
        <source>This payment was taken already (receipt {receipt}); nothing was charged twice.</source>
        <translation>这笔缴费已经收过了（收据 {receipt}），没有重复收费。</translation>
    </message>
    <message>
        <source>This type of application does not change the capacity; leave it empty.</source>
        <translation>该业务不变更容量，请勿填写容量。</translation>
    </message>
    <message>
        <source>Ticket {ticket} can be rated only after it is finished.</source>
        <translation>{ticket} 号办结后才能评价。</translation>
    </message>
    <message>
        <source>Ticket {ticket} has already been rated.</source>
        <translation>{ticket} 号已评价过。</translation>
    </message>
    <message>
        <source>Ticket {ticket} is already finished.</source>
        <translation>{ticket} 号已办结。</translation>
    </message>
    <message>
        <source>Ticket {ticket} is being served at window {window}.</source>
        <translation>{ticket} 号正在 {window} 号窗口办理。</translation>
    </message>
    <message>
        <source>Ticket {ticket} is not at window {window}; the screen is refreshed.</source>
        <translation>{ticket} 号不在 {window} 号窗口，界面已刷新。</translation>
    </message>
    <message>
        <source>Type the fitter&apos;s staff number (2 to 8 digits).</source>
        <translation>请填写装表人员工号（2 至 8 位数字）。</translation>
    </message>
    <message>
        <source>Window {window} has no ticket called; call one first (F1).</source>
        <translation>{window} 号窗口当前没有叫号，请先叫号（F1）。</translation>
    </message>
    <message>
        <source>Window {window} is not open; sign in at its counter to open it.</source>
        <translation>{window} 号窗口未开放，请在该柜台登录后开放。</translation>
    </message>
    <message>
        <source>Window {window} is not set up on the hall server; ask IT to add it.</source>
        <translation>排队服务器上没有设置 {window} 号窗口，请联系信息部门添加。</translation>
    </message>
    <message>
        <source>Window {window} is open for clerk {clerk}; they must close it first.</source>
        <translation>{window} 号窗口已由营业员 {clerk} 开放，需其先关闭窗口。</translation>
    </message>
    <message>
        <source>Write down what the customer says: the case has no content.</source>
        <translation>请记录客户反映的内容：工单内容为空。</translation>
    </message>
    <message>
        <source>Write the customer&apos;s name (a report may stay anonymous).</source>
        <translation>请填写客户姓名（举报可匿名）。</translation>
    </message>
    <message>
        <source>Write the reply given to the customer.</source>
        <translation>请填写给客户的答复内容。</translation>
    </message>
    <message>
        <source>Wrong password {failures} times: sign-in {number} is locked for {minutes} minutes.</source>
        <translation>密码已连续输错 {failures} 次：工号 {number} 锁定 {minutes} 分钟。</translation>
    </message>
    <message>
        <source>Your shift {shift} is already open.</source>
        <translation>您的班次 {shift} 已经开班了。</translation>
    </message>
    <message>
        <source>Your shift {shift} is from {day}: close it and print its Z report (日清日结), then open today&apos;s shift.</source>
        <translation>您的班次 {shift} 是 {day} 开的：请先轧账并打印 Z 报表（日清日结），再开今天的班。</translation>
    </message>
    <message>
        <source>a rating names its ticket or its window</source>
        <translation>评价须指明票号或窗口</translation>
    </message>
    <message>
        <source>at least one category is needed</source>
        <translation>至少需要一个业务类别</translation>
    </message>
    <message>
        <source>{amount} is more than the largest amount a counter takes ({maximum}).</source>
        <translation>{amount} 超过了柜台单笔收费上限（{maximum}）。</translation>
    </message>
    <message>
        <source>{capacity} kVA is more than low voltage supplies (at most {limit} kVA): apply for a high-voltage supply.</source>
        <translation>申请容量{capacity}千伏安超出低压供电上限（{limit}千伏安），请申请高压供电。</translation>
    </message>
    <message>
        <source>{number} ({role}) may not do this ({permission}); ask a manager.</source>
        <translation>工号 {number}（{role}）没有此项权限（{permission}），请找主管。</translation>
    </message>
    <message>
        <source>“{finding}” is not a test finding.</source>
        <translation>“{finding}”不是有效的检定结论。</translation>
    </message>
    <message>
        <source>“{phone}” is not a phone number: a mobile has 11 digits starting 13 to 19, a landline starts with its area code (0535-1234567).</source>
        <translation>“{phone}”不是有效的电话号码：手机号为 13 至 19 开头的 11 位数字，固定电话须带区号（如 0535-1234567）。</translation>
    </message>
    <message>
        <source>clerk</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>take_payment</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>run_shift</source>
        <translation>班次操作</translation>
    </message>
    <message>
        <source>reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>approve</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>view_reports</source>
        <translation>查看报表</translation>
    </message>
    <message>
        <source>manage_clerks</source>
        <translation>人员管理</translation>
    </message>
    <message>
        <source>verify_audit</source>
        <translation>审计校验</translation>
    </message>
    <message>
        <source>configure_devices</source>
        <translation>配置设备</translation>
    </message>
    <message>
        <source>handle_orders</source>
        <translation>办理工单</translation>
    </message>
    <message>
        <source>supervise</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>bank_card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>wechat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>cheque</source>
        <translation>支票</translation>
    </message>
    <message>
        <source>prepaid</source>
        <translation>预收</translation>
    </message>
    <message>
        <source>Something went wrong; nothing was saved. Try again, or call IT if it repeats.</source>
        <translation>出了点问题，没有保存任何内容。请重试；如果反复出现，请联系 IT。</translation>
    </message>
</context>
<context>
    <name>CounterOrders</name>
    <message>
        <source>&amp;Orders</source>
        <translation>工单(&amp;O)</translation>
    </message>
    <message>
        <source>Connection application… (F8)</source>
        <translation>业扩/变更用电受理…（F8）</translation>
    </message>
    <message>
        <source>Meter change… (F9)</source>
        <translation>换表…（F9）</translation>
    </message>
    <message>
        <source>Complaint, report or inquiry… (F10)</source>
        <translation>投诉、举报、咨询登记…（F10）</translation>
    </message>
    <message>
        <source>Paid service… (Shift+F7)</source>
        <translation>有偿服务…（Shift+F7）</translation>
    </message>
    <message>
        <source>Order board: overdue and held (Ctrl+B)</source>
        <translation>工单看板：超时与压单（Ctrl+B）</translation>
    </message>
    <message>
        <source>Sign in first (Ctrl+L).</source>
        <translation>请先登录（Ctrl+L）。</translation>
    </message>
    <message>
        <source>Finish or cancel the payment first.</source>
        <translation>请先完成或取消当前收费。</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>CounterDesk — Counter</source>
        <translation>CounterDesk 营业柜台</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Counting accounts…</source>
        <translation>正在统计户数…</translation>
    </message>
    <message>
        <source>Shift: reading…</source>
        <translation>班次：读取中…</translation>
    </message>
    <message>
        <source>Printer: starting…</source>
        <translation>打印机：启动中…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln account(s)</source>
        <translation>
            <numerusform>共 %Ln 户</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read the database: check the file, or ask IT to restore it.</source>
        <translation>无法读取数据库：请检查数据库文件，或请信息部门恢复。</translation>
    </message>
    <message>
        <source>No printer set up: receipts are kept</source>
        <translation>未设置打印机：收据已保存待打</translation>
    </message>
    <message numerus="yes">
        <source>%n printout(s) did not finish when CounterDesk last closed. Check each one: “It came out”, “Print again” or “Discard”.</source>
        <translation>
            <numerusform>上次关闭 CounterDesk 时有 %n 张单据没有打完。请逐张确认：“已打出”“重新打印”或“作废”。</numerusform>
        </translation>
    </message>
    <message>
        <source>Printer settings cannot be read</source>
        <translation>无法读取打印机设置</translation>
    </message>
    <message>
        <source>No printer is set up on this terminal.</source>
        <translation>本终端尚未设置打印机。</translation>
    </message>
    <message>
        <source>Print elsewhere</source>
        <translation>改用其他打印机</translation>
    </message>
    <message>
        <source>Print the waiting receipts on:</source>
        <translation>把待打印的收据改到：</translation>
    </message>
    <message numerus="yes">
        <source>%n receipt(s) sent to %1.</source>
        <translation>
            <numerusform>已把 %n 张收据改到 %1 打印。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>叫号(&amp;Q)</translation>
    </message>
    <message>
        <source>Call next (F1)</source>
        <translation>叫号 (F1)</translation>
    </message>
    <message>
        <source>Recall (F2)</source>
        <translation>重呼 (F2)</translation>
    </message>
    <message>
        <source>No-show (F3)</source>
        <translation>过号 (F3)</translation>
    </message>
    <message>
        <source>Transfer… (F4)</source>
        <translation>转移… (F4)</translation>
    </message>
    <message>
        <source>Finish and rate (F5)</source>
        <translation>完成并评价 (F5)</translation>
    </message>
    <message>
        <source>Pause or resume the window</source>
        <translation>暂停或恢复本窗口</translation>
    </message>
    <message>
        <source>Call a ticket by number… (Ctrl+F1)</source>
        <translation>指定叫号… (Ctrl+F1)</translation>
    </message>
    <message>
        <source>Announce calls from this counter</source>
        <translation>本柜台语音播报叫号</translation>
    </message>
    <message>
        <source>A hall screen announces every window&apos;s calls; turn this off where one does.</source>
        <translation>大厅综合屏会播报所有窗口的叫号；有综合屏的营业厅可关闭此项。</translation>
    </message>
    <message>
        <source>&amp;Shift</source>
        <translation>班次(&amp;S)</translation>
    </message>
    <message>
        <source>Open shift…</source>
        <translation>开班…</translation>
    </message>
    <message>
        <source>Print X reading</source>
        <translation>打印中间读数（X）</translation>
    </message>
    <message>
        <source>Close shift…</source>
        <translation>轧账结班…</translation>
    </message>
    <message>
        <source>Lock the screen (Ctrl+L)</source>
        <translation>锁屏（Ctrl+L）</translation>
    </message>
    <message>
        <source>&amp;Counter</source>
        <translation>柜台(&amp;C)</translation>
    </message>
    <message>
        <source>Search (F6)</source>
        <translation>查询（F6）</translation>
    </message>
    <message>
        <source>Pay (F7)</source>
        <translation>缴费（F7）</translation>
    </message>
    <message>
        <source>Receipt tray (F11)</source>
        <translation>凭证托盘（F11）</translation>
    </message>
    <message>
        <source>Devices…</source>
        <translation>设备…</translation>
    </message>
    <message>
        <source>HQ sync… (%1)</source>
        <translation>总部同步…（%1）</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>报表(&amp;R)</translation>
    </message>
    <message>
        <source>Daily takings as PDF…</source>
        <translation>实收统计日报（PDF）…</translation>
    </message>
    <message>
        <source>Daily takings as Excel…</source>
        <translation>实收统计日报（Excel）…</translation>
    </message>
    <message>
        <source>My day as PDF…</source>
        <translation>本人日报（PDF）…</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Clerk %1 %2</source>
        <translation>收费员 %1 %2</translation>
    </message>
    <message>
        <source>Shift: cannot be read</source>
        <translation>班次：无法读取</translation>
    </message>
    <message>
        <source>No shift open — F12 to open one</source>
        <translation>未开班 — 按 F12 开班</translation>
    </message>
    <message>
        <source>Shift %1 of clerk %2 is open on this terminal</source>
        <translation>本终端有收费员 %2 的班次 %1 未结</translation>
    </message>
    <message>
        <source>Shift %1 is from %2: close it (F12) before taking money</source>
        <translation>班次 %1 属于 %2：请先结班（F12）再收费</translation>
    </message>
    <message>
        <source>Shift %1 · float %2</source>
        <translation>班次 %1 · 备用金 %2</translation>
    </message>
    <message>
        <source>Sign in first (Ctrl+L).</source>
        <translation>请先登录（Ctrl+L）。</translation>
    </message>
    <message>
        <source>Open a customer first (F6 to search).</source>
        <translation>请先打开客户（F6 查询）。</translation>
    </message>
    <message>
        <source>Open your shift first (F12); a payment needs an open shift.</source>
        <translation>请先开班（F12）：收费需要已开的班次。</translation>
    </message>
    <message>
        <source>A card was read during a payment; finish or cancel the payment first.</source>
        <translation>收费过程中读到了卡，请先完成或取消本笔收费。</translation>
    </message>
    <message>
        <source>A card was read; it does not change the customer while a form is open.</source>
        <translation>已读到卡片；表单办理中不会切换客户。</translation>
    </message>
    <message>
        <source>Copy %1 (副本) of the receipt sent to the printer.</source>
        <translation>凭证第 %1 联（副本）已送打印。</translation>
    </message>
    <message>
        <source>Payment reversed: %1. The reversal slip is printing.</source>
        <translation>已冲正：%1。冲正凭证正在打印。</translation>
    </message>
    <message>
        <source>Preparing the payment reminder…</source>
        <translation>正在生成缴费提醒单…</translation>
    </message>
    <message>
        <source>Payment reminder %1</source>
        <translation>缴费提醒单 %1</translation>
    </message>
    <message>
        <source>No Chinese font for A4 notices: ask IT to install Microsoft YaHei.</source>
        <translation>没有可用于 A4 通知单的中文字体：请联系 IT 安装微软雅黑。</translation>
    </message>
    <message>
        <source>The notice cannot be made: %1</source>
        <translation>无法生成通知单：%1</translation>
    </message>
    <message>
        <source>Something went wrong in the background; it has been logged.</source>
        <translation>后台操作出错，已记录日志。</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>CounterDesk: something went wrong</source>
        <translation>CounterDesk：出现了意外问题</translation>
    </message>
    <message>
        <source>Something unexpected went wrong in CounterDesk, and the last thing you did may not have finished. Payments already taken are safe: each one is saved before anything else happens to it.</source>
        <translation>CounterDesk 出现了意外问题，刚才的操作可能没有完成。已收的款项是安全的：每笔款项在其他任何操作之前就已保存。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>A report for IT support could not be written (%1).</source>
        <translation>无法生成给 IT 支持人员的报告（%1）。</translation>
    </message>
    <message>
        <source>A report for IT support was written to:
%1</source>
        <translation>已为 IT 支持人员生成报告：
%1</translation>
    </message>
    <message>
        <source>You can continue working. Check the last payment or order on the screen; if the problem comes back, call IT support and give them the report.</source>
        <translation>您可以继续工作。请在屏幕上核对最近一笔缴费或工单；如果问题再次出现，请联系 IT 支持并提供该报告。</translation>
    </message>
    <message>
        <source>Further unexpected errors since this message appeared: %1 (each has its own report in %2).</source>
        <translation>此消息出现后又发生了 %1 次意外错误（每次都有单独的报告，位于 %2）。</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>No customer open</source>
        <translation>尚未打开客户</translation>
    </message>
    <message>
        <source>Find the customer on the left (F6), choose with ↑ ↓ and press Enter.</source>
        <translation>在左侧查询客户（F6），用 ↑ ↓ 选择，按回车打开。</translation>
    </message>
    <message>
        <source>Payment reminder (A4)…</source>
        <translation>缴费提醒单（A4）…</translation>
    </message>
    <message>
        <source>A polite reminder listing the overdue bills, to print for the customer.</source>
        <translation>列出逾期账单的礼貌提醒，可打印交给客户。</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>缴费记录</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>补打凭证</translation>
    </message>
    <message>
        <source>Prints a copy marked 副本 with its copy number.</source>
        <translation>打印标有“副本”和打印次数的凭证。</translation>
    </message>
    <message>
        <source>Reverse…</source>
        <translation>冲正…</translation>
    </message>
    <message>
        <source>Undo a payment of your open shift; a manager approves it.</source>
        <translation>撤销本班次的一笔缴费，需主管审批。</translation>
    </message>
    <message>
        <source>Account no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Supply</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Meter no.</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>Tariff</source>
        <translation>执行价格</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>应缴合计</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>欠费合计</translation>
    </message>
    <message>
        <source>Payments (%1)</source>
        <translation>缴费记录（%1）</translation>
    </message>
    <message>
        <source>Orders (%1)</source>
        <translation>工单（%1）</translation>
    </message>
    <message>
        <source>Counted to today</source>
        <translation>计至今日</translation>
    </message>
    <message>
        <source>Deducted</source>
        <translation>已抵扣</translation>
    </message>
    <message>
        <source>This account is no longer on this terminal. Search for it again.</source>
        <translation>本机已无此户资料，请重新查询。</translation>
    </message>
    <message>
        <source>The account could not be read. Search again; if it fails again, call IT.</source>
        <translation>无法读取该户信息。请重新查询；如仍失败，请联系信息部门。</translation>
    </message>
    <message>
        <source>Prepaid balance</source>
        <translation>预收余额</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>违约金</translation>
    </message>
    <message>
        <source>Nothing to pay</source>
        <translation>无需缴费</translation>
    </message>
    <message>
        <source>incl. %1 not yet due</source>
        <translation>含未到期 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n overdue bill(s)</source>
        <translation>
            <numerusform>%n 笔账单已逾期</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing overdue</source>
        <translation>无逾期账单</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
</context>
<context>
    <name>DashboardWindow</name>
    <message>
        <source>Hall dashboard</source>
        <translation>营业厅看板</translation>
    </message>
    <message>
        <source>Connecting to the hall server…</source>
        <translation>正在连接叫号服务器…</translation>
    </message>
    <message>
        <source>Hall now</source>
        <translation>大厅实况</translation>
    </message>
    <message>
        <source>Clerks</source>
        <translation>营业员</translation>
    </message>
    <message>
        <source>Reading the day&apos;s figures…</source>
        <translation>正在读取今日数据…</translation>
    </message>
    <message>
        <source>The hall server cannot be reached; reconnecting. The figures shown are from %1.</source>
        <translation>叫号服务器暂时连不上，正在重连。当前显示的是 %1 的数据。</translation>
    </message>
    <message>
        <source>Figures read at %1</source>
        <translation>数据更新于 %1</translation>
    </message>
    <message>
        <source>Suggestion: %1</source>
        <translation>建议：%1</translation>
    </message>
    <message>
        <source>A customer in line {category} has waited {minutes} minutes, over the {target}-minute target.</source>
        <translation>{category} 有客户已等候 {minutes} 分钟，超过 {target} 分钟的目标。</translation>
    </message>
    <message>
        <source>Only {share}% of today&apos;s customers were called within {target} minutes; the goal is {goal}%.</source>
        <translation>今日仅 {share}% 的客户在 {target} 分钟内被叫号，目标为 {goal}%。</translation>
    </message>
    <message>
        <source>{waiting} people are waiting for {windows} open windows, more than {limit} a window.</source>
        <translation>{waiting} 人等候，开放的窗口只有 {windows} 个，每个窗口超过 {limit} 人。</translation>
    </message>
    <message>
        <source>{waiting} people are waiting and no window is open.</source>
        <translation>{waiting} 人等候，但没有开放的窗口。</translation>
    </message>
    <message>
        <source>Window {window} is paused: resume it.</source>
        <translation>{window}暂停中，请恢复办理。</translation>
    </message>
    <message>
        <source>Open window {window}.</source>
        <translation>开放{window}。</translation>
    </message>
    <message>
        <source>Every window is open: ask a back-office clerk to help at the counter.</source>
        <translation>所有窗口均已开放，请安排后台人员到窗口支援。</translation>
    </message>
    <message>
        <source>Save the clerks&apos; month</source>
        <translation>保存营业员月度统计</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>The workbook was not saved: %1</source>
        <translation>工作簿未保存：%1</translation>
    </message>
</context>
<context>
    <name>DemoHint</name>
    <message>
        <source>Demo sign-ins: clerk 0107 · manager 0001 · IT 9001 — password %1</source>
        <translation>演示账号：收费员 0107 · 主管 0001 · 信息员 9001 — 密码 %1</translation>
    </message>
</context>
<context>
    <name>DeviceIndicator</name>
    <message>
        <source>Devices: set-up error</source>
        <translation>设备：配置错误</translation>
    </message>
    <message>
        <source>Devices: none</source>
        <translation>设备：未配置</translation>
    </message>
    <message>
        <source>No serial devices are configured on this terminal.</source>
        <translation>本终端未配置串口设备。</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
</context>
<context>
    <name>DeviceState</name>
    <message>
        <source>ready</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>DevicesDialog</name>
    <message>
        <source>Window LED strip</source>
        <translation>窗口条屏</translation>
    </message>
    <message>
        <source>Hall screen</source>
        <translation>综合屏</translation>
    </message>
    <message>
        <source>Numeric display (Modbus)</source>
        <translation>数码管(Modbus)</translation>
    </message>
    <message>
        <source>Caller keypad</source>
        <translation>呼叫器</translation>
    </message>
    <message>
        <source>Evaluator</source>
        <translation>评价器</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>刷卡器</translation>
    </message>
    <message>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <source>Magnetic stripe, track 2</source>
        <translation>磁条卡（二磁道）</translation>
    </message>
    <message>
        <source>RFID card number (hex)</source>
        <translation>射频卡卡号（十六进制）</translation>
    </message>
    <message>
        <source>Digits only</source>
        <translation>纯数字</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Switched off</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>Types into the app</source>
        <translation>键盘输入</translation>
    </message>
    <message>
        <source>Give the device a name, such as window_display.</source>
        <translation>请填写设备名称，例如 window_display。</translation>
    </message>
    <message>
        <source>“%1” cannot be a device name: use one short word of letters, digits and _ (such as window_display), up to 32 characters.</source>
        <translation>“%1”不能作设备名称：请用一个由字母、数字和 _ 组成的短词（例如 window_display），最多 32 个字符。</translation>
    </message>
    <message>
        <source>There is already a device called %1. Choose another name, or select %1 in the list to change it.</source>
        <translation>已有名为 %1 的设备。请换一个名称，或在列表中选中 %1 进行修改。</translation>
    </message>
    <message>
        <source>Give the port the device is plugged into, such as COM3.</source>
        <translation>请填写设备所接的端口，例如 COM3。</translation>
    </message>
    <message>
        <source>“%1” is not a port. Use COM3, /dev/ttyUSB0, socket://host:port or virtual:name.</source>
        <translation>“%1”不是端口。请填写 COM3、/dev/ttyUSB0、socket://主机:端口 或 virtual:名称。</translation>
    </message>
    <message>
        <source>Only a card reader can type into the app (port “keyboard”); give this device a serial port.</source>
        <translation>只有刷卡器可以用键盘方式输入（端口“keyboard”）；请为此设备填写串口。</translation>
    </message>
    <message>
        <source>Give the device&apos;s address on its bus, %1 to %2 (set on the device itself).</source>
        <translation>请填写设备在总线上的地址，%1 至 %2（以设备本身的设置为准）。</translation>
    </message>
    <message>
        <source>Give the register, 0 to 65535 (see the display&apos;s manual; usually 0).</source>
        <translation>请填写寄存器地址，0 至 65535（见显示屏说明书，通常为 0）。</translation>
    </message>
    <message>
        <source>The text “%1” cannot be shown: write {number} for the ticket and {window} for the window, in braces, and nothing else in braces.</source>
        <translation>无法显示文字“%1”：票号写 {number}，窗口号写 {window}，须带花括号，花括号内不能写其他内容。</translation>
    </message>
    <message>
        <source>Give the hall screen at least one row, such as 11: {number} → {window}.</source>
        <translation>综合屏至少需要一行，例如 11: {number} → {window}。</translation>
    </message>
    <message>
        <source>Row %1 of the hall screen is not “address: text” (such as 11: {number} → {window}).</source>
        <translation>综合屏第 %1 行不是“地址: 文字”的格式（例如 11: {number} → {window}）。</translation>
    </message>
    <message>
        <source>Row %1 of the hall screen: the address must be 0 to 254.</source>
        <translation>综合屏第 %1 行：地址须为 0 至 254。</translation>
    </message>
    <message>
        <source>Address %1 appears twice in the hall screen&apos;s rows; each row is one screen with its own address.</source>
        <translation>地址 %1 在综合屏的行中出现了两次；每行是一块屏，各有自己的地址。</translation>
    </message>
    <message>
        <source>Row %1 of the hall screen cannot be shown: use only {number}, {window} and {notice}, in braces.</source>
        <translation>综合屏第 %1 行无法显示：只能使用 {number}、{window} 和 {notice}，须带花括号。</translation>
    </message>
    <message>
        <source>The card pattern is not a regular expression with a group for the number, such as ;(?P&lt;number&gt;[0-9]+)= . Choose a preset if unsure.</source>
        <translation>卡号规则不是带卡号分组的正则表达式，例如 ;(?P&lt;number&gt;[0-9]+)= 。不确定时请选用预设规则。</translation>
    </message>
    <message>
        <source>%1 cannot share %2 with %3: they speak different protocols. Give each its own port.</source>
        <translation>%1 不能与 %3 共用 %2：两者通信协议不同。请各用一个端口。</translation>
    </message>
    <message>
        <source>%1 already uses %2 at %3 baud; devices on one port share one speed. Set %3 here, or use another port.</source>
        <translation>%1 已在 %2 上使用 %3 波特率；同一端口上的设备须使用相同速率。请在此设为 %3，或改用其他端口。</translation>
    </message>
    <message>
        <source>%1 already uses %2, and a reader needs a port of its own. Choose another port.</source>
        <translation>%1 已在使用 %2，读卡设备须独占一个端口。请选择其他端口。</translation>
    </message>
    <message>
        <source>Address %1 on %2 is taken by %3. Choose another address.</source>
        <translation>%2 上的地址 %1 已被 %3 占用。请换一个地址。</translation>
    </message>
    <message>
        <source>Nothing was changed: the configuration file cannot be written. %1</source>
        <translation>未做任何更改：无法写入配置文件。%1</translation>
    </message>
    <message>
        <source>This device cannot be saved: %1</source>
        <translation>无法保存此设备：%1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Not started: the devices restart with the saved settings.</source>
        <translation>未启动：设备将按保存的设置重新启动。</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Only a manager or IT can change the devices. You can test them from the list.</source>
        <translation>只有主管或 IT 人员可以修改设备。您可以在列表中测试设备。</translation>
    </message>
    <message>
        <source>The displays, keypads and card readers of this terminal. Saved changes restart the devices; Test makes the selected device answer.</source>
        <translation>本终端的显示屏、呼叫器和读卡设备。保存修改后设备会重新启动；“测试”让选中的设备作出响应。</translation>
    </message>
    <message>
        <source>New device</source>
        <translation>新增设备</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Use this device</source>
        <translation>启用此设备</translation>
    </message>
    <message>
        <source>{number} is the ticket, {window} the window.</source>
        <translation>{number} 为票号，{window} 为窗口号。</translation>
    </message>
    <message>
        <source>One line per screen: “address: text”. The text may use {number}, {window} and {notice}.</source>
        <translation>每块屏一行：“地址: 文字”。文字中可使用 {number}、{window} 和 {notice}。</translation>
    </message>
    <message>
        <source>The holding register the number is written to (see the display&apos;s manual; usually 0).</source>
        <translation>号码写入的保持寄存器（见显示屏说明书，通常为 0）。</translation>
    </message>
    <message>
        <source>A preset, or a regular expression with a group (?P&lt;number&gt;…).</source>
        <translation>选择预设，或填写带分组 (?P&lt;number&gt;…) 的正则表达式。</translation>
    </message>
    <message>
        <source>One word of letters, digits and _.</source>
        <translation>由字母、数字和 _ 组成的一个词。</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>Text shown</source>
        <translation>显示文字</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>各行</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>寄存器</translation>
    </message>
    <message>
        <source>Card pattern</source>
        <translation>卡号规则</translation>
    </message>
    <message>
        <source>The devices are not running on this terminal.</source>
        <translation>本终端的设备未在运行。</translation>
    </message>
    <message>
        <source>The devices did not start: %1</source>
        <translation>设备未能启动：%1</translation>
    </message>
    <message>
        <source>The stored devices cannot be read: %1</source>
        <translation>无法读取已保存的设备：%1</translation>
    </message>
    <message>
        <source>keyboard (the reader types into the app)</source>
        <translation>keyboard（读卡器以键盘方式输入）</translation>
    </message>
    <message>
        <source>Choose a port of this computer, or type one:</source>
        <translation>选择本机的端口，或直接输入：</translation>
    </message>
    <message>
        <source>No serial port found on this computer; type one:</source>
        <translation>本机未找到串口，请直接输入：</translation>
    </message>
    <message>
        <source>Device %1</source>
        <translation>设备 %1</translation>
    </message>
    <message>
        <source>%1 is saved. The devices restart with the new settings.</source>
        <translation>%1 已保存。设备将按新设置重新启动。</translation>
    </message>
    <message>
        <source>Choose the device to remove in the list first.</source>
        <translation>请先在列表中选中要删除的设备。</translation>
    </message>
    <message>
        <source>Confirm remove</source>
        <translation>确认删除</translation>
    </message>
    <message>
        <source>Remove %1? Press Remove again to confirm; Esc keeps it.</source>
        <translation>删除 %1？再按一次“删除”确认；按 Esc 保留。</translation>
    </message>
    <message>
        <source>%1 is removed. The devices restart without it.</source>
        <translation>%1 已删除。设备将重新启动。</translation>
    </message>
    <message>
        <source>Choose the device to test in the list first.</source>
        <translation>请先在列表中选中要测试的设备。</translation>
    </message>
    <message>
        <source>%1 is switched off. Tick “Use this device” and save to test it.</source>
        <translation>%1 已停用。勾选“启用此设备”并保存后才能测试。</translation>
    </message>
    <message>
        <source>%1 types into the app: put the cursor in the search box and swipe a card.</source>
        <translation>%1 以键盘方式输入：请把光标放在搜索框中再刷卡。</translation>
    </message>
    <message>
        <source>%1 is not running yet. Save your changes; the devices restart with them.</source>
        <translation>%1 尚未运行。请保存修改，设备会按新设置重新启动。</translation>
    </message>
    <message>
        <source>%1 is not ready (%2), so it cannot be tested. Check its cable, power and port.</source>
        <translation>%1 未就绪（%2），无法测试。请检查连接线、电源和端口。</translation>
    </message>
    <message>
        <source>The display should now show %1</source>
        <translation>显示屏现在应显示 %1</translation>
    </message>
    <message>
        <source>The keypad should beep and show 888.</source>
        <translation>呼叫器现在应鸣响并显示 888。</translation>
    </message>
    <message>
        <source>The evaluator should beep.</source>
        <translation>评价器现在应鸣响。</translation>
    </message>
    <message>
        <source>Lay an ID card on %1 now…</source>
        <translation>请将身份证放在 %1 上…</translation>
    </message>
    <message>
        <source>Swipe a card on %1 now…</source>
        <translation>请在 %1 上刷卡…</translation>
    </message>
    <message>
        <source>%1 read card %2.</source>
        <translation>%1 读到卡号 %2。</translation>
    </message>
    <message>
        <source>%1 read the ID card of %2.</source>
        <translation>%1 读到身份证：%2。</translation>
    </message>
    <message>
        <source>No card read in %1 s. Check the reader&apos;s cable, and that the card pattern fits your cards.</source>
        <translation>%1 秒内未读到卡。请检查读卡器连接线，以及卡号规则是否与所用的卡相符。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>DocumentsBox</name>
    <message>
        <source>Accept now, paused until the missing documents are brought (暂停待补件)</source>
        <translation>先行受理，暂停待客户补齐资料（暂停待补件）</translation>
    </message>
</context>
<context>
    <name>Evaluator</name>
    <message>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Fairly satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Please rate our service</source>
        <translation>请对本次服务进行评价</translation>
    </message>
    <message>
        <source>Ticket %1 · served by clerk %2 %3</source>
        <translation>票号 %1 · 营业员 %2 %3</translation>
    </message>
    <message>
        <source>Press a button, or a key 2 to 5.</source>
        <translation>请点击按钮，或按数字键 2–5。</translation>
    </message>
    <message>
        <source>Sending your rating…</source>
        <translation>正在提交您的评价…</translation>
    </message>
    <message>
        <source>Thank you for your rating!</source>
        <translation>感谢您的评价！</translation>
    </message>
</context>
<context>
    <name>HallPage</name>
    <message>
        <source>Waiting now</source>
        <translation>当前等候</translation>
    </message>
    <message>
        <source>Longest wait now</source>
        <translation>当前最长等候</translation>
    </message>
    <message>
        <source>Average wait today</source>
        <translation>今日平均等候</translation>
    </message>
    <message>
        <source>Average service today</source>
        <translation>今日平均办理</translation>
    </message>
    <message>
        <source>Satisfaction today</source>
        <translation>今日满意率</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>营业员</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>当前号</translation>
    </message>
    <message>
        <source>For</source>
        <translation>持续</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>窗口状态</translation>
    </message>
    <message>
        <source>Tickets per hour</source>
        <translation>每小时取号与办结</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>业务类别</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候</translation>
    </message>
    <message>
        <source>Longest now</source>
        <translation>当前最长</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>No-shows</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>Avg wait</source>
        <translation>平均等候</translation>
    </message>
    <message>
        <source>Avg service</source>
        <translation>平均办理</translation>
    </message>
    <message>
        <source>Within target</source>
        <translation>目标内叫号</translation>
    </message>
    <message>
        <source>Lines today</source>
        <translation>今日各类业务</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 called within %2 min</source>
        <translation>%2 分钟内叫号 %1</translation>
    </message>
    <message>
        <source>%1 served · %2 no-shows</source>
        <translation>已办结 %1 人 · 过号 %2 人</translation>
    </message>
    <message>
        <source>%1 ratings · average %2</source>
        <translation>%1 条评价 · 平均 %2 分</translation>
    </message>
    <message>
        <source>Nobody waiting</source>
        <translation>无人等候</translation>
    </message>
    <message>
        <source>Line %1 · target %2 min</source>
        <translation>%1 · 目标 %2 分钟</translation>
    </message>
</context>
<context>
    <name>HallScreen</name>
    <message>
        <source>CounterDesk — hall screen</source>
        <translation>CounterDesk — 叫号显示屏</translation>
    </message>
    <message>
        <source>Queue information</source>
        <translation>叫号信息</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <source>Now calling %1</source>
        <translation>请 %1 号</translation>
    </message>
    <message>
        <source>Called before</source>
        <translation>已叫号</translation>
    </message>
    <message>
        <source>yyyy-MM-dd dddd</source>
        <translation>yyyy年M月d日 dddd</translation>
    </message>
    <message>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <source>to window %1</source>
        <translation>到 %1 号窗口办理</translation>
    </message>
    <message>
        <source>Please wait to be called</source>
        <translation>请留意叫号</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>等候 %1 人</translation>
    </message>
</context>
<context>
    <name>HourChart</name>
    <message>
        <source>Issued</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>办结</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>CounterDesk — ticket kiosk</source>
        <translation>CounterDesk — 自助取号机</translation>
    </message>
    <message>
        <source>Service hall</source>
        <translation>营业厅</translation>
    </message>
    <message>
        <source>Touch the business you have come for</source>
        <translation>请选择您要办理的业务</translation>
    </message>
    <message>
        <source>After taking a ticket, watch the hall screen and listen.</source>
        <translation>取号后请留意叫号屏和语音提示</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <source>Place your ID card on the reader, or swipe your key-customer card.</source>
        <translation>请将身份证放在读卡区，或刷重点客户卡</translation>
    </message>
    <message>
        <source>For customers aged %1 and over, and for key customers.</source>
        <translation>%1 周岁及以上老人、重点客户优先办理</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <source>Touch the screen to finish.</source>
        <translation>点击屏幕返回</translation>
    </message>
    <message>
        <source>yyyy-MM-dd dddd</source>
        <translation>yyyy年M月d日 dddd</translation>
    </message>
    <message>
        <source>Aged %1 and over, or key customers · %2 waiting</source>
        <translation>%1 周岁及以上老人、重点客户 · 等候 %2 人</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>等候 %1 人</translation>
    </message>
    <message>
        <source>Tickets cannot be taken just now: the queue system is connecting. Please wait a moment, or ask the lobby staff.</source>
        <translation>暂时无法取号：排队系统正在连接，请稍候，或咨询大堂工作人员。</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) ahead of you</source>
        <translation>
            <numerusform>前面还有 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody is ahead of you</source>
        <translation>前面没有人等候</translation>
    </message>
    <message>
        <source>The queue system did not answer, so no ticket was issued. Please try again in a moment, or ask the lobby staff.</source>
        <translation>排队系统没有应答，未能取号。请稍后再试，或咨询大堂工作人员。</translation>
    </message>
    <message>
        <source>No ticket is printed here: please remember your number.</source>
        <translation>本机不打印号票，请记住您的号码。</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <source>The ticket cannot be printed: please remember your number.</source>
        <translation>号票无法打印，请记住您的号码。</translation>
    </message>
    <message>
        <source>Please take your ticket.</source>
        <translation>请取走您的号票。</translation>
    </message>
    <message>
        <source>The printer is out of paper: please remember your number.</source>
        <translation>打印机缺纸，请记住您的号码。</translation>
    </message>
    <message>
        <source>This kiosk has no card reader. Please ask the lobby staff for help.</source>
        <translation>本机未连接读卡器，请咨询大堂工作人员。</translation>
    </message>
    <message>
        <source>The green channel is for customers aged %1 and over and for key customers. Please touch “Back” and choose your business.</source>
        <translation>绿色通道仅为 %1 周岁及以上老人和重点客户开放。请点击“返回”，选择您要办理的业务。</translation>
    </message>
    <message>
        <source>This ID card could not be read completely. Please place it on the reader again.</source>
        <translation>身份证未能完整读取，请重新放在读卡区。</translation>
    </message>
    <message>
        <source>This card is not on the key-customer list. Please touch “Back” and choose your business.</source>
        <translation>此卡不是重点客户卡。请点击“返回”，选择您要办理的业务。</translation>
    </message>
</context>
<context>
    <name>MeterChangeForm</name>
    <message>
        <source>Old %1 ×%2 → new %3 ×%4</source>
        <translation>旧表 %1 ×%2 → 新表 %3 ×%4</translation>
    </message>
    <message>
        <source>Meter change</source>
        <translation>换表</translation>
    </message>
    <message>
        <source>Step 1 of 2: the request</source>
        <translation>第 1 步（共 2 步）：受理申请</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>The meter now</source>
        <translation>现装表计</translation>
    </message>
    <message>
        <source>Enter its readings</source>
        <translation>录入该单示数</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>换表原因</translation>
    </message>
    <message>
        <source>As on the nameplate</source>
        <translation>按铭牌填写</translation>
    </message>
    <message>
        <source>For the fitter (optional)</source>
        <translation>给装表人员的说明（可不填）</translation>
    </message>
    <message>
        <source>New meter no.</source>
        <translation>新表表号</translation>
    </message>
    <message>
        <source>CT × PT</source>
        <translation>变比 CT × PT</translation>
    </message>
    <message>
        <source>Dial digits</source>
        <translation>整数位数</translation>
    </message>
    <message>
        <source>Done by</source>
        <translation>承办部门</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>The customer here was told when the fitter comes</source>
        <translation>已当面告知客户装表人员上门时间</translation>
    </message>
    <message>
        <source>Step 2 of 2: the readings, each typed twice</source>
        <translation>第 2 步（共 2 步）：录入示数，每个录两遍</translation>
    </message>
    <message>
        <source>The customer has not been told of this change yet; tell them first.</source>
        <translation>尚未告知客户本次换表，请先告知。</translation>
    </message>
    <message>
        <source>Customer told now</source>
        <translation>已告知客户</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后录入</translation>
    </message>
    <message>
        <source>Record the change</source>
        <translation>确认换表</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Meters</source>
        <translation>表计</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>示数</translation>
    </message>
    <message>
        <source>The meter change slip is printing.</source>
        <translation>换表凭条正在打印。</translation>
    </message>
    <message>
        <source>Print meter change notice and service card</source>
        <translation>打印换表通知单与服务卡</translation>
    </message>
    <message>
        <source>Customer confirmed the readings</source>
        <translation>客户已确认示数</translation>
    </message>
    <message>
        <source>Test finding and back-billing…</source>
        <translation>检定结论与电量退补…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>A meter change is for an account&apos;s meter: search for the customer with F6, then press F9 again.</source>
        <translation>换表针对某一户的表计：请按 F6 查找客户，再按 F9。</translation>
    </message>
    <message>
        <source>Open a customer first (F6)</source>
        <translation>请先打开客户（F6）</translation>
    </message>
    <message>
        <source>Reading the order…</source>
        <translation>正在读取工单…</translation>
    </message>
    <message>
        <source>Reading the meter…</source>
        <translation>正在读取表计…</translation>
    </message>
    <message>
        <source>%1 · CT %2 × PT %3 = ×%4 · %5 digits · installed %6</source>
        <translation>%1 · CT %2 × PT %3 = ×%4 · %5 位整数 · %6 装表</translation>
    </message>
    <message>
        <source>Meter change %1 (%2) is waiting for the meter to be changed.</source>
        <translation>换表工单 %1（%2）尚待换表。</translation>
    </message>
    <message>
        <source>= ×%1</source>
        <translation>= ×%1</translation>
    </message>
    <message>
        <source>✓ Meter changed</source>
        <translation>✓ 已换表</translation>
    </message>
    <message>
        <source>Meter change requested</source>
        <translation>换表已受理</translation>
    </message>
    <message>
        <source>Customer confirmed: close the order</source>
        <translation>客户已确认：办结工单</translation>
    </message>
    <message>
        <source>Print the notice (Alt+P) for the customer and the fitter to sign; when the customer has confirmed the readings, press Alt+C.</source>
        <translation>请打印通知单（Alt+P）由客户与装表人员签字；客户确认示数后按 Alt+C。</translation>
    </message>
    <message>
        <source>When the old meter&apos;s test result is in, record the finding and any back-billing (Alt+B).</source>
        <translation>旧表检定结果出来后，录入检定结论并办理电量退补（Alt+B）。</translation>
    </message>
    <message>
        <source>The back-billing waits for a manager&apos;s approval (Alt+B).</source>
        <translation>电量退补待值班长审批（Alt+B）。</translation>
    </message>
    <message>
        <source>The back-billing is approved and billed: close the order (Alt+B).</source>
        <translation>电量退补已审批并出账：请办结工单（Alt+B）。</translation>
    </message>
    <message>
        <source>Enter the readings from the order page once the meter is changed.</source>
        <translation>换表完成后，请从工单页录入示数。</translation>
    </message>
    <message>
        <source>Nothing more to do at the counter for this order.</source>
        <translation>本工单在柜台已无待办事项。</translation>
    </message>
    <message>
        <source>Meter change notice %1</source>
        <translation>换表通知单 %1</translation>
    </message>
    <message>
        <source>Requesting…</source>
        <translation>正在受理…</translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Meter change %1: %2.</source>
        <translation>换表工单 %1：%2。</translation>
    </message>
    <message>
        <source>Meter change %1 requested: enter the readings once the meter is changed.</source>
        <translation>换表工单 %1 已受理：换表后请录入示数。</translation>
    </message>
</context>
<context>
    <name>NoticePreview</name>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>The printer could not be started. Check it, try again.</source>
        <translation>打印机无法启动。请检查后重试。</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) sent to the printer.</source>
        <translation>
            <numerusform>已发送 %n 页到打印机。</numerusform>
        </translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved as %1.</source>
        <translation>已保存为 %1。</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Clerk %1 %2</source>
        <translation>收费员 %1 %2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Count the float in the drawer before you open; it is printed on the X and Z reports and counted back at closing.</source>
        <translation>开班前请清点钱箱里的备用金；备用金会打印在 X 报表和 Z 报表上，轧账时一并清点。</translation>
    </message>
    <message>
        <source>Float in the drawer</source>
        <translation>钱箱备用金</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在开班…</translation>
    </message>
</context>
<context>
    <name>OrderActDialog</name>
    <message>
        <source>What the customer was told</source>
        <translation>答复客户的内容</translation>
    </message>
    <message>
        <source>Required: why, and what happens next</source>
        <translation>必填：原因，以及下一步怎么办</translation>
    </message>
    <message>
        <source>Optional: what was done</source>
        <translation>选填：办理情况</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Ctrl+Enter saves; Enter starts a new line.</source>
        <translation>Ctrl+Enter 保存；Enter 换行。</translation>
    </message>
    <message>
        <source>Write the reply given to the customer.</source>
        <translation>请填写给客户的答复内容。</translation>
    </message>
    <message>
        <source>Write a note: why, and what must happen next.</source>
        <translation>请填写说明：原因，以及下一步怎么办。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>OrderBoard</name>
    <message>
        <source>Order board</source>
        <translation>工单看板</translation>
    </message>
    <message>
        <source>Overdue, held, supervision</source>
        <translation>超时、压单、督办</translation>
    </message>
    <message>
        <source>Reading the open orders…</source>
        <translation>正在读取在办工单…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>只看超时</translation>
    </message>
    <message>
        <source>Held only</source>
        <translation>只看压单</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Order no., customer, account, person, note… (Ctrl+F)</source>
        <translation>工单号、客户、户号、人员、督办意见…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Overdue %1 · Held %2 · Total %3</source>
        <translation>超时 %1 · 压单 %2 · 共 %3</translation>
    </message>
    <message>
        <source>Read at %1; held means untouched for %2 working days. Reads again every minute.</source>
        <translation>%1 读取；压单指 %2 个工作日无人处理。每分钟自动刷新。</translation>
    </message>
    <message>
        <source>The board could not be read: %1</source>
        <translation>看板读取失败：%1</translation>
    </message>
    <message>
        <source>No open orders.</source>
        <translation>没有在办工单。</translation>
    </message>
    <message>
        <source>No order matches the filter.</source>
        <translation>没有符合筛选条件的工单。</translation>
    </message>
    <message>
        <source>Only a manager writes supervision notes.</source>
        <translation>只有主管可以督办。</translation>
    </message>
    <message>
        <source>Choose an order first.</source>
        <translation>请先选择一张工单。</translation>
    </message>
    <message>
        <source>Supervision note</source>
        <translation>督办意见</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Supervision note saved for %1.</source>
        <translation>已记录 %1 的督办意见。</translation>
    </message>
</context>
<context>
    <name>OrderPage</name>
    <message>
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>F5 reads the order again</source>
        <translation>F5 重新读取</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Steps and deadlines</source>
        <translation>环节与时限</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转派</translation>
    </message>
    <message>
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>First-contact owner</source>
        <translation>首问负责人</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Work order %1</source>
        <translation>工单 %1</translation>
    </message>
    <message>
        <source>(no account yet)</source>
        <translation>（尚未立户）</translation>
    </message>
    <message>
        <source>(since %1, from %2)</source>
        <translation>（%1 起，原状态：%2）</translation>
    </message>
    <message>
        <source>(at %1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Reply: %1</source>
        <translation>答复：%1</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>%1 kVA</source>
        <translation>%1 千伏安</translation>
    </message>
    <message>
        <source>Meter %1 → %2</source>
        <translation>电能表 %1 → %2</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation>自 %1 起超时</translation>
    </message>
    <message>
        <source>(provisional)</source>
        <translation>（暂定）</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Done late</source>
        <translation>超时完成</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <source>Provisional</source>
        <translation>暂定</translation>
    </message>
    <message>
        <source>No deadline yet</source>
        <translation>暂无时限</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>转至 %1</translation>
    </message>
    <message>
        <source>reply: %1</source>
        <translation>答复：%1</translation>
    </message>
    <message>
        <source>approved by %1</source>
        <translation>审批人 %1</translation>
    </message>
    <message>
        <source>Nobody is signed in: sign in, then try again.</source>
        <translation>当前无人登录：请登录后重试。</translation>
    </message>
    <message>
        <source>Only a manager writes supervision notes.</source>
        <translation>只有主管可以督办。</translation>
    </message>
    <message>
        <source>Supervision note</source>
        <translation>督办意见</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
<context>
    <name>OrderTransferDialog</name>
    <message>
        <source>Transfer the order</source>
        <translation>转派工单</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转派</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>The first-contact owner stays %1: they answer for the order until it is closed.</source>
        <translation>首问负责人仍为 %1，对工单负责直至办结。</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>(the department assigns)</source>
        <translation>（由部门指派）</translation>
    </message>
    <message>
        <source>Clerk number, or empty</source>
        <translation>工号，可留空</translation>
    </message>
    <message>
        <source>Optional: what the department should do</source>
        <translation>选填：需要部门办理的事项</translation>
    </message>
    <message>
        <source>Choose the department the order goes to.</source>
        <translation>请选择转派的部门。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>OrderWords</name>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Surveyed</source>
        <translation>已勘查</translation>
    </message>
    <message>
        <source>Scheme replied</source>
        <translation>已答复供电方案</translation>
    </message>
    <message>
        <source>Design reviewed</source>
        <translation>已审查设计</translation>
    </message>
    <message>
        <source>Mid-construction checked</source>
        <translation>已中间检查</translation>
    </message>
    <message>
        <source>Completion inspected</source>
        <translation>已竣工检验</translation>
    </message>
    <message>
        <source>Energized</source>
        <translation>已装表接电</translation>
    </message>
    <message>
        <source>Done on site</source>
        <translation>已现场办理</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>已申请</translation>
    </message>
    <message>
        <source>Customer notified</source>
        <translation>已告知客户</translation>
    </message>
    <message>
        <source>Readings confirmed</source>
        <translation>客户已确认示数</translation>
    </message>
    <message>
        <source>Back-billing</source>
        <translation>退补中</translation>
    </message>
    <message>
        <source>Back-billing approved</source>
        <translation>退补已审批</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已登记</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已转办</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Replied</source>
        <translation>已答复</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>已重启</translation>
    </message>
    <message>
        <source>Awaiting payment</source>
        <translation>待缴费</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已缴费</translation>
    </message>
    <message>
        <source>In service</source>
        <translation>服务中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Paused (waiting on customer)</source>
        <translation>暂停（等待客户）</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Site survey done</source>
        <translation>现场勘查完成</translation>
    </message>
    <message>
        <source>Mid-construction check</source>
        <translation>中间检查</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Customer withdraws</source>
        <translation>客户撤回申请</translation>
    </message>
    <message>
        <source>Customer confirms readings</source>
        <translation>客户确认示数</translation>
    </message>
    <message>
        <source>Start back-billing</source>
        <translation>开始退补</translation>
    </message>
    <message>
        <source>Approve back-billing</source>
        <translation>审批退补</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转派</translation>
    </message>
    <message>
        <source>Department accepts</source>
        <translation>部门接单</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Answered on the spot</source>
        <translation>当场答复</translation>
    </message>
    <message>
        <source>Call-back: satisfied</source>
        <translation>回访：满意</translation>
    </message>
    <message>
        <source>Call-back: not satisfied</source>
        <translation>回访：不满意</translation>
    </message>
    <message>
        <source>Close (call-back declined)</source>
        <translation>办结（客户不需回访）</translation>
    </message>
    <message>
        <source>Start service</source>
        <translation>开始服务</translation>
    </message>
    <message>
        <source>Service completed</source>
        <translation>服务完成</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退费</translation>
    </message>
    <message>
        <source>Supply restored</source>
        <translation>已复电</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Pause (waiting on customer)</source>
        <translation>暂停（等待客户）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复办理</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Supervision note</source>
        <translation>督办意见</translation>
    </message>
    <message>
        <source>Site survey</source>
        <translation>现场勘查</translation>
    </message>
    <message>
        <source>Scheme reply</source>
        <translation>答复供电方案</translation>
    </message>
    <message>
        <source>Design review</source>
        <translation>设计审查</translation>
    </message>
    <message>
        <source>Completion inspection</source>
        <translation>竣工检验</translation>
    </message>
    <message>
        <source>Meter fitted and energized</source>
        <translation>装表接电</translation>
    </message>
    <message>
        <source>Notify the customer</source>
        <translation>告知客户</translation>
    </message>
    <message>
        <source>First contact</source>
        <translation>首次联系</translation>
    </message>
    <message>
        <source>Call-back</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Change carried out</source>
        <translation>办理变更</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>业扩报装</translation>
    </message>
    <message>
        <source>Meter change</source>
        <translation>换表</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>投诉咨询</translation>
    </message>
    <message>
        <source>Paid service</source>
        <translation>有偿服务</translation>
    </message>
    <message>
        <source>Reconnection</source>
        <translation>复电</translation>
    </message>
    <message>
        <source>Residential new supply</source>
        <translation>居民新装</translation>
    </message>
    <message>
        <source>Low-voltage non-residential new supply</source>
        <translation>低压非居民新装</translation>
    </message>
    <message>
        <source>High-voltage new supply, single source</source>
        <translation>高压新装（单电源）</translation>
    </message>
    <message>
        <source>High-voltage new supply, dual source</source>
        <translation>高压新装（双电源）</translation>
    </message>
    <message>
        <source>Capacity increase</source>
        <translation>增容</translation>
    </message>
    <message>
        <source>Capacity decrease</source>
        <translation>减容</translation>
    </message>
    <message>
        <source>Name transfer</source>
        <translation>过户</translation>
    </message>
    <message>
        <source>Temporary supply</source>
        <translation>临时用电</translation>
    </message>
    <message>
        <source>Meter relocation</source>
        <translation>移表</translation>
    </message>
    <message>
        <source>Tariff change</source>
        <translation>改类（电价变更）</translation>
    </message>
    <message>
        <source>Account closure</source>
        <translation>销户</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>举报</translation>
    </message>
    <message>
        <source>Inquiry</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>Periodic rotation</source>
        <translation>周期轮换</translation>
    </message>
    <message>
        <source>Meter fault</source>
        <translation>计量故障</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>检定结果</translation>
    </message>
    <message>
        <source>Customer request</source>
        <translation>客户申请</translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <source>Order no.</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>承诺时限</translation>
    </message>
</context>
<context>
    <name>OutlookBox</name>
    <message>
        <source>⚠ New connections here are on hold</source>
        <translation>⚠ 该区域暂缓新装接入</translation>
    </message>
    <message>
        <source>The customer was told and still applies</source>
        <translation>已告知客户，客户仍申请</translation>
    </message>
    <message>
        <source>Due dates if accepted now</source>
        <translation>现在受理的各环节时限</translation>
    </message>
    <message>
        <source>Working out…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Dates not available</source>
        <translation>暂无法计算日期</translation>
    </message>
    <message>
        <source>Promised in all: %1 working days.</source>
        <translation>全流程承诺 %1 个工作日。</translation>
    </message>
    <message>
        <source>Supply area %1: %2. The standard dates cannot be kept, and nobody knows yet when the hold ends: the receipt says the date is to be fixed (日期待定).</source>
        <translation>供电区域 %1：%2。无法按标准时限办结，暂缓结束日期尚未确定，回执注明“日期待定”。</translation>
    </message>
    <message>
        <source>Supply area %1: %2. The standard dates cannot be kept. Tell the customer to expect completion by %3; the receipt prints that date.</source>
        <translation>供电区域 %1：%2。无法按标准时限办结，请告知客户预计 %3 前完成，回执打印该日期。</translation>
    </message>
    <message>
        <source>No dates yet: the hold has no end date. The receipt says 日期待定.</source>
        <translation>暂缓接入尚无结束日期，暂无法给出日期，回执注明“日期待定”。</translation>
    </message>
    <message>
        <source>Counted from the day after the hold ends (%1).</source>
        <translation>自暂缓结束（%1）次日起计算。</translation>
    </message>
    <message>
        <source>Expected dates (area on hold)</source>
        <translation>预计日期（区域暂缓接入）</translation>
    </message>
</context>
<context>
    <name>PaidServiceForm</name>
    <message>
        <source>Paid service</source>
        <translation>有偿服务</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费标准</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>For the field team (optional)</source>
        <translation>给现场班组的说明（选填）</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Done by</source>
        <translation>承办部门</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>下单</translation>
    </message>
    <message>
        <source>Fee to pay</source>
        <translation>应缴费用</translation>
    </message>
    <message>
        <source>✓ Paid service ordered</source>
        <translation>✓ 有偿服务已下单</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>A paid service is billed to a customer&apos;s account: search for the customer with F6, then start the service again.</source>
        <translation>有偿服务的费用记入客户户号：请先按 F6 查找客户，再重新办理。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Open a customer first (F6)</source>
        <translation>请先打开客户（F6）</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>The fee schedule is empty: the hall sells no paid services yet (setting orders.paid_service_fees).</source>
        <translation>收费标准为空：本厅尚未设置有偿服务（设置项 orders.paid_service_fees）。</translation>
    </message>
    <message>
        <source>%1 × %2 %3</source>
        <translation>%1 × %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>Done within %n working day(s) of the payment.</source>
        <translation>
            <numerusform>缴费后%n个工作日内完成。</numerusform>
        </translation>
    </message>
    <message>
        <source>Ordering…</source>
        <translation>正在下单…</translation>
    </message>
    <message numerus="yes">
        <source>The fee %1 is now on the account&apos;s bills. Press F7 to take the payment; the service is done within %n working day(s) of it.</source>
        <translation>
            <numerusform>费用 %1 已记入该户账单。请按 F7 收费；缴费后%n个工作日内完成服务。</numerusform>
        </translation>
    </message>
    <message>
        <source>Paid service %1 ordered: press F7 to take %2.</source>
        <translation>有偿服务 %1 已下单：请按 F7 收取 %2。</translation>
    </message>
</context>
<context>
    <name>PayPanel</name>
    <message>
        <source>Take a payment</source>
        <translation>缴费</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>+ Split: add a tender (Alt+A)</source>
        <translation>＋ 组合支付（Alt+A）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Take payment</source>
        <translation>确认收款</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>应缴合计</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>欠费合计</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>违约金</translation>
    </message>
    <message>
        <source>Prepaid balance</source>
        <translation>预收余额</translation>
    </message>
    <message>
        <source>Amount to take</source>
        <translation>本次收款</translation>
    </message>
    <message>
        <source>Invoice request (Alt+I)</source>
        <translation>开票申请（Alt+I）</translation>
    </message>
    <message>
        <source>Companies only</source>
        <translation>单位开票时填写</translation>
    </message>
    <message>
        <source>Where the e-invoice is sent</source>
        <translation>电子发票接收邮箱</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>发票抬头</translation>
    </message>
    <message>
        <source>Taxpayer id</source>
        <translation>纳税人识别号</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Periods</source>
        <translation>账期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>✓ Payment taken</source>
        <translation>✓ 收款成功</translation>
    </message>
    <message>
        <source>Change to give</source>
        <translation>应找零</translation>
    </message>
    <message>
        <source>The receipt is printing.</source>
        <translation>收据正在打印。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>收据号</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Remove this tender</source>
        <translation>删除此支付方式</translation>
    </message>
    <message>
        <source>Card slip / customer&apos;s phone</source>
        <translation>见签购单 / 客户手机</translation>
    </message>
    <message>
        <source>This tender pays</source>
        <translation>本方式支付</translation>
    </message>
    <message>
        <source>Cash handed over</source>
        <translation>实收现金</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Reference no.</source>
        <translation>交易参考号</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>“%1” is not an amount: type digits and one decimal point, such as 123.45.</source>
        <translation>“%1”不是金额：请输入数字和一个小数点，如 123.45。</translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <source>The amount must be more than ¥0.00.</source>
        <translation>金额必须大于 ¥0.00。</translation>
    </message>
    <message>
        <source>“%1” has more than two decimals: amounts go to the fen.</source>
        <translation>“%1”超过两位小数：金额只到分。</translation>
    </message>
    <message>
        <source>“%1” has misplaced thousands separators (write 1,234.50).</source>
        <translation>“%1”的千位分隔符位置不对（应写作 1,234.50）。</translation>
    </message>
    <message>
        <source>The amount is over the maximum of %2.</source>
        <translation>金额超过上限 %2。</translation>
    </message>
    <message>
        <source>Type an amount such as 123.45.</source>
        <translation>请输入金额，如 123.45。</translation>
    </message>
    <message>
        <source>Nothing is due: the amount taken becomes prepaid credit.</source>
        <translation>本户暂无应缴：本次收款全部计入预收。</translation>
    </message>
    <message>
        <source>%1 more than due becomes prepaid credit.</source>
        <translation>超出应缴的 %1 计入预收。</translation>
    </message>
    <message>
        <source>Part payment: %1 stays owed.</source>
        <translation>部分缴费：仍欠 %1。</translation>
    </message>
    <message>
        <source>Pays everything due today.</source>
        <translation>结清全部应缴。</translation>
    </message>
    <message>
        <source>Needed: the reference no. on the slip or the phone.</source>
        <translation>请填写签购单或客户手机上的交易参考号。</translation>
    </message>
    <message>
        <source>A reference no. is 4 to 64 letters, digits or dashes.</source>
        <translation>交易参考号为 4 至 64 位字母、数字或短横线。</translation>
    </message>
    <message>
        <source>Less than the cash to pay (%1): %2 short.</source>
        <translation>少于应收现金 %1，还差 %2。</translation>
    </message>
    <message>
        <source>No change: the exact amount.</source>
        <translation>金额正好，无需找零。</translation>
    </message>
    <message>
        <source>✓ The tenders add up.</source>
        <translation>✓ 金额已分配完</translation>
    </message>
    <message>
        <source>Still to assign: %1</source>
        <translation>尚未分配：%1</translation>
    </message>
    <message>
        <source>%1 over the amount</source>
        <translation>超出收款金额 %1</translation>
    </message>
    <message>
        <source>Needed: the title (the person&apos;s or company&apos;s name).</source>
        <translation>请填写发票抬头（个人或单位名称）。</translation>
    </message>
    <message>
        <source>Needed: the e-mail the invoice is sent to.</source>
        <translation>请填写接收发票的电子邮箱。</translation>
    </message>
    <message>
        <source>The e-mail does not look like an address.</source>
        <translation>电子邮箱格式不对。</translation>
    </message>
    <message>
        <source>A taxpayer id is 15 to 20 capital letters or digits.</source>
        <translation>纳税人识别号为 15 至 20 位大写字母或数字。</translation>
    </message>
    <message>
        <source>Periods are months such as 2026-09.</source>
        <translation>账期请写月份，如 2026-09。</translation>
    </message>
    <message>
        <source>The first period is after the last.</source>
        <translation>起始账期晚于结束账期。</translation>
    </message>
    <message>
        <source>Taking payment…</source>
        <translation>正在收款…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 of it to prepaid credit</source>
        <translation>其中 %1 计入预收</translation>
    </message>
    <message>
        <source>Handed over %1</source>
        <translation>实收现金 %1</translation>
    </message>
    <message>
        <source>No change to give</source>
        <translation>无需找零</translation>
    </message>
    <message>
        <source>Reconnection order %1: power back by %2.</source>
        <translation>复电工单 %1：%2 前恢复供电。</translation>
    </message>
</context>
<context>
    <name>PaymentsModel</name>
    <message>
        <source>Receipt no.</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>缴费时间</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>已冲正</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已缴</translation>
    </message>
</context>
<context>
    <name>PrintJobsModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Printout</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>PrinterBanner</name>
    <message>
        <source>Print on another printer…</source>
        <translation>改用其他打印机…</translation>
    </message>
    <message>
        <source>Print queue (F11)</source>
        <translation>打印队列 (F11)</translation>
    </message>
    <message numerus="yes">
        <source>%n receipt(s) waiting.</source>
        <translation>
            <numerusform>%n 张收据待打印。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n printout(s) need you to check whether they came out: open the print queue.</source>
        <translation>
            <numerusform>有 %n 张单据需要您确认是否已打出，请打开打印队列。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Printer: checking…</source>
        <translation>打印机：检查中…</translation>
    </message>
    <message>
        <source>Printer ready</source>
        <translation>打印机就绪</translation>
    </message>
    <message>
        <source>Printer out of paper</source>
        <translation>打印机缺纸</translation>
    </message>
    <message>
        <source>Printer cover open</source>
        <translation>打印机盖未合上</translation>
    </message>
    <message>
        <source>Printer offline</source>
        <translation>打印机离线</translation>
    </message>
    <message>
        <source>Printer fault</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <source>Printer not reachable</source>
        <translation>连不上打印机</translation>
    </message>
    <message>
        <source>Printer (no status)</source>
        <translation>打印机（无状态）</translation>
    </message>
    <message>
        <source>Printer ready, paper low</source>
        <translation>打印机就绪，纸将用完</translation>
    </message>
    <message>
        <source>The printer is out of paper. Receipts are saved and print by themselves once paper is loaded.</source>
        <translation>打印机缺纸。收据已保存，装纸后会自动打印。</translation>
    </message>
    <message>
        <source>The printer cover is open. Receipts are saved and print by themselves once it is closed.</source>
        <translation>打印机盖未合上。收据已保存，合上后会自动打印。</translation>
    </message>
    <message>
        <source>The printer is offline. Receipts are saved and print by themselves once it is back online.</source>
        <translation>打印机离线。收据已保存，恢复联机后会自动打印。</translation>
    </message>
    <message>
        <source>The printer does not answer: check that it is switched on and its cable is in. Receipts are saved and print by themselves once it answers.</source>
        <translation>打印机没有应答：请检查是否开机、线缆是否插好。收据已保存，恢复后会自动打印。</translation>
    </message>
    <message>
        <source>The printer reports a fault. Receipts are saved; check the printer, or print them on another one.</source>
        <translation>打印机报告故障。收据已保存；请检查打印机，或改用其他打印机。</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>打印中</translation>
    </message>
    <message>
        <source>Waiting for printer</source>
        <translation>等待打印机</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>Check: printed?</source>
        <translation>请确认是否打出</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Cannot print</source>
        <translation>无法打印</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>缴费凭证</translation>
    </message>
    <message>
        <source>Reversal slip</source>
        <translation>冲正凭证</translation>
    </message>
    <message>
        <source>Queue ticket</source>
        <translation>排队号票</translation>
    </message>
    <message>
        <source>Shift slip</source>
        <translation>班次报表</translation>
    </message>
    <message>
        <source>Acceptance slip</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <source>Reconnection notice</source>
        <translation>复电通知</translation>
    </message>
    <message>
        <source>Meter change slip</source>
        <translation>换表告知单</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>copy %1</source>
        <translation>副本 %1</translation>
    </message>
    <message>
        <source>The printer stopped answering while this was printing. Look at the printer: if it came out whole, choose “It came out”; if not, choose “Print again”.</source>
        <translation>打印过程中打印机失去应答。请看一下打印机：如果已完整打出，请选“已打出”；如果没有，请选“重新打印”。</translation>
    </message>
    <message>
        <source>CounterDesk was closed while this was printing. Look at the printer: if it came out whole, choose “It came out”; if not, choose “Print again”.</source>
        <translation>打印过程中 CounterDesk 被关闭。请看一下打印机：如果已完整打出，请选“已打出”；如果没有，请选“重新打印”。</translation>
    </message>
    <message>
        <source>CounterDesk was closed before this was printed. Print it now, or discard it if the customer has gone.</source>
        <translation>打印前 CounterDesk 被关闭。请现在打印；如客户已离开，可作废。</translation>
    </message>
    <message>
        <source>This printout&apos;s stored details are damaged and cannot be printed. Discard it and print the record again from its screen.</source>
        <translation>这张单据保存的内容已损坏，无法打印。请作废，并从业务界面重新打印。</translation>
    </message>
</context>
<context>
    <name>QueueBar</name>
    <message>
        <source>Waiting</source>
        <translation>等候</translation>
    </message>
    <message>
        <source>Call next</source>
        <translation>叫号</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转移</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Call number</source>
        <translation>指定叫号</translation>
    </message>
    <message>
        <source>Ticket no., e.g. A023</source>
        <translation>票号，如 A023</translation>
    </message>
    <message>
        <source>This terminal&apos;s window is set to “%1”, not a number: the queue needs the window&apos;s number (settings: terminal.window).</source>
        <translation>本终端的窗口设置为“%1”，不是数字：叫号需要窗口号（设置项 terminal.window）。</translation>
    </message>
    <message>
        <source>No ticket</source>
        <translation>无当前票号</translation>
    </message>
    <message>
        <source>F1 calls the next customer</source>
        <translation>按 F1 叫下一位</translation>
    </message>
    <message numerus="yes">
        <source>waited %n min</source>
        <translation>
            <numerusform>已等候 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>called %1</source>
        <translation>%1 叫号</translation>
    </message>
    <message numerus="yes">
        <source>recalled %n time(s)</source>
        <translation>
            <numerusform>已重呼 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>transferred</source>
        <translation>已转移</translation>
    </message>
    <message>
        <source>%1: %2 waiting</source>
        <translation>%1：%2 人等候</translation>
    </message>
    <message>
        <source>Queue: reading this terminal&apos;s window…</source>
        <translation>叫号：正在读取本终端的窗口…</translation>
    </message>
    <message>
        <source>Queue: connecting to the hall server…</source>
        <translation>叫号：正在连接排队服务器…</translation>
    </message>
    <message>
        <source>Queue server not connected — counter work goes on</source>
        <translation>排队服务器未连接——柜台业务照常办理</translation>
    </message>
    <message>
        <source>Window %1 is not set up on the hall server</source>
        <translation>排队服务器上没有设置 %1 号窗口</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>open</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>serving</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>暂停中</translation>
    </message>
    <message>
        <source>Window %1 · %2</source>
        <translation>%1号窗口 · %2</translation>
    </message>
    <message>
        <source>sign in to call tickets</source>
        <translation>登录后才能叫号</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>The queue server is not connected; try again when it is.</source>
        <translation>排队服务器未连接，连接恢复后再试。</translation>
    </message>
    <message>
        <source>Sign in first (Ctrl+L).</source>
        <translation>请先登录（Ctrl+L）。</translation>
    </message>
    <message>
        <source>No skipped ticket to call back here; Ctrl+F1 calls one by its number.</source>
        <translation>本窗口没有可回呼的过号票；按 Ctrl+F1 可按票号叫号。</translation>
    </message>
    <message>
        <source>Rating %1 recorded.</source>
        <translation>已记录评价：%1 分。</translation>
    </message>
    <message>
        <source>No ticket to finish; F1 calls the next customer.</source>
        <translation>没有可完成的票号；按 F1 叫下一位。</translation>
    </message>
</context>
<context>
    <name>ReadingsStep</name>
    <message>
        <source>Total</source>
        <translation>总</translation>
    </message>
    <message>
        <source>Sharp peak</source>
        <translation>尖</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>峰</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>平</translation>
    </message>
    <message>
        <source>Valley</source>
        <translation>谷</translation>
    </message>
    <message>
        <source>%1 %2, read on %3</source>
        <translation>%1 %2，%3 抄见</translation>
    </message>
    <message>
        <source>%1 %2, estimated from the bills to %3</source>
        <translation>%1 %2，按电费账单推算至 %3</translation>
    </message>
    <message>
        <source>%1 %2, installed on %3</source>
        <translation>%1 %2，%3 装表起码</translation>
    </message>
    <message>
        <source>I re-read the meter: the readings are right</source>
        <translation>已复核示数：读数无误</translation>
    </message>
    <message>
        <source>Staff no. on the work sheet</source>
        <translation>工作单上的工号</translation>
    </message>
    <message>
        <source>Changed on</source>
        <translation>换表日期</translation>
    </message>
    <message>
        <source>Fitter no.</source>
        <translation>装表人员工号</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>示数</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再录一遍</translation>
    </message>
    <message>
        <source>%1 · last %2</source>
        <translation>%1 · 上次 %2</translation>
    </message>
    <message>
        <source>Old meter, final</source>
        <translation>旧表止码</translation>
    </message>
    <message>
        <source>New meter, initial</source>
        <translation>新表起码</translation>
    </message>
    <message>
        <source>again</source>
        <translation>再录一遍</translation>
    </message>
    <message>
        <source>Not a reading: digits and at most two decimals.</source>
        <translation>不是有效示数：请填数字，最多两位小数。</translation>
    </message>
    <message>
        <source>The two entries differ: read the register again.</source>
        <translation>两次录入不一致：请重新核对计度器。</translation>
    </message>
</context>
<context>
    <name>ReceiptTray</name>
    <message>
        <source>Print queue</source>
        <translation>打印队列</translation>
    </message>
    <message>
        <source>Reprint as copy</source>
        <translation>补打副本</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>It came out</source>
        <translation>已打出</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Print a test page on the chosen printer.</source>
        <translation>在所选打印机上打印一张测试页。</translation>
    </message>
    <message>
        <source>Printer:</source>
        <translation>打印机：</translation>
    </message>
    <message>
        <source>No preview for this printout.</source>
        <translation>这张单据无法预览。</translation>
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Save the daily report</source>
        <translation>保存日报</translation>
    </message>
    <message>
        <source>Making the report…</source>
        <translation>正在生成报表…</translation>
    </message>
    <message>
        <source>Report saved: %1</source>
        <translation>报表已保存：%1</translation>
    </message>
</context>
<context>
    <name>ReversalDialog</name>
    <message>
        <source>Reverse a payment</source>
        <translation>缴费冲正</translation>
    </message>
    <message>
        <source>Manager&apos;s number</source>
        <translation>主管工号</translation>
    </message>
    <message>
        <source>Reverse payment</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>冲正原因</translation>
    </message>
    <message>
        <source>Manager number</source>
        <translation>主管工号</translation>
    </message>
    <message>
        <source>Manager password</source>
        <translation>主管密码</translation>
    </message>
    <message>
        <source>The payment stays on record, marked reversed, and a reversal slip prints. A manager approves by typing their number and password here.</source>
        <translation>原缴费记录保留并标记为已冲正，同时打印冲正凭证。须由主管在此输入工号和密码授权。</translation>
    </message>
    <message>
        <source>Wrong account number</source>
        <translation>户号输错</translation>
    </message>
    <message>
        <source>Wrong amount</source>
        <translation>金额输错</translation>
    </message>
    <message>
        <source>Customer asked for a refund</source>
        <translation>客户要求退款</translation>
    </message>
    <message>
        <source>Wrong payment method</source>
        <translation>支付方式错误</translation>
    </message>
    <message>
        <source>Choose with ↓ or type the reason</source>
        <translation>按 ↓ 选择，或直接输入原因</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>收据号</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>缴费时间</translation>
    </message>
    <message>
        <source>Account no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Amount to reverse</source>
        <translation>冲正金额</translation>
    </message>
    <message>
        <source>This payment has been reversed already.</source>
        <translation>这笔缴费已经冲正过了。</translation>
    </message>
    <message>
        <source>This payment is from another shift: only a payment of your open shift can be reversed at the counter. Later corrections go through the back office.</source>
        <translation>这笔缴费属于其他班次：柜台只能冲正您当前班次的缴费，之后的更正请交后台处理。</translation>
    </message>
    <message>
        <source>Give the reason for the reversal; it is printed and audited.</source>
        <translation>请填写冲正原因；原因会打印在凭证上并记入审计日志。</translation>
    </message>
    <message>
        <source>The manager types their number.</source>
        <translation>请主管输入工号。</translation>
    </message>
    <message>
        <source>The manager types their password.</source>
        <translation>请主管输入密码。</translation>
    </message>
    <message>
        <source>Reversing…</source>
        <translation>正在冲正…</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Find a customer</source>
        <translation>查询客户</translation>
    </message>
    <message>
        <source>Account no. / meter no. / phone / name / address</source>
        <translation>户号 / 表号 / 电话 / 姓名 / 地址</translation>
    </message>
    <message>
        <source>↑ ↓ select · Enter open · Esc clear</source>
        <translation>↑ ↓ 选择 · 回车 打开 · Esc 清除</translation>
    </message>
    <message>
        <source>No account matches. Check the number, or try the name or address.</source>
        <translation>没有找到匹配的户。请核对号码，或改用姓名、地址查询。</translation>
    </message>
    <message numerus="yes">
        <source>Showing the first %Ln; type more to narrow it down.</source>
        <translation>
            <numerusform>仅显示前 %Ln 户，请输入更多内容缩小范围。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln account(s) found.</source>
        <translation>
            <numerusform>找到 %Ln 户。</numerusform>
        </translation>
    </message>
    <message>
        <source>The search could not read the database. Try again, or call IT.</source>
        <translation>查询时无法读取数据库。请重试；如仍失败，请联系信息部门。</translation>
    </message>
    <message>
        <source>Type at least two characters of a name or three of an address.</source>
        <translation>请至少输入两个字的姓名或三个字的地址。</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>Account no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ShiftDialogs</name>
    <message>
        <source>X reading of shift %1 is printing.</source>
        <translation>班次 %1 的 X 报表正在打印。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>CounterDesk — Sign in</source>
        <translation>CounterDesk 登录</translation>
    </message>
    <message>
        <source>Counter sign-in</source>
        <translation>营业柜台登录</translation>
    </message>
    <message>
        <source>e.g. 0107</source>
        <translation>例如 0107</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Clerk number</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Type your clerk number.</source>
        <translation>请输入工号。</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>StepDates</name>
    <message>
        <source>provisional</source>
        <translation>暂定</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message numerus="yes">
        <source>%n waiting to upload</source>
        <translation>
            <numerusform>%n 笔待上传</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading HQ data %1%</source>
        <translation>正在下载总部数据 %1%</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <source>Conflicts %1</source>
        <translation>冲突 %1</translation>
    </message>
    <message>
        <source>HQ: %1</source>
        <translation>总部：%1</translation>
    </message>
    <message>
        <source>Click (or %1) for the sync page.</source>
        <translation>单击（或按 %1）打开总部同步页。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>HQ sync</source>
        <translation>总部同步</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation>待上传</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>下次重试</translation>
    </message>
    <message>
        <source>HQ address</source>
        <translation>总部地址</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Areas synced</source>
        <translation>同步片区</translation>
    </message>
    <message>
        <source>Last error (for IT)</source>
        <translation>最近错误（供信息运维）</translation>
    </message>
    <message>
        <source>IT joins this terminal to HQ on its command line, with HQ&apos;s address and the one-time token HQ issued for this terminal:</source>
        <translation>信息运维在本机命令行用总部地址和总部为本终端签发的一次性令牌连接总部：</translation>
    </message>
    <message>
        <source>Then restart CounterDesk: the status bar shows Online once HQ answers. Nothing taken before is lost: every waiting payment uploads then.</source>
        <translation>然后重启 CounterDesk：总部应答后状态栏显示“在线”。此前收取的缴费不会丢失，届时全部上传。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s) waiting on this terminal.</source>
        <translation>
            <numerusform>本机有 %n 笔业务待上传。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s)</source>
        <translation>
            <numerusform>%n 笔</numerusform>
        </translation>
    </message>
    <message>
        <source>oldest: %1</source>
        <translation>最早一笔：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n parked by HQ</source>
        <translation>
            <numerusform>%n 笔被总部挂起</numerusform>
        </translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>all (tariffs)</source>
        <translation>全局（电价）</translation>
    </message>
    <message>
        <source>Loading %1 from HQ (area %2): %3 of %4 rows</source>
        <translation>正在从总部下载 %1（片区 %2）：%3 / %4 行</translation>
    </message>
    <message>
        <source>At %1 HQ noticed a gap in this terminal&apos;s operations; call IT. %2</source>
        <translation>总部于 %1 发现本终端业务流水不连续，请联系信息运维。%2</translation>
    </message>
    <message>
        <source>Cursors: %1</source>
        <translation>同步位置：%1</translation>
    </message>
    <message>
        <source>This terminal is not joined to HQ: there is nothing to sync with.</source>
        <translation>本终端未连接总部，无可同步。</translation>
    </message>
</context>
<context>
    <name>SyncWords</name>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Not joined to HQ</source>
        <translation>未连接总部</translation>
    </message>
    <message>
        <source>HQ refused</source>
        <translation>总部拒绝</translation>
    </message>
    <message>
        <source>Online: payments and orders reach HQ within seconds.</source>
        <translation>在线：缴费和工单数秒内上传总部。</translation>
    </message>
    <message>
        <source>Offline: take payments as usual; they upload by themselves when the link is back.</source>
        <translation>离线：缴费照常，联网后自动上传。</translation>
    </message>
    <message>
        <source>Not joined to HQ: this terminal works on its own and keeps every payment here.</source>
        <translation>未连接总部：本终端单机工作，所有缴费保存在本机。</translation>
    </message>
    <message>
        <source>HQ refused this terminal: payments are still taken and kept here. Call IT; the reason is below.</source>
        <translation>总部拒绝本终端：缴费照常收取并保存在本机。请联系信息运维，原因见下。</translation>
    </message>
    <message>
        <source>tariffs</source>
        <translation>电价</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>accounts</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>meters</source>
        <translation>表计</translation>
    </message>
    <message>
        <source>meter installations</source>
        <translation>装表记录</translation>
    </message>
    <message>
        <source>bills</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>work orders</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>缴费</translation>
    </message>
    <message>
        <source>Reversal</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>Shift opened</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Meter change</source>
        <translation>换表</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>This meter has already been changed by another hall</source>
        <translation>该表计已被其他营业厅更换</translation>
    </message>
    <message>
        <source>The old meter&apos;s final reading is below the last one HQ knows</source>
        <translation>旧表止码低于总部最近一次抄见读数</translation>
    </message>
    <message>
        <source>The new meter is installed on another account at HQ</source>
        <translation>新表在总部已装在其他户号上</translation>
    </message>
    <message>
        <source>HQ does not know this account</source>
        <translation>总部无此户号</translation>
    </message>
    <message>
        <source>HQ does not know the payment this reverses</source>
        <translation>总部无被冲正的这笔缴费</translation>
    </message>
    <message>
        <source>HQ does not know this meter</source>
        <translation>总部无此表计</translation>
    </message>
    <message>
        <source>HQ does not know this work order</source>
        <translation>总部无此工单</translation>
    </message>
    <message>
        <source>This terminal used one sequence number twice</source>
        <translation>本终端流水号重复使用</translation>
    </message>
    <message>
        <source>HQ does not know this kind of operation (HQ needs an update)</source>
        <translation>总部不识别此类业务（总部需升级）</translation>
    </message>
    <message>
        <source>HQ cannot read this version of the operation (HQ needs an update)</source>
        <translation>总部无法读取此版本的业务数据（总部需升级）</translation>
    </message>
    <message>
        <source>HQ cannot read this operation&apos;s data</source>
        <translation>总部无法读取此笔业务的数据</translation>
    </message>
    <message>
        <source>HQ&apos;s database refused this operation&apos;s data</source>
        <translation>总部数据库拒收此笔业务的数据</translation>
    </message>
    <message>
        <source>HQ has this payment reversed already</source>
        <translation>总部已冲正此笔缴费</translation>
    </message>
    <message>
        <source>HQ has this payment already, under another operation</source>
        <translation>总部已有此笔缴费（另一笔上传）</translation>
    </message>
    <message>
        <source>HQ has a work order with this number already</source>
        <translation>总部已有同号工单</translation>
    </message>
    <message>
        <source>HQ has this shift open already</source>
        <translation>总部已有此班次</translation>
    </message>
    <message>
        <source>HQ has this shift closed already</source>
        <translation>总部此班次已交班</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskColumn</name>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Open a customer to take a payment.</source>
        <translation>打开客户后即可收费。</translation>
    </message>
    <message>
        <source>Search a customer</source>
        <translation>查询客户</translation>
    </message>
    <message>
        <source>Take a payment</source>
        <translation>缴费</translation>
    </message>
    <message>
        <source>Connection application</source>
        <translation>业扩/变更用电受理</translation>
    </message>
    <message>
        <source>Meter change</source>
        <translation>换表</translation>
    </message>
    <message>
        <source>Complaint, report or inquiry</source>
        <translation>投诉、举报、咨询登记</translation>
    </message>
    <message>
        <source>Paid service</source>
        <translation>有偿服务</translation>
    </message>
    <message>
        <source>Order board: overdue and held</source>
        <translation>工单看板：超时与压单</translation>
    </message>
    <message>
        <source>Receipt tray and reprints</source>
        <translation>凭证托盘与补打</translation>
    </message>
    <message>
        <source>Shift: open, X reading, close</source>
        <translation>班次：开班、X 读数、结班</translation>
    </message>
    <message>
        <source>Lock the screen</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <source>Press F7 to take %1 from %2.</source>
        <translation>按 F7 向 %2 收取 %1。</translation>
    </message>
    <message>
        <source>Nothing is due. F7 takes a prepayment (预收) for %1.</source>
        <translation>暂无应缴。按 F7 为 %1 预存（预收）。</translation>
    </message>
</context>
<context>
    <name>TaskForm</name>
    <message>
        <source>Nobody is signed in at this counter: sign in, then try again.</source>
        <translation>本窗口无人登录：请先登录，再重试。</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer %1</source>
        <translation>转移 %1</translation>
    </message>
    <message>
        <source>Send %1 to another line or window (it keeps its place in time):</source>
        <translation>将 %1 转到其他队列或窗口（保留原取号时间）：</translation>
    </message>
    <message>
        <source>%1 · %2 line</source>
        <translation>%1 · %2队列</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转移</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
</context>
<context>
    <name>VirtualDevicesWindow</name>
    <message>
        <source>CounterDesk — virtual hall devices</source>
        <translation>CounterDesk — 虚拟大厅设备</translation>
    </message>
    <message>
        <source>Window display and hall screen</source>
        <translation>窗口屏和综合屏</translation>
    </message>
    <message>
        <source>Window LED strip</source>
        <translation>窗口条屏</translation>
    </message>
    <message>
        <source>Hall screen</source>
        <translation>综合屏</translation>
    </message>
    <message>
        <source>Caller keypad and evaluator</source>
        <translation>呼叫器和评价器</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>叫号</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>So-so</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <source>Evaluator</source>
        <translation>评价器</translation>
    </message>
    <message>
        <source>Card and ID card readers</source>
        <translation>刷卡器和身份证阅读器</translation>
    </message>
    <message>
        <source>Account number on the card</source>
        <translation>卡上的户号</translation>
    </message>
    <message>
        <source>Swipe card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <source>Lay ID card on reader</source>
        <translation>放上身份证</translation>
    </message>
    <message>
        <source>Take ID card away</source>
        <translation>取走身份证</translation>
    </message>
    <message>
        <source>A card number is 1 to 19 digits.</source>
        <translation>卡号为 1 至 19 位数字。</translation>
    </message>
    <message>
        <source>Beeps: %1 · last rating: %2</source>
        <translation>鸣响：%1 次 · 最近评价：%2</translation>
    </message>
    <message>
        <source>ID card on the reader: %1</source>
        <translation>阅读器上的身份证：%1</translation>
    </message>
    <message>
        <source>No ID card on the reader.</source>
        <translation>阅读器上没有身份证。</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Electricity</source>
        <translation>电</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>水</translation>
    </message>
    <message>
        <source>Gas</source>
        <translation>燃气</translation>
    </message>
    <message>
        <source>kWh</source>
        <translation>千瓦时</translation>
    </message>
    <message>
        <source>m³</source>
        <translation>立方米</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>非居民</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已停电</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Key customer</source>
        <translation>重点客户</translation>
    </message>
    <message>
        <source>In arrears</source>
        <translation>欠费</translation>
    </message>
</context>
</TS>
