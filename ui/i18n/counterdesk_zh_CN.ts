<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>Something went wrong in the background; it has been logged.</source>
        <translation>后台操作出错，已记录日志。</translation>
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
