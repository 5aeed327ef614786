<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BillsModel</name>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message numerus="yes">
        <source>Overdue %n working day(s)</source>
        <translation>
            <numerusform>Overdue %n working day</numerusform>
            <numerusform>Overdue %n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Held %n day(s)</source>
        <translation>
            <numerusform>Held %n day</numerusform>
            <numerusform>Held %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseForm</name>
    <message numerus="yes">
        <source>within %n working day(s)</source>
        <translation>
            <numerusform>within %n working day</numerusform>
            <numerusform>within %n working days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message numerus="yes">
        <source>%n payment(s)</source>
        <translation>
            <numerusform>%n payment</numerusform>
            <numerusform>%n payments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConfigProblems</name>
    <message numerus="yes">
        <source>The configuration file of this terminal has %n problem(s), so CounterDesk did not start. No payment or record was changed. Please call IT support.</source>
        <translation>
            <numerusform>The configuration file of this terminal has %n problem, so CounterDesk did not start. No payment or record was changed. Please call IT support.</numerusform>
            <numerusform>The configuration file of this terminal has %n problems, so CounterDesk did not start. No payment or record was changed. Please call IT support.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConflictInbox</name>
    <message numerus="yes">
        <source>Conflict inbox (%n open)</source>
        <translation>
            <numerusform>Conflict inbox (%n open)</numerusform>
            <numerusform>Conflict inbox (%n open)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message numerus="yes">
        <source>%Ln account(s)</source>
        <translation>
            <numerusform>%Ln account</numerusform>
            <numerusform>%Ln accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n printout(s) did not finish when CounterDesk last closed. Check each one: “It came out”, “Print again” or “Discard”.</source>
        <translation>
            <numerusform>%n printout did not finish when CounterDesk last closed. Check it: “It came out”, “Print again” or “Discard”.</numerusform>
            <numerusform>%n printouts did not finish when CounterDesk last closed. Check each one: “It came out”, “Print again” or “Discard”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n receipt(s) sent to %1.</source>
        <translation>
            <numerusform>%n receipt sent to %1.</numerusform>
            <numerusform>%n receipts sent to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message numerus="yes">
        <source>%n overdue bill(s)</source>
        <translation>
            <numerusform>%n overdue bill</numerusform>
            <numerusform>%n overdue bills</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message numerus="yes">
        <source>%n person(s) ahead of you</source>
        <translation>
            <numerusform>%n person ahead of you</numerusform>
            <numerusform>%n people ahead of you</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoticePreview</name>
    <message numerus="yes">
        <source>%n page(s) sent to the printer.</source>
        <translation>
            <numerusform>%n page sent to the printer.</numerusform>
            <numerusform>%n pages sent to the printer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PaidServiceForm</name>
    <message numerus="yes">
        <source>Done within %n working day(s) of the payment.</source>
        <translation>
            <numerusform>Done within %n working day of the payment.</numerusform>
            <numerusform>Done within %n working days of the payment.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The fee %1 is now on the account&apos;s bills. Press F7 to take the payment; the service is done within %n working day(s) of it.</source>
        <translation>
            <numerusform>The fee %1 is now on the account&apos;s bills. Press F7 to take the payment; the service is done within %n working day of it.</numerusform>
            <numerusform>The fee %1 is now on the account&apos;s bills. Press F7 to take the payment; the service is done within %n working days of it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrinterBanner</name>
    <message numerus="yes">
        <source>%n receipt(s) waiting.</source>
        <translation>
            <numerusform>%n receipt waiting.</numerusform>
            <numerusform>%n receipts waiting.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n printout(s) need you to check whether they came out: open the print queue.</source>
        <translation>
            <numerusform>%n printout needs you to check whether it came out: open the print queue.</numerusform>
            <numerusform>%n printouts need you to check whether they came out: open the print queue.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueBar</name>
    <message numerus="yes">
        <source>waited %n min</source>
        <translation>
            <numerusform>waited %n min</numerusform>
            <numerusform>waited %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>recalled %n time(s)</source>
        <translation>
            <numerusform>recalled %n time</numerusform>
            <numerusform>recalled %n times</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message numerus="yes">
        <source>Showing the first %Ln; type more to narrow it down.</source>
        <translation>
            <numerusform>Showing the first %Ln; type more to narrow it down.</numerusform>
            <numerusform>Showing the first %Ln; type more to narrow it down.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln account(s) found.</source>
        <translation>
            <numerusform>%Ln account found.</numerusform>
            <numerusform>%Ln accounts found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message numerus="yes">
        <source>%n waiting to upload</source>
        <translation>
            <numerusform>%n waiting to upload</numerusform>
            <numerusform>%n waiting to upload</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message numerus="yes">
        <source>%n operation(s) waiting on this terminal.</source>
        <translation>
            <numerusform>%n operation waiting on this terminal.</numerusform>
            <numerusform>%n operations waiting on this terminal.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s)</source>
        <translation>
            <numerusform>%n operation</numerusform>
            <numerusform>%n operations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n parked by HQ</source>
        <translation>
            <numerusform>%n parked by HQ</numerusform>
            <numerusform>%n parked by HQ</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncWords</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
</TS>
