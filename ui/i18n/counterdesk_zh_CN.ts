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
